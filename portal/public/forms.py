"""The GET parameters of a public record list, parsed leniently.

A bad value never fails the page: the field is dropped and a note says so
(`FilterForm.notes`). Parameter names are short because filtered lists are shared as URLs:
region, authority, from, to, year, category, type, facility, q, sort, page.
"""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.models.parties import FacilityType

DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d"]
SORTS = {"newest": ("-decision_date", "-id"), "oldest": ("decision_date", "id")}
# Form field name → GET parameter, where they differ ("from" is a Python keyword).
PARAM_NAMES = {"date_from": "from", "date_to": "to"}


class FilterForm(forms.Form):
    region = forms.RegexField(label=_("所在区划"), regex=r"^\d{6}$", required=False)
    authority = forms.IntegerField(label=_("决定机关"), min_value=1, required=False)
    date_from = forms.DateField(label=_("起始日期"), input_formats=DATE_FORMATS, required=False)
    date_to = forms.DateField(label=_("截止日期"), input_formats=DATE_FORMATS, required=False)
    year = forms.IntegerField(label=_("年份"), min_value=1949, max_value=2100, required=False)
    category = forms.IntegerField(label=_("处罚类别"), min_value=1, required=False)
    type = forms.ChoiceField(
        label=_("机构类型"), choices=[("", "")] + FacilityType.choices, required=False
    )
    facility = forms.IntegerField(label=_("行政相对人"), min_value=1, required=False)
    q = forms.CharField(label=_("名称或文书号"), max_length=100, required=False)
    sort = forms.ChoiceField(
        label=_("排序"),
        choices=[("newest", _("最新在前")), ("oldest", _("最早在前"))],
        required=False,
    )

    def __init__(self, data, *, with_category=False):
        super().__init__(data)
        if not with_category:
            del self.fields["category"]
        self.notes = []

    def add_prefix(self, field_name):
        return PARAM_NAMES.get(field_name, field_name)

    def values(self) -> dict:
        """The cleaned, valid, non-empty values; notes for the ones that were dropped."""
        self.is_valid()
        values = {}
        for name, field in self.fields.items():
            raw = (self.data.get(self.add_prefix(name)) or "").strip()
            if name in self.errors:
                self.notes.append(
                    gettext("“%(label)s”的值“%(value)s”无效，已忽略该条件。")
                    % {"label": field.label, "value": raw[:40]}
                )
            elif self.cleaned_data.get(name) not in (None, ""):
                values[name] = self.cleaned_data[name]
        start, end = values.get("date_from"), values.get("date_to")
        if start and end and start > end:
            values["date_from"], values["date_to"] = end, start
            self.notes.append(gettext("起始日期晚于截止日期，已对调。"))
        return values

    def reject(self, name, value):
        """A well-formed value that names nothing (unknown region code, authority …)."""
        self.notes.append(
            gettext("未找到“%(label)s”为“%(value)s”的项目，已忽略该条件。")
            % {"label": self.fields[name].label, "value": str(value)[:40]}
        )
