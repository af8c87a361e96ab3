"""The lead state machine (portal/leads/workflow.py): the full table of (state, action,
role) → allowed or refused, checked against both `allowed` and `perform`; then what each
action records (timeline event, audit entry, deadlines) and how bad input is refused
without changing anything."""

import datetime

import pytest
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from portal.leads import workflow
from portal.leads.errors import TransitionError
from portal.leads.workflow import Action
from portal.models import (
    Lead,
    LeadDeadline,
    LeadEvent,
    LeadOutcome,
    LeadState,
    LeadTimeLimit,
    Stage,
)

pytestmark = pytest.mark.django_db

S = LeadState
OPEN = {S.RECEIVED, S.ACCEPTED, S.ASSIGNED, S.INVESTIGATING}
# Written out here, independently of workflow.TRANSITIONS: from which states each action
# may be taken, and which permission it needs.
FROM_STATES = {
    "accept": {S.RECEIVED},
    "refuse": {S.RECEIVED},
    "assign": {S.ACCEPTED, S.ASSIGNED},
    "devolve": {S.ACCEPTED, S.ASSIGNED},
    "start": {S.ASSIGNED},
    "conclude": {S.INVESTIGATING},
    "reply": {S.CONCLUDED},
    "close": {S.REPLIED},
    "transfer": OPEN,
    "merge": OPEN,
    "extend": OPEN,
    "note": set(S),
}
TARGET = {
    "accept": S.ACCEPTED,
    "refuse": S.REFUSED,
    "assign": S.ASSIGNED,
    "devolve": S.ASSIGNED,
    "start": S.INVESTIGATING,
    "conclude": S.CONCLUDED,
    "reply": S.REPLIED,
    "close": S.CLOSED,
    "transfer": S.TRANSFERRED,
    "merge": S.MERGED,
}
DISPATCH_ONLY = {"assign", "devolve", "transfer", "extend"}
ROLES = {
    "handler": "county_handler",  # 线索办理员, same county
    "supervisor": "county_supervisor",  # 线索负责人, same county
    "viewer": "county_viewer",  # view_lead only, same county
    "nobody": "no_perm_user",  # admin access only, same county
    "other_county": "other_county_handler",  # 线索负责人 of another county
}


def expected(state, action, role) -> bool:
    if state not in FROM_STATES[action]:
        return False
    if role == "supervisor":
        return True
    return role == "handler" and action not in DISPATCH_ONLY


def test_the_table_covers_every_state_and_action():
    assert set(FROM_STATES) == set(Action.values) == set(workflow.TRANSITIONS)
    for action, transition in workflow.TRANSITIONS.items():
        assert set(transition.sources) == FROM_STATES[action], action
        assert transition.target == TARGET.get(action), action


def snapshot(lead) -> dict:
    """Everything a refused action must leave as it was."""
    fresh = Lead.objects.get(pk=lead.pk)
    return {
        "lead": {
            f: getattr(fresh, f)
            for f in (
                "state",
                "due_on",
                "office_id",
                "handler_id",
                "outcome",
                "merged_into_id",
                "transferred_to_id",
                "accepted_at",
                "concluded_at",
                "replied_at",
            )
        },  # fmt: skip
        "co_offices": sorted(fresh.co_offices.values_list("pk", flat=True)),
        "events": list(LeadEvent.objects.order_by("pk").values_list("pk", "lead_id", "kind")),
        "deadlines": list(LeadDeadline.objects.order_by("pk").values()),
        "log": ModelLogEntry.objects.count(),
    }


@pytest.mark.parametrize(
    "state,action", [(state, action) for state in S.values for action in Action.values]
)
def test_transition_table(state, action, request, make_lead, advance, action_data):
    """For each role: `allowed`, `available_actions` and `perform` agree with the table; a
    refusal raises TransitionError with a message and changes nothing (one lead is reused
    across refusals, a fresh one follows each success)."""
    # The decide stage is made extendable so that "extend" can succeed in every open state.
    LeadTimeLimit.objects.filter(stage=Stage.DECIDE).update(extension_days=3)
    stage = Stage.DECIDE if state == S.RECEIVED else Stage.CONCLUDE
    extra = {"stage": stage} if action == "extend" else {}
    lead = None
    results = {}
    for role, fixture in ROLES.items():
        user = request.getfixturevalue(fixture)
        lead = lead or advance(make_lead(), state)
        may = workflow.allowed(user, lead, action)
        assert (action in workflow.available_actions(user, lead)) is may, role
        data = action_data(action, lead, **extra)
        before = snapshot(lead)
        try:
            event = workflow.perform(user, lead, action, **data)
        except TransitionError as refused:
            assert str(refused), role
            assert snapshot(lead) == before, role
            results[role] = (may, False)
            continue
        assert event.pk and event.lead_id == lead.pk and event.actor == user
        assert lead.state == TARGET.get(action, state)
        entry = ModelLogEntry.objects.filter(object_id=str(lead.pk)).latest("pk")
        assert entry.action == f"portal.lead.{action}" and entry.user == user
        assert entry.data["event"] == event.pk
        results[role] = (may, True)
        lead = None  # used up: the next role gets a fresh lead
    assert results == {role: (expected(state, action, role),) * 2 for role in ROLES}


