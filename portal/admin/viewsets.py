"""Back-office screens: one SnippetViewSet per model, grouped under "公示数据"."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from .. import models
from ..overdue import is_overdue_unpublished
from .actions import RecordActionView
from .filters import (
    FacilityFilterSet,
    PenaltyFilterSet,
    RecordFilterSet,
    filterset_for,
)
from .forms import FacilityForm


class OverdueColumn(Column):
    """Marks penalty decisions unpublished more than 7 working days after the decision."""

    def get_value(self, instance):
        return _("⚠ 超期未公示") if is_overdue_unpublished(instance) else ""


class RecordIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("facility", "authority")


COMMON_LIST = ["document_number", "party_name", "authority", "decision_date"]
COMMON_EXPORT = [
    "document_number",
    "party_name",
    "facility.uscc",
    "authority.name",
    "decision_date",
    "publicity_ends_on",
    "status_label",
]
COMMON_HEADINGS = {
    "document_number": _("决定文书号"),
    "party_name": _("行政相对人名称"),
    "facility.uscc": _("统一社会信用代码"),
    "authority.name": _("决定机关"),
    "decision_date": _("决定日期"),
    "publicity_ends_on": _("公示截止日期"),
    "status_label": _("公示状态"),
    "tier": _("失信等级"),
}
COMMON_PANELS = [
    MultiFieldPanel(
        [
            FieldPanel("facility"),
            FieldPanel("party_name"),
            FieldRowPanel([FieldPanel("authority"), FieldPanel("document_number")]),
            FieldRowPanel([FieldPanel("decision_date"), FieldPanel("publicity_until_override")]),
        ],
        heading=_("决定"),
    ),
]
SOURCE_PANELS = [
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("data_source_name"), FieldPanel("data_source_uscc")]),
            FieldPanel("remarks"),
        ],
        heading=_("数据来源"),
    )
]


class RecordViewSet(SnippetViewSet):
    index_view_class = RecordIndexView
    filterset_base = RecordFilterSet
    search_fields = ["document_number", "party_name", "facility__uscc"]
    search_backend_name = None  # ORM icontains: matches Chinese substrings
    inspect_view_enabled = True
    copy_view_enabled = False
    list_per_page = 50
    extra_list = []
    extra_export = []

    @property
    def filterset_class(self):
        return filterset_for(self.model, self.filterset_base)

    @property
    def list_display(self):
        return COMMON_LIST + self.extra_list + [Column("status_label", label=_("公示状态"))]

    @property
    def list_export(self):
        return COMMON_EXPORT + self.extra_export

    @property
    def export_headings(self):
        headings = dict(COMMON_HEADINGS)
        for name in self.extra_export:
            if name not in headings:
                field = self.model._meta.get_field(name.split("__")[0])
                headings[name] = field.verbose_name
        return headings

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for action in ("withdraw", "repair"):
            view = RecordActionView.as_view(model=self.model, viewset=self, action=action)
            patterns.append(path(f"{action}/<str:pk>/", view, name=action))
        return patterns


class LicenceViewSet(RecordViewSet):
    model = models.LicenceRecord
    icon = "doc-full"
    extra_list = ["certificate_name", "valid_to"]
    extra_export = [
        "certificate_name",
        "licence_number",
        "content",
        "valid_from",
        "valid_to",
        "status",
    ]
    search_fields = RecordViewSet.search_fields + ["licence_number", "certificate_name"]
    panels = (
        COMMON_PANELS
        + [
            MultiFieldPanel(
                [
                    FieldPanel("document_name"),
                    FieldRowPanel([FieldPanel("licence_category"), FieldPanel("status")]),
                    FieldRowPanel([FieldPanel("certificate_name"), FieldPanel("licence_number")]),
                    FieldPanel("content"),
                    FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
                ],
                heading=_("许可"),
            )
        ]
        + SOURCE_PANELS
    )


class PenaltyViewSet(RecordViewSet):
    model = models.PenaltyRecord
    icon = "warning"
    filterset_base = PenaltyFilterSet
    extra_list = ["penalty_categories", "tier", OverdueColumn("overdue", label=_("时限"))]
    extra_export = [
        "violation_type",
        "penalty_categories",
        "tier",
        "fine_amount",
        "confiscated_amount",
        "legal_basis",
        "content",
    ]
    search_fields = RecordViewSet.search_fields + ["violation_type", "facts"]
    panels = (
        COMMON_PANELS
        + [
            MultiFieldPanel(
                [
                    FieldPanel("violation_type"),
                    FieldPanel("facts"),
                    FieldPanel("legal_basis"),
                    FieldPanel("penalty_categories"),
                    FieldPanel("content"),
                    FieldRowPanel([FieldPanel("fine_amount"), FieldPanel("confiscated_amount")]),
                    FieldRowPanel([FieldPanel("licence_affected"), FieldPanel("valid_until")]),
                ],
                heading=_("处罚"),
            )
        ]
        + SOURCE_PANELS
    )


class BlacklistViewSet(RecordViewSet):
    model = models.BlacklistEntry
    icon = "cross"
    extra_list = ["removed_on"]
    extra_export = ["listing_reason", "listing_basis", "removal_planned_on", "removed_on"]
    panels = (
        COMMON_PANELS
        + [
            MultiFieldPanel(
                [
                    FieldPanel("listing_reason"),
                    FieldPanel("listing_basis"),
                    FieldRowPanel([FieldPanel("removal_planned_on"), FieldPanel("removed_on")]),
                    FieldPanel("removal_reason"),
                ],
                heading=_("名单"),
            )
        ]
        + SOURCE_PANELS
    )


class InspectionViewSet(RecordViewSet):
    model = models.InspectionResult
    icon = "tasks"
    extra_list = ["plan_name", "result"]
    extra_export = ["plan_number", "plan_name", "task_name", "inspection_type", "result"]
    search_fields = RecordViewSet.search_fields + ["plan_name", "task_name"]
    panels = (
        COMMON_PANELS
        + [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("plan_number"), FieldPanel("plan_name")]),
                    FieldRowPanel([FieldPanel("task_name"), FieldPanel("inspection_type")]),
                    FieldPanel("result"),
                    FieldPanel("result_detail"),
                ],
                heading=_("抽查"),
            )
        ]
        + SOURCE_PANELS
    )


class PracticeScoreViewSet(RecordViewSet):
    model = models.PracticeScore
    icon = "list-ol"
    extra_list = ["points"]
    extra_export = ["points", "behaviour", "legal_basis"]
    panels = (
        COMMON_PANELS
        + [
            MultiFieldPanel(
                [FieldPanel("points"), FieldPanel("behaviour"), FieldPanel("legal_basis")],
                heading=_("记分"),
            )
        ]
        + SOURCE_PANELS
    )


class FacilityViewSet(SnippetViewSet):
    model = models.Facility
    icon = "home"
    filterset_class = FacilityFilterSet
    search_fields = ["name", "uscc", "address", "licence_number"]
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_fields_exclude = ["id_number", "legal_rep_id_number", "id_number_digest"]
    list_display = ["name", "uscc", "facility_type", "region", "id_number_masked"]
    list_export = ["name", "party_type", "uscc", "facility_type", "region.full_name", "address"]
    export_headings = {"region.full_name": _("所在区划")}
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("party_type"), FieldPanel("facility_type")]),
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("uscc"), FieldPanel("licence_number")]),
            MultiFieldPanel(
                [
                    FieldPanel("business_registration_no"),
                    FieldPanel("organisation_code"),
                    FieldPanel("tax_registration_no"),
                    FieldPanel("institution_certificate_no"),
                    FieldPanel("social_organisation_no"),
                ],
                heading=_("原登记代码"),
                classname="collapsed",
            ),
            FieldRowPanel([FieldPanel("region"), FieldPanel("address")]),
            FieldRowPanel(
                [
                    FieldPanel("legal_representative"),
                    FieldPanel("legal_rep_id_type"),
                    FieldPanel("legal_rep_id_number"),
                ]
            ),
            FieldRowPanel(
                [FieldPanel("id_type"), FieldPanel("id_number")], heading=_("自然人证件")
            ),
        ],
        base_form_class=FacilityForm,
    )


class AuthorityViewSet(SnippetViewSet):
    model = models.Authority
    icon = "group"
    search_fields = ["name", "uscc"]
    search_backend_name = None
    list_display = ["name", "kind", "uscc", "region"]
    list_filter = ["kind"]


class RegionViewSet(SnippetViewSet):
    model = models.Region
    icon = "site"
    search_fields = ["name", "full_name", "code"]
    search_backend_name = None
    list_display = ["code", "full_name", "level"]
    list_filter = ["level"]
    list_per_page = 100


class PublicityPolicyViewSet(SnippetViewSet):
    model = models.PublicityPolicy
    icon = "time"
    list_display = ["key", "published", "min_months", "max_months", "basis"]
    copy_view_enabled = False


class PenaltyTypeViewSet(SnippetViewSet):
    model = models.PenaltyType
    icon = "list-ul"
    list_display = ["name", "tier", "aliases"]
    list_filter = ["tier"]


class CalendarAdjustmentViewSet(SnippetViewSet):
    model = models.CalendarAdjustment
    icon = "date"
    list_display = ["date", "is_working_day", "note"]


class RecordsGroup(SnippetViewSetGroup):
    menu_label = _("公示数据")
    menu_icon = "doc-full-inverse"
    menu_order = 200
    items = (
        PenaltyViewSet,
        LicenceViewSet,
        BlacklistViewSet,
        InspectionViewSet,
        PracticeScoreViewSet,
        FacilityViewSet,
        AuthorityViewSet,
    )


class RulesGroup(SnippetViewSetGroup):
    menu_label = _("公示规则")
    menu_icon = "cogs"
    menu_order = 210
    items = (
        PublicityPolicyViewSet,
        PenaltyTypeViewSet,
        CalendarAdjustmentViewSet,
        RegionViewSet,
    )
