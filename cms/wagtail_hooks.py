from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CaseCategory


class CaseCategoryViewSet(SnippetViewSet):
    model = CaseCategory
    icon = "tag"
    menu_label = _("典型案例类别")
    menu_name = "case-categories"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order", "name"]


register_snippet(CaseCategoryViewSet)
