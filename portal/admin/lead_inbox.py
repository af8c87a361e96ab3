"""The leads inbox (线索管理 › 投诉举报线索, /admin/leads/): Wagtail's generic IndexView over
the leads the user may see, with the filters of lead_inbox_filters, due-date badges, saved
filters per user, counts in the admin menu, and an XLSX/CSV export.

Rows come from `visible_leads(user)` through `masked()`: the reporter's identity is never
loaded, the listing shows only the masked copies and the export no reporter column at all.
A page costs a fixed number of queries whatever its size (select_related, one grouped
evidence count for the page, due flags computed in Python from one read of the time limits).
"""

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column
from wagtail.admin.views.generic import IndexView
from wagtail.log_actions import log

from ..intake.admin_views import masked
from ..leads import deadlines, workflow
from ..leads.access import can_view_leads, visible_leads
from ..models import Evidence, Lead, LeadState, SavedLeadFilter
from .lead_inbox_filters import LeadFilterSet, filter_data, staff_display_name

EXPORT_ACTION = "portal.lead.export"
EXPORT_LIMIT = 50_000
MENU_CACHE_SECONDS = 60
SAVED_FILTERS_PER_USER = 50
DUE_LABELS = {
    deadlines.OVERDUE: gettext_lazy("超期"),
    deadlines.DUE_SOON: gettext_lazy("临期"),
}


# --- Columns ----------------------------------------------------------------------------


class ReporterColumn(Column):
    """The reporter as the masked copies only: name and phone, or 匿名."""

    def get_value(self, instance):
        if instance.anonymous:
            return _("匿名")
        parts = [instance.reporter_name_masked, instance.reporter_phone_masked]
        return " ".join(p for p in parts if p) or _("未留姓名")


class LocalTimeColumn(Column):
    def get_value(self, instance):
        value = super().get_value(instance)
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class DueColumn(Column):
    """The current stage's due date with a 超期/临期 badge (text, not colour only)."""

    cell_template_name = "portal/admin/leads/inbox_due_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        flag = getattr(instance, "due_flag", "")
        context["due_flag"] = flag
        context["due_label"] = DUE_LABELS.get(flag, "")
        return context


def region_of(lead):
    """The facility's region when the facility is known, else the one the reporter gave."""
    if lead.facility_id and lead.facility.region_id:
        return lead.facility.region
    return lead.region


def handler_name(lead) -> str:
    return staff_display_name(lead.handler) if lead.handler_id else ""


LIST_DISPLAY = [
    "receipt_number",
    "kind",
    "category",
    Column("subject", label=gettext_lazy("被反映对象")),
    Column("region", label=gettext_lazy("所在区划"), accessor=region_of),
    LocalTimeColumn("submitted_at", label=gettext_lazy("提交时间"), sort_key="submitted_at"),
    "state",
    Column("office", label=gettext_lazy("主办机构")),
    Column("handler", label=gettext_lazy("承办人"), accessor=handler_name),
    DueColumn("due_on", label=gettext_lazy("期限"), sort_key="due_on"),
    ReporterColumn("reporter", label=gettext_lazy("反映人")),
    Column("evidence_count", label=gettext_lazy("证据")),
]

# The export: what the listing shows, minus the reporter (no reporter column at all).
EXPORT_HEADINGS = {
    "receipt_number": gettext_lazy("受理编号"),
    "kind": gettext_lazy("类型"),
    "category": gettext_lazy("类别"),
    "subject": gettext_lazy("被反映对象"),
    "region": gettext_lazy("所在区划"),
    "submitted_at": gettext_lazy("提交时间"),
    "state": gettext_lazy("状态"),
    "office": gettext_lazy("主办机构"),
    "handler": gettext_lazy("承办人"),
    "due_on": gettext_lazy("期限"),
    "due_flag": gettext_lazy("期限状态"),
    "evidence_count": gettext_lazy("证据数"),
}
LIST_EXPORT = list(EXPORT_HEADINGS)


# --- The listing ------------------------------------------------------------------------


def inbox_queryset(user):
    """The user's visible leads, identity deferred, with what a row shows."""
    return masked(visible_leads(user)).select_related(
        "category", "facility__region", "region", "office", "handler"
    )


def with_evidence_count(queryset):
    """A correlated count for each row (for the export; a page counts its rows at once)."""
    evidence_count = (
        Evidence.objects.filter(lead=OuterRef("pk"))
        .order_by()
        .values("lead")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        evidence_count=Coalesce(Subquery(evidence_count, output_field=IntegerField()), 0)
    )


