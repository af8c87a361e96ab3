"""The facility risk score (机构风险评分), recomputed daily.

    score = Σ weight(factor) × count(factor, within the factor's window)

over five factors (RiskFactor rows, weights and windows editable in the admin):

| factor              | counts                                                       |
|---------------------|--------------------------------------------------------------|
| lead                | leads about the facility not (or not yet) substantiated,    |
|                     | refused and merged leads left out                            |
| substantiated_lead  | leads concluded 查实 or 部分查实                              |
| penalty             | penalty decisions (live, not withdrawn)                      |
| failed_inspection   | random-inspection results 发现问题已责令改正 or 移交处理       |
| practice_point      | bad-practice points (the sum of PracticeScore.points)        |

Leads count by submission date, records by decision date, from `window_months` before
today. `recompute_all` runs one aggregate query per factor (GROUP BY facility) and replaces
all FacilityRisk rows in one transaction, written in batches of 10,000: a fixed number of
queries, never one per facility.
Random-inspection draws weigh facilities with `weights_for` (1 + score).
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from ..models import (
    SUBSTANTIATED_OUTCOMES,
    FacilityRisk,
    InspectionResult,
    Lead,
    LeadState,
    PenaltyRecord,
    PracticeScore,
    RiskFactor,
)

Key = RiskFactor.Key
# Default weight and window (months) per factor: a substantiated lead weighs five plain
# ones; practice points follow their one-year cycle (DOMAIN.md §7).
DEFAULTS = {
    Key.LEAD: (Decimal("1"), 24),
    Key.SUBSTANTIATED_LEAD: (Decimal("5"), 24),
    Key.PENALTY: (Decimal("4"), 24),
    Key.FAILED_INSPECTION: (Decimal("3"), 24),
    Key.PRACTICE_POINT: (Decimal("0.5"), 12),
}
# The FacilityRisk column holding each factor's count.
COLUMNS = {
    Key.LEAD: "leads",
    Key.SUBSTANTIATED_LEAD: "substantiated_leads",
    Key.PENALTY: "penalties",
    Key.FAILED_INSPECTION: "failed_inspections",
    Key.PRACTICE_POINT: "practice_points",
}
FAILED_RESULTS = (InspectionResult.Result.CORRECTED, InspectionResult.Result.TRANSFERRED)
# Leads that say nothing about the facility: refused, or duplicates merged into another.
IGNORED_LEAD_STATES = (LeadState.REFUSED, LeadState.MERGED)
BASE_WEIGHT = Decimal("1")  # a facility with no risk still has a chance to be drawn
SCORE_LIMIT = Decimal("9999999.99")  # FacilityRisk.score: 9 digits, 2 decimals
BATCH_SIZE = 10_000  # rows per executemany
ID_CHUNK = 10_000


def ensure_risk_factors() -> None:
    """Create the missing RiskFactor rows with their defaults; edited rows stay as they are.
    Idempotent (portal.setup calls it after migrate)."""
    existing = set(RiskFactor.objects.values_list("key", flat=True))
    RiskFactor.objects.bulk_create(
        [
            RiskFactor(key=key, weight=weight, window_months=months)
            for key, (weight, months) in DEFAULTS.items()
            if key not in existing
        ]
    )


def factors() -> dict:
    """{key: (weight, window_months)}: the rows, the defaults for missing ones."""
    found = dict(DEFAULTS)
    for key, weight, months in RiskFactor.objects.values_list("key", "weight", "window_months"):
        if key in found:
            found[key] = (weight, months)
    return found


def counts(key, since) -> list:
    """[(facility_id, count)] of one factor since the date `since`."""
    if key in (Key.LEAD, Key.SUBSTANTIATED_LEAD):
        start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
        qs = Lead.objects.filter(facility__isnull=False, submitted_at__gte=start)
        if key == Key.LEAD:
            qs = qs.exclude(state__in=IGNORED_LEAD_STATES).exclude(
                outcome__in=SUBSTANTIATED_OUTCOMES
            )
        else:
            qs = qs.filter(outcome__in=SUBSTANTIATED_OUTCOMES)
        total = Count("pk")
    else:
        model = {
            Key.PENALTY: PenaltyRecord,
            Key.FAILED_INSPECTION: InspectionResult,
            Key.PRACTICE_POINT: PracticeScore,
        }[key]
        qs = model.objects.filter(live=True, withdrawn_at__isnull=True, decision_date__gte=since)
        if key == Key.FAILED_INSPECTION:
            qs = qs.filter(result__in=FAILED_RESULTS)
        total = Sum("points") if key == Key.PRACTICE_POINT else Count("pk")
    rows = qs.order_by().values("facility_id").annotate(n=total).values_list("facility_id", "n")
    return [(facility_id, n) for facility_id, n in rows if n]


def score_of(values: dict, weights: dict) -> Decimal:
    """The score of one facility from its counts {key: n} and {key: (weight, months)}."""
    total = sum((weights[key][0] * values.get(key, 0) for key in COLUMNS), Decimal("0"))
    return min(max(total, Decimal("0")), SCORE_LIMIT).quantize(Decimal("0.01"))


def recompute_all(today=None) -> int:
    """Recompute every facility's score (the daily django-q2 schedule and the admin button).
    Facilities with nothing to count get no row. Returns the number of rows written."""
    today = today or timezone.localdate()
    weights = factors()
    values = defaultdict(dict)
    for key in COLUMNS:
        since = today - relativedelta(months=weights[key][1])
        for facility_id, n in counts(key, since):
            values[facility_id][key] = n
    now = timezone.now()
    rows = [
        (facility_id, score_of(found, weights), *(found.get(key, 0) for key in COLUMNS))
        for facility_id, found in values.items()
    ]
    _replace_all(rows, now)
    return len(rows)


def _replace_all(rows, now) -> None:
    """Swap the table's rows in one transaction (readers see the old scores until commit).
    Plain executemany, not bulk_create: with 100,000 rows the ORM spent ~90 % of its time
    building model instances and preparing field values (a whole recompute of 100,000
    facilities on SQLite took 12 s with bulk_create, 3 s like this)."""
    meta = FacilityRisk._meta
    quote = connection.ops.quote_name
    fields = [meta.get_field(name) for name in ("facility", "score", *COLUMNS.values())]
    computed_at = meta.get_field("computed_at")
    columns = ", ".join(quote(f.column) for f in [*fields, computed_at])
    marks = ", ".join(["%s"] * (len(fields) + 1))
    insert = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"
    stamp = computed_at.get_db_prep_save(now, connection)
    adapt = connection.ops.adapt_decimalfield_value
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {quote(meta.db_table)}")
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(
                insert,
                [
                    (facility_id, adapt(score, 9, 2), *rest, stamp)
                    for facility_id, score, *rest in rows[start : start + BATCH_SIZE]
                ],
            )


def high_risk(limit=50):
    """The highest scores first (the admin list, the dashboard)."""
    return (
        FacilityRisk.objects.filter(score__gt=0)
        .select_related("facility", "facility__region")
        .order_by("-score", "facility_id")[:limit]
    )


def weights_for(facility_ids) -> dict:
    """{facility_id: 1 + score} for weighted random draws; unknown facilities weigh 1."""
    ids = list(dict.fromkeys(facility_ids))
    result = dict.fromkeys(ids, BASE_WEIGHT)
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start : start + ID_CHUNK]
        for facility_id, score in FacilityRisk.objects.filter(facility_id__in=chunk).values_list(
            "facility_id", "score"
        ):
            result[facility_id] = BASE_WEIGHT + score
    return result


def enqueue_recompute() -> None:
    """Recompute every score in the background once the current transaction commits."""

    def send():
        from django_q.tasks import async_task

        async_task("portal.leads.risk.recompute_all", group="risk")

    transaction.on_commit(send)
