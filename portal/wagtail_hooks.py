from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.snippets.models import register_snippet

from .admin.actions import REPAIR_ACTION, WITHDRAW_ACTION
from .admin.lead_settings import LeadTimeLimitViewSet, StaffOfficeViewSet
from .admin.leads import LeadsGroup
from .admin.viewsets import RecordsGroup, RulesGroup
from .importing.admin_views import get_import_urls, import_menu_item
from .intake.admin_views import register_lead_log_actions
from .leads import reminders
from .leads.rewards import register_reward_log_actions
from .leads.workflow import register_log_actions as register_workflow_log_actions
from .models import RECORD_MODELS
from .publicity import can_repair

register_snippet(RecordsGroup)


@hooks.register("register_admin_urls")
def register_import_urls():
    return get_import_urls()


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return import_menu_item(order=205)


register_snippet(RulesGroup)


@hooks.register("register_log_actions")
def register_portal_log_actions(actions):
    actions.register_action(WITHDRAW_ACTION, _("撤下公示"), _("撤下公示"))
    actions.register_action(REPAIR_ACTION, _("信用修复"), _("信用修复"))
    actions.register_action("portal.import", _("批量导入"), _("批量导入"))
    register_lead_log_actions(actions)
    register_workflow_log_actions(actions)
    actions.register_action(reminders.REMINDER_ACTION, _("催办提醒"), _("发送催办提醒"))
    actions.register_action(reminders.NOTIFIED_ACTION, _("告知举报人"), _("告知举报人"))
    register_reward_log_actions(actions)


@hooks.register("register_admin_viewset")
def register_lead_viewsets():
    """线索管理: leads (/admin/leads/, with evidence downloads and identity reveal),
    lead categories and evidence file types."""
    return LeadsGroup()


@hooks.register("register_admin_viewset")
def register_lead_settings_viewsets():
    """设置 → 线索办理时限, 工作人员所属机构 (管理员)."""
    return [LeadTimeLimitViewSet(), StaffOfficeViewSet()]


@hooks.register("register_snippet_listing_buttons")
def record_action_buttons(snippet, user, next_url=None):
    model = type(snippet)
    if model not in RECORD_MODELS.values():
        return
    if not user.has_perm(f"portal.publish_{model._meta.model_name}"):
        return
    viewset = snippet.snippet_viewset
    if not snippet.withdrawn_at:
        yield MenuItem(
            _("撤下"), _reverse(viewset, "withdraw", snippet), priority=90, icon_name="cross"
        )
    if can_repair(snippet):
        yield MenuItem(
            _("信用修复"), _reverse(viewset, "repair", snippet), priority=91, icon_name="tick"
        )


def _reverse(viewset, name, obj):
    from django.urls import reverse

    return reverse(viewset.get_url_name(name), args=[obj.pk])
