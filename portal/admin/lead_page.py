"""What the lead page shows besides the report itself (issue 6): how the lead is handled,
its deadlines with due-soon/overdue flags, the facility's profile and history ("一案多查"),
the replies, the leads merged with it, the reward, and the actions the user may take.

Everything here reads leads through `visible_leads(user)` and `masked()`: a lead the user
may not see is never listed, and no reporter identity is ever loaded.
"""

import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.admin_url_finder import AdminURLFinder

from .. import workdays
from ..leads import deadlines, workflow
from ..leads.access import visible_leads
from ..models import (
    InspectionResult,
    LeadDeadline,
    LeadEvent,
    LeadKind,
    LeadReward,
    LeadState,
    PenaltyRecord,
)

HISTORY_LIMIT = 10  # rows per list in the facility history; the total is shown


def _masked(queryset):
    from ..intake.admin_views import masked  # the lead page's module imports this one

    return masked(queryset)


# --- Deadlines --------------------------------------------------------------------------


def working_days_left(today: datetime.date, due: datetime.date) -> int:
    """Working days after `today` up to and including `due` (0 when due today or past)."""
    overrides = workdays.adjustments()
    count, day = 0, today
    while day < due:
        day += workdays.ONE_DAY
        if workdays.is_working_day(day, overrides):
            count += 1
    return count


def deadline_rows(lead, today=None) -> list[dict]:
    """Each stage's clock with its flags (portal.leads.deadlines.due_state): overdue, due
    soon, the working days left, met in time or late."""
    today = today or timezone.localdate()
    cutoffs = deadlines.due_soon_cutoffs(today)
    rows = []
    for deadline in LeadDeadline.objects.filter(lead=lead).select_related("extended_by"):
        state = deadlines.due_state(deadline, today, cutoffs)
        is_open = deadline.met_at is None
        rows.append(
            {
                "object": deadline,
                "open": is_open,
                "overdue": state == deadlines.OVERDUE,
                "due_soon": state == deadlines.DUE_SOON,
                "days_left": working_days_left(today, deadline.due_on)
                if is_open and state != deadlines.OVERDUE
                else None,
                "met_in_time": deadline.met_in_time(),
            }
        )
    return rows


def due_flags(lead, today=None) -> dict:
    """The lead's current due date's flags, as the inbox shows them."""
    state = deadlines.due_state(lead, today or timezone.localdate())
    return {"overdue": state == deadlines.OVERDUE, "due_soon": state == deadlines.DUE_SOON}


# --- Handling ---------------------------------------------------------------------------


def linked_leads(user, lead, url_name) -> dict:
    """The lead this one was merged into and the leads merged into it, if visible."""
    visible = _masked(visible_leads(user)).select_related("category").order_by("submitted_at")

    def item(other):
        return {"object": other, "url": reverse(url_name, args=[other.pk])}

    merged_into = None
    if lead.merged_into_id:
        target = visible.filter(pk=lead.merged_into_id).first()
        merged_into = item(target) if target else {"hidden": True}
    return {
        "merged_into": merged_into,
        "merged_leads": [item(o) for o in visible.filter(merged_into=lead)],
    }


def transfer_letter_event(lead):
    """The timeline event that holds the transfer letter (the latest transfer)."""
    return (
        lead.events.filter(kind=LeadEvent.Kind.STATE, state=LeadState.TRANSFERRED)
        .order_by("-created_at", "-pk")
        .first()
    )


def replies(events) -> list:
    return [e for e in events if e.kind == LeadEvent.Kind.REPLY and e.public]


# --- Facility profile and history ("一案多查") ------------------------------------------


def _record_rows(finder, records):
    return [{"object": r, "url": finder.get_edit_url(r)} for r in records]


def facility_history(user, lead, url_name) -> dict | None:
    """Other leads about the same facility (those the user may see), its penalties and
    inspections, and its risk score. Without a facility in the directory: other leads
    naming the same facility."""
    facility = lead.facility
    if facility is not None:
        same = Q(facility=facility)
    elif lead.facility_name.strip():
        same = Q(facility__isnull=True, facility_name=lead.facility_name.strip())
    else:
        return None
    others = (
        _masked(visible_leads(user))
        .filter(same)
        .exclude(pk=lead.pk)
        .select_related("category")
        .order_by("-submitted_at", "-pk")
    )
    history = {
        "facility": facility,
        "leads": [
            {"object": o, "url": reverse(url_name, args=[o.pk])} for o in others[:HISTORY_LIMIT]
        ],
        "lead_count": others.count(),
    }
    if facility is None:
        return history
    finder = AdminURLFinder(user)
    penalties = PenaltyRecord.objects.filter(facility=facility).order_by("-decision_date", "-pk")
    inspections = InspectionResult.objects.filter(facility=facility).order_by(
        "-decision_date", "-pk"
    )
    try:
        risk = facility.risk
    except ObjectDoesNotExist:
        risk = None
    history.update(
        penalties=_record_rows(finder, penalties[:HISTORY_LIMIT]),
        penalty_count=penalties.count(),
        inspections=_record_rows(finder, inspections[:HISTORY_LIMIT]),
        inspection_count=inspections.count(),
        risk=risk,
    )
    return history


def linked_records(user, lead) -> dict:
    """The penalty and inspection this lead produced, with admin links where allowed."""
    finder = AdminURLFinder(user)
    return {
        name: {"object": record, "url": finder.get_edit_url(record)}
        for name, record in (("penalty", lead.penalty), ("inspection", lead.inspection))
        if record is not None
    }


# --- Reward -----------------------------------------------------------------------------


def reward_of(lead):
    try:
        return LeadReward.objects.select_related("proposed_by", "decided_by", "paid_by").get(
            lead=lead
        )
    except LeadReward.DoesNotExist:
        return None


def may_take_reward_step(user, lead, check) -> bool:
    """`check` is one of portal.leads.rewards.can_propose/can_decide/can_pay."""
    return lead.kind == LeadKind.REWARD and check(user, lead)


def reward_panel(user, lead) -> dict | None:
    if lead.kind != LeadKind.REWARD:
        return None
    reward = reward_of(lead)
    waiting_for_other = bool(
        reward and reward.status == LeadReward.Status.PROPOSED and reward.proposed_by_id == user.pk
    )
    return {"object": reward, "waiting_for_other": waiting_for_other}


# --- Actions ----------------------------------------------------------------------------


def action_links(user, lead, act_url_name, steps) -> list[dict]:
    """Buttons for what `user` may do now: the state machine's available actions (the
    internal note has its own form on the page), then the other steps (`steps`: name ->
    Step, portal/admin/lead_actions.py) whose `available(user, lead)` says so."""
    names = [a for a in workflow.available_actions(user, lead) if a != workflow.Action.NOTE]
    names += [
        name
        for name, step in steps.items()
        if name not in workflow.TRANSITIONS and step.available(user, lead)
    ]
    return [
        {
            "name": name,
            "label": steps[name].label,
            "url": reverse(act_url_name, args=[lead.pk, name]),
        }
        for name in names
        if name in steps
    ]


def note_allowed(user, lead) -> bool:
    return workflow.allowed(user, lead, workflow.Action.NOTE)


def visible_duplicates(user, lead):
    """The lead's possible duplicates that `user` may see (identity deferred)."""
    return _masked(visible_leads(user)).filter(pk__in=lead.possible_duplicates.values("pk"))
