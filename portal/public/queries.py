"""Querysets of public records, loading only what public pages may show.

`public_records(kind)` is `Model.objects.public(today)` with the party, its region and the
authority joined in one query. The party's encrypted ID numbers are never loaded (nor
decrypted): a template cannot show what the page never had.
"""

from django.utils import timezone

PRIVATE_FACILITY_FIELDS = (
    "id_number",
    "id_number_digest",
    "legal_rep_id_type",
    "legal_rep_id_number",
)


def today():
    return timezone.localdate()


def deferred(prefix=""):
    return [prefix + name for name in PRIVATE_FACILITY_FIELDS]


def public_records(kind, day=None):
    return (
        kind.model.objects.public(day or today())
        .select_related("facility", "facility__region", "authority")
        .defer(*deferred("facility__"))
    )


def public_records_of(kind, facility, day=None):
    """A party's public records of one kind, the party itself not joined again."""
    qs = kind.model.objects.public(day or today()).filter(facility=facility)
    return qs.select_related("authority")
