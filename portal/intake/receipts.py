"""Receipt numbers (e.g. JB2026112300123) and secret query codes.

The query code is shown once and stored only as a password hash; checking a code for a
receipt that does not exist costs the same as for one that does, so timing tells nothing.
"""

import secrets

from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password
from django.db import IntegrityError, transaction
from django.utils import timezone

# No 0/O, 1/I/L: a code copied by hand from paper must survive.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12
_DUMMY_HASH = None


def new_query_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalize_query_code(value: str) -> str:
    text = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    text = text.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


class QueryCodeHasher(PBKDF2PasswordHasher):
    """Salted PBKDF2 with fewer rounds than a password gets (about 3 ms, not 300 ms): a
    query code is 12 random characters of 31 (~59 bits), far beyond guessing offline
    whatever the rounds, and every submission and lookup pays the hash."""

    algorithm = "pbkdf2_querycode"
    iterations = 10_000


HASHER = QueryCodeHasher()


def hash_query_code(code: str) -> str:
    return HASHER.encode(normalize_query_code(code), HASHER.salt())


def check_query_code(code: str, encoded: str | None) -> bool:
    """Whether `code` matches; with no stored hash, a dummy check of equal cost."""
    global _DUMMY_HASH
    code = normalize_query_code(code)
    if not encoded:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = hash_query_code(new_query_code())
        HASHER.verify(code, _DUMMY_HASH)
        return False
    if encoded.startswith(HASHER.algorithm + "$"):
        return HASHER.verify(code, encoded)
    return check_password(code, encoded)  # hashed by an earlier version


def normalize_receipt(value: str) -> str:
    return "".join(ch for ch in (value or "").upper() if ch.isalnum())[:20]


def receipt_prefix(kind) -> str:
    from ..models.leads import RECEIPT_PREFIX

    return RECEIPT_PREFIX[kind]


def next_receipt_number(kind, now=None) -> str:
    """Prefix + date + five-digit sequence of the day (across kinds)."""
    from ..models import Lead

    now = timezone.localtime(now or timezone.now())
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    taken = Lead.objects.filter(
        submitted_at__gte=start, submitted_at__lt=start + timezone.timedelta(days=1)
    ).count()
    return f"{receipt_prefix(kind)}{start:%Y%m%d}{taken + 1:05d}"


def save_with_receipt(lead, attempts=20):
    """Save a new lead with the next free receipt number (concurrent submissions retry)."""
    for attempt in range(attempts):
        number = next_receipt_number(lead.kind)
        if attempt:
            # Someone took it: jump ahead by a random step rather than racing again.
            sequence = int(number[-5:]) + secrets.randbelow(50) + attempt
            number = f"{number[:-5]}{sequence:05d}"
        lead.receipt_number = number
        try:
            with transaction.atomic():
                lead.save()
            return lead
        except IntegrityError:
            continue
    raise IntegrityError("no free receipt number")
