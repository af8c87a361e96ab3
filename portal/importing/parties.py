"""Find or prepare the parties (Facility) and authorities a file's rows refer to.

Everything is looked up in a few chunked queries, never per row. Rows that refer to the
same new party share one unsaved `Facility`, created once by the writer.

- Organisations and 个体工商户: by USCC; else by exact name + region (region from the
  USCC's division code) among parties that have no USCC yet, which then get this one;
  else a new party.
- Natural persons: by the blind index of the ID number when the row has one; else by
  name among natural persons recorded without an ID number; else a new party.
- Authorities: by USCC, else by name, else a new one.
"""

from ..crypto import blind_index
from ..id_number import mask_id_number
from ..models import Authority, AuthorityKind, Facility, PartyType, Region

CHUNK = 500
FACILITY_FIELDS = (
    "business_registration_no",
    "organisation_code",
    "tax_registration_no",
    "institution_certificate_no",
    "social_organisation_no",
    "legal_representative",
    "legal_rep_id_type",
    "legal_rep_id_number",
    "id_type",
)


def chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def authority_kind(name: str) -> str:
    if "监督" in name:
        return AuthorityKind.HEALTH_SUPERVISION
    if "卫生" in name or "卫健" in name:
        return AuthorityKind.HEALTH_COMMISSION
    return AuthorityKind.OTHER


class Resolver:
    def __init__(self):
        self.regions = dict(Region.objects.values_list("code", "id"))
        self.new_facilities: list[Facility] = []
        self.new_authorities: list[Authority] = []
        self.claimed: dict[int, str] = {}  # existing facility id → USCC it gets now

    def region_of(self, uscc: str):
        return self.regions.get(uscc[2:8]) if uscc else None

    # --- authorities -------------------------------------------------------------------

    def resolve_authorities(self, rows):
        by_uscc, by_name = {}, {}
        for pk, name, uscc in Authority.objects.values_list("id", "name", "uscc"):
            key = uscc or name
            if uscc:
                by_uscc[uscc] = (pk, key)
            by_name[name] = (pk, key)
        for row in rows:
            name, uscc = row.authority_name, row.authority_uscc
            found = (uscc and by_uscc.get(uscc)) or by_name.get(name)
            if found is None:
                new = Authority(
                    name=name,
                    uscc=uscc or None,
                    kind=authority_kind(name),
                    region_id=self.region_of(uscc),
                )
                self.new_authorities.append(new)
                found = (new, uscc or name)
                if uscc:
                    by_uscc[uscc] = found
                by_name[name] = found
            row.authority, row.record_key = found[0], found[1]

    # --- parties -----------------------------------------------------------------------

    def resolve_facilities(self, rows):
        persons = [r for r in rows if r.party["party_type"] == PartyType.NATURAL_PERSON]
        others = [r for r in rows if r.party["party_type"] != PartyType.NATURAL_PERSON]
        self._organisations(others)
        self._persons(persons)

    def _organisations(self, rows):
        usccs = {r.party["party_uscc"] for r in rows}
        by_uscc = {}
        for chunk in chunks(usccs):
            by_uscc.update(Facility.objects.filter(uscc__in=chunk).values_list("uscc", "id"))
        missing = [r for r in rows if r.party["party_uscc"] not in by_uscc]
        by_name = {}
        for chunk in chunks({r.party["party_name"] for r in missing}):
            candidates = (
                Facility.objects.filter(name__in=chunk, uscc__isnull=True)
                .exclude(party_type=PartyType.NATURAL_PERSON)
                .order_by("id")
                .values_list("name", "region_id", "id")
            )
            for name, region_id, pk in candidates:
                by_name.setdefault((name, region_id), pk)
        for row in rows:
            party = row.party
            uscc = party["party_uscc"]
            found = by_uscc.get(uscc)
            if found is None:
                region_id = self.region_of(uscc)
                pk = by_name.pop((party["party_name"], region_id), None)
                if pk is not None:
                    self.claimed[pk] = uscc  # takes this USCC: later rows match it
                    found = pk
                else:
                    found = self._new(party, region_id)
                by_uscc[uscc] = found
            row.facility = found

    def _persons(self, rows):
        digests = {}
        for row in rows:
            number = row.party["id_number"]
            digests[row.row] = blind_index(number) if number else ""
        by_digest = {}
        for chunk in chunks({d for d in digests.values() if d}):
            matches = (
                Facility.objects.filter(
                    id_number_digest__in=chunk, party_type=PartyType.NATURAL_PERSON
                )
                .order_by("-id")
                .values_list("id_number_digest", "id")
            )
            by_digest.update(matches)  # lowest id wins
        by_name = {}
        names = {r.party["party_name"] for r in rows if not digests[r.row]}
        for chunk in chunks(names):
            matches = (
                Facility.objects.filter(
                    name__in=chunk, party_type=PartyType.NATURAL_PERSON, id_number_digest=""
                )
                .order_by("-id")
                .values_list("name", "id")
            )
            by_name.update(matches)
        for row in rows:
            digest = digests[row.row]
            table, key = (by_digest, digest) if digest else (by_name, row.party["party_name"])
            found = table.get(key)
            if found is None:
                found = table[key] = self._new(row.party, None, digest)
            row.facility = found

    def _new(self, party: dict, region_id, digest=None) -> Facility:
        number = party["id_number"]
        facility = Facility(
            party_type=party["party_type"],
            name=party["party_name"],
            uscc=party["party_uscc"] or None,
            region_id=region_id,
            id_number=number,
            id_number_masked=mask_id_number(number),
            id_number_digest=blind_index(number) if digest is None else digest,
            **{name: party[name] for name in FACILITY_FIELDS},
        )
        self.new_facilities.append(facility)
        return facility


def facility_id(ref):
    return ref if isinstance(ref, int) else ref.pk


def authority_id(ref):
    return ref if isinstance(ref, int) else ref.pk
