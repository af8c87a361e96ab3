"""The action forms of the lead page (issue 6), through the views: each action succeeds
and writes its audit entry (read back here); a refused one shows its message and changes
nothing; a user who may not see the lead gets 403; the reward steps need two people.
Fixtures: tests/leads/conftest.py."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from portal.models import (
    InspectionResult,
    Lead,
    LeadDeadline,
    LeadEvent,
    LeadKind,
    LeadOutcome,
    LeadReward,
    LeadState,
    PenaltyRecord,
    Stage,
)

from .conftest import DESCRIPTION, REPORTER
from .test_lead_page import inspection_of, penalty_of

pytestmark = pytest.mark.django_db


def act_url(lead, action):
    return reverse("leads:act", args=[lead.pk, action])


def page_url(lead):
    return reverse("leads:inspect", args=[lead.pk])


def snapshot(lead):
    """What an action may change: the lead's row, its events, deadlines, audit entries."""
    row = Lead.objects.filter(pk=lead.pk).values(
        "state", "office", "handler", "outcome", "due_on", "transferred_to", "merged_into",
        "penalty", "inspection", "accepted_at", "concluded_at", "replied_at",
    ).get()  # fmt: skip
    return (
        row,
        list(LeadEvent.objects.filter(lead=lead).values_list("pk", flat=True)),
        list(LeadDeadline.objects.filter(lead=lead).values_list("stage", "due_on", "met_at")),
        list(lead.co_offices.values_list("pk", flat=True)),
        ModelLogEntry.objects.filter(object_id=str(lead.pk)).count(),
        list(LeadReward.objects.filter(lead=lead).values()),
    )


def audit(lead, action):
    return ModelLogEntry.objects.filter(
        object_id=str(lead.pk), content_type__model="lead", action=action
    )


def post(client, lead, action, data=None):
    return client.post(act_url(lead, action), data or {})


def assert_refused(response, message):
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="lead-action-errors"' in page and 'role="alert"' in page
    assert message in page, page[page.find("lead-action-errors") :][:500]


# --- each action, through the view ------------------------------------------------------

# action: (state before, form data builder(offices, facility records), state after)
CASES = {
    "accept": (LeadState.RECEIVED, lambda o: {"note": "材料齐全。"}, LeadState.ACCEPTED),
    "refuse": (LeadState.RECEIVED, lambda o: {"reason": "不属于本部门职责。"}, LeadState.REFUSED),
    "assign": (LeadState.ACCEPTED,
               lambda o: {"office": o.county_a.pk, "co_offices": [o.county_a_supervision.pk]},
               LeadState.ASSIGNED),
    "devolve": (LeadState.ACCEPTED, lambda o: {"office": o.county_a_supervision.pk},
                LeadState.ASSIGNED),
    "start": (LeadState.ASSIGNED, lambda o: {}, LeadState.INVESTIGATING),
    "conclude": (LeadState.INVESTIGATING, lambda o: {"outcome": LeadOutcome.UNFOUNDED,
                                                     "note": "现场未发现问题。"},
                 LeadState.CONCLUDED),
    "reply": (LeadState.CONCLUDED, lambda o: {"text": "经调查，未发现您反映的问题。"},
              LeadState.REPLIED),
    "close": (LeadState.REPLIED, lambda o: {}, LeadState.CLOSED),
    "transfer": (LeadState.ACCEPTED, lambda o: {"agency": o.market.pk,
                                                "letter": "〔移送机关〕：现移送线索一件。"},
                 LeadState.TRANSFERRED),
    "extend": (LeadState.INVESTIGATING, lambda o: {"stage": Stage.CONCLUDE,
                                                   "reason": "需要委托检验。"},
               LeadState.INVESTIGATING),
    "note": (LeadState.ASSIGNED, lambda o: {"note": "已约谈负责人。"}, LeadState.ASSIGNED),
}  # fmt: skip


