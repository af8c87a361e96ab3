"""Admin form for typical cases: link facilities and penalty decisions by typing what staff
know (credit code, name, document number), one per line, instead of a select box listing
every record in the database."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from portal.models import Facility, PenaltyRecord
from portal.normalize import normalize_code


class LookupLinesWidget(forms.Textarea):
    """A textarea of one reference per line, resolved to primary keys on submit.

    Lines that match nothing (or several objects) are returned as they are, so the
    ModelMultipleChoiceField reports them back to the editor as errors."""

    def __init__(self, resolve, describe, attrs=None):
        super().__init__(attrs={"rows": 4, **(attrs or {})})
        self.resolve = resolve  # line -> pk or None
        self.describe = describe  # list of pks -> {pk: line}

    def value_from_datadict(self, data, files, name):
        raw = data.get(name)
        if raw is None:
            return []
        values = []
        for line in str(raw).splitlines():
            line = line.strip()
            if not line:
                continue
            pk = self.resolve(line)
            values.append(pk if pk is not None else line)
        return values

    def format_value(self, value):
        if not value:
            return ""
        if not isinstance(value, list | tuple):
            value = [value]
        pks = [v for v in value if isinstance(v, int)]
        labels = self.describe(pks)
        return "\n".join(labels.get(v, str(v)) if isinstance(v, int) else str(v) for v in value)


def _single(queryset):
    pks = list(queryset.values_list("pk", flat=True)[:2])
    return pks[0] if len(pks) == 1 else None


def resolve_facility(line):
    code = normalize_code(line)
    if code and len(code) == 18:
        pk = _single(Facility.objects.filter(uscc=code))
        if pk is not None:
            return pk
    return _single(Facility.objects.filter(name=line))


def describe_facilities(pks):
    return {
        pk: (uscc or name)
        for pk, uscc, name in Facility.objects.filter(pk__in=pks).values_list("pk", "uscc", "name")
    }


def resolve_penalty(line):
    return _single(PenaltyRecord.objects.filter(document_number=line))


def describe_penalties(pks):
    return dict(PenaltyRecord.objects.filter(pk__in=pks).values_list("pk", "document_number"))


class CasePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lookups = {
            "facilities": (
                resolve_facility,
                describe_facilities,
                _("每行一个：统一社会信用代码或机构全称。"),
                _("找不到唯一对应的行政相对人：%(pk)s"),
            ),
            "penalties": (
                resolve_penalty,
                describe_penalties,
                _("每行一个行政处罚决定书文号。只有当天仍在公示期内的处罚会显示在页面上。"),
                _("找不到唯一对应的行政处罚决定书：%(pk)s"),
            ),
        }
        for name, (resolve, describe, help_text, not_found) in lookups.items():
            field = self.fields.get(name)
            if field is None:
                continue
            field.widget = LookupLinesWidget(resolve, describe)
            field.help_text = help_text
            field.error_messages["invalid_pk_value"] = not_found
            field.error_messages["invalid_choice"] = not_found.replace("%(pk)s", "%(value)s")
