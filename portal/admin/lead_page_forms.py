"""One form per action on a lead (the state machine's actions and the reward steps).

A form only collects and checks input; `perform_data()` is what it hands to
`portal.leads.workflow.perform` (or portal.leads.rewards), which decides whether the action
is allowed and does it. Choices are limited to what makes sense for this lead (the
facility's own penalty records, the offices with jurisdiction, non-health agencies for a
transfer), so a tampered POST fails validation with a message instead of reaching the
state machine.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..intake.submit import IDENTITY_FIELDS
from ..leads.access import visible_leads
from ..leads.workflow import HEALTH_KINDS
from ..models import (
    REWARD_MAXIMUM,
    REWARD_MINIMUM,
    Authority,
    InspectionResult,
    Lead,
    LeadDeadline,
    LeadOutcome,
    PenaltyRecord,
)

AGENCY_PLACEHOLDER = "〔移送机关〕"  # replaced by the chosen agency's name on submit
TRANSFER_LETTER_TEMPLATE = "portal/admin/leads/action_transfer_letter.txt"
TEXT_MAX = 5000
REQUIRED = {"required": gettext_lazy("请填写此项。")}
CHOOSE = {
    "required": gettext_lazy("请选择。"),
    "invalid_choice": gettext_lazy("所选项无效，请重新选择。"),
    "invalid_pk_value": gettext_lazy("所选项无效，请重新选择。"),
}


def textarea(rows=4):
    return forms.Textarea(attrs={"rows": rows})


NOTE_LABEL = gettext_lazy("内部备注")


def note_field(label=NOTE_LABEL, required=False):
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX,
        widget=textarea(3),
        help_text=gettext_lazy("仅工作人员可见，不向举报人公开。"),
        error_messages={"required": gettext_lazy("请填写备注内容。")},
    )


def health_offices():
    return Authority.objects.filter(kind__in=HEALTH_KINDS).select_related("region")


def region_codes_above(region) -> list[str]:
    """The codes of `region` and the divisions above it (province, city, county)."""
    if region is None:
        return []
    code = region.code
    return list(dict.fromkeys([code[:2] + "0000", code[:4] + "00", code]))


def lead_region(lead):
    if lead.facility_id and lead.facility.region_id:
        return lead.facility.region
    return lead.region


def handlers():
    """Active users who may handle leads (their office shown next to the name)."""
    permission = Permission.objects.filter(
        content_type__app_label="portal", codename="handle_lead"
    ).first()
    users = get_user_model().objects.filter(is_active=True)
    who = Q(is_superuser=True)
    if permission is not None:
        who |= Q(user_permissions=permission) | Q(groups__permissions=permission)
    return users.filter(who).distinct().select_related("staff_office__office").order_by("username")


class HandlerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name() or user.get_username()
        try:
            return f"{name}（{user.staff_office.office.name}）"
        except ObjectDoesNotExist:
            return name


class RecordChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, record):
        detail = getattr(record, "violation_type", "") or getattr(record, "result", "")
        return f"{record.document_number} · {record.decision_date:%Y-%m-%d} · {detail}"


class ActionForm(forms.Form):
    """Base: knows the lead and the user; `perform_data()` is the cleaned input without
    empty values."""

    def __init__(self, *args, lead, user, **kwargs):
        self.lead = lead
        self.user = user
        super().__init__(*args, **kwargs)

    def perform_data(self) -> dict:
        data = {}
        for name, value in self.cleaned_data.items():
            if isinstance(value, QuerySet):
                value = list(value)
            if value not in (None, "", []):
                data[name] = value
        return data


class AcceptForm(ActionForm):
    note = note_field()


class RefuseForm(ActionForm):
    reason = forms.CharField(
        label=gettext_lazy("不予受理的理由"),
        max_length=TEXT_MAX,
        widget=textarea(),
        help_text=gettext_lazy("该理由将向举报人公开（进度查询可见），请勿写入内部信息。"),
        error_messages={"required": gettext_lazy("请填写不予受理的理由。")},
    )
    note = note_field()


class AssignForm(ActionForm):
    office = forms.ModelChoiceField(
        label=gettext_lazy("主办机构"), queryset=Authority.objects.none(), error_messages=CHOOSE
    )
    co_offices = forms.ModelMultipleChoiceField(
        label=gettext_lazy("分办机构"),
        queryset=Authority.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("可选：协助办理的机构。"),
        error_messages=CHOOSE,
    )
    handler = HandlerChoiceField(
        label=gettext_lazy("承办人"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=gettext_lazy("可选：不指定时由主办机构确定。"),
        error_messages=CHOOSE,
    )
    note = note_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offices = health_offices()
        self.fields["office"].queryset = offices
        self.fields["co_offices"].queryset = offices
        self.fields["handler"].queryset = handlers()
        lead = self.lead
        self.initial.setdefault("office", lead.office_id or lead.suggested_authority_id)
        self.initial.setdefault("handler", lead.handler_id)
        if lead.pk and lead.office_id:
            self.initial.setdefault(
                "co_offices", list(lead.co_offices.values_list("pk", flat=True))
            )

    def clean(self):
        cleaned = super().clean()
        office = cleaned.get("office")
        if office and cleaned.get("co_offices"):
            cleaned["co_offices"] = [o for o in cleaned["co_offices"] if o.pk != office.pk]
        return cleaned


class DevolveForm(ActionForm):
    """转办: to an office whose region covers the facility (属地管辖), pre-filled with the
    suggested authority or the most local such office."""

    office = forms.ModelChoiceField(
        label=gettext_lazy("转办至"),
        queryset=Authority.objects.none(),
        error_messages=CHOOSE,
        help_text=gettext_lazy("只列出对被反映对象所在地有管辖权的卫生健康部门。"),
    )
    note = note_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = region_codes_above(lead_region(self.lead))
        offices = health_offices().filter(region__code__in=codes).order_by("-region__code", "name")
        self.fields["office"].queryset = offices
        suggested = self.lead.suggested_authority_id
        local = offices.first()
        if suggested and offices.filter(pk=suggested).exists():
            self.initial.setdefault("office", suggested)
        elif local is not None:
            self.initial.setdefault("office", local.pk)


class StartForm(ActionForm):
    note = note_field()


def facility_records(model, facility_id):
    """The facility's records a lead may be linked to (not withdrawn), newest first."""
    return model.objects.filter(facility_id=facility_id, withdrawn_at__isnull=True).order_by(
        "-decision_date", "-pk"
    )


