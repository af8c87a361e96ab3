"""The lead page (issue 6): everything on one screen, only what the user may see.

Sections present; the actions offered are exactly the state machine's available actions;
deadlines with their flags; the facility's history limited to leads the user may see;
evidence previewed inline only for images; the reporter's identity nowhere (the page, the
transfer letter); another county's lead refused by URL. Fixtures: tests/leads/conftest.py.
"""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from portal.intake.evidence import check_file
from portal.intake.submit import submit_lead
from portal.leads import rewards, workflow
from portal.models import (
    Facility,
    InspectionResult,
    LeadDeadline,
    LeadKind,
    LeadOutcome,
    LeadState,
    PenaltyRecord,
    Stage,
)

from .conftest import DESCRIPTION, REPORTER

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SECTIONS = ("lead-handling", "lead-actions", "lead-deadlines", "lead-report", "lead-evidence",
            "lead-reporter", "lead-facility", "lead-replies", "lead-events", "lead-followups")  # fmt: skip


def page_url(lead):
    return reverse("leads:inspect", args=[lead.pk])


def act_url(lead, action):
    return reverse("leads:act", args=[lead.pk, action])


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def open_page(client, user, lead) -> str:
    client.force_login(user)
    return html(client.get(page_url(lead)))


def assert_no_identity(text):
    for value in REPORTER.values():
        assert value not in text


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (24, 16), (30, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def checked(name, content):
    return check_file(SimpleUploadedFile(name, content))


def penalty_of(facility, authority, number, day, **extra):
    return PenaltyRecord.objects.create(
        record_key=f"{authority.pk}|{number}",
        facility=facility,
        authority=authority,
        document_number=number,
        decision_date=day,
        violation_type="未取得医疗机构执业许可证擅自执业",
        facts="经查，当事人未取得医疗机构执业许可证擅自执业。",
        legal_basis="《基本医疗卫生与健康促进法》第九十九条",
        penalty_categories="罚款",
        content="没收违法所得，罚款人民币五万元",
        fine_amount="5",
        live=True,
        **extra,
    )


def inspection_of(facility, authority, number, day, result=InspectionResult.Result.CORRECTED):
    return InspectionResult.objects.create(
        record_key=f"{authority.pk}|{number}",
        facility=facility,
        authority=authority,
        document_number=number,
        decision_date=day,
        plan_number="ZJ-2026-01",
        plan_name="2026年医疗机构双随机抽查",
        task_name="诊所依法执业检查",
        result=result,
        live=True,
    )


class TestSections:
    def test_everything_on_one_screen(self, client, make_lead, advance, county_supervisor,
                                      county_handler, lead_offices):  # fmt: skip
        lead = make_lead()
        advance(lead, LeadState.INVESTIGATING, handler=county_handler)
        client.force_login(county_supervisor)
        response = client.get(page_url(lead))
        assert "no-store" in response["Cache-Control"]
        page = html(response)
        for section in SECTIONS:
            assert f'id="{section}"' in page, section
        assert lead.receipt_number in page and DESCRIPTION in page
        assert "调查中" in page
        assert lead_offices.county_a.name in page  # 主办
        assert "xh-banli" in page  # 承办人 (staff names are shown to staff)
        assert "调查办结" in page and "受理审查" in page  # a deadline row per stage
        assert "已按期完成" in page  # the decide stage, met on acceptance
        assert "杭州西湖康宁诊所" in page  # the facility profile
        assert "王*明" in page  # the reporter, masked
        assert_no_identity(page)

    def test_actions_are_the_available_ones(self, client, make_lead, advance, county_supervisor,
                                            county_handler):  # fmt: skip
        lead = advance(make_lead(), LeadState.INVESTIGATING, handler=county_handler)
        for user in (county_supervisor, county_handler):
            page = open_page(client, user, lead)
            available = workflow.available_actions(user, lead)
            for action in workflow.Action:
                shown = act_url(lead, action) in page
                assert shown == (action in available), (user, action)
            assert 'id="lead-note-form"' in page  # the internal note has its own form
        assert "extend" in workflow.available_actions(county_supervisor, lead)
        assert "extend" not in workflow.available_actions(county_handler, lead)

    def test_a_viewer_gets_no_actions(self, client, make_lead, county_viewer):
        lead = make_lead()
        page = open_page(client, county_viewer, lead)
        assert "您当前没有可办理的操作" in page
        assert "/act/" not in page and 'id="lead-note-form"' not in page

    def test_replies_links_and_outcome(self, client, make_lead, advance, county_supervisor,
                                       facility_a, lead_offices, today):  # fmt: skip
        penalty = penalty_of(facility_a, lead_offices.county_a, "杭西卫罚〔2026〕1号", today)
        lead = advance(make_lead(), LeadState.REPLIED, conclude={"penalty": penalty})
        page = open_page(client, county_supervisor, lead)
        assert "经调查，您反映的问题属实，已依法立案查处。" in page  # the reply
        assert "查实" in page and "杭西卫罚〔2026〕1号" in page
        assert "尚未答复" not in page

    def test_merged_and_transferred(self, client, make_lead, advance, province_supervisor):
        target = make_lead()
        duplicate = make_lead()
        workflow.perform(province_supervisor, duplicate, "merge", target=target)
        page = open_page(client, province_supervisor, duplicate)
        assert "已合并至" in page and page_url(target) in page
        page = open_page(client, province_supervisor, target)
        assert "并入本线索的重复线索" in page and page_url(duplicate) in page

        moved = advance(make_lead(), LeadState.TRANSFERRED)
        page = open_page(client, province_supervisor, moved)
        assert "杭州市市场监督管理局" in page
        letter_url = reverse("leads:transfer_letter", args=[moved.pk])
        assert letter_url in page
        letter = html(client.get(letter_url))
        assert "移送函：该线索涉及无照经营。" in letter
        assert_no_identity(letter)


class TestDeadlines:
    def test_overdue_due_soon_and_extended(self, client, make_lead, advance, county_supervisor,
                                           today):  # fmt: skip
        late = make_lead(submitted_at=datetime.datetime.now().astimezone()
                         - datetime.timedelta(days=40))  # fmt: skip
        page = open_page(client, county_supervisor, late)
        assert "已超期" in page

        soon = make_lead()
        LeadDeadline.objects.filter(lead=soon, stage=Stage.DECIDE).update(due_on=today)
        page = open_page(client, county_supervisor, soon)
        assert "临期" in page and "已超期" not in page

        extended = advance(make_lead(), LeadState.INVESTIGATING)
        workflow.perform(county_supervisor, extended, "extend", stage=Stage.CONCLUDE,
                         reason="案情复杂，需要补充调查。")  # fmt: skip
        page = open_page(client, county_supervisor, extended)
        assert "已延长 30 个工作日" in page and "案情复杂，需要补充调查。" in page


class TestFacilityHistory:
    def test_only_leads_the_user_may_see(self, client, make_lead, county_handler,
                                         province_supervisor, lead_regions):  # fmt: skip
        # A facility without a region: each lead's own region decides who sees it.
        roaming = Facility.objects.create(name="流动义诊车", facility_type="other")
        lead = make_lead(facility=roaming, region=lead_regions.county_a)
        seen = make_lead(facility=roaming, region=lead_regions.county_a)
        hidden = make_lead(facility=roaming, region=lead_regions.county_b)
        unrelated = make_lead()

        page = open_page(client, county_handler, lead)
        assert seen.receipt_number in page
        assert hidden.receipt_number not in page
        assert unrelated.receipt_number not in page
        assert "其他线索（1 条）" in page

        page = open_page(client, province_supervisor, lead)
        assert seen.receipt_number in page and hidden.receipt_number in page
        assert "其他线索（2 条）" in page

    def test_same_name_without_a_facility(self, client, make_lead, county_handler, lead_regions):
        lead = make_lead(facility=None, region=lead_regions.county_a)
        other = make_lead(facility=None, region=lead_regions.county_a)
        page = open_page(client, county_handler, lead)
        assert "未在机构名录中" in page and other.receipt_number in page

    def test_penalties_and_inspections(self, client, make_lead, facility_a, facility_b,
                                       lead_offices, county_handler, lead_admin, today):  # fmt: skip
        own = penalty_of(facility_a, lead_offices.county_a, "杭西卫罚〔2025〕7号", today)
        penalty_of(facility_b, lead_offices.county_b, "甬海卫罚〔2025〕9号", today)
        check = inspection_of(facility_a, lead_offices.county_a, "杭西卫检〔2025〕3号", today)
        lead = make_lead()

        page = open_page(client, county_handler, lead)
        assert "行政处罚（1 件）" in page and "杭西卫罚〔2025〕7号" in page
        assert "甬海卫罚〔2025〕9号" not in page
        assert "抽查检查（1 次）" in page and "杭西卫检〔2025〕3号" in page
        assert "发现问题已责令改正" in page
        # Links to the records' admin pages only for users who may open them.
        assert f"/edit/{own.pk}/" not in page
        page = open_page(client, lead_admin, lead)
        assert f"/admin/snippets/portal/penaltyrecord/edit/{own.pk}/" in page
        assert f"/admin/snippets/portal/inspectionresult/edit/{check.pk}/" in page


class TestEvidence:
    def test_inline_preview_only_for_images(self, client, lead_category, facility_a,
                                            county_handler):  # fmt: skip
        lead, _code = submit_lead(
            LeadKind.VIOLATION,
            {"category": lead_category, "facility": facility_a, "region": facility_a.region,
             "description": DESCRIPTION, "anonymous": True},
            files=[checked("现场照片.png", png_bytes()), checked("病历.pdf", PDF)],
        )  # fmt: skip
        page = open_page(client, county_handler, lead)
        image = lead.evidence.get(content_type="image/png")
        pdf = lead.evidence.get(content_type="application/pdf")
        image_url = reverse("leads:evidence", args=[lead.pk, image.pk])
        pdf_url = reverse("leads:evidence", args=[lead.pk, pdf.pk])
        assert f'<img src="{image_url}?inline=1"' in page
        assert f"{pdf_url}?inline=1" not in page
        assert f'href="{pdf_url}" download' in page


class TestIdentity:
    def test_no_identity_anywhere_along_the_way(self, client, make_lead, advance,
                                                province_supervisor, county_handler):  # fmt: skip
        lead = make_lead(kind=LeadKind.REWARD)
        for user in (province_supervisor, county_handler):
            assert_no_identity(open_page(client, user, lead))
        advance(lead, LeadState.REPLIED)
        for user in (province_supervisor, county_handler):
            assert_no_identity(open_page(client, user, lead))
        client.force_login(province_supervisor)
        for action in ("transfer", "reply", "note"):
            response = client.get(act_url(lead, action), follow=True)
            assert_no_identity(response.content.decode())

    def test_transfer_letter_draft_has_the_facts_not_the_reporter(
        self, client, make_lead, advance, province_supervisor
    ):
        lead = advance(make_lead(), LeadState.ACCEPTED)
        client.force_login(province_supervisor)
        page = html(client.get(act_url(lead, "transfer")))
        assert lead.receipt_number in page and DESCRIPTION in page
        assert "杭州西湖康宁诊所" in page and "〔移送机关〕" in page
        assert "浙江省卫生健康委员会" in page  # the sender: the user's office
        assert_no_identity(page)


class TestReward:
    def test_reward_status_and_two_people(self, client, make_lead, advance, county_supervisor,
                                          reward_approver):  # fmt: skip
        lead = advance(make_lead(kind=LeadKind.REWARD), LeadState.CONCLUDED,
                       conclude={"outcome": LeadOutcome.SUBSTANTIATED})  # fmt: skip
        page = open_page(client, county_supervisor, lead)
        assert 'id="lead-reward"' in page and "尚未提出奖励" in page
        assert act_url(lead, "reward-propose") in page

        rewards.propose(county_supervisor, lead, "2000", "查实无证行医，没收违法所得。")
        page = open_page(client, county_supervisor, lead)
        assert "¥2000.00" in page and "待审批" in page
        assert "须由另一名有审批权限的人员审批" in page
        assert act_url(lead, "reward-decide") not in page  # not by the proposer

        page = open_page(client, reward_approver, lead)
        assert act_url(lead, "reward-decide") in page
        rewards.decide(reward_approver, lead, True, "")
        rewards.pay(reward_approver, lead, "ZF-2026-0001")
        page = open_page(client, reward_approver, lead)
        assert "已发放" in page and "ZF-2026-0001" in page
        assert "zj-shenpi" in page

    def test_no_reward_section_for_other_kinds(self, client, make_lead, county_handler):
        page = open_page(client, county_handler, make_lead(kind=LeadKind.COMPLAINT))
        assert 'id="lead-reward"' not in page


class TestAccess:
    def test_another_county_cannot_open_by_url(self, client, make_lead, advance,
                                               other_county_handler, no_perm_user):  # fmt: skip
        lead = advance(make_lead(), LeadState.TRANSFERRED)
        urls = [
            page_url(lead),
            act_url(lead, "note"),
            reverse("leads:transfer_letter", args=[lead.pk]),
            reverse("leads:history", args=[lead.pk]),
        ]
        for user in (other_county_handler, no_perm_user):
            client.force_login(user)
            for url in urls:
                response = client.get(url)
                assert response.status_code == 403, (user, url)
                assert lead.receipt_number not in response.content.decode()
                assert "no-store" in response["Cache-Control"]
