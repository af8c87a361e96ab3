"""Helpers for the public intake tests: a client with its own IP (rate limits are per IP and
live in the cache), a form token fetched like a browser would, valid form data, images with
EXIF GPS, and a disguised executable."""

import io
import random
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.id_number import id_check_char
from portal.models import LeadCategory

ID_NUMBER = "11010519800101123" + id_check_char("11010519800101123")
PHONE = "13800138000"
DESCRIPTION = "2025年3月5日在朝阳区某诊所，无执业医师资格的人员为患者拔牙并收费三百元。"
KIND_URLS = {
    "complaint": "/report/complaint/",
    "violation": "/report/violation/",
    "reward": "/report/reward/",
    "nominate": "/report/nominate/",
}
TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


@pytest.fixture
def client(client):
    """Every test gets its own address, so per-IP limits never carry over."""
    client.defaults["REMOTE_ADDR"] = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"  # fmt: skip
    return client


@pytest.fixture
def category(db):
    return LeadCategory.objects.filter(active=True).first()


def token_of(response) -> str:
    match = TOKEN.search(response.content.decode())
    assert match, "no form token on the page"
    return match.group(1)


def fetch_token(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return token_of(response)


def valid_data(kind, category, /, **overrides) -> dict:
    data = {
        "category": str(category.pk),
        "facility": "",
        "facility_name": "朝阳区某口腔诊所",
        "facility_address": "北京市朝阳区某路1号",
        "region": "110105",
        "occurred_on": "2025-03-05",
        "description": DESCRIPTION,
        "wanted": "依法查处",
        "website": "",
        "captcha_0": "anything",
        "captcha_1": "PASSED",
    }
    if kind == "reward":
        data.update(
            reporter_name="张三",
            reporter_id_number=ID_NUMBER,
            reporter_phone=PHONE,
            reward_consent="on",
        )
    data.update(overrides)
    return data


@pytest.fixture
def post_report(client, category):
    """POST one report like a browser: GET the form for a token, then submit."""

    def post(kind="complaint", token=None, follow=False, **fields):
        url = KIND_URLS[kind]
        data = valid_data(kind, category, **fields)
        data["form_token"] = fetch_token(client, url) if token is None else token
        return client.post(url, data, follow=follow)

    return post


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def png_bytes(size=(40, 30), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_with_gps(size=(64, 48)) -> bytes:
    """A JPEG whose EXIF holds a GPS position (Beijing) and a camera model."""
    image = Image.new("RGB", size, (20, 120, 200))
    exif = Image.Exif()
    exif[0x0110] = "TestCam 1"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (39.0, 54.0, 27.0)
    gps[3] = "E"
    gps[4] = (116.0, 23.0, 17.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
