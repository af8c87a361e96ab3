"""Back office for leads (issue 5): masked listing and lead page, identity reveal with the
permission, a reason and an audit entry, evidence served only to staff who may see the lead,
and the admin-editable categories and evidence file types."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image
from wagtail.models import ModelLogEntry

from portal.intake.admin_views import REVEAL_ACTION, VIEW_EVIDENCE_ACTION
from portal.intake.evidence import check_file
from portal.intake.submit import submit_lead
from portal.models import (
    Authority,
    AuthorityKind,
    Evidence,
    EvidenceFileType,
    Lead,
    LeadCategory,
    LeadKind,
    Region,
    StaffOffice,
)

pytestmark = pytest.mark.django_db

NAME = "王小明"
PERSON_ID = "11010519491231002X"
PHONE = "13812345678"
EMAIL = "wangxm@example.com"
ADDRESS = "北京市朝阳区幸福路8号3单元502"
CLEAR_VALUES = (NAME, PERSON_ID, PHONE, EMAIL, ADDRESS)
REASON = "核实举报内容，需要电话联系举报人"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (24, 16), (30, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def checked(name, content):
    return check_file(SimpleUploadedFile(name, content))


def make_user(django_user_model, username, group=None, office=None, **extra):
    user = django_user_model.objects.create_user(username=username, password="pw-123456", **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    if office is not None:
        StaffOffice.objects.create(user=user, office=office)
    return user


@pytest.fixture
def category():
    return LeadCategory.objects.get(name="非法行医")


@pytest.fixture
def provincial_office(db):
    """A provincial office: its staff see every lead (row-level access, issue 6)."""
    return Authority.objects.create(
        name="北京市卫生健康委员会",
        kind=AuthorityKind.HEALTH_COMMISSION,
        region=Region.objects.get(code="110000"),
    )


@pytest.fixture
def handler(django_user_model, provincial_office):
    return make_user(django_user_model, "handler", "线索办理员", office=provincial_office)


@pytest.fixture
def custodian(django_user_model, provincial_office):
    return make_user(django_user_model, "custodian", "举报人信息保管员", office=provincial_office)


@pytest.fixture
def administrator(django_user_model):
    return make_user(django_user_model, "admin-user", "管理员")


@pytest.fixture
def outsider(django_user_model):
    """Has admin access (录入员) but no lead permissions."""
    return make_user(django_user_model, "outsider", "录入员")


@pytest.fixture
def lead(category):
    lead, _ = submit_lead(
        LeadKind.REWARD,
        {
            "category": category,
            "facility_name": "幸福小区无名诊所",
            "facility_address": "幸福小区12号楼底商",
            "description": "该诊所没有执业许可证，长期在居民楼内给人输液。" * 2,
            "wanted": "请依法查处。",
            "reporter_name": NAME,
            "reporter_id_number": PERSON_ID,
            "reporter_phone": PHONE,
            "reporter_email": EMAIL,
            "reporter_address": ADDRESS,
            "reward_consent": True,
        },
        files=[checked("现场照片.png", png_bytes()), checked("病历.pdf", PDF)],
    )
    return lead


@pytest.fixture
def anonymous_lead(category):
    lead, _ = submit_lead(
        LeadKind.VIOLATION,
        {
            "category": category,
            "facility_name": "某美容店",
            "description": "生活美容店给顾客注射玻尿酸，没有医生。" * 2,
            "anonymous": True,
        },
    )
    return lead


def html(response) -> str:
    return response.content.decode()


def assert_no_store(response):
    assert "no-store" in response["Cache-Control"]


def assert_no_identity(text):
    for value in CLEAR_VALUES:
        assert value not in text


def lead_url(name, lead):
    return reverse(f"leads:{name}", args=[lead.pk])


def evidence_url(lead, evidence):
    return reverse("leads:evidence", args=[lead.pk, evidence.pk])


class TestListing:
    def test_lists_leads_with_the_reporter_masked(self, client, handler, lead, anonymous_lead):
        client.force_login(handler)
        response = client.get("/admin/leads/")
        assert response.status_code == 200
        assert_no_store(response)
        page = html(response)
        assert lead.receipt_number in page and anonymous_lead.receipt_number in page
        assert "幸福小区无名诊所" in page and "非法行医" in page and "有奖举报" in page
        assert "王*明" in page and "138****5678" in page
        assert "匿名" in page
        assert_no_identity(page)
        assert "新增" not in page and "/admin/leads/new/" not in page

    def test_filters_and_search_by_receipt_number(self, client, handler, lead, anonymous_lead):
        client.force_login(handler)
        page = html(client.get("/admin/leads/", {"kind": "reward"}))
        assert lead.receipt_number in page and anonymous_lead.receipt_number not in page
        page = html(client.get("/admin/leads/", {"state": "received", "kind": "violation"}))
        assert anonymous_lead.receipt_number in page and lead.receipt_number not in page
        other = LeadCategory.objects.get(name="医疗美容")
        page = html(client.get("/admin/leads/", {"category": other.pk}))
        assert lead.receipt_number not in page
        page = html(client.get("/admin/leads/results/", {"q": lead.receipt_number}))
        assert lead.receipt_number in page and anonymous_lead.receipt_number not in page

    def test_no_access_without_lead_permissions(self, client, outsider, lead):
        client.force_login(outsider)
        assert client.get("/admin/leads/").status_code in (302, 403)
        assert client.get(lead_url("inspect", lead)).status_code == 403
        client.logout()
        response = client.get("/admin/leads/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]

    def test_staff_screens_have_no_add_or_edit(self, client, administrator, lead):
        client.force_login(administrator)
        for url in ("/admin/leads/new/", f"/admin/leads/edit/{lead.pk}/",
                    f"/admin/leads/delete/{lead.pk}/"):  # fmt: skip
            assert client.get(url).status_code == 404

    def test_menu(self, handler, administrator):
        from wagtail.admin.menu import admin_menu

        def labels(user):
            request = RequestFactory().get("/admin/")
            request.user = user
            found = {}
            for item in admin_menu.menu_items_for_request(request):
                if str(item.label) == "线索管理":
                    found = {str(i.label) for i in item.menu.menu_items_for_request(request)}
            return found

        assert labels(handler) == {"投诉举报线索", "线索统计"}
        assert {"投诉举报线索", "线索统计", "线索类别", "证据文件类型"} <= labels(administrator)


class TestLeadPage:
    def test_handler_sees_the_lead_but_not_the_identity(self, client, handler, lead):
        client.force_login(handler)
        response = client.get(lead_url("inspect", lead))
        assert response.status_code == 200
        assert_no_store(response)
        page = html(response)
        assert lead.receipt_number in page and "该诊所没有执业许可证" in page
        assert "王*明" in page and "138****5678" in page and "w***@example.com" in page
        assert "举报人身份信息保密" in page
        assert 'id="lead-reveal-form"' not in page
        assert_no_identity(page)
        for evidence in lead.evidence.all():
            assert evidence_url(lead, evidence) in page
        image = lead.evidence.get(content_type="image/png")
        assert evidence_url(lead, image) + "?inline=1" in page
        assert "已收到您的反映" in page  # the public timeline event

    def test_handler_cannot_reveal(self, client, handler, lead):
        client.force_login(handler)
        response = client.post(lead_url("reveal", lead), {"reason": REASON})
        assert response.status_code == 403
        assert_no_identity(html(response))
        assert client.get(lead_url("reveal", lead)).status_code == 403
        assert not ModelLogEntry.objects.filter(action=REVEAL_ACTION).exists()

    def test_custodian_reveals_with_a_reason_and_it_is_logged(self, client, custodian, lead):
        client.force_login(custodian)
        page = html(client.get(lead_url("inspect", lead)))
        assert 'id="lead-reveal-form"' in page and "查看举报人身份信息" in page
        assert_no_identity(page)

        response = client.post(lead_url("reveal", lead), {"reason": REASON})
        assert response.status_code == 200
        assert_no_store(response)
        page = html(response)
        for value in CLEAR_VALUES:
            assert value in page

        entry = ModelLogEntry.objects.get(action=REVEAL_ACTION)
        assert entry.user == custodian
        assert entry.object_id == str(lead.pk)
        assert entry.content_type.model_class() is Lead
        assert entry.data == {"reason": REASON}
        stored = json.dumps(entry.data, ensure_ascii=False) + entry.label
        assert_no_identity(stored)
        assert entry.label == lead.receipt_number

        # Only that response: nothing in the session, not on the next page view.
        session = json.dumps(dict(client.session.items()), ensure_ascii=False, default=str)
        assert_no_identity(session)
        assert_no_identity(html(client.get(lead_url("inspect", lead))))

        # The audit trail shows who looked and why, never what they saw.
        history = client.get(lead_url("history", lead))
        assert history.status_code == 200
        assert REASON in html(history) and "custodian" in html(history)
        assert_no_identity(html(history))

    @pytest.mark.parametrize("reason", ["", "   ", "看看"])
    def test_reveal_without_a_reason_is_refused(self, client, custodian, lead, reason):
        client.force_login(custodian)
        response = client.post(lead_url("reveal", lead), {"reason": reason})
        assert response.status_code == 200
        page = html(response)
        assert "请说明查看理由" in page
        assert_no_identity(page)
        assert not ModelLogEntry.objects.filter(action=REVEAL_ACTION).exists()

    def test_reveal_by_get_goes_back_to_the_lead(self, client, custodian, lead):
        client.force_login(custodian)
        response = client.get(lead_url("reveal", lead))
        assert response.status_code == 302
        assert response["Location"] == lead_url("inspect", lead)

    def test_anonymous_lead_has_nothing_to_reveal(self, client, custodian, anonymous_lead):
        client.force_login(custodian)
        page = html(client.get(lead_url("inspect", anonymous_lead)))
        assert "匿名反映" in page and 'id="lead-reveal-form"' not in page

    @pytest.mark.parametrize("where", ["view", "template"])
    def test_error_reports_do_not_carry_the_identity(
        self, client, custodian, lead, monkeypatch, where
    ):
        """A crash while answering a reveal: the error report (local variables of every
        frame, template contexts included) must not contain the clear identity."""
        from django.views.debug import ExceptionReporter

        from portal.intake.admin_views import RevealIdentityView

        def crash(*args, **kwargs):
            raise RuntimeError("rendering failed")

        if where == "view":
            monkeypatch.setattr(RevealIdentityView, "render_to_response", crash)
        else:  # while the template renders, outside the view's own frames
            monkeypatch.setattr(Lead, "get_kind_display", crash)
        client.force_login(custodian)
        with pytest.raises(RuntimeError) as excinfo:
            client.post(lead_url("reveal", lead), {"reason": REASON})
        error = excinfo.value
        report = ExceptionReporter(None, type(error), error, error.__traceback__)
        text = report.get_traceback_html() + report.get_traceback_text()
        assert "RevealedIdentity" in text or "********************" in text
        assert_no_identity(text)

    def test_identity_is_encrypted_in_the_database(self, lead):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reporter_name, reporter_id_number, reporter_phone, reporter_email,"
                " reporter_address FROM portal_lead WHERE id = %s",
                [lead.pk],
            )
            row = cursor.fetchone()
        assert all(value.startswith("fernet:") for value in row)
        assert_no_identity(" ".join(row))


class TestEvidence:
    def test_handler_downloads_evidence(self, client, handler, lead):
        client.force_login(handler)
        pdf = lead.evidence.get(content_type="application/pdf")
        response = client.get(evidence_url(lead, pdf))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "filename*=utf-8''%E7%97%85%E5%8E%86.pdf" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert_no_store(response)
        entry = ModelLogEntry.objects.get(action=VIEW_EVIDENCE_ACTION)
        assert entry.user == handler and entry.object_id == str(lead.pk)
        assert entry.data == {"evidence": pdf.pk, "inline": False}

    def test_images_can_be_shown_inline_other_files_not(self, client, handler, lead):
        client.force_login(handler)
        image = lead.evidence.get(content_type="image/png")
        response = client.get(evidence_url(lead, image), {"inline": "1"})
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith("inline;")
        assert b"".join(response.streaming_content) == image.file.open("rb").read()
        pdf = lead.evidence.get(content_type="application/pdf")
        response = client.get(evidence_url(lead, pdf), {"inline": "1"})
        assert response["Content-Disposition"].startswith("attachment;")

    def test_no_evidence_without_lead_permissions(self, client, outsider, lead):
        evidence = lead.evidence.first()
        client.force_login(outsider)
        response = client.get(evidence_url(lead, evidence))
        assert response.status_code == 403
        assert not response.has_header("Content-Disposition")
        client.logout()
        response = client.get(evidence_url(lead, evidence))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        assert not ModelLogEntry.objects.filter(action=VIEW_EVIDENCE_ACTION).exists()

    def test_evidence_of_another_lead_is_not_found(self, client, handler, lead, category):
        other, _ = submit_lead(
            LeadKind.COMPLAINT,
            {
                "category": category,
                "facility_name": "某医院",
                "anonymous": True,
                "description": "门诊收费不公示价格，重复收费。" * 2,
            },  # fmt: skip
            files=[checked("收据.pdf", PDF)],
        )
        client.force_login(handler)
        foreign = other.evidence.get()
        response = client.get(reverse("leads:evidence", args=[lead.pk, foreign.pk]))
        assert response.status_code == 404
        response = client.get(reverse("leads:evidence", args=[999999, foreign.pk]))
        assert response.status_code == 404
        assert client.get(evidence_url(other, foreign)).status_code == 200

    def test_private_files_are_outside_media_and_not_served(
        self, client, handler, category, tmp_path, settings, monkeypatch
    ):
        from config.settings import base

        # The configuration: a separate root, not inside MEDIA_ROOT.
        private_root = Path(base.PRIVATE_MEDIA_ROOT).resolve()
        media_root = Path(base.MEDIA_ROOT).resolve()
        assert private_root != media_root and media_root not in private_root.parents
        assert base.STORAGES["private"]["OPTIONS"]["location"] == base.PRIVATE_MEDIA_ROOT

        # And in practice, with real file storage (tests use in-memory storage).
        settings.MEDIA_ROOT = str(tmp_path / "media")
        (tmp_path / "media").mkdir()
        storage = FileSystemStorage(location=tmp_path / "private-media", base_url=None)
        monkeypatch.setattr(Evidence._meta.get_field("file"), "storage", storage)
        lead, _ = submit_lead(
            LeadKind.VIOLATION,
            {
                "category": category,
                "facility_name": "某诊所",
                "anonymous": True,
                "description": "无证行医，给病人开处方药。" * 2,
            },  # fmt: skip
            files=[checked("证据.pdf", PDF)],
        )
        evidence = lead.evidence.get()
        path = Path(evidence.file.path).resolve()
        assert path.is_file() and (tmp_path / "private-media") in path.parents
        assert Path(settings.MEDIA_ROOT).resolve() not in path.parents
        assert "证据" not in evidence.file.name  # stored name says nothing about the content
        assert client.get(settings.MEDIA_URL + evidence.file.name).status_code == 404
        client.force_login(handler)
        response = client.get(evidence_url(lead, evidence))
        assert b"".join(response.streaming_content) == PDF


class TestReferenceLists:
    def test_admin_adds_a_category(self, client, administrator):
        client.force_login(administrator)
        assert client.get("/admin/lead-categories/").status_code == 200
        response = client.post(
            "/admin/lead-categories/new/",
            {
                "name": "母婴保健",
                "description": "非法接生、无证开展助产技术",
                "order": "130",
                "active": "on",
            },  # fmt: skip
        )
        assert response.status_code == 302
        created = LeadCategory.objects.get(name="母婴保健")
        assert created.active and created.order == 130
        assert ModelLogEntry.objects.filter(action="wagtail.create",
                                            object_id=str(created.pk)).exists()  # fmt: skip

    def test_category_in_use_is_not_deleted(self, client, administrator, lead):
        client.force_login(administrator)
        url = f"/admin/lead-categories/delete/{lead.category_id}/"
        response = client.get(url, follow=True)
        assert "该类别已有线索使用，不能删除" in html(response)
        response = client.post(url)
        assert response.status_code == 302
        assert LeadCategory.objects.filter(pk=lead.category_id).exists()
        unused = LeadCategory.objects.create(name="临时类别")
        client.post(f"/admin/lead-categories/delete/{unused.pk}/")
        assert not LeadCategory.objects.filter(pk=unused.pk).exists()

    def test_admin_adds_an_evidence_file_type(self, client, administrator):
        client.force_login(administrator)
        response = client.post(
            "/admin/evidence-file-types/new/",
            {
                "label": "GIF 图片",
                "mime_type": "image/gif",
                "extensions": ".GIF",
                "is_image": "on",
                "active": "on",
            },  # fmt: skip
        )
        assert response.status_code == 302
        created = EvidenceFileType.objects.get(mime_type="image/gif")
        assert created.extensions == "gif" and created.is_image

    @pytest.mark.parametrize(
        "mime, is_image",
        [("application/x-msdownload", False), ("application/zip", False),
         ("image/svg+xml", True), ("text/html", False), ("audio/ogg", True)],
    )  # fmt: skip
    def test_unsafe_or_unrecognisable_types_are_refused(
        self, client, administrator, mime, is_image
    ):
        client.force_login(administrator)
        data = {"label": "测试", "mime_type": mime, "extensions": "x", "active": "on"}
        if is_image:
            data["is_image"] = "on"
        response = client.post("/admin/evidence-file-types/new/", data)
        assert response.status_code == 200
        assert not EvidenceFileType.objects.filter(mime_type=mime).exists()

    def test_handlers_cannot_edit_the_lists(self, client, handler):
        client.force_login(handler)
        assert client.get("/admin/lead-categories/new/").status_code in (302, 403)
        assert client.get("/admin/evidence-file-types/").status_code in (302, 403)


def test_settings_keep_private_media_unserved():
    """No URL pattern serves MEDIA_URL (evidence is only reachable through the admin view)."""
    assert settings.STORAGES["private"] is not None
    from django.urls import resolve
    from django.urls.exceptions import Resolver404

    try:
        match = resolve("/media/evidence/2026/01/x.pdf")
    except Resolver404:
        return
    assert "serve" not in getattr(match.func, "__name__", "")