# --- What each action records -----------------------------------------------------------


def log_entries(lead):
    return list(ModelLogEntry.objects.filter(object_id=str(lead.pk)).order_by("pk"))


def test_accept_records_a_public_event_starts_the_clocks_and_logs(
    make_lead, county_handler, lead_offices
):
    lead = make_lead(suggested_authority=lead_offices.county_a)
    event = workflow.perform(county_handler, lead, "accept", note="材料齐全")
    assert lead.state == S.ACCEPTED and lead.accepted_at
    assert lead.office == lead_offices.county_a  # the suggested office becomes the 主办
    assert event.public and event.public_text == "您反映的问题已受理。"
    assert event.internal_text == "材料齐全" and event.state == S.ACCEPTED
    stages = {d.stage: d for d in lead.deadlines.all()}
    assert stages[Stage.DECIDE].met_at is not None
    assert stages[Stage.CONCLUDE].met_at is None and stages[Stage.NOTIFY].met_at is None
    assert lead.due_on == stages[Stage.CONCLUDE].due_on
    [entry] = [e for e in log_entries(lead) if e.action == "portal.lead.accept"]
    assert entry.user == county_handler and entry.data["note"] == "材料齐全"
    assert log_registry.get_formatter(entry).format_message(entry) == "受理"
    assert str(log_registry.get_formatter(entry).label) == "受理"


def test_anonymous_reporter_gets_no_notify_clock(make_lead, county_handler):
    lead = make_lead(anonymous=True)
    workflow.perform(county_handler, lead, "accept")
    assert not lead.deadlines.filter(stage=Stage.NOTIFY).exists()


def test_refuse_needs_a_reason_and_shows_it_to_the_reporter(make_lead, county_handler):
    lead = make_lead()
    before = snapshot(lead)
    for reason in (None, "", "   "):
        with pytest.raises(TransitionError, match="请填写：理由"):
            workflow.perform(county_handler, lead, "refuse", reason=reason)
    assert snapshot(lead) == before
    event = workflow.perform(county_handler, lead, "refuse", reason="不属于本部门职责。")
    assert lead.state == S.REFUSED and lead.due_on is None
    assert event.public and event.public_text == "不予受理。理由：不属于本部门职责。"
    entry = log_entries(lead)[-1]
    assert entry.action == "portal.lead.refuse"
    assert log_registry.get_formatter(entry).format_message(entry) == "不予受理：不属于本部门职责。"


def test_assign_with_co_offices_and_handler(
    make_lead, advance, county_supervisor, county_handler, lead_offices
):
    lead = advance(make_lead(), S.ACCEPTED)
    event = workflow.perform(
        county_supervisor, lead, "assign", office=lead_offices.county_a,
        co_offices=[lead_offices.county_a_supervision, lead_offices.county_a],
        handler=county_handler,
    )  # fmt: skip
    assert lead.state == S.ASSIGNED and lead.office == lead_offices.county_a
    assert list(lead.co_offices.all()) == [lead_offices.county_a_supervision]
    assert lead.handler == county_handler
    assert event.kind == LeadEvent.Kind.ASSIGNMENT and event.public_text == "已交承办机构办理。"
    assert "主办：杭州市西湖区卫生健康局" in event.internal_text
    assert "分办：杭州市西湖区卫生健康监督所" in event.internal_text
    entry = log_entries(lead)[-1]
    assert entry.data["office"] == lead_offices.county_a.pk
    assert entry.data["co_offices"] == [
        lead_offices.county_a_supervision.pk,
        lead_offices.county_a.pk,
    ]
    assert entry.data["handler"] == county_handler.pk


