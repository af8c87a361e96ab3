"""The public forms of /report/ and /track/: one lead form with kind-specific fields, the
"add information" form and the progress lookup.

Every message is Chinese source text; `error_list()` gives the summary at the top of the
page (links to the inputs). Evidence is checked in `clean()` (content type, re-encoding,
count and total size, with what is already pending), so the valid files are known even
when another field fails and can be kept for the next attempt (portal/intake/pending.py).
"""

import datetime
import re

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..id_number import validate_id_number
from ..models import Facility, LeadCategory, LeadKind
from ..normalize import normalize_code
from .fields import (
    EvidenceField,
    EvidenceMixin,
    IntakeForm,
    RegionField,
    TextField,
    captcha_field,
    region_choices,
    text_field,
)

IDENTITY_FIELDS = ("reporter_name", "reporter_id_number", "reporter_phone", "reporter_email",
                   "reporter_address")  # fmt: skip
REWARD_REQUIRED = ("reporter_name", "reporter_id_number", "reporter_phone")
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日"]
EARLIEST = datetime.date(1950, 1, 1)
MOBILE = re.compile(r"^1[3-9]\d{9}$")
DESCRIPTION = {
    LeadKind.COMPLAINT: (_("您遇到的问题"), _("请写明时间、地点、经过，以及哪里让您不满意。")),
    LeadKind.VIOLATION: (_("违法违规行为"), _("请写明时间、地点、谁做了什么，您是怎么知道的。")),
    LeadKind.REWARD: (
        _("违法违规行为"),
        _("请写明时间、地点、谁做了什么，您是怎么知道的。线索越具体，越容易查实。"),
    ),  # fmt: skip
    LeadKind.NOMINATE: (_("希望检查的问题"), _("请写明您希望我们检查哪些方面，以及原因。")),
}

__all__ = ["LeadForm", "SupplementForm", "TrackForm", "region_choices"]


