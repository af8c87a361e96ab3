"""Filing leads through /report/…: each kind, encryption at rest, the receipt shown once,
evidence (EXIF removal, sniffing, limits, pending files), CAPTCHA, honeypot, rate limit,
duplicate submits and a broker that is down."""

import io
import re

import pytest
from django.db import connection
from django.test import override_settings
from PIL import Image

from portal.intake import tasks
from portal.intake.receipts import check_query_code
from portal.models import Evidence, Lead, LeadKind

from .conftest import (
    DESCRIPTION,
    ELF,
    ID_NUMBER,
    KIND_URLS,
    PHONE,
    fetch_token,
    jpeg_with_gps,
    png_bytes,
    token_of,
    upload,
    valid_data,
)

CODE = re.compile(r"data-query-code>([0-9A-Z-]+)<")
pytestmark = pytest.mark.django_db


def raw_column(lead, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM portal_lead WHERE id = %s", [lead.pk])
        return cursor.fetchone()[0]


def receipt_code(client):
    response = client.get("/report/receipt/")
    match = CODE.search(response.content.decode())
    return match.group(1) if match else None


def error_block(response) -> str:
    html = response.content.decode()
    start = html.index('<div class="form-errors"')
    return html[start : html.index("</div>", start)]


# --- pages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/report/", *KIND_URLS.values(), "/report/receipt/", "/en/report/reward/"]
)
def test_pages_render_without_caching(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_choice_page_explains_the_kinds_and_who_sees_the_details(client):
    html = client.get("/report/").content.decode()
    for url in KIND_URLS.values():
        assert f'href="{url}"' in html
    for label in ("投诉", "举报", "有奖举报", "你点名、我监督"):
        assert label in html
    assert "仅承办人员在工作需要时可查看" in html


def test_form_has_token_honeypot_csrf_and_captcha(client):
    html = client.get("/report/complaint/").content.decode()
    assert 'name="form_token"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    honeypot = html[html.index('<div class="visually-hidden" aria-hidden="true">') :][:300]
    assert "请勿填写" in honeypot and 'tabindex="-1"' in honeypot and 'name="website"' in honeypot
    assert 'name="captcha_0"' in html and 'name="captcha_1"' in html
    assert "/captcha/audio/" in html and "data-captcha-refresh" in html
    assert 'name="anonymous"' in html and 'name="reward_consent"' not in html


def test_reward_form_states_the_rules(client):
    html = client.get("/report/reward/").content.decode()
    assert "200 元" in html and "200,000 元" in html and "一次性" in html
    assert "查询码" in html and 'name="reward_consent"' in html and 'name="anonymous"' not in html


def test_english(client):
    response = client.get("/en/report/complaint/")
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()


# --- filing each kind -----------------------------------------------------------------------


def test_anonymous_complaint(client, post_report):
    response = post_report("complaint", anonymous="on", reporter_name="李四", reporter_phone="12")
    assert response.status_code == 302 and response["Location"] == "/report/receipt/"
    lead = Lead.objects.get()
    assert lead.kind == LeadKind.COMPLAINT and lead.anonymous
    assert lead.reporter_name == "" and lead.reporter_phone == ""
    assert lead.description == DESCRIPTION and lead.region.code == "110105"
    code = receipt_code(client)
    assert code and check_query_code(code, lead.query_code_hash)


def test_violation_with_contact_details_is_encrypted_and_masked(client, post_report):
    response = post_report(
        "violation", reporter_name="王小明", reporter_phone="138 0013 8000",
        reporter_email="wang@example.com", reporter_address="北京市朝阳区",
    )  # fmt: skip
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert not lead.anonymous and lead.reporter_phone == PHONE
    for column in ("reporter_name", "reporter_phone", "reporter_email", "reporter_address"):
        raw = raw_column(lead, column)
        assert raw.startswith("fernet:") and "王小明" not in raw and PHONE not in raw
    assert lead.reporter_name_masked == "王*明"
    assert lead.reporter_phone_masked == "138****8000"
    assert lead.reporter_email_masked.startswith("w***@")


def test_reward_with_identity(client, post_report):
    response = post_report("reward", reporter_id_number=ID_NUMBER.lower())
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert lead.kind == LeadKind.REWARD and lead.reward_consent and not lead.anonymous
    assert lead.reporter_id_number == ID_NUMBER
    assert raw_column(lead, "reporter_id_number").startswith("fernet:")
    assert lead.reporter_id_masked == ID_NUMBER[0] + "*" * 16 + ID_NUMBER[-1]
    assert lead.receipt_number.startswith("JL")
    assert lead.query_code_hash.startswith("pbkdf2_querycode$")  # a salted hash, not the code
    code = receipt_code(client)
    assert code not in lead.query_code_hash
    assert check_query_code(code, lead.query_code_hash)
    assert not check_query_code("AAAA-BBBB-CCCC", lead.query_code_hash)


def test_nomination_with_a_listed_facility(client, post_report, facility):
    response = post_report("nominate", facility=str(facility.pk), facility_name=facility.name,
                           region="")  # fmt: skip
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert lead.kind == LeadKind.NOMINATE and lead.facility == facility
    assert lead.region == facility.region  # taken from the facility


def test_receipt_shows_the_code_once(client, post_report):
    post_report("violation")
    lead = Lead.objects.get()
    first = client.get("/report/receipt/")
    html = first.content.decode()
    assert lead.receipt_number in html.replace('</span><span class="receipt__group">', "")
    assert CODE.search(html) and "data-print" in html and "7 个工作日" in html
    assert "no-store" in first["Cache-Control"]
    again = client.get("/report/receipt/").content.decode()
    assert not CODE.search(again)
    assert "查询码不再显示" in again


def test_facility_suggestions_carry_the_id(client, facility):
    from search.indexing import reindex_all

    reindex_all()
    data = client.get("/report/facilities/", {"q": "康宁"}).json()
    assert {"id": facility.pk, "title": facility.name}.items() <= data["suggestions"][0].items()


# --- evidence --------------------------------------------------------------------------------


def test_jpeg_is_stored_without_exif(client, post_report):
    response = post_report(evidence=[upload("photo.jpg", jpeg_with_gps(), "image/jpeg")])
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    with evidence.file.open("rb") as handle:
        stored = handle.read()
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and not image.getexif()
    assert b"TestCam" not in stored and evidence.content_type == "image/jpeg"


def test_png_evidence(client, post_report):
    assert post_report(evidence=[upload("a.png", png_bytes(), "image/png")]).status_code == 302
    assert Evidence.objects.get().content_type == "image/png"


def test_disguised_executable_is_refused(client, post_report):
    response = post_report(evidence=[upload("photo.jpg", ELF, "image/jpeg")])
    assert response.status_code == 200
    assert "“photo.jpg”的文件内容不是允许的类型" in error_block(response)
    assert Lead.objects.count() == 0
    assert DESCRIPTION in response.content.decode()


@override_settings(PORTAL_EVIDENCE_MAX_FILE_BYTES=1000, PORTAL_EVIDENCE_MAX_TOTAL_BYTES=5000)
def test_oversized_file_refused_and_the_rest_survives(client, post_report):
    small = png_bytes((8, 8))
    assert len(small) < 1000
    response = post_report(evidence=[upload("big.pdf", b"%PDF-1.4\n" + b"0" * 5000),
                                     upload("small.png", small)])  # fmt: skip
    assert response.status_code == 200 and Lead.objects.count() == 0
    html = response.content.decode()
    assert "“big.pdf”未能上传" in error_block(response)
    assert DESCRIPTION in html and "朝阳区某口腔诊所" in html
    assert "移除“small.png”" in html  # kept on the server
    token = token_of(response)
    data = valid_data("complaint", Lead._meta.get_field("category").related_model.objects.first())
    response = client.post("/report/complaint/", {**data, "form_token": token})
    assert response.status_code == 302
    assert list(Evidence.objects.values_list("original_name", flat=True)) == ["small.png"]


def test_too_many_files(client, post_report, settings):
    settings.PORTAL_EVIDENCE_MAX_FILES = 2
    files = [upload(f"p{i}.png", png_bytes(color=(i, i, i))) for i in range(3)]
    response = post_report(evidence=files)
    assert response.status_code == 200 and Lead.objects.count() == 0
    assert "最多上传 2 个文件" in error_block(response)


def test_failed_captcha_keeps_input_and_evidence(client, post_report, category):
    response = post_report(
        "violation", captcha_1="999", reporter_name="王小明",
        evidence=[upload("a.png", png_bytes(), "image/png")],
    )  # fmt: skip
    assert response.status_code == 200 and Lead.objects.count() == 0
    html = response.content.decode()
    assert "验证码不正确" in error_block(response)
    assert 'href="#id_captcha_1"' in error_block(response)
    assert DESCRIPTION in html and 'value="王小明"' in html and "移除“a.png”" in html
    assert 'value="999"' not in html  # a new CAPTCHA, empty answer
    answer = re.search(r'<input[^>]*name="captcha_1"[^>]*>', html).group(0)
    assert 'aria-describedby="id_captcha_helptext id_captcha_error"' in answer
    assert 'aria-invalid="true"' in answer and 'id="id_captcha_error"' in html
    # Remove nothing, answer right: the pending file is attached.
    data = valid_data("violation", category, form_token=token_of(response))
    assert client.post("/report/violation/", data).status_code == 302
    assert Evidence.objects.get().original_name == "a.png"


def test_pending_evidence_can_be_removed(client, post_report, category):
    response = post_report(captcha_1="1", evidence=[upload("a.png", png_bytes(), "image/png")])
    item = re.search(r'name="remove_evidence" value="([^"]+)"', response.content.decode()).group(1)
    data = valid_data("complaint", category, form_token=token_of(response), remove_evidence=item)
    assert client.post("/report/complaint/", data).status_code == 302
    assert Evidence.objects.count() == 0 and Lead.objects.count() == 1


# --- abuse ---------------------------------------------------------------------------------


def test_honeypot_files_nothing(client, post_report):
    response = post_report(website="http://spam.example")
    assert response.status_code == 200 and Lead.objects.count() == 0
    html = response.content.decode()
    assert "感谢您的来信" in html and "form-errors" not in html


@override_settings(PORTAL_REPORT_RATE="2/h")
def test_rate_limit(client, post_report):
    assert post_report().status_code == 302
    assert post_report().status_code == 302
    response = post_report(evidence=[upload("a.png", png_bytes(), "image/png")])
    assert response.status_code == 429
    html = response.content.decode()
    assert "提交过于频繁" in html and DESCRIPTION in html and "移除“a.png”" in html
    assert Lead.objects.count() == 2 and Evidence.objects.count() == 0


def test_same_token_twice_files_once(client, category):
    token = fetch_token(client, "/report/violation/")
    data = valid_data("violation", category, form_token=token)
    first = client.post("/report/violation/", data)
    second = client.post("/report/violation/", data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == "/report/receipt/"
    lead = Lead.objects.get()
    assert lead.receipt_number in client.get("/report/receipt/").content.decode().replace(
        '</span><span class="receipt__group">', ""
    )


def test_unknown_token_keeps_input_with_a_new_token(client, category):
    client.get("/report/complaint/")
    data = valid_data("complaint", category, form_token="expired-token")
    response = client.post("/report/complaint/", data)
    assert response.status_code == 200 and Lead.objects.count() == 0
    html = response.content.decode()
    assert "页面已过期" in html and DESCRIPTION in html
    new = token_of(response)
    assert new != "expired-token"
    assert client.post("/report/complaint/", {**data, "form_token": new}).status_code == 302


def test_missing_token(client, category):
    response = client.post("/report/complaint/", valid_data("complaint", category))
    assert response.status_code == 200 and "页面已过期" in response.content.decode()
    assert Lead.objects.count() == 0


def test_csrf_is_enforced(category):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    token = fetch_token(browser, "/report/complaint/")
    data = valid_data("complaint", category, form_token=token)
    assert browser.post("/report/complaint/", data).status_code == 403
    data["csrfmiddlewaretoken"] = browser.cookies["csrftoken"].value
    assert browser.post("/report/complaint/", data).status_code == 302


def test_submission_succeeds_with_the_broker_down(client, post_report, monkeypatch, capsys):
    import django_q.tasks

    def refuse(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(django_q.tasks, "async_task", refuse)
    assert post_report("violation", reporter_name="王小明", reporter_phone=PHONE).status_code == 302
    lead = Lead.objects.get()
    assert lead.followups_queued_at is None and lead.followups_done_at is None
    monkeypatch.undo()
    assert tasks.requeue_pending() == 1
    lead.refresh_from_db()
    assert lead.followups_queued_at and lead.followups_done_at and lead.acknowledged_at
    assert lead.receipt_number in capsys.readouterr().out


def test_body_too_large_is_a_clear_400(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/report/complaint/", {"description": "x" * 5000})
    assert response.status_code == 400
    assert "提交的内容无法读取或超出了限制" in response.content.decode()


def test_reporter_data_is_not_in_error_reports(client, category, monkeypatch):
    """A crash after the form was read: the error report shows neither POST values nor
    the locals of the views' submit steps."""
    import sys

    from django.core.signals import got_request_exception
    from django.views.debug import ExceptionReporter

    from portal.intake import views

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    reports = []

    def capture(sender, request, **kwargs):
        reports.append(ExceptionReporter(request, *sys.exc_info()).get_traceback_text())

    monkeypatch.setattr(views.tokens, "consume", boom)
    got_request_exception.connect(capture)
    client.raise_request_exception = False
    try:
        token = fetch_token(client, "/report/reward/")
        data = valid_data("reward", category, form_token=token, reporter_email="zhang@example.com")
        assert client.post("/report/reward/", data).status_code == 500
    finally:
        got_request_exception.disconnect(capture)
    assert reports and "boom" in reports[0]
    for secret in (ID_NUMBER, PHONE, "zhang@example.com", "张三"):
        assert secret not in reports[0]


def test_double_click_waits_for_the_first_request(client, category):
    """The second of two simultaneous POSTs waits for the first and gets its receipt."""
    import threading

    from portal.intake import flow

    token = fetch_token(client, "/report/complaint/")
    first = flow.TokenLock(token)
    assert first.acquire() == ""  # the first request is filing
    threading.Timer(0.3, first.done, args=["TS2025010100001"]).start()
    response = client.post(
        "/report/complaint/", valid_data("complaint", category, form_token=token)
    )
    assert response.status_code == 302 and response["Location"] == "/report/receipt/"
    assert Lead.objects.count() == 0  # the second request filed nothing itself


def test_double_click_after_a_failed_first_request(client, category):
    import threading

    from portal.intake import flow

    token = fetch_token(client, "/report/complaint/")
    first = flow.TokenLock(token)
    first.acquire()
    threading.Timer(0.3, first.release).start()  # the first had a validation error
    response = client.post(
        "/report/complaint/", valid_data("complaint", category, form_token=token)
    )
    assert response.status_code == 302 and Lead.objects.count() == 1


def test_busy_token(client, category, monkeypatch):
    from portal.intake import flow

    monkeypatch.setattr(flow.TokenLock, "WAIT_SECONDS", 0.2)
    token = fetch_token(client, "/report/complaint/")
    flow.TokenLock(token).acquire()
    response = client.post(
        "/report/complaint/", valid_data("complaint", category, form_token=token)
    )
    assert response.status_code == 409 and "上一次提交仍在处理" in response.content.decode()
    assert DESCRIPTION in response.content.decode() and Lead.objects.count() == 0


def test_english_flow(client, category):
    token = fetch_token(client, "/en/report/nominate/")
    response = client.post(
        "/en/report/nominate/", valid_data("nominate", category, form_token=token)
    )
    assert response.status_code == 302 and response["Location"] == "/en/report/receipt/"
    html = client.get("/en/report/receipt/").content.decode()
    assert '<html lang="en"' in html and CODE.search(html)
