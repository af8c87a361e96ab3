"""The inbox filters (线索管理 › 投诉举报线索): a django-filter FilterSet used by Wagtail's
generic IndexView. Every filter is a plain WHERE clause on the visible leads (subqueries,
never joins that repeat rows), so the listing keeps one count and one page query.
"""

import datetime

import django_filters
from django import forms
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from ..leads import deadlines
from ..leads.workflow import HEALTH_KINDS
from ..models import Authority, Lead, LeadCategory, LeadKind, LeadState, Region, StaffOffice
from .filters import RegionChoiceFilter

ME = "me"
NOBODY = "none"
OVERDUE = "overdue"
DUE_SOON = "due_soon"
YES, NO = "true", "false"
YES_NO = [(YES, _("是")), (NO, _("否"))]
# Query parameters that are not filters: kept out of saved filters and bulk selections.
NON_FILTER_PARAMS = ("p", "export", "_w_filter_fragment", "next", "id", "childOf")
# Searched with icontains (the `q` box): the receipt number and the subject's name.
SEARCH_FIELDS = ["receipt_number", "facility_name", "facility__name"]
REGIONS_CACHE_KEY = "portal:lead-inbox:regions"
REGIONS_CACHE_SECONDS = 600


def offices():
    """The health offices leads are assigned to (主办/分办)."""
    return Authority.objects.filter(kind__in=HEALTH_KINDS).select_related("region")


def staff_display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def handler_choices(user) -> list:
    """我 / 未指定 / the staff of the user's office (every office's staff for a user
    without an office, or with a provincial one)."""
    choices = [(ME, _("我承办的")), (NOBODY, _("未指定承办人"))]
    staff = (
        StaffOffice.objects.filter(user__is_active=True)
        .select_related("user", "office")
        .order_by("office__name", "user__username")
    )
    own = StaffOffice.objects.filter(user=user).select_related("office__region").first()
    if own and not (own.office.region and own.office.region.level == Region.Level.PROVINCE):
        staff = staff.filter(office=own.office)
    for member in staff:
        label = f"{staff_display_name(member.user)}（{member.office.name}）"
        choices.append((str(member.user_id), label))
    return choices


def regions_in_use(request=None):
    """Regions of facilities and leads, with their ancestors: a usable dropdown rather than
    all 3,200 divisions. The codes are cached briefly: the DISTINCT scans are not per page."""
    codes = cache.get(REGIONS_CACHE_KEY)
    if codes is None:
        used = set(
            Region.objects.filter(facility__isnull=False).values_list("code", flat=True).distinct()
        )
        used |= set(
            Lead.objects.filter(region__isnull=False)
            .order_by()
            .values_list("region__code", flat=True)
            .distinct()
        )
        codes = sorted({c for code in used for c in (code, code[:2] + "0000", code[:4] + "00")})
        cache.set(REGIONS_CACHE_KEY, codes, REGIONS_CACHE_SECONDS)
    return Region.objects.filter(code__in=codes).order_by("code")


class LeadRegionFilter(RegionChoiceFilter):
    """The region and everything below it, matched on the facility's region or the region
    the reporter gave (ids of the subtree: the indexed foreign keys, no LIKE per row)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, queryset=regions_in_use, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        subtree = Region.objects.filter(code__startswith=value.prefix).values("pk")
        return qs.filter(Q(facility__region__in=subtree) | Q(region__in=subtree))


class LeadFilterSet(WagtailFilterSet):
    state = django_filters.MultipleChoiceFilter(
        label=_("状态"),
        choices=LeadState.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,  # a plain IN on one column: DISTINCT would only slow the count
    )
    kind = django_filters.ChoiceFilter(
        label=_("类型"), choices=LeadKind.choices, widget=forms.RadioSelect, empty_label=_("全部")
    )
    category = django_filters.ModelChoiceFilter(
        label=_("类别"), queryset=LeadCategory.objects.all()
    )
    region = LeadRegionFilter()
    office = django_filters.ModelChoiceFilter(
        label=_("承办机构（主办或分办）"),
        queryset=lambda request: offices(),
        method="filter_office",
    )
    handler = django_filters.ChoiceFilter(label=_("承办人"), choices=[], method="filter_handler")
    deadline = django_filters.ChoiceFilter(
        label=_("期限"),
        choices=[(OVERDUE, _("已超期")), (DUE_SOON, _("临期"))],
        widget=forms.RadioSelect,
        empty_label=_("全部"),
        method="filter_deadline",
    )
    reward = django_filters.ChoiceFilter(
        label=_("申请举报奖励"), choices=YES_NO, widget=forms.RadioSelect,
        empty_label=_("全部"), method="filter_reward",
    )  # fmt: skip
    duplicates = django_filters.ChoiceFilter(
        label=_("有疑似重复线索"), choices=YES_NO, widget=forms.RadioSelect,
        empty_label=_("全部"), method="filter_duplicates",
    )  # fmt: skip
    submitted = django_filters.DateFromToRangeFilter(
        label=_("提交日期"), field_name="submitted_at", widget=DateRangePickerWidget,
        method="filter_submitted",
    )  # fmt: skip

    class Meta:
        model = Lead
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        self.filters["handler"].extra["choices"] = handler_choices(user) if user else []

    @property
    def today(self):
        return timezone.localdate()

    def filter_office(self, qs, name, value):
        if not value:
            return qs
        co_handled = Lead.co_offices.through.objects.filter(authority=value).values("lead_id")
        return qs.filter(Q(office=value) | Q(pk__in=co_handled))

    def filter_handler(self, qs, name, value):
        if not value:
            return qs
        if value == ME:
            return qs.filter(handler=self.request.user)
        if value == NOBODY:
            return qs.filter(handler__isnull=True)
        return qs.filter(handler_id=int(value))

    def filter_deadline(self, qs, name, value):
        if value == OVERDUE:
            return deadlines.overdue(qs, self.today)
        if value == DUE_SOON:
            return deadlines.due_soon(qs, self.today)
        return qs

    def filter_reward(self, qs, name, value):
        if value not in (YES, NO):
            return qs
        reward = Q(kind=LeadKind.REWARD)
        return qs.filter(reward) if value == YES else qs.exclude(reward)

    def filter_duplicates(self, qs, name, value):
        if value not in (YES, NO):
            return qs
        links = Lead.possible_duplicates.through.objects.filter(from_lead=OuterRef("pk"))
        return qs.filter(Exists(links)) if value == YES else qs.exclude(Exists(links))

    def filter_submitted(self, qs, name, value):
        # Whole local days, the end date included, as a range on the indexed timestamp.
        if value and value.start:
            qs = qs.filter(submitted_at__gte=start_of_day(value.start))
        if value and value.stop:
            qs = qs.filter(submitted_at__lt=start_of_day(value.stop + datetime.timedelta(days=1)))
        return qs


def start_of_day(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def search_leads(queryset, text):
    """What the listing's search box does (Wagtail's ORM search over SEARCH_FIELDS)."""
    text = (text or "").strip()
    if not text:
        return queryset
    q = Q()
    for name in SEARCH_FIELDS:
        q |= Q(**{f"{name}__icontains": text})
    return queryset.filter(q)


def filter_data(query_dict):
    """The filter part of a query string (no page, export or bulk-action parameters)."""
    data = query_dict.copy()
    for name in NON_FILTER_PARAMS:
        data.pop(name, None)
    return data
