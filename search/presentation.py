"""What the search page and the JSON API show of a `SearchResults`: links, labels, tabs,
facets as links, removable filters, a paginator. No search logic here (see `service`)."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import QueryDict
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from portal.credit_code import is_valid_uscc
from portal.models import Authority, PenaltyType, Region
from portal.models.parties import FacilityType
from portal.normalize import normalize_code
from portal.public.kinds import KINDS

from .kinds import RECORD_KINDS, DocKind

# DocKind value → the public record list's slug (portal.public.kinds.KINDS).
RECORD_SLUGS = {
    DocKind.PENALTY: "penalties",
    DocKind.LICENCE: "licences",
    DocKind.BLACKLIST: "blacklist",
    DocKind.INSPECTION: "inspections",
    DocKind.PRACTICE_SCORE: "scores",
}
FACET_LABELS = {
    "region": _("所在区划"),
    "year": _("年份"),
    "authority": _("决定机关"),
    "penalty_type": _("处罚类别"),
    "facility_type": _("机构类型"),
}
FACETS_SHOWN = 8  # values per facet before "more"


def facility_key_for(code: str, object_id) -> str:
    """The profile key of a facility hit: its credit code when it has one, else its id."""
    code = normalize_code(code)
    return code if len(code) == 18 and is_valid_uscc(code) else str(object_id)


def hit_url(kind: str, object_id, code: str = "", url: str = "") -> str:
    if kind in RECORD_SLUGS:
        return reverse("public:detail", args=[RECORD_SLUGS[kind], object_id])
    if kind == DocKind.FACILITY:
        return reverse("public:facility", args=[facility_key_for(code, object_id)])
    return url


def code_label(kind: str, code: str):
    if not code:
        return ""
    if kind in RECORD_SLUGS:
        return KINDS[RECORD_SLUGS[kind]].number_label
    if kind == DocKind.FACILITY:
        return _("统一社会信用代码") if is_valid_uscc(code) else _("证照编号")
    return _("文号")


KIND_LABELS = dict(DocKind.choices)


@dataclass
class HitView:
    hit: object
    url: str
    kind_label: str
    code_label: str

    def __getattr__(self, name):
        return getattr(self.hit, name)


def hit_views(hits) -> list[HitView]:
    """Hits with their links and labels, exact code matches first."""
    ordered = sorted(hits, key=lambda h: not h.exact)  # stable: the backend's order otherwise
    return [
        HitView(
            hit,
            hit_url(hit.kind, hit.object_id, hit.code, hit.url),
            KIND_LABELS.get(hit.kind, hit.kind),
            code_label(hit.kind, hit.code),
        )
        for hit in ordered
    ]


def hit_json(hit) -> dict:
    return {
        "kind": hit.kind,
        "id": hit.object_id,
        "title": hit.title,
        "code": hit.code,
        "url": hit_url(hit.kind, hit.object_id, hit.code, hit.url),
        "date": hit.date.isoformat() if hit.date else None,
        "score": round(float(hit.score), 4),
        "exact": bool(hit.exact),
        "snippet": hit.snippet_html,
    }


def results_json(results) -> dict:
    return {
        "total": results.total,
        "total_is_lower_bound": results.total_is_lower_bound,
        "page": results.query.page,
        "num_pages": results.num_pages,
        "backend": results.backend,
        "suggestion": results.suggestion,
        "hits": [hit_json(hit) for hit in results.hits],
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
        "title": item["title"],
        "url": hit_url(kind, item["object_id"], code, item.get("url", "")),
        "code": code,
    }


# --- links ---------------------------------------------------------------------------------


def encode(params: dict) -> str:
    query = QueryDict(mutable=True)
    for key, value in params.items():
        if isinstance(value, (list, tuple)):
            query.setlist(key, [str(v) for v in value])
        else:
            query[key] = str(value)
    return query.urlencode()


def link(params: dict, **changes) -> str:
    """ "?…" for `params` with changes (None removes a parameter); the page is always reset."""
    new = {k: v for k, v in params.items() if k != "page"}
    for key, value in changes.items():
        if value is None:
            new.pop(key, None)
        else:
            new[key] = value
    return "?" + encode(new)


def hidden_fields(params: dict, *exclude) -> list[tuple[str, str]]:
    """(name, value) pairs to carry the other parameters through a GET form."""
    pairs = []
    for key, value in params.items():
        if key in exclude or key == "page":
            continue
        for item in value if isinstance(value, (list, tuple)) else [value]:
            pairs.append((key, str(item)))
    return pairs


def kind_tabs(results, params) -> list[dict]:
    """全部 and each kind with its count; the current one; a kind with no hit is no link."""
    counts = results.kind_counts or {}
    selected = tuple(results.query.kinds)
    tabs = [
        {
            "label": _("全部"),
            "count": sum(counts.values()),
            "url": link(params, kind=None),
            "current": not selected,
        }
    ]
    for value, label in DocKind.choices:
        count = counts.get(value, 0)
        tabs.append(
            {
                "label": label,
                "count": count,
                "url": link(params, kind=[value]) if count else "",
                "current": selected == (value,),
            }
        )
    return tabs


def selected_labels(query) -> dict:
    """Display values of the active filters (looked up: they may not be among the facets)."""
    labels = {}
    if query.region:
        region = Region.objects.filter(code=query.region).only("name").first()
        labels["region"] = region.name if region else query.region
    if query.authority:
        name = Authority.objects.filter(pk=query.authority).values_list("name", flat=True).first()
        labels["authority"] = name or str(query.authority)
    if query.penalty_type:
        name = PenaltyType.objects.filter(pk=query.penalty_type).values_list("name", flat=True)
        labels["penalty_type"] = name.first() or str(query.penalty_type)
    if query.facility_type:
        labels["facility_type"] = str(
            dict(FacilityType.choices).get(query.facility_type, query.facility_type)
        )
    if query.year:
        labels["year"] = str(query.year)
    return labels


@dataclass
class FacetGroup:
    name: str
    label: str
    values: list  # [{"label", "count", "url", "selected", "remove_url"}]

    @property
    def shown(self):
        return self.values[:FACETS_SHOWN]

    @property
    def more(self):
        return self.values[FACETS_SHOWN:]


def facet_groups(results, params, labels) -> list[FacetGroup]:
    query = results.query
    groups = []
    for name, title in FACET_LABELS.items():
        current = getattr(query, name)
        current = str(current) if current else ""
        values = []
        if current:
            values.append(
                {
                    "label": labels.get(name, current),
                    "count": None,
                    "url": "",
                    "selected": True,
                    "remove_url": link(params, **{name: None}),
                }
            )
        for facet in results.facets.get(name, []):
            if str(facet.value) == current:
                values[0]["count"] = facet.count
                continue
            values.append(
                {
                    "label": facet.label or facet.value,
                    "count": facet.count,
                    "url": link(params, **{name: facet.value}),
                    "selected": False,
                    "remove_url": "",
                }
            )
        if values:
            groups.append(FacetGroup(name, title, values))
    return groups


def active_filters(query, params, labels) -> list[dict]:
    """The filters in force, each with the link that removes it (kinds one by one)."""
    items = []
    for kind in query.kinds:
        rest = [k for k in query.kinds if k != kind]
        items.append(
            {
                "label": _("信息类别"),
                "value": KIND_LABELS.get(kind, kind),
                "remove_url": link(params, kind=rest or None),
            }
        )
    for name, title in FACET_LABELS.items():
        if name in labels:
            items.append(
                {"label": title, "value": labels[name], "remove_url": link(params, **{name: None})}
            )
    for name, title in (("date_from", _("起始日期")), ("date_to", _("截止日期"))):
        value = getattr(query, name)
        if value:
            items.append(
                {
                    "label": title,
                    "value": value.isoformat(),
                    "remove_url": link(params, **{name: None}),
                }
            )
    return items


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
