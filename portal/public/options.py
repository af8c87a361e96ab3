"""The choices the filter form offers: only what has public records of the kind.

Each list is one query over the kind's public records, whatever their number. The lists
depend only on what is public, not on the visitor's filters, so they are cached per kind
and day and dropped whenever the page-cache version changes (anything was published).
"""

from functools import cached_property

from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from portal.models import PenaltyType, Region
from portal.models.parties import FacilityType
from portal.pagecache import current_version

OPTIONS_SECONDS = 3600


def cached_options(method):
    """Cache a FilterOptions list per kind, day and page-cache version."""
    name = method.__name__

    def compute(self):
        key = f"portal:filter-options:{current_version()}:{timezone.localdate()}:{self.kind.slug}:{name}"
        value = cache.get(key)
        if value is None:
            value = method(self)
            cache.set(key, value, OPTIONS_SECONDS)
        return value

    compute.__name__ = name
    compute.__doc__ = method.__doc__
    return cached_property(compute)


INDENT = "\u3000"  # a full-width space: indentation browsers keep inside <option>


def ancestor_codes(code: str) -> set:
    return {code[:2] + "0000", code[:4] + "00"} - {code}


class FilterOptions:
    def __init__(self, kind, public_qs):
        self.kind = kind
        self.qs = public_qs.order_by()

    @cached_options
    def regions(self) -> list[dict]:
        """Regions with public records and their ancestors, in tree order, indented.

        Selecting a province or city includes everything below it (code prefix).
        """
        counts = dict(
            self.qs.values_list("facility__region__code").annotate(n=Count("id")).order_by()
        )
        codes = {code for code in counts if code}
        wanted = set(codes)
        for code in codes:
            wanted |= ancestor_codes(code)
        regions = list(
            Region.objects.filter(code__in=wanted).only("code", "name", "level").order_by("code")
        )
        present = {r.code for r in regions}
        options = []
        for region in regions:
            prefix = region.prefix
            total = sum(n for code, n in counts.items() if code and code.startswith(prefix))
            depth = len(ancestor_codes(region.code) & present)
            options.append(
                {
                    "value": region.code,
                    "label": f"{INDENT * depth}{region.name}（{total}）",
                    "level": region.level,
                    "depth": depth,
                }
            )
        return options

    @cached_options
    def authorities(self) -> list[dict]:
        rows = (
            self.qs.values_list("authority_id", "authority__name", "authority__region__code")
            .annotate(n=Count("id"))
            .order_by("authority__region__code", "authority__name")
        )
        return [{"value": str(pk), "label": f"{name}（{n}）"} for pk, name, _code, n in rows]

    @cached_options
    def years(self) -> list[dict]:
        years = [d.year for d in self.qs.dates("decision_date", "year", order="DESC")]
        return [{"value": str(y), "label": str(y)} for y in years]

    @cached_property
    def categories(self) -> list[dict]:
        if self.kind.slug != "penalties":
            return []
        types = PenaltyType.objects.only("id", "name").order_by("sort_order", "name")
        return [{"value": str(t.pk), "label": t.name} for t in types]

    @property
    def facility_types(self) -> list[dict]:
        return [{"value": value, "label": label} for value, label in FacilityType.choices]

    def label_of(self, name, value):
        """The label of an offered choice, or None."""
        for option in getattr(self, name):
            if option["value"] == str(value):
                return option["label"]
        return None
