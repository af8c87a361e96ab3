"""The columns each kind of import accepts (DOMAIN.md §2) and how a header row maps onto them.

A header cell may be the Chinese name, the column code (CF_XDR_MC …) or the English alias
(party_name …). Matching ignores case, spaces, full-width/half-width differences and the
"*" or "（必填）" marks that templates put on required columns. Blacklist (SX_) and inspection
(CC_) codes are this platform's own: the national 双公示 standard only covers licences (XK_)
and penalties (CF_).
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _

KINDS = ("licence", "penalty", "blacklist", "inspection")

TEXT = "text"  # one line, whitespace collapsed
LONG = "long"  # free text, line breaks kept
CODE = "code"  # identifiers: full-width → half-width, upper case, spaces removed
DATE = "date"
AMOUNT = "amount"


@dataclass(frozen=True)
class Column:
    key: str  # the English alias, and the key of the value in a cleaned row
    zh: str  # the Chinese header, used in every message and report
    code: str
    required: bool = False
    type: str = TEXT
    variants: tuple = ()  # other Chinese spellings seen in real exports

    @property
    def names(self):
        return (self.zh, self.code, self.key, *self.variants)


def _party(p: str, category_required: bool = True) -> list[Column]:
    return [
        Column(
            "party_name",
            "行政相对人名称",
            f"{p}_XDR_MC",
            True,
            variants=("检查对象", "检查对象名称"),
        ),
        Column("party_category", "行政相对人类别", f"{p}_XDR_LB", category_required),
        Column(
            "party_uscc",
            "统一社会信用代码",
            f"{p}_XDR_SHXYM",
            type=CODE,
            variants=("行政相对人代码_1(统一社会信用代码)", "行政相对人统一社会信用代码"),
        ),
        Column(
            "business_registration_no",
            "工商注册号",
            f"{p}_XDR_GSZC",
            type=CODE,
            variants=("行政相对人代码_2(工商注册号)",),
        ),
        Column(
            "organisation_code",
            "组织机构代码",
            f"{p}_XDR_ZZJG",
            type=CODE,
            variants=("行政相对人代码_3(组织机构代码)",),
        ),
        Column(
            "tax_registration_no",
            "税务登记号",
            f"{p}_XDR_SWDJ",
            type=CODE,
            variants=("行政相对人代码_4(税务登记号)",),
        ),
        Column(
            "institution_certificate_no",
            "事业单位证书号",
            f"{p}_XDR_SYDW",
            type=CODE,
            variants=("行政相对人代码_5(事业单位证书号)",),
        ),
        Column(
            "social_organisation_no",
            "社会组织登记证号",
            f"{p}_XDR_SHZZ",
            type=CODE,
            variants=("行政相对人代码_6(社会组织登记证号)",),
        ),
        Column("legal_representative", "法定代表人", f"{p}_FRDB", variants=("法定代表人姓名",)),
        Column("legal_rep_id_type", "法定代表人证件类型", f"{p}_FR_ZJLX"),
        Column("legal_rep_id_number", "法定代表人证件号码", f"{p}_FR_ZJHM", type=CODE),
        Column("id_type", "证件类型", f"{p}_XDR_ZJLX"),
        Column("id_number", "证件号码", f"{p}_XDR_ZJHM", type=CODE),
    ]


def _source(name_code: str, uscc_code: str, required: bool) -> list[Column]:
    return [
        Column("data_source_name", "数据来源单位", name_code, required),
        Column("data_source_uscc", "数据来源单位统一社会信用代码", uscc_code, required, type=CODE),
        Column("remarks", "备注", "BZ", type=LONG),
    ]


PENALTY = [
    *_party("CF"),
    Column("document_number", "行政处罚决定书文号", "CF_WSH", True, variants=("决定书文号",)),
    Column("violation_type", "违法行为类型", "CF_WFXW", True),
    Column("facts", "违法事实", "CF_SY", True, type=LONG, variants=("违法事实(处罚事由)",)),
    Column("legal_basis", "处罚依据", "CF_YJ", True, type=LONG),
    Column("penalty_categories", "处罚类别", "CF_CFLB", True),
    Column("content", "处罚内容", "CF_NR", True, type=LONG),
    Column("fine_amount", "罚款金额（万元）", "CF_NR_FK", type=AMOUNT, variants=("罚款金额",)),
    Column(
        "confiscated_amount",
        "没收违法所得、没收非法财物的金额（万元）",
        "CF_NR_WFFF",
        type=AMOUNT,
        variants=("没收违法所得、没收非法财物的金额",),
    ),
    Column("licence_affected", "暂扣或吊销证照名称及编号", "CF_NR_ZKDX"),
    Column("decision_date", "处罚决定日期", "CF_JDRQ", True, type=DATE),
    Column("valid_until", "处罚有效期", "CF_YXQ", True, type=DATE),
    Column("publicity_until", "公示截止期", "CF_GSJZQ", type=DATE),
    Column("authority_name", "处罚机关", "CF_CFJG", True),
    Column("authority_uscc", "处罚机关统一社会信用代码", "CF_CFJGDM", True, type=CODE),
    *_source("CF_SJLY", "CF_SJLYDM", True),
]

LICENCE = [
    *_party("XK"),
    Column("document_name", "行政许可决定文书名称", "XK_XKWS", True),
    Column("document_number", "行政许可决定文书号", "XK_WSH", True),
    Column("licence_category", "许可类别", "XK_XKLB", True),
    Column("certificate_name", "许可证书名称", "XK_XKZS", True),
    Column("licence_number", "许可编号", "XK_XKBH"),
    Column("content", "许可内容", "XK_NR", True, type=LONG),
    Column("decision_date", "许可决定日期", "XK_JDRQ", True, type=DATE),
    Column("valid_from", "有效期自", "XK_YXQZ", True, type=DATE),
    Column("valid_to", "有效期至", "XK_YXQZI", type=DATE),
    Column("authority_name", "许可机关", "XK_XKJG", True),
    Column("authority_uscc", "许可机关统一社会信用代码", "XK_XKJGDM", True, type=CODE),
    Column("status", "当前状态", "XK_ZT"),
    *_source("XK_LYDW", "XK_LYDWDM", False),
]

BLACKLIST = [
    *_party("SX", category_required=False),
    Column("document_number", "列入决定文书号", "SX_WSH", True),
    Column("listing_reason", "列入事由", "SX_LRSY", True, type=LONG),
    Column("listing_basis", "列入依据", "SX_LRYJ", type=LONG),
    Column("decision_date", "列入日期", "SX_LRRQ", True, type=DATE),
    Column("removal_planned_on", "计划移出日期", "SX_JHYCRQ", type=DATE),
    Column("removed_on", "移出日期", "SX_YCRQ", type=DATE),
    Column("removal_reason", "移出原因", "SX_YCYY"),
    Column("publicity_until", "公示截止期", "SX_GSJZQ", type=DATE),
    Column("authority_name", "列入机关", "SX_LRJG", True),
    Column("authority_uscc", "列入机关统一社会信用代码", "SX_LRJGDM", type=CODE),
    *_source("SX_SJLY", "SX_SJLYDM", False),
]

INSPECTION = [
    *_party("CC", category_required=False),
    Column("plan_number", "抽查计划编号", "CC_JHBH", True),
    Column("plan_name", "抽查计划名称", "CC_JHMC", True),
    Column("document_number", "抽查任务编号", "CC_RWBH", True),
    Column("task_name", "抽查任务名称", "CC_RWMC", True),
    Column("inspection_type", "抽查类型", "CC_CCLX"),
    Column("authority_name", "抽查机关", "CC_CCJG", True),
    Column("authority_uscc", "抽查机关统一社会信用代码", "CC_CCJGDM", type=CODE),
    Column("decision_date", "抽查完成日期", "CC_WCRQ", True, type=DATE),
    Column("result", "抽查结果", "CC_JG", True),
    Column("result_detail", "结果说明", "CC_JGSM", type=LONG),
    Column("publicity_until", "公示截止期", "CC_GSJZQ", type=DATE),
    *_source("CC_SJLY", "CC_SJLYDM", False),
]

COLUMNS = {"penalty": PENALTY, "licence": LICENCE, "blacklist": BLACKLIST, "inspection": INSPECTION}

_MARKS = re.compile(r"^[*＊]+|[*＊]+$|[(（](必填|选填|可选|非必填)[)）]$")


def normalize_header(value) -> str:
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    text = "".join(text.split()).replace("\ufeff", "")
    text = _MARKS.sub("", text)
    return text.lower()


@cache
def lookup(kind: str) -> dict:
    """Every accepted spelling of every column of `kind`, normalised → Column."""
    table = {}
    for column in COLUMNS[kind]:
        for name in column.names:
            table.setdefault(normalize_header(name), column)
    return table


def column_for(kind: str, key: str) -> Column:
    for column in COLUMNS[kind]:
        if column.key == key:
            return column
    raise KeyError(key)


@dataclass
class HeaderMap:
    positions: dict  # column key → index in the row
    unknown: list  # header cells that match no column (ignored)
    errors: list  # (Column or None, header text, reason)

    def recognised(self) -> int:
        return len(self.positions)


def map_header(kind: str, cells) -> HeaderMap:
    table = lookup(kind)
    positions, unknown, errors = {}, [], []
    for index, cell in enumerate(cells):
        name = normalize_header(cell)
        if not name:
            continue
        column = table.get(name)
        if column is None:
            unknown.append(str(cell).strip())
        elif column.key in positions:
            errors.append((column, str(cell).strip(), _("该列在表头中出现了不止一次")))
        else:
            positions[column.key] = index
    for column in COLUMNS[kind]:
        if column.required and column.key not in positions:
            reason = _("缺少必填列“%(zh)s”（也可用列代码 %(code)s 或英文别名 %(alias)s）") % {
                "zh": column.zh,
                "code": column.code,
                "alias": column.key,
            }
            errors.append((column, "", reason))
    return HeaderMap(positions, unknown, errors)


def count_recognised(kind: str, cells) -> int:
    table = lookup(kind)
    return len({table[n].key for n in map(normalize_header, cells) if n in table})
