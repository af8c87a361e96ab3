"""The charts of /statistics/: titles, summary sentences, table rows and SVG, from the queries.

One builder per chart, keyed by the chart's slug (also its CSV's name). The page's table and the
CSV download are the same `columns` and `rows`, so they always agree.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from . import queries, svg
from .queries import Filters

WAN = Decimal("0.000001")  # 罚款金额（万元） has six decimals (0.01 元)
CENT = Decimal("0.01")


@dataclass
class Chart:
    slug: str
    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    desc: str = ""  # one sentence summarising the data (SVG <desc> and caption)
    svg: str = ""
    unit: str = ""  # shown with the title: "单位：件"
    note: str = ""  # how it is counted
    empty_text: str = ""
    total: int | Decimal = 0

    @property
    def empty(self) -> bool:
        return not self.rows


def month_label(month: datetime.date) -> str:
    return _("%(year)d年%(month)d月") % {"year": month.year, "month": month.month}


def year_label(year: int) -> str:
    return _("%(year)d年") % {"year": year}


def month_axis_label(month: datetime.date, index: int, count: int) -> str:
    """The x-axis text of a month's column: every month for one year, else the first month of
    each quarter (24 labels do not fit a phone); the year under January, and under the first
    column when there is room before the next January."""
    if count <= 12:
        label = str(month.month)
    elif month.month in (1, 4, 7, 10):
        label = _("%(month)d月") % {"month": month.month}
    else:
        label = ""
    if month.month == 1 or (index == 0 and month.month <= 10):
        label += "\n" + year_label(month.year)
    return label


def span(first: str, last: str) -> str:
    """ "2025年至2026年", or just "2025年" when both ends are the same."""
    return first if first == last else _("%(start)s至%(end)s") % {"start": first, "end": last}


def wan(amount: Decimal) -> str:
    """An amount in 万元 as in the standard, without trailing zeros: "0.5", "12.3456"."""
    return f"{amount.quantize(WAN).normalize():f}"


def yuan(amount: Decimal) -> str:
    """The same amount in 元, to the fen: "5000.00"."""
    return f"{(amount * 10000).quantize(CENT):f}"


def grouped(number: str) -> str:
    """Digits grouped by thousands for running text: "30720860.00" → "30,720,860.00"."""
    whole, dot, fraction = number.partition(".")
    return f"{int(whole):,}{dot}{fraction}"


def percent(value: Decimal | None) -> str:
    return "" if value is None else f"{value:f}"


def _first_max(items):
    """The first (label, value) with the largest value."""
    return max(items, key=lambda item: item[1])


def penalties_by_month(today: datetime.date, filters: Filters) -> Chart:
    data = queries.penalties_by_month(today, filters)
    if filters.year:
        title = _("%(year)d年各月行政处罚决定数") % {"year": filters.year}
    else:
        title = _("近%(months)d个月行政处罚决定数") % {"months": queries.MONTHS}
    chart = Chart(
        slug="penalties-by-month",
        title=title,
        columns=[_("月份"), _("行政处罚决定数（件）")],
        unit=_("单位：件"),
        note=_("按处罚决定日期所在月份统计。"),
        empty_text=_("这段时间没有公示中的行政处罚决定。"),
        total=sum(n for _month, n in data),
    )
    if not chart.total:
        return chart
    chart.rows = [[month_label(month), str(n)] for month, n in data]
    peak_month, peak = _first_max(data)
    chart.desc = _(
        "%(span)s共有%(total)d件公示中的行政处罚决定；最多的月份是%(peak_month)s，%(peak)d件。"
    ) % {
        "span": span(month_label(data[0][0]), month_label(data[-1][0])),
        "total": chart.total,
        "peak_month": month_label(peak_month),
        "peak": peak,
    }
    axis = [(month_axis_label(month, i, len(data)), n) for i, (month, n) in enumerate(data)]
    chart.svg = svg.vertical_bar_chart(
        axis, chart_id=chart.slug, title=chart.title, desc=chart.desc, width=400
    )
    return chart


def penalties_by_category(today: datetime.date, filters: Filters) -> Chart:
    data = [(name or _("未归类"), n) for name, n in queries.penalties_by_category(today, filters)]
    chart = Chart(
        slug="penalties-by-category",
        title=_("各处罚类别的行政处罚决定数"),
        columns=[_("处罚类别"), _("行政处罚决定数（件）")],
        unit=_("单位：件"),
        note=_(
            "一件处罚决定可以有几个处罚类别（如“警告;罚款”），在每个类别下各计一次，因此各类别之和可能大于决定总数。"
        ),
        empty_text=_("没有公示中的行政处罚决定。"),
    )
    if not data:
        return chart
    chart.rows = [[name, str(n)] for name, n in data]
    top_name, top = _first_max(data)
    chart.desc = _("共%(count)d个处罚类别；最多的是“%(name)s”，%(top)d件。") % {
        "count": len(data),
        "name": top_name,
        "top": top,
    }
    chart.svg = svg.horizontal_bar_chart(
        data, chart_id=chart.slug, title=chart.title, desc=chart.desc
    )
    return chart


def penalties_by_region(today: datetime.date, filters: Filters) -> Chart:
    data = queries.penalties_by_region(today, filters)
    note = _("按行政相对人（被处罚的单位或个人）所在行政区划统计。")
    if filters.by == "city":
        unit_name = _("地市")
        title = _("行政处罚决定数最多的地市（前%(top)d名）")
        note += _("直辖市计为一个地市，省直辖的县级市单独计。")
    else:
        unit_name = _("区县")
        title = _("行政处罚决定数最多的区县（前%(top)d名）")
    chart = Chart(
        slug="penalties-by-region",
        title=title % {"top": queries.TOP_REGIONS},
        columns=[unit_name, _("行政处罚决定数（件）")],
        unit=_("单位：件"),
        note=note,
        empty_text=_("没有公示中的行政处罚决定。"),
        total=sum(c.count for c in data),
    )
    if not data:
        return chart
    top = [(c.name or _("区划不详"), c.count) for c in data[: queries.TOP_REGIONS]]
    rest = data[queries.TOP_REGIONS :]
    chart.rows = [[name, str(n)] for name, n in top]
    if rest:
        chart.rows.append(
            [
                _("其余%(count)d个地区合计") % {"count": len(rest)},
                str(sum(c.count for c in rest)),
            ]
        )
    chart.desc = _(
        "共%(regions)d个%(unit)s有公示中的行政处罚决定；最多的是%(name)s，%(top)d件。"
    ) % {"regions": len(data), "unit": unit_name, "name": top[0][0], "top": top[0][1]}
    chart.svg = svg.horizontal_bar_chart(
        top, chart_id=chart.slug, title=chart.title, desc=chart.desc
    )
    return chart


def fines_by_year(today: datetime.date, filters: Filters) -> Chart:
    data = queries.fines_by_year(today, filters)
    chart = Chart(
        slug="fines-by-year",
        title=_("各年度罚款金额"),
        unit=_("单位：万元"),
        columns=[
            _("年度"),
            _("行政处罚决定数（件）"),
            _("其中处以罚款（件）"),
            _("罚款金额（万元）"),
            _("罚款金额（元）"),
        ],
        note=_("按处罚决定日期所在年度，合计公示中的行政处罚决定的罚款金额；1万元 = 10,000元。"),
        empty_text=_("没有公示中的行政处罚决定。"),
        total=sum((row.total for row in data), Decimal(0)),
    )
    if not data:
        return chart
    chart.rows = [
        [year_label(row.year), str(row.decisions), str(row.fined), wan(row.total), yuan(row.total)]
        for row in data
    ]
    years = {"span": span(year_label(data[0].year), year_label(data[-1].year))}
    if chart.total:
        chart.desc = _("%(span)s公示中的行政处罚决定共罚款%(total)s万元（%(yuan)s元）。") % {
            **years,
            "total": wan(chart.total),
            "yuan": grouped(yuan(chart.total)),
        }
        if len(data) > 1:
            peak = max(data, key=lambda row: row.total)
            chart.desc += _("最多的是%(year)s，%(peak)s万元。") % {
                "year": year_label(peak.year),
                "peak": wan(peak.total),
            }
    else:
        chart.desc = _("%(span)s公示中的行政处罚决定均未处以罚款。") % years
    chart.svg = svg.vertical_bar_chart(
        [(year_label(row.year), row.total) for row in data],
        chart_id=chart.slug,
        title=chart.title,
        desc=chart.desc,
        value_format=lambda v: f"{Decimal(v).quantize(CENT):f}",
    )
    return chart


def inspection_pass_rate(today: datetime.date, filters: Filters) -> Chart:
    data = queries.inspections_by_year(today, filters)
    chart = Chart(
        slug="inspection-pass-rate",
        title=_("双随机抽查“未发现问题”的比例（按年度）"),
        unit=_("单位：%"),
        columns=[
            _("年度"),
            _("抽查结果（条）"),
            _("未发现问题（条）"),
            _("未发现问题的比例（%）"),
        ],
        note=_(
            "比例 = 抽查结果为“未发现问题”的条数 ÷ 当年公示中的全部抽查结果条数"
            "（含发现问题已责令改正、移交处理、未发现检查对象等）；按抽查完成日期所在年度统计。"
        ),
        empty_text=_("没有公示中的双随机抽查结果。"),
        total=sum(row.total for row in data),
    )
    if not data:
        return chart
    chart.rows = [
        [year_label(row.year), str(row.total), str(row.passed), percent(row.rate)] for row in data
    ]
    overall = queries.InspectionYear(0, chart.total, sum(row.passed for row in data))
    chart.desc = _("%(span)s共%(total)d条公示中的抽查结果，未发现问题的占%(rate)s%%。") % {
        "span": span(year_label(data[0].year), year_label(data[-1].year)),
        "total": chart.total,
        "rate": percent(overall.rate),
    }
    if len(data) > 1:
        peak = max(data, key=lambda row: row.rate or 0)
        chart.desc += _("比例最高的是%(year)s，%(peak)s%%。") % {
            "year": year_label(peak.year),
            "peak": percent(peak.rate),
        }
    chart.svg = svg.vertical_bar_chart(
        [(year_label(row.year), row.rate or 0) for row in data],
        chart_id=chart.slug,
        title=chart.title,
        desc=chart.desc,
        value_format=lambda v: f"{Decimal(v).quantize(Decimal('0.1')):f}%",
        max_value=100,
    )
    return chart


# Slug (the CSV's name, the section's id) → builder, in page order.
CHARTS = {
    "penalties-by-month": penalties_by_month,
    "penalties-by-category": penalties_by_category,
    "penalties-by-region": penalties_by_region,
    "fines-by-year": fines_by_year,
    "inspection-pass-rate": inspection_pass_rate,
}
