"""Listing filters for the back office (region subtree, authority, dates, tier, status)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from ..models import Authority, Facility, PenaltyType, Region, Tier
from ..models.places import prefix_for_code
from ..overdue import overdue_unpublished_penalties


def regions_in_use():
    """Regions that hold facilities, with their ancestors: a usable dropdown, not 3,200 rows."""
    codes = set(
        Region.objects.filter(facility__isnull=False).values_list("code", flat=True).distinct()
    )
    wanted = set()
    for code in codes:
        wanted |= {code, code[:2] + "0000", code[:4] + "00"}
    return Region.objects.filter(code__in=wanted).order_by("code")


class RegionChoiceFilter(django_filters.ModelChoiceFilter):
    def __init__(self, *args, field_prefix="", **kwargs):
        self.field_prefix = field_prefix
        kwargs.setdefault("label", _("区划（含下级）"))
        kwargs.setdefault("queryset", lambda request: regions_in_use())
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        prefix = prefix_for_code(value.code, value.level)
        return qs.filter(**{f"{self.field_prefix}region__code__startswith": prefix})


class PublicityStatusFilter(django_filters.ChoiceFilter):
    CHOICES = [
        ("public", _("公示中")),
        ("expired", _("公示期满")),
        ("not_publishable", _("不予公示")),
        ("withdrawn", _("已撤下")),
        ("repaired", _("已信用修复")),
        ("draft", _("草稿")),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=self.CHOICES, label=_("公示状态"), **kwargs)

    def filter(self, qs, value):
        today = timezone.localdate()
        if value == "public":
            return qs.public(today)
        if value == "expired":
            return qs.filter(publicity_ends_on__lt=today)
        if value == "not_publishable":
            return qs.filter(publishable=False)
        if value == "withdrawn":
            return qs.filter(withdrawn_at__isnull=False)
        if value == "repaired":
            return qs.filter(repaired_at__isnull=False)
        if value == "draft":
            return qs.filter(live=False)
        return qs


class RecordFilterSet(WagtailFilterSet):
    region = RegionChoiceFilter(field_prefix="facility__")
    authority = django_filters.ModelChoiceFilter(
        label=_("决定机关"), queryset=Authority.objects.all()
    )
    decision_date = django_filters.DateFromToRangeFilter(
        label=_("决定日期"), widget=DateRangePickerWidget
    )
    status = PublicityStatusFilter()

    class Meta:
        fields = []


class TieredRecordFilterSet(RecordFilterSet):
    tier = django_filters.ChoiceFilter(label=_("失信等级"), choices=Tier.choices)


class PenaltyFilterSet(TieredRecordFilterSet):
    penalty_types = django_filters.ModelChoiceFilter(
        label=_("处罚类别"), queryset=PenaltyType.objects.all()
    )
    overdue = django_filters.ChoiceFilter(
        label=_("超过7个工作日未公示"),
        choices=[("true", _("是")), ("false", _("否"))],
        method="filter_overdue",
    )

    def filter_overdue(self, qs, name, value):
        if value not in ("true", "false"):
            return qs
        overdue = overdue_unpublished_penalties(qs)
        return overdue if value == "true" else qs.exclude(pk__in=overdue.values("pk"))


class FacilityFilterSet(WagtailFilterSet):
    region = RegionChoiceFilter()
    has_uscc = django_filters.BooleanFilter(label=_("有统一社会信用代码"), method="filter_has_uscc")

    class Meta:
        model = Facility
        fields = ["party_type", "facility_type"]

    def filter_has_uscc(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(~Q(uscc=None)) if value else qs.filter(uscc=None)


def filterset_for(model, base):
    """A filterset class bound to `model` (the record FilterSets are shared by kind)."""
    meta = type("Meta", (), {"model": model, "fields": []})
    return type(f"{model.__name__}FilterSet", (base,), {"Meta": meta})