class LeadForm(EvidenceMixin, IntakeForm):
    category = forms.ModelChoiceField(
        label=_("问题类别"),
        queryset=LeadCategory.objects.filter(active=True),
        empty_label=_("请选择"),
        error_messages={
            "required": _("请选择问题类别。"),
            "invalid_choice": _("请从列表中选择问题类别。"),
        },  # fmt: skip
    )
    facility = forms.CharField(required=False, widget=forms.HiddenInput)
    facility_name = text_field(
        _("被反映的机构或人员"), 200,
        help_text=_("输入名称后可从列表中选择；列表中没有的，请直接填写全称。"),
    )  # fmt: skip
    facility_address = text_field(_("地址"), 300, help_text=_("机构或人员所在的地址，尽量写到门牌号。"))  # fmt: skip
    region = RegionField(
        label=_("所在区划"),
        required=False,
        choices=region_choices,
        help_text=_("被反映的机构所在的区、县。"),
        error_messages={"invalid_choice": _("请从列表中选择所在区划。")},
    )
    occurred_on = forms.DateField(
        label=_("发生日期"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("格式如 2025-03-05；记不清可以不填。"),
        error_messages={"invalid": _("请输入有效的日期，格式如 2025-03-05。")},
    )
    description = text_field(_("反映的问题"), 5000, required=True, min_length=20, textarea=True)
    wanted = text_field(
        _("您的诉求"), 1000, textarea=True, help_text=_("希望我们怎么处理。可以不填。")
    )
    evidence = EvidenceField(label=_("上传证据文件"))
    anonymous = forms.BooleanField(
        label=_("匿名反映"),
        required=False,
        help_text=_(
            "匿名时不保存您填写的姓名和联系方式，我们无法联系您；请记好受理编号和查询码，以便查询办理进度。"
        ),  # fmt: skip
    )
    reporter_name = text_field(_("姓名"), 50, required_message=_("请填写真实姓名。"))
    reporter_id_number = TextField(
        label=_("居民身份证号码"),
        required=False,
        max_length=30,
        validators=[validate_id_number],
        error_messages={
            "required": _("请填写居民身份证号码。"),
            "max_length": _("居民身份证号码应为18位。"),
        },  # fmt: skip
    )
    reporter_phone = TextField(
        label=_("手机号码"),
        required=False,
        max_length=30,
        help_text=_("11位手机号码，用于告知办理结果。"),
        error_messages={
            "required": _("请填写手机号码。"),
            "max_length": _("请填写11位手机号码，如 13800138000。"),
        },  # fmt: skip
    )
    reporter_email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("请填写有效的电子邮箱，如 name@example.com。"),
            "null_characters_not_allowed": _("请填写有效的电子邮箱，如 name@example.com。"),
            "max_length": _("电子邮箱最多 %(limit_value)d 个字符。"),
        },  # fmt: skip
    )
    reporter_address = text_field(_("联系地址"), 200)
    reward_consent = forms.BooleanField(
        label=_("我已阅读并同意奖励规则"),
        required=True,
        error_messages={"required": _("请阅读奖励规则并勾选“我已阅读并同意奖励规则”。")},
    )
    captcha = captcha_field()

    error_targets = {"facility": "facility_name"}

    def __init__(self, kind, *args, kept=(), rejected=(), **kwargs):
        self.kind = LeadKind(kind)
        super().__init__(*args, **kwargs)
        label, hint = DESCRIPTION[self.kind]
        self.fields["description"].label = label
        self.fields["description"].help_text = _("%(hint)s 20 至 5000 字。") % {"hint": hint}
        self.fields["description"].error_messages["required"] = _("请填写%(label)s。") % {"label": label}  # fmt: skip
        if self.kind == LeadKind.REWARD:
            del self.fields["anonymous"]
            for name in REWARD_REQUIRED:
                self.fields[name].required = True
                self.fields[name].widget.attrs["aria-required"] = "true"
        else:
            del self.fields["reward_consent"]
            self.fields["anonymous"].widget.attrs["data-identity-toggle"] = ""
        self.setup_evidence(kept, rejected)
        self.fields["reporter_name"].widget.attrs["autocomplete"] = "name"
        self.fields["reporter_phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["reporter_email"].widget.attrs["autocomplete"] = "email"
        self.fields["reporter_address"].widget.attrs["autocomplete"] = "street-address"
        self.fields["reporter_id_number"].widget.attrs.update(autocomplete="off", spellcheck="false")  # fmt: skip
        self.fields["facility_name"].widget.attrs.update({
            "autocomplete": "off",
            "data-suggest-url": reverse("intake:facilities"),
            "data-suggest-pick": "id_facility",
            "data-suggest-label": _("机构名称建议"),
            "data-suggest-status": _("条机构名称建议，按上下方向键选择，按回车键选定。"),
            "data-suggest-chosen": _("已选择："),
        })  # fmt: skip
        self.fields["occurred_on"].widget.attrs["class"] = "input--medium"

    @property
    def anonymous_chosen(self) -> bool:
        return self.kind != LeadKind.REWARD and bool(self.cleaned_data.get("anonymous"))

    def clean_facility(self):
        value = (self.cleaned_data.get("facility") or "").strip()
        if not value.isascii() or not value.isdigit() or len(value) > 18:
            return None
        return Facility.objects.filter(pk=int(value)).first()

    def clean_occurred_on(self):
        day = self.cleaned_data.get("occurred_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("发生日期不能晚于今天。"), code="future")
        if day and day < EARLIEST:
            raise forms.ValidationError(_("发生日期不能早于 1950 年。"), code="too_old")
        return day

    def clean_reporter_id_number(self):
        return normalize_code(self.cleaned_data.get("reporter_id_number"))

    def clean_reporter_phone(self):
        phone = normalize_code(self.cleaned_data.get("reporter_phone"))
        if phone.startswith("+86"):
            phone = phone[3:]
        elif len(phone) == 13 and phone.startswith("86"):
            phone = phone[2:]
        if phone and not MOBILE.match(phone):
            raise forms.ValidationError(_("请填写11位手机号码，如 13800138000。"), code="invalid")
        return phone

    def clean(self):
        cleaned = super().clean()
        self.check_evidence()
        facility = cleaned.get("facility")
        if not facility and not cleaned.get("facility_name") and "facility_name" not in self.errors:
            self.add_error(
                "facility_name",
                _("请填写被反映的机构或人员名称（可从列表中选择，列表中没有的直接填写）。"),
            )
        if facility and not cleaned.get("region") and "region" not in self.errors:
            cleaned["region"] = facility.region
        if self.anonymous_chosen:
            for name in IDENTITY_FIELDS:
                self.errors.pop(name, None)
                cleaned[name] = ""
        cleaned["anonymous"] = self.anonymous_chosen
        return cleaned

    def chosen_facility(self):
        """The listed facility picked in the type-ahead (also on a re-rendered form)."""
        value = str(self.data.get("facility") or "").strip() if self.is_bound else ""
        if value.isascii() and value.isdigit() and len(value) <= 18:
            return Facility.objects.filter(pk=int(value)).only("name", "uscc").first()
        return None


class SupplementForm(EvidenceMixin, IntakeForm):
    text = text_field(
        _("补充说明"), 5000, required=True, min_length=1, textarea=True,
        help_text=_("新的情况、补充的线索或对证据的说明，最多 5000 字。"),
        required_message=_("请填写补充说明。"),
    )  # fmt: skip
    evidence = EvidenceField(label=_("补充证据"))

    def __init__(self, *args, kept=(), rejected=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_evidence(kept, rejected)

    def clean(self):
        cleaned = super().clean()
        self.check_evidence()
        return cleaned


class TrackForm(IntakeForm):
    receipt_number = TextField(
        label=_("受理编号"),
        max_length=40,
        help_text=_("提交后页面上显示的编号，如 JB2026112300123。"),
        error_messages={
            "required": _("请填写受理编号。"),
            "max_length": _("受理编号或查询码不正确。"),
        },  # fmt: skip
    )
    query_code = TextField(
        label=_("查询码"),
        max_length=40,
        help_text=_("提交时只显示一次的12位查询码，如 ABCD-EFGH-JKMN；不区分大小写。"),
        error_messages={
            "required": _("请填写查询码。"),
            "max_length": _("受理编号或查询码不正确。"),
        },  # fmt: skip
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),  # fmt: skip
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receipt_number"].widget.attrs.update(autocomplete="off", spellcheck="false")
