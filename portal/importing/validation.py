"""Per-row validation: every cell of every row is checked before anything is written.

A valid row becomes a `CleanRow` (party, authority and record values, ready for the
writer, plus a SHA-256 of the normalised row); an invalid one yields `Problem`s.
"""

from django.utils.translation import gettext as _

from ..credit_code import uscc_error
from ..id_number import id_number_error
from ..models import Authority, Facility, PartyType
from ..models.records import RECORD_MODELS, InspectionResult, LicenceRecord
from ..publicity import split_categories
from .columns import AMOUNT, CODE, COLUMNS, DATE, LONG
from .parsing import (
    ParseError,
    cell_text,
    clean_code,
    clean_line,
    clean_long,
    parse_amount,
    parse_date,
)
from .report import Problem
from .rows import PARTY_KEYS, CleanRow, row_hash

AUTHORITY_KEYS = ("authority_name", "authority_uscc")
USCC_KEYS = ("party_uscc", "authority_uscc", "data_source_uscc")
CHOICE_KEYS = ("party_category", "licence_category", "status", "result")  # checked by value
MEMO_SIZE = 5000
OPEN_ENDED_DATES = ("valid_to", "removal_planned_on")
ID_CARD_TYPES = {"", "身份证", "居民身份证", "中华人民共和国居民身份证", "二代身份证"}
PARTY_LABELS = {str(label): value for value, label in PartyType.choices}
PARTY_LABELS.update({value: value for value in PartyType.values})
LICENCE_CATEGORIES = set(LicenceRecord.Category.values)
LICENCE_STATUS = {v: v for v in LicenceRecord.Status.values}
LICENCE_STATUS.update({str(label): value for value, label in LicenceRecord.Status.choices})


def _result_key(text: str) -> str:
    """抽查结果 compared without punctuation: "发现问题，已责令改正" is "发现问题已责令改正"."""
    return "".join(ch for ch in text if ch not in "，,、；;。.")


INSPECTION_RESULTS = {_result_key(v): v for v in InspectionResult.Result}
# (end, start) pairs: the end may not come before the start.
DATE_ORDER = [
    ("valid_to", "valid_from"),
    ("valid_until", "decision_date"),
    ("publicity_until", "decision_date"),
    ("removed_on", "decision_date"),
    ("removal_planned_on", "decision_date"),
]


def _max_lengths(kind: str) -> dict:
    model = RECORD_MODELS[kind]
    lengths = {"party_name": 200, "authority_name": Authority._meta.get_field("name").max_length}
    lengths["id_number"] = lengths["legal_rep_id_number"] = 30
    for column in COLUMNS[kind]:
        if column.key in lengths or column.key in USCC_KEYS or column.key in CHOICE_KEYS:
            continue
        source = Facility if column.key in PARTY_KEYS else model
        try:
            length = source._meta.get_field(column.key).max_length
        except Exception:
            length = None
        if length:
            lengths[column.key] = length
    return lengths


