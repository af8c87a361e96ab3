"""Bulk actions on the inbox's selected rows (Wagtail's bulk action framework, registered
for Lead): 受理 accept, 交办 assign (an office, optionally a handler), 合并 merge into a lead.

Each lead goes through `portal.leads.workflow.perform`, so permissions, row-level access,
state rules, timeline events and per-lead audit entries are the state machine's; a lead it
refuses is reported with its message and left unchanged, the others are done. Only leads
the user may see are selected (`visible_leads`), at most MAX_LEADS per request, and the
operation itself gets one audit entry ("portal.lead.bulk") listing what succeeded and
what failed.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.log_actions import LogFormatter, log

from ..intake.admin_views import masked
from ..leads import workflow
from ..leads.access import can_view_leads, visible_leads
from ..leads.errors import TransitionError
from ..models import Lead, StaffOffice
from .lead_inbox_filters import (
    LeadFilterSet,
    filter_data,
    offices,
    search_leads,
    staff_display_name,
)

BULK_ACTION = "portal.lead.bulk"
MAX_LEADS = 100
LISTED_FAILURES = 20  # failures spelled out in the message; the audit entry has them all
CHOOSE = {
    "required": gettext_lazy("请选择。"),
    "invalid_choice": gettext_lazy("所选项无效，请重新选择。"),
}


class NoteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("内部备注"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("仅工作人员可见，记入每条线索的办理记录。"),
    )


class HandlerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        office = getattr(getattr(user, "staff_office", None), "office", None)
        name = staff_display_name(user)
        return f"{name}（{office.name}）" if office else name


class AssignForm(NoteForm):
    office = forms.ModelChoiceField(
        label=gettext_lazy("主办机构"), queryset=offices(), error_messages=CHOOSE
    )
    handler = HandlerChoiceField(
        label=gettext_lazy("承办人"),
        required=False,
        queryset=get_user_model()
        .objects.filter(is_active=True, staff_office__isnull=False)
        .select_related("staff_office__office")
        .order_by("staff_office__office__name", "username"),
        error_messages=CHOOSE,
        help_text=gettext_lazy("可不选；须为主办机构的工作人员。"),
    )
    field_order = ["office", "handler", "note"]

    def clean(self):
        cleaned = super().clean()
        office, handler = cleaned.get("office"), cleaned.get("handler")
        if office and handler:
            works_there = StaffOffice.objects.filter(user=handler, office=office).exists()
            if not works_there:
                self.add_error("handler", _("承办人须为所选主办机构的工作人员。"))
        return cleaned


class MergeForm(NoteForm):
    target = forms.CharField(
        label=gettext_lazy("合并到的线索（受理编号）"),
        max_length=20,
        error_messages={"required": gettext_lazy("请填写要合并到的线索的受理编号。")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_target(self):
        number = self.cleaned_data["target"].strip().upper()
        target = masked(visible_leads(self.user)).filter(receipt_number=number).first()
        if target is None:
            raise forms.ValidationError(
                _("未找到受理编号为 %(number)s 的线索，或您无权查看。") % {"number": number}
            )
        return target


class LeadBulkAction(BulkAction):
    models = [Lead]
    template_name = "portal/admin/leads/inbox_bulk_confirm.html"
    form_class = NoteForm
    workflow_action = None
    button_label = None

    def dispatch(self, request, *args, **kwargs):
        if not can_view_leads(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    # Selection ------------------------------------------------------------------------

    @cached_property
    def requested_ids(self):
        return self.request.GET.getlist("id")

    @cached_property
    def selection(self):
        """(leads, refusal message or ""): the visible leads asked for, at most MAX_LEADS."""
        visible = masked(visible_leads(self.request.user)).select_related("category", "facility")
        if "all" in self.requested_ids:
            # "All in listing": the listing's filters came along in the query string.
            filters = LeadFilterSet(
                data=filter_data(self.request.GET), queryset=visible, request=self.request
            )
            if not filters.is_valid():
                return [], _("筛选条件无效，未选中任何线索。")
            matching = search_leads(filters.qs, self.request.GET.get("q"))
            leads = list(matching[: MAX_LEADS + 1])
        else:
            ids = {int(i) for i in self.requested_ids if i.isdigit()}
            if len(ids) > MAX_LEADS:
                return [], self.too_many_message(len(ids))
            leads = list(visible.filter(pk__in=ids))
        if len(leads) > MAX_LEADS:
            return [], self.too_many_message()
        if not leads:
            return [], _("没有选中您可以办理的线索。")
        return leads, ""

    def too_many_message(self, count=None):
        if count is None:
            return _("一次最多处理 %(max)d 条线索，请缩小筛选范围或分批选择。") % {"max": MAX_LEADS}
        return _("一次最多处理 %(max)d 条线索（已选 %(n)d 条），请分批选择。") % {
            "max": MAX_LEADS,
            "n": count,
        }

    @cached_property
    def unavailable_count(self) -> int:
        """Ids asked for that are not among the visible leads (missing or not the user's)."""
        if "all" in self.requested_ids:
            return 0
        ids = {i for i in self.requested_ids if i.isdigit()}
        found = {str(lead.pk) for lead in self.selection[0]}
        return len(ids - found)

    # Page and form --------------------------------------------------------------------

    def get_context_data(self, **kwargs):
        leads, refusal = self.selection
        user = self.request.user
        items = [
            {"item": lead, "allowed": workflow.allowed(user, lead, self.workflow_action)}
            for lead in leads
        ]
        kwargs.setdefault("form", self.get_form())
        return {
            "view": self,
            "form": kwargs["form"],
            "items": items,
            "refusal": refusal,
            "unavailable_count": self.unavailable_count,
            "action_label": self.display_name,
            "button_label": self.button_label or self.display_name,
            "header_icon": "form",
            "next": self.next_url,
            "submit_url": self.request.path + "?" + self.request.META["QUERY_STRING"],
            "model_opts": Lead._meta,
            "max_leads": MAX_LEADS,
        }

    def perform_data(self, cleaned) -> dict:
        return {k: v for k, v in cleaned.items() if v not in (None, "")}

    def form_valid(self, form):
        leads, refusal = self.selection
        if refusal:
            messages.error(self.request, refusal)
            return redirect(self.next_url)
        user = self.request.user
        data = self.perform_data(form.cleaned_data)
        done, failed = [], []
        for lead in leads:
            try:
                workflow.perform(user, lead, self.workflow_action, **data)
            except TransitionError as error:
                failed.append((lead, str(error)))
            else:
                done.append(lead)
        log(
            instance=user,
            action=BULK_ACTION,
            user=user,
            data={
                "action": self.workflow_action,
                "leads": [lead.pk for lead in leads],
                "succeeded": [lead.receipt_number for lead in done],
                "failed": {lead.receipt_number: message for lead, message in failed},
                "unavailable": self.unavailable_count,
                **{k: getattr(v, "pk", v) for k, v in data.items() if k != "note"},
            },
        )
        self.report(done, failed)
        return redirect(self.next_url)

    def report(self, done, failed):
        action = self.display_name
        if done:
            messages.success(
                self.request,
                _("“%(action)s”已完成 %(n)d 条。") % {"action": action, "n": len(done)},
            )
        if failed:
            details = "；".join(
                f"{lead.receipt_number}：{message}" for lead, message in failed[:LISTED_FAILURES]
            )
            if len(failed) > LISTED_FAILURES:
                details += _("……（共 %(n)d 条）") % {"n": len(failed)}
            messages.error(
                self.request,
                _("以下 %(n)d 条线索未能“%(action)s”，未作改动：%(details)s")
                % {"n": len(failed), "action": action, "details": details},
            )
        if self.unavailable_count:
            messages.warning(
                self.request,
                _("%(n)d 条所选线索不存在或您无权查看，已忽略。") % {"n": self.unavailable_count},
            )


class AcceptBulkAction(LeadBulkAction):
    display_name = gettext_lazy("受理")
    action_type = "accept"
    aria_label = gettext_lazy("受理所选线索")
    action_priority = 10
    workflow_action = workflow.Action.ACCEPT


class AssignBulkAction(LeadBulkAction):
    display_name = gettext_lazy("交办")
    action_type = "assign"
    aria_label = gettext_lazy("将所选线索交办给承办机构")
    action_priority = 20
    form_class = AssignForm
    workflow_action = workflow.Action.ASSIGN


class MergeBulkAction(LeadBulkAction):
    display_name = gettext_lazy("合并为重复线索")
    action_type = "merge"
    aria_label = gettext_lazy("将所选线索作为重复线索并入另一条线索")
    action_priority = 30
    form_class = MergeForm
    workflow_action = workflow.Action.MERGE

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


for action_class in (AcceptBulkAction, AssignBulkAction, MergeBulkAction):
    hooks.register("register_bulk_action", action_class)


class BulkLogFormatter(LogFormatter):
    label = gettext_lazy("批量办理线索")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        action = data.get("action", "")
        try:
            action = workflow.Action(action).label
        except ValueError:
            pass
        return _("批量“%(action)s”：成功 %(ok)d 条，未能办理 %(failed)d 条") % {
            "action": action,
            "ok": len(data.get("succeeded", ())),
            "failed": len(data.get("failed", {})),
        }


@hooks.register("register_log_actions")
def register_bulk_log_actions(actions):
    actions.register_action(BULK_ACTION)(BulkLogFormatter)
