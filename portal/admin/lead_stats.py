"""The leads dashboard (线索统计) in the "线索管理" menu: tiles, bar charts as inline SVG (the
public statistics page's portal.stats.svg, no JavaScript) and, after each chart, its data
as a table. The numbers come from portal.leads.stats, for the leads the user may see."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from ..leads import stats
from ..leads.access import can_view_leads
from ..stats import svg
from ..stats.charts import Chart, month_axis_label, month_label, span

PERCENT_FORMAT = "{:.1f}%".format
MAX_OFFICE_BARS = 20
# Chart labels only (the table has the full names): 杭州市上城区卫生健康监督所 → 杭州市上城区监督所.
SHORT_NAMES = (("卫生健康监督所", "监督所"), ("卫生健康委员会", "卫健委"))


class LeadStaffMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_leads(request.user)


def number(value) -> str:
    return "—" if value is None else f"{value}"


def short_name(name: str) -> str:
    for long, short in SHORT_NAMES:
        name = name.replace(long, short)
    return name


def _first_max(items):
    return max(items, key=lambda item: item[1])


# --- one builder per chart ------------------------------------------------------------------


def month_chart(data) -> Chart:
    chart = Chart(
        slug="leads-by-month",
        title=_("各月收到的线索"),
        columns=[_("月份"), _("线索（件）")],
        unit=_("单位：条（线索）"),
        note=_("按线索提交时间所在月份统计。"),
        empty_text=_("统计期内没有收到线索。"),
        total=sum(n for _month, n in data),
    )
    if not chart.total:
        return chart
    chart.rows = [[month_label(month), str(n)] for month, n in data]
    peak_month, peak = _first_max(data)
    chart.desc = _("%(span)s共收到%(total)d件线索；最多的月份是%(month)s，%(peak)d件。") % {
        "span": span(month_label(data[0][0]), month_label(data[-1][0])),
        "total": chart.total,
        "month": month_label(peak_month),
        "peak": peak,
    }
    axis = [(month_axis_label(month, i, len(data)), n) for i, (month, n) in enumerate(data)]
    chart.svg = svg.vertical_bar_chart(
        axis, chart_id=chart.slug, title=chart.title, desc=chart.desc, width=480
    )
    return chart


def bar_chart(slug, title, column, data, *, note, empty_text) -> Chart:
    """A horizontal bar chart of (label, count) with its table."""
    chart = Chart(
        slug=slug,
        title=title,
        columns=[column, _("线索（件）")],
        unit=_("单位：条（线索）"),
        note=note,
        empty_text=empty_text,
        total=sum(n for _label, n in data),
    )
    if not chart.total:
        return chart
    chart.rows = [[label, str(n)] for label, n in data]
    top, n = _first_max(data)
    chart.desc = _("共%(total)d件；最多的是“%(top)s”，%(n)d件。") % {
        "total": chart.total,
        "top": top,
        "n": n,
    }
    chart.svg = svg.horizontal_bar_chart(data, chart_id=slug, title=title, desc=chart.desc)
    return chart


def state_chart(data) -> Chart:
    return bar_chart(
        "leads-by-state",
        _("统计期内收到的线索目前所处状态"),
        _("状态"),
        [(label, n) for _state, label, n in data],
        note=_("按线索今天所处的状态统计，包括统计期内收到、已经办完的线索。"),
        empty_text=_("统计期内没有收到线索。"),
    )


def category_chart(data) -> Chart:
    return bar_chart(
        "leads-by-category",
        _("各类别的线索"),
        _("类别"),
        data,
        note=_("按举报人选择的问题类别统计。"),
        empty_text=_("统计期内没有收到线索。"),
    )


def region_chart(data, region_title) -> Chart:
    top = [(r.name or _("地点不详"), r.count) for r in data[: stats.TOP_REGIONS]]
    rest = data[stats.TOP_REGIONS :]
    chart = bar_chart(
        "leads-by-region",
        _("%(region)s各地区的线索") % {"region": region_title},
        _("地区"),
        top,
        note=_(
            "按被反映机构所在地统计；机构不在名录中的，按举报人填写的所在区划统计。"
            "“地点不详”是两者都没有的线索。"
        ),
        empty_text=_("统计期内没有收到线索。"),
    )
    if rest and chart.rows:
        chart.rows.append(
            [_("其余%(count)d个地区合计") % {"count": len(rest)}, str(sum(r.count for r in rest))]
        )
        chart.total += sum(r.count for r in rest)
    return chart


def outcome_chart(data: stats.Outcomes) -> Chart:
    chart = Chart(
        slug="lead-outcomes",
        title=_("办结线索的办理结果"),
        columns=[_("办理结果"), _("线索（件）"), _("占比（%）")],
        unit=_("单位：条（线索）"),
        note=_("按统计期内办结的线索统计；查实率 =（查实 + 部分查实）÷ 办结线索数。"),
        empty_text=_("统计期内没有办结的线索。"),
        total=data.total,
    )
    if not data.total:
        return chart
    chart.rows = [
        [label, str(n), number(stats.percent(n, data.total))] for _o, label, n in data.counts
    ]
    chart.desc = _("统计期内办结%(total)d件，查实率%(rate)s%%。") % {
        "total": data.total,
        "rate": number(data.rate),
    }
    chart.svg = svg.horizontal_bar_chart(
        [(label, n) for _o, label, n in data.counts],
        chart_id=chart.slug,
        title=chart.title,
        desc=chart.desc,
    )
    return chart


def on_time_chart(rows: list[stats.OfficeRate]) -> Chart:
    chart = Chart(
        slug="lead-on-time",
        title=_("各主办机构按期办结率"),
        columns=[
            _("主办机构"),
            _("应办结（件）"),
            _("按期办结（件）"),
            _("超期办结（件）"),
            _("超期未办结（件）"),
            _("按期办结率（%）"),
        ],
        unit=_("单位：%"),
        note=_(
            "应办结：统计期内办结的线索，加上调查办结期限在统计期内届满、至今仍未办结的线索。"
            "按期：办结日期不晚于期限（含经批准延长的期限）。"
        ),
        empty_text=_("统计期内没有到期或办结的线索。"),
        total=sum(r.due for r in rows),
    )
    if not chart.total:
        return chart
    name = lambda r: r.name or _("未指定主办机构")  # noqa: E731
    chart.rows = [
        [name(r), str(r.due), str(r.on_time), str(r.late), str(r.overdue), number(r.rate)]
        for r in rows
    ]
    overall = stats.overall_rate(rows)
    chart.desc = _("%(offices)d个主办机构共应办结%(total)d件，按期办结率%(rate)s%%。") % {
        "offices": len(rows),
        "total": chart.total,
        "rate": number(overall),
    }
    shown = rows[:MAX_OFFICE_BARS]
    if len(rows) > len(shown):
        chart.desc += _("图中为应办结最多的%(n)d个机构。") % {"n": len(shown)}
    chart.svg = svg.horizontal_bar_chart(
        [(short_name(name(r)), r.rate or 0) for r in shown],
        chart_id=chart.slug,
        title=chart.title,
        desc=chart.desc,
        value_format=lambda v: PERCENT_FORMAT(float(v)),
        max_value=100,
    )
    return chart


# --- the page -------------------------------------------------------------------------------


class LeadStatsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "portal/admin/lead_stats.html"
    page_title = gettext_lazy("线索统计")
    header_icon = "list-ul"
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not can_view_leads(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        scope = stats.user_scope(user)
        filters = stats.Filters.from_query(self.request.GET, today, scope)
        leads = stats.leads_for(user, filters)
        counts = stats.counts(leads, filters, today)
        handling = stats.handling_time(leads, filters, counts.totals.concluded)
        offices = stats.on_time_by_office(leads, filters, today)
        base = stats.region_base(scope, filters)
        region_title = stats.region_name(base) if base else _("全国")
        charts = [
            month_chart(counts.months),
            state_chart(counts.states),
            category_chart(counts.categories),
            region_chart(stats.by_region(leads, filters, scope), region_title),
            outcome_chart(counts.outcomes),
            on_time_chart(offices),
        ]
        context.update(
            filters=filters,
            notes=self.notes(filters),
            months=self.month_choices(today),
            regions=stats.region_options(user, scope),
            scope_name=stats.region_name(scope.prefix) if scope.region else _("全部地区"),
            period=span(month_label(filters.first), month_label(filters.last)),
            totals=counts.totals,
            handling=handling,
            outcomes=counts.outcomes,
            on_time=stats.overall_rate(offices),
            charts=charts,
            action_url=reverse(self.index_url_name),
        )
        return context

    @staticmethod
    def month_choices(today) -> list:
        month, earliest, months = stats.month_start(today), stats.earliest_month(today), []
        while month >= earliest:
            months.append((f"{month:%Y-%m}", month_label(month), month))
            month = stats.month_start(month - stats.ONE_DAY)
        return months

    @staticmethod
    def notes(filters: stats.Filters) -> list[str]:
        texts = {
            "from": _("起始月份“%(value)s”无效，已忽略。"),
            "to": _("截止月份“%(value)s”无效，已忽略。"),
            "order": _("起始月份晚于截止月份，已改为近12个月。"),
            "span": _("统计期最长36个月，已从截止月份往前取36个月。"),
            "region": _("地区“%(value)s”无效或不在您的管辖范围内，已忽略。"),
        }
        return [texts[key] % {"value": value} for key, value in filters.notes]


class LeadStatsViewSet(ViewSet):
    name = "lead-stats"
    icon = "list-ul"
    menu_label = gettext_lazy("线索统计")
    menu_item_class = LeadStaffMenuItem

    @cached_property
    def menu_url(self):
        return reverse(self.get_url_name("index"))

    @cached_property
    def index_view(self):
        return LeadStatsView.as_view(index_url_name=self.get_url_name("index"))

    def get_urlpatterns(self):
        return [path("", self.index_view, name="index")]
