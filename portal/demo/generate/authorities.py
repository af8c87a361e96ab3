"""The demo's authorities: health commissions and supervision institutes of every district,
city and province covered, and the agencies leads may be transferred to.

Their codes are derived from their names, so they never depend on the seed, and they are
kept across `--reset` runs (records point at them)."""

import hashlib
from dataclasses import dataclass

from ...credit_code import make_uscc
from ...models import Authority, AuthorityKind, Region
from .. import vocabulary as v


@dataclass
class Authorities:
    commission: dict  # region code -> 卫生健康委员会/局
    supervision: dict  # region code -> 卫生健康监督所
    abbr: dict  # authority name -> document-number prefix (京朝, 杭西 …)
    others: list

    def enforcer(self, rng, party) -> Authority:
        """Who decides a penalty: mostly the district's supervision institute."""
        roll = rng.random()
        if roll < 0.65:
            return self.supervision[party.demo_district.code]
        if roll < 0.92:
            return self.commission[party.demo_district.code]
        return self.supervision[party.demo_area.city_code]

    def licensor(self, rng, party) -> Authority:
        if party.demo_kind in v.HOSPITALS and rng.random() < 0.5:
            return self.commission[party.demo_area.city_code]
        return self.commission[party.demo_district.code]

    def all(self) -> list:
        return list(self.commission.values()) + list(self.supervision.values()) + self.others


def authority_specs():
    """(name, kind, region code, document-number prefix) of every demo authority."""
    commission, supervision = AuthorityKind.HEALTH_COMMISSION, AuthorityKind.HEALTH_SUPERVISION
    for area in v.AREAS:
        province = area.province_name
        yield f"{province}卫生健康委员会", commission, area.province_code, area.province_abbr
        yield f"{province}卫生健康监督所", supervision, area.province_code, area.province_abbr
        if not area.is_municipality:
            yield f"{area.city_name}卫生健康委员会", commission, area.city_code, area.city_abbr
            yield f"{area.city_name}卫生健康监督所", supervision, area.city_code, area.city_abbr
        for d in area.districts:
            name = f"{area.city_name}{d.name}"
            yield f"{name}{area.district_commission}", commission, d.code, d.abbr
            yield f"{name}卫生健康监督所", supervision, d.code, d.abbr
    for kind, name, code in v.OTHER_AGENCIES:
        yield name, kind, code, ""


def authority_uscc(name: str, division: str, used: set) -> str:
    """A government organ's code (11…), derived from its name so it never depends on the seed."""
    number = int(hashlib.sha256(name.encode()).hexdigest(), 16)
    while True:
        code = make_uscc("11", division, f"00{number % 10**6:06d}")
        if code not in used:
            used.add(code)
            return code
        number += 1


def ensure_authorities() -> Authorities:
    specs = list(authority_specs())
    existing = {a.name: a for a in Authority.objects.filter(name__in=[s[0] for s in specs])}
    used = set(Authority.objects.exclude(uscc=None).values_list("uscc", flat=True))
    regions = dict(Region.objects.filter(code__in={s[2] for s in specs}).values_list("code", "id"))
    new = [
        Authority(
            name=name,
            kind=kind,
            uscc=authority_uscc(name, code, used),
            region_id=regions.get(code),
        )
        for name, kind, code, _ in specs
        if name not in existing
    ]
    Authority.objects.bulk_create(new)
    by_name = {a.name: a for a in Authority.objects.filter(name__in=[s[0] for s in specs])}
    book = Authorities(commission={}, supervision={}, abbr={}, others=[])
    for name, kind, code, abbr in specs:
        authority = by_name[name]
        book.abbr[name] = abbr
        if kind == AuthorityKind.HEALTH_COMMISSION:
            book.commission[code] = authority
        elif kind == AuthorityKind.HEALTH_SUPERVISION:
            book.supervision[code] = authority
        else:
            book.others.append(authority)
    return book
