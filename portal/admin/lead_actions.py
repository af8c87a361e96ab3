"""Staff actions on one lead: a page with one form per action, under /admin/leads/.

/admin/leads/<pk>/act/<action>/ shows the form of a state-machine action (accept, refuse,
assign …, see `portal.leads.workflow.Action`) or a reward step (reward-propose,
reward-decide, reward-pay); POST hands the cleaned input to `workflow.perform` or to
`portal.leads.rewards`, which decide and record. A refusal (`TransitionError`) shows the
form again with its message and nothing changed; success goes back to the lead page.
/admin/leads/<pk>/transfer-letter/ is the transfer letter as sent, ready to print.

Row-level access is the lead page's: `get_lead_for` (403 for a lead the user may not see).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..intake.admin_views import answer_403, get_lead_for, no_store
from ..leads import duplicates, rewards, workflow
from ..leads.access import can_view_lead
from ..leads.errors import TransitionError
from ..leads.workflow import Action
from . import lead_page
from . import lead_page_forms as f


@dataclass(frozen=True)
class Step:
    name: str
    label: str | Promise
    form_class: type
    run: Callable  # (user, lead, form) -> None; raises TransitionError
    available: Callable  # (user, lead) -> bool: offered on the lead page
    help: str | Promise = ""


def _perform(action):
    def run(user, lead, form):
        workflow.perform(user, lead, action, **form.perform_data())

    return run


def _allowed(action):
    return lambda user, lead: workflow.allowed(user, lead, action)


def _reward_step(check):
    return lambda user, lead: lead_page.may_take_reward_step(user, lead, check)


def _propose(user, lead, form):
    data = form.cleaned_data
    rewards.propose(user, lead, data["amount"], data["basis"].strip())


def _decide(user, lead, form):
    data = form.cleaned_data
    approve = data["decision"] == f.DecideRewardForm.APPROVE
    rewards.decide(user, lead, approve, data.get("note", "").strip())


def _pay(user, lead, form):
    rewards.pay(user, lead, form.cleaned_data["reference"].strip())


# Duplicates and links (portal.leads.duplicates).
def _dismiss(user, lead, form):
    data = form.cleaned_data
    duplicates.dismiss(user, lead, data["other"], data.get("note", ""))


def _can_dismiss(user, lead):
    return (
        user.has_perm(workflow.HANDLE)
        and lead_page.visible_duplicates(user, lead).exists()
        and can_view_lead(user, lead)
    )


def _link(user, lead, form):
    data = form.cleaned_data
    duplicates.link(user, lead, penalty=data.get("penalty"), inspection=data.get("inspection"))


def _can_link(user, lead):
    return bool(lead.facility_id) and duplicates.can_link(user, lead)


def _unlink(user, lead, form):
    data = form.cleaned_data
    duplicates.unlink(user, lead, penalty=data.get("penalty"), inspection=data.get("inspection"))


def _can_unlink(user, lead):
    return bool(lead.penalty_id or lead.inspection_id) and duplicates.can_link(user, lead)


FORMS = {
    Action.ACCEPT: f.AcceptForm,
    Action.REFUSE: f.RefuseForm,
    Action.ASSIGN: f.AssignForm,
    Action.DEVOLVE: f.DevolveForm,
    Action.START: f.StartForm,
    Action.CONCLUDE: f.ConcludeForm,
    Action.REPLY: f.ReplyForm,
    Action.CLOSE: f.CloseForm,
    Action.TRANSFER: f.TransferForm,
    Action.MERGE: f.MergeForm,
    Action.EXTEND: f.ExtendForm,
    Action.NOTE: f.NoteForm,
}
HELP = {
    Action.ACCEPT: gettext_lazy("受理后开始计算调查办结期限；实名举报人将收到受理告知。"),
    Action.REFUSE: gettext_lazy("不予受理的理由向举报人公开。"),
    Action.ASSIGN: gettext_lazy("确定主办机构，可同时指定分办机构和承办人。"),
    Action.DEVOLVE: gettext_lazy("按属地管辖转交被反映对象所在地的卫生健康部门办理。"),
    Action.CONCLUDE: gettext_lazy("办结时选择办理结果；查处形成处罚或检查记录的，可一并关联。"),
    Action.REPLY: gettext_lazy("答复内容向举报人公开。"),
    Action.TRANSFER: gettext_lazy("不属于卫生健康部门职责的，移送有关部门处理。"),
    Action.MERGE: gettext_lazy("本线索与另一条仍在办理的线索反映同一问题时，并入该线索。"),
    Action.EXTEND: gettext_lazy("每个环节的期限只能延长一次，须说明理由。"),
}
STEPS = {
    action.value: Step(
        action.value, action.label, FORMS[action], _perform(action.value),
        _allowed(action.value), HELP.get(action, ""),
    )
    for action in Action
}  # fmt: skip
STEPS.update(
    {
        step.name: step
        for step in (
            Step("reward-propose", gettext_lazy("提出奖励"), f.ProposeRewardForm, _propose,
                 _reward_step(rewards.can_propose),
                 gettext_lazy("提出奖励金额后，须由另一名有审批权限的人员审批。")),
            Step("reward-decide", gettext_lazy("审批奖励"), f.DecideRewardForm, _decide,
                 _reward_step(rewards.can_decide),
                 gettext_lazy("审批人不能是提出奖励的人员。审批结果举报人可在进度查询中看到。")),
            Step("reward-pay", gettext_lazy("登记奖励发放"), f.PayRewardForm, _pay,
                 _reward_step(rewards.can_pay)),
            Step("duplicate-dismiss", gettext_lazy("排除重复"), f.DismissDuplicateForm, _dismiss,
                 _can_dismiss,
                 gettext_lazy("核实后确认不是重复线索的，排除后不再提示。确是重复的，请用“合并为重复线索”。")),
            Step("link", gettext_lazy("关联处罚或检查"), f.LinkRecordsForm, _link, _can_link,
                 gettext_lazy("办结后，将本线索查处形成的行政处罚或检查结果与本线索关联。")),
            Step("unlink", gettext_lazy("取消关联"), f.UnlinkRecordsForm, _unlink, _can_unlink),
        )
    }
)  # fmt: skip


def refusal(user, lead, step) -> str:
    """Why `step` is not offered to `user` now (the state machine gives the same reasons)."""
    transition = workflow.TRANSITIONS.get(step.name)
    if transition is not None:
        if not user.has_perm(transition.permission):
            return _("您没有“%(action)s”的权限。") % {"action": step.label}
        if lead.state not in transition.sources:
            return _("线索当前状态为“%(state)s”，不能“%(action)s”。") % {
                "state": lead.get_state_display(),
                "action": step.label,
            }
    return _("当前不能“%(action)s”。") % {"action": step.label}


class LeadActionView(WagtailAdminTemplateMixin, FormView):
    """GET: the form of one action; POST: do it (through the state machine)."""

    template_name = "portal/admin/leads/action_form.html"
    header_icon = "form"
    index_url_name = None
    inspect_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.lead = get_lead_for(request.user, kwargs["pk"])  # 403 first: reveals nothing
        self.step = STEPS.get(kwargs["action"])
        if self.step is None:
            raise Http404(_("未知的操作。"))

    def dispatch(self, request, *args, **kwargs):
        return no_store(super().dispatch(request, *args, **kwargs))

    @property
    def lead_url(self):
        return reverse(self.inspect_url_name, args=[self.lead.pk])

    def get_page_title(self):
        return self.step.label

    def get_page_subtitle(self):
        return self.lead.receipt_number

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": gettext_lazy("投诉举报线索")},
            {"url": self.lead_url, "label": self.lead.receipt_number},
            {"url": "", "label": self.step.label},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "lead": self.lead, "user": self.request.user}

    def get_form_class(self):
        return self.step.form_class

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        duplicates = []
        if self.step.name in (Action.MERGE, "duplicate-dismiss"):
            duplicates = lead_page.visible_duplicates(self.request.user, self.lead)
            duplicates = list(duplicates.select_related("category"))
        context.update(
            lead=self.lead,
            step=self.step,
            lead_url=self.lead_url,
            duplicates=duplicates,
        )
        return context

    def get(self, request, *args, **kwargs):
        if not self.step.available(request.user, self.lead):
            messages.error(request, refusal(request.user, self.lead, self.step))
            return redirect(self.lead_url)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not self.step.available(request.user, self.lead):
            form.is_valid()  # keep the input on the page
            form.add_error(None, refusal(request.user, self.lead, self.step))
            return self.form_invalid(form)
        if not form.is_valid():
            return self.form_invalid(form)
        try:
            self.step.run(request.user, self.lead, form)
        except TransitionError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            request,
            _("%(number)s：已完成“%(action)s”。")
            % {"number": self.lead.receipt_number, "action": self.step.label},
        )
        return redirect(self.lead_url)


class TransferLetterView(View):
    """The transfer letter as it was sent (the transfer event's text), to print."""

    def get(self, request, pk):
        lead = get_lead_for(request.user, pk)
        event = lead_page.transfer_letter_event(lead)
        if event is None:
            raise Http404(_("该线索没有移送函。"))
        context = {"lead": lead, "event": event, "letter": event.internal_text}
        response = TemplateResponse(request, "portal/admin/leads/action_letter_print.html", context)
        return no_store(response)


def urlpatterns(viewset) -> list:
    """URL patterns added under /admin/leads/ by LeadViewSet (names: viewset.get_url_name)."""
    action_view = LeadActionView.as_view(
        index_url_name=viewset.get_url_name("index"),
        inspect_url_name=viewset.get_url_name("inspect"),
    )
    return [
        path("<int:pk>/act/<str:action>/", answer_403(action_view), name="act"),
        path(
            "<int:pk>/transfer-letter/",
            answer_403(TransferLetterView.as_view()),
            name="transfer_letter",
        ),
    ]
