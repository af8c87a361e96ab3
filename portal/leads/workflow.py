"""The lead state machine: every action staff can take on a lead, in one table.

Each `Transition` says from which states an action may be taken, the state it leads to
(None: the state does not change), the permission it needs, what the caller must give
(reason, outcome, reply text …) and whether the reporter sees it on /track/. `perform`
is the only way a lead changes state: it checks the table, row-level access and the
inputs, then changes the lead, its deadlines, its timeline (LeadEvent) and the audit log
in one transaction. A refused action raises `TransitionError` with a message for the
user and changes nothing.
"""

from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from ..models import Authority, AuthorityKind, Lead, LeadEvent, LeadOutcome, LeadState, Stage
from ..models.leads import OPEN_STATES
from . import access, deadlines
from .errors import TransitionError

HANDLE = "portal.handle_lead"
DISPATCH = "portal.dispatch_lead"
AUDIT_PREFIX = "portal.lead."
HEALTH_KINDS = (AuthorityKind.HEALTH_SUPERVISION, AuthorityKind.HEALTH_COMMISSION)


class Action(models.TextChoices):
    ACCEPT = "accept", gettext_lazy("受理")
    REFUSE = "refuse", gettext_lazy("不予受理")
    ASSIGN = "assign", gettext_lazy("交办（主办/分办）")
    DEVOLVE = "devolve", gettext_lazy("转办（属地）")
    START = "start", gettext_lazy("开始调查")
    CONCLUDE = "conclude", gettext_lazy("办结")
    REPLY = "reply", gettext_lazy("答复")
    CLOSE = "close", gettext_lazy("关闭")
    TRANSFER = "transfer", gettext_lazy("移送其他部门")
    MERGE = "merge", gettext_lazy("合并为重复线索")
    EXTEND = "extend", gettext_lazy("延长期限")
    NOTE = "note", gettext_lazy("内部备注")


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple
    target: str | None
    permission: str
    requires: tuple = ()
    public_text: str = ""  # what the reporter reads on /track/ ("" : not shown)
    meets: tuple = field(default=())  # stages whose clock this action stops


TRANSITIONS = {
    t.action: t
    for t in (
        Transition(Action.ACCEPT, (LeadState.RECEIVED,), LeadState.ACCEPTED, HANDLE,
                   public_text=gettext_lazy("您反映的问题已受理。"), meets=(Stage.DECIDE,)),
        Transition(Action.REFUSE, (LeadState.RECEIVED,), LeadState.REFUSED, HANDLE,
                   requires=("reason",), meets=(Stage.DECIDE,)),
        Transition(Action.ASSIGN, (LeadState.ACCEPTED, LeadState.ASSIGNED), LeadState.ASSIGNED,
                   DISPATCH, requires=("office",),
                   public_text=gettext_lazy("已交承办机构办理。")),
        Transition(Action.DEVOLVE, (LeadState.ACCEPTED, LeadState.ASSIGNED), LeadState.ASSIGNED,
                   DISPATCH, requires=("office",),
                   public_text=gettext_lazy("已转属地监督机构办理。")),
        Transition(Action.START, (LeadState.ASSIGNED,), LeadState.INVESTIGATING, HANDLE,
                   public_text=gettext_lazy("正在调查核实。")),
        Transition(Action.CONCLUDE, (LeadState.INVESTIGATING,), LeadState.CONCLUDED, HANDLE,
                   requires=("outcome",), public_text=gettext_lazy("调查已办结。"),
                   meets=(Stage.CONCLUDE,)),
        Transition(Action.REPLY, (LeadState.CONCLUDED,), LeadState.REPLIED, HANDLE,
                   requires=("text",)),
        Transition(Action.CLOSE, (LeadState.REPLIED,), LeadState.CLOSED, HANDLE,
                   public_text=gettext_lazy("办理完毕。")),
        Transition(Action.TRANSFER, OPEN_STATES, LeadState.TRANSFERRED, DISPATCH,
                   requires=("agency", "letter"),
                   meets=(Stage.DECIDE, Stage.CONCLUDE)),
        Transition(Action.MERGE, OPEN_STATES, LeadState.MERGED, HANDLE, requires=("target",),
                   public_text=gettext_lazy("您反映的问题与其他线索合并办理。"),
                   meets=(Stage.DECIDE, Stage.CONCLUDE, Stage.NOTIFY)),
        Transition(Action.EXTEND, (LeadState.RECEIVED, LeadState.ACCEPTED, LeadState.ASSIGNED,
                                   LeadState.INVESTIGATING), None, DISPATCH,
                   requires=("stage", "reason")),
        Transition(Action.NOTE, tuple(LeadState.values), None, HANDLE, requires=("note",)),
    )
}  # fmt: skip


