"""What every record kind shares: the unsaved record, document numbers, publication,
publicity and withdrawal.

Records are written with `bulk_create`, which bypasses `Model.save()`: what `save()` would
compute (party name, publicity) is computed here."""

import datetime
from collections import defaultdict

from ...publicity import apply_publicity
from .common import LIVE, WITHDRAWN_RATE, Demo, office_time


def new_record(model, demo: Demo, facility, authority, decision_date, state, **fields):
    record = model(
        facility=facility,
        party_name=facility.name,
        authority=authority,
        decision_date=decision_date,
        data_source_name=authority.name,
        data_source_uscc=authority.uscc or "",
        live=state == LIVE,
        has_unpublished_changes=state != LIVE,
        **fields,
    )
    record.demo_state = state
    return record


def authority_key(authority) -> str:
    """The authority part of a record_key, as the importer builds it."""
    return authority.uscc or authority.name


def number_documents(demo: Demo, rng, records, pattern="{abbr}{tag}〔{year}〕{seq:04d}号"):
    """Document numbers unique per authority, in date order within each year and series."""
    groups = defaultdict(list)
    for i, record in enumerate(records):
        key = (record.authority.name, record.demo_tag, record.decision_date.year)
        groups[key].append((record.decision_date, i, record))
    for key in sorted(groups):
        name, tag, year = key
        seq = rng.randint(0, 5)
        for _, _, record in sorted(groups[key], key=lambda item: item[:2]):
            seq += rng.randint(1, 3)
            abbr = demo.authorities.abbr.get(name, "")
            record.document_number = pattern.format(abbr=abbr, tag=tag, year=year, seq=seq)
            record.record_key = f"{authority_key(record.authority)}|{record.document_number}"


def publish(demo: Demo, rng, records) -> None:
    """Publication time of live records: a few working days after the decision."""
    last = len(demo.workdays) - 1
    for record in records:
        if not record.live:
            continue
        index = demo.workday_index.get(record.decision_date, last)
        day = demo.workdays[min(index + rng.randint(0, 5), last)]
        record.first_published_at = office_time(rng, day, demo.today)
        record.last_published_at = record.first_published_at


def is_public(record, today) -> bool:
    """`PublicRecordQuerySet.public()` for an unsaved record."""
    return bool(
        record.live
        and record.publishable
        and not record.withdrawn_at
        and not record.repaired_at
        and record.decision_date <= today
        and (record.publicity_ends_on is None or record.publicity_ends_on >= today)
    )


def a_few(rng, candidates: list, rate: float) -> list:
    """A share of the candidates, at least one when there are any (tests rely on them)."""
    if not candidates:
        return []
    chosen = rng.sample(range(len(candidates)), max(1, round(len(candidates) * rate)))
    return [candidates[i] for i in sorted(chosen)]


def withdraw_some(demo: Demo, rng, records, reasons) -> None:
    """Decisions revoked or corrected after publication are withdrawn from the portal."""
    for record in a_few(rng, [r for r in records if r.live], WITHDRAWN_RATE):
        start = record.first_published_at.date()
        day = min(start + datetime.timedelta(days=rng.randint(5, 120)), demo.today)
        record.withdrawn_at = office_time(rng, day, demo.today)
        record.withdrawal_reason = rng.choice(reasons)


def finish(demo: Demo, rng, records, blacklisted=None) -> None:
    """Publication times and publicity, as save() would compute them."""
    publish(demo, rng, records)
    for record in records:
        flag = None if blacklisted is None else record.facility_id in blacklisted
        apply_publicity(record, demo.rules, blacklisted=flag)