@pytest.mark.parametrize(
    "office,handler,message",
    [
        ("market", None, "只能交办给卫生健康部门"),
        ("county_a", "no_perm_user", "承办人须为有线索办理权限的工作人员"),
        ("county_a", "other_county_handler", "承办人须是主办或分办机构的工作人员"),
    ],
)
def test_assign_refusals_change_nothing(
    office, handler, message, request, make_lead, advance, county_supervisor, lead_offices
):
    lead = advance(make_lead(), S.ACCEPTED)
    before = snapshot(lead)
    data = {"office": getattr(lead_offices, office)}
    if handler:
        data["handler"] = request.getfixturevalue(handler)
    with pytest.raises(TransitionError, match=message):
        workflow.perform(county_supervisor, lead, "assign", **data)
    assert snapshot(lead) == before


def test_devolve_only_to_an_office_covering_the_facility(
    make_lead, advance, province_supervisor, lead_offices, facility_b
):
    lead = advance(make_lead(), S.ACCEPTED)  # facility in 西湖区 (杭州)
    for office in (lead_offices.county_b, lead_offices.city_b):
        before = snapshot(lead)
        with pytest.raises(TransitionError, match="管辖权"):
            workflow.perform(province_supervisor, lead, "devolve", office=office)
        assert snapshot(lead) == before
    event = workflow.perform(province_supervisor, lead, "devolve", office=lead_offices.city_a)
    assert lead.office == lead_offices.city_a and event.public_text == "已转属地监督机构办理。"
    workflow.perform(province_supervisor, lead, "devolve", office=lead_offices.county_a)
    assert lead.office == lead_offices.county_a
    # Without a facility, the region the reporter gave decides.
    other = advance(make_lead(facility=None, region=facility_b.region), S.ACCEPTED)
    workflow.perform(province_supervisor, other, "devolve", office=lead_offices.county_b)
    with pytest.raises(TransitionError):
        workflow.perform(province_supervisor, other, "devolve", office=lead_offices.county_a)


def test_start_makes_the_user_the_handler_when_none(make_lead, advance, county_handler):
    lead = advance(make_lead(), S.ASSIGNED)
    assert lead.handler is None
    event = workflow.perform(county_handler, lead, "start")
    assert lead.handler == county_handler and lead.state == S.INVESTIGATING
    assert event.public_text == "正在调查核实。"


def test_conclude_needs_a_valid_outcome_and_stops_the_clock(
    make_lead, advance, county_handler, make_penalty_for
):
    lead = advance(make_lead(), S.INVESTIGATING)
    before = snapshot(lead)
    for outcome in (None, "", "maybe"):
        with pytest.raises(TransitionError, match="办理结果"):
            workflow.perform(county_handler, lead, "conclude", outcome=outcome)
    assert snapshot(lead) == before
    penalty = make_penalty_for(lead.facility)
    event = workflow.perform(
        county_handler, lead, "conclude", outcome=LeadOutcome.PARTLY, note="部分属实",
        penalty=penalty,
    )  # fmt: skip
    assert lead.state == S.CONCLUDED and lead.outcome == LeadOutcome.PARTLY
    assert lead.concluded_at and lead.due_on is None and lead.penalty == penalty
    assert event.public_text == "调查已办结。"
    assert event.internal_text == "办理结果：部分查实\n部分属实"
    assert lead.deadlines.get(stage=Stage.CONCLUDE).met_at is not None
    entry = log_entries(lead)[-1]
    assert log_registry.get_formatter(entry).format_message(entry) == "办结：部分查实"


def test_conclude_refuses_another_facilitys_penalty(
    make_lead, advance, county_handler, make_penalty_for, facility_b
):
    lead = advance(make_lead(), S.INVESTIGATING)
    before = snapshot(lead)
    with pytest.raises(TransitionError, match="被反映机构的记录"):
        workflow.perform(county_handler, lead, "conclude", outcome="substantiated",
                         penalty=make_penalty_for(facility_b))  # fmt: skip
    assert snapshot(lead) == before


def test_reply_is_public_and_close_ends(make_lead, advance, county_handler):
    lead = advance(make_lead(), S.CONCLUDED)
    with pytest.raises(TransitionError, match="答复内容"):
        workflow.perform(county_handler, lead, "reply", text=" ")
    event = workflow.perform(county_handler, lead, "reply", text="已依法查处，感谢监督。",
                             note="电话回访")  # fmt: skip
    assert event.kind == LeadEvent.Kind.REPLY and event.public
    assert event.public_text == "已依法查处，感谢监督。" and event.internal_text == "电话回访"
    assert lead.state == S.REPLIED and lead.replied_at
    event = workflow.perform(county_handler, lead, "close")
    assert lead.state == S.CLOSED and event.public_text == "办理完毕。"


