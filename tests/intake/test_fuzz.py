"""Arbitrary input at every field of the intake forms and the lookup: never a 500, always
200/302/429 (or 409 for a token in use) with something the citizen can read.

Text includes control characters, NUL, combining marks, right-to-left marks, emoji, full-width
forms and very long strings (surrogates excluded: a browser cannot send them); bodies come
in odd encodings; files have odd names, sizes and contents.
"""

import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.models import Lead

from .conftest import KIND_URLS, fetch_token, png_bytes, upload, valid_data
from .test_views import receipt_code

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FIELDS = ["category", "facility", "facility_name", "facility_address", "region", "occurred_on",
          "description", "wanted", "anonymous", "reporter_name", "reporter_id_number",
          "reporter_phone", "reporter_email", "reporter_address", "reward_consent",
          "captcha_0", "captcha_1", "form_token", "website", "remove_evidence"]  # fmt: skip
ODD = [
    "\x00", "\x00" * 30, "\r\n\r\n", "\u202e反转\u202c", "e\u0301" * 30, "😀" * 40, "１３８００１３８０００",
    "<script>alert(1)</script>", "{{ request }}", "%(name)s", "' OR 1=1 --", "../../etc/passwd",
    "9" * 40, "-1", "0", "1e309", "2025-02-30", "99999-01-01", "0000-00-00", "\ufeff", " ",
]  # fmt: skip
texts = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
    st.text(alphabet=st.characters(max_codepoint=0x1F, blacklist_categories=("Cs",)), max_size=50),
    st.sampled_from(ODD),
    st.builds(
        lambda ch, n: ch * n, st.sampled_from(["字", "a", "\x00", "\n"]), st.integers(0, 20_000)
    ),
)
encodings = st.sampled_from(
    ["utf-8", "gbk", "gb18030", "big5", "latin-1", "utf-16", "no-such-charset"]
)


def plain_name(name) -> bool:
    """What the test client can send as a file name (a browser sends the base name only)."""
    return "/" not in name and "\\" not in name and name not in (".", "..") and name.strip() != ""


def readable(response) -> bool:
    html = response.content.decode(errors="replace")
    return any(mark in html for mark in ('class="form-errors"', 'class="notice', "感谢您的来信"))


def check(response):
    assert response.status_code in (200, 302, 409, 429), response.status_code
    if response.status_code == 302:
        assert response["Location"] in ("/report/receipt/", "/track/progress/")
    else:
        assert readable(response)


@pytest.fixture
def generous(settings):
    settings.PORTAL_REPORT_RATE = "100000/h"
    settings.PORTAL_EVIDENCE_MAX_FILE_BYTES = 4000
    settings.PORTAL_EVIDENCE_MAX_TOTAL_BYTES = 8000


@FUZZ
@given(kind=st.sampled_from(sorted(KIND_URLS)), fuzzed=st.dictionaries(st.sampled_from(FIELDS), texts, min_size=1, max_size=6))  # fmt: skip
def test_report_fields(client, category, generous, kind, fuzzed):
    data = valid_data(kind, category, form_token=fetch_token(client, KIND_URLS[kind]))
    data.update(fuzzed)
    check(client.post(KIND_URLS[kind], data))


@FUZZ
@given(
    kind=st.sampled_from(sorted(KIND_URLS)),
    value=texts,
    repeated=st.lists(texts, min_size=2, max_size=4),
    name=st.sampled_from(FIELDS),
)
def test_repeated_and_missing_fields(client, category, generous, kind, value, repeated, name):
    """Fields sent twice, or only some of them, or none."""
    data = valid_data(kind, category, form_token=fetch_token(client, KIND_URLS[kind]))
    data[name] = repeated
    data.pop(FIELDS[len(value) % len(FIELDS)], None)
    check(client.post(KIND_URLS[kind], data))
    check(client.post(KIND_URLS[kind], {}))


