"""Settings of lead handling, in the admin's 设置 menu (管理员 only): the time limit of each
stage (LeadTimeLimit, docs/leads.md) and which office each staff member works for
(StaffOffice: decides which leads they see, portal/leads/access.py).

The three time-limit rows are fixed (one per stage, created by portal.setup): they are
edited, never added or deleted. A new limit applies to clocks started after the change.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet

from ..models import AuthorityKind, LeadTimeLimit, StaffOffice

HEALTH_KINDS = (AuthorityKind.HEALTH_SUPERVISION, AuthorityKind.HEALTH_COMMISSION)


class LeadTimeLimitForm(WagtailAdminModelForm):
    class Meta:
        model = LeadTimeLimit
        fields = ["working_days", "extension_days", "due_soon_days", "basis"]

    def clean_working_days(self):
        days = self.cleaned_data["working_days"]
        if not 1 <= days <= 365:
            raise forms.ValidationError(_("时限须在 1 至 365 个工作日之间。"))
        return days

    def clean(self):
        cleaned = super().clean()
        days, soon = cleaned.get("working_days"), cleaned.get("due_soon_days")
        if days and soon is not None and soon >= days:
            self.add_error("due_soon_days", _("临期提醒天数须小于时限。"))
        return cleaned


class LeadTimeLimitViewSet(ModelViewSet):
    model = LeadTimeLimit
    name = "lead-time-limits"
    icon = "time"
    menu_label = gettext_lazy("线索办理时限")
    add_to_settings_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    search_backend_name = None
    list_display = ["stage", "working_days", "extension_days", "due_soon_days", "basis"]

    def get_form_class(self, for_update=False):
        return LeadTimeLimitForm

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add_url_name", "delete_url_name", "usage_url_name"):
            view_kwargs[name] = None
        return view_kwargs

    def get_urlpatterns(self):
        fixed = {"add", "delete", "usage"}
        return [p for p in super().get_urlpatterns() if p.name not in fixed]


class StaffOfficeForm(WagtailAdminModelForm):
    class Meta:
        model = StaffOffice
        fields = ["user", "office", "supervisor"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offices = self.fields["office"].queryset
        self.fields["office"].queryset = offices.filter(kind__in=HEALTH_KINDS)
        self.fields["user"].queryset = self.fields["user"].queryset.filter(is_active=True)


class StaffOfficeViewSet(ModelViewSet):
    model = StaffOffice
    name = "staff-offices"
    icon = "group"
    menu_label = gettext_lazy("工作人员所属机构")
    add_to_settings_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    search_backend_name = None
    list_display = ["user", "office", "supervisor"]
    list_filter = ["supervisor"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "office__name"]

    def get_form_class(self, for_update=False):
        return StaffOfficeForm

    def get_common_view_kwargs(self, **kwargs):
        return {**super().get_common_view_kwargs(**kwargs), "usage_url_name": None}

    def get_urlpatterns(self):
        return [p for p in super().get_urlpatterns() if p.name != "usage"]
