"""How record values read on public pages: dates, amounts in 万元 and 元, masked identifiers.

Everything a public template shows about a party goes through here, so that a full ID
number cannot reach a page: the masked form comes from `mask_id_number`, and free text
(facts, remarks …) has any resident ID number it happens to contain masked too.
"""

import datetime
import re
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _

from portal.id_number import id_number_error, mask_id_number
from portal.models import PartyType
from portal.publicity import split_categories

AMOUNT_FIELDS = {"fine_amount", "confiscated_amount"}
LONG_TEXT_MAX = 120

# 18 characters that look like a resident ID number, not inside a longer code.
_ID_LIKE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


def redact_id_numbers(text: str) -> str:
    """Mask every valid resident ID number found in free text."""

    def mask(match):
        number = match.group(0).upper()
        return mask_id_number(number) if id_number_error(number) is None else match.group(0)

    return _ID_LIKE.sub(mask, text or "")


def format_date(value) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else ""


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


def format_wan(amount) -> str:
    """An amount stored in 万元 as the standard has it: "0.5万元（5,000元）"."""
    if amount is None:
        return ""
    amount = Decimal(amount)
    yuan = amount * 10000
    yuan_text = f"{yuan:,.0f}" if yuan == yuan.to_integral_value() else f"{yuan:,.2f}"
    return _("%(wan)s万元（%(yuan)s元）") % {"wan": _plain(amount), "yuan": yuan_text}


def publicity_end(record) -> str:
    """The last public day, or "长期公示" for an open-ended licence."""
    if record.publicity_ends_on is None:
        return _("长期公示")
    return format_date(record.publicity_ends_on)


def publicity_text(record) -> str:
    if record.publicity_ends_on is None:
        return _("长期公示")
    return _("公示截止：%(date)s") % {"date": format_date(record.publicity_ends_on)}


def field_value(record, name) -> str:
    """One field of a record as text for a public page ("" when empty)."""
    if name in AMOUNT_FIELDS:
        return format_wan(getattr(record, name))
    if name == "penalty_categories":
        return "、".join(split_categories(record.penalty_categories or ""))
    model_field = record._meta.get_field(name)
    value = getattr(record, name)
    if value in (None, ""):
        return ""
    if model_field.choices:
        return str(getattr(record, f"get_{name}_display")())
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(model_field, models.TextField | models.CharField):
        return redact_id_numbers(str(value))
    return str(value)


def rows(record, kind, names) -> list[dict]:
    """(label, value) rows for the non-empty fields `names` of a record."""
    result = []
    for name in names:
        value = field_value(record, name)
        if value:
            result.append({"label": kind.field_label(name), "value": value, "name": name})
    return result


def masked_id(facility) -> str:
    """A natural person's ID number as public pages show it (first and last character)."""
    return mask_id_number(facility.id_number_masked)


def _r(label, value, name):
    return {"label": label, "value": value, "name": name}


def identifier(facility) -> dict | None:
    """The one public identifier of a party: its credit code, or a masked ID number."""
    if facility.party_type == PartyType.NATURAL_PERSON:
        if not facility.id_number_masked:
            return None
        return _r(
            facility._meta.get_field("id_number").verbose_name, masked_id(facility), "id_number"
        )
    if facility.uscc:
        return _r(facility._meta.get_field("uscc").verbose_name, facility.uscc, "uscc")
    return None


ORGANISATION_FIELDS = (
    "business_registration_no",
    "organisation_code",
    "tax_registration_no",
    "institution_certificate_no",
    "social_organisation_no",
    "legal_representative",
)
PROFILE_FIELDS = ("facility_type", "licence_number", "address", "region")


def party_rows(facility, party_name=None, profile=False) -> list[dict]:
    """The public identity of a party. A natural person: name, (ID type,) masked ID only;
    never a legal representative's ID number, never anyone's full ID number."""
    label = facility._meta.get_field
    out = [_r(label("name").verbose_name, party_name or facility.name, "name")]
    if facility.party_type == PartyType.NATURAL_PERSON:
        if facility.id_number_masked and not profile:
            out.append(
                _r(label("id_type").verbose_name, facility.id_type or _("居民身份证"), "id_type")
            )
        ident = identifier(facility)
        return out + ([ident] if ident else [])
    out.append(
        _r(label("party_type").verbose_name, facility.get_party_type_display(), "party_type")
    )
    ident = identifier(facility)
    if ident:
        out.append(ident)
    names = ORGANISATION_FIELDS + (PROFILE_FIELDS if profile else ())
    for name in names:
        value = getattr(facility, name)
        if name == "facility_type":
            value = facility.get_facility_type_display()
        if value:
            out.append(_r(label(name).verbose_name, str(value), name))
    return out


def truncate(text: str, length=LONG_TEXT_MAX) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