def count_evidence(leads):
    """Set `evidence_count` on a page of leads with one grouped query. (As an annotation
    PostgreSQL may evaluate the subquery for every row it sorts, not only the page's.)"""
    counts = dict(
        Evidence.objects.filter(lead__in=[lead.pk for lead in leads])
        .order_by()
        .values_list("lead")
        .annotate(n=Count("pk"))
    )
    for lead in leads:
        lead.evidence_count = counts.get(lead.pk, 0)


class LeadIndexView(IndexView):
    any_permission_required = ["view"]  # row-level rules: visible_leads()
    page_title = gettext_lazy("投诉举报线索")
    save_filter_url_name = None
    delete_filter_url_name = None
    export_filename = "leads"

    def get_base_queryset(self):
        return inbox_queryset(self.request.user)

    @cached_property
    def can_bulk(self) -> bool:
        """Bulk actions are offered to those who may handle or dispatch leads at all."""
        user = self.request.user
        return user.has_perm(workflow.HANDLE) or user.has_perm(workflow.DISPATCH)

    @cached_property
    def columns(self):
        columns = super().columns
        if self.can_bulk:
            columns = [BulkActionsCheckboxColumn("bulk_actions", obj_type="lead"), *columns]
        return columns

    def _get_title_column(self, *args, **kwargs):
        return super()._get_title_column(
            *args, **kwargs, get_title_id=lambda instance: f"lead_{instance.pk}_title"
        )

    @cached_property
    def filter_errors(self) -> list:
        if not self.filters or self.filters.is_valid():
            return []
        return [
            f"{self.filters.form[name].label}：{' '.join(errors)}"
            for name, errors in self.filters.form.errors.items()
        ]

    def filter_queryset(self, queryset):
        # An invalid filter (a stale saved filter, a hand-edited URL) shows nothing and says
        # why, rather than silently listing every lead.
        if self.filter_errors:
            return queryset.none()
        return super().filter_queryset(queryset)

    @cached_property
    def today(self):
        return timezone.localdate()

    @cached_property
    def due_cutoffs(self):
        return deadlines.due_soon_cutoffs(self.today)

    def due_flag(self, lead) -> str:
        return deadlines.due_state(lead, self.today, self.due_cutoffs)

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = rows = list(object_list)
        count_evidence(rows)
        for lead in rows:
            lead.due_flag = self.due_flag(lead)
        return paginator, page, rows, is_paginated

    @cached_property
    def filter_query(self) -> str:
        return filter_data(self.request.GET).urlencode()

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["can_bulk"] = self.can_bulk
        context["filter_errors"] = self.filter_errors
        context["filter_query"] = self.filter_query
        context["save_filter_url"] = reverse(self.save_filter_url_name)
        if not self.results_only:
            context["saved_filters"] = [
                {
                    "filter": saved,
                    "url": f"{self.index_url}?{saved.query}",
                    "delete_url": reverse(self.delete_filter_url_name, args=[saved.pk]),
                }
                for saved in SavedLeadFilter.objects.filter(user=self.request.user)
            ]
        return context

    # Export ---------------------------------------------------------------------------

    def to_row_dict(self, item):
        region = region_of(item)
        return {
            "receipt_number": item.receipt_number,
            "kind": item.get_kind_display(),
            "category": str(item.category),
            "subject": item.subject,
            "region": str(region) if region else "",
            "submitted_at": timezone.localtime(item.submitted_at).strftime("%Y-%m-%d %H:%M"),
            "state": item.get_state_display(),
            "office": str(item.office) if item.office_id else "",
            "handler": handler_name(item),
            "due_on": item.due_on,
            "due_flag": str(DUE_LABELS.get(self.due_flag(item), "")),
            "evidence_count": item.evidence_count,
        }

    def get(self, request, *args, **kwargs):
        # The export skips the listing's context (which would load every row to count it).
        if self.is_export:
            return self.export(with_evidence_count(self.get_queryset()), request.GET.get("export"))
        return super().get(request, *args, **kwargs)

    def export(self, queryset, export_format):
        rows = queryset.count()
        if rows > EXPORT_LIMIT:
            messages.error(
                self.request,
                _("一次最多导出 %(limit)d 条线索（当前 %(rows)d 条），请先缩小筛选范围。")
                % {"limit": EXPORT_LIMIT, "rows": rows},
            )
            return redirect(f"{self.index_url}?{self.filter_query}")
        log(
            instance=self.request.user,
            action=EXPORT_ACTION,
            user=self.request.user,
            data={"format": export_format, "query": self.filter_query, "rows": rows},
        )
        return self.as_spreadsheet(queryset.iterator(chunk_size=2000), export_format)


