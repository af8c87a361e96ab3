"""Facet values as the page shows them: labels, order, the region level to offer.

Backends count raw values: kind, six-digit county code, year, authority id, penalty type
id, facility type. Regions are rolled up here to the level below the selected region
(provinces, then cities, then counties), skipping a level that has only one value.
"""

from collections import Counter

from portal.models import Authority, PenaltyType, Region
from portal.models.parties import FacilityType
from portal.models.places import prefix_for_code
from portal.regions import level_of

from .kinds import DocKind
from .query import FacetValue

REGION_LEVELS = (2, 4, 6)


def region_prefix(code: str) -> str:
    """The code prefix a region's whole subtree shares: 11 for 110000, 1101 for 110100."""
    return prefix_for_code(code, level_of(code)) if code else ""


def region_prefix_length(selected: str) -> int:
    return len(region_prefix(selected))


def roll_up_regions(counts: Counter, selected: str = "") -> list[tuple[str, int]]:
    """County counts → counts one level below `selected`, descending while there is one."""
    depth = region_prefix_length(selected)
    for length in REGION_LEVELS:
        if length <= depth:
            continue
        rolled = Counter()
        for code, count in counts.items():
            if code and len(code) >= length:
                rolled[code[:length].ljust(6, "0")] += count
        if len(rolled) > 1 or length == 6:
            return sorted(rolled.items(), key=lambda item: (-item[1], item[0]))
    return []


def _labels(model, ids, attr="name"):
    return {
        str(pk): label for pk, label in model.objects.filter(pk__in=ids).values_list("pk", attr)
    }


def label_facets(results) -> None:
    facets = results.facets
    if not facets:
        return
    kinds = dict(DocKind.choices)
    for value in facets.get("kind", []):
        value.label = str(kinds.get(value.value, value.value))
    region_values = facets.get("region", [])
    names = dict(
        Region.objects.filter(code__in=[v.value for v in region_values]).values_list("code", "name")
    )
    for value in region_values:
        value.label = names.get(value.value, value.value)
    for name, model in (("authority", Authority), ("penalty_type", PenaltyType)):
        values = facets.get(name, [])
        labels = _labels(model, [v.value for v in values])
        for value in values:
            value.label = labels.get(str(value.value), str(value.value))
    types = dict(FacilityType.choices)
    for value in facets.get("facility_type", []):
        value.label = str(types.get(value.value, value.value))
    for value in facets.get("year", []):
        value.label = str(value.value)


def facet_values(counter: Counter, order="count") -> list[FacetValue]:
    items = counter.items()
    if order == "value_desc":
        ordered = sorted(items, key=lambda item: str(item[0]), reverse=True)
    else:
        ordered = sorted(items, key=lambda item: (-item[1], str(item[0])))
    return [FacetValue(value=str(value), count=count) for value, count in ordered if value]
