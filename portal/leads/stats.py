"""The numbers of the leads dashboard (线索统计), for the leads a user may see.

Every figure starts from `access.visible_leads(user)`, narrowed to a region subtree when
one is chosen, so a county user's dashboard counts only what their inbox shows. Counts by
state, category, region and month are of the leads *received* in the period; handling
time, outcomes and the on-time rate are of the leads *concluded* in it (a lead received
in March and concluded in May counts in May's handling figures). docs/leads-stats.md
defines each number.

Each function is one aggregate query (GROUP BY in the database), so the dashboard costs
the same dozen queries whatever the number of leads; all run on SQLite and PostgreSQL.
The median is PERCENTILE_CONT on PostgreSQL; SQLite has no percentile, so there it is
read with ORDER BY … LIMIT 2 OFFSET n/2 (the middle rows only).
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from ..models import (
    OPEN_STATES,
    SUBSTANTIATED_OUTCOMES,
    LeadDeadline,
    LeadOutcome,
    LeadState,
    Region,
    Stage,
)
from ..regions import parent_code
from ..workdays import adjustments, is_working_day
from . import access

DEFAULT_MONTHS = 12
MAX_MONTHS = 36
TOP_REGIONS = 15
MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
REGION_PREFIX = re.compile(r"\d{2}|\d{4}|\d{6}", re.ASCII)
ONE_DAY = datetime.timedelta(days=1)
TENTH = Decimal("0.1")


# --- what is counted: period, region, the user's scope ----------------------------------


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def aware_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def region_prefix(value: str) -> str:
    """The code prefix a region filter value selects ("330100" → "3301"), or "" if invalid."""
    value = (value or "").strip()
    if not REGION_PREFIX.fullmatch(value):
        return ""
    while len(value) > 2 and value.endswith("00"):
        value = value[:-2]
    return value


@dataclass(frozen=True)
class Filters:
    """The dashboard's GET filters: ?from=2025-04&to=2026-03&region=3301."""

    first: datetime.date  # first day of the first month
    last: datetime.date  # first day of the last month
    region: str = ""  # GB/T 2260 code prefix (2, 4 or 6 digits), "" for the whole scope
    notes: tuple = field(default=(), compare=False)  # values that were ignored, for the page

    @classmethod
    def default(cls, today: datetime.date) -> "Filters":
        last = month_start(today)
        return cls(first=last - relativedelta(months=DEFAULT_MONTHS - 1), last=last)

    @classmethod
    def from_query(cls, params, today: datetime.date, scope: "Scope") -> "Filters":
        """Invalid values are ignored (with a note, see `notes`), never an error."""
        default = cls.default(today)
        notes = []
        first = _month(params.get("from"), today, notes, "from") or default.first
        last = _month(params.get("to"), today, notes, "to") or default.last
        if first > last:
            notes.append(("order", ""))
            first, last = default.first, default.last
        if months_between(first, last) > MAX_MONTHS:
            notes.append(("span", ""))
            first = last - relativedelta(months=MAX_MONTHS - 1)
        raw = (params.get("region") or "").strip()
        region = region_prefix(raw)
        if raw and (not region or not scope.contains(region)):
            notes.append(("region", raw[:20]))
            region = ""
        return cls(first=first, last=last, region=region, notes=tuple(notes))

    @property
    def start(self) -> datetime.datetime:
        return aware_start(self.first)

    @property
    def end(self) -> datetime.datetime:
        """Exclusive: midnight at the start of the month after the last."""
        return aware_start(self.last + relativedelta(months=1))

    @property
    def end_date(self) -> datetime.date:
        return self.last + relativedelta(months=1) - ONE_DAY

    def months(self) -> list[datetime.date]:
        return [
            self.first + relativedelta(months=i)
            for i in range(months_between(self.first, self.last))
        ]


