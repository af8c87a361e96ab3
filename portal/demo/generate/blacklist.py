"""严重失信主体名单: built first, since a publicly listed party's penalties are all serious."""

import datetime

from dateutil.relativedelta import relativedelta

from ...models import BlacklistEntry
from .. import vocabulary as v
from .common import LIVE, Demo, draw_state
from .records import finish, is_public, new_record, number_documents


def blacklist_parties(demo: Demo, rng, count: int) -> list:
    """Who gets listed: the bad actors first, then others who fit a listing reason.

    About three entries per party, so a demo with many entries does not list most
    parties; a party listed again for a later serious violation is realistic."""
    kinds = {k for _, _, targets in v.BLACKLIST_REASONS for k in sorted(targets)}
    eligible = demo.pool(kinds)[0]
    bad = [f for f in eligible if f.demo_bad]
    others = [f for f in eligible if not f.demo_bad]
    wanted = min(len(eligible), max(len(bad), -(-count // 3)))
    return bad[:wanted] + rng.sample(others, max(0, wanted - len(bad)))


def build_blacklist(demo: Demo, count: int) -> list:
    rng = demo.rng("blacklist")
    parties = blacklist_parties(demo, rng, count)
    records = []
    for _ in range(count if parties else 0):
        facility = rng.choice(parties)
        reasons = [r for r in v.BLACKLIST_REASONS if facility.demo_kind in r[2]]
        text, basis, _ = rng.choice(reasons)
        state = draw_state(rng)
        decided = demo.decision_date(rng, state)
        authority = demo.authorities.commission[facility.demo_district.code]
        record = new_record(
            BlacklistEntry,
            demo,
            facility,
            authority,
            decided,
            state,
            listing_reason=text,
            listing_basis=f"{v.LISTING_POLICY}；{basis}",
            removal_planned_on=decided + relativedelta(years=3) - datetime.timedelta(days=1),
        )
        removed = decided + datetime.timedelta(days=rng.randint(365, 1000))
        if state == LIVE and removed < demo.today and rng.random() < 0.3:
            record.removed_on = removed
            record.removal_reason = rng.choice(v.REMOVAL_REASONS)
        record.demo_tag = "卫信列"
        records.append(record)
    number_documents(demo, rng, records, "{abbr}{tag}〔{year}〕{seq:03d}号")
    finish(demo, rng, records)
    demo.blacklisted = {r.facility_id for r in records if is_public(r, demo.today)}
    return records