def test_transfer_needs_another_agency_and_a_letter(
    make_lead, advance, county_supervisor, lead_offices
):
    lead = advance(make_lead(), S.ACCEPTED)
    before = snapshot(lead)
    with pytest.raises(TransitionError, match="移送函"):
        workflow.perform(county_supervisor, lead, "transfer", agency=lead_offices.market, letter="")
    with pytest.raises(TransitionError, match="移送机关"):
        workflow.perform(county_supervisor, lead, "transfer", letter="移送函")
    with pytest.raises(TransitionError, match="其他部门"):
        workflow.perform(county_supervisor, lead, "transfer", agency=lead_offices.city_a,
                         letter="移送函")  # fmt: skip
    assert snapshot(lead) == before
    letter = "杭州市市场监督管理局：现将涉嫌无照经营的线索移送贵局处理。"
    event = workflow.perform(
        county_supervisor, lead, "transfer", agency=lead_offices.market, letter=letter
    )
    assert lead.state == S.TRANSFERRED and lead.transferred_to == lead_offices.market
    assert lead.due_on is None
    assert event.public_text == "您反映的问题不属于本部门职责，已移送杭州市市场监督管理局处理。"
    assert event.internal_text == letter
    assert not lead.deadlines.filter(met_at__isnull=True).exclude(stage=Stage.NOTIFY).exists()
    assert log_entries(lead)[-1].data["letter"] == letter


def test_merge_keeps_both_timelines(make_lead, advance, county_handler, other_county_handler):
    lead = make_lead()
    target = make_lead()
    lead.possible_duplicates.add(target)
    target.possible_duplicates.add(lead)
    lead_events = set(lead.events.values_list("pk", flat=True))
    target_events = set(target.events.values_list("pk", flat=True))

    with pytest.raises(TransitionError, match="自身"):
        workflow.perform(county_handler, lead, "merge", target=lead)
    closed = advance(make_lead(), S.REFUSED)
    with pytest.raises(TransitionError, match="仍在办理中"):
        workflow.perform(county_handler, lead, "merge", target=closed)

    event = workflow.perform(county_handler, lead, "merge", target=target, note="同一诊所")
    assert lead.state == S.MERGED and lead.merged_into == target and lead.due_on is None
    assert event.kind == LeadEvent.Kind.DUPLICATE and event.public
    assert "并入线索 " + target.receipt_number in event.internal_text
    # Both timelines keep what they had; the target records the merge too.
    assert lead_events < set(lead.events.values_list("pk", flat=True))
    assert target_events < set(target.events.values_list("pk", flat=True))
    note = target.events.get(kind=LeadEvent.Kind.DUPLICATE)
    assert lead.receipt_number in note.internal_text and not note.public
    assert not lead.possible_duplicates.exists() and not target.possible_duplicates.exists()
    assert target.state == S.RECEIVED
    assert not lead.deadlines.filter(met_at__isnull=True).exists()


def test_merge_into_a_lead_the_user_cannot_see_is_refused(make_lead, county_handler, facility_b):
    lead = make_lead()
    hidden = make_lead(facility=facility_b)
    before = snapshot(lead)
    with pytest.raises(TransitionError, match="无权"):
        workflow.perform(county_handler, lead, "merge", target=hidden)
    assert snapshot(lead) == before


def test_extend_once_with_a_reason(make_lead, advance, county_supervisor):
    lead = advance(make_lead(), S.INVESTIGATING)
    deadline = lead.deadlines.get(stage=Stage.CONCLUDE)
    with pytest.raises(TransitionError, match="理由"):
        workflow.perform(county_supervisor, lead, "extend", stage=Stage.CONCLUDE, reason="")
    with pytest.raises(TransitionError, match="不能延长"):
        workflow.perform(county_supervisor, lead, "extend", stage=Stage.NOTIFY, reason="需要")
    with pytest.raises(TransitionError, match="环节"):
        workflow.perform(county_supervisor, lead, "extend", stage="later", reason="需要")
    event = workflow.perform(county_supervisor, lead, "extend", stage=Stage.CONCLUDE,
                             reason="需要补充调查取证")  # fmt: skip
    extended = lead.deadlines.get(stage=Stage.CONCLUDE)
    assert extended.due_on > deadline.due_on and extended.extended_days == 30
    assert extended.extension_reason == "需要补充调查取证"
    assert extended.extended_by == county_supervisor and lead.due_on == extended.due_on
    assert event.kind == LeadEvent.Kind.DEADLINE and not event.public
    assert f"延长至 {extended.due_on:%Y-%m-%d}" in event.internal_text
    before = snapshot(lead)
    with pytest.raises(TransitionError, match="只能延长一次"):
        workflow.perform(county_supervisor, lead, "extend", stage=Stage.CONCLUDE, reason="再延")
    assert snapshot(lead) == before


