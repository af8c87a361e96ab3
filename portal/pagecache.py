"""Whole-page cache for anonymous visitors, invalidated by a version number.

Every publish, unpublish, record save/delete, import or rule change bumps the version, so
the next request renders afresh. The key also holds today's date: a record whose
publicity ends tonight is gone from cached pages tomorrow without anything having to run.
Pages that depend on the visitor (sessions with messages, forms, the admin) are never cached.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

VERSION_KEY = "portal:pagecache-version"
SKIP_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/report/",
    "/track/",
    "/captcha/",
    "/i18n/",
    "/documents/",
    "/static/",
    "/media/",
    "/healthz",
)
ELDER_COOKIE = "elder_mode"


def bump_version(**kwargs):
    """Invalidate every cached page (cheap: one cache write)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def current_version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, None)


def _skip_path(path: str) -> bool:
    path = path.removeprefix("/en")
    return any(path.startswith(prefix) for prefix in SKIP_PREFIXES)


def cache_key(request) -> str:
    parts = [
        str(current_version()),
        timezone.localdate().isoformat(),
        request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else "",
        "elder" if request.COOKIES.get(ELDER_COOKIE) == "1" else "",
        request.get_full_path(),
    ]
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()
    return f"portal:page:{digest}"


def is_cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or not getattr(settings, "PORTAL_PAGE_CACHE", True):
        return False
    if _skip_path(request.path) or request.user.is_authenticated:
        return False
    if "messages" in request.COOKIES:
        return False
    session_cookie = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if session_cookie and request.session.get("_messages"):
        return False
    return True


def is_cacheable_response(response) -> bool:
    if response.status_code not in (200, 404, 410) or response.streaming:
        return False
    if response.cookies or response.has_header("Set-Cookie"):
        return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        key = cache_key(request)
        stored = cache.get(key)
        if stored is not None:
            content, status, headers = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        if is_cacheable_response(response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in ("vary",)]
            headers.append(("Vary", response["Vary"]))
            cache.set(
                key,
                (response.content, response.status_code, headers),
                settings.PORTAL_PAGE_CACHE_SECONDS,
            )
            response["X-Page-Cache"] = "miss"
        return response


def connect_signals():
    """Everything that can change a public page bumps the version."""
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, published, unpublished

    from .models import RECORD_MODELS, Facility, PenaltyType, PublicityPolicy

    for signal in (page_published, page_unpublished, published, unpublished):
        signal.connect(bump_version, dispatch_uid=f"pagecache-{id(signal)}")
    for model in (*RECORD_MODELS.values(), Facility, PenaltyType, PublicityPolicy):
        post_save.connect(
            bump_version, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}"
        )
        post_delete.connect(
            bump_version, sender=model, dispatch_uid=f"pagecache-del-{model.__name__}"
        )
    m2m_changed.connect(bump_version, dispatch_uid="pagecache-m2m")
