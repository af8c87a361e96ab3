"""Writing a submission: the lead, its events and evidence in one transaction, then
(after commit) the follow-up tasks. Returns the lead and the query code, shown once."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from ..leads import deadlines
from ..models import Lead, LeadEvent, LeadSupplement, Stage
from .evidence import save_evidence
from .masking import apply_masks
from .receipts import hash_query_code, new_query_code, save_with_receipt
from .tasks import queue_followups

IDENTITY_FIELDS = ("reporter_name", "reporter_id_number", "reporter_phone", "reporter_email",
                   "reporter_address")  # fmt: skip
LEAD_FIELDS = ("category", "facility", "facility_name", "facility_address", "region",
               "occurred_on", "description", "wanted", "anonymous", "reward_consent")  # fmt: skip


@sensitive_variables()  # an error report must not carry the reporter's identity
def submit_lead(kind, data: dict, files=()) -> tuple[Lead, str]:
    """`data`: cleaned form data; `files`: CheckedFile list (already validated)."""
    code = new_query_code()
    lead = Lead(kind=kind, query_code_hash=hash_query_code(code), submitted_at=timezone.now())
    for name in LEAD_FIELDS:
        if name in data and data[name] is not None:
            setattr(lead, name, data[name])
    if not lead.anonymous:
        for name in IDENTITY_FIELDS:
            setattr(lead, name, (data.get(name) or "").strip())
    apply_masks(lead)
    with transaction.atomic():
        save_with_receipt(lead)
        # The 受理审查 clock runs from receipt (DOMAIN.md §5).
        deadlines.start(lead, Stage.DECIDE, timezone.localdate(lead.submitted_at))
        deadlines.refresh_due(lead)
        LeadEvent.objects.create(
            lead=lead,
            kind=LeadEvent.Kind.RECEIVED,
            state=lead.state,
            public=True,
            public_text=_("已收到您的反映，将在规定时限内决定是否受理。"),
            created_at=lead.submitted_at,
        )
        for checked in files:
            save_evidence(lead, checked)
        transaction.on_commit(lambda: queue_followups(lead.pk))
    return lead, code


@sensitive_variables()
def add_supplement(lead, text: str, files=()) -> LeadSupplement:
    with transaction.atomic():
        supplement = LeadSupplement.objects.create(lead=lead, text=text)
        for checked in files:
            save_evidence(lead, checked, supplement=supplement)
        LeadEvent.objects.create(
            lead=lead,
            kind=LeadEvent.Kind.SUPPLEMENT,
            public=True,
            public_text=_("您补充了材料（%(n)d 个文件）。") % {"n": len(files)},
        )
    return supplement