@pytest.mark.parametrize("action", list(CASES))
def test_each_action_through_the_view(action, client, make_lead, advance, county_supervisor,
                                      lead_offices):  # fmt: skip
    before, data, after = CASES[action]
    lead = advance(make_lead(), before)
    client.force_login(county_supervisor)
    form = client.get(act_url(lead, action))
    assert form.status_code == 200
    assert "no-store" in form["Cache-Control"]
    assert 'name="csrfmiddlewaretoken"' in form.content.decode()

    response = post(client, lead, action, data(lead_offices))
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert response["Location"] == page_url(lead)
    lead.refresh_from_db()
    assert lead.state == after
    entry = audit(lead, f"portal.lead.{action}").get()
    assert entry.user == county_supervisor
    stored = str(entry.data)
    for value in REPORTER.values():
        assert value not in stored
    event = LeadEvent.objects.get(pk=entry.data["event"])
    assert event.lead == lead and event.actor == county_supervisor
    page = client.get(page_url(lead)).content.decode()
    assert "已完成" in page  # the success message
    history = client.get(reverse("leads:history", args=[lead.pk]))
    assert history.status_code == 200 and "xh-fuze" in history.content.decode()


def test_action_specifics(client, make_lead, advance, county_supervisor, lead_offices):
    client.force_login(county_supervisor)
    lead = advance(make_lead(), LeadState.ACCEPTED)
    post(client, lead, "assign", {"office": lead_offices.county_a.pk,
                                  "co_offices": [lead_offices.county_a_supervision.pk]})  # fmt: skip
    lead.refresh_from_db()
    assert lead.office == lead_offices.county_a
    assert list(lead.co_offices.all()) == [lead_offices.county_a_supervision]

    moved = advance(make_lead(), LeadState.ACCEPTED)
    post(client, moved, "transfer", {"agency": lead_offices.market.pk,
                                     "letter": "〔移送机关〕：现移送线索一件。"})  # fmt: skip
    moved.refresh_from_db()
    assert moved.transferred_to == lead_offices.market
    letter = LeadEvent.objects.filter(lead=moved, state=LeadState.TRANSFERRED).get()
    assert letter.internal_text == "杭州市市场监督管理局：现移送线索一件。"
    printed = client.get(reverse("leads:transfer_letter", args=[moved.pk]))
    assert printed.status_code == 200 and "no-store" in printed["Cache-Control"]
    assert "杭州市市场监督管理局：现移送线索一件。" in printed.content.decode()


# --- refusals: a message, nothing changed --------------------------------------------------


def test_wrong_state_is_refused_with_nothing_changed(client, make_lead, advance,
                                                     county_supervisor):  # fmt: skip
    lead = advance(make_lead(), LeadState.ACCEPTED)
    client.force_login(county_supervisor)
    before = snapshot(lead)
    assert_refused(post(client, lead, "accept"), "线索当前状态为“已受理”，不能“受理”。")
    assert snapshot(lead) == before
    # Asking for the form of an action not available: back to the lead with the reason.
    response = client.get(act_url(lead, "close"), follow=True)
    assert response.redirect_chain[-1][0] == page_url(lead)
    assert "不能“关闭”" in response.content.decode()


