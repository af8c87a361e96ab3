"""The leads statistics dashboard (线索统计): placeholder until built."""

from django.shortcuts import render
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from ..leads.access import can_view_leads


class LeadStaffMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_leads(request.user)


def dashboard(request):
    return render(request, "wagtailadmin/generic/base.html", {"page_title": "线索统计"})


class LeadStatsViewSet(ViewSet):
    name = "lead-stats"
    icon = "list-ul"
    menu_label = gettext_lazy("线索统计")
    menu_item_class = LeadStaffMenuItem

    @cached_property
    def menu_url(self):
        return reverse(self.get_url_name("index"))

    def get_urlpatterns(self):
        return [path("", dashboard, name="index")]
