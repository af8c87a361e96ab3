"""Parties (行政相对人): organisations, individual businesses and natural persons."""

import datetime
from collections import Counter

from ...credit_code import ALPHABET, make_uscc
from ...crypto import blind_index
from ...id_number import id_check_char, mask_id_number
from ...models import Facility, PartyType, Region
from .. import vocabulary as v
from .common import BAD_ACTOR_RATE, Demo, weighted
from .names import ORGANISATION_NAMERS, address, person_name


def id_number(rng, district_code: str) -> tuple[str, bool]:
    """A valid resident ID number (GB 11643) and whether its holder is male."""
    place = district_code if rng.random() < 0.5 else rng.choice(v.BIRTHPLACE_CODES)
    born = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(40 * 365))
    sequence = rng.randrange(1000)
    first17 = f"{place}{born:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17), sequence % 2 == 1


class CodeBook:
    """Unique, valid USCCs (GB 32100) of the usual shapes for each organisation type."""

    def __init__(self, rng, used=()):
        self.rng = rng
        self.used = set(used)

    def organisation_code(self, prefix: str) -> str:
        rng = self.rng
        if prefix == "12":  # public institution: numeric code
            return "4" + "".join(rng.choice("0123456789") for _ in range(7))
        letters = "".join(rng.choice(ALPHABET) for _ in range(6))
        return ("MJ" if prefix == "52" else "MA") + letters

    def new(self, prefix: str, division: str) -> str:
        while True:
            code = make_uscc(prefix, division, self.organisation_code(prefix))
            if code not in self.used:
                self.used.add(code)
                return code


class PartyFactory:
    """Builds unsaved Facility objects, tagged with demo_kind/demo_area/demo_district."""

    def __init__(self, rng, regions, today):
        self.rng = rng
        self.regions = regions
        self.today = today
        self.codes = CodeBook(rng)
        self.names = set()
        self.serial = Counter()

    def licence_number(self, kind, area, district) -> str:
        rng = self.rng
        self.serial[kind.facility_type] += 1
        serial = self.serial[kind.facility_type]
        year = self.today.year - rng.randint(0, 6)
        if kind.facility_type == "public_place":
            return f"{area.province_abbr}卫公证字〔{year}〕第{district.code}{serial:06d}号"
        if kind.facility_type == "water":
            return f"{area.province_abbr}卫水证字〔{year}〕第{serial:04d}号"
        return f"PDY{serial:05d}{district.code}A{rng.choice((1001, 1002, 1003, 2101))}"

    def place(self, kind):
        rng = self.rng
        area = weighted(rng, v.AREAS, lambda a: a.weight)
        if kind.key == "township":  # only where there are towns
            district = rng.choice([d for a in v.AREAS for d in a.districts if d.towns])
            return district_by_code(district.code)
        return area, rng.choice(area.districts)

    def organisation(self, kind, area=None, district=None, name=None, prefix=None):
        rng = self.rng
        if area is None:
            area, district = self.place(kind)
        for _ in range(30):
            if name is not None:
                break
            candidate, prefix = ORGANISATION_NAMERS[kind.key](rng, area, district)
            if candidate and candidate not in self.names:
                name = candidate
        if name is None:
            return None
        self.names.add(name)
        individual = prefix == "92"
        operator = person_name(rng, rng.random() < 0.6)
        facility = Facility(
            party_type=PartyType.INDIVIDUAL_BUSINESS if individual else PartyType.ORGANISATION,
            name=name,
            uscc=self.codes.new(prefix, district.code),
            facility_type=kind.facility_type,
            address=address(rng, area, district, kind.key),
            region=self.regions.get(district.code),
            legal_representative=operator,
            legal_rep_id_type="居民身份证",
        )
        if kind.facility_type not in ("practitioner", "other"):
            facility.licence_number = self.licence_number(kind, area, district)
        return self.tag(facility, kind, area, district)

    def individual_clinic(self, kind):
        """个体诊所: named after the doctor who runs it (北京市朝阳区王建国中医诊所)."""
        rng = self.rng
        area, district = self.place(kind)
        for _ in range(30):
            doctor = person_name(rng, rng.random() < 0.6)
            specialty = rng.choice(("中医", "中医", "西医内科", "中西医结合", "针灸推拿"))
            name = f"{area.city_name}{district.name}{doctor}{specialty}诊所"
            if name not in self.names:
                facility = self.organisation(kind, area, district, name=name, prefix="92")
                facility.legal_representative = doctor
                return facility
        return None

    def person(self, kind):
        rng = self.rng
        area, district = self.place(kind)
        number, male = id_number(rng, district.code)
        facility = Facility(
            party_type=PartyType.NATURAL_PERSON,
            name=person_name(rng, male),
            facility_type=kind.facility_type,
            region=self.regions.get(district.code),
            id_type="居民身份证",
            id_number=number,
            id_number_masked=mask_id_number(number),
            id_number_digest=blind_index(number),
        )
        if kind.key == "practitioner":  # 医师执业证书编码, 15 digits
            facility.licence_number = f"{rng.choice('12')}{district.code}{rng.randrange(10**8):08d}"
        return self.tag(facility, kind, area, district)

    def new(self, kind):
        if kind.key in v.NATURAL_PERSON_KINDS:
            return self.person(kind)
        if kind.key == "clinic_individual":
            return self.individual_clinic(kind)
        return self.organisation(kind)

    @staticmethod
    def tag(facility, kind, area, district):
        facility.demo_kind = kind.key
        facility.demo_area = area
        facility.demo_district = district
        facility.demo_bad = False
        return facility


def district_by_code(code: str):
    for area in v.AREAS:
        for district in area.districts:
            if district.code == code:
                return area, district
    raise KeyError(code)


def build_facilities(demo: Demo, count: int) -> list:
    rng = demo.rng("facilities")
    codes = {d.code for a in v.AREAS for d in a.districts}
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    factory = PartyFactory(rng, regions, demo.today)
    facilities = []
    for name, kind_key, code, prefix in v.SPECIAL_FACILITIES[:count]:
        area, district = district_by_code(code)
        kind = v.PARTY_KIND[kind_key]
        facilities.append(factory.organisation(kind, area, district, name=name, prefix=prefix))
    attempts = 0
    while len(facilities) < count and attempts < count * 20:
        attempts += 1
        facility = factory.new(weighted(rng, v.PARTY_KINDS, lambda k: k.weight))
        if facility is not None:
            facilities.append(facility)
    # Parties that offend again and again: never the public institutions.
    candidates = [f for f in facilities if not f.uscc or not f.uscc.startswith("12")]
    for facility in rng.sample(candidates, round(len(candidates) * BAD_ACTOR_RATE)):
        facility.demo_bad = True
    return facilities


def save_facilities(facilities: list) -> None:
    """bulk_create keeps the objects (and their demo_* tags) and sets their pks, on the
    backends we support (PostgreSQL, SQLite ≥ 3.35)."""
    Facility.objects.bulk_create(facilities, batch_size=500)
    if facilities and facilities[0].pk is None:
        raise RuntimeError("seed_demo needs a database that returns ids from bulk inserts")
