"""Typical cases related to a facility or a record: the one place public pages ask.

Returns live pages without view restrictions, newest first. A facility's cases are those
that name it or one of its penalty decisions; a record's cases are those that link it
(only penalty decisions can be linked from a case).
"""

from django.db.models import Q


def _cases():
    from .models import CasePage

    return (
        CasePage.objects.live()
        .public()
        .select_related("category", "region")
        .order_by("-case_date", "-pk")
    )


def _limited(queryset, limit):
    ids = list(queryset.values_list("pk", flat=True).distinct()[: max(limit or 0, 0)])
    # Re-fetch without DISTINCT (a distinct query over joined M2M rows cannot order freely).
    return list(_cases().filter(pk__in=ids))


def cases_for_facility(facility, limit=10):
    facility_id = getattr(facility, "pk", facility)
    if facility_id is None:
        return []
    return _limited(
        _cases().filter(Q(facilities=facility_id) | Q(penalties__facility=facility_id)), limit
    )


def cases_for_record(record, limit=10):
    from portal.models import PenaltyRecord

    if not isinstance(record, PenaltyRecord) or record.pk is None:
        return []
    return _limited(_cases().filter(penalties=record.pk), limit)
