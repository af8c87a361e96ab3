"""Back office: permission split, legal-review workflow, listing filters, search, export."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from portal.models import Facility, PenaltyRecord

D = datetime.date
PENALTY_URL = "/admin/snippets/portal/penaltyrecord/"


def penalty_form(facility, authority, **overrides):
    data = {
        "facility": facility.pk,
        "party_name": facility.name,
        "authority": authority.pk,
        "document_number": "京朝卫罚〔2026〕0999号",
        "decision_date": "2026-11-02",
        "publicity_until_override": "",
        "violation_type": "使用非卫生技术人员从事医疗卫生技术工作",
        "facts": "经查，当事人使用未取得执业资格的人员从事诊疗活动。",
        "legal_basis": "《医疗机构管理条例》第四十七条",
        "penalty_categories": "警告;罚款",
        "content": "警告，罚款人民币30000元",
        "fine_amount": "3",
        "confiscated_amount": "",
        "licence_affected": "",
        "valid_until": "",
        "data_source_name": "",
        "data_source_uscc": "",
        "remarks": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
class TestPermissionSplit:
    def test_data_entry_user_creates_drafts_but_cannot_publish(
        self, client, data_entry_user, facility, authority
    ):
        assert not data_entry_user.has_perm("portal.publish_penaltyrecord")
        client.force_login(data_entry_user)
        response = client.post(
            PENALTY_URL + "add/", {**penalty_form(facility, authority), "action-publish": "1"}
        )
        assert response.status_code in (302, 200)
        record = PenaltyRecord.objects.get(document_number="京朝卫罚〔2026〕0999号")
        assert not record.live
        assert not PenaltyRecord.objects.public().filter(pk=record.pk).exists()
        # Nor through the edit form.
        client.post(
            PENALTY_URL + f"edit/{record.pk}/",
            {**penalty_form(facility, authority), "action-publish": "1"},
        )
        record.refresh_from_db()
        assert not record.live
        # Nor through the withdraw/repair actions.
        response = client.get(PENALTY_URL + f"withdraw/{record.pk}/")
        assert response.status_code in (302, 403)

    def test_reviewer_publishes(self, client, reviewer_user, facility, authority):
        client.force_login(reviewer_user)
        client.post(
            PENALTY_URL + "add/", {**penalty_form(facility, authority), "action-publish": "1"}
        )
        record = PenaltyRecord.objects.get(document_number="京朝卫罚〔2026〕0999号")
        assert record.live
        assert record.tier == "general"
        assert record.revisions.count() == 1

    def test_legal_review_workflow_from_entry_to_publication(
        self, client, data_entry_user, reviewer_user, facility, authority
    ):
        client.force_login(data_entry_user)
        client.post(
            PENALTY_URL + "add/", {**penalty_form(facility, authority), "action-submit": "1"}
        )
        record = PenaltyRecord.objects.get(document_number="京朝卫罚〔2026〕0999号")
        assert not record.live
        state = record.current_workflow_state
        assert state is not None and state.workflow.name == "法制审核"
        task_state = state.current_task_state
        client.force_login(reviewer_user)
        url = reverse(
            "wagtailsnippets_portal_penaltyrecord:workflow_action",
            args=[record.pk, "approve", task_state.pk],
        )
        response = client.post(url, {"comment": "法制审核通过"})
        assert response.status_code in (200, 302)
        record.refresh_from_db()
        assert record.live

    def test_chinese_validation_messages(self, client, reviewer_user, facility, authority):
        client.force_login(reviewer_user)
        response = client.post(
            PENALTY_URL + "add/",
            {**penalty_form(facility, authority, penalty_categories="打板子")},
        )
        assert response.status_code == 200
        assert "未知的处罚类别" in response.content.decode()
        response = client.post(
            "/admin/snippets/portal/facility/add/",
            {
                "party_type": "organisation",
                "facility_type": "clinic",
                "name": "测试诊所",
                "uscc": "91110000600037341N",
            },
        )
        assert "统一社会信用代码校验位不正确" in response.content.decode()
        assert not Facility.objects.filter(name="测试诊所").exists()


@pytest.mark.django_db
class TestListing:
    @pytest.fixture
    def records(self, make_penalty):
        return [
            make_penalty(D(2026, 3, 1), "罚款"),
            make_penalty(D(2025, 6, 1), "罚款;吊销许可证件", party_name="北京仁爱医疗美容诊所"),
            make_penalty(D(2026, 9, 30), "罚款", live=False),
        ]

    def test_search_matches_chinese_substrings(self, admin_client, records):
        response = admin_client.get(PENALTY_URL, {"q": "仁爱医疗"})
        content = response.content.decode()
        assert records[1].document_number in content
        assert records[0].document_number not in content

    def test_filters(self, admin_client, records):
        def listed(params):
            content = admin_client.get(PENALTY_URL, params).content.decode()
            return [r for r in records if r.document_number in content]

        assert listed({"tier": "serious"}) == [records[1]]
        assert listed({"status": "draft"}) == [records[2]]
        assert listed({"region": records[0].facility.region.parent_id or ""}) == records
        assert listed({"decision_date_from": "2026-01-01", "decision_date_to": "2026-12-31"}) == [
            records[0],
            records[2],
        ]
        assert listed({"overdue": "true"}) == [records[2]]

    def test_csv_and_xlsx_export_of_the_filtered_listing(self, admin_client, records):
        response = admin_client.get(PENALTY_URL, {"export": "csv", "tier": "serious"})
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        assert "决定文书号" in text and records[1].document_number in text
        assert records[0].document_number not in text
        response = admin_client.get(PENALTY_URL, {"export": "xlsx"})
        book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        rows = list(book.active.values)
        assert len(rows) == 1 + len(records)

    def test_inspect_and_edit_pages_render(self, admin_client, records, facility):
        assert admin_client.get(PENALTY_URL + f"inspect/{records[0].pk}/").status_code == 200
        assert admin_client.get(PENALTY_URL + f"edit/{records[0].pk}/").status_code == 200
        response = admin_client.get(PENALTY_URL + f"withdraw/{records[0].pk}/")
        assert response.status_code == 200
        assert (
            admin_client.get(f"/admin/snippets/portal/facility/inspect/{facility.pk}/").status_code
            == 200
        )
        for url in [
            "licencerecord",
            "blacklistentry",
            "inspectionresult",
            "practicescore",
            "facility",
            "authority",
            "region",
            "publicitypolicy",
            "penaltytype",
            "calendaradjustment",
        ]:
            assert admin_client.get(f"/admin/snippets/portal/{url}/").status_code == 200, url


@pytest.mark.django_db
def test_id_numbers_are_never_shown_in_full_in_the_admin(admin_client, region):
    person = Facility.objects.create(
        party_type="natural_person",
        name="李医生",
        region=region,
        id_type="居民身份证",
        id_number="11010519491231002X",
        facility_type="practitioner",
    )
    for url in [
        f"/admin/snippets/portal/facility/edit/{person.pk}/",
        f"/admin/snippets/portal/facility/inspect/{person.pk}/",
        "/admin/snippets/portal/facility/",
        "/admin/snippets/portal/facility/?export=csv",
    ]:
        response = admin_client.get(url)
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode("utf-8-sig")
        assert "11010519491231002X" not in body, url
    assert (
        "1****************X"
        in admin_client.get(f"/admin/snippets/portal/facility/edit/{person.pk}/").content.decode()
    )
    # Saving the form without retyping the number keeps it.
    admin_client.post(
        f"/admin/snippets/portal/facility/edit/{person.pk}/",
        {
            "party_type": "natural_person",
            "facility_type": "practitioner",
            "name": "李医生",
            "region": region.pk,
            "id_type": "居民身份证",
            "id_number": "",
        },
    )
    person.refresh_from_db()
    assert person.id_number == "11010519491231002X"