def test_missing_or_bad_input_is_refused(client, make_lead, advance, county_supervisor,
                                         lead_offices, facility_b):  # fmt: skip
    client.force_login(county_supervisor)
    lead = make_lead()
    before = snapshot(lead)
    assert_refused(post(client, lead, "refuse", {"reason": "  "}), "请填写不予受理的理由")
    assert snapshot(lead) == before

    accepted = advance(make_lead(), LeadState.ACCEPTED)
    before = snapshot(accepted)
    # A health office is needed for 交办; another agency is for 移送.
    assert_refused(post(client, accepted, "assign", {"office": lead_offices.market.pk}),
                   "所选项无效")  # fmt: skip
    # 转办 only to an office with jurisdiction over the facility.
    assert_refused(post(client, accepted, "devolve", {"office": lead_offices.county_b.pk}),
                   "所选项无效")  # fmt: skip
    # A handler of another office: the state machine refuses.
    assert_refused(
        post(client, accepted, "assign", {"office": lead_offices.city_b.pk,
                                          "handler": county_supervisor.pk}),
        "承办人须是主办或分办机构的工作人员。",
    )  # fmt: skip
    assert_refused(post(client, accepted, "transfer", {"agency": lead_offices.county_b.pk,
                                                       "letter": "函"}), "所选项无效")  # fmt: skip
    assert_refused(post(client, accepted, "merge", {"target": "JB2099010100001"}),
                   "没有受理编号为“JB2099010100001”的线索")  # fmt: skip
    assert_refused(post(client, accepted, "merge", {"target": accepted.receipt_number}),
                   "不能与自身合并")  # fmt: skip
    assert snapshot(accepted) == before

    investigating = advance(make_lead(), LeadState.INVESTIGATING)
    foreign = penalty_of(facility_b, lead_offices.county_b, "甬海卫罚〔2026〕2号",
                         investigating.submitted_at.date())  # fmt: skip
    before = snapshot(investigating)
    assert_refused(post(client, investigating, "conclude", {"outcome": ""}), "请选择办理结果")
    assert_refused(post(client, investigating, "conclude",
                        {"outcome": LeadOutcome.SUBSTANTIATED, "penalty": foreign.pk}),
                   "所选项无效")  # fmt: skip
    assert snapshot(investigating) == before
    # Extended once; a second extension is refused by the deadlines module.
    post(client, investigating, "extend", {"stage": Stage.CONCLUDE, "reason": "需要委托检验。"})
    before = snapshot(investigating)
    assert_refused(
        post(client, investigating, "extend", {"stage": Stage.CONCLUDE, "reason": "再延一次。"}),
        "每个环节只能延长一次",
    )
    assert snapshot(investigating) == before


def test_permission_refused_with_a_message(client, make_lead, advance, county_handler):
    lead = advance(make_lead(), LeadState.ACCEPTED)
    client.force_login(county_handler)  # may handle, not dispatch
    before = snapshot(lead)
    response = post(client, lead, "transfer", {"agency": 1, "letter": "函"})
    assert_refused(response, "您没有“移送其他部门”的权限。")
    assert snapshot(lead) == before


def test_merge_by_receipt_number(client, make_lead, county_supervisor, lead_regions):
    target = make_lead()
    duplicate = make_lead()
    hidden = make_lead(facility=None, region=lead_regions.county_b)
    client.force_login(county_supervisor)
    # A lead the user may not see is "not found", like a wrong number.
    before = snapshot(duplicate)
    assert_refused(post(client, duplicate, "merge", {"target": hidden.receipt_number}),
                   "或您无权查看")  # fmt: skip
    assert snapshot(duplicate) == before
    response = post(client, duplicate, "merge", {"target": f" {target.receipt_number.lower()} "})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.state == LeadState.MERGED and duplicate.merged_into_id == target.pk
    assert audit(duplicate, "portal.lead.merge").get().user == county_supervisor
    assert LeadEvent.objects.filter(lead=target, kind=LeadEvent.Kind.DUPLICATE).exists()


def test_conclude_links_the_facilitys_records(client, make_lead, advance, county_supervisor,
                                              facility_a, lead_offices):  # fmt: skip
    lead = advance(make_lead(), LeadState.INVESTIGATING)
    day = lead.submitted_at.date()
    penalty = penalty_of(facility_a, lead_offices.county_a, "杭西卫罚〔2026〕5号", day)
    check = inspection_of(facility_a, lead_offices.county_a, "杭西卫检〔2026〕5号", day)
    client.force_login(county_supervisor)
    form = client.get(act_url(lead, "conclude")).content.decode()
    assert "杭西卫罚〔2026〕5号" in form and "杭西卫检〔2026〕5号" in form
    response = post(client, lead, "conclude", {"outcome": LeadOutcome.SUBSTANTIATED,
                                               "penalty": penalty.pk, "inspection": check.pk})  # fmt: skip
    assert response.status_code == 302
    lead.refresh_from_db()
    assert (lead.penalty, lead.inspection, lead.outcome) == (penalty, check, "substantiated")
    assert PenaltyRecord.objects.filter(leads=lead).exists()
    assert InspectionResult.objects.filter(leads=lead).exists()


