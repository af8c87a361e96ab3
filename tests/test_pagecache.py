"""Anonymous pages are cached and invalidated on publish/unpublish and publicity changes."""

import datetime

import pytest
from django.core.cache import cache

from portal.admin.actions import withdraw
from portal.pagecache import bump_version

LIST = "/records/penalties/"


@pytest.fixture
def page_cache(settings):
    settings.PORTAL_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


def get(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.get("X-Page-Cache")


@pytest.mark.django_db
def test_anonymous_pages_are_cached_until_something_is_published(client, page_cache, make_penalty):
    record = make_penalty(datetime.date.today() - datetime.timedelta(days=3), "罚款")
    response, state = get(client, LIST)
    assert state == "miss" and record.document_number in response.content.decode()
    response, state = get(client, LIST)
    assert state == "hit" and record.document_number in response.content.decode()
    assert "Set-Cookie" not in response and "csrfmiddlewaretoken" not in response.content.decode()

    newer = make_penalty(datetime.date.today() - datetime.timedelta(days=1), "罚款")
    response, state = get(client, LIST)
    assert state == "miss" and newer.document_number in response.content.decode()


@pytest.mark.django_db
def test_withdrawal_invalidates_cached_pages(client, page_cache, make_penalty, admin_user):
    record = make_penalty(datetime.date.today() - datetime.timedelta(days=3), "罚款")
    detail = f"/records/penalties/{record.pk}/"
    assert client.get(detail).status_code == 200
    assert get(client, detail)[1] == "hit"
    withdraw(record, admin_user, "复议撤销原处罚决定")
    response, state = get(client, detail)
    assert state == "miss" and response.status_code == 410
    assert record.document_number not in client.get(LIST).content.decode()


@pytest.mark.django_db
def test_publicity_ending_at_midnight_needs_no_invalidation(
    client, page_cache, make_penalty, monkeypatch
):
    today = datetime.date.today()
    record = make_penalty(
        today - datetime.timedelta(days=30), "罚款", publicity_until_override=today
    )
    assert record.document_number in client.get(LIST).content.decode()
    assert get(client, LIST)[1] == "hit"
    tomorrow = today + datetime.timedelta(days=1)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: tomorrow)
    response, state = get(client, LIST)
    assert state == "miss"
    assert record.document_number not in response.content.decode()


@pytest.mark.django_db
def test_what_is_never_cached(client, page_cache, admin_user, make_penalty):
    make_penalty(datetime.date.today(), "罚款")
    client.get("/")
    assert get(client, "/")[1] == "hit"
    # Elder mode and English are cached separately, never mixed up.
    response, state = get(client, "/", HTTP_COOKIE="elder_mode=1")
    assert state == "miss" and 'class="elder' in response.content.decode()
    assert get(client, "/en/")[1] == "miss"
    # Logged-in users and the admin bypass the cache.
    client.force_login(admin_user)
    assert get(client, "/")[1] is None
    assert get(client, "/admin/")[1] is None


@pytest.mark.django_db
def test_bump_version_invalidates_everything(client, page_cache):
    client.get("/")
    assert get(client, "/")[1] == "hit"
    bump_version()
    assert get(client, "/")[1] == "miss"
