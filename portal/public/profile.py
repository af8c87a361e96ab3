"""A party's public profile (信用档案): identity, licences, penalties, blacklist, inspections,
practice points, and the records related to one record.

Only `.public()` records appear. A natural person has a profile only while at least one of
their records is public, and it shows their name and masked ID number only.
"""

from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Sum

from portal.models import Facility, PracticeScore
from portal.normalize import normalize_code

from .cards import decorate
from .formatting import party_rows
from .kinds import KIND_BY_MODEL, KINDS
from .queries import deferred, public_records_of, today

SECTION_LIMIT = 10
PRINT_LIMIT = 50  # the printed profile lists more; still a fixed number of queries
RELATED_LIMIT = 5
CYCLE = relativedelta(years=1)


def find_facility(key: str):
    """The party a profile URL names: a credit code (any case, full-width) or the id."""
    code = normalize_code(key)
    qs = Facility.objects.select_related("region").defer(*deferred())
    if len(code) == 18:
        return qs.filter(uscc=code).first()
    if code.isdigit() and len(code) < 18:
        return qs.filter(pk=int(code)).first()
    return None


def facility_key(facility) -> str:
    """The canonical profile key: the credit code, else the id (never an ID number)."""
    return facility.uscc or str(facility.pk)


@dataclass
class Section:
    kind: object
    records: list
    total: int


@dataclass
class Profile:
    facility: Facility
    identity: list
    sections: dict  # kind slug → Section
    points: int
    day: object

    @property
    def has_public_records(self):
        return any(section.total for section in self.sections.values())

    @property
    def blacklisted(self):
        return self.sections["blacklist"].total > 0

    @property
    def cycle_start(self):
        return self.day - CYCLE + relativedelta(days=1)


def _section(kind, facility, day, limit):
    qs = public_records_of(kind, facility, day).order_by("-decision_date", "-id")
    records = list(qs[:limit])
    total = len(records) if len(records) < limit else qs.count()
    return Section(kind, decorate(records, kind, facility), total)


def build_profile(facility, day=None, limit=SECTION_LIMIT) -> Profile:
    day = day or today()
    sections = {slug: _section(kind, facility, day, limit) for slug, kind in KINDS.items()}
    points = (
        PracticeScore.objects.public(day)
        .filter(facility=facility, decision_date__gt=day - CYCLE)
        .aggregate(total=Sum("points"))["total"]
    )
    return Profile(facility, party_rows(facility, profile=True), sections, points or 0, day)


def related_records(record, day=None, limit=RELATED_LIMIT) -> list:
    """A few other public records of the same party, newest first, across all kinds."""
    day = day or today()
    found = []
    for kind in KINDS.values():
        qs = kind.model.objects.public(day).filter(facility_id=record.facility_id)
        qs = qs.order_by("-decision_date", "-id")
        if kind.model is type(record):
            qs = qs.exclude(pk=record.pk)
        for other in qs.only("id", "document_number", "decision_date", "party_name")[:limit]:
            found.append({"kind": kind, "record": other})
    found.sort(key=lambda item: (item["record"].decision_date, item["record"].pk), reverse=True)
    return found[:limit]


def kind_of(record):
    return KIND_BY_MODEL[type(record)]
