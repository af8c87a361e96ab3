"""The daily lead job (portal/leads/reminders.py): reminders to handlers and supervisors for
leads due soon or overdue, notices to named reporters on acceptance and conclusion; both
idempotent within a day; plus the schedule and the roles portal.setup creates."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from django_q.models import Schedule
from wagtail.models import ModelLogEntry

from portal.leads import reminders, workflow
from portal.models import Lead, LeadEvent, LeadState, LeadTimeLimit, Stage
from portal.setup import ensure_lead_setup

from .conftest import DESCRIPTION, REPORTER

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2025, 9, 30)  # a Tuesday before the National Day holiday


def at(day, hour=8):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def frozen(monkeypatch):
    def freeze(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return freeze


@pytest.fixture
def due_leads(
    make_lead, advance, lead_offices, facility_b, county_handler, county_supervisor,
    other_county_handler, frozen,
):  # fmt: skip
    """Leads in 西湖区 and 海曙区 with due dates around TODAY."""

    def due(lead, day):
        Lead.objects.filter(pk=lead.pk).update(due_on=day)
        lead.refresh_from_db()
        return lead

    leads = {
        # Not yet accepted: the suggested office's supervisors are told.
        "received_late": due(make_lead(suggested_authority=lead_offices.county_a), D(2025, 9, 29)),
        "investigating_soon": due(
            advance(make_lead(), "investigating", handler=county_handler), D(2025, 10, 10)
        ),
        "investigating_later": due(
            advance(make_lead(), "investigating", handler=county_handler), D(2025, 12, 1)
        ),
        "other_county_late": due(
            advance(make_lead(facility=facility_b), "assigned"), D(2025, 9, 1)
        ),
        "refused": due(advance(make_lead(), "refused"), D(2025, 9, 1)),
    }
    frozen(at(TODAY))
    return leads


def mails_by_recipient():
    return {message.to[0]: message for message in mail.outbox}


def test_reminders_go_to_handlers_and_supervisors_once_a_day(
    due_leads, county_handler, county_supervisor, other_county_handler
):
    counts = reminders.run_daily()
    assert counts["reminded_leads"] == 3
    sent = mails_by_recipient()
    assert set(sent) == {county_handler.email, county_supervisor.email, other_county_handler.email}
    numbers = {name: lead.receipt_number for name, lead in due_leads.items()}

    def listed(user):
        return {name for name, number in numbers.items() if number in sent[user.email].body}

    assert listed(county_supervisor) == {"received_late", "investigating_soon"}
    assert listed(county_handler) == {"investigating_soon"}
    assert listed(other_county_handler) == {"other_county_late"}
    assert sent[county_supervisor.email].subject == "线索办理提醒：1 条已超期，1 条即将到期"
    body = sent[county_supervisor.email].body
    assert f"/admin/leads/inspect/{due_leads['received_late'].pk}/" in body
    assert "已超期" in body and "即将到期" in body
    for message in mail.outbox:  # never the reporter's identity or the report itself
        for value in [*REPORTER.values(), DESCRIPTION]:
            assert value not in message.body and value not in message.subject

    events = LeadEvent.objects.filter(kind=LeadEvent.Kind.REMINDER)
    assert {e.lead_id for e in events} == {
        due_leads[name].pk for name in ("received_late", "investigating_soon", "other_county_late")
    }
    assert not any(e.public or e.public_text for e in events)
    both = events.get(lead=due_leads["investigating_soon"]).internal_text
    assert both.startswith("临期提醒已发送给：") and "xh-banli" in both and "xh-fuze" in both
    assert events.get(lead=due_leads["received_late"]).internal_text.startswith("超期提醒")
    entries = ModelLogEntry.objects.filter(action=reminders.REMINDER_ACTION)
    assert entries.count() == 3 and all(e.user is None for e in entries)

    # The same day again: nothing more.
    assert reminders.run_daily()["reminded_leads"] == 0
    assert len(mail.outbox) == 3 and events.count() == 3


def test_the_next_working_day_reminds_again(due_leads, frozen):
    reminders.send_reminders()
    first = len(mail.outbox)
    frozen(at(D(2025, 10, 9)))
    assert reminders.send_reminders() >= 3
    assert len(mail.outbox) > first


def test_pluggable_sender_and_people_without_email(due_leads, county_handler, settings):
    settings.PORTAL_REMINDER_SENDER = "tests.leads.test_reminders.record_message"
    SENT.clear()
    county_handler.email = ""
    county_handler.save()
    reminders.send_reminders()
    assert "xh-banli" not in {user.username for user, _subject, _text in SENT}
    assert {user.username for user, _subject, _text in SENT} == {"xh-fuze", "hs-fuze"}
    assert mail.outbox == []
    note = due_leads["investigating_soon"].events.get(kind=LeadEvent.Kind.REMINDER)
    assert "xh-banli" not in note.internal_text


def test_a_lead_nobody_can_be_told_about_is_tried_again(make_lead, frozen):
    lead = make_lead()  # no suggested office, no handler
    Lead.objects.filter(pk=lead.pk).update(due_on=D(2025, 9, 1))
    frozen(at(TODAY))
    assert reminders.send_reminders() == 0
    assert not lead.events.filter(kind=LeadEvent.Kind.REMINDER).exists()


SENT = []


def record_message(user, subject, text):
    if not user.email:
        return False
    SENT.append((user, subject, text))
    return True


# --- Notices to reporters ---------------------------------------------------------------


class RecordingNotifier:
    sent = []
    answer = True

    def send(self, lead, subject, text):
        self.sent.append((lead.pk, subject, text))
        return self.answer


@pytest.fixture
def notifier(settings):
    settings.PORTAL_NOTIFIER = "tests.leads.test_reminders.RecordingNotifier"
    RecordingNotifier.sent = []
    RecordingNotifier.answer = True
    return RecordingNotifier


def test_named_reporters_are_told_of_acceptance_and_conclusion_once(notifier, make_lead, advance):
    accepted = advance(make_lead(), "assigned")
    concluded = advance(make_lead(), "replied")
    anonymous = advance(make_lead(anonymous=True), "replied")
    no_contact = advance(make_lead(reporter={"reporter_name": "李四"}), "concluded")
    received = make_lead()

    assert reminders.notify_reporters() == 3
    told = {(pk, subject) for pk, subject, _text in notifier.sent}
    assert told == {
        (accepted.pk, "受理告知"),
        (concluded.pk, "受理告知"),  # accepted, never told, and concluded since
        (concluded.pk, "办结告知"),
    }
    for pk, _subject, text in notifier.sent:
        number = Lead.objects.get(pk=pk).receipt_number
        assert number in text and DESCRIPTION not in text
    for lead in (accepted, concluded):
        assert lead.deadlines.get(stage=Stage.NOTIFY).met_at is not None
    event = accepted.events.get(kind=LeadEvent.Kind.NOTIFIED)
    assert event.public and event.public_text == "已向您发送受理告知。"
    assert event.state == LeadState.ACCEPTED
    notices = concluded.events.filter(kind=LeadEvent.Kind.NOTIFIED)
    assert {e.public_text for e in notices} == {"已向您发送受理告知。", "已向您发送办结告知。"}
    assert not anonymous.events.filter(kind=LeadEvent.Kind.NOTIFIED).exists()
    assert not no_contact.events.filter(kind=LeadEvent.Kind.NOTIFIED).exists()
    assert not received.events.filter(kind=LeadEvent.Kind.NOTIFIED).exists()
    entries = ModelLogEntry.objects.filter(action=reminders.NOTIFIED_ACTION)
    assert sorted(e.data["about"] for e in entries) == ["accepted", "accepted", "concluded"]

    assert reminders.notify_reporters() == 0  # idempotent
    assert len(notifier.sent) == 3


def test_a_failed_notice_is_retried_and_records_nothing(notifier, make_lead, advance):
    lead = advance(make_lead(), "accepted")
    notifier.answer = False
    assert reminders.notify_reporters() == 0
    assert lead.deadlines.get(stage=Stage.NOTIFY).met_at is None
    assert not lead.events.filter(kind=LeadEvent.Kind.NOTIFIED).exists()
    notifier.answer = True
    assert reminders.notify_reporters() == 1


def test_old_conclusions_are_not_announced(notifier, make_lead, advance):
    lead = advance(make_lead(), "concluded")
    Lead.objects.filter(pk=lead.pk).update(
        concluded_at=timezone.now() - datetime.timedelta(days=45)
    )
    reminders.notify_reporters()
    assert [subject for _pk, subject, _text in notifier.sent] == ["受理告知"]


def test_merged_leads_are_not_told_of_acceptance(notifier, make_lead, county_handler, advance):
    lead = advance(make_lead(), "accepted")
    workflow.perform(county_handler, lead, "merge", target=make_lead())
    assert reminders.notify_reporters() == 0


# --- Setup: schedule, roles, time limits ------------------------------------------------


def test_the_daily_schedule_exists_and_points_at_the_job():
    from django.utils.module_loading import import_string

    schedule = Schedule.objects.get(name="lead_reminders")
    assert schedule.schedule_type == Schedule.DAILY
    assert import_string(schedule.func) is reminders.run_daily
    assert schedule.next_run > timezone.now() - datetime.timedelta(days=1)
    risk = Schedule.objects.get(name="facility_risk")
    assert risk.schedule_type == Schedule.DAILY and import_string(risk.func)


def perms(group_name):
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("codename", flat=True))


def test_roles():
    handler, supervisor = perms("线索办理员"), perms("线索负责人")
    approver, custodian, admin = perms("奖励审批人"), perms("举报人信息保管员"), perms("管理员")
    assert {"access_admin", "view_lead", "handle_lead"} <= handler
    assert not handler & {"dispatch_lead", "propose_reward", "view_reporter_identity"}
    assert {"view_lead", "handle_lead", "dispatch_lead", "propose_reward",
            "view_facilityrisk"} <= supervisor  # fmt: skip
    assert not supervisor & {"approve_reward", "pay_reward", "view_reporter_identity"}
    assert {"view_lead", "approve_reward", "pay_reward"} <= approver
    assert "handle_lead" not in approver
    assert {"view_lead", "view_reporter_identity"} <= custodian
    assert {"view_lead", "handle_lead", "dispatch_lead", "propose_reward", "approve_reward",
            "pay_reward", "view_all_leads", "change_leadtimelimit", "change_riskfactor",
            "add_staffoffice", "change_staffoffice"} <= admin  # fmt: skip
    assert "view_reporter_identity" not in admin  # need to know: the custodian's


def test_setup_is_idempotent_and_keeps_edited_limits():
    LeadTimeLimit.objects.filter(stage=Stage.CONCLUDE).update(working_days=45)
    before = {name: perms(name) for name in ("线索办理员", "线索负责人", "奖励审批人", "管理员")}
    ensure_lead_setup()
    ensure_lead_setup()
    assert LeadTimeLimit.objects.count() == 3
    assert LeadTimeLimit.objects.get(stage=Stage.CONCLUDE).working_days == 45
    assert Schedule.objects.filter(name="lead_reminders").count() == 1
    assert {name: perms(name) for name in before} == before
