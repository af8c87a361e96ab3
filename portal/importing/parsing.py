"""Cell values → Python values: text, dates (text or Excel cells) and amounts in 万元."""

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from ..normalize import normalize_code, normalize_text


class ParseError(ValueError):
    """A cell that cannot be read; `reason` is the Chinese message for the report."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = str(reason)


OPEN_ENDED = {"长期", "长期有效", "永久", "永久有效", "无固定期限", "无期限"}

_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^(\d{4,5})(\.0+)?$")
_TIME_SUFFIX = re.compile(r"(\s+|T)\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
MIN_YEAR = 1900
MAX_SERIAL = 2958465  # 9999-12-31


def cell_text(value) -> str:
    """Any cell as the text a person would read in it (stripped)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def clean_line(value) -> str:
    return normalize_text(cell_text(value))


def clean_long(value) -> str:
    text = cell_text(value).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def clean_code(value) -> str:
    return normalize_code(cell_text(value))


def _bad_date():
    return ParseError(_("日期格式不正确，应为 2026-03-05、2026/3/5、20260305 或 Excel 日期"))


def _from_serial(number) -> datetime.date:
    if not 1 <= number <= MAX_SERIAL:
        raise _bad_date()
    value = from_excel(number)
    return value.date() if isinstance(value, datetime.datetime) else value


def _checked(year, month, day) -> datetime.date:
    try:
        date = datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise ParseError(_("日期不存在（请检查年、月、日）")) from None
    if date.year < MIN_YEAR:
        raise ParseError(_("日期早于1900年，请检查是否填写正确"))
    return date


def parse_date(value, open_ended_ok=False):
    """A date, or None for an empty cell (or "长期" where `open_ended_ok`)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return _checked(value.year, value.month, value.day)
    if isinstance(value, datetime.date):
        return _checked(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise _bad_date()
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            value = int(value)  # a date cell with a time of day: keep the day
        if 19000101 <= value <= 99991231:
            text = str(int(value))
            return _checked(text[:4], text[4:6], text[6:])
        return _from_serial(int(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    if text in OPEN_ENDED:
        if open_ended_ok:
            return None
        raise ParseError(_("此项须填写具体日期（长期有效可填写 2099-12-31）"))
    text = _TIME_SUFFIX.sub("", text)
    match = _YMD.match(text) or _COMPACT.match(text)
    if match:
        return _checked(*match.groups())
    match = _SERIAL.match(text)
    if match and len(match.group(1)) == 5:
        return _from_serial(int(match.group(1)))
    raise _bad_date()


MAX_INTEGER_DIGITS = 8  # max_digits=14, decimal_places=6 on the model fields
MAX_DECIMALS = 6


def parse_amount(value):
    """An amount in 万元 as a Decimal, or None for an empty cell."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ParseError(_("金额格式不正确，应为以万元为单位的数字，如 0.2"))
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int | float):
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        text = unicodedata.normalize("NFKC", str(value))
        text = "".join(text.split()).replace(",", "")
        if not text:
            return None
        for suffix in ("万元", "万"):
            if text.endswith(suffix):
                text = text[: -len(suffix)]
                break
        else:
            if text.endswith("元"):
                raise ParseError(_("金额单位应为万元（如罚款2000元应填写 0.2）"))
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ParseError(_("金额格式不正确，应为以万元为单位的数字，如 0.2")) from None
    if not amount.is_finite():
        raise ParseError(_("金额格式不正确，应为以万元为单位的数字，如 0.2"))
    if amount < 0:
        raise ParseError(_("金额不能为负数"))
    amount = amount.normalize() if amount else Decimal(0)
    exponent = amount.as_tuple().exponent
    if exponent < -MAX_DECIMALS:
        raise ParseError(_("金额最多保留6位小数（单位为万元）"))
    if amount >= Decimal(10) ** MAX_INTEGER_DIGITS:
        raise ParseError(_("金额过大，请确认单位为万元"))
    return amount


def canonical(value) -> str:
    """A stable text form of a cleaned value, for the row hash."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ";".join(canonical(v) for v in value)
    return str(value)
