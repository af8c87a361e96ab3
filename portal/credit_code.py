"""统一社会信用代码 (GB 32100-2015) and its embedded organisation code (GB 11714)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .normalize import normalize_code

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {ch: i for i, ch in enumerate(ALPHABET)}
WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def uscc_check_char(first17: str) -> str:
    total = sum(VALUES[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    total = 0
    for ch, w in zip(first8, ORG_WEIGHTS, strict=True):
        value = int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10
        total += value * w
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def uscc_error(code: str):
    """Return a Chinese reason why a normalised code is not a valid USCC, or None."""
    if len(code) != 18:
        return _("统一社会信用代码应为18位，当前为%(n)d位") % {"n": len(code)}
    bad = sorted({ch for ch in code if ch not in VALUES})
    if bad:
        return _("统一社会信用代码含有不允许的字符：%(chars)s") % {"chars": "".join(bad)}
    if not code[2:8].isdigit():
        return _("统一社会信用代码第3-8位应为行政区划代码（数字）")
    org = code[8:17]
    if not all(ch.isdigit() or "A" <= ch <= "Z" for ch in org[:8]):
        return _("统一社会信用代码第9-17位（组织机构代码）格式不正确")
    if org_code_check_char(org[:8]) != org[8]:
        return _("统一社会信用代码中的组织机构代码校验位不正确")
    if uscc_check_char(code[:17]) != code[17]:
        return _("统一社会信用代码校验位不正确")
    return None


def is_valid_uscc(value) -> bool:
    return uscc_error(normalize_code(value)) is None


def validate_uscc(value):
    """Django validator; accepts full-width or lower-case input as the citizen typed it."""
    error = uscc_error(normalize_code(value))
    if error:
        raise ValidationError(error, code="invalid_uscc")


def make_uscc(prefix2: str, division6: str, org8: str) -> str:
    """Build a valid USCC from its parts (used by demo data and tests)."""
    org9 = org8 + org_code_check_char(org8)
    first17 = prefix2 + division6 + org9
    return first17 + uscc_check_char(first17)


def suggest_uscc(value) -> list[str]:
    """Codes one character away from `value` that are valid: for "did you mean" on typos."""
    code = normalize_code(value)
    if len(code) != 18:
        return []
    found = []
    for i in range(18):
        for ch in ALPHABET:
            if ch != code[i]:
                candidate = code[:i] + ch + code[i + 1 :]
                if uscc_error(candidate) is None:
                    found.append(candidate)
    return found
