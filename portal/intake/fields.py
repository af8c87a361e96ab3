"""Fields, widgets and shared behaviour of the intake forms (portal/intake/forms.py): text
without control characters, the region select, multiple evidence files, the CAPTCHA with
refresh and audio, the error summary and the evidence checks."""

import re

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.core.cache import cache
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..models import Authority, Facility, Region
from ..normalize import normalize_code
from ..pagecache import current_version
from .evidence import EvidenceError, allowed_types, check_file, limits

# C0/C1 control characters other than tab and newline: nobody types them on purpose.
_CONTROL = {c: None for c in [*range(0, 9), 11, 12, *range(14, 32), 127, *range(128, 160)]}


def clean_text(value) -> str:
    """Drop control characters (NUL and the like) and normalise line breaks."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_CONTROL)


class TextField(forms.CharField):
    """A CharField that silently drops control characters before the length checks."""

    def to_python(self, value):
        return super().to_python(clean_text(value) if value not in self.empty_values else value)


def text_field(label, max_length, required=False, min_length=None, textarea=False, **kw):
    messages = {
        "required": kw.pop("required_message", _("请填写此项。")),
        "max_length": _("最多 %(limit_value)d 个字（当前 %(show_value)d 个字）。"),
        "min_length": _("请至少写 %(limit_value)d 个字（当前 %(show_value)d 个字）。"),
    }
    widget = forms.Textarea(attrs={"rows": 8}) if textarea else forms.TextInput()
    return TextField(label=label, max_length=max_length, min_length=min_length,
                     required=required, widget=widget, error_messages=messages, **kw)  # fmt: skip


REGIONS_SECONDS = 600


def region_choices() -> list[tuple[str, str]]:
    """Regions that have facilities or authorities, with their ancestors, indented.

    Every form page lists them: kept in the cache until anything is published or
    imported (the page-cache version changes) or ten minutes pass."""
    key = f"intake:regions:{current_version()}"
    regions = cache.get(key)
    if regions is None:
        regions = _regions_in_use()
        cache.set(key, regions, REGIONS_SECONDS)
    return [("", _("请选择"))] + [(code, "\u3000" * (level - 1) + name) for code, name, level in regions]  # fmt: skip


def _regions_in_use() -> list:
    used = Region.objects.filter(
        Q(pk__in=Facility.objects.filter(region__isnull=False).values("region_id"))
        | Q(pk__in=Authority.objects.filter(region__isnull=False).values("region_id"))
    ).values_list("code", flat=True)
    codes = set()
    for code in used:
        codes.update({code, code[:2] + "0000", code[:4] + "00"})
    regions = Region.objects.filter(code__in=codes).order_by("code")
    return list(regions.values_list("code", "name", "level"))


class RegionField(forms.ChoiceField):
    """A select of the regions in use; any existing six-digit code is accepted."""

    def validate(self, value):
        forms.Field.validate(self, value)

    def clean(self, value):
        code = normalize_code(super().clean(value))
        if not code:
            return None
        region = Region.objects.filter(code=code).first() if re.fullmatch(r"\d{6}", code) else None
        if region is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return region


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True

    def __init__(self, attrs=None):
        super().__init__({"multiple": True, **(attrs or {})})


class EvidenceField(forms.Field):
    """The uploads as a list; checked by the form (see EvidenceMixin)."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        return [v for v in (value or []) if v]


class IntakeCaptchaWidget(CaptchaTextInput):
    template_name = "intake/_captcha.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["refresh"] = self.refresh_url()
        # The audio alternative is always offered (DOMAIN.md §8), even if flite is unset.
        context["audio"] = context["audio"] or reverse("captcha-audio", kwargs={"key": self._key})
        answer = context["widget"]["subwidgets"][1]["attrs"]
        answer.update(inputmode="numeric", autocomplete="off", **{"class": "input--short"})
        # A MultiWidget gets no automatic aria-describedby (Django renders it as a fieldset).
        base = (attrs or {}).get("id", "id_captcha")
        described = [f"{base}_helptext"] + ([f"{base}_error"] if answer.get("aria-invalid") else [])
        answer["aria-describedby"] = " ".join(described)
        context["widget"]["subwidgets"][0]["attrs"].pop("aria-invalid", None)
        context["widget"]["subwidgets"][0]["attrs"].pop("aria-describedby", None)
        context["widget"]["subwidgets"][0]["attrs"].pop("aria-required", None)
        return context