# --- Saved filters ----------------------------------------------------------------------


class SavedFilterForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("名称"), max_length=50)
    query = forms.CharField(label=gettext_lazy("筛选条件"), max_length=1000, required=False)

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_query(self):
        data = filter_data(QueryDict(self.cleaned_data["query"]))
        query = data.urlencode()
        if not query:
            raise forms.ValidationError(_("当前没有筛选条件，无需保存。"))
        if len(query) > 1000:
            raise forms.ValidationError(_("筛选条件过长，无法保存。"))
        filterset = LeadFilterSet(data=data, queryset=Lead.objects.none(), request=self.request)
        if not filterset.is_valid():
            raise forms.ValidationError(_("筛选条件无效，未保存。"))
        return query

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        mine = SavedLeadFilter.objects.filter(user=self.request.user)
        if (
            name
            and not mine.filter(name=name).exists()
            and (mine.count() >= SAVED_FILTERS_PER_USER)
        ):
            raise forms.ValidationError(
                _("最多保存 %(n)d 个筛选，请先删除不用的。") % {"n": SAVED_FILTERS_PER_USER}
            )
        return cleaned


class SavedFilterView(View):
    """POST only: save (or replace) the current filter under a name, or delete one of the
    user's own saved filters. Others' filters are a 404."""

    http_method_names = ["post"]
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not can_view_leads(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def back(self, query=""):
        url = reverse(self.index_url_name)
        return redirect(f"{url}?{query}" if query else url)


class SaveFilterView(SavedFilterView):
    def post(self, request):
        form = SavedFilterForm(request.POST, request=request)
        if not form.is_valid():
            errors = [
                f"{form[name].label}：{error}" if name in form.fields else error
                for name, field_errors in form.errors.items()
                for error in field_errors
            ]
            messages.error(request, _("未保存筛选：%(errors)s") % {"errors": "；".join(errors)})
            return self.back(filter_data(QueryDict(request.POST.get("query", ""))).urlencode())
        name, query = form.cleaned_data["name"], form.cleaned_data["query"]
        _saved, created = SavedLeadFilter.objects.update_or_create(
            user=request.user, name=name, defaults={"query": query}
        )
        text = _("已保存筛选“%(name)s”。") if created else _("已更新筛选“%(name)s”。")
        messages.success(request, text % {"name": name})
        return self.back(query)


class DeleteFilterView(SavedFilterView):
    def post(self, request, pk):
        saved = get_object_or_404(SavedLeadFilter, pk=pk, user=request.user)
        saved.delete()
        messages.success(request, _("已删除筛选“%(name)s”。") % {"name": saved.name})
        return self.back()


# --- Menu counts ------------------------------------------------------------------------


def menu_counts(user) -> dict:
    """{"new", "due_soon", "overdue"} among the user's visible leads: one aggregate query,
    cached for a minute per user (the menu is drawn on every admin page)."""
    key = f"portal:lead-menu-counts:{user.pk}"
    counts = cache.get(key)
    if counts is None:
        today = timezone.localdate()
        every = Lead.objects.all()
        counts = visible_leads(user).aggregate(
            new=Count("pk", filter=Q(state=LeadState.RECEIVED)),
            due_soon=Count("pk", filter=Q(pk__in=deadlines.due_soon(every, today).values("pk"))),
            overdue=Count("pk", filter=Q(pk__in=deadlines.overdue(every, today).values("pk"))),
        )
        cache.set(key, counts, MENU_CACHE_SECONDS)
    return counts


def counts_text(counts) -> str:
    """ "新 3 · 临期 2 · 超期 1" (only what is non-zero), "" when nothing needs attention."""
    parts = [
        (counts.get("new"), _("新 %(n)d")),
        (counts.get("due_soon"), _("临期 %(n)d")),
        (counts.get("overdue"), _("超期 %(n)d")),
    ]
    return " · ".join(text % {"n": n} for n, text in parts if n)


class LeadMenuItem(MenuItem):
    """投诉举报线索 with the counts in its text: "投诉举报线索（新 3 · 超期 1）"."""

    def is_shown(self, request):
        return can_view_leads(request.user)

    def label_for(self, request) -> str:
        text = counts_text(menu_counts(request.user))
        return f"{self.label}（{text}）" if text else str(self.label)

    def render_component(self, request):
        return LinkMenuItem(
            self.name,
            self.label_for(request),
            self.url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


@hooks.register("register_log_actions")
def register_inbox_log_actions(actions):
    actions.register_action(
        EXPORT_ACTION, gettext_lazy("导出线索列表"), gettext_lazy("导出线索列表（不含举报人信息）")
    )
