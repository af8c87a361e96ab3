"""What the intake views share: the one-time form token's lock (two simultaneous POSTs of
one form file once), what the session remembers (the receipt shown once, the lead a lookup
opened), the reporter-facing time limits and progress steps.

Nothing here writes personal data to logs; the session holds the query code only until the
receipt page has shown it.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Lead, LeadEvent, LeadKind, LeadState
from ..workdays import add_working_days

RECEIPT_KEY = "portal_receipt"
TRACK_KEY = "portal_track"
TRACK_SECONDS = 30 * 60  # a successful lookup opens the lead for half an hour (sliding)


class TokenBusy(Exception):
    """Another request with the same form token is still being processed."""


class TokenLock:
    """A short cache lock per form token: the value is "" while a request works with the
    token and the receipt number once it filed a lead. A double click's second request
    waits for the first and is sent to the same receipt instead of filing again."""

    WAIT_SECONDS = 15.0
    POLL_SECONDS = 0.1

    def __init__(self, token):
        digest = hashlib.sha256(f"{settings.SECRET_KEY}|{token}".encode()).hexdigest()[:32]
        self.key = f"portal:form-token:{digest}"

    def acquire(self) -> str:
        """ "" when this request now holds the token; the receipt number when another
        request already filed with it. Raises TokenBusy after WAIT_SECONDS."""
        deadline = time.monotonic() + self.WAIT_SECONDS
        while True:
            if cache.add(self.key, "", 300):
                return ""
            filed = cache.get(self.key)
            if filed:
                return filed
            if time.monotonic() > deadline:
                raise TokenBusy
            time.sleep(self.POLL_SECONDS)

    def done(self, receipt_number):
        cache.set(self.key, receipt_number, 3600)

    def release(self):
        cache.delete(self.key)


# --- the receipt, shown once ------------------------------------------------------------


def remember_receipt(request, lead, code):
    request.session[RECEIPT_KEY] = {
        "number": lead.receipt_number,
        "code": code,
        "kind": lead.kind,
        "date": timezone.localdate(lead.submitted_at).isoformat(),
    }


def remember_receipt_number(request, number):
    """After a repeated POST of a used form: the receipt without the code (already shown)."""
    current = request.session.get(RECEIPT_KEY) or {}
    if current.get("number") != number:
        request.session[RECEIPT_KEY] = {"number": number, "code": "", "kind": "", "date": ""}


def take_receipt(request) -> dict | None:
    """The receipt to show; the query code is handed out once and then forgotten."""
    data = request.session.get(RECEIPT_KEY)
    if not data:
        return None
    shown = dict(data)
    if data.get("code"):
        request.session[RECEIPT_KEY] = {**data, "code": ""}
    return shown


# --- the lead a lookup opened ---------------------------------------------------------------


def open_lead(request, lead):
    request.session.cycle_key()  # a new session id for what is now an authorised session
    request.session[TRACK_KEY] = {"lead": lead.pk, "until": time.time() + TRACK_SECONDS}


def tracked_lead(request) -> Lead | None:
    data = request.session.get(TRACK_KEY)
    if not data:
        return None
    if data.get("until", 0) < time.time():
        forget_lead(request)
        return None
    lead = Lead.objects.select_related("category").filter(pk=data.get("lead")).first()
    if lead is None:
        forget_lead(request)
        return None
    request.session[TRACK_KEY] = {"lead": lead.pk, "until": time.time() + TRACK_SECONDS}
    return lead


def forget_lead(request):
    request.session.pop(TRACK_KEY, None)


# --- time limits (DOMAIN.md §5; configurable, unverified defaults) ------------------------


def deadlines() -> dict:
    return {
        "decide": getattr(settings, "PORTAL_LEAD_DECIDE_DAYS", 7),
        "inform": getattr(settings, "PORTAL_LEAD_INFORM_DAYS", 5),
        "conclude": getattr(settings, "PORTAL_LEAD_CONCLUDE_DAYS", 60),
        "extend": getattr(settings, "PORTAL_LEAD_EXTEND_DAYS", 30),
    }


def reward_amounts() -> dict:
    """Amounts in yuan as text with thousands separators ("200,000")."""
    return {
        "minimum": f"{getattr(settings, 'PORTAL_REWARD_MIN_YUAN', 200):,}",
        "maximum": f"{getattr(settings, 'PORTAL_REWARD_MAX_YUAN', 200_000):,}",
    }


def decide_by(day):
    return add_working_days(day, deadlines()["decide"]) if day else None


# --- progress for the reporter ---------------------------------------------------------------

STEPS = (_("提交"), _("受理"), _("调查处理"), _("办结"), _("答复"))
STEP_OF_STATE = {
    LeadState.RECEIVED: 0,
    LeadState.ACCEPTED: 1,
    LeadState.ASSIGNED: 2,
    LeadState.INVESTIGATING: 2,
    LeadState.CONCLUDED: 3,
    LeadState.REPLIED: 4,
    LeadState.CLOSED: 4,
}


def progress_steps(lead) -> list[dict]:
    """The usual course as steps (done / current / to do); empty for refused, transferred
    and merged leads, whose state and timeline say what happened instead."""
    reached = STEP_OF_STATE.get(lead.state)
    if reached is None:
        return []
    steps = []
    for index, label in enumerate(STEPS):
        status = "done" if index <= reached else "current" if index == reached + 1 else "todo"
        steps.append({"label": label, "status": status})
    return steps


def public_history(lead) -> tuple[list[dict], list[dict]]:
    """(timeline, replies): only public events, only their public text and state."""
    states = dict(LeadState.choices)
    kinds = dict(LeadEvent.Kind.choices)
    timeline, replies = [], []
    events = lead.events.filter(public=True).only("kind", "state", "public_text", "created_at")
    for event in events:
        is_state = event.kind == LeadEvent.Kind.STATE
        entry = {
            "date": timezone.localdate(event.created_at),
            "title": states.get(event.state, "") if is_state else kinds.get(event.kind, ""),
            "state": states.get(event.state, ""),
            "text": event.public_text,
            "reply": event.kind == LeadEvent.Kind.REPLY,
        }
        timeline.append(entry)
        if entry["reply"] and entry["text"]:
            replies.append(entry)
    return timeline, replies


KIND_SLUGS = {
    "complaint": LeadKind.COMPLAINT,
    "violation": LeadKind.VIOLATION,
    "reward": LeadKind.REWARD,
    "nominate": LeadKind.NOMINATE,
}
