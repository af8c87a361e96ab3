"""Normalise what citizens and case systems type: full-width forms, case, stray spaces."""

import unicodedata

_SPACES = {" ", "\u3000", "\t", "\u00a0", "-", "－"}


def normalize_code(value) -> str:
    """Full-width to half-width, upper case, spaces and hyphens removed."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return "".join(ch for ch in text if ch not in _SPACES and not ch.isspace()).upper()


def normalize_text(value) -> str:
    """NFKC-normalise free text and collapse its whitespace (keeps Chinese punctuation)."""
    if value is None:
        return ""
    text = str(value).replace("\u3000", " ")
    return " ".join(text.split())
