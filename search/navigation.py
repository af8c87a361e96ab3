"""The search page's navigation: links that add or remove one parameter, kind tabs, facets
as links, the active filters as removable chips."""

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from portal.models import Authority, PenaltyType, Region
from portal.models.parties import FacilityType

from .kinds import DocKind

KIND_LABELS = dict(DocKind.choices)
FACET_LABELS = {
    "region": _("所在区划"),
    "year": _("年份"),
    "authority": _("决定机关"),
    "penalty_type": _("处罚类别"),
    "facility_type": _("机构类型"),
}
FACETS_SHOWN = 8  # values per facet before "more"


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
        count, current = counts.get(value, 0), selected == (value,)
        tabs.append(
            {
                "label": label,
                "count": count,
                "url": link(params, kind=[value]) if count or current else "",
                "current": current,
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
