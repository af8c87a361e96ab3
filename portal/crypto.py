"""Encryption at rest for personal data (Fernet, key rotation through MultiFernet).

PORTAL_FIELD_KEY holds one or more comma-separated Fernet keys, newest first. New
values are encrypted with the first; any listed key decrypts. `blind_index` gives a
keyed digest so an encrypted value can still be matched exactly.
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


@lru_cache(maxsize=4)
def _fernet(keys: str) -> MultiFernet:
    parts = [k.strip() for k in keys.split(",") if k.strip()]
    if not parts:
        raise ImproperlyConfigured("PORTAL_FIELD_KEY is not set: personal data cannot be stored")
    return MultiFernet([Fernet(k.encode()) for k in parts])


def fernet() -> MultiFernet:
    return _fernet(settings.PORTAL_FIELD_KEY)


def encrypt(value: str) -> str:
    if value in (None, ""):
        return ""
    return PREFIX + fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    if not token.startswith(PREFIX):
        raise ValueError("value is not encrypted")
    try:
        return fernet().decrypt(token[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ValueError("value cannot be decrypted with the configured keys") from exc


def rotate(token: str) -> str:
    if not token:
        return token
    return PREFIX + fernet().rotate(token[len(PREFIX) :].encode()).decode()


def blind_index(value: str) -> str:
    """A keyed SHA-256 of a normalised value: equal inputs give equal digests."""
    if not value:
        return ""
    # Independent of the Fernet keys so that rotating them keeps digests stable.
    key = (
        "portal-blind-index:" + (settings.PORTAL_BLIND_INDEX_KEY or settings.SECRET_KEY)
    ).encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text field whose column only ever holds Fernet ciphertext."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else ""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return ""
        return encrypt(value)

    def to_python(self, value):
        if isinstance(value, str) and value.startswith(PREFIX):
            return decrypt(value)
        return value