def months_between(first: datetime.date, last: datetime.date) -> int:
    """How many months from `first` to `last`, both counted."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def earliest_month(today: datetime.date) -> datetime.date:
    return month_start(today) - relativedelta(months=MAX_MONTHS * 2 - 1)


def _month(value, today, notes, name) -> datetime.date | None:
    value = (value or "").strip()
    if not value:
        return None
    match = MONTH.fullmatch(value)
    if match and 1 <= int(match[2]) <= 12:
        month = datetime.date(int(match[1]), int(match[2]), 1)
        if earliest_month(today) <= month <= month_start(today):
            return month
    notes.append((name, value[:20]))
    return None


@dataclass(frozen=True)
class Scope:
    """Where the user works: their office's region, or None for every region (a superuser,
    `view_all_leads`, a provincial office). Only the regions list and the region chart's
    grouping use it; which leads count is `access.visible_leads`."""

    region: Region | None

    @property
    def prefix(self) -> str:
        return self.region.prefix if self.region else ""

    def contains(self, prefix: str) -> bool:
        return prefix.startswith(self.prefix)


def user_scope(user) -> Scope:
    if access.scope(user) is None:
        return Scope(None)
    membership = access.staff_office(user)
    return Scope(membership.office.region if membership else None)


def subtree_q(prefix: str) -> Q:
    """Leads about a place under `prefix`: the facility's region, else the reporter's (the
    same rule as row-level access)."""
    subtree = Region.objects.filter(code__startswith=prefix).values("pk")
    return Q(facility__region__in=subtree) | Q(facility__region__isnull=True, region__in=subtree)


def leads_for(user, filters: Filters):
    leads = access.visible_leads(user)
    if filters.region:
        leads = leads.filter(subtree_q(filters.region))
    return leads.order_by()


def received(leads, filters: Filters):
    return leads.filter(submitted_at__gte=filters.start, submitted_at__lt=filters.end)


def concluded(leads, filters: Filters):
    return leads.filter(concluded_at__gte=filters.start, concluded_at__lt=filters.end)


# --- counts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    received: int
    concluded: int
    open: int  # still being handled today, whatever the period
    overdue: int  # of which past their due date today


@dataclass(frozen=True)
class Outcomes:
    counts: list  # (outcome, label, count) in LeadOutcome order
    total: int  # concluded in the period
    substantiated: int  # 查实 + 部分查实

    @property
    def rate(self) -> Decimal | None:
        return percent(self.substantiated, self.total)


@dataclass(frozen=True)
class Counts:
    totals: Totals
    states: list  # (state, label, received in the period) for every state, in handling order
    categories: list  # (category name, received in the period), most first
    months: list  # (first day of the month, received in it), every month of the period
    outcomes: Outcomes  # of the leads concluded in the period


def counts(leads, filters: Filters, today: datetime.date) -> Counts:
    """Every count of the dashboard but the regions, in one scan of the leads: grouped by
    (state, category, outcome), with conditional counts for the period, each month of it
    (ranges on the timestamp: no date function per row) and the overdue leads."""
    period = Q(submitted_at__gte=filters.start, submitted_at__lt=filters.end)
    done = Q(concluded_at__gte=filters.start, concluded_at__lt=filters.end)
    months = filters.months()
    bounds = [aware_start(m) for m in months] + [filters.end]
    per_month = {
        f"m{i}": Count("pk", filter=Q(submitted_at__gte=low, submitted_at__lt=high))
        for i, (low, high) in enumerate(zip(bounds, bounds[1:], strict=False))
    }
    rows = list(
        leads.values("state", "category__name", "category__order", "outcome").annotate(
            all=Count("pk"),
            received=Count("pk", filter=period),
            concluded=Count("pk", filter=done),
            overdue=Count("pk", filter=Q(due_on__lt=today)),
            **per_month,
        )
    )
    state_counts, category_counts, outcome_counts = {}, {}, {}
    for row in rows:
        state_counts[row["state"]] = state_counts.get(row["state"], 0) + row["received"]
        key = (row["category__order"], row["category__name"])
        category_counts[key] = category_counts.get(key, 0) + row["received"]
        outcome_counts[row["outcome"]] = outcome_counts.get(row["outcome"], 0) + row["concluded"]
    still_open = [row for row in rows if row["state"] in OPEN_STATES]
    totals = Totals(
        received=sum(row["received"] for row in rows),
        concluded=sum(row["concluded"] for row in rows),
        open=sum(row["all"] for row in still_open),
        overdue=sum(row["overdue"] for row in still_open),
    )
    categories = sorted(
        ((key, n) for key, n in category_counts.items() if n), key=lambda item: (-item[1], item[0])
    )
    listed = [(o.value, str(o.label), outcome_counts.get(o.value, 0)) for o in LeadOutcome]
    return Counts(
        totals=totals,
        states=[(s.value, str(s.label), state_counts.get(s.value, 0)) for s in LeadState],
        categories=[(name, n) for (_order, name), n in categories],
        months=[(m, sum(row[f"m{i}"] for row in rows)) for i, m in enumerate(months)],
        outcomes=Outcomes(
            counts=listed,
            total=totals.concluded,
            substantiated=sum(outcome_counts.get(o, 0) for o in SUBSTANTIATED_OUTCOMES),
        ),
    )


@dataclass(frozen=True)
class RegionCount:
    code: str  # "" for leads with no known place
    name: str
    count: int


def region_base(scope: Scope, filters: Filters) -> str:
    """The code of the region whose parts the region chart shows ("" for all of China)."""
    if filters.region:
        return (filters.region + "0000")[:6]
    return scope.region.code if scope.region else ""


def by_region(leads, filters: Filters, scope: Scope) -> list[RegionCount]:
    """Leads received per part of the region shown: provinces of China, cities of a
    province, districts of a city or municipality. One query grouped by the lead's region
    (the facility's, else the reporter's); the roll-up to the parts is done here."""
    rows = (
        received(leads, filters)
        .annotate(place=Coalesce("facility__region_id", "region_id"))
        .values("place")
        .annotate(n=Count("pk"))
    )
    counts = {row["place"]: row["n"] for row in rows}
    codes = dict(Region.objects.filter(pk__in=[p for p in counts if p]).values_list("pk", "code"))
    base = region_base(scope, filters)
    provinces = {code[:2] for code in codes.values()}
    if not base and len(provinces) == 1:  # one province only: show its parts
        base = provinces.pop() + "0000"
    parts: dict[str, int] = {}
    for place, n in counts.items():
        code = _part_of(codes[place], base) if place else ""
        parts[code] = parts.get(code, 0) + n
    names = dict(
        Region.objects.filter(code__in=[c for c in parts if c]).values_list("code", "name")
    )
    result = [RegionCount(code, names.get(code, code), n) for code, n in parts.items()]
    return sorted(result, key=lambda r: (-r.count, r.code == "", r.code))


def _part_of(code: str, base: str) -> str:
    """The region directly under `base` that contains `code` (`code` itself at the bottom)."""
    chain = [code]
    while (up := parent_code(chain[-1])) is not None:
        chain.append(up)
    if not base:
        return chain[-1]
    if base in chain:
        index = chain.index(base)
        return chain[index - 1] if index else code
    return code  # outside the base: a lead assigned to the user elsewhere


# --- handling ----------------------------------------------------------------------------


class Median(Aggregate):
    """PostgreSQL's PERCENTILE_CONT(0.5): the median, interpolated between the middle two."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def _duration():
    return ExpressionWrapper(F("concluded_at") - F("submitted_at"), output_field=DurationField())


