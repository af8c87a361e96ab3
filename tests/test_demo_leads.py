"""Demo leads as the back office handled them (issue 6): offices, handlers, deadlines on the
official calendar, extensions, reminders, outcomes, transfers, merges, rewards."""

import datetime
import io
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from portal.demo.generate import run
from portal.demo.generate.lead_handling import Calendar
from portal.leads import access
from portal.models import (
    OPEN_STATES,
    REWARD_MAXIMUM,
    REWARD_MINIMUM,
    AuthorityKind,
    Lead,
    LeadDeadline,
    LeadEvent,
    LeadKind,
    LeadOutcome,
    LeadReward,
    LeadState,
    StaffOffice,
    Stage,
)
from portal.workdays import add_working_days

TODAY = datetime.date(2026, 3, 16)
OPTIONS = {"facilities": 60, "records": 200, "seed": "7", "today": TODAY, "force": True}
LEADS = 160
HEALTH = (AuthorityKind.HEALTH_SUPERVISION, AuthorityKind.HEALTH_COMMISSION)
LIMITS = {Stage.DECIDE: 7, Stage.NOTIFY: 5, Stage.CONCLUDE: 60}


def seed(**options):
    call_command("seed_demo", stdout=io.StringIO(), **{**OPTIONS, **options})


@pytest.fixture
def seeded(db, monkeypatch):
    monkeypatch.setattr(run, "lead_count", lambda facilities: LEADS)
    seed()


def deadlines_by_lead() -> dict:
    found = {}
    for deadline in LeadDeadline.objects.all():
        found.setdefault(deadline.lead_id, {})[deadline.stage] = deadline
    return found


def test_handling_fields_follow_the_state(seeded):
    leads = list(Lead.objects.select_related("office", "transferred_to", "merged_into"))
    assert len(leads) == LEADS
    assert {lead.state for lead in leads} == set(LeadState.values)
    for lead in leads:
        accepted = lead.state not in (LeadState.RECEIVED, LeadState.REFUSED)
        if lead.state in (LeadState.TRANSFERRED, LeadState.MERGED):
            accepted = lead.accepted_at is not None
        assert bool(lead.accepted_at) == accepted, lead.state
        if accepted:
            assert lead.office and lead.office.kind in HEALTH
            assert lead.accepted_at > lead.submitted_at
        handled = lead.state in (LeadState.INVESTIGATING, LeadState.CONCLUDED,
                                 LeadState.REPLIED, LeadState.CLOSED)  # fmt: skip
        if handled:
            assert lead.handler_id and lead.office.kind == AuthorityKind.HEALTH_SUPERVISION
            membership = StaffOffice.objects.get(user=lead.handler_id)
            assert membership.office_id == lead.office_id
        done = lead.state in (LeadState.CONCLUDED, LeadState.REPLIED, LeadState.CLOSED)
        assert bool(lead.concluded_at) == done and bool(lead.outcome) == done
        assert bool(lead.replied_at) == (lead.state in (LeadState.REPLIED, LeadState.CLOSED))
        if done:
            assert lead.outcome in LeadOutcome.values
            assert lead.concluded_at > lead.accepted_at
        assert (lead.transferred_to is not None) == (lead.state == LeadState.TRANSFERRED)
        if lead.transferred_to:
            assert lead.transferred_to.kind not in HEALTH
        assert (lead.merged_into is not None) == (lead.state == LeadState.MERGED)
        if lead.merged_into:
            assert lead.merged_into.submitted_at < lead.submitted_at
            assert lead.merged_into.events.filter(kind=LeadEvent.Kind.DUPLICATE).exists()
    outcomes = Counter(lead.outcome for lead in leads if lead.outcome)
    assert len(outcomes) >= 3
    assert Lead.co_offices.through.objects.exists() or LEADS < 100
    linked = [lead for lead in leads if lead.penalty_id]
    assert all(lead.outcome == LeadOutcome.SUBSTANTIATED and lead.facility_id for lead in linked)


def test_deadlines_follow_the_official_calendar(seeded):
    deadlines = deadlines_by_lead()
    today, overdue, due_soon, extended = TODAY, 0, 0, 0
    for lead in Lead.objects.all():
        mine = deadlines[lead.pk]
        decide = mine[Stage.DECIDE]
        assert decide.started_on == timezone.localdate(lead.submitted_at)
        assert decide.due_on == add_working_days(decide.started_on, LIMITS[Stage.DECIDE])
        assert (decide.met_at is None) == (lead.state == LeadState.RECEIVED)
        assert (Stage.CONCLUDE in mine) == bool(lead.accepted_at)
        if lead.accepted_at:
            conclude = mine[Stage.CONCLUDE]
            assert conclude.started_on == timezone.localdate(lead.accepted_at)
            due = add_working_days(conclude.started_on, LIMITS[Stage.CONCLUDE])
            if conclude.extended_days:
                extended += 1
                assert conclude.extended_days == 30 and conclude.extension_reason
                assert conclude.extended_by.has_perm("portal.dispatch_lead")
                due = add_working_days(due, 30)
                assert lead.events.filter(kind=LeadEvent.Kind.DEADLINE).count() == 1
            assert conclude.due_on == due
            assert (conclude.met_at is None) == (lead.state in OPEN_STATES)
            if lead.concluded_at:
                assert conclude.met_at == lead.concluded_at
            assert (Stage.NOTIFY in mine) == (not lead.anonymous)
        if lead.state in OPEN_STATES:
            open_dues = [
                d.due_on for d in mine.values() if d.stage != Stage.NOTIFY and not d.met_at
            ]
            assert lead.due_on == min(open_dues)
            if lead.due_on < today:
                overdue += 1
                assert lead.events.filter(kind=LeadEvent.Kind.REMINDER).exists()
            elif lead.due_on <= add_working_days(today, 10):
                due_soon += 1
        else:
            assert lead.due_on is None
    assert overdue and due_soon and extended


