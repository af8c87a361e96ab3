"""Numbering, hashing and saving the demo leads built by `leads.build_leads`."""

import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from ...intake.receipts import hash_query_code, receipt_prefix
from ...models import Lead, LeadDeadline, LeadEvent, LeadReward, LeadSupplement


def receipt_numbers(planned: list, taken: set):
    """Prefix + local date + daily sequence across kinds, in order of submission."""
    daily = Counter()
    for item in sorted(planned, key=lambda p: p.lead.submitted_at):
        lead = item.lead
        day = lead.submitted_at.date()  # aware() made it in the current time zone
        while True:
            daily[day] += 1
            number = f"{receipt_prefix(lead.kind)}{day:%Y%m%d}{daily[day]:05d}"
            if number not in taken:
                break
        lead.receipt_number = number


def code_hash(code: str, known: bool) -> str:
    """Every demo code hashed as a real one is (cheap enough: a few ms each)."""
    return hash_query_code(code)


def hash_codes(items: list) -> list:
    """Hashes in parallel: PBKDF2 (hashlib) releases the GIL while it works."""
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return list(pool.map(lambda item: code_hash(*item), items))


def save_leads(built) -> None:
    Lead.objects.bulk_create(built.leads, batch_size=500)
    if built.leads and built.leads[0].pk is None:
        raise RuntimeError("seed_demo needs a database that returns ids from bulk inserts")
    # Links between leads once both have ids (bulk_create refuses unsaved related objects).
    for lead, target in built.merges:
        lead.merged_into = target
    Lead.objects.bulk_update([lead for lead, _ in built.merges], ["merged_into"], batch_size=500)
    LeadSupplement.objects.bulk_create(built.supplements, batch_size=500)
    LeadEvent.objects.bulk_create(built.events, batch_size=1000)
    LeadDeadline.objects.bulk_create(built.deadlines, batch_size=1000)
    LeadReward.objects.bulk_create(built.rewards, batch_size=500)
    co_offices = Lead.co_offices.through
    co_offices.objects.bulk_create(
        [co_offices(lead_id=lead.pk, authority_id=office.pk) for lead, office in built.co_offices],
        batch_size=1000,
    )
    through = Lead.possible_duplicates.through
    through.objects.bulk_create(
        [through(from_lead_id=a.pk, to_lead_id=b.pk) for a, b in built.duplicates],
        ignore_conflicts=True,
        batch_size=1000,
    )