@FUZZ
@given(
    files=st.lists(
        st.tuples(
            st.one_of(st.text(min_size=1, max_size=300).filter(plain_name),
                      st.sampled_from(["a.jpg", ".jpg", "x" * 400, "文件.PDF", "a\x00.png"])),
            st.one_of(st.binary(max_size=6000), st.just(png_bytes()), st.just(b"%PDF-1.4\n%%EOF")),
        ),
        max_size=7,
    )
)  # fmt: skip
def test_evidence_files(client, category, generous, files):
    data = valid_data("violation", category, form_token=fetch_token(client, KIND_URLS["violation"]))
    data["evidence"] = [upload(name, content) for name, content in files]
    response = client.post(KIND_URLS["violation"], data)
    check(response)
    if response.status_code == 302:
        assert Lead.objects.exists()


@FUZZ
@given(fuzzed=st.dictionaries(st.sampled_from(FIELDS), texts, min_size=1, max_size=5), encoding=encodings)  # fmt: skip
def test_odd_encodings(client, category, generous, fuzzed, encoding):
    data = valid_data("complaint", category, form_token=fetch_token(client, KIND_URLS["complaint"]))
    data.update(fuzzed)
    codec = encoding if encoding != "no-such-charset" else "utf-8"
    body = urllib.parse.urlencode(data, encoding=codec, errors="replace").encode("ascii")
    content_type = f"application/x-www-form-urlencoded; charset={encoding}"
    response = client.generic("POST", KIND_URLS["complaint"], body, content_type=content_type)
    if codec not in ("utf-8",):  # Django reads form data in UTF-8 only: a clear 400
        assert response.status_code == 400 and "提交的内容无法读取" in response.content.decode()
    else:
        check(response)


@FUZZ
@given(raw=st.binary(max_size=3000))
def test_raw_bytes_bodies(client, generous, raw):
    for content_type in ("application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz",
                         "text/plain", "application/json"):  # fmt: skip
        response = client.post(KIND_URLS["reward"], raw, content_type=content_type)
        assert response.status_code in (200, 400, 409, 429)  # 400: an unreadable multipart body
        assert readable(response) or response.status_code == 400


@FUZZ
@given(number=texts, code=texts, extra=st.dictionaries(st.text(max_size=20), texts, max_size=3),
       encoding=encodings)  # fmt: skip
def test_track_lookup(client, number, code, extra, encoding):
    response = client.post("/track/", {**extra, "receipt_number": number, "query_code": code})
    check(response)
    assert response.status_code != 302
    body = urllib.parse.urlencode({"receipt_number": number, "query_code": code},
                                  encoding="utf-8" if encoding == "no-such-charset" else encoding,
                                  errors="replace").encode("ascii")  # fmt: skip
    content_type = f"application/x-www-form-urlencoded; charset={encoding}"
    response = client.generic("POST", "/track/", body, content_type=content_type)
    assert response.status_code in (200, 400, 429) and readable(response)


@FUZZ
@given(text=texts, token=st.one_of(st.none(), texts))
def test_add_information(client, post_report, settings, text, token):
    settings.PORTAL_REPORT_RATE = "100000/h"
    if not Lead.objects.exists():
        post_report("complaint")
        code = receipt_code(client)
        client.post("/track/", {"receipt_number": Lead.objects.get().receipt_number, "query_code": code})  # fmt: skip
    real = fetch_token(client, "/track/progress/add/")
    response = client.post("/track/progress/add/", {"text": text, "form_token": real if token is None else token})  # fmt: skip
    check(response)


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.jpg", "a\\b.png", "", "..", "\x00.png", "名" * 300]
)
def test_odd_file_names_in_raw_multipart(client, category, generous, name):
    token = fetch_token(client, KIND_URLS["violation"])
    data = valid_data("violation", category, form_token=token)
    boundary = "----fuzzboundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in data.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="{name}"\r\n'
        "Content-Type: image/png\r\n\r\n".encode()
        + png_bytes()
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    response = client.post(KIND_URLS["violation"], body, content_type=f"multipart/form-data; boundary={boundary}")  # fmt: skip
    check(response)
