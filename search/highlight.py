"""Query words marked in a title and a short body snippet, HTML-escaped.

Matching runs on normalised text (full-width, case, traditional characters), mapped back
to the original characters, so 醫療 in a query marks 医疗 in the text and the reverse.
"""

import re
import unicodedata

from django.utils.html import escape

from .text import _converter, is_cjk, query_words

SNIPPET_LENGTH = 90


def normalized_chars(text: str) -> str:
    """One normalised character per original character (same length as `text`)."""
    chars = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch).lower()
        chars.append(n if len(n) == 1 else ch.lower())
    folded = "".join(chars)
    converted = _converter().convert(folded)
    return converted if len(converted) == len(folded) else folded


def _patterns(query: str) -> list[str]:
    """What to look for: each Chinese run whole, else its bigrams; each word."""
    found = []
    for word in query_words(query):
        found.append(word)
        if is_cjk(word) and len(word) > 2:
            found.extend(word[i : i + 2] for i in range(len(word) - 1))
    return found


def spans(text: str, query: str) -> list[tuple[int, int]]:
    if not text or not query:
        return []
    folded = normalized_chars(text)
    marked = [False] * len(text)
    for pattern in _patterns(query):
        for match in re.finditer(re.escape(pattern), folded):
            for i in range(match.start(), match.end()):
                marked[i] = True
    result, start = [], None
    for i, on in enumerate([*marked, False]):
        if on and start is None:
            start = i
        elif not on and start is not None:
            result.append((start, i))
            start = None
    return result


def mark(text: str, query: str, found=None) -> str:
    found = spans(text, query) if found is None else found
    out, pos = [], 0
    for start, end in found:
        out.append(escape(text[pos:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def snippet(text: str, query: str, length: int = SNIPPET_LENGTH) -> str:
    """A window of the body around its first match (or its start), marked."""
    if not text:
        return ""
    found = spans(text, query)
    start = max(found[0][0] - length // 4, 0) if found else 0
    end = min(start + length, len(text))
    piece = text[start:end]
    shifted = [(max(s - start, 0), min(e - start, len(piece))) for s, e in found]
    shifted = [(s, e) for s, e in shifted if s < e]
    html = mark(piece, query, shifted)
    return ("…" if start else "") + html + ("…" if end < len(text) else "")
