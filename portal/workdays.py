"""Working days on the official Chinese calendar (with 调休 make-up days).

`chinese-calendar` knows the State Council schedule for the years it ships; local
adjustments (and years it does not know yet) come from the admin table
`CalendarAdjustment`, which always wins. Outside known years, Monday-Friday are
working days.
"""

import datetime
from functools import lru_cache

import chinese_calendar

ONE_DAY = datetime.timedelta(days=1)


def _official_is_workday(day: datetime.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


@lru_cache(maxsize=1)
def _adjustments_cached(version):
    from .models import CalendarAdjustment

    return dict(CalendarAdjustment.objects.values_list("date", "is_working_day"))


def adjustments() -> dict:
    from django.core.cache import cache

    version = cache.get_or_set("portal:calendar-version", 0, None)
    return _adjustments_cached(version)


def clear_adjustments_cache():
    from django.core.cache import cache

    try:
        cache.incr("portal:calendar-version")
    except ValueError:
        cache.set("portal:calendar-version", 1, None)
    _adjustments_cached.cache_clear()


def is_working_day(day: datetime.date, overrides: dict | None = None) -> bool:
    overrides = adjustments() if overrides is None else overrides
    if day in overrides:
        return overrides[day]
    return _official_is_workday(day)


def add_working_days(start: datetime.date, count: int) -> datetime.date:
    """The date `count` working days after `start` (the start day itself is not counted)."""
    overrides = adjustments()
    day = start
    remaining = count
    while remaining > 0:
        day += ONE_DAY
        if is_working_day(day, overrides):
            remaining -= 1
    return day


def latest_start_overdue(today: datetime.date, count: int) -> datetime.date:
    """The latest date d with add_working_days(d, count) < today.

    Anything dated on or before it has passed its `count`-working-day limit; used to
    turn "overdue" into a plain date filter.
    """
    overrides = adjustments()
    # Walk back from yesterday counting working days: the deadline must be before today.
    day = today - ONE_DAY
    while not is_working_day(day, overrides) and day > today - datetime.timedelta(days=60):
        day -= ONE_DAY
    # `day` is the latest working day before today; a start whose deadline is `day`
    # lies `count` working days before it.
    remaining = count
    start = day
    while remaining > 0:
        start -= ONE_DAY
        if is_working_day(start, overrides):
            remaining -= 1
    # Non-working days right after `start` share its deadline.
    while not is_working_day(start + ONE_DAY, overrides) and start + ONE_DAY < day:
        start += ONE_DAY
    return start
