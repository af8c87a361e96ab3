"""不良执业行为记分: 1/2/4/6/12 points, the bad actors scored more often."""

import datetime

from ...models import PracticeScore
from .. import vocabulary as v
from .common import Demo, chinese_date, draw_state, weighted
from .records import finish, new_record, number_documents


def build_practice_scores(demo: Demo, count: int) -> list:
    rng = demo.rng("practice_scores")
    behaviours = [b for b in v.SCORE_BEHAVIOURS if demo.pool(b[3])[0]]
    records = []
    for _ in range(count if behaviours else 0):
        points, behaviour, rule, targets = weighted(
            rng, behaviours, lambda b: v.SCORE_WEIGHTS[b[0]]
        )
        facility = demo.pick(rng, targets)
        state = draw_state(rng)
        decided = demo.decision_date(rng, state)
        district = facility.demo_district
        supervision = rng.random() < 0.7
        authority = (
            demo.authorities.supervision[district.code]
            if supervision
            else demo.authorities.commission[district.code]
        )
        found = decided - datetime.timedelta(days=rng.randint(7, 40))
        record = new_record(
            PracticeScore,
            demo,
            facility,
            authority,
            decided,
            state,
            points=points,
            behaviour=f"{chinese_date(found)}监督检查发现：{behaviour}。",
            legal_basis=rule,
        )
        record.demo_tag = "卫监记" if supervision else "卫医记"
        records.append(record)
    number_documents(demo, rng, records)
    finish(demo, rng, records)
    return records
