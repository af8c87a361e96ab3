"""Fixed-window counters in the cache: submissions per IP and session, wrong query codes.

Keys hold a digest of the IP, never the address itself.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def parse_rate(rate: str) -> tuple[int, int]:
    """ "5/h" → (5, 3600); also /m, /d and /<seconds>."""
    count, _, period = rate.partition("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}.get(period) or int(period or 3600)
    return int(count), seconds


def client_ip(request) -> str:
    proxies = getattr(settings, "PORTAL_TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _key(scope: str, ident: str, window: int) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{ident}".encode()).hexdigest()[:32]
    return f"portal:rate:{scope}:{digest}:{int(time.time() // window)}"


def exceeded(scope: str, ident: str, rate: str) -> bool:
    """Whether `ident` already used up `rate` in this window (does not count)."""
    limit, window = parse_rate(rate)
    return (cache.get(_key(scope, ident, window)) or 0) >= limit


def count(scope: str, ident: str, rate: str) -> int:
    limit, window = parse_rate(rate)
    key = _key(scope, ident, window)
    try:
        return cache.incr(key)
    except ValueError:
        cache.add(key, 0, window + 5)
        return cache.incr(key)


def submission_limited(request) -> bool:
    rate = getattr(settings, "PORTAL_REPORT_RATE", "5/h")
    session = request.session.session_key or ""
    return exceeded("report-ip", client_ip(request), rate) or (
        bool(session) and exceeded("report-session", session, rate)
    )


def count_submission(request):
    rate = getattr(settings, "PORTAL_REPORT_RATE", "5/h")
    count("report-ip", client_ip(request), rate)
    if request.session.session_key:
        count("report-session", request.session.session_key, rate)


def lookup_limited(request) -> bool:
    return exceeded("track-ip", client_ip(request), getattr(settings, "PORTAL_TRACK_RATE", "10/h"))


def count_failed_lookup(request):
    count("track-ip", client_ip(request), getattr(settings, "PORTAL_TRACK_RATE", "10/h"))
