"""The daily lead job (django-q2 schedule "lead_reminders", portal/setup.py):

1. Reminders to staff: for every open lead due soon or overdue, one message per person
   (its handler and the supervisors of its office) listing their leads, and an internal
   REMINDER event on each lead; a lead is reminded at most once a day.
2. Notices to named reporters who left a phone number or an email address: when their
   lead was accepted (this stops the 告知举报人 clock) and when it was concluded, through
   portal.intake.notify; each writes a public NOTIFIED event.

Running it twice on the same day sends nothing twice. Staff messages go through
`PORTAL_REMINDER_SENDER` (a dotted path to `send(user, subject, text) -> bool`; default:
email to the user's address). Messages carry receipt numbers and facility names, never
the reporter's identity or the content of the report.
"""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..intake.submit import IDENTITY_FIELDS
from ..models import Lead, LeadDeadline, LeadEvent, LeadState, StaffOffice, Stage
from ..models.leads import OPEN_STATES
from . import deadlines

logger = logging.getLogger("portal.leads")

REMINDER_ACTION = "portal.lead.reminder"
NOTIFIED_ACTION = "portal.lead.notified"
# Concluded leads are announced only if concluded this recently (not the whole archive
# the first time the job runs).
CONCLUDED_NOTICE_DAYS = 30
CONCLUDED_STATES = (LeadState.CONCLUDED, LeadState.REPLIED, LeadState.CLOSED)


def run_daily(today=None) -> dict:
    """The schedule's entry point."""
    today = today or timezone.localdate()
    return {
        "reminded_leads": send_reminders(today),
        "reporters_notified": notify_reporters(today),
    }


# --- Staff reminders ---------------------------------------------------------------------


def send_email(user, subject, text) -> bool:
    if not user.email:
        return False
    send_mail(subject, text, None, [user.email])
    return True


def sender():
    path = getattr(settings, "PORTAL_REMINDER_SENDER", "portal.leads.reminders.send_email")
    return import_string(path)


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def leads_to_remind(today):
    """Open leads overdue or due soon, not yet reminded today."""
    reminded_today = LeadEvent.objects.filter(
        lead=OuterRef("pk"), kind=LeadEvent.Kind.REMINDER, created_at__gte=_start_of(today)
    )
    due = Q(state__in=OPEN_STATES, due_on__lt=today) | deadlines.due_soon_q(today)
    return (
        Lead.objects.filter(due)
        .filter(~Exists(reminded_today))
        .defer(*IDENTITY_FIELDS)  # a reporter notice loads them, one lead at a time
        .select_related("category", "facility", "handler")
        .order_by("due_on", "pk")
    )


def recipients(leads) -> dict:
    """{user: [lead, …]}: each lead's handler and the supervisors of its office (or, before
    acceptance, of the suggested office) and of the handler's own office."""
    handler_offices = dict(
        StaffOffice.objects.filter(user_id__in={lead.handler_id for lead in leads}).values_list(
            "user_id", "office_id"
        )
    )
    offices_of = {}
    for lead in leads:
        office = lead.office_id or lead.suggested_authority_id
        offices_of[lead.pk] = {o for o in (office, handler_offices.get(lead.handler_id)) if o}
    supervisors = defaultdict(list)
    for membership in StaffOffice.objects.filter(
        office_id__in=set().union(*offices_of.values()), supervisor=True, user__is_active=True
    ).select_related("user"):
        supervisors[membership.office_id].append(membership.user)
    found = defaultdict(list)
    for lead in leads:
        people = {u.pk: u for office in offices_of[lead.pk] for u in supervisors[office]}
        if lead.handler_id and lead.handler.is_active:
            people[lead.handler_id] = lead.handler
        for user in people.values():
            found[user].append(lead)
    return found


def reminder_text(leads, today, flags) -> tuple[str, str]:
    """Subject and text for one person; `flags`: {lead pk: "overdue" | "due_soon"}."""
    late = [lead for lead in leads if flags[lead.pk] == deadlines.OVERDUE]
    subject = _("线索办理提醒：%(late)d 条已超期，%(soon)d 条即将到期") % {
        "late": len(late),
        "soon": len(leads) - len(late),
    }
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    lines = []
    for lead in leads:
        flag = _("已超期") if lead in late else _("即将到期")
        lines.append(
            f"{lead.receipt_number}  {lead.subject or '-'}  {lead.category}  "
            f"{lead.get_state_display()}  {_('期限')} {lead.due_on:%Y-%m-%d}（{flag}）\n"
            f"  {base}{reverse('leads:inspect', args=[lead.pk])}"
        )
    return subject, "\n".join([_("以下线索请及时办理："), "", *lines])