def captcha_field():
    return CaptchaField(
        label=_("验证码"),
        help_text=_("请计算图中算式，填写得数（数字）。看不清可换一题，或收听语音。"),
        widget=IntakeCaptchaWidget(),
        error_messages={
            "invalid": _("验证码不正确，请计算新的题目后重新填写。"),
            "required": _("请填写验证码。"),
            "incomplete": _("请填写验证码。"),
        },
    )


class IntakeForm(forms.Form):
    """Shared behaviour: no browser pop-up validation, aria-required, the error summary."""

    use_required_attribute = False
    error_targets: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.required:
                field.widget.attrs["aria-required"] = "true"

    def error_list(self) -> list[dict]:
        """[{"id", "label", "message"}], non-field errors first, then in field order."""
        errors = [
            {"id": self._target(next(iter(self.fields))), "label": "", "message": message}
            for message in self.non_field_errors()
        ]
        for name in self.fields:
            for message in self.errors.get(name, []):
                label = self.fields[name].label
                errors.append({"id": self._target(name), "label": label, "message": message})
        return errors

    def _target(self, name) -> str:
        target = self.error_targets.get(name, name)
        return self[target].id_for_label or f"id_{target}"


class EvidenceMixin:
    """Checks the uploads of `evidence` against the limits, counting what is pending."""

    def setup_evidence(self, kept=(), rejected=()):
        self.kept = list(kept)  # pending entries (dicts) the visitor did not remove
        self.rejected = list(rejected)  # (name, reason) from the upload handler
        self.new_files = []  # CheckedFile that passed, to attach or keep as pending
        lim = limits()
        self.fields["evidence"].help_text = _(
            "最多 %(files)d 个文件，每个不超过 %(size)s，合计不超过 %(total)s。"
            "可上传图片、PDF、Word/Excel 文档、录音或视频；图片会去除拍摄位置等信息。"
        ) % {"files": lim["files"], "size": filesizeformat(lim["file_bytes"]),
             "total": filesizeformat(lim["total_bytes"])}  # fmt: skip

    def check_evidence(self):
        lim = limits()
        errors = [
            _("“%(name)s”未能上传：%(reason)s") % {"name": name or _("文件"), "reason": reason}
            for name, reason in self.rejected
        ]
        uploads = self.cleaned_data.get("evidence") or []
        allowed = allowed_types() if uploads else {}
        count = len(self.kept)
        total = sum(item["size"] for item in self.kept)
        for upload in uploads:
            try:
                checked = check_file(upload, allowed)
            except EvidenceError as exc:
                errors.append(str(exc))
                continue
            if count + 1 > lim["files"]:
                errors.append(_("“%(name)s”未能上传：最多上传 %(n)d 个文件。") % {"name": checked.name, "n": lim["files"]})  # fmt: skip
            elif total + checked.size > lim["total_bytes"]:
                errors.append(_("“%(name)s”未能上传：文件合计超过 %(total)s。") % {"name": checked.name, "total": filesizeformat(lim["total_bytes"])})  # fmt: skip
            elif checked.size > lim["file_bytes"]:
                errors.append(_("“%(name)s”未能上传：文件超过 %(size)s。") % {"name": checked.name, "size": filesizeformat(lim["file_bytes"])})  # fmt: skip
            else:
                self.new_files.append(checked)
                count += 1
                total += checked.size
        for message in errors:
            self.add_error("evidence", message)
