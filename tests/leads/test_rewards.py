"""Rewards for substantiated 有奖举报 (portal/leads/rewards.py): who may propose, approve and
pay; the amount limits; two different people; the public timeline and the audit log; a
refused step changes nothing."""

import random
from decimal import Decimal

import pytest
from wagtail.models import ModelLogEntry

from portal.intake import flow
from portal.intake.receipts import hash_query_code
from portal.leads import rewards
from portal.leads.errors import TransitionError
from portal.models import Lead, LeadEvent, LeadKind, LeadOutcome, LeadReward, LeadState

pytestmark = pytest.mark.django_db
BASIS = "举报内容查实，案件罚没款 5 万元，按比例计算奖励。"


@pytest.fixture
def concluded(make_lead, advance):
    """concluded(kind=REWARD, outcome=SUBSTANTIATED, state=CONCLUDED, **fields)."""

    def make(kind=LeadKind.REWARD, outcome=LeadOutcome.SUBSTANTIATED,
             state=LeadState.CONCLUDED, **fields):  # fmt: skip
        lead = make_lead(kind, **fields)
        return advance(lead, state, conclude={"outcome": outcome})

    return make


@pytest.fixture
def lead(concluded):
    return concluded()


@pytest.fixture
def proposer(county_supervisor):
    return county_supervisor


@pytest.fixture
def approver(reward_approver):
    return reward_approver


def snapshot(lead):
    """Everything a reward step may change."""
    reward = LeadReward.objects.filter(lead=lead).values().first()
    return (
        reward,
        list(lead.events.values_list("pk", flat=True)),
        list(ModelLogEntry.objects.filter(object_id=str(lead.pk)).values_list("pk", flat=True)),
        Lead.objects.filter(pk=lead.pk).values("state", "outcome", "updated_at").get(),
    )


def refused(call, lead, message):
    before = snapshot(lead)
    with pytest.raises(TransitionError) as error:
        call()
    assert message in str(error.value)
    assert snapshot(lead) == before
    return error.value


def audit(lead):
    return list(
        ModelLogEntry.objects.filter(
            object_id=str(lead.pk), action__startswith="portal.lead.reward_"
        )
        .order_by("pk")
        .values_list("action", "user_id", "data")
    )


# --- Who and what may be rewarded -------------------------------------------------------

ELIGIBILITY = [
    # kind, outcome, state, consent, allowed or the refusal
    (LeadKind.REWARD, LeadOutcome.SUBSTANTIATED, LeadState.CONCLUDED, True, None),
    (LeadKind.REWARD, LeadOutcome.PARTLY, LeadState.CONCLUDED, True, None),
    (LeadKind.REWARD, LeadOutcome.SUBSTANTIATED, LeadState.REPLIED, True, None),
    (LeadKind.REWARD, LeadOutcome.SUBSTANTIATED, LeadState.CLOSED, True, None),
    (LeadKind.REWARD, LeadOutcome.UNFOUNDED, LeadState.CONCLUDED, True, "查实或部分查实"),
    (LeadKind.REWARD, LeadOutcome.UNVERIFIABLE, LeadState.CONCLUDED, True, "查实或部分查实"),
    (LeadKind.REWARD, LeadOutcome.SUBSTANTIATED, LeadState.INVESTIGATING, True, "办结后"),
    (LeadKind.REWARD, LeadOutcome.SUBSTANTIATED, LeadState.CONCLUDED, False, "未同意奖励规则"),
    (LeadKind.VIOLATION, LeadOutcome.SUBSTANTIATED, LeadState.CONCLUDED, False, "有奖举报"),
    (LeadKind.COMPLAINT, LeadOutcome.SUBSTANTIATED, LeadState.CONCLUDED, False, "有奖举报"),
]


@pytest.mark.parametrize("kind,outcome,state,consent,refusal", ELIGIBILITY)
def test_which_leads_may_be_rewarded(concluded, proposer, kind, outcome, state, consent, refusal):
    lead = concluded(kind, outcome, state)
    if not consent:
        Lead.objects.filter(pk=lead.pk).update(reward_consent=False)
        lead.refresh_from_db()
    assert rewards.is_eligible(lead) is (refusal is None)
    assert rewards.can_propose(proposer, lead) is (refusal is None)
    if refusal is None:
        reward = rewards.propose(proposer, lead, "1000", BASIS)
        assert reward.status == LeadReward.Status.PROPOSED and reward.amount == Decimal("1000")
    else:
        refused(lambda: rewards.propose(proposer, lead, "1000", BASIS), lead, refusal)