def send_reminders(today=None) -> int:
    """Send today's reminders; returns how many leads were reminded."""
    today = today or timezone.localdate()
    leads = list(leads_to_remind(today))
    if not leads:
        return 0
    cutoffs = deadlines.due_soon_cutoffs(today)
    flags = {lead.pk: deadlines.due_state(lead, today, cutoffs) for lead in leads}
    send = sender()
    told = defaultdict(list)  # lead pk -> users who got it
    for user, user_leads in recipients(leads).items():
        subject, text = reminder_text(user_leads, today, flags)
        try:
            sent = send(user, subject, text)
        except Exception:
            logger.exception("reminder to user %s failed", user.pk)
            sent = False
        if sent:
            for lead in user_leads:
                told[lead.pk].append(user)
    now = timezone.now()
    with transaction.atomic():
        for lead in leads:
            users = told.get(lead.pk)
            if not users:
                continue  # nobody to tell (yet): tried again tomorrow
            names = "、".join(user.get_full_name() or user.get_username() for user in users)
            late = flags[lead.pk] == deadlines.OVERDUE
            event = LeadEvent.objects.create(
                lead=lead, kind=LeadEvent.Kind.REMINDER, created_at=now,
                internal_text=_("%(flag)s提醒已发送给：%(names)s") % {
                    "flag": _("超期") if late else _("临期"), "names": names},
            )  # fmt: skip
            log(instance=lead, action=REMINDER_ACTION, data={"event": event.pk,
                "users": [user.pk for user in users], "due_on": f"{lead.due_on:%Y-%m-%d}"})  # fmt: skip
    return len(told)


# --- Reporter notices --------------------------------------------------------------------


def with_contact(queryset):
    """Named reporters who left a phone number or an email address (masked copies)."""
    return queryset.filter(anonymous=False).exclude(
        reporter_phone_masked="", reporter_email_masked=""
    )


def notify_reporters(today=None) -> int:
    from ..intake.notify import notify

    today = today or timezone.localdate()
    sent = 0
    accepted = with_contact(
        Lead.objects.filter(
            Exists(
                LeadDeadline.objects.filter(
                    lead=OuterRef("pk"), stage=Stage.NOTIFY, met_at__isnull=True
                )
            )  # fmt: skip
        )
    )
    for lead in accepted.order_by("pk"):
        text = _(
            "您的反映（受理编号 %(number)s）已受理，正在依法办理。"
            "可凭受理编号和查询码在本站“进度查询”查看办理情况。"
        ) % {"number": lead.receipt_number}
        if notify(lead, _("受理告知"), text):
            _record_notice(lead, LeadState.ACCEPTED, _("已向您发送受理告知。"))
            sent += 1
    told = LeadEvent.objects.filter(
        lead=OuterRef("pk"), kind=LeadEvent.Kind.NOTIFIED, state=LeadState.CONCLUDED
    )
    concluded = with_contact(
        Lead.objects.filter(
            state__in=CONCLUDED_STATES,
            concluded_at__gte=_start_of(today - datetime.timedelta(days=CONCLUDED_NOTICE_DAYS)),
        ).filter(~Exists(told))
    )
    for lead in concluded.order_by("pk"):
        text = _(
            "您的反映（受理编号 %(number)s）已办结。"
            "可凭受理编号和查询码在本站“进度查询”查看办理结果。"
        ) % {"number": lead.receipt_number}
        if notify(lead, _("办结告知"), text):
            _record_notice(lead, LeadState.CONCLUDED, _("已向您发送办结告知。"))
            sent += 1
    return sent


def _record_notice(lead, about, public_text):
    with transaction.atomic():
        if about == LeadState.ACCEPTED:
            deadlines.meet(lead, Stage.NOTIFY)
        event = LeadEvent.objects.create(
            lead=lead, kind=LeadEvent.Kind.NOTIFIED, state=about, public=True,
            public_text=public_text,
        )  # fmt: skip
        log(instance=lead, action=NOTIFIED_ACTION, data={"event": event.pk, "about": about})
