"""Deadlines in working days (portal/leads/deadlines.py) across the 2025 National Day
holiday: 10-01..10-08 off, Sunday 09-28 and Saturday 10-11 are make-up working days
(chinese_calendar's official data), plus local CalendarAdjustment rows; one extension
per stage; due soon and overdue, for one lead and as queryset filters."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.leads import deadlines, workflow
from portal.leads.errors import TransitionError
from portal.models import CalendarAdjustment, Lead, LeadDeadline, LeadTimeLimit, Stage
from portal.workdays import add_working_days, clear_adjustments_cache

pytestmark = pytest.mark.django_db

D = datetime.date


def at(day, hour=10):
    """An aware moment on `day`, local time (Asia/Shanghai)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def adjustments():
    """Create CalendarAdjustment rows; the calendar cache is cleared afterwards, since the
    rolled-back rows would otherwise stay in it."""
    yield lambda day, working, note="": CalendarAdjustment.objects.create(
        date=day, is_working_day=working, note=note
    )
    clear_adjustments_cache()


@pytest.fixture
def frozen(monkeypatch):
    """frozen(moment): timezone.now() returns `moment` from then on."""

    def freeze(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return freeze


def test_official_calendar_2025_national_day():
    # Friday 09-26 + 7 working days: 09-28 (Sun, make-up), 09-29, 09-30, 10-09, 10-10,
    # 10-11 (Sat, make-up), 10-13.
    assert add_working_days(D(2025, 9, 26), 7) == D(2025, 10, 13)
    assert add_working_days(D(2025, 9, 27), 7) == D(2025, 10, 13)  # Saturday off: same
    assert add_working_days(D(2025, 9, 30), 5) == D(2025, 10, 14)
    assert add_working_days(D(2025, 10, 1), 1) == D(2025, 10, 9)


def test_the_decide_clock_starts_when_a_lead_is_submitted(frozen, make_lead):
    frozen(at(D(2025, 9, 26)))
    lead = make_lead()
    deadline = lead.deadlines.get()
    assert deadline.stage == Stage.DECIDE
    assert deadline.started_on == D(2025, 9, 26) and deadline.due_on == D(2025, 10, 13)
    assert deadline.met_at is None and lead.due_on == D(2025, 10, 13)


def test_submission_late_in_the_evening_counts_from_the_local_date(frozen, make_lead):
    # 23:30 in Beijing is 15:30 UTC: the local date decides.
    frozen(at(D(2025, 9, 30), hour=23) + datetime.timedelta(minutes=30))
    assert make_lead().due_on == add_working_days(D(2025, 9, 30), 7) == D(2025, 10, 16)


def test_local_adjustments_move_the_due_date(frozen, make_lead, adjustments):
    adjustments(D(2025, 10, 13), False, "本地调休")
    frozen(at(D(2025, 9, 26)))
    assert make_lead().due_on == D(2025, 10, 14)
    adjustments(D(2025, 10, 12), True, "补班")  # a Sunday made a working day
    assert make_lead().due_on == D(2025, 10, 12)


def test_acceptance_starts_notify_and_conclude_on_the_calendar(frozen, make_lead, county_handler):
    frozen(at(D(2025, 9, 26)))
    lead = make_lead()
    frozen(at(D(2025, 9, 30)))
    workflow.perform(county_handler, lead, "accept")
    stages = {d.stage: d for d in lead.deadlines.all()}
    assert stages[Stage.DECIDE].met_at == at(D(2025, 9, 30))
    assert stages[Stage.DECIDE].met_in_time()
    assert stages[Stage.NOTIFY].due_on == D(2025, 10, 14)
    assert stages[Stage.CONCLUDE].due_on == add_working_days(D(2025, 9, 30), 60)
    # The lead's due date follows the handling stage, not the notice to the reporter.
    assert lead.due_on == stages[Stage.CONCLUDE].due_on


def test_time_limits_are_editable(frozen, make_lead):
    LeadTimeLimit.objects.filter(stage=Stage.DECIDE).update(working_days=3)
    frozen(at(D(2025, 9, 26)))
    assert make_lead().due_on == D(2025, 9, 30)


def test_default_time_limits_follow_the_domain_rules():
    limits = deadlines.time_limits()
    assert (limits[Stage.DECIDE].working_days, limits[Stage.DECIDE].extension_days) == (7, 0)
    assert (limits[Stage.NOTIFY].working_days, limits[Stage.NOTIFY].extension_days) == (5, 0)
    assert (limits[Stage.CONCLUDE].working_days, limits[Stage.CONCLUDE].extension_days) == (
        60,
        30,
    )
    assert all(limit.pk for limit in limits.values())  # created by portal.setup
    LeadTimeLimit.objects.filter(stage=Stage.NOTIFY).delete()
    assert deadlines.time_limit(Stage.NOTIFY).working_days == 5  # a missing row: default
    assert deadlines.ensure_time_limits() == 1 and deadlines.ensure_time_limits() == 0


def test_extension_once_counted_in_working_days(frozen, make_lead, advance, county_supervisor):
    frozen(at(D(2025, 8, 1)))
    lead = advance(make_lead(), "investigating")
    deadline = lead.deadlines.get(stage=Stage.CONCLUDE)
    assert deadline.due_on == add_working_days(D(2025, 8, 1), 60)
    extended = deadlines.extend(lead, Stage.CONCLUDE, county_supervisor, "需要补充调查")
    assert extended.due_on == add_working_days(deadline.due_on, 30)
    assert extended.extended_days == 30 and extended.extended_by == county_supervisor
    with pytest.raises(TransitionError, match="只能延长一次"):
        deadlines.extend(lead, Stage.CONCLUDE, county_supervisor, "再延长")
    with pytest.raises(TransitionError, match="不能延长"):
        deadlines.extend(lead, Stage.DECIDE, county_supervisor, "需要")


def test_a_met_or_missing_deadline_cannot_be_extended(make_lead, advance, county_supervisor):
    lead = advance(make_lead(), "concluded")
    with pytest.raises(TransitionError, match="没有正在计算的期限"):
        deadlines.extend(lead, Stage.CONCLUDE, county_supervisor, "需要")
    with pytest.raises(TransitionError, match="延长理由"):
        deadlines.extend(lead, Stage.CONCLUDE, county_supervisor, "  ")


def test_due_state_of_a_deadline_and_a_lead(make_lead):
    lead = make_lead()
    deadline = lead.deadlines.get()
    today = D(2025, 9, 30)  # Tuesday before the holiday; decide: due soon within 2 days
    assert deadlines.due_soon_cutoffs(today)[Stage.DECIDE] == D(2025, 10, 10)
    for due, state in [
        (D(2025, 9, 29), "overdue"),
        (D(2025, 9, 30), "due_soon"),  # due today
        (D(2025, 10, 8), "due_soon"),  # eight days ahead, one working day
        (D(2025, 10, 10), "due_soon"),
        (D(2025, 10, 11), ""),  # the make-up Saturday is the third working day
    ]:
        deadline.due_on = lead.due_on = due
        assert deadlines.due_state(deadline, today) == state, due
        assert deadlines.due_state(lead, today) == state, due
    deadline.met_at = timezone.now()
    assert deadlines.due_state(deadline, today) == ""
    lead.state = "refused"
    lead.due_on = D(2025, 9, 1)
    assert deadlines.due_state(lead, today) == ""


def test_overdue_and_due_soon_filters(make_lead, advance):
    today = D(2025, 9, 30)
    received = {due: make_lead() for due in (D(2025, 9, 29), D(2025, 10, 10), D(2025, 10, 11))}
    for due, lead in received.items():
        Lead.objects.filter(pk=lead.pk).update(due_on=due)
    # The conclude stage warns 10 working days ahead: 10-01..10-08 are holidays.
    investigating = advance(make_lead(), "investigating")
    Lead.objects.filter(pk=investigating.pk).update(due_on=D(2025, 10, 20))
    closed = advance(make_lead(), "refused")
    Lead.objects.filter(pk=closed.pk).update(due_on=D(2025, 9, 1))

    leads = Lead.objects.all()
    assert set(deadlines.overdue(leads, today)) == {received[D(2025, 9, 29)]}
    assert set(deadlines.due_soon(leads, today)) == {received[D(2025, 10, 10)], investigating}
    cutoffs = deadlines.due_soon_cutoffs(today)
    assert cutoffs[Stage.CONCLUDE] == add_working_days(today, 10) == D(2025, 10, 21)
    assert set(deadlines.due_soon(leads, today, cutoffs)) == set(deadlines.due_soon(leads, today))


def test_due_soon_filter_is_one_query_with_date_literals(make_lead, django_assert_num_queries):
    make_lead()
    cutoffs = deadlines.due_soon_cutoffs(D(2025, 9, 30))
    with django_assert_num_queries(1):
        list(deadlines.due_soon(Lead.objects.all(), D(2025, 9, 30), cutoffs))
    with django_assert_num_queries(1):
        list(deadlines.overdue(Lead.objects.all(), D(2025, 9, 30)))


def test_refresh_due_follows_the_earliest_open_handling_stage(make_lead):
    lead = make_lead()
    LeadDeadline.objects.create(lead=lead, stage=Stage.NOTIFY, started_on=D(2025, 1, 1),
                                due_on=D(2025, 1, 2))  # fmt: skip
    decide = lead.deadlines.get(stage=Stage.DECIDE)
    assert deadlines.refresh_due(lead) == decide.due_on  # notify does not count
    deadlines.meet(lead, Stage.DECIDE)
    assert deadlines.refresh_due(lead) is None
    assert Lead.objects.get(pk=lead.pk).due_on is None


# --- The admin screens: 设置 → 线索办理时限, 工作人员所属机构 ---------------------------------


def test_administrator_edits_time_limits(client, lead_admin, county_supervisor):
    limit = LeadTimeLimit.objects.get(stage=Stage.CONCLUDE)
    edit = reverse("lead-time-limits:edit", args=[limit.pk])
    client.force_login(county_supervisor)
    assert client.get("/admin/lead-time-limits/").status_code in (302, 403)
    client.force_login(lead_admin)
    page = client.get("/admin/lead-time-limits/").content.decode()
    assert "调查办结" in page and "受理审查" in page
    assert "/admin/lead-time-limits/new/" not in page
    assert client.get("/admin/lead-time-limits/new/").status_code == 404
    form = {"working_days": 0, "extension_days": 30, "due_soon_days": 10, "basis": "x"}
    response = client.post(edit, form)
    assert response.status_code == 200 and "1 至 365" in response.content.decode()
    response = client.post(edit, {**form, "working_days": 8, "due_soon_days": 8})
    assert "临期提醒天数须小于时限" in response.content.decode()
    response = client.post(edit, {**form, "working_days": 45})
    assert response.status_code == 302
    assert LeadTimeLimit.objects.get(pk=limit.pk).working_days == 45


def test_administrator_sets_staff_offices(client, lead_admin, make_staff, lead_offices):
    newcomer = make_staff("newcomer", "线索办理员")
    client.force_login(lead_admin)
    page = client.get("/admin/staff-offices/new/").content.decode()
    assert lead_offices.county_a.name in page and lead_offices.market.name not in page
    response = client.post(
        "/admin/staff-offices/new/",
        {"user": newcomer.pk, "office": lead_offices.county_a.pk, "supervisor": "on"},
    )
    assert response.status_code == 302
    assert newcomer.staff_office.office == lead_offices.county_a
    page = client.get("/admin/staff-offices/", {"q": "newcomer"}).content.decode()
    assert "newcomer" in page
