"""/track/: lookup by receipt number + query code, the public timeline, wrong codes and their
limit, adding information to an open lead."""

import re

import pytest
from django.test import override_settings

from portal.intake import flow
from portal.models import Evidence, Lead, LeadEvent, LeadState, LeadSupplement

from .conftest import fetch_token, png_bytes, token_of, upload
from .test_views import receipt_code

pytestmark = pytest.mark.django_db
WRONG = "受理编号或查询码不正确"


@pytest.fixture
def filed(client, post_report):
    """A violation report and its query code, as the reporter has them."""
    assert post_report("violation", reporter_name="王小明").status_code == 302
    code = receipt_code(client)
    client.cookies.clear()  # the reporter comes back later, in a new session
    return Lead.objects.get(), code


def lookup(client, number, code):
    return client.post("/track/", {"receipt_number": number, "query_code": code})


def error_block(response) -> str:
    html = response.content.decode()
    start = html.index('<div class="form-errors"')
    return html[start : html.index("</div>", start) + 6]


def test_track_page(client):
    response = client.get("/track/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert 'name="receipt_number"' in response.content.decode()
    assert client.get("/en/track/").status_code == 200


def test_right_code_shows_the_public_timeline(client, filed, django_user_model):
    lead, code = filed
    staff = django_user_model.objects.create_user(username="handler-zhao", first_name="赵办事")
    LeadEvent.objects.create(lead=lead, kind=LeadEvent.Kind.NOTE, public=False, actor=staff,
                             internal_text="内部备注XYZ")  # fmt: skip
    LeadEvent.objects.create(lead=lead, kind=LeadEvent.Kind.STATE, state=LeadState.ACCEPTED,
                             public=True, public_text="经审查，决定受理。", actor=staff)  # fmt: skip
    LeadEvent.objects.create(lead=lead, kind=LeadEvent.Kind.REPLY, public=True,
                             public_text="经调查，情况属实，已立案查处。", actor=staff)  # fmt: skip
    Lead.objects.filter(pk=lead.pk).update(state=LeadState.ACCEPTED)
    old_session = client.session.session_key
    response = lookup(client, lead.receipt_number.lower(), code.lower().replace("-", " "))
    assert response.status_code == 302 and response["Location"] == "/track/progress/"
    assert client.session.session_key != old_session  # a new session id once authorised
    assert code not in response["Location"]
    page = client.get("/track/progress/")
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    for text in (lead.receipt_number, "举报", lead.category.name, "已受理", "已收到您的反映",
                 "经审查，决定受理。", "经调查，情况属实，已立案查处。", "答复意见"):  # fmt: skip
        assert text in html, text
    for secret in ("内部备注XYZ", "handler-zhao", "赵办事", "王小明", lead.reporter_name_masked):
        assert secret not in html, secret
    assert 'aria-current="step"' in html


def test_wrong_code_and_unknown_receipt_answer_alike(client, filed):
    lead, code = filed
    wrong_code = lookup(client, lead.receipt_number, "AAAA-BBBB-CCCC")
    unknown = lookup(client, "JB2099010100001", "AAAA-BBBB-CCCC")
    assert wrong_code.status_code == unknown.status_code == 200
    assert WRONG in error_block(wrong_code)
    assert error_block(wrong_code) == error_block(unknown)
    assert "progress" not in wrong_code.get("Location", "")
    assert flow.TRACK_KEY not in client.session


@override_settings(PORTAL_TRACK_RATE="3/h")
def test_too_many_wrong_codes_locks_the_lookup(client, filed):
    lead, code = filed
    for _ in range(3):
        assert WRONG in lookup(client, lead.receipt_number, "AAAA-BBBB-CCCC").content.decode()
    response = lookup(client, lead.receipt_number, code)
    assert response.status_code == 429
    assert "输入错误的次数过多" in response.content.decode()
    assert flow.TRACK_KEY not in client.session


def test_progress_needs_a_lookup(client):
    response = client.get("/track/progress/")
    assert response.status_code == 302 and response["Location"] == "/track/"
    assert client.get("/track/progress/add/")["Location"] == "/track/"
    assert "请先输入受理编号和查询码" in client.get("/track/").content.decode()


def test_exit_forgets_the_lead(client, filed):
    lead, code = filed
    lookup(client, lead.receipt_number, code)
    assert client.post("/track/progress/", {"exit": "1"})["Location"] == "/track/"
    assert client.get("/track/progress/").status_code == 302


def test_lookup_expires(client, filed, monkeypatch):
    lead, code = filed
    lookup(client, lead.receipt_number, code)
    monkeypatch.setattr(flow, "TRACK_SECONDS", -1)
    client.get("/track/progress/")  # refreshes "until" into the past
    assert client.get("/track/progress/").status_code == 302


def test_add_information_to_an_open_lead(client, filed):
    lead, code = filed
    lookup(client, lead.receipt_number, code)
    page = client.get("/track/progress/add/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    data = {"form_token": token_of(page), "text": "又看到他们在周末营业。",
            "evidence": [upload("more.png", png_bytes(), "image/png")]}  # fmt: skip
    response = client.post("/track/progress/add/", data)
    assert response.status_code == 302 and response["Location"] == "/track/progress/"
    supplement = LeadSupplement.objects.get()
    assert supplement.lead == lead and supplement.text == "又看到他们在周末营业。"
    assert Evidence.objects.get().supplement == supplement
    html = client.get("/track/progress/").content.decode()
    assert "补充材料已收到" in html and "举报人补充材料" in html
    # The same form again (a reload): nothing new.
    assert client.post("/track/progress/add/", data)["Location"] == "/track/progress/"
    assert LeadSupplement.objects.count() == 1


def test_add_information_errors_keep_input(client, filed):
    lead, code = filed
    lookup(client, lead.receipt_number, code)
    token = fetch_token(client, "/track/progress/add/")
    response = client.post("/track/progress/add/", {"form_token": token, "text": "",
                           "evidence": [upload("a.png", png_bytes(), "image/png")]})  # fmt: skip
    assert response.status_code == 200
    html = response.content.decode()
    assert "请填写补充说明" in error_block(response) and "移除“a.png”" in html
    response = client.post("/track/progress/add/", {"form_token": token_of(response), "text": "补充"})  # fmt: skip
    assert response.status_code == 302
    assert Evidence.objects.get().original_name == "a.png"


@pytest.mark.parametrize("state", [LeadState.CONCLUDED, LeadState.REFUSED, LeadState.CLOSED])
def test_add_information_refused_when_closed(client, filed, state):
    lead, code = filed
    lookup(client, lead.receipt_number, code)
    Lead.objects.filter(pk=lead.pk).update(state=state)
    html = client.get("/track/progress/").content.decode()
    assert "不能再补充材料" in html and 'href="/track/progress/add/"' not in html
    response = client.post("/track/progress/add/", {"form_token": "x", "text": "补充"})
    assert response.status_code == 302 and response["Location"] == "/track/progress/"
    assert LeadSupplement.objects.count() == 0


def test_refused_lead_shows_state_without_steps(client, filed):
    lead, code = filed
    Lead.objects.filter(pk=lead.pk).update(state=LeadState.REFUSED)
    LeadEvent.objects.create(lead=lead, kind=LeadEvent.Kind.STATE, state=LeadState.REFUSED,
                             public=True, public_text="不属于本机关职责范围。")  # fmt: skip
    lookup(client, lead.receipt_number, code)
    html = client.get("/track/progress/").content.decode()
    assert "不予受理" in html and "不属于本机关职责范围。" in html
    assert 'class="steps' not in html


def test_code_never_in_urls(client, filed):
    lead, code = filed
    response = client.post("/track/", {"receipt_number": lead.receipt_number, "query_code": code},
                           follow=True)  # fmt: skip
    for url, _status in response.redirect_chain:
        assert code not in url and lead.receipt_number not in url
    assert not re.search(r"[?&](code|query_code)=", response.content.decode())
