"""Reading Elasticsearch responses: hits, highlighted titles and snippets, facet counts.

The analysed fields hold normalised text, so Elasticsearch's highlight fragments are
normalised too (simplified characters, lower case, half-width punctuation). Where the
normalisation maps the original text one character to one character (almost always),
the fragment's marks are put on the original characters; otherwise, or when a field has
no fragment (matched through a code or pinyin), `search.highlight` marks the original
text itself, exactly as the database backend does.
"""

import html
import re
from collections import Counter

from ..facets import facet_values, roll_up_regions
from ..highlight import mark, normalized_chars, snippet
from ..query import FacetValue, Hit, SearchQuery
from ..text import normalize
from . import elastic_query as q

TAG = re.compile(r"(</?mark>)")


def parse_fragment(fragment: str) -> tuple[str, list[tuple[int, int]]]:
    """An HTML-encoded fragment → its plain text and the (merged) spans in <mark>."""
    plain, spans, start = [], [], None
    length = 0
    for part in TAG.split(fragment):
        if part == "<mark>":
            start = length
        elif part == "</mark>":
            if start is not None and start < length:
                if spans and spans[-1][1] >= start:  # adjacent bigrams: one mark
                    spans[-1] = (spans[-1][0], length)
                else:
                    spans.append((start, length))
            start = None
        else:
            text = html.unescape(part)
            plain.append(text)
            length += len(text)
    return "".join(plain), spans


def from_fragment(original: str, fragment: str, whole: bool) -> str | None:
    """The fragment's marks on the original text; None when they cannot be mapped."""
    if not original:
        return None
    folded = normalized_chars(original)
    if folded != normalize(original):
        return None  # not one normalised character per original one
    plain, spans = parse_fragment(fragment)
    start = folded.find(plain) if plain else -1
    if start < 0 or (whole and len(plain) != len(original)):
        return None
    end = start + len(plain)
    html_piece = mark(original[start:end], "", found=spans)
    if whole:
        return html_piece
    return ("…" if start else "") + html_piece + ("…" if end < len(original) else "")


def _fragments(highlights, field: str) -> list[str]:
    if not highlights:
        return []
    return list(getattr(highlights, field, None) or ())


def title_html(title: str, highlights, text: str) -> str:
    for fragment in _fragments(highlights, "title")[:1]:
        found = from_fragment(title, fragment, whole=True)
        if found is not None:
            return found
    return mark(title, text)


def snippet_html(body: str, highlights, text: str) -> str:
    for fragment in _fragments(highlights, "body")[:1]:
        found = from_fragment(body, fragment, whole=False)
        if found is not None:
            return found
    return snippet(body, text)


def hit_from(document, query: SearchQuery) -> Hit:
    """A Hit from a dsl document (the Document class of its kind) and its meta."""
    meta = document.meta
    title = getattr(document, "display_title", "") or ""
    body = getattr(document, "display_body", "") or ""
    highlights = getattr(meta, "highlight", None)
    date = getattr(document, "date", None)
    return Hit(
        key=meta.id,
        kind=document.kind,
        object_id=int(document.object_id),
        title=title,
        url=getattr(document, "url", "") or "",
        date=date.date() if hasattr(date, "date") else date,
        code=getattr(document, "code", "") or "",
        title_html=title_html(title, highlights, query.text),
        snippet_html=snippet_html(body, highlights, query.text),
        score=float(getattr(meta, "score", None) or 0.0),
        exact=q.EXACT_NAME in list(getattr(meta, "matched_queries", None) or ()),
    )


def _buckets(aggregation: dict) -> Counter:
    return Counter({str(b["key"]): b["doc_count"] for b in aggregation["buckets"]})


def read_facets(results, aggs: dict) -> None:
    """Kind counts (all kinds) and the facets (within the selected kinds)."""
    results.kind_counts = dict(_buckets(aggs[q.KIND_COUNTS]))
    counts = {name: _buckets(aggs[q.FILTERED][name]) for name in q.FACET_FIELDS}
    regions = roll_up_regions(counts["region"], results.query.region)
    results.facets = {
        "kind": facet_values(counts["kind"]),
        "region": [FacetValue(value=code, count=count) for code, count in regions],
        "year": facet_values(counts["year"], order="value_desc"),
        "authority": facet_values(counts["authority"]),
        "penalty_type": facet_values(counts["penalty_type"]),
        "facility_type": facet_values(counts["facility_type"]),
    }
