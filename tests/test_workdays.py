"""The 7-working-day publication limit on the official calendar (holidays, 调休 make-up days)."""

import datetime

import pytest

from portal.models import CalendarAdjustment, PenaltyRecord
from portal.overdue import (
    is_overdue_unpublished,
    overdue_unpublished_penalties,
    publication_deadline,
)
from portal.workdays import add_working_days, is_working_day, latest_start_overdue

D = datetime.date


@pytest.mark.django_db
def test_national_day_holiday_and_make_up_saturday():
    # 2026: 10-01..10-07 off; Saturday 10-10 is a make-up working day; Sunday 09-20 too.
    assert not is_working_day(D(2026, 10, 5))
    assert is_working_day(D(2026, 10, 10))
    assert is_working_day(D(2026, 9, 20))
    # Decision on Wednesday 2026-09-30: 7 working days are 10-08, 10-09, 10-10 (Sat),
    # 10-12, 10-13, 10-14, 10-15.
    assert publication_deadline(D(2026, 9, 30)) == D(2026, 10, 15)


@pytest.mark.django_db
def test_local_adjustments_win_and_cover_years_the_package_lacks():
    assert is_working_day(D(2027, 1, 4))  # a Monday, outside the package's data
    CalendarAdjustment.objects.create(date=D(2027, 1, 4), is_working_day=False, note="元旦调休")
    assert not is_working_day(D(2027, 1, 4))
    CalendarAdjustment.objects.create(date=D(2027, 1, 9), is_working_day=True, note="补班")
    assert is_working_day(D(2027, 1, 9))


@pytest.mark.django_db
def test_overdue_cutoff_agrees_with_the_deadline_for_every_start_day():
    for today in [D(2026, 10, 9), D(2026, 10, 12), D(2026, 10, 16), D(2026, 5, 6), D(2026, 2, 24)]:
        cutoff = latest_start_overdue(today, 7)
        for offset in range(0, 40):
            start = today - datetime.timedelta(days=offset)
            overdue = add_working_days(start, 7) < today
            assert overdue == (start <= cutoff), (today, start, cutoff)


@pytest.mark.django_db
def test_listing_flag_for_unpublished_penalties(make_penalty):
    today = D(2026, 10, 16)  # Friday
    late = make_penalty(D(2026, 9, 30), live=False)  # deadline 10-15: overdue
    on_time = make_penalty(
        D(2026, 10, 8), live=False
    )  # deadline 10-16, counting make-up Saturday 10-10
    published = make_penalty(D(2026, 9, 1), live=True)
    assert is_overdue_unpublished(late, today)
    assert not is_overdue_unpublished(on_time, today)
    assert not is_overdue_unpublished(published, today)
    flagged = overdue_unpublished_penalties(PenaltyRecord.objects.all(), today)
    assert list(flagged) == [late]
