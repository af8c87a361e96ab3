"""Chinese resident identity numbers (GB 11643) and how they may be shown."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .normalize import normalize_code

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK_CHARS = "10X98765432"


def id_check_char(first17: str) -> str:
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def id_number_error(number: str):
    if len(number) != 18:
        return _("居民身份证号码应为18位，当前为%(n)d位") % {"n": len(number)}
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return _("居民身份证号码前17位应为数字，最后一位为数字或X")
    try:
        datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return _("居民身份证号码中的出生日期不正确")
    if id_check_char(number[:17]) != number[17]:
        return _("居民身份证号码校验位不正确")
    return None


def is_valid_id_number(value) -> bool:
    return id_number_error(normalize_code(value)) is None


def validate_id_number(value):
    error = id_number_error(normalize_code(value))
    if error:
        raise ValidationError(error, code="invalid_id_number")


def mask_id_number(value) -> str:
    """Show only the first and the last character: `1****************X`."""
    text = normalize_code(value)
    if not text:
        return ""
    if len(text) <= 2:
        return "*" * len(text)
    return text[0] + "*" * (len(text) - 2) + text[-1]


def mask_name(value) -> str:
    """张三丰 → 张**; used where a natural person's name must not be shown in full."""
    text = (value or "").strip()
    if len(text) <= 1:
        return text
    return text[0] + "*" * (len(text) - 1)