@pytest.mark.parametrize(
    "amount,result",
    [
        ("199.99", "¥200 至 ¥200,000"),
        ("200", Decimal("200.00")),
        ("200000", Decimal("200000.00")),
        ("200000.01", "¥200 至 ¥200,000"),
        (Decimal("1234.5"), Decimal("1234.50")),
        (5000, Decimal("5000.00")),
        ("1,500", Decimal("1500.00")),
        ("100.005", "¥200 至 ¥200,000"),
        ("1000.005", "最多保留两位小数"),
        ("-500", "¥200 至 ¥200,000"),
        ("", "有效的奖励金额"),
        ("一千元", "有效的奖励金额"),
        ("NaN", "有效的奖励金额"),
        ("Infinity", "有效的奖励金额"),
        ("1" + "0" * 40, "¥200 至 ¥200,000"),
        (1000.0, "有效的奖励金额"),  # floats round in binary: refused
        (None, "有效的奖励金额"),
    ],
)
def test_amount_limits(lead, proposer, amount, result):
    if isinstance(result, Decimal):
        assert rewards.propose(proposer, lead, amount, BASIS).amount == result
        assert LeadReward.objects.get(lead=lead).amount == result
    else:
        refused(lambda: rewards.propose(proposer, lead, amount, BASIS), lead, result)


def test_a_proposal_needs_a_basis(lead, proposer):
    refused(lambda: rewards.propose(proposer, lead, "1000", "  "), lead, "奖励依据")


PERMISSION_TABLE = [
    # user fixture, step, allowed
    ("county_supervisor", "propose", True),
    ("county_handler", "propose", False),
    ("reward_approver", "propose", False),
    ("other_county_handler", "propose", False),  # every permission, another county's lead
    ("county_viewer", "propose", False),
    ("reward_approver", "decide", True),
    ("county_supervisor", "decide", False),
    ("county_handler", "decide", False),
    ("reward_approver", "pay", True),
    ("county_supervisor", "pay", False),
    ("county_handler", "pay", False),
]


@pytest.mark.parametrize("who,step,allowed", PERMISSION_TABLE)
def test_who_may_take_each_step(request, lead, who, step, allowed, lead_admin):
    user = request.getfixturevalue(who)
    if step in ("decide", "pay"):
        rewards.propose(lead_admin, lead, "800", BASIS)
    if step == "pay":
        rewards.decide(request.getfixturevalue("reward_approver"), lead, True, "")
    calls = {
        "propose": lambda: rewards.propose(user, lead, "1000", BASIS),
        "decide": lambda: rewards.decide(user, lead, True, ""),
        "pay": lambda: rewards.pay(user, lead, "ZF-2025-0001"),
    }
    checks = {"propose": rewards.can_propose, "decide": rewards.can_decide, "pay": rewards.can_pay}
    lead.refresh_from_db()
    assert checks[step](user, lead) is allowed
    if allowed:
        calls[step]()
    else:
        refused(calls[step], lead, "")


# --- Two people, in order ---------------------------------------------------------------


def test_the_proposer_cannot_approve(lead, lead_admin):
    rewards.propose(lead_admin, lead, "1000", BASIS)
    lead.refresh_from_db()
    assert not rewards.can_decide(lead_admin, lead)
    refused(lambda: rewards.decide(lead_admin, lead, True, ""), lead, "提出人以外的人员")
    refused(lambda: rewards.decide(lead_admin, lead, False, "金额过高"), lead, "提出人以外")


def test_a_revised_proposal_needs_someone_else_than_the_reviser(lead, proposer, lead_admin):
    rewards.propose(lead_admin, lead, "1000", BASIS)
    rewards.propose(proposer, lead, "1200", BASIS)  # revised before the decision
    refused(lambda: rewards.decide(proposer, lead, True, ""), lead, "")
    reward = rewards.decide(lead_admin, lead, True, "")
    assert reward.status == LeadReward.Status.APPROVED and reward.amount == Decimal("1200")


def test_rejecting_needs_a_reason(lead, proposer, approver):
    rewards.propose(proposer, lead, "1000", BASIS)
    refused(lambda: rewards.decide(approver, lead, False, " "), lead, "须填写理由")


def test_nothing_to_decide_or_pay_without_a_proposal(lead, approver):
    refused(lambda: rewards.decide(approver, lead, True, ""), lead, "没有待审批的奖励")
    refused(lambda: rewards.pay(approver, lead, "ZF-1"), lead, "已批准奖励")


def test_only_an_approved_reward_is_paid(lead, proposer, approver):
    rewards.propose(proposer, lead, "1000", BASIS)
    refused(lambda: rewards.pay(approver, lead, "ZF-1"), lead, "已批准奖励")  # pending
    rewards.decide(approver, lead, False, "举报人系案件当事人的工作人员。")
    refused(lambda: rewards.pay(approver, lead, "ZF-1"), lead, "已批准奖励")  # rejected


def test_payment_needs_a_reference(lead, proposer, approver):
    rewards.propose(proposer, lead, "1000", BASIS)
    rewards.decide(approver, lead, True, "")
    refused(lambda: rewards.pay(approver, lead, ""), lead, "发放凭证号")
    refused(lambda: rewards.pay(approver, lead, "x" * 101), lead, "100")


def test_no_second_proposal_after_approval_or_payment(lead, proposer, approver):
    rewards.propose(proposer, lead, "1000", BASIS)
    rewards.decide(approver, lead, True, "")
    refused(lambda: rewards.propose(proposer, lead, "2000", BASIS), lead, "已批准")
    rewards.pay(approver, lead, "ZF-1")
    refused(lambda: rewards.propose(proposer, lead, "2000", BASIS), lead, "已发放")
    refused(lambda: rewards.decide(approver, lead, True, ""), lead, "没有待审批")
    refused(lambda: rewards.pay(approver, lead, "ZF-2"), lead, "已批准奖励")


