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
from wagtail.log_actions import LogFormatter, log

from ..intake.submit import IDENTITY_FIELDS
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
    return _allowed(user, lead, action) and access.can_view_lead(user, lead)


def available_actions(user, lead) -> list:
    """The actions `user` may take on `lead` now, in the table's order."""
    actions = [action for action in TRANSITIONS if _allowed(user, lead, action)]
    if actions and not access.can_view_lead(user, lead):  # one access check, not one per action
        return []
    return actions


def _allowed(user, lead, action) -> bool:
    transition = TRANSITIONS.get(action)
    return bool(
        transition
        and user.is_active
        and lead.state in transition.sources
        and user.has_perm(transition.permission)
    )


def perform(user, lead, action, **data) -> LeadEvent:
    """Take `action` on `lead` as `user`; returns the timeline event it wrote.

    Checks, in this order: access, permission, state, required inputs; then the action's
    own rules. Everything happens in one transaction: a refusal leaves no trace.
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionError(_("未知的操作。"))
    action = Action(action)
    data = _clean(data)
    with transaction.atomic():
        # Locked, and without the reporter's identity (never needed here).
        current = (
            Lead.objects.select_for_update().defer(*IDENTITY_FIELDS).filter(pk=lead.pk).first()
        )
        if current is None or not access.can_view_lead(user, current):
            raise TransitionError(_("您无权办理这条线索。"))
        if not (user.is_active and user.has_perm(transition.permission)):
            raise TransitionError(_("您没有“%(action)s”的权限。") % {"action": action.label})
        if current.state not in transition.sources:
            raise TransitionError(
                _("线索当前状态为“%(state)s”，不能“%(action)s”。")
                % {"state": current.get_state_display(), "action": action.label}
            )
        for name in transition.requires:
            if data.get(name) in (None, ""):
                raise TransitionError(_("请填写：%(field)s。") % {"field": FIELD_LABELS[name]})
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


FIELD_LABELS = {
    "reason": gettext_lazy("理由"),
    "office": gettext_lazy("承办机构"),
    "outcome": gettext_lazy("办理结果"),
    "text": gettext_lazy("答复内容"),
    "agency": gettext_lazy("移送机关"),
    "letter": gettext_lazy("移送函"),
    "target": gettext_lazy("合并到的线索"),
    "stage": gettext_lazy("延长的环节"),
    "note": gettext_lazy("备注内容"),
    "co_offices": gettext_lazy("分办机构"),
    "handler": gettext_lazy("承办人"),
    "penalty": gettext_lazy("关联行政处罚"),
    "inspection": gettext_lazy("关联检查"),
}


TEXT_FIELDS = ("reason", "note", "text", "letter", "stage", "outcome")


def _clean(data) -> dict:
    """Texts stripped; objects checked for their type (a caller's mistake is refused with a
    message, never a crash halfway)."""
    from django.contrib.auth import get_user_model

    from ..models import InspectionResult, PenaltyRecord

    kinds = {"office": Authority, "agency": Authority, "handler": get_user_model(),
             "target": Lead, "penalty": PenaltyRecord, "inspection": InspectionResult}  # fmt: skip
    cleaned = dict(data)
    for name in TEXT_FIELDS:
        if cleaned.get(name) is not None:
            cleaned[name] = str(cleaned[name]).strip()
    for name, model in kinds.items():
        if cleaned.get(name) is not None and not isinstance(cleaned[name], model):
            raise TransitionError(_("无效的%(field)s。") % {"field": FIELD_LABELS[name]})
    offices = cleaned.get("co_offices") or ()
    if not all(isinstance(office, Authority) for office in offices):
        raise TransitionError(_("无效的%(field)s。") % {"field": FIELD_LABELS["co_offices"]})
    cleaned["co_offices"] = list(offices)
    return cleaned


def _with_note(text, data) -> str:
    note = data.get("note") or ""
    return f"{text}\n{note}" if text and note else text or note


def has_contact(lead) -> bool:
    """A named reporter who left a phone number or an email address can be told."""
    return not lead.anonymous and bool(lead.reporter_phone_masked or lead.reporter_email_masked)


def _event(transition, kind=LeadEvent.Kind.STATE, internal="") -> LeadEvent:
    text = str(transition.public_text) if transition.public_text else ""
    return LeadEvent(kind=kind, public=bool(text), public_text=text, internal_text=internal)


def _accept(lead, user, transition, data):
    now = timezone.now()
    lead.accepted_at = now
    start = timezone.localdate(now)
    deadlines.start(lead, Stage.CONCLUDE, start)
    if has_contact(lead):
        deadlines.start(lead, Stage.NOTIFY, start)  # a named reporter is told (DOMAIN §5)
    if not lead.office_id and lead.suggested_authority_id:
        lead.office_id = lead.suggested_authority_id
    return _event(transition, internal=_with_note("", data))


def _refuse(lead, user, transition, data):
    event = _event(transition, internal=_with_note("", data))
    event.public = True
    event.public_text = _("不予受理。理由：%(reason)s") % {"reason": data["reason"]}
    return event


def _assign(lead, user, transition, data):
    office = data["office"]
    co_offices = [o for o in data["co_offices"] if o.pk != office.pk]
    if office.kind not in HEALTH_KINDS or any(o.kind not in HEALTH_KINDS for o in co_offices):
        raise TransitionError(_("只能交办给卫生健康部门；其他部门请用“移送”。"))
    if transition.action == Action.DEVOLVE and not _covers(office, lead):
        raise TransitionError(_("转办的机构须对被反映对象所在地有管辖权。"))
    handler = data.get("handler")
    if handler is not None:
        _check_handler(handler, [office, *co_offices])
    lead.office = office
    lead.handler = handler  # a new office picks its own handler unless one is named
    lead.save()
    lead.co_offices.set(co_offices)
    names = "、".join(o.name for o in co_offices)
    internal = _("主办：%(office)s") % {"office": office.name}
    if names:
        internal += _("；分办：%(offices)s") % {"offices": names}
    if lead.handler_id:
        internal += _("；承办人：%(user)s") % {"user": lead.handler}
    return _event(transition, LeadEvent.Kind.ASSIGNMENT, _with_note(internal, data))


def _check_handler(handler, offices):
    if not (handler.is_active and handler.has_perm(HANDLE)):
        raise TransitionError(_("承办人须为有线索办理权限的工作人员。"))
    membership = access.staff_office(handler)
    if membership is not None and membership.office_id not in {o.pk for o in offices}:
        raise TransitionError(_("承办人须是主办或分办机构的工作人员。"))


def _covers(office, lead) -> bool:
    """属地管辖: the office's region contains the facility's (or the lead's) region."""
    region = lead.facility.region if lead.facility_id and lead.facility.region_id else lead.region
    if region is None or office.region_id is None:
        return False
    return region.code.startswith(office.region.prefix)


def _start(lead, user, transition, data):
    if lead.handler_id is None:
        lead.handler = user
    return _event(transition, internal=_with_note("", data))


def _conclude(lead, user, transition, data):
    outcome = data["outcome"]
    if outcome not in LeadOutcome.values:
        raise TransitionError(_("请选择办理结果。"))
    for name in ("penalty", "inspection"):
        record = data.get(name)
        if record is not None and (not lead.facility_id or record.facility_id != lead.facility_id):
            raise TransitionError(_("关联的处罚或检查记录须是被反映机构的记录。"))
    lead.outcome = outcome
    lead.concluded_at = timezone.now()
    if data.get("penalty") is not None:
        lead.penalty = data["penalty"]
    if data.get("inspection") is not None:
        lead.inspection = data["inspection"]
    summary = _("办理结果：%(outcome)s") % {"outcome": LeadOutcome(outcome).label}
    return _event(transition, internal=_with_note(summary, data))


def _reply(lead, user, transition, data):
    lead.replied_at = timezone.now()
    return LeadEvent(kind=LeadEvent.Kind.REPLY, public=True, public_text=data["text"],
                     internal_text=_with_note("", data))  # fmt: skip


def _close(lead, user, transition, data):
    return _event(transition, internal=_with_note("", data))


def _transfer(lead, user, transition, data):
    agency = data["agency"]
    if agency.kind in HEALTH_KINDS:
        raise TransitionError(_("移送须选择其他部门（市场监管、医保、公安等）。"))
    lead.transferred_to = agency
    event = _event(transition, internal=_with_note(data["letter"], data))
    event.public = True
    event.public_text = _("您反映的问题不属于本部门职责，已移送%(agency)s处理。") % {
        "agency": agency.name
    }
    return event


def _merge(lead, user, transition, data):
    target = data["target"]
    if target.pk == lead.pk:
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
    return _event(transition, LeadEvent.Kind.DUPLICATE, _with_note(internal, data))


def _extend(lead, user, transition, data):
    deadline = deadlines.extend(lead, data["stage"], user, data["reason"])
    internal = _("%(stage)s期限延长至 %(date)s。理由：%(reason)s") % {
        "stage": deadline.get_stage_display(),
        "date": f"{deadline.due_on:%Y-%m-%d}",
        "reason": data["reason"],
    }
    return LeadEvent(kind=LeadEvent.Kind.DEADLINE, internal_text=internal)


def _note(lead, user, transition, data):
    return LeadEvent(kind=LeadEvent.Kind.NOTE, internal_text=data["note"])


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


# --- Audit log labels ------------------------------------------------------------------


class LeadLogFormatter(LogFormatter):
    """ "受理", "不予受理：理由…", "延长期限：理由…": the action and, when given, its reason."""

    action = None

    def format_message(self, log_entry):
        data = log_entry.data or {}
        label = str(Action(self.action).label)
        if self.action == Action.CONCLUDE and data.get("outcome") in LeadOutcome.values:
            return f"{label}：{LeadOutcome(data['outcome']).label}"
        detail = data.get("reason") or ""
        return f"{label}：{detail}" if detail else label


def register_log_actions(actions):
    """Labels of the workflow's audit entries (the `register_log_actions` hook)."""
    for action in Action:
        formatter = type(
            f"{action.name.title()}LogFormatter",
            (LeadLogFormatter,),
            {"action": action.value, "label": action.label},
        )
        actions.register_action(AUDIT_PREFIX + action.value)(formatter)
