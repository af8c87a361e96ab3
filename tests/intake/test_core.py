"""The intake rules under the forms: receipts and codes, evidence checks, limits, masking,
rate limits, one-time tokens, follow-up tasks."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import RequestFactory, override_settings
from PIL import Image

from portal.intake import masking, ratelimit, receipts, tokens
from portal.intake.evidence import EvidenceError, EvidenceUploadHandler, check_file
from portal.intake.submit import submit_lead
from portal.intake.tasks import queue_followups, requeue_pending, run_followups
from portal.models import Authority, Lead, LeadCategory, LeadKind

pytestmark = pytest.mark.django_db
PERSON_ID = "11010519491231002X"


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (39.0, 54.0, 0.0), 3: "E", 4: (116.0, 23.0, 0.0)}  # GPS IFD
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_query_codes_are_long_random_and_only_hashed():
    code = receipts.new_query_code()
    assert len(code.replace("-", "")) >= 12
    assert code != receipts.new_query_code()
    encoded = receipts.hash_query_code(code)
    assert code not in encoded and encoded.startswith("pbkdf2_querycode$10000$")
    assert receipts.check_query_code(code.lower().replace("-", " "), encoded)
    assert not receipts.check_query_code("WRONG-CODE-0000", encoded)
    assert not receipts.check_query_code(code, None)  # no lead: same work, still False


def test_receipt_numbers_per_day_and_kind(category):
    first, _ = submit_lead(LeadKind.VIOLATION, {"category": category, "description": "x" * 30,
                                                "anonymous": True, "facility_name": "某诊所"})  # fmt: skip
    second, _ = submit_lead(LeadKind.COMPLAINT, {"category": category, "description": "y" * 30,
                                                 "anonymous": True, "facility_name": "某诊所"})  # fmt: skip
    assert first.receipt_number.startswith("JB") and len(first.receipt_number) == 15
    assert second.receipt_number.startswith("TS")
    assert int(second.receipt_number[-5:]) == int(first.receipt_number[-5:]) + 1


@pytest.fixture
def category(db):
    return LeadCategory.objects.get(name="非法行医")


def test_identity_is_encrypted_at_rest_and_masked(category):
    lead, code = submit_lead(
        LeadKind.REWARD,
        {
            "category": category,
            "description": "在居民楼内无证行医，给人输液。" * 3,
            "facility_name": "某小区诊所",
            "reporter_name": "王小明",
            "reporter_id_number": PERSON_ID,
            "reporter_phone": "13812345678",
            "reporter_email": "wang@example.com",
            "reward_consent": True,
        },
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reporter_name, reporter_id_number, reporter_phone, reporter_email "
            "FROM portal_lead WHERE id = %s",
            [lead.pk],
        )
        raw = cursor.fetchone()
    assert all(value.startswith("fernet:") for value in raw)
    assert "王小明" not in str(raw) and PERSON_ID not in str(raw)
    stored = Lead.objects.get(pk=lead.pk)
    assert stored.reporter_name == "王小明" and stored.reporter_id_number == PERSON_ID
    assert stored.reporter_name_masked == "王*明"
    assert stored.reporter_phone_masked == "138****5678"
    assert stored.reporter_id_masked == PERSON_ID[0] + "*" * 16 + PERSON_ID[-1]
    assert stored.reporter_email_masked == "w***@example.com"
    assert receipts.check_query_code(code, stored.query_code_hash)


def test_anonymous_leads_store_no_identity(category):
    lead, _ = submit_lead(LeadKind.VIOLATION, {"category": category, "description": "z" * 30,
                          "anonymous": True, "reporter_name": "不该保存"})  # fmt: skip
    assert Lead.objects.get(pk=lead.pk).reporter_name == ""


def test_masks():
    assert masking.mask_name("李") == "*"
    assert masking.mask_name("李四") == "李*"
    assert masking.mask_name("欧阳小明") == "欧**明"
    assert masking.mask_phone("13912345678") == "139****5678"
    assert masking.mask_email("") == ""


def test_images_are_reencoded_without_metadata():
    original = jpeg_with_gps()
    assert b"PhoneMaker" in original
    checked = check_file(SimpleUploadedFile("photo.JPG", original, "image/jpeg"))
    assert checked.content_type == "image/jpeg" and checked.name == "photo.jpg"
    assert b"PhoneMaker" not in checked.content
    with Image.open(io.BytesIO(checked.content)) as image:
        assert not image.getexif()


def test_type_comes_from_the_content_not_the_name():
    executable = b"\x7fELF\x02\x01\x01" + b"\x00" * 100
    with pytest.raises(EvidenceError, match="不是允许的类型"):
        check_file(SimpleUploadedFile("photo.jpg", executable, "image/jpeg"))
    pdf = b"%PDF-1.4\n" + b"0" * 100
    assert check_file(SimpleUploadedFile("scan.dat", pdf, "application/octet-stream")).name == (
        "scan.pdf"
    )


def test_a_broken_image_is_refused_with_a_message():
    fake_png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 50
    with pytest.raises(EvidenceError, match="无法读取"):
        check_file(SimpleUploadedFile("a.png", fake_png, "image/png"))


@override_settings(PORTAL_EVIDENCE_MAX_FILE_BYTES=100, PORTAL_EVIDENCE_MAX_TOTAL_BYTES=150)
def test_upload_handler_skips_files_past_the_limits_without_keeping_them():
    body, boundary = b"", "BOUNDARY"
    for name, size in (("a.pdf", 80), ("big.pdf", 120), ("c.pdf", 80)):
        body += (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="evidence"; '
                f'filename="{name}"\r\nContent-Type: application/pdf\r\n\r\n'
            ).encode()
            + b"x" * size
            + b"\r\n"
        )
    body += f'--{boundary}\r\nContent-Disposition: form-data; name="description"\r\n\r\n'.encode()
    body += "保留的文字".encode() + f"\r\n--{boundary}--\r\n".encode()
    request = RequestFactory().generic(
        "POST", "/report/violation/", body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    request.upload_handlers.insert(0, EvidenceUploadHandler(request))
    kept = [f.name for f in request.FILES.getlist("evidence")]
    assert kept == ["a.pdf"]  # big.pdf is over 100 bytes, c.pdf would pass 150 in total
    assert [name for name, _ in request.evidence_rejected] == ["big.pdf", "c.pdf"]
    assert request.POST["description"] == "保留的文字"


def test_rate_limits_count_per_window():
    request = RequestFactory().post("/report/", REMOTE_ADDR="10.0.0.9")
    request.session = type("S", (), {"session_key": None})()
    with override_settings(PORTAL_REPORT_RATE="2/h"):
        assert not ratelimit.submission_limited(request)
        ratelimit.count_submission(request)
        ratelimit.count_submission(request)
        assert ratelimit.submission_limited(request)
    assert ratelimit.parse_rate("10/m") == (10, 60)


def test_one_time_tokens(client):
    request = RequestFactory().get("/")
    request.session = {}
    token = tokens.issue(request)
    assert tokens.state(request, token) == ("fresh", "")
    tokens.consume(request, token, "JB2026112600001")
    assert tokens.state(request, token) == ("used", "JB2026112600001")
    assert tokens.state(request, "forged")[0] == "unknown"


def test_followups_wait_for_the_broker_and_run_later(category, monkeypatch, authority, facility):
    def refuse(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr("django_q.tasks.async_task", refuse)
    lead, _ = submit_lead(LeadKind.VIOLATION, {
        "category": category, "description": "w" * 30, "facility": facility,
        "reporter_name": "李四", "reporter_phone": "13912345678",
    })  # fmt: skip
    # on_commit hooks do not run inside the test's transaction: queue as the commit would.
    assert queue_followups(lead.pk) is False
    lead.refresh_from_db()
    assert Lead.objects.filter(pk=lead.pk).exists() and lead.followups_queued_at is None
    monkeypatch.undo()
    assert requeue_pending() == 1  # the broker is back (sync in tests): the tasks ran
    lead.refresh_from_db()
    assert lead.followups_queued_at and lead.followups_done_at and lead.acknowledged_at
    assert lead.suggested_authority == Authority.objects.get(pk=authority.pk)
    run_followups(lead.pk)  # idempotent


def test_possible_duplicates_are_linked(category, facility):
    first, _ = submit_lead(LeadKind.VIOLATION, {"category": category, "description": "a" * 30,
                           "facility": facility, "anonymous": True})  # fmt: skip
    second, _ = submit_lead(LeadKind.COMPLAINT, {"category": category, "description": "b" * 30,
                            "facility": facility, "anonymous": True})  # fmt: skip
    run_followups(second.pk)
    assert list(second.possible_duplicates.all()) == [first]


def test_a_failed_security_check_explains_itself_in_chinese(category):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/report/violation/", {"description": "x" * 30})
    assert response.status_code == 403
    body = response.content.decode()
    assert "表单已失效" in body and "no-store" in response["Cache-Control"]
