"""The rows of a record's detail page: every public field of DOMAIN.md §2 for its kind."""

from django.utils.translation import gettext as _

from .formatting import field_value, format_date, party_rows, publicity_end, rows


def _row(label, value, name):
    return {"label": label, "value": value, "name": name} if value else None


def decision_rows(record, kind) -> list[dict]:
    authority = record.authority
    head = [_row(kind.number_label, record.document_number, "document_number")]
    tail = [
        _row(kind.date_label, format_date(record.decision_date), "decision_date"),
        _row(kind.authority_label, authority.name, "authority"),
        _row(kind.authority_code_label, authority.uscc or "", "authority_uscc"),
        _row(kind.field_label("data_source_name"), record.data_source_name, "data_source_name"),
        _row(kind.field_label("data_source_uscc"), record.data_source_uscc, "data_source_uscc"),
        _row(kind.field_label("remarks"), field_value(record, "remarks"), "remarks"),
    ]
    return [r for r in head if r] + rows(record, kind, kind.fields) + [r for r in tail if r]


def detail_sections(record, kind) -> list[dict]:
    return [
        {"title": _("当事人信息"), "rows": party_rows(record.facility, record.party_name)},
        {"title": _("决定信息"), "rows": decision_rows(record, kind)},
        {
            "title": _("公示信息"),
            "rows": [_row(_("公示截止日期"), publicity_end(record), "publicity")],
        },
    ]