def allowed(user, lead, action) -> bool:
    """May `user` take `action` on `lead` now (state, permission, row-level access)?"""
    transition = TRANSITIONS.get(action)
    return bool(
        transition
        and lead.state in transition.sources
        and user.has_perm(transition.permission)
        and access.can_view_lead(user, lead)
    )


def available_actions(user, lead) -> list:
    return [action for action in TRANSITIONS if allowed(user, lead, action)]


def perform(user, lead, action, **data) -> LeadEvent:
    """Take `action` on `lead` as `user`; returns the timeline event it wrote."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionError(_("未知的操作。"))
    if not access.can_view_lead(user, lead):
        raise TransitionError(_("您无权办理这条线索。"))
    if not user.has_perm(transition.permission):
        raise TransitionError(_("您没有“%(action)s”的权限。") % {"action": Action(action).label})
    for name in transition.requires:
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise TransitionError(_("请填写：%(field)s。") % {"field": REQUIRED_LABELS[name]})
    with transaction.atomic():
        current = Lead.objects.select_for_update().get(pk=lead.pk)
        if current.state not in transition.sources:
            raise TransitionError(
                _("线索当前状态为“%(state)s”，不能“%(action)s”。")
                % {"state": current.get_state_display(), "action": Action(action).label}
            )
        event = APPLY[action](current, user, transition, data)
        if transition.target:
            current.state = transition.target
        for stage in transition.meets:
            deadlines.meet(current, stage)
        deadlines.refresh_due(current)
        current.save()
        event.lead = current
        event.actor = user
        event.state = current.state if transition.target else ""
        event.save()
        log(
            instance=current,
            action=AUDIT_PREFIX + action,
            user=user,
            data=_audit_data(action, data, event),
        )
    lead.refresh_from_db()
    return event


REQUIRED_LABELS = {
    "reason": gettext_lazy("理由"),
    "office": gettext_lazy("承办机构"),
    "outcome": gettext_lazy("办理结果"),
    "text": gettext_lazy("答复内容"),
    "agency": gettext_lazy("移送机关"),
    "letter": gettext_lazy("移送函"),
    "target": gettext_lazy("合并到的线索"),
    "stage": gettext_lazy("延长的环节"),
    "note": gettext_lazy("备注内容"),
}


def _event(transition, kind=LeadEvent.Kind.STATE, internal="") -> LeadEvent:
    text = str(transition.public_text) if transition.public_text else ""
    return LeadEvent(kind=kind, public=bool(text), public_text=text, internal_text=internal)


def _accept(lead, user, transition, data):
    now = timezone.now()
    lead.accepted_at = now
    start = timezone.localdate(now)
    deadlines.start(lead, Stage.CONCLUDE, start)
    if lead.reporter_name_masked or lead.reporter_phone_masked or lead.reporter_email_masked:
        deadlines.start(lead, Stage.NOTIFY, start)  # a named reporter is told (DOMAIN §5)
    if not lead.office_id and lead.suggested_authority_id:
        lead.office_id = lead.suggested_authority_id
    return _event(transition, internal=data.get("note", ""))


def _refuse(lead, user, transition, data):
    reason = data["reason"].strip()
    event = _event(transition, internal=data.get("note", ""))
    event.public, event.public_text = True, _("不予受理。理由：%(reason)s") % {"reason": reason}
    return event


def _assign(lead, user, transition, data):
    office = data["office"]
    co_offices = [o for o in data.get("co_offices") or () if o.pk != office.pk]
    if office.kind not in HEALTH_KINDS or any(o.kind not in HEALTH_KINDS for o in co_offices):
        raise TransitionError(_("只能交办给卫生健康部门；其他部门请用“移送”。"))
    if transition.action == Action.DEVOLVE and not _covers(office, lead):
        raise TransitionError(_("转办的机构须对被反映对象所在地有管辖权。"))
    lead.office = office
    lead.handler = data.get("handler")
    lead.save()
    lead.co_offices.set(co_offices)
    names = "、".join(o.name for o in co_offices)
    internal = _("主办：%(office)s") % {"office": office.name}
    if names:
        internal += _("；分办：%(offices)s") % {"offices": names}
    if lead.handler_id:
        internal += _("；承办人：%(user)s") % {"user": lead.handler}
    if data.get("note"):
        internal += "\n" + data["note"]
    return _event(transition, LeadEvent.Kind.ASSIGNMENT, internal)


def _covers(office, lead) -> bool:
    """属地管辖: the office's region contains the facility's (or the lead's) region."""
    region = lead.facility.region if lead.facility_id and lead.facility.region_id else lead.region
    if region is None or office.region_id is None:
        return False
    return region.code.startswith(office.region.prefix)


def _start(lead, user, transition, data):
    if lead.handler_id is None:
        lead.handler = user
    return _event(transition, internal=data.get("note", ""))


def _conclude(lead, user, transition, data):
    outcome = data["outcome"]
    if outcome not in LeadOutcome.values:
        raise TransitionError(_("请选择办理结果。"))
    lead.outcome = outcome
    lead.concluded_at = timezone.now()
    if data.get("penalty") is not None:
        lead.penalty = data["penalty"]
    if data.get("inspection") is not None:
        lead.inspection = data["inspection"]
    summary = _("办理结果：%(outcome)s") % {"outcome": LeadOutcome(outcome).label}
    if data.get("note"):
        summary += "\n" + data["note"]
    return _event(transition, internal=summary)


def _reply(lead, user, transition, data):
    lead.replied_at = timezone.now()
    return LeadEvent(kind=LeadEvent.Kind.REPLY, public=True, public_text=data["text"].strip(),
                     internal_text=data.get("note", ""))  # fmt: skip


def _close(lead, user, transition, data):
    return _event(transition, internal=data.get("note", ""))


def _transfer(lead, user, transition, data):
    agency = data["agency"]
    if not isinstance(agency, Authority) or agency.kind in HEALTH_KINDS:
        raise TransitionError(_("移送须选择其他部门（市场监管、医保、公安等）。"))
    lead.transferred_to = agency
    event = _event(transition, internal=data["letter"])
    event.public = True
    event.public_text = _("您反映的问题不属于本部门职责，已移送%(agency)s处理。") % {
        "agency": agency.name
    }
    return event


def _merge(lead, user, transition, data):
    target = data["target"]
    if not isinstance(target, Lead) or target.pk == lead.pk:
        raise TransitionError(_("不能与自身合并。"))
    target = Lead.objects.select_for_update().get(pk=target.pk)
    if target.state not in OPEN_STATES:
        raise TransitionError(_("只能合并到仍在办理中的线索。"))
    if not access.can_view_lead(user, target):
        raise TransitionError(_("您无权办理被合并到的线索。"))
    lead.merged_into = target
    lead.possible_duplicates.remove(target)
    target.possible_duplicates.remove(lead)
    LeadEvent.objects.create(  # the other timeline keeps a trace too
        lead=target, kind=LeadEvent.Kind.DUPLICATE, actor=user,
        internal_text=_("线索 %(number)s 作为重复线索并入本线索。") % {"number": lead.receipt_number},
    )  # fmt: skip
    internal = _("并入线索 %(number)s。") % {"number": target.receipt_number}
    return _event(transition, LeadEvent.Kind.DUPLICATE, internal)


def _extend(lead, user, transition, data):
    deadline = deadlines.extend(lead, data["stage"], user, data["reason"].strip())
    internal = _("%(stage)s期限延长至 %(date)s。理由：%(reason)s") % {
        "stage": deadline.get_stage_display(),
        "date": f"{deadline.due_on:%Y-%m-%d}",
        "reason": data["reason"].strip(),
    }
    return LeadEvent(kind=LeadEvent.Kind.DEADLINE, internal_text=internal)


def _note(lead, user, transition, data):
    return LeadEvent(kind=LeadEvent.Kind.NOTE, internal_text=data["note"].strip())


APPLY = {
    Action.ACCEPT: _accept,
    Action.REFUSE: _refuse,
    Action.ASSIGN: _assign,
    Action.DEVOLVE: _assign,
    Action.START: _start,
    Action.CONCLUDE: _conclude,
    Action.REPLY: _reply,
    Action.CLOSE: _close,
    Action.TRANSFER: _transfer,
    Action.MERGE: _merge,
    Action.EXTEND: _extend,
    Action.NOTE: _note,
}


def _audit_data(action, data, event) -> dict:
    """What the audit log keeps: ids and texts, never the reporter's identity."""
    kept = {}
    for name, value in data.items():
        if isinstance(value, models.Model):
            kept[name] = value.pk
        elif isinstance(value, list | tuple):
            kept[name] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, str | int | float | bool) or value is None:
            kept[name] = value
    kept["event"] = event.pk
    return kept
