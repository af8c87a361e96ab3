"""The context every section of the demo draws from, the rates, and small helpers."""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from ...workdays import adjustments, is_working_day
from .. import vocabulary as v
from .authorities import Authorities

DRAFT_RATE = 0.08  # drafts awaiting review, decided within the last 7 working days
WITHDRAWN_RATE = 0.015
REPAIRED_RATE = 0.12  # of the penalties eligible for credit repair today
BAD_ACTOR_RATE = 0.06  # parties with repeated violations: penalised and listed more often
PUBLICITY_WORKDAYS = 7  # 双公示: online within 7 working days

LIVE, DRAFT, OVERDUE = "live", "draft", "overdue"


@dataclass
class Demo:
    seed: object
    today: datetime.date
    rules: object
    authorities: Authorities
    reviewer: object = None
    facilities: list = field(default_factory=list)
    workdays: list = field(default_factory=list)  # working days of the last three years
    recent: list = field(default_factory=list)  # not yet overdue for publication
    overdue: list = field(default_factory=list)  # past the 7-working-day limit
    workday_index: dict = field(default_factory=dict)
    blacklisted: set = field(default_factory=set)  # facility pks publicly blacklisted today
    _pools: dict = field(default_factory=dict)

    def rng(self, section: str) -> random.Random:
        return random.Random(f"{self.seed}:{section}")

    def pool(self, kinds) -> tuple[list, list]:
        """Facilities of these kinds, and weights favouring the bad actors."""
        key = frozenset(kinds)
        if key not in self._pools:
            members = [f for f in self.facilities if f.demo_kind in key]
            self._pools[key] = (members, [4 if f.demo_bad else 1 for f in members])
        return self._pools[key]

    def pick(self, rng, kinds, weighted=True):
        members, weights = self.pool(kinds)
        if not members:
            return None
        if weighted:
            return rng.choices(members, weights)[0]
        return rng.choice(members)

    def decision_date(self, rng, state) -> datetime.date:
        if state == DRAFT:
            return rng.choice(self.recent)
        if state == OVERDUE:
            return rng.choice(self.overdue)
        return rng.choice(self.workdays)


def draw_state(rng) -> str:
    return DRAFT if rng.random() < DRAFT_RATE else LIVE


# --- small helpers --------------------------------------------------------------------


def weighted(rng, items, weight):
    return rng.choices(items, [weight(i) for i in items])[0]


def chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def aware(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def office_time(rng, day: datetime.date, today: datetime.date) -> datetime.datetime:
    """A time in office hours; just after midnight when it is today (never in the future
    of a run made early in the day)."""
    hour = 0 if day >= today else rng.randint(9, 17)
    return aware(day, hour, rng.randrange(60))


def nice_amount(rng, low: int, high: int) -> int:
    """A round amount in [low, high], more often near the low end (as fines are)."""
    step = 100 if high <= 5000 else 500 if high <= 30000 else 1000
    steps = (high - low) // step
    return low + int(steps * rng.random() ** 2 + 0.5) * step


def wan(yuan: int) -> Decimal:
    """Yuan to the standard's unit, 万元 (¥5,000 → 0.5)."""
    return (Decimal(yuan) / Decimal(10000)).quantize(Decimal("0.000001"))


def working_days(start: datetime.date, end: datetime.date) -> list:
    overrides = adjustments()
    days, day = [], start
    while day <= end:
        if is_working_day(day, overrides):
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def region_prefix(area: v.Area) -> str:
    return area.city_name if area.is_municipality else area.province_name + area.city_name


def street_label(area: v.Area, street: str) -> str:
    """北京 names a community centre after the street (三里屯), 杭州 says 北山街道."""
    return street if area.is_municipality else street + "街道"
