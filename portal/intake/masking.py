"""Masked copies of a reporter's details for lists (the clear values stay encrypted)."""

from ..id_number import mask_id_number


def mask_name(name: str) -> str:
    name = (name or "").strip()
    if len(name) <= 1:
        return "*" if name else ""
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_email(email: str) -> str:
    local, _, domain = (email or "").partition("@")
    if not domain:
        return ""
    return (local[:1] or "*") + "***@" + domain


def apply_masks(lead):
    lead.reporter_name_masked = mask_name(lead.reporter_name)
    lead.reporter_id_masked = (
        mask_id_number(lead.reporter_id_number) if lead.reporter_id_number else ""
    )
    lead.reporter_phone_masked = mask_phone(lead.reporter_phone)
    lead.reporter_email_masked = mask_email(lead.reporter_email)
