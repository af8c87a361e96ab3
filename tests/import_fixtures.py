"""Helpers for tests/test_import.py: row builders and file writers."""

import csv
import datetime
import io

from django.core.management import CommandError, call_command

from portal.credit_code import make_uscc
from portal.id_number import id_check_char

AUTHORITY = "北京市朝阳区卫生健康委员会"
AUTHORITY_USCC = make_uscc("11", "110105", "00000001")
SUPERVISION = "北京市朝阳区卫生健康监督所"
SUPERVISION_USCC = make_uscc("12", "110105", "00000002")
HOSPITAL = "北京市朝阳区某某医院"
HOSPITAL_USCC = make_uscc("12", "110105", "40000001")
CLINIC_USCC = "92340602MA2PBMEM24"  # DOMAIN.md §4, a 个体工商户
TODAY = datetime.date.today()


def id_number(first17="11010519800101123") -> str:
    return first17 + id_check_char(first17)


PERSON_ID = id_number()


def days_ago(n: int) -> str:
    return (TODAY - datetime.timedelta(days=n)).isoformat()


def penalty_row(n: int = 1, **changes) -> dict:
    row = {
        "行政相对人名称": f"{HOSPITAL}{n}" if n > 1 else HOSPITAL,
        "行政相对人类别": "法人及非法人组织",
        "统一社会信用代码": make_uscc("12", "110105", f"{40000000 + n:08d}"),
        "法定代表人": "李四",
        "行政处罚决定书文号": f"京朝卫医罚〔2026〕{n}号",
        "违法行为类型": "医疗机构管理",
        "违法事实": "使用非卫生技术人员从事医疗卫生技术工作。",
        "处罚依据": "《医疗机构管理条例》第四十七条",
        "处罚类别": "警告;罚款",
        "处罚内容": "警告，罚款2000元",
        "罚款金额（万元）": "0.2",
        "处罚决定日期": days_ago(30),
        "处罚有效期": (TODAY + datetime.timedelta(days=150)).isoformat(),
        "处罚机关": AUTHORITY,
        "处罚机关统一社会信用代码": AUTHORITY_USCC,
        "数据来源单位": AUTHORITY,
        "数据来源单位统一社会信用代码": AUTHORITY_USCC,
    }
    row.update(changes)
    return row


def person_penalty_row(n: int = 1, **changes) -> dict:
    return penalty_row(
        n,
        **{
            "行政相对人名称": "张三",
            "行政相对人类别": "自然人",
            "统一社会信用代码": "",
            "法定代表人": "",
            "证件类型": "居民身份证",
            "证件号码": PERSON_ID,
            "处罚类别": "罚款;没收违法所得",
            **changes,
        },
    )


def licence_row(n: int = 1, **changes) -> dict:
    row = {
        "行政相对人名称": f"某某诊所{n}",
        "行政相对人类别": "法人及非法人组织",
        "统一社会信用代码": make_uscc("52", "110105", f"{50000000 + n:08d}"),
        "行政许可决定文书名称": "医疗机构执业许可决定书",
        "行政许可决定文书号": f"京朝卫医许〔2026〕{n}号",
        "许可类别": "普通",
        "许可证书名称": "医疗机构执业许可证",
        "许可编号": f"PDY{n:05d}",
        "许可内容": "准予执业登记，诊疗科目：内科、外科",
        "许可决定日期": days_ago(10),
        "有效期自": days_ago(10),
        "有效期至": "2031-03-04",
        "许可机关": AUTHORITY,
        "许可机关统一社会信用代码": AUTHORITY_USCC,
        "当前状态": "1",
    }
    row.update(changes)
    return row


def blacklist_row(n: int = 1, **changes) -> dict:
    row = {
        "行政相对人名称": HOSPITAL,
        "行政相对人类别": "法人及非法人组织",
        "统一社会信用代码": make_uscc("12", "110105", f"{40000000 + n:08d}"),
        "列入决定文书号": f"京朝卫失信〔2026〕{n}号",
        "列入事由": "拒不履行行政处罚决定",
        "列入日期": days_ago(5),
        "列入机关": AUTHORITY,
        "列入机关统一社会信用代码": AUTHORITY_USCC,
    }
    row.update(changes)
    return row


def inspection_row(n: int = 1, **changes) -> dict:
    row = {
        "行政相对人名称": f"某某诊所{n}",
        "统一社会信用代码": make_uscc("52", "110105", f"{50000000 + n:08d}"),
        "抽查计划编号": "SJ2026-01",
        "抽查计划名称": "2026年医疗机构双随机抽查",
        "抽查任务编号": f"RW-{n}",
        "抽查任务名称": "门诊部专项抽查",
        "抽查机关": SUPERVISION,
        "抽查完成日期": days_ago(3),
        "抽查结果": "未发现问题",
    }
    row.update(changes)
    return row


def csv_bytes(rows, header=None, rename=None, encoding="utf-8") -> bytes:
    if header is None:  # every key of every row, in order of appearance
        header = list(dict.fromkeys(key for row in rows for key in row))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([(rename or {}).get(h, h) for h in header])
    for row in rows:
        writer.writerow([row.get(h, "") for h in header])
    return buffer.getvalue().encode(encoding)


def write_csv(path, rows, **kwargs):
    path.write_bytes(csv_bytes(rows, **kwargs))
    return path


def write_xlsx(path, header, rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def run_command(path, kind="penalty", **options):
    """call_command("import_records"); returns (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_records", str(path), kind=kind, stdout=out, stderr=err, **options)
        status = 0
    except CommandError as exc:
        status = exc.returncode
        err.write(str(exc))
    return status, out.getvalue(), err.getvalue()