def test_forms_are_prefilled(client, make_lead, advance, county_supervisor, lead_offices):
    lead = advance(make_lead(), LeadState.ACCEPTED)
    client.force_login(county_supervisor)
    form = client.get(act_url(lead, "devolve")).content.decode()
    # Only offices with jurisdiction, the most local one chosen.
    assert f'<option value="{lead_offices.county_a.pk}" selected>' in form or (
        f'<option value="{lead_offices.county_a_supervision.pk}" selected>' in form
    )
    assert lead_offices.county_b.name not in form and lead_offices.market.name not in form
    form = client.get(act_url(lead, "transfer")).content.decode()
    assert DESCRIPTION in form and lead.receipt_number in form
    assert lead_offices.market.name in form and lead_offices.police.name in form
    assert f'<option value="{lead_offices.county_a.pk}"' not in form  # health offices: 交办


# --- access -------------------------------------------------------------------------------


def test_no_access_means_403_and_nothing_changed(client, make_lead, other_county_handler,
                                                 no_perm_user):  # fmt: skip
    lead = make_lead()
    before = snapshot(lead)
    for user in (other_county_handler, no_perm_user):
        client.force_login(user)
        for action in ("accept", "note", "reward-propose"):
            assert client.get(act_url(lead, action)).status_code == 403
            response = post(client, lead, action, {"note": "越权"})
            assert response.status_code == 403
            assert lead.receipt_number not in response.content.decode()
    assert snapshot(lead) == before
    client.logout()
    response = post(client, lead, "accept")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert snapshot(lead) == before


def test_unknown_action_is_not_found(client, make_lead, county_supervisor):
    lead = make_lead()
    client.force_login(county_supervisor)
    assert client.get(act_url(lead, "delete")).status_code == 404
    assert post(client, lead, "delete").status_code == 404
    assert client.get(reverse("leads:act", args=[999999, "accept"])).status_code == 404


def test_csrf_is_required(make_lead, county_supervisor):
    lead = make_lead()
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(county_supervisor)
    before = snapshot(lead)
    assert csrf_client.post(act_url(lead, "accept"), {}).status_code == 403
    assert snapshot(lead) == before


def test_note_from_the_lead_page(client, make_lead, county_handler):
    lead = make_lead()
    client.force_login(county_handler)
    response = post(client, lead, "note", {"note": "已电话核实地址。"})
    assert response.status_code == 302
    event = LeadEvent.objects.get(lead=lead, kind=LeadEvent.Kind.NOTE)
    assert event.internal_text == "已电话核实地址。" and not event.public
    assert audit(lead, "portal.lead.note").get().user == county_handler
    assert_refused(post(client, lead, "note", {"note": ""}), "请填写备注内容")


# --- rewards: propose, a second person decides, pay ---------------------------------------


def test_reward_steps(client, make_lead, advance, county_supervisor, reward_approver):
    lead = advance(make_lead(kind=LeadKind.REWARD), LeadState.CONCLUDED,
                   conclude={"outcome": LeadOutcome.SUBSTANTIATED})  # fmt: skip
    client.force_login(county_supervisor)
    before = snapshot(lead)
    assert_refused(post(client, lead, "reward-propose", {"amount": "100", "basis": "查实"}),
                   "奖励金额不能低于 200 元")  # fmt: skip
    assert_refused(post(client, lead, "reward-propose", {"amount": "200001", "basis": "查实"}),
                   "奖励金额不能高于 200000 元")  # fmt: skip
    assert snapshot(lead) == before
    response = post(client, lead, "reward-propose", {"amount": "5000", "basis": "查实无证行医。"})
    assert response.status_code == 302
    reward = LeadReward.objects.get(lead=lead)
    assert reward.status == LeadReward.Status.PROPOSED and reward.amount == 5000

    # The proposer cannot approve (no permission, and not the same person).
    before = snapshot(lead)
    assert_refused(post(client, lead, "reward-decide", {"decision": "approve"}), "不能“审批奖励”")
    assert snapshot(lead) == before

    client.force_login(reward_approver)
    assert_refused(post(client, lead, "reward-decide", {"decision": "reject", "note": ""}),
                   "不予奖励时请说明理由")  # fmt: skip
    assert post(client, lead, "reward-decide", {"decision": "approve"}).status_code == 302
    assert post(client, lead, "reward-pay", {"reference": "ZF-2026-0007"}).status_code == 302
    reward.refresh_from_db()
    assert reward.status == LeadReward.Status.PAID
    assert reward.decided_by == reward_approver and reward.payment_reference == "ZF-2026-0007"
    for action, user in (("portal.lead.reward_propose", county_supervisor),
                         ("portal.lead.reward_approve", reward_approver),
                         ("portal.lead.reward_pay", reward_approver)):  # fmt: skip
        assert audit(lead, action).get().user == user
    public = list(LeadEvent.objects.filter(lead=lead, kind=LeadEvent.Kind.REWARD, public=True)
                  .values_list("public_text", flat=True))  # fmt: skip
    assert any("¥5,000" in text for text in public)