class ConcludeForm(ActionForm):
    outcome = forms.ChoiceField(
        label=gettext_lazy("办理结果"),
        choices=[("", "---------"), *LeadOutcome.choices],
        error_messages={
            "required": gettext_lazy("请选择办理结果。"),
            "invalid_choice": gettext_lazy("请选择办理结果。"),
        },
    )
    note = note_field(gettext_lazy("办结说明（内部）"))
    penalty = RecordChoiceField(
        label=gettext_lazy("关联行政处罚"),
        queryset=PenaltyRecord.objects.none(),
        required=False,
        help_text=gettext_lazy("可选：本线索查处形成的处罚决定（该机构的处罚记录）。"),
        error_messages=CHOOSE,
    )
    inspection = RecordChoiceField(
        label=gettext_lazy("关联检查"),
        queryset=InspectionResult.objects.none(),
        required=False,
        help_text=gettext_lazy("可选：核查本线索的检查记录（该机构的检查记录）。"),
        error_messages=CHOOSE,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        facility_id = self.lead.facility_id
        if facility_id is None:
            del self.fields["penalty"], self.fields["inspection"]
            return
        self.fields["penalty"].queryset = facility_records(PenaltyRecord, facility_id)
        self.fields["inspection"].queryset = facility_records(InspectionResult, facility_id)


class ReplyForm(ActionForm):
    text = forms.CharField(
        label=gettext_lazy("答复内容"),
        max_length=TEXT_MAX,
        widget=textarea(6),
        help_text=gettext_lazy(
            "答复将向举报人公开（进度查询可见），请勿写入举报人身份或内部信息。"
        ),
        error_messages={"required": gettext_lazy("请填写答复内容。")},
    )
    note = note_field()


class CloseForm(ActionForm):
    note = note_field()


class TransferForm(ActionForm):
    agency = forms.ModelChoiceField(
        label=gettext_lazy("移送机关"),
        queryset=Authority.objects.none(),
        error_messages=CHOOSE,
        help_text=gettext_lazy("市场监管、医保、公安等其他部门。"),
    )
    letter = forms.CharField(
        label=gettext_lazy("移送函"),
        max_length=TEXT_MAX * 2,
        widget=textarea(18),
        help_text=gettext_lazy(
            "已按线索内容生成，可修改。“〔移送机关〕”将替换为所选机关。"
            "移送函不得包含举报人身份信息；移送后可在线索页打印。"
        ),
        error_messages={"required": gettext_lazy("请填写移送函。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = (
            Authority.objects.exclude(kind__in=HEALTH_KINDS)
            .select_related("region")
            .order_by("kind", "region__code", "name")
        )
        self.initial.setdefault("letter", transfer_letter(self.lead, self.user))

    def clean(self):
        cleaned = super().clean()
        agency, letter = cleaned.get("agency"), cleaned.get("letter")
        if agency and letter:
            cleaned["letter"] = letter.replace(AGENCY_PLACEHOLDER, agency.name)
        return cleaned


def sender_name(lead, user) -> str:
    try:
        return user.staff_office.office.name
    except ObjectDoesNotExist:
        pass
    if lead.office_id:
        return lead.office.name
    return _("（本机关）")


def transfer_letter(lead, user) -> str:
    """The draft letter: the lead's facts, never the reporter's identity (the template gets
    the masked lead and reads no reporter field)."""
    return render_to_string(
        TRANSFER_LETTER_TEMPLATE,
        {
            "lead": lead,
            "agency": AGENCY_PLACEHOLDER,
            "sender": sender_name(lead, user),
            "today": timezone.localdate(),
            "evidence_count": lead.evidence.count(),
        },
    ).strip()


class MergeForm(ActionForm):
    target = forms.CharField(
        label=gettext_lazy("合并到（受理编号）"),
        max_length=20,
        help_text=gettext_lazy("本线索作为重复线索并入该线索，两条线索的办理记录均保留。"),
        error_messages={"required": gettext_lazy("请填写要合并到的线索的受理编号。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        numbers = list(
            visible_leads(self.user)
            .filter(pk__in=self.lead.possible_duplicates.values("pk"))
            .values_list("receipt_number", flat=True)[:2]
        )
        if len(numbers) == 1:
            self.initial.setdefault("target", numbers[0])

    def clean_target(self):
        number = "".join(self.cleaned_data["target"].split()).upper()
        target = visible_leads(self.user).filter(receipt_number=number).only("pk").first()
        if target is None:
            raise forms.ValidationError(
                _("没有受理编号为“%(number)s”的线索，或您无权查看。") % {"number": number}
            )
        if target.pk == self.lead.pk:
            raise forms.ValidationError(_("不能与自身合并。"))
        return Lead.objects.only("pk", "state", "receipt_number").get(pk=target.pk)


class ExtendForm(ActionForm):
    stage = forms.ChoiceField(
        label=gettext_lazy("延长的环节"),
        error_messages={
            "required": gettext_lazy("请选择延长的环节。"),
            "invalid_choice": gettext_lazy("该环节没有可延长的期限。"),
        },
    )
    reason = forms.CharField(
        label=gettext_lazy("延长理由"),
        max_length=TEXT_MAX,
        widget=textarea(),
        help_text=gettext_lazy("每个环节只能延长一次。"),
        error_messages={"required": gettext_lazy("请填写延长理由。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        open_deadlines = LeadDeadline.objects.filter(lead=self.lead, met_at__isnull=True)
        self.fields["stage"].choices = [
            (d.stage, _("%(stage)s（期限 %(date)s）") % {
                "stage": d.get_stage_display(), "date": f"{d.due_on:%Y-%m-%d}"})
            for d in open_deadlines
        ]  # fmt: skip


class NoteForm(ActionForm):
    note = note_field(required=True)


# --- Reward steps (portal.leads.rewards) -------------------------------------------------


class ProposeRewardForm(ActionForm):
    amount = forms.DecimalField(
        label=gettext_lazy("奖励金额（元）"),
        max_digits=9,
        decimal_places=2,
        min_value=REWARD_MINIMUM,
        max_value=REWARD_MAXIMUM,
        help_text=gettext_lazy("一次性奖励，最低 200 元，最高 200,000 元。"),
        error_messages={
            "required": gettext_lazy("请填写奖励金额。"),
            "invalid": gettext_lazy("请填写金额数字，如 1000 或 1000.50。"),
            "min_value": gettext_lazy("奖励金额不能低于 %(limit_value)s 元。"),
            "max_value": gettext_lazy("奖励金额不能高于 %(limit_value)s 元。"),
            "max_digits": gettext_lazy("金额过大。"),
            "max_decimal_places": gettext_lazy("金额最多保留两位小数。"),
        },
    )
    basis = forms.CharField(
        label=gettext_lazy("奖励依据"),
        max_length=TEXT_MAX,
        widget=textarea(),
        error_messages={"required": gettext_lazy("请填写奖励依据。")},
    )


class DecideRewardForm(ActionForm):
    APPROVE, REJECT = "approve", "reject"
    decision = forms.ChoiceField(
        label=gettext_lazy("审批意见"),
        choices=[(APPROVE, gettext_lazy("批准")), (REJECT, gettext_lazy("不予奖励"))],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("请选择批准或不予奖励。")},
    )
    note = forms.CharField(
        label=gettext_lazy("审批说明"),
        required=False,
        max_length=TEXT_MAX,
        widget=textarea(3),
        help_text=gettext_lazy(
            "不予奖励时必须说明理由，该理由向举报人公开；批准时的说明仅内部可见。"
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.REJECT and not cleaned.get("note", "").strip():
            self.add_error("note", _("不予奖励时请说明理由。"))
        return cleaned


class PayRewardForm(ActionForm):
    reference = forms.CharField(
        label=gettext_lazy("发放凭证号"),
        max_length=100,
        error_messages={"required": gettext_lazy("请填写发放凭证号。")},
    )


# --- Duplicates and links (portal.leads.duplicates) ---------------------------------------


class LeadChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, lead):
        return f"{lead.receipt_number}（{lead.get_state_display()}，{lead.submitted_at:%Y-%m-%d}）"


class DismissDuplicateForm(ActionForm):
    other = LeadChoiceField(
        label=gettext_lazy("不是重复的线索"),
        queryset=Lead.objects.none(),
        error_messages=CHOOSE,
    )
    note = note_field(gettext_lazy("核实情况（内部）"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = (
            visible_leads(self.user)
            .filter(pk__in=self.lead.possible_duplicates.values("pk"))
            .defer(*IDENTITY_FIELDS)
        )


class LinkRecordsForm(ActionForm):
    penalty = RecordChoiceField(
        label=gettext_lazy("关联行政处罚"),
        queryset=PenaltyRecord.objects.none(),
        required=False,
        error_messages=CHOOSE,
    )
    inspection = RecordChoiceField(
        label=gettext_lazy("关联检查"),
        queryset=InspectionResult.objects.none(),
        required=False,
        error_messages=CHOOSE,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        facility_id = self.lead.facility_id
        self.fields["penalty"].queryset = facility_records(PenaltyRecord, facility_id)
        self.fields["inspection"].queryset = facility_records(InspectionResult, facility_id)
        self.initial.setdefault("penalty", self.lead.penalty_id)
        self.initial.setdefault("inspection", self.lead.inspection_id)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("penalty") or cleaned.get("inspection")):
            raise forms.ValidationError(_("请选择要关联的行政处罚或检查结果。"))
        return cleaned


class UnlinkRecordsForm(ActionForm):
    penalty = forms.BooleanField(label=gettext_lazy("取消关联行政处罚"), required=False)
    inspection = forms.BooleanField(label=gettext_lazy("取消关联检查"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("penalty", "inspection"):
            record = getattr(self.lead, name) if getattr(self.lead, f"{name}_id") else None
            if record is None:
                del self.fields[name]
            else:
                self.fields[name].help_text = record.document_number

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("penalty", "inspection")):
            raise forms.ValidationError(_("请勾选要取消的关联。"))
        return cleaned
