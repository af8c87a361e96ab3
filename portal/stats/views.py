"""/statistics/: charts of what is public today, with their tables and CSV downloads."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import queries
from .charts import CENT, CHARTS, year_label
from .queries import Filters

CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _ignored(params, filters: Filters) -> list[str]:
    """Messages for filter values that were given but could not be used."""
    notes = []
    if params.get("year", "").strip() and not filters.year:
        notes.append(_("年份“%(value)s”无效，已忽略。") % {"value": params["year"][:20]})
    if params.get("region", "").strip() and not filters.region:
        notes.append(_("区划“%(value)s”无效，已忽略。") % {"value": params["region"][:20]})
    return notes


def _active_filters(filters: Filters, regions) -> list[dict]:
    """The current filters as removable chips: label, value and the URL without it."""
    active = []
    if filters.year:
        active.append(
            {
                "label": _("年份"),
                "value": year_label(filters.year),
                "remove_url": Filters(region=filters.region, by=filters.by).querystring() or "?",
            }
        )
    if filters.region:
        names = {option.prefix: option.full_name for option in regions}
        name = names.get(filters.region) or _("区划代码%(code)s") % {"code": filters.region}
        active.append(
            {
                "label": _("地区"),
                "value": name,
                "remove_url": Filters(year=filters.year, by=filters.by).querystring() or "?",
            }
        )
    if filters.by != "district":
        active.append(
            {
                "label": _("地区排行按"),
                "value": _("地市"),
                "remove_url": Filters(year=filters.year, region=filters.region).querystring()
                or "?",
            }
        )
    return active


def index(request):
    today = timezone.localdate()
    filters = Filters.from_query(request.GET, today)
    charts = [build(today, filters) for build in CHARTS.values()]
    by_slug = {chart.slug: chart for chart in charts}
    regions = queries.filter_regions(today)
    fines = by_slug["fines-by-year"].total
    context = {
        "today": today,
        "filters": filters,
        "querystring": filters.querystring(),
        "noindex": bool(request.GET),
        "notes": _ignored(request.GET, filters),
        "active_filters": _active_filters(filters, regions),
        "charts": charts,
        "empty": all(chart.empty for chart in charts),
        "penalty_total": by_slug["penalties-by-region"].total,
        "fine_total_wan": f"{fines.quantize(CENT):f}",
        "inspection_total": by_slug["inspection-pass-rate"].total,
        "years": queries.filter_years(today),
        "regions": regions,
        "breadcrumbs": [{"url": "", "label": _("统计")}],
    }
    return render(request, "portal/stats/index.html", context)


def _csv_cell(value: str) -> str:
    """Text that Excel would run as a formula gets an apostrophe in front."""
    return "'" + value if value.startswith(CSV_FORMULA_START) else value


def chart_csv(request, chart):
    build = CHARTS.get(chart)
    if build is None:
        raise Http404
    today = timezone.localdate()
    filters = Filters.from_query(request.GET, today)
    data = build(today, filters)
    suffix = "".join(
        (
            f"-{filters.year}" if filters.year else "",
            f"-region{filters.region}" if filters.region else "",
            "-city" if filters.by == "city" else "",
        )
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="statistics-{data.slug}{suffix}-{today:%Y%m%d}.csv"'
    )
    response["X-Robots-Tag"] = "noindex"
    response.write("\ufeff")  # the BOM tells Excel the file is UTF-8
    writer = csv.writer(response)
    writer.writerow(data.columns)
    writer.writerows([_csv_cell(cell) for cell in row] for row in data.rows)
    return response
