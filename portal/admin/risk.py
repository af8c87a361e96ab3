"""The facility risk list (机构风险评分) and the weights of its factors, under "线索管理".

The list is read-only: scores are computed by portal.leads.risk (daily, or with the
"重新计算" button, which needs the permission to change the weights). The weights are a
small editable list (no add or delete: the factors are fixed); edits are in the audit log.
"""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from ..leads import risk
from ..models import FacilityRisk, RiskFactor
from .filters import RegionChoiceFilter

RECOMPUTE_PERMISSION = "portal.change_riskfactor"
RECOMPUTE_URL_NAME = "facility-risk:recompute"
FACTORS_URL_NAME = "risk-factors:index"


def _register(model, actions):
    content_type = ContentType.objects.get_for_model(model)
    codenames = [f"{action}_{model._meta.model_name}" for action in actions]
    return Permission.objects.filter(content_type=content_type, codename__in=codenames)


class ReadOnlyMixin:
    """No add, edit, copy, delete or usage screens (and so no links to them)."""

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add_url_name", "delete_url_name", "usage_url_name", "copy_url_name"):
            view_kwargs[name] = None
        return view_kwargs


# --- The risk list ----------------------------------------------------------------------


class FacilityRiskFilterSet(WagtailFilterSet):
    region = RegionChoiceFilter(field_prefix="facility__")

    class Meta:
        model = FacilityRisk
        fields = []


class LocalTimeColumn(Column):
    def get_value(self, instance):
        value = super().get_value(instance)
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class FacilityRiskIndexView(IndexView):
    any_permission_required = ["view"]
    default_ordering = "-score"
    page_title = gettext_lazy("机构风险评分")

    def get_base_queryset(self):
        return FacilityRisk.objects.select_related("facility", "facility__region")

    def order_queryset(self, queryset):
        # Ties in a stable order, so pages do not overlap.
        return queryset.order_by(self.ordering or self.default_ordering, "facility_id")

    @cached_property
    def url_finder(self):
        return AdminURLFinder(self.request.user)

    def facility_url(self, instance):
        facility = instance.facility
        if url := self.url_finder.get_edit_url(facility):
            return url
        if not facility.is_natural_person:
            from ..public.profile import facility_key

            return reverse("public:facility", args=[facility_key(facility)])
        return None

    @cached_property
    def columns(self):
        number = {"classname": "w-text-right"}
        return [
            TitleColumn(
                "facility",
                label=gettext_lazy("机构"),
                accessor="facility.name",
                get_url=self.facility_url,
                sort_key="facility__name",
            ),
            Column("region", label=gettext_lazy("所在区划"), accessor="facility.region"),
            Column("score", label=gettext_lazy("风险分"), sort_key="score", **number),
            *[
                Column(
                    column,
                    label=FacilityRisk._meta.get_field(column).verbose_name,
                    sort_key=column,
                    **number,
                )
                for column in risk.COLUMNS.values()
            ],
            LocalTimeColumn("computed_at", label=gettext_lazy("计算时间")),
        ]

    @cached_property
    def header_buttons(self):
        buttons = []
        if self.request.user.has_perm(RECOMPUTE_PERMISSION):
            buttons.append(
                HeaderButton(
                    _("重新计算"),
                    url=reverse(RECOMPUTE_URL_NAME),
                    icon_name="rotate",
                )
            )
        return buttons


class RecomputeView(WagtailAdminTemplateMixin, View):
    """GET: what recomputing does, with the weights in force; POST: recompute now."""

    template_name = "portal/admin/risk_recompute.html"
    page_title = gettext_lazy("重新计算风险评分")
    header_icon = "rotate"
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(RECOMPUTE_PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": _("机构风险评分")},
            {"url": "", "label": self.page_title},
        ]

    def get(self, request):
        weights = risk.factors()
        rows = [
            {"label": label, "weight": weights[key][0], "months": weights[key][1]}
            for key, label in RiskFactor.Key.choices
        ]
        last = FacilityRisk.objects.order_by("-computed_at").values_list("computed_at", flat=True)
        return self.render_to_response(
            self.get_context_data(
                factors=rows,
                last_computed=last.first(),
                factors_url=_url_or_none(FACTORS_URL_NAME, request.user),
            )
        )

    def post(self, request):
        # Every facility is scored (seconds at 100,000): a django-q2 task, not the request.
        risk.enqueue_recompute()
        messages.success(request, _("已开始重新计算风险评分，稍后刷新本页查看结果。"))
        return redirect(self.index_url_name)


def _url_or_none(url_name, user):
    if not user.has_perm(RECOMPUTE_PERMISSION):
        return None
    try:
        return reverse(url_name)
    except NoReverseMatch:  # the weights list is not registered (not in the menu group)
        return None


class FacilityRiskViewSet(ReadOnlyMixin, ModelViewSet):
    model = FacilityRisk
    name = "facility-risk"  # /admin/facility-risk/
    icon = "warning"
    menu_label = gettext_lazy("机构风险评分")
    index_view_class = FacilityRiskIndexView
    filterset_class = FacilityRiskFilterSet
    list_per_page = 50
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    exclude_form_fields = []  # no forms are used; keeps ModelViewSet from complaining

    def get_common_view_kwargs(self, **kwargs):
        return {**super().get_common_view_kwargs(**kwargs), "edit_url_name": None}

    def get_permissions_to_register(self):
        return _register(FacilityRisk, ["view"])

    def get_urlpatterns(self):
        recompute = RecomputeView.as_view(index_url_name=self.get_url_name("index"))
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("recompute/", recompute, name="recompute"),
        ]


# --- The weights ------------------------------------------------------------------------


class RiskFactorForm(WagtailAdminModelForm):
    class Meta:
        model = RiskFactor
        fields = ["weight", "window_months"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weight"].help_text = _(
            "每计 1 次（记分为每 1 分）加的风险分；0 表示不计入。新权重在下次重新计算后生效。"
        )

    def clean_weight(self):
        weight = self.cleaned_data["weight"]
        if weight is not None and not Decimal("0") <= weight <= Decimal("1000"):
            raise forms.ValidationError(_("权重须在 0 至 1000 之间。"))
        return weight

    def clean_window_months(self):
        months = self.cleaned_data["window_months"]
        if months is not None and not 1 <= months <= 120:
            raise forms.ValidationError(_("统计期须在 1 至 120 个月之间。"))
        return months


class RiskFactorViewSet(ReadOnlyMixin, ModelViewSet):
    """Weights of the risk factors: edit only (the five factors are fixed)."""

    model = RiskFactor
    name = "risk-factors"  # /admin/risk-factors/
    icon = "cog"
    menu_label = gettext_lazy("风险评分权重")
    list_display = ["key", "weight", "window_months"]
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return RiskFactorForm

    def get_permissions_to_register(self):
        return _register(RiskFactor, ["change", "view"])

    def get_urlpatterns(self):
        return [p for p in super().get_urlpatterns() if p.name not in ("add", "delete", "usage")]
