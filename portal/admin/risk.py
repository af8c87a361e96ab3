"""The facility risk list (高风险机构): placeholder until built."""

from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.model import ModelViewSet

from ..models import FacilityRisk


class FacilityRiskViewSet(ModelViewSet):
    model = FacilityRisk
    name = "facility-risk"
    icon = "warning"
    menu_label = gettext_lazy("机构风险评分")
    list_display = ["facility", "score", "computed_at"]
    form_fields = ["score"]
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = False
