"""Time limits of a lead's stages, in working days on the official Chinese calendar.

Each stage (受理审查 decide, 告知举报人 notify, 调查办结 conclude) has a `LeadTimeLimit`
row (admin-editable; defaults from DOMAIN.md §5 below). A stage's clock is a
`LeadDeadline`: started on a date, due `working_days` working days later (the start day
itself not counted, portal.workdays), extended at most once, met when the stage is done.

`Lead.due_on` is the earliest open deadline of the handling stages (decide, conclude):
what the inbox shows, sorts and filters on. The notify stage is the reminder task's
business (portal/leads/reminders.py) and does not move the lead's due date.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Lead, LeadDeadline, LeadState, LeadTimeLimit, Stage
from ..models.leads import OPEN_STATES
from ..workdays import add_working_days
from .errors import TransitionError

# stage: (working days, extension days, due-soon days, basis)
DEFAULT_LIMITS = {
    Stage.DECIDE: (7, 0, 2, gettext_lazy("收到投诉举报之日起7个工作日内决定是否受理")),
    Stage.NOTIFY: (5, 0, 2, gettext_lazy("决定受理之日起5个工作日内告知实名举报人")),
    Stage.CONCLUDE: (60, 30, 10, gettext_lazy("受理之日起60个工作日内办结，可延长一次30个工作日")),
}
HANDLING_STAGES = (Stage.DECIDE, Stage.CONCLUDE)
# The stage whose clock `Lead.due_on` follows in each open state.
STAGE_OF_STATE = {
    LeadState.RECEIVED: Stage.DECIDE,
    LeadState.ACCEPTED: Stage.CONCLUDE,
    LeadState.ASSIGNED: Stage.CONCLUDE,
    LeadState.INVESTIGATING: Stage.CONCLUDE,
}
OVERDUE = "overdue"
DUE_SOON = "due_soon"


def ensure_time_limits() -> int:
    """Create the missing LeadTimeLimit rows with the defaults (idempotent; edits kept)."""
    existing = set(LeadTimeLimit.objects.values_list("stage", flat=True))
    missing = [
        LeadTimeLimit(stage=stage, working_days=days, extension_days=extension,
                      due_soon_days=soon, basis=str(basis))
        for stage, (days, extension, soon, basis) in DEFAULT_LIMITS.items()
        if stage not in existing
    ]  # fmt: skip
    LeadTimeLimit.objects.bulk_create(missing)
    return len(missing)


def time_limits() -> dict:
    """{stage: LeadTimeLimit} for every stage; a default (unsaved) row where none exists."""
    limits = {limit.stage: limit for limit in LeadTimeLimit.objects.all()}
    for stage, (days, extension, soon, basis) in DEFAULT_LIMITS.items():
        if stage not in limits:
            limits[stage] = LeadTimeLimit(stage=stage, working_days=days,
                                          extension_days=extension, due_soon_days=soon,
                                          basis=str(basis))  # fmt: skip
    return limits


def time_limit(stage) -> LeadTimeLimit:
    return time_limits()[Stage(stage)]


def start(lead, stage, start_date) -> LeadDeadline:
    """Start (or restart) `stage`'s clock on `start_date`."""
    limit = time_limit(stage)
    deadline, _created = LeadDeadline.objects.update_or_create(
        lead=lead,
        stage=stage,
        defaults={
            "started_on": start_date,
            "due_on": add_working_days(start_date, limit.working_days),
            "extended_days": 0,
            "extension_reason": "",
            "extended_by": None,
            "met_at": None,
        },
    )
    return deadline


def meet(lead, stage, when=None) -> int:
    """Stop `stage`'s clock (no-op when it was not running)."""
    return LeadDeadline.objects.filter(lead=lead, stage=stage, met_at__isnull=True).update(
        met_at=when or timezone.now()
    )


def refresh_due(lead):
    """Set (and save) `lead.due_on`: the earliest open handling deadline, None when closed."""
    due = None
    if lead.state in OPEN_STATES:
        dates = LeadDeadline.objects.filter(
            lead=lead, stage__in=HANDLING_STAGES, met_at__isnull=True
        ).values_list("due_on", flat=True)
        due = min(dates, default=None)
    lead.due_on = due
    if lead.pk:
        Lead.objects.filter(pk=lead.pk).update(due_on=due)
    return due


def extend(lead, stage, user, reason) -> LeadDeadline:
    """Extend `stage`'s open deadline once by the stage's extension days."""
    if stage not in Stage.values:
        raise TransitionError(_("请选择要延长的环节。"))
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_("请填写延长理由。"))
    limit = time_limit(stage)
    label = Stage(stage).label
    if not limit.extension_days:
        raise TransitionError(_("“%(stage)s”环节的期限不能延长。") % {"stage": label})
    deadline = (
        LeadDeadline.objects.select_for_update()
        .filter(lead=lead, stage=stage, met_at__isnull=True)
        .first()
    )
    if deadline is None:
        raise TransitionError(_("“%(stage)s”环节没有正在计算的期限。") % {"stage": label})
    if deadline.extended_days:
        raise TransitionError(
            _("“%(stage)s”环节的期限已延长过，每个环节只能延长一次。") % {"stage": label}
        )
    deadline.due_on = add_working_days(deadline.due_on, limit.extension_days)
    deadline.extended_days = limit.extension_days
    deadline.extension_reason = reason
    deadline.extended_by = user
    deadline.save()
    return deadline


# --- Due soon / overdue ----------------------------------------------------------------


def due_soon_cutoffs(today=None, limits=None) -> dict:
    """{stage: last date that counts as due soon}: `due_soon_days` working days after today.
    Compute once per request and pass to `due_state` when flagging many rows."""
    today = today or timezone.localdate()
    limits = limits or time_limits()
    return {stage: add_working_days(today, limit.due_soon_days) for stage, limit in limits.items()}


def due_state(obj, today=None, cutoffs=None) -> str:
    """ "overdue", "due_soon" or "" for a LeadDeadline or a Lead (its current stage)."""
    today = today or timezone.localdate()
    if isinstance(obj, LeadDeadline):
        if obj.met_at is not None:
            return ""
        stage = obj.stage
    else:
        stage = STAGE_OF_STATE.get(obj.state)
        if stage is None:
            return ""
    if obj.due_on is None:
        return ""
    if obj.due_on < today:
        return OVERDUE
    cutoffs = cutoffs or due_soon_cutoffs(today)
    return DUE_SOON if obj.due_on <= cutoffs[stage] else ""


def overdue(queryset, today=None):
    """Open leads past their due date (a plain date filter on the (state, due_on) index)."""
    today = today or timezone.localdate()
    return queryset.filter(state__in=OPEN_STATES, due_on__lt=today)


def due_soon_q(today=None, cutoffs=None) -> Q:
    today = today or timezone.localdate()
    cutoffs = cutoffs or due_soon_cutoffs(today)
    q = Q()
    for stage in dict.fromkeys(STAGE_OF_STATE.values()):
        states = [state for state, s in STAGE_OF_STATE.items() if s == stage]
        q |= Q(state__in=states, due_on__gte=today, due_on__lte=cutoffs[stage])
    return q


def due_soon(queryset, today=None, cutoffs=None):
    """Open leads due today or within their stage's `due_soon_days` working days."""
    return queryset.filter(due_soon_q(today, cutoffs))