def test_notes_are_internal_in_every_state(make_lead, advance, county_handler):
    lead = advance(make_lead(), S.CLOSED)
    event = workflow.perform(county_handler, lead, "note", note="  归档前复核  ")
    assert event.kind == LeadEvent.Kind.NOTE and not event.public and not event.public_text
    assert event.internal_text == "归档前复核" and lead.state == S.CLOSED
    with pytest.raises(TransitionError, match="备注内容"):
        workflow.perform(county_handler, lead, "note", note="")


def test_unknown_action_and_inactive_user(make_lead, county_handler):
    lead = make_lead()
    with pytest.raises(TransitionError, match="未知"):
        workflow.perform(county_handler, lead, "delete")
    assert workflow.allowed(county_handler, lead, "delete") is False
    county_handler.is_active = False
    county_handler.save()
    assert workflow.available_actions(county_handler, lead) == []
    with pytest.raises(TransitionError):
        workflow.perform(county_handler, lead, "accept")


def test_wrong_kinds_of_input_are_refused_with_a_message(
    make_lead, advance, county_supervisor, lead_offices
):
    lead = advance(make_lead(), S.ACCEPTED)
    before = snapshot(lead)
    for data, message in [
        ({"office": lead_offices.county_a.pk}, "无效的承办机构"),
        ({"office": lead_offices.county_a, "co_offices": ["西湖区"]}, "无效的分办机构"),
        ({"office": lead_offices.county_a, "handler": "xh-banli"}, "无效的承办人"),
    ]:
        with pytest.raises(TransitionError, match=message):
            workflow.perform(county_supervisor, lead, "assign", **data)
    with pytest.raises(TransitionError, match="无效的合并到的线索"):
        workflow.perform(county_supervisor, lead, "merge", target=lead.pk)
    assert snapshot(lead) == before
    # An empty note is no note.
    event = workflow.perform(county_supervisor, lead, "assign", office=lead_offices.county_a,
                             note=None)  # fmt: skip
    assert event.internal_text == "主办：杭州市西湖区卫生健康局"


def test_a_stale_lead_object_is_checked_against_the_database(make_lead, county_handler):
    lead = make_lead()
    stale = Lead.objects.get(pk=lead.pk)
    workflow.perform(county_handler, lead, "accept")
    with pytest.raises(TransitionError, match="当前状态为“已受理”"):
        workflow.perform(county_handler, stale, "refuse", reason="重复")
    assert Lead.objects.get(pk=lead.pk).state == S.ACCEPTED


def test_every_action_has_a_readable_audit_label():
    for action in Action:
        formatter = log_registry.get_formatter(
            ModelLogEntry(action=f"portal.lead.{action.value}", data={})
        )
        assert formatter is not None and str(formatter.label) == str(action.label)


def test_the_audit_entry_never_carries_the_reporters_identity(make_lead, advance):
    from tests.leads.conftest import REPORTER

    lead = advance(make_lead(), S.CLOSED)
    text = repr([(e.action, e.data, e.label) for e in log_entries(lead)])
    for value in REPORTER.values():
        assert value not in text


@pytest.fixture
def make_penalty_for(lead_offices):
    from portal.models import PenaltyRecord

    counter = iter(range(1, 1000))

    def make(facility):
        number = f"西卫罚〔2025〕{next(counter):03d}号"
        return PenaltyRecord.objects.create(
            record_key=f"test|{number}", facility=facility, authority=lead_offices.county_a,
            document_number=number, decision_date=datetime.date(2025, 6, 1), violation_type="非法行医",
            facts="经查属实。", legal_basis="《医疗机构管理条例》", penalty_categories="罚款",
            content="罚款人民币5000元", fine_amount="0.5", live=True,
        )  # fmt: skip

    return make
