"""双随机抽查结果: one result per task and party, mostly without problems."""

from ...models import InspectionResult
from .. import vocabulary as v
from .common import Demo, draw_state
from .records import authority_key, finish, new_record

RESULT_WEIGHTS = (
    (InspectionResult.Result.NO_PROBLEM, 70),
    (InspectionResult.Result.CORRECTED, 20),
    (InspectionResult.Result.TRANSFERRED, 4),
    (InspectionResult.Result.NOT_FOUND, 3),
    (InspectionResult.Result.CLOSED, 1),
    (InspectionResult.Result.OTHER, 2),
)


def inspection_result(rng, topic, facility) -> tuple[str, str]:
    results = [r for r, _ in RESULT_WEIGHTS]
    weights = [w * (3 if facility.demo_bad and r != results[0] else 1) for r, w in RESULT_WEIGHTS]
    result = rng.choices(results, weights)[0]
    Result = InspectionResult.Result
    detail = {
        Result.NO_PROBLEM: "",
        Result.CORRECTED: f"发现{rng.choice(topic.problems)}，已当场责令改正。",
        Result.TRANSFERRED: rng.choice(v.TRANSFER_DETAILS) + "。",
        Result.NOT_FOUND: "经现场核查，检查对象不在登记地址经营。",
        Result.CLOSED: "检查对象已办理注销登记。",
        Result.OTHER: rng.choice(v.INSPECTION_OTHER_DETAILS) + "。",
    }[result]
    return result, detail


def build_inspections(demo: Demo, count: int) -> list:
    rng = demo.rng("inspections")
    topics = [(i, t) for i, t in enumerate(v.INSPECTION_TOPICS, 1) if demo.pool(t.targets)[0]]
    seen, records = set(), []
    attempts = 0
    while len(records) < count and topics and attempts < count * 5:
        attempts += 1
        number, topic = rng.choice(topics)
        facility = demo.pick(rng, topic.targets, weighted=False)
        state = draw_state(rng)
        decided = demo.decision_date(rng, state)
        year = decided.year
        area, district = facility.demo_area, facility.demo_district
        task_number = f"RW{district.code}{year}{number:03d}"
        if (task_number, facility.pk) in seen:
            continue
        seen.add((task_number, facility.pk))
        authority = (
            demo.authorities.supervision[district.code]
            if rng.random() < 0.85
            else demo.authorities.commission[district.code]
        )
        result, detail = inspection_result(rng, topic, facility)
        plan_number = f"JH{area.city_code}{year}{number:03d}"
        record = new_record(
            InspectionResult,
            demo,
            facility,
            authority,
            decided,
            state,
            document_number=task_number,
            plan_number=plan_number,
            plan_name=f"{year}年度{area.city_name}{topic.name}双随机抽查计划",
            task_name=f"{year}年{district.name}{topic.name}监督抽查任务",
            inspection_type="定向抽查" if rng.random() < 0.85 else "不定向抽查",
            result=result,
            result_detail=detail,
        )
        party = facility.uscc or facility.name
        record.record_key = "|".join((authority_key(authority), plan_number, task_number, party))
        records.append(record)
    finish(demo, rng, records)
    return records
