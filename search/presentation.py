"""What the search page and the JSON API show of a hit or a `SearchResults`: where it links,
its labels, ID numbers masked, the JSON shapes, a paginator. No search logic here (see
`service`); links that change the query are in `navigation`."""

from dataclasses import dataclass
from html import unescape

from django.core.paginator import Page, Paginator
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from portal.credit_code import is_valid_uscc
from portal.normalize import normalize_code
from portal.public.formatting import redact_id_numbers
from portal.public.kinds import KINDS
from theme.templatetags.theme_tags import lang_path

from .highlight import mark
from .kinds import RECORD_KINDS, DocKind

# DocKind value → the public record list's slug (portal.public.kinds.KINDS).
RECORD_SLUGS = {
    DocKind.PENALTY: "penalties",
    DocKind.LICENCE: "licences",
    DocKind.BLACKLIST: "blacklist",
    DocKind.INSPECTION: "inspections",
    DocKind.PRACTICE_SCORE: "scores",
}


def facility_key_for(code: str, object_id) -> str:
    """The profile key of a facility hit: its credit code when it has one, else its id."""
    code = normalize_code(code)
    return code if len(code) == 18 and is_valid_uscc(code) else str(object_id)


def hit_url(kind: str, object_id, code: str = "", url: str = "") -> str:
    if kind in RECORD_SLUGS:
        return reverse("public:detail", args=[RECORD_SLUGS[kind], object_id])
    if kind == DocKind.FACILITY:
        return reverse("public:facility", args=[facility_key_for(code, object_id)])
    return lang_path(url)  # pages are indexed with their default-language path


def code_label(kind: str, code: str):
    if not code:
        return ""
    if kind in RECORD_SLUGS:
        return KINDS[RECORD_SLUGS[kind]].number_label
    if kind == DocKind.FACILITY:
        return _("统一社会信用代码") if is_valid_uscc(code) else _("证照编号")
    return _("文号")


KIND_LABELS = dict(DocKind.choices)


def without_id_numbers(html: str, text: str) -> str:
    """Highlighted HTML with any resident ID number in it masked (and marked afresh): record
    texts such as 违法事实 may quote one, and the public pages never show it in full."""
    plain = unescape(strip_tags(html or ""))
    masked = redact_id_numbers(plain)
    return html if masked == plain else mark(masked, text)


@dataclass
class HitView:
    hit: object
    url: str
    kind_label: str
    code_label: str
    title_html: str
    snippet_html: str

    def __getattr__(self, name):
        return getattr(self.hit, name)


def hit_views(hits, text="") -> list[HitView]:
    """Hits with their links and labels, exact code matches first."""
    ordered = sorted(hits, key=lambda h: not h.exact)  # stable: the backend's order otherwise
    return [
        HitView(
            hit,
            hit_url(hit.kind, hit.object_id, hit.code, hit.url),
            KIND_LABELS.get(hit.kind, hit.kind),
            code_label(hit.kind, hit.code),
            without_id_numbers(hit.title_html, text),
            without_id_numbers(hit.snippet_html, text),
        )
        for hit in ordered
    ]


def hit_json(hit, text="") -> dict:
    return {
        "kind": hit.kind,
        "id": hit.object_id,
        "title": redact_id_numbers(hit.title),
        "code": hit.code,
        "url": hit_url(hit.kind, hit.object_id, hit.code, hit.url),
        "date": hit.date.isoformat() if hit.date else None,
        "score": round(float(hit.score), 4),
        "exact": bool(hit.exact),
        "snippet": without_id_numbers(hit.snippet_html, text),
    }


def results_json(results) -> dict:
    return {
        "total": results.total,
        "total_is_lower_bound": results.total_is_lower_bound,
        "page": results.query.page,
        "num_pages": results.num_pages,
        "backend": results.backend,
        "suggestion": results.suggestion,
        "hits": [hit_json(hit, results.query.text) for hit in results.hits],
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
            for name, values in results.facets.items()
        },
        "kind_counts": dict(results.kind_counts),
    }


def suggestion_json(item: dict) -> dict:
    kind = item.get("kind") or DocKind.FACILITY
    code = item.get("code", "")
    return {
        "title": redact_id_numbers(item["title"]),
        "url": hit_url(kind, item["object_id"], code, item.get("url", "")),
        "code": code,
    }


# --- pagination ----------------------------------------------------------------------------


class ResultsPaginator(Paginator):
    """A paginator over a search's total (the backend already cut the page)."""

    def __init__(self, results):
        super().__init__([], results.query.per_page)
        self.results = results

    @cached_property
    def count(self):
        return self.results.total

    @cached_property
    def num_pages(self):
        return max(self.results.num_pages, 1)


def results_page(results):
    """A Django Page for includes/pagination.html, or None when there is nothing to page."""
    if not results.total or not results.hits:
        return None
    paginator = ResultsPaginator(results)
    return Page(results.hits, results.query.page, paginator)


def record_list_links() -> list[dict]:
    """The five public record lists, for the zero-result help."""
    return [
        {
            "label": KINDS[RECORD_SLUGS[k]].label,
            "url": reverse("public:list", args=[RECORD_SLUGS[k]]),
        }
        for k in RECORD_KINDS
    ]
