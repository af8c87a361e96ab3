"""A public record list: GET parameters → filtered, sorted, paginated public records.

`build_listing(kind, request.GET)` returns everything the list template needs: the page,
the total, the active filters (each with a link that removes it), notes about ignored
parameters, and the options of the filter form. The query count does not depend on the
page size (see docs/public.md).
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.models import Authority, Region
from portal.models.parties import FacilityType

from .cards import decorate
from .forms import PARAM_NAMES, SORTS, FilterForm
from .options import FilterOptions
from .queries import public_records

PER_PAGE = 20
SORT_LABELS = (("newest", _("最新在前")), ("oldest", _("最早在前")))


@dataclass
class Listing:
    kind: object
    page_obj: Page
    options: FilterOptions
    selected: dict  # GET parameter → value, for the valid filters (and sort)
    active: list  # [{"param", "label", "value", "remove_url"}]
    notes: list = field(default_factory=list)
    filtered: bool = False  # any parameter other than page: not for search engines
    sort: str = "newest"

    @property
    def total(self):
        return self.page_obj.paginator.count

    @property
    def querystring(self):
        """The current filters without the page, for pagination links."""
        return encode(self.selected)

    @property
    def sort_links(self):
        rest = {k: v for k, v in self.selected.items() if k != "sort"}
        links = []
        for value, label in SORT_LABELS:
            params = rest if value == "newest" else {**rest, "sort": value}
            links.append(
                {"label": label, "url": "?" + encode(params), "current": value == self.sort}
            )
        return links

    @property
    def active_summary(self):
        """The active filters in words, for the empty state: 所在区划：北京市朝阳区；年份：2025."""
        return "；".join(f"{item['label']}：{item['value']}" for item in self.active)

    @property
    def clear_url(self):
        return "?" + encode({"sort": self.selected["sort"]}) if "sort" in self.selected else "?"


def encode(params: dict) -> str:
    query = QueryDict(mutable=True)
    for key, value in params.items():
        query[key] = value
    return query.urlencode()


def _apply(form, values, qs, options):
    """Filter `qs` by the valid values; returns (qs, {field: display value})."""
    shown = {}
    if pk := values.get("facility"):
        # First, while `qs` is unfiltered. The party is named only through its public
        # records: an id must not reveal a party (a natural person) with nothing public.
        name = qs.filter(facility_id=pk).values_list("facility__name", flat=True).first()
        if name:
            qs = qs.filter(facility_id=pk)
            shown["facility"] = name
        else:
            form.reject("facility", pk)
    if code := values.get("region"):
        region = Region.objects.filter(code=code).first()
        if region:
            qs = qs.filter(facility__region__code__startswith=region.prefix)
            shown["region"] = str(region)
        else:
            form.reject("region", code)
    if pk := values.get("authority"):
        authority = Authority.objects.filter(pk=pk).only("name").first()
        if authority:
            qs = qs.filter(authority=authority)
            shown["authority"] = authority.name
        else:
            form.reject("authority", pk)
    if pk := values.get("category"):
        label = options.label_of("categories", pk)
        if label:
            qs = qs.filter(penalty_types=pk)
            shown["category"] = label
        else:
            form.reject("category", pk)
    if value := values.get("type"):
        qs = qs.filter(facility__facility_type=value)
        shown["type"] = str(FacilityType(value).label)
    if year := values.get("year"):
        qs = qs.filter(decision_date__year=year)
        shown["year"] = str(year)
    if start := values.get("date_from"):
        qs = qs.filter(decision_date__gte=start)
        shown["date_from"] = start.isoformat()
    if end := values.get("date_to"):
        qs = qs.filter(decision_date__lte=end)
        shown["date_to"] = end.isoformat()
    if text := " ".join(values.get("q", "").split()):
        qs = qs.filter(Q(party_name__icontains=text) | Q(document_number__icontains=text))
        shown["q"] = text
    return qs, shown


def _param_value(name, value):
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _page(paginator, raw, notes):
    try:
        number = int(raw or 1)
    except ValueError:
        notes.append(gettext("页码“%(value)s”无效，已显示第1页。") % {"value": raw[:20]})
        number = 1
    number = max(number, 1)
    if number > paginator.num_pages:
        notes.append(gettext("没有第%(n)s页，已显示最后一页。") % {"n": number})
        number = paginator.num_pages
    return paginator.page(number)


def build_listing(kind, params, per_page=PER_PAGE) -> Listing:
    form = FilterForm(params, with_category=kind.slug == "penalties")
    form.fields["authority"].label = kind.authority_label
    values = form.values()
    base = public_records(kind)
    options = FilterOptions(kind, base)
    qs, shown = _apply(form, values, base, options)
    sort = values.get("sort", "newest")
    qs = qs.order_by(*SORTS[sort])

    selected = {PARAM_NAMES.get(name, name): _param_value(name, values[name]) for name in shown}
    if sort != "newest":
        selected["sort"] = sort
    active = []
    for name, value in shown.items():
        param = PARAM_NAMES.get(name, name)
        rest = {k: v for k, v in selected.items() if k != param}
        active.append(
            {
                "param": param,
                "label": form.fields[name].label,
                "value": value,
                "remove_url": "?" + encode(rest),
            }
        )

    notes = form.notes
    page_obj = _page(Paginator(qs, per_page), params.get("page", ""), notes)
    page_obj.object_list = decorate(list(page_obj.object_list), kind)
    filtered = any(v.strip() for k, v in params.items() if k != "page")
    return Listing(kind, page_obj, options, selected, active, notes, filtered, sort)