def test_a_rejected_reward_may_be_proposed_again(lead, proposer, approver):
    rewards.propose(proposer, lead, "1000", BASIS)
    rewards.decide(approver, lead, False, "依据不足。")
    reward = rewards.propose(proposer, lead, "600", BASIS + "补充依据。")
    assert reward.status == LeadReward.Status.PROPOSED and reward.decided_by is None
    assert rewards.decide(approver, lead, True, "").amount == Decimal("600")


# --- The whole way: records, timeline, /track/, audit log -------------------------------


def test_propose_approve_pay_records_everything(lead, proposer, approver):
    reward = rewards.propose(proposer, lead, "1000", BASIS)
    assert (reward.proposed_by, reward.basis) == (proposer, BASIS)
    reward = rewards.decide(approver, lead, True, "同意。")
    assert (reward.decided_by, reward.decision_note) == (approver, "同意。")
    assert reward.decided_at is not None
    reward = rewards.pay(approver, lead, " ZF-2025-0001 ")
    assert reward.status == LeadReward.Status.PAID
    assert (reward.paid_by, reward.payment_reference) == (approver, "ZF-2025-0001")
    assert reward.paid_at is not None

    events = list(lead.events.filter(kind=LeadEvent.Kind.REWARD))
    assert [(e.public, e.public_text) for e in events] == [
        (False, ""),
        (True, "经审核，决定给予奖励 ¥1,000。"),
        (True, "奖励 ¥1,000 已发放。"),
    ]
    assert [e.actor for e in events] == [proposer, approver, approver]
    assert BASIS in events[0].internal_text and "ZF-2025-0001" in events[2].internal_text

    entries = audit(lead)
    assert [(action, user) for action, user, _ in entries] == [
        ("portal.lead.reward_propose", proposer.pk),
        ("portal.lead.reward_approve", approver.pk),
        ("portal.lead.reward_pay", approver.pk),
    ]
    assert entries[0][2]["amount"] == "1000.00" and entries[2][2]["reference"] == "ZF-2025-0001"
    assert [data["event"] for _, _, data in entries] == [e.pk for e in events]


def test_rejection_is_public_with_its_reason(lead, proposer, approver):
    rewards.propose(proposer, lead, "1000", BASIS)
    rewards.decide(approver, lead, False, "举报线索由执法人员先行掌握。")
    event = lead.events.filter(kind=LeadEvent.Kind.REWARD).last()
    assert event.public
    assert event.public_text == "经审核，决定不予奖励。理由：举报线索由执法人员先行掌握。"
    assert audit(lead)[-1][0] == "portal.lead.reward_reject"
    assert LeadReward.objects.get(lead=lead).status == LeadReward.Status.REJECTED


def test_amounts_are_shown_in_yuan():
    assert rewards.format_amount(Decimal("200000")) == "¥200,000"
    assert rewards.format_amount(Decimal("1234.50")) == "¥1,234.50"
    assert rewards.format_amount(Decimal("200.00")) == "¥200"


def test_the_reporter_sees_the_decision_and_payment_at_track(client, lead, proposer, approver):
    rewards.propose(proposer, lead, "2500.5", BASIS)
    rewards.decide(approver, lead, True, "同意，内部意见甲")
    rewards.pay(approver, lead, "ZF-2025-0099")
    timeline, _replies = flow.public_history(lead)
    texts = [entry["text"] for entry in timeline]
    assert "经审核，决定给予奖励 ¥2,500.50。" in texts and "奖励 ¥2,500.50 已发放。" in texts

    Lead.objects.filter(pk=lead.pk).update(query_code_hash=hash_query_code("ABCD-EFGH-JKMN"))
    client.defaults["REMOTE_ADDR"] = f"10.9.{random.randrange(256)}.{random.randrange(1, 255)}"
    response = client.post(
        "/track/", {"receipt_number": lead.receipt_number, "query_code": "ABCD-EFGH-JKMN"}
    )
    assert response.status_code == 302
    html = client.get("/track/progress/").content.decode()
    assert "经审核，决定给予奖励 ¥2,500.50。" in html and "举报奖励" in html
    for secret in (BASIS, "ZF-2025-0099", "内部意见甲", proposer.username, approver.username):
        assert secret not in html, secret


def test_log_action_labels_are_registered():
    registered = {}

    class Registry:
        def register_action(self, action, label, message):
            registered[action] = str(label)

    rewards.register_reward_log_actions(Registry())
    assert registered["portal.lead.reward_propose"] == "提出举报奖励"
    assert registered["portal.lead.reward_pay"] == "登记奖励发放"
    assert {"portal.lead.reward_approve", "portal.lead.reward_reject", "portal.lead.link",
            "portal.lead.unlink", "portal.lead.duplicate_dismiss"} <= set(registered)  # fmt: skip