def test_calendar_is_the_official_one(db):
    calendar = Calendar(TODAY)
    # Across the 2026 Spring Festival (2-15 … 2-23) and its make-up days (2-14, 2-28).
    day = datetime.date(2026, 1, 20)
    while day < datetime.date(2026, 3, 10):
        for count in (1, 5, 7, 60, 90):
            assert calendar.add(day, count) == add_working_days(day, count), (day, count)
        day += datetime.timedelta(days=1)


def test_rewards_are_proposed_approved_and_paid_by_different_people(seeded):
    rewards = list(
        LeadReward.objects.select_related("lead", "proposed_by", "decided_by", "paid_by")
    )
    assert rewards
    for reward in rewards:
        lead = reward.lead
        assert lead.kind == LeadKind.REWARD and lead.outcome == LeadOutcome.SUBSTANTIATED
        assert REWARD_MINIMUM <= reward.amount <= REWARD_MAXIMUM
        assert reward.proposed_at > lead.concluded_at
        assert reward.proposed_by.has_perm("portal.propose_reward")
        if reward.status != LeadReward.Status.PROPOSED:
            assert reward.decided_by_id and reward.decided_by_id != reward.proposed_by_id
            assert reward.decided_by.has_perm("portal.approve_reward")
            assert reward.decided_at > reward.proposed_at
            public = lead.events.filter(kind=LeadEvent.Kind.REWARD, public=True).first()
            assert public and public.created_at == reward.decided_at
        if reward.status == LeadReward.Status.PAID:
            assert reward.paid_at > reward.decided_at and reward.payment_reference
            assert reward.paid_by.has_perm("portal.pay_reward")
        assert timezone.localdate(reward.paid_at or reward.decided_at or reward.proposed_at) < TODAY


def test_demo_staff_work_for_offices_and_see_their_leads(seeded):
    User = get_user_model()
    banli, baomi = User.objects.get(username="banli"), User.objects.get(username="baomi")
    assert banli.staff_office.office.name == "杭州市卫生健康监督所"
    assert baomi.staff_office.office.name == "北京市卫生健康监督所"
    assert StaffOffice.objects.filter(supervisor=True).count() >= 12
    # banli sees the leads of 杭州 (and the ones handed to them), not those of 北京.
    mine = access.visible_leads(banli)
    assert mine.exists() and mine.count() < Lead.objects.count()
    assert not mine.filter(office__region__code__startswith="11").exclude(handler=banli).exists()
    assert access.visible_leads(baomi).count() == Lead.objects.count()
    for lead in Lead.objects.exclude(handler=None).select_related("handler"):
        assert access.can_view_lead(lead.handler, lead)
    assert LeadEvent.objects.filter(actor=banli).exists()
    # Each step was taken by someone allowed to (portal.leads.workflow's permissions).
    needs = {LeadState.ASSIGNED: "dispatch_lead", LeadState.TRANSFERRED: "dispatch_lead"}
    steps = LeadEvent.objects.filter(kind=LeadEvent.Kind.STATE).select_related("actor")
    for event in steps.exclude(state=LeadState.RECEIVED):
        perm = needs.get(event.state, "handle_lead")
        assert event.actor and event.actor.has_perm(f"portal.{perm}"), (event.state, event.actor)
    assert not User.objects.get(username="cb110105a").has_usable_password()


def test_running_twice_changes_nothing_and_reset_gives_the_same(seeded):
    def snapshot():
        leads = sorted(
            Lead.objects.values_list(
                "receipt_number", "state", "office__name", "handler__username", "due_on",
                "outcome", "accepted_at", "concluded_at", "merged_into__receipt_number",
            )
        )  # fmt: skip
        deadlines = sorted(
            LeadDeadline.objects.values_list(
                "lead__receipt_number", "stage", "due_on", "met_at", "extended_days"
            )
        )
        rewards = sorted(LeadReward.objects.values_list("lead__receipt_number", "status", "amount"))
        return leads, deadlines, rewards

    first = snapshot()
    staff = sorted(StaffOffice.objects.values_list("user__username", "office_id", "supervisor"))
    users = get_user_model().objects.count()
    seed()  # data exists: skipped
    assert snapshot() == first
    seed(reset=True)
    assert snapshot() == first
    assert get_user_model().objects.count() == users
    assert sorted(StaffOffice.objects.values_list("user__username", "office_id", "supervisor")) == (
        staff
    )


def test_dashboard_on_the_demo_data(seeded, client):
    client.force_login(get_user_model().objects.get(username="banli"))
    response = client.get("/admin/lead-stats/", {"from": "2025-04", "to": "2026-03"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "杭州市各地区的线索" in html and "北京" not in html.split('id="leads-by-month"')[1]
