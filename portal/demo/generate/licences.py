"""行政许可: registrations, changes and the other licences of each kind of party."""

import datetime

from dateutil.relativedelta import relativedelta

from ...models import LicenceRecord
from .. import vocabulary as v
from .common import Demo, draw_state, region_prefix, weighted
from .records import finish, new_record, number_documents, withdraw_some


def licence_number(rng, kind, facility, authority_abbr, area, decided) -> str:
    year = decided.year
    if kind.key == "radiation":
        return f"{authority_abbr}卫放证字〔{year}〕第{rng.randint(1, 300):03d}号"
    if kind.key == "maternal":
        return f"{authority_abbr}母婴许字〔{year}〕第{rng.randint(1, 120):03d}号"
    if kind.key == "advertising":
        return (
            f"（{area.province_abbr}）医广【{year}】第{decided:%m-%d}-{rng.randint(1, 300):03d}号"
        )
    return facility.licence_number


def build_licences(demo: Demo, count: int) -> list:
    rng = demo.rng("licences")
    kinds = [k for k in v.LICENCE_KINDS if demo.pool(k.targets)[0]]
    statuses = LicenceRecord.Status
    records = []
    for _ in range(count if kinds else 0):
        kind = weighted(rng, kinds, lambda k: k.weight)
        facility = demo.pick(rng, kind.targets, weighted=False)
        state = draw_state(rng)
        decided = demo.decision_date(rng, state)
        authority = demo.authorities.licensor(rng, facility)
        area, district = facility.demo_area, facility.demo_district
        subjects = v.SUBJECTS_BY_KIND.get(facility.demo_kind, v.SUBJECTS)
        content = kind.content.format(
            subjects="；".join(rng.sample(subjects, min(len(subjects), rng.randint(2, 5)))),
            item=rng.choice(kind.items),
            business=v.PARTY_KIND[facility.demo_kind].business,
            region=f"{region_prefix(area)}{district.name}",
        )
        valid_to = None
        if kind.years:
            valid_to = decided + relativedelta(years=kind.years) - datetime.timedelta(days=1)
        status = rng.choices((statuses.VALID, statuses.REVOKED, statuses.CANCELLED), (95, 3, 2))[0]
        abbr = demo.authorities.abbr.get(authority.name, "")
        record = new_record(
            LicenceRecord,
            demo,
            facility,
            authority,
            decided,
            state,
            document_name="准予行政许可决定书",
            licence_category=kind.category,
            certificate_name=kind.certificate,
            licence_number=licence_number(rng, kind, facility, abbr, area, decided),
            content=content,
            valid_from=decided,
            valid_to=valid_to,
            status=status,
        )
        record.demo_tag = kind.tag
        records.append(record)
    number_documents(demo, rng, records)
    finish(demo, rng, records)
    withdraw_some(demo, rng, records, v.LICENCE_WITHDRAWAL_REASONS)
    return records
