"""Admin forms. Personal ID numbers are write-only: staff see them masked, never in full."""

from django import forms
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from ..id_number import mask_id_number

WRITE_ONLY_FIELDS = ("id_number", "legal_rep_id_number")


class FacilityForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in WRITE_ONLY_FIELDS:
            if name not in self.fields:
                continue
            stored = getattr(self.instance, name, "") if self.instance.pk else ""
            field = self.fields[name]
            field.widget = forms.TextInput(attrs={"autocomplete": "off"})
            self.initial[name] = ""
            if stored:
                field.widget.attrs["placeholder"] = mask_id_number(stored)
                field.help_text = _("已存储：%(masked)s。留空则保持不变，填写则替换。") % {
                    "masked": mask_id_number(stored)
                }

    def _clean_write_only(self, name):
        value = self.cleaned_data.get(name, "")
        if not value and self.instance.pk:
            return type(self.instance).objects.get(pk=self.instance.pk).__dict__[name]
        return value

    def clean_id_number(self):
        return self._clean_write_only("id_number")

    def clean_legal_rep_id_number(self):
        return self._clean_write_only("legal_rep_id_number")