def _sqlite_days():
    """Days between receipt and conclusion with SQLite's own julianday() (in C; Django's
    datetime subtraction calls a Python function per row)."""
    day = lambda name: Func(F(name), function="julianday", output_field=FloatField())  # noqa: E731
    return day("concluded_at") - day("submitted_at")


def fixed_offset_minutes() -> int | None:
    """The current time zone's UTC offset when it has been the same all year for decades
    (Asia/Shanghai: +480), else None."""
    zone = timezone.get_current_timezone()
    offsets = {
        datetime.datetime(year, month, 1, tzinfo=zone).utcoffset()
        for year in (2000, timezone.now().year)
        for month in (1, 7)
    }
    if len(offsets) != 1:
        return None
    return int(offsets.pop().total_seconds() // 60)


def local_date(name: str):
    """The local date of a datetime column. On SQLite in a time zone without daylight saving,
    date(column, '+480 minutes'), in C; else Django's TruncDate (on SQLite a Python function
    per row)."""
    offset = fixed_offset_minutes() if connection.vendor == "sqlite" else None
    if offset is None:
        return TruncDate(name)
    return Func(F(name), Value(f"{offset:+d} minutes"), function="date", output_field=DateField())


@dataclass(frozen=True)
class HandlingTime:
    count: int  # leads concluded in the period
    median_days: Decimal | None  # calendar days, one decimal
    median_workdays: Decimal | None  # working days after the day of receipt


def handling_time(leads, filters: Filters, count: int | None = None) -> HandlingTime:
    """`count`: the leads concluded in the period, when already known (Counts.totals)."""
    done = concluded(leads, filters)
    if connection.vendor == "postgresql":
        row = done.aggregate(n=Count("pk"), median=Median(_duration()))
        count, median = row["n"], row["median"]
        days = median.total_seconds() / 86400 if median is not None else None
    else:
        count = done.count() if count is None else count
        days = _middle_days(done, count)
    if days is not None:
        days = Decimal(days).quantize(TENTH, ROUND_HALF_UP)
    return HandlingTime(count, days, _median_workdays(done) if count else None)


def _middle_days(done, count) -> float | None:
    """The median by ORDER BY days LIMIT 1 or 2 OFFSET (n-1)//2: only the middle rows leave
    the database."""
    if not count:
        return None
    offset = (count - 1) // 2
    wanted = 1 if count % 2 else 2
    values = list(
        done.annotate(days=_sqlite_days())
        .order_by("days")
        .values_list("days", flat=True)[offset : offset + wanted]
    )
    return sum(values) / len(values)


def _median_workdays(done) -> Decimal | None:
    """Working days from receipt to conclusion (the day of receipt not counted, as for the
    time limits), median. One query grouped by (received on, concluded on): as many rows
    as distinct pairs of days, whatever the number of leads."""
    rows = list(
        done.annotate(on=local_date("submitted_at"), off=local_date("concluded_at"))
        .values("on", "off")
        .annotate(n=Count("pk"))
        .values_list("on", "off", "n")
    )
    if not rows:
        return None
    first = min(min(on, off) for on, off, _ in rows)
    last = max(max(on, off) for on, off, _ in rows)
    ordinal, count, overrides, day = {}, 0, adjustments(), first
    while day <= last:  # working days up to and including `day`
        count += is_working_day(day, overrides)
        ordinal[day] = count
        day += ONE_DAY
    spans = sorted((max(ordinal[off] - ordinal[on], 0), n) for on, off, n in rows)
    return Decimal(_weighted_median(spans)).quantize(TENTH, ROUND_HALF_UP)


def _weighted_median(pairs: list[tuple[int, int]]) -> float:
    """The median of sorted (value, how many times) pairs; the mean of the middle two when
    the total is even (as PERCENTILE_CONT)."""
    total = sum(n for _, n in pairs)
    wanted = [(total - 1) // 2, total // 2]  # 0-based positions of the middle value(s)
    found, seen = [], 0
    for value, n in pairs:
        while wanted and wanted[0] < seen + n:
            found.append(value)
            wanted.pop(0)
        seen += n
    return sum(found) / len(found)


@dataclass(frozen=True)
class OfficeRate:
    office_id: int | None
    name: str
    due: int  # conclude deadlines that fell due or were met in the period
    on_time: int  # met on or before the due date
    late: int  # met after it
    overdue: int  # not met, past the due date

    @property
    def rate(self) -> Decimal | None:
        return percent(self.on_time, self.due)


def on_time_by_office(leads, filters: Filters, today: datetime.date) -> list[OfficeRate]:
    """Per 主办 office: conclude deadlines (调查办结) met in the period by concluding the lead,
    or past due in the period and still not met. On time: met on or before the due date
    (extended once where granted)."""
    due_by = min(filters.end_date, today - ONE_DAY)
    deadlines = LeadDeadline.objects.filter(
        stage=Stage.CONCLUDE, lead__in=leads.values("pk")
    ).filter(
        Q(met_at__gte=filters.start, met_at__lt=filters.end, lead__concluded_at__isnull=False)
        | Q(
            met_at__isnull=True,
            lead__state__in=OPEN_STATES,
            due_on__gte=filters.first,
            due_on__lte=due_by,
        )
    )
    met = Q(met_at__isnull=False)
    rows = (
        deadlines.annotate(met_on=local_date("met_at"))
        .values("lead__office_id", "lead__office__name")
        .annotate(
            due=Count("pk"),
            on_time=Count("pk", filter=met & Q(met_on__lte=F("due_on"))),
            late=Count("pk", filter=met & Q(met_on__gt=F("due_on"))),
            overdue=Count("pk", filter=Q(met_at__isnull=True)),
        )
        .order_by()
    )
    result = [
        OfficeRate(
            row["lead__office_id"],
            row["lead__office__name"] or "",
            row["due"],
            row["on_time"],
            row["late"],
            row["overdue"],
        )
        for row in rows
    ]
    return sorted(result, key=lambda r: (-r.due, r.name))


def overall_rate(rows: list[OfficeRate]) -> Decimal | None:
    return percent(sum(r.on_time for r in rows), sum(r.due for r in rows))


def percent(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in per cent to 0.1, None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(TENTH, ROUND_HALF_UP)


# --- the region filter's options -----------------------------------------------------------


@dataclass(frozen=True)
class RegionOption:
    prefix: str  # the filter value
    name: str
    depth: int

    @property
    def label(self) -> str:
        return "\u3000" * self.depth + self.name


def region_options(user, scope: Scope) -> list[RegionOption]:
    """The regions of the user's leads within their scope, with the cities and provinces
    above them, in code (tree) order. Two queries."""
    places = (
        access.visible_leads(user)
        .annotate(place=Coalesce("facility__region__code", "region__code"))
        .exclude(place=None)
        .values_list("place", flat=True)
        .distinct()
        .order_by()
    )
    wanted = set()
    for code in places:
        while code is not None:
            wanted.add(code)
            code = parent_code(code)
    rows = Region.objects.filter(code__in=wanted, code__startswith=scope.prefix).order_by("code")
    base_depth = scope.region.level if scope.region else 1
    return [RegionOption(prefix=r.prefix, name=r.name, depth=r.level - base_depth) for r in rows]


def region_name(prefix: str) -> str:
    code = (prefix + "0000")[:6]
    region = Region.objects.filter(code=code).first()
    return (region.full_name or region.name) if region else prefix
