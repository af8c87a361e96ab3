"""What runs after a submission, in the django-q2 worker: acknowledgement to the
reporter, a jurisdiction suggestion, possible duplicates.

`queue_followups` never fails the submission: if the broker refuses, the lead keeps
`followups_queued_at` empty and the `intake_followups` schedule (every few minutes)
queues it again once the broker is back.
"""

import logging

from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger("portal.intake")


def queue_followups(lead_id) -> bool:
    from django_q.tasks import async_task

    from ..models import Lead

    try:
        async_task("portal.intake.tasks.run_followups", lead_id, group="intake")
    except Exception:
        logger.warning("intake: broker unavailable, follow-ups of lead %s wait", lead_id)
        return False
    Lead.objects.filter(pk=lead_id, followups_queued_at__isnull=True).update(
        followups_queued_at=timezone.now()
    )
    return True


def requeue_pending() -> int:
    """The schedule: queue follow-ups of leads whose queueing failed."""
    from ..models import Lead

    pending = Lead.objects.filter(followups_queued_at__isnull=True).values_list("pk", flat=True)
    return sum(queue_followups(pk) for pk in list(pending[:500]))


def run_followups(lead_id):
    from ..models import Lead

    lead = Lead.objects.filter(pk=lead_id).first()
    if lead is None or lead.followups_done_at:
        return
    acknowledge(lead)
    suggest_authority(lead)
    find_duplicates(lead)
    Lead.objects.filter(pk=lead.pk).update(followups_done_at=timezone.now())


def acknowledge(lead):
    from ..models import Lead, LeadEvent
    from .notify import notify

    text = _(
        "您的反映（受理编号 %(number)s）已收到。可凭受理编号和查询码在本站“进度查询”查看办理情况。"
    ) % {"number": lead.receipt_number}
    if notify(lead, _("投诉举报回执"), text):
        now = timezone.now()
        Lead.objects.filter(pk=lead.pk).update(acknowledged_at=now)
        LeadEvent.objects.create(lead=lead, kind=LeadEvent.Kind.ACKNOWLEDGED, created_at=now,
                                 public=True, public_text=_("已向您发送回执。"))  # fmt: skip


def suggest_authority(lead):
    """属地管辖: the health authority of the facility's county, else city, else province."""
    from ..models import Authority, AuthorityKind, Lead

    region = lead.facility.region if lead.facility_id and lead.facility.region_id else lead.region
    if region is None:
        return None
    kinds = (AuthorityKind.HEALTH_SUPERVISION, AuthorityKind.HEALTH_COMMISSION)
    code = region.code
    for prefix in (code, code[:4] + "00", code[:2] + "0000"):
        found = (
            Authority.objects.filter(region__code=prefix, kind__in=kinds)
            .order_by("kind", "pk")
            .first()
        )
        if found:
            Lead.objects.filter(pk=lead.pk).update(suggested_authority=found)
            return found
    return None


def find_duplicates(lead):
    """Open leads this one may duplicate (same subject and category, or similar text,
    within the window): portal.leads.duplicates."""
    from ..leads.duplicates import find

    return find(lead)
