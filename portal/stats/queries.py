"""The aggregate queries behind /statistics/.

Every query starts from `Model.objects.public(today)`: a record that may not be shown today
(draft, withdrawn, credit-repaired, past its publicity period, a tier that is not published)
is not counted either. Each function is one SQL query with GROUP BY, so the page costs the
same few queries whatever the amount of data; all of them run on SQLite and PostgreSQL.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils.http import urlencode

from ..models import InspectionResult, PenaltyRecord, Region

MONTHS = 24
TOP_REGIONS = 15
FIRST_YEAR = 2000
REGION_PREFIX = re.compile(r"\d{2}|\d{4}|\d{6}", re.ASCII)
MUNICIPALITY_SUFFIX = "市"  # 北京市, 天津市, 上海市, 重庆市: provinces that are cities


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
    """The optional GET filters: ?year=2025&region=3301&by=city. Invalid values are ignored."""

    year: int | None = None
    region: str = ""  # GB/T 2260 code prefix: 2 (province), 4 (city) or 6 (county) digits
    by: str = "district"  # regions chart: "district" (区县) or "city" (地市)

    @classmethod
    def from_query(cls, params, today: datetime.date) -> "Filters":
        year = (params.get("year") or "").strip()
        year = int(year) if year.isascii() and year.isdigit() else None
        if year is not None and not FIRST_YEAR <= year <= today.year:
            year = None
        by = "city" if params.get("by") == "city" else "district"
        return cls(year=year, region=region_prefix(params.get("region")), by=by)

    @property
    def active(self) -> bool:
        return self != Filters()

    def querystring(self) -> str:
        params = {}
        if self.year:
            params["year"] = self.year
        if self.region:
            params["region"] = self.region
        if self.by != "district":
            params["by"] = self.by
        return f"?{urlencode(params)}" if params else ""


def _restrict(queryset, filters: Filters):
    if filters.year:
        queryset = queryset.filter(decision_date__year=filters.year)
    if filters.region:
        queryset = queryset.filter(facility__region__code__startswith=filters.region)
    return queryset


def public_penalties(today, filters: Filters):
    return _restrict(PenaltyRecord.objects.public(today), filters)


def public_inspections(today, filters: Filters):
    return _restrict(InspectionResult.objects.public(today), filters)


def month_window(today: datetime.date, year: int | None = None) -> list[datetime.date]:
    """First days of the months shown: the last 24 up to this one, or one year's (to today)."""
    this_month = today.replace(day=1)
    if year:
        start = datetime.date(year, 1, 1)
        end = min(datetime.date(year, 12, 1), this_month)
    else:
        end = this_month
        start = end - relativedelta(months=MONTHS - 1)
    months = []
    while start <= end:
        months.append(start)
        start += relativedelta(months=1)
    return months


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def penalties_by_month(today, filters: Filters) -> list[tuple[datetime.date, int]]:
    """Public penalty decisions per month of decision, every month of the window (zeros too)."""
    months = month_window(today, filters.year)
    rows = (
        public_penalties(today, filters)
        .filter(decision_date__gte=months[0])
        .annotate(month=TruncMonth("decision_date"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {_as_date(row["month"]): row["n"] for row in rows}
    return [(month, counts.get(month, 0)) for month in months]


def penalties_by_category(today, filters: Filters) -> list[tuple[str, int]]:
    """Public penalty decisions per penalty category (a decision counts once per category).
    Decisions without a category are counted under the empty name ""."""
    rows = (
        public_penalties(today, filters)
        .values("penalty_types__name", "penalty_types__sort_order")
        .annotate(n=Count("id", distinct=True))
        .order_by("-n", "penalty_types__sort_order", "penalty_types__name")
    )
    return [(row["penalty_types__name"] or "", row["n"]) for row in rows]


@dataclass(frozen=True)
class RegionCount:
    code: str  # "" when the party has no region
    name: str
    count: int


def _city_of(row) -> tuple[str, str] | None:
    """(code, name) of the city a county-level region belongs to: its 地级市 or a municipality
    (北京市). None for a region that is itself city-level or above, and for a county-level city
    directly under a province (济源市), which counts as a city of its own."""
    if row["level"] != Region.Level.COUNTY or not row["parent_name"]:
        return None
    if row["parent_level"] == Region.Level.CITY or row["parent_name"].endswith(MUNICIPALITY_SUFFIX):
        return row["parent_code"], row["parent_name"]
    return None


def penalties_by_region(today, filters: Filters) -> list[RegionCount]:
    """Public penalty decisions per region of the party (区县, or 地市 with by=city), most first.
    One query grouped by the party's region; the roll-up to cities is done here."""
    region = "facility__region__"
    rows = (
        public_penalties(today, filters)
        .values(
            code=F(f"{region}code"),
            name=F(f"{region}name"),
            level=F(f"{region}level"),
            parent_code=F(f"{region}parent__code"),
            parent_name=F(f"{region}parent__name"),
            parent_level=F(f"{region}parent__level"),
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    totals: dict[str, list] = {}
    for row in rows:
        city = _city_of(row)
        if row["code"] is None:
            code, name = "", ""
        elif filters.by == "city":
            code, name = city or (row["code"], row["name"])
        else:  # 朝阳区 is in 北京 and in 长春: name the city too
            code, name = row["code"], f"{city[1]}{row['name']}" if city else row["name"]
        totals.setdefault(code, [name, 0])[1] += row["n"]
    counts = [RegionCount(code, name, n) for code, (name, n) in totals.items()]
    return sorted(counts, key=lambda c: (-c.count, c.code == "", c.code))


@dataclass(frozen=True)
class FineYear:
    year: int
    decisions: int
    fined: int  # decisions with a fine
    total: Decimal  # 万元

    @property
    def total_yuan(self) -> Decimal:
        return self.total * 10000


def fines_by_year(today, filters: Filters) -> list[FineYear]:
    """Per year of decision: public penalty decisions, those with a fine, sum of fines (万元)."""
    rows = (
        public_penalties(today, filters)
        .annotate(year=ExtractYear("decision_date"))
        .values("year")
        .annotate(
            n=Count("id"),
            fined=Count("id", filter=Q(fine_amount__gt=0)),
            total=Sum("fine_amount"),
        )
        .order_by("year")
    )
    return [
        FineYear(row["year"], row["n"], row["fined"], Decimal(row["total"] or 0)) for row in rows
    ]


@dataclass(frozen=True)
class InspectionYear:
    year: int
    total: int
    passed: int  # result 未发现问题

    @property
    def rate(self) -> Decimal | None:
        """Percentage of results without a problem, to 0.1 (None when there is nothing)."""
        if not self.total:
            return None
        return (Decimal(self.passed) * 100 / self.total).quantize(Decimal("0.1"))


def inspections_by_year(today, filters: Filters) -> list[InspectionYear]:
    """Per year of completion: public inspection results and those with 未发现问题."""
    rows = (
        public_inspections(today, filters)
        .annotate(year=ExtractYear("decision_date"))
        .values("year")
        .annotate(
            n=Count("id"),
            passed=Count("id", filter=Q(result=InspectionResult.Result.NO_PROBLEM)),
        )
        .order_by("year")
    )
    return [InspectionYear(row["year"], row["n"], row["passed"]) for row in rows]


def _years(model, today):
    return (
        model.objects.public(today)
        .annotate(year=ExtractYear("decision_date"))
        .values_list("year", flat=True)
        .distinct()
        .order_by()
    )


def _region_codes(model, today):
    return (
        model.objects.public(today)
        .filter(facility__region__isnull=False)
        .values_list("facility__region__code", flat=True)
        .distinct()
        .order_by()
    )


def filter_years(today) -> list[int]:
    """Years with public penalties or inspection results, newest first (one query)."""
    years = _years(PenaltyRecord, today).union(_years(InspectionResult, today))
    return sorted(set(years), reverse=True)


@dataclass(frozen=True)
class RegionOption:
    prefix: str  # the filter value
    name: str
    full_name: str
    depth: int  # 0 province, 1 city, 2 county (less where a level is missing)

    @property
    def label(self) -> str:
        return "\u3000" * self.depth + self.name  # full-width spaces survive inside <option>


def filter_regions(today) -> list[RegionOption]:
    """The regions of parties with public penalties or inspection results, and their cities
    and provinces, in code (tree) order. Two queries."""
    codes = set(_region_codes(PenaltyRecord, today).union(_region_codes(InspectionResult, today)))
    if not codes:
        return []
    wanted = codes | {c[:2] + "0000" for c in codes} | {c[:4] + "00" for c in codes}
    regions = Region.objects.filter(code__in=wanted).order_by("code")
    rows = list(regions.values_list("code", "name", "full_name"))
    present = {code for code, _name, _full in rows}
    return [
        RegionOption(
            prefix=region_prefix(code),
            name=name,
            full_name=full or name,
            depth=len({code[:2] + "0000", code[:4] + "00"} - {code} & present),
        )
        for code, name, full in rows
    ]
