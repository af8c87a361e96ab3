"""Withdrawal (撤下) and credit repair (信用修复): admin actions, both in the audit log."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.auth import permission_denied
from wagtail.log_actions import log

from ..publicity import can_repair

WITHDRAW_ACTION = "portal.withdraw"
REPAIR_ACTION = "portal.credit_repair"


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("原因"),
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=4,
        max_length=2000,
        error_messages={"required": gettext_lazy("请填写原因。")},
    )


def withdraw(record, user, reason):
    """Take a revoked or changed decision off every public surface."""
    with transaction.atomic():
        record.withdrawn_at = timezone.now()
        record.withdrawal_reason = reason
        record.save(update_fields=["withdrawn_at", "withdrawal_reason", "updated_at"])
        log(record, WITHDRAW_ACTION, user=user, data={"reason": reason})


def repair(record, user, reason, today=None):
    """Approve a credit repair: the record leaves public view before its maximum period."""
    if not can_repair(record, today):
        raise ValueError(_("该记录尚未达到最短公示期，或已撤下/已修复，不能进行信用修复。"))
    with transaction.atomic():
        record.repaired_at = timezone.now()
        record.repair_reason = reason
        record.repair_approved_by = user
        record.save(
            update_fields=["repaired_at", "repair_reason", "repair_approved_by", "updated_at"]
        )
        log(record, REPAIR_ACTION, user=user, data={"reason": reason})


class RecordActionView(FormView):
    """Shared view: confirm with a reason, then apply; needs the model's publish permission."""

    form_class = ReasonForm
    template_name = "portal/admin/record_action.html"
    model = None
    viewset = None
    action = None  # "withdraw" or "repair"

    def dispatch(self, request, pk):
        self.object = get_object_or_404(self.model, pk=pk)
        perm = f"{self.model._meta.app_label}.publish_{self.model._meta.model_name}"
        if not request.user.has_perm(perm):
            return permission_denied(request)
        if self.action == "repair" and not can_repair(self.object):
            messages.error(
                request, _("该记录尚未达到最短公示期，或已撤下/已修复，不能进行信用修复。")
            )
            return redirect(self.viewset.get_url_name("edit"), pk)
        if self.action == "withdraw" and self.object.withdrawn_at:
            messages.error(request, _("该记录已撤下。"))
            return redirect(self.viewset.get_url_name("edit"), pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        titles = {"withdraw": _("撤下公示"), "repair": _("信用修复")}
        helps = {
            "withdraw": _(
                "决定被撤销或变更时撤下：记录将立即从所有公开页面、检索、接口和导出中消失。"
            ),
            "repair": _("当事人已满最短公示期并申请信用修复且经审核同意：记录将提前停止公示。"),
        }
        return super().get_context_data(
            object=self.object,
            page_title=titles[self.action],
            help_text=helps[self.action],
            back_url=self.viewset.get_url_name("edit"),
            **kwargs,
        )

    def form_valid(self, form):
        reason = form.cleaned_data["reason"]
        try:
            if self.action == "withdraw":
                withdraw(self.object, self.request.user, reason)
                messages.success(self.request, _("已撤下：%(obj)s") % {"obj": self.object})
            else:
                repair(self.object, self.request.user, reason)
                messages.success(self.request, _("已完成信用修复：%(obj)s") % {"obj": self.object})
        except ValueError as exc:
            messages.error(self.request, str(exc))
        except PermissionDenied:
            return permission_denied(self.request)
        return redirect(self.viewset.get_url_name("index"))
