"""双公示 time limit: a decision goes online within 7 working days (DOMAIN.md §1)."""

from django.utils import timezone

from .workdays import add_working_days, latest_start_overdue

PUBLICATION_LIMIT_WORKING_DAYS = 7


def publication_deadline(decision_date):
    return add_working_days(decision_date, PUBLICATION_LIMIT_WORKING_DAYS)


def is_overdue_unpublished(record, today=None) -> bool:
    today = today or timezone.localdate()
    if record.live or record.first_published_at or record.withdrawn_at:
        return False
    return publication_deadline(record.decision_date) < today


def overdue_unpublished_penalties(queryset, today=None):
    """Never-published, not withdrawn decisions whose 7-working-day limit has passed."""
    today = today or timezone.localdate()
    cutoff = latest_start_overdue(today, PUBLICATION_LIMIT_WORKING_DAYS)
    return queryset.filter(
        live=False,
        first_published_at__isnull=True,
        withdrawn_at__isnull=True,
        decision_date__lte=cutoff,
    )