def test_reward_not_offered_for_unsubstantiated(client, make_lead, advance, county_supervisor):
    lead = advance(make_lead(kind=LeadKind.REWARD), LeadState.CONCLUDED,
                   conclude={"outcome": LeadOutcome.UNFOUNDED})  # fmt: skip
    client.force_login(county_supervisor)
    assert act_url(lead, "reward-propose") not in client.get(page_url(lead)).content.decode()
    before = snapshot(lead)
    assert_refused(post(client, lead, "reward-propose", {"amount": "500", "basis": "x"}),
                   "当前不能“提出奖励”")  # fmt: skip
    assert snapshot(lead) == before


# --- duplicates and links (portal.leads.duplicates) ----------------------------------------


def test_dismiss_a_possible_duplicate(client, make_lead, county_supervisor):
    lead, other = make_lead(), make_lead()
    lead.possible_duplicates.add(other)
    other.possible_duplicates.add(lead)
    client.force_login(county_supervisor)
    assert act_url(lead, "duplicate-dismiss") in client.get(page_url(lead)).content.decode()
    before = snapshot(lead)
    assert_refused(post(client, lead, "duplicate-dismiss", {"other": ""}), "请选择")
    assert snapshot(lead) == before
    response = post(client, lead, "duplicate-dismiss", {"other": other.pk, "note": "地址不同。"})
    assert response.status_code == 302
    assert not lead.possible_duplicates.exists() and not other.possible_duplicates.exists()
    assert audit(lead, "portal.lead.duplicate_dismiss").get().user == county_supervisor
    assert act_url(lead, "duplicate-dismiss") not in client.get(page_url(lead)).content.decode()


def test_link_and_unlink_records_after_conclusion(client, make_lead, advance, county_supervisor,
                                                  facility_a, lead_offices):  # fmt: skip
    lead = advance(make_lead(), LeadState.CONCLUDED)
    day = lead.submitted_at.date()
    penalty = penalty_of(facility_a, lead_offices.county_a, "杭西卫罚〔2026〕8号", day)
    client.force_login(county_supervisor)
    page = client.get(page_url(lead)).content.decode()
    assert act_url(lead, "link") in page and act_url(lead, "unlink") not in page
    assert_refused(post(client, lead, "link", {}), "请选择要关联的行政处罚或检查结果")
    assert post(client, lead, "link", {"penalty": penalty.pk}).status_code == 302
    lead.refresh_from_db()
    assert lead.penalty == penalty
    assert audit(lead, "portal.lead.link").get().user == county_supervisor
    assert act_url(lead, "unlink") in client.get(page_url(lead)).content.decode()
    assert_refused(post(client, lead, "unlink", {}), "请勾选要取消的关联")
    assert post(client, lead, "unlink", {"penalty": "on"}).status_code == 302
    lead.refresh_from_db()
    assert lead.penalty is None
    assert audit(lead, "portal.lead.unlink").get().user == county_supervisor