class RowValidator:
    def __init__(self, kind: str, positions: dict, known_penalties):
        self.kind = kind
        self.columns = [(c, positions[c.key]) for c in COLUMNS[kind] if c.key in positions]
        self.by_key = {c.key: c for c in COLUMNS[kind]}
        self.known_penalties = set(known_penalties)
        self.lengths = _max_lengths(kind)
        self.memo = {c.key: {} for c in COLUMNS[kind]}
        self.uscc_errors = {}
        self.record_keys = [
            c.key for c in COLUMNS[kind] if c.key not in PARTY_KEYS and c.key not in AUTHORITY_KEYS
        ]

    def _parse_cached(self, column, raw):
        """`_parse`, remembered per column for values that repeat (authorities, dates,
        categories …): a column whose values keep changing stops being remembered."""
        memo = self.memo[column.key]
        try:
            found = memo[raw]
        except KeyError:
            try:
                found = self._parse(column, raw)
            except ParseError as exc:
                found = exc
            if len(memo) < MEMO_SIZE:
                memo[raw] = found
        except TypeError:  # an unhashable cell
            return self._parse(column, raw)
        if isinstance(found, ParseError):
            raise found
        return found

    def _uscc_error(self, code):
        try:
            return self.uscc_errors[code]
        except KeyError:
            error = uscc_error(code)
            if len(self.uscc_errors) < MEMO_SIZE:
                self.uscc_errors[code] = error
            return error

    def _parse(self, column, raw):
        if column.type == DATE:
            return parse_date(raw, open_ended_ok=column.key in OPEN_ENDED_DATES)
        if column.type == AMOUNT:
            return parse_amount(raw)
        if column.type == CODE:
            value = clean_code(raw)
        elif column.type == LONG:
            value = clean_long(raw)
        else:
            value = clean_line(raw)
        limit = self.lengths.get(column.key)
        if limit and len(value) > limit:
            raise ParseError(
                _("内容过长：最多 %(max)d 个字符，当前 %(n)d 个") % {"max": limit, "n": len(value)}
            )
        return value

    def validate(self, number: int, cells) -> tuple[CleanRow | None, list]:
        values, raws, problems = {}, {}, []
        width = len(cells)

        def fail(key, reason):
            problems.append(
                Problem(number, self.by_key[key].zh, cell_text(raws.get(key)), str(reason))
            )

        for column, position in self.columns:
            raw = cells[position] if position < width else None
            raws[column.key] = raw
            try:
                value = self._parse_cached(column, raw)
            except ParseError as exc:
                fail(column.key, exc.reason)
                continue
            if column.required and (value is None or value == ""):
                fail(column.key, _("必填项为空"))
                continue
            values[column.key] = value
        failed = {p.column for p in problems}
        self._check(values, fail, failed)
        if problems:
            return None, problems
        return self._clean(number, values), []

    def _check(self, v: dict, fail, failed):
        get = v.get
        category = self._party_type(v, fail)
        uscc = get("party_uscc", "")
        for key in USCC_KEYS:
            if get(key):
                error = self._uscc_error(v[key])
                if error:
                    fail(key, error)
        if category and category != PartyType.NATURAL_PERSON and not uscc:
            if self.by_key["party_uscc"].zh not in failed:
                fail("party_uscc", _("法人及非法人组织、个体工商户必须填写统一社会信用代码"))
        if category == PartyType.NATURAL_PERSON and get("id_number"):
            if get("id_type", "") in ID_CARD_TYPES:
                error = id_number_error(v["id_number"])
                if error:
                    fail("id_number", error)
        if get("licence_category") and v["licence_category"] not in LICENCE_CATEGORIES:
            fail("licence_category", _("许可类别应为：普通、特许、认可、核准、登记、其他之一"))
        if get("status") and v["status"] not in LICENCE_STATUS:
            fail(
                "status",
                _("当前状态应为 1（有效）、2（撤销）、3（注销）、4（失效）或 9（其他）"),
            )
        if get("result") and _result_key(v["result"]) not in INSPECTION_RESULTS:
            fail(
                "result",
                _("抽查结果应为：%(choices)s之一")
                % {"choices": "、".join(InspectionResult.Result)},
            )
        if get("penalty_categories"):
            names = split_categories(v["penalty_categories"])
            unknown = [n for n in names if n not in self.known_penalties]
            if unknown:
                fail(
                    "penalty_categories",
                    _("未知的处罚类别：%(names)s（可在“处罚类别与失信等级”中添加类别或别名）")
                    % {"names": "、".join(unknown)},
                )
        for end, start in DATE_ORDER:
            if get(end) and get(start) and v[end] < v[start]:
                fail(
                    end,
                    _("%(end)s（%(end_value)s）早于%(start)s（%(start_value)s）")
                    % {
                        "end": self.by_key[end].zh,
                        "end_value": v[end].isoformat(),
                        "start": self.by_key[start].zh,
                        "start_value": v[start].isoformat(),
                    },
                )

    def _party_type(self, v: dict, fail):
        text = v.get("party_category", "")
        if text:
            value = PARTY_LABELS.get(text)
            if value is None:
                fail(
                    "party_category",
                    _("行政相对人类别应为：法人及非法人组织、自然人、个体工商户之一"),
                )
            return value
        if self.by_key["party_category"].required:
            return None  # already reported as empty, or as a missing column
        # Optional for blacklist and inspection files: infer from the identifiers given.
        uscc = v.get("party_uscc", "")
        if uscc:
            individual = uscc.startswith("92")  # 9 = 工商, 2 = 个体工商户
            return PartyType.INDIVIDUAL_BUSINESS if individual else PartyType.ORGANISATION
        if v.get("id_number"):
            return PartyType.NATURAL_PERSON
        fail(
            "party_category",
            _("未填写行政相对人类别，且无法根据统一社会信用代码或证件号码判断"),
        )
        return None

    def _clean(self, number: int, v: dict) -> CleanRow:
        party = {key: v.get(key, "") for key in PARTY_KEYS}
        party["party_type"] = self._party_type(v, _ignore)
        fields = {}
        for key in self.record_keys:
            value = v.get(key)
            if value is None and self.by_key[key].type not in (DATE, AMOUNT):
                value = ""
            fields["publicity_until_override" if key == "publicity_until" else key] = value
        fields["party_name"] = v["party_name"]
        penalty_names = []
        if self.kind == "penalty":
            penalty_names = split_categories(fields["penalty_categories"])
        elif self.kind == "licence":
            fields["status"] = LICENCE_STATUS[fields.get("status") or "1"]
        elif self.kind == "inspection":
            fields["inspection_type"] = fields.get("inspection_type") or "定向抽查"
            fields["result"] = INSPECTION_RESULTS[_result_key(fields["result"])]
        row = CleanRow(
            row=number,
            party=party,
            authority_name=v.get("authority_name", ""),
            authority_uscc=v.get("authority_uscc", ""),
            fields=fields,
            penalty_names=penalty_names,
        )
        row.source_hash = row_hash(self.kind, row)
        return row


def _ignore(key, reason):
    return None
