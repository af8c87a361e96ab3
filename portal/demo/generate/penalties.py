"""行政处罚: facts, legal basis and penalties from the violations vocabulary; a few overdue
drafts, withdrawals and credit repairs."""

import datetime

from ...models import AuthorityKind, PenaltyRecord, PenaltyType
from .. import vocabulary as v
from .common import (
    OVERDUE,
    REPAIRED_RATE,
    Demo,
    chinese_date,
    draw_state,
    nice_amount,
    office_time,
    region_prefix,
    wan,
    weighted,
)
from .names import address
from .records import a_few, finish, is_public, new_record, number_documents, withdraw_some


def facts_context(rng, facility, when) -> dict:
    area, district = facility.demo_area, facility.demo_district
    return {
        "date": chinese_date(when),
        "party": facility.name,
        "address": facility.address or address(rng, area, district, facility.demo_kind),
        "count": rng.randint(1, 4),
        "region": f"{region_prefix(area)}{district.name}",
        "business": v.PARTY_KIND[facility.demo_kind].business,
    }


def penalty_content(categories, fine, gain, certificate, kind) -> str:
    parts = []
    for category in categories:
        if category == v.W:
            parts.append("警告")
        elif category == v.CRITICISE:
            parts.append("通报批评")
        elif category == v.C:
            parts.append(f"没收违法所得人民币{gain}元")
        elif category == v.G:
            parts.append("没收药品、医疗器械")
        elif category == v.F:
            parts.append(f"罚款人民币{fine}元")
        elif category == v.REVOKE:
            parts.append(f"吊销《{certificate}》")
        elif category == v.SUSPEND:
            parts.append(
                "责令暂停执业活动六个月" if kind == "practitioner" else "责令停业整顿三个月"
            )
        else:
            parts.append(category)
    return "，".join(parts)


def pick_violation(demo: Demo, rng, decided):
    candidates = [
        violation
        for violation in v.VIOLATIONS
        if (violation.until is None or decided <= violation.until)
        and demo.pool(violation.targets)[0]
    ]
    violation = weighted(rng, candidates, lambda x: x.weight)
    return violation, demo.pick(rng, violation.targets)


def penalty_fields(demo: Demo, rng, violation, facility, decided) -> dict:
    scheme = weighted(rng, violation.schemes, lambda s: s.weight)
    gain = rng.randrange(scheme.gain[0], scheme.gain[1] + 1, 10) if scheme.gain else None
    if scheme.multiple:
        fine = max(gain or 0, 10000) * rng.randint(*scheme.multiple)
    elif scheme.fine:
        fine = nice_amount(rng, *scheme.fine)
    else:
        fine = None
    categories = scheme.categories
    certificate = v.CERTIFICATES.get(facility.demo_kind, v.DEFAULT_CERTIFICATE)
    inspected = decided - datetime.timedelta(days=rng.randint(20, 75))
    context = facts_context(rng, facility, inspected)
    template = violation.facts
    if gain is None:
        template = template.replace("，违法所得人民币{gain}元", "")
    facts = template.format(detail=rng.choice(violation.details), gain=gain, **context)
    rule = "有关" if violation.violated.endswith("》") else ""
    affected = ""
    if v.REVOKE in categories:
        number = f"（{facility.licence_number}）" if facility.licence_number else ""
        affected = f"《{certificate}》{number}"
    return {
        "violation_type": violation.violation_type,
        "facts": f"{facts}上述行为违反了{violation.violated}的{rule}规定。",
        "legal_basis": violation.basis,
        "penalty_categories": ";".join(categories),
        "content": penalty_content(categories, fine, gain, certificate, facility.demo_kind),
        "fine_amount": wan(fine) if fine and v.F in categories else None,
        "confiscated_amount": wan(gain) if gain and v.C in categories else None,
        "licence_affected": affected,
    }


def overdue_drafts(count: int) -> int:
    """A handful of penalty drafts past the 7-working-day limit."""
    return min(count, min(12, max(3, count // 200)))


def build_penalties(demo: Demo, count: int) -> list:
    rng = demo.rng("penalties")
    records = []
    overdue = overdue_drafts(count)
    for i in range(count):
        state = OVERDUE if i < overdue else draw_state(rng)
        decided = demo.decision_date(rng, state)
        violation, facility = pick_violation(demo, rng, decided)
        authority = demo.authorities.enforcer(rng, facility)
        fields = penalty_fields(demo, rng, violation, facility, decided)
        record = new_record(PenaltyRecord, demo, facility, authority, decided, state, **fields)
        if authority.kind == AuthorityKind.HEALTH_SUPERVISION:
            record.demo_tag = "卫监罚"
        elif facility.demo_kind in v.PUBLIC_PLACES | v.WATER:
            record.demo_tag = "卫公罚"
        else:
            record.demo_tag = "卫医罚"
        records.append(record)
    number_documents(demo, rng, records)
    finish(demo, rng, records, blacklisted=demo.blacklisted)
    withdraw_some(demo, rng, records, v.WITHDRAWAL_REASONS)
    repair_some(demo, rng, records)
    for record in records:
        record.valid_until = record.publicity_ends_on
    return records


def repair_some(demo: Demo, rng, records) -> None:
    """Approve credit repair for some public penalties whose minimum period has passed."""
    today = demo.today
    eligible = [
        r
        for r in records
        if is_public(r, today) and r.repair_allowed_from and r.repair_allowed_from <= today
    ]
    for record in a_few(rng, eligible, REPAIRED_RATE):
        span = (today - record.repair_allowed_from).days
        day = record.repair_allowed_from + datetime.timedelta(days=rng.randint(0, span))
        record.repaired_at = office_time(rng, day, today)
        record.repair_reason = rng.choice(v.REPAIR_REASONS)
        record.repair_approved_by = demo.reviewer


def save_penalty_types(records) -> None:
    """The PenaltyRecord.penalty_types M2M, which save() would sync from the text."""
    ids = dict(PenaltyType.objects.values_list("name", "pk"))
    through = PenaltyRecord.penalty_types.through
    rows = [
        through(penaltyrecord_id=record.pk, penaltytype_id=ids[name])
        for record in records
        for name in dict.fromkeys(record.penalty_categories.split(";"))
        if name in ids
    ]
    through.objects.bulk_create(rows, batch_size=1000)
