"""Bulk import of public records (portal/importing, manage.py import_records, admin page)."""

import datetime
import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from wagtail.models import ModelLogEntry, Revision

from portal.credit_code import make_uscc
from portal.crypto import blind_index
from portal.importing import parsing
from portal.importing.audit import serializer
from portal.importing.columns import COLUMNS
from portal.importing.service import run_import
from portal.models import (
    Authority,
    AuthorityKind,
    BlacklistEntry,
    Facility,
    InspectionResult,
    LicenceRecord,
    PartyType,
    PenaltyRecord,
    Region,
    Tier,
)
from portal.setup import DATA_ENTRY
from tests.import_fixtures import (
    AUTHORITY,
    AUTHORITY_USCC,
    CLINIC_USCC,
    HOSPITAL,
    PERSON_ID,
    SUPERVISION,
    blacklist_row,
    csv_bytes,
    days_ago,
    id_number,
    inspection_row,
    licence_row,
    penalty_row,
    person_penalty_row,
    run_command,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.django_db

SUMMARY = "created={} updated={} unchanged={} invalid={}"


def last_line(text):
    return text.strip().splitlines()[-1]


def nothing_written():
    return (
        PenaltyRecord.objects.count() == 0
        and LicenceRecord.objects.count() == 0
        and Facility.objects.count() == 0
        and Authority.objects.count() == 0
        and Revision.objects.filter(content_type__app_label="portal").count() == 0
        and ModelLogEntry.objects.filter(content_type__app_label="portal").count() == 0
    )


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")


@pytest.fixture
def data_entry_user():
    user = get_user_model().objects.create_user("luru", "luru@example.com", "pw")
    user.groups.add(Group.objects.get(name=DATA_ENTRY))
    return user


# --- reading files ---------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_csv_encodings(tmp_path, encoding):
    path = tmp_path / "penalties.csv"
    path.write_bytes(csv_bytes([penalty_row(1), penalty_row(2)], encoding=encoding))
    status, out, _ = run_command(path)
    assert status == 0
    assert last_line(out) == SUMMARY.format(2, 0, 0, 0)
    record = PenaltyRecord.objects.get(document_number="京朝卫医罚〔2026〕1号")
    assert record.party_name == HOSPITAL
    assert record.facts == "使用非卫生技术人员从事医疗卫生技术工作。"


def test_utf16_tab_separated(tmp_path):
    text = csv_bytes([penalty_row(1)]).decode().replace(",", "\t")
    path = tmp_path / "p.txt"
    path.write_bytes(text.encode("utf-16"))
    status, out, err = run_command(path)
    assert status == 0, err
    assert PenaltyRecord.objects.get().party_name == HOSPITAL


def test_penalty_fields_parties_and_publicity(tmp_path):
    path = write_csv(tmp_path / "p.csv", [penalty_row(1), person_penalty_row(2)])
    status, out, _ = run_command(path)
    assert status == 0, out
    record = PenaltyRecord.objects.get(document_number="京朝卫医罚〔2026〕1号")
    assert record.record_key == f"{AUTHORITY_USCC}|京朝卫医罚〔2026〕1号"
    assert record.fine_amount == Decimal("0.2")
    assert record.decision_date == datetime.date.fromisoformat(days_ago(30))
    assert sorted(record.penalty_types.values_list("name", flat=True)) == ["罚款", "警告"]
    assert record.tier == Tier.GENERAL and record.publishable
    assert record.publicity_ends_on is not None and record.source_hash
    assert record.authority.name == AUTHORITY
    assert record.authority.kind == AuthorityKind.HEALTH_COMMISSION
    assert record.facility.region == Region.objects.get(code="110105")
    assert record.facility.party_type == PartyType.ORGANISATION
    # Natural person: encrypted, masked, digested.
    person = PenaltyRecord.objects.get(document_number="京朝卫医罚〔2026〕2号").facility
    assert person.party_type == PartyType.NATURAL_PERSON
    assert person.id_number == PERSON_ID
    assert person.id_number_masked == PERSON_ID[0] + "*" * 16 + PERSON_ID[-1]
    assert person.id_number_digest == blind_index(PERSON_ID)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM portal_facility WHERE id = %s", [person.pk])
        assert cursor.fetchone()[0].startswith("fernet:")
    # Default: drafts with a revision and log entries.
    assert not record.live and record.has_unpublished_changes
    assert record.latest_revision is not None
    assert record.latest_revision.content["document_number"] == "京朝卫医罚〔2026〕1号"
    assert ModelLogEntry.objects.filter(action="wagtail.create").count() == 2
    assert not ModelLogEntry.objects.filter(action="wagtail.publish").exists()
    assert ModelLogEntry.objects.filter(action="portal.import").count() == 1


def test_xlsx_with_excel_dates(tmp_path):
    from portal.importing.columns import PENALTY

    header = [c.zh for c in PENALTY if c.key != "publicity_until"]
    rows = []
    for n, decided in enumerate(
        [datetime.datetime(2026, 3, 5), 46086, "2026/3/5", "20260305"], start=1
    ):
        data = penalty_row(n, **{"处罚决定日期": decided, "处罚有效期": datetime.date(2026, 9, 5)})
        data["罚款金额（万元）"] = 0.2
        rows.append([data.get(h, None) for h in header])
    path = write_xlsx(tmp_path / "p.xlsx", header, rows)
    status, out, err = run_command(path)
    assert status == 0, err
    assert last_line(out) == SUMMARY.format(4, 0, 0, 0)
    dates = set(PenaltyRecord.objects.values_list("decision_date", flat=True))
    assert dates == {datetime.date(2026, 3, 5)}
    assert set(PenaltyRecord.objects.values_list("fine_amount", flat=True)) == {Decimal("0.2")}


def test_xlsx_renamed_csv_is_read_as_xlsx(tmp_path):
    header = list(penalty_row())
    path = write_xlsx(tmp_path / "p.xlsx", header, [list(penalty_row().values())])
    renamed = tmp_path / "p.csv"
    renamed.write_bytes(path.read_bytes())
    status, out, err = run_command(renamed)
    assert status == 0 and last_line(out) == SUMMARY.format(1, 0, 0, 0), err


@pytest.mark.parametrize("style", ["code", "alias", "marked"])
def test_header_variants(tmp_path, style):
    rows = [penalty_row(1), person_penalty_row(2)]
    columns = {c.zh: c for c in COLUMNS["penalty"]}
    if style == "code":
        rename = {zh: c.code for zh, c in columns.items()}
    elif style == "alias":
        rename = {zh: c.key for zh, c in columns.items()}
    else:  # "*" marks, half-width brackets, spaces, a title row above the header
        rename = {zh: f"*{zh.replace('（', '(').replace('）', ')')} " for zh in columns}
    content = csv_bytes(rows, header=list(person_penalty_row()), rename=rename)
    if style == "marked":
        content = "行政处罚信息导出\n".encode() + content
    path = tmp_path / "p.csv"
    path.write_bytes(content)
    status, out, err = run_command(path)
    assert status == 0, err
    assert last_line(out) == SUMMARY.format(2, 0, 0, 0)
    assert PenaltyRecord.objects.filter(fine_amount=Decimal("0.2")).count() == 2


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2026-03-05", datetime.date(2026, 3, 5)),
        ("2026/3/5", datetime.date(2026, 3, 5)),
        ("20260305", datetime.date(2026, 3, 5)),
        ("2026年3月5日", datetime.date(2026, 3, 5)),
        ("2026-03-05 00:00:00", datetime.date(2026, 3, 5)),
        (datetime.datetime(2026, 3, 5, 10, 0), datetime.date(2026, 3, 5)),
        (46086, datetime.date(2026, 3, 5)),
        (46086.5, datetime.date(2026, 3, 5)),
        ("46086", datetime.date(2026, 3, 5)),
        ("", None),
    ],
)
def test_parse_date(value, expected):
    assert parsing.parse_date(value) == expected


@pytest.mark.parametrize(
    "value,expected",
    [("0.2", "0.2"), ("1,000", "1000"), ("0.5万元", "0.5"), (0.2, "0.2"), (3, "3"), ("", None)],
)
def test_parse_amount(value, expected):
    result = parsing.parse_amount(value)
    assert (None if result is None else format(result, "f")) == expected


# --- invalid rows ----------------------------------------------------------------------

INVALID_PENALTIES = [
    ("违法事实", "", "必填项为空"),
    ("处罚决定日期", "2026-02-30", "日期不存在"),
    ("处罚决定日期", "上周三", "日期格式不正确"),
    ("罚款金额（万元）", "两千", "金额格式不正确"),
    ("罚款金额（万元）", "-1", "不能为负数"),
    ("罚款金额（万元）", "2000元", "万元"),
    ("统一社会信用代码", "91110000600037341N", "校验位"),
    ("统一社会信用代码", "", "必须填写统一社会信用代码"),
    ("处罚机关统一社会信用代码", "12345", "应为18位"),
    ("行政相对人类别", "企业", "行政相对人类别应为"),
    ("处罚类别", "警告;罚金", "未知的处罚类别：罚金"),
    ("处罚有效期", "2020-01-01", "早于处罚决定日期"),
    ("公示截止期", "2020-01-01", "早于处罚决定日期"),
    ("违法行为类型", "长" * 201, "内容过长"),
]


@pytest.mark.parametrize("column,value,reason", INVALID_PENALTIES)
def test_invalid_penalty_values(tmp_path, column, value, reason):
    rows = [penalty_row(1), penalty_row(2, **{column: value}), penalty_row(3)]
    header = [*penalty_row(), "公示截止期"]
    path = write_csv(tmp_path / "p.csv", rows, header=header)
    report = tmp_path / "report.json"
    status, out, err = run_command(path, report=str(report))
    assert status == 1
    assert last_line(out) == SUMMARY.format(0, 0, 0, 1)
    problems = json.loads(report.read_text(encoding="utf-8"))
    assert [(p["row"], p["column"]) for p in problems] == [(2, column)]
    assert reason in problems[0]["reason"], problems
    assert problems[0]["value"] == value
    assert "第2行" in err and reason in err
    assert nothing_written()


def test_invalid_person_id_number(tmp_path):
    bad = PERSON_ID[:-1] + ("0" if PERSON_ID[-1] != "0" else "1")
    rows = [person_penalty_row(1, 证件号码=bad)]
    path = write_csv(tmp_path / "p.csv", rows)
    result = run_import(path, "penalty")
    assert result.refused
    assert [(p.row, p.column) for p in result.problems] == [(1, "证件号码")]
    assert "校验位" in result.problems[0].reason
    # A passport number is not checked as a resident ID.
    rows = [person_penalty_row(1, 证件类型="护照", 证件号码="E12345678")]
    result = run_import(write_csv(tmp_path / "p2.csv", rows), "penalty")
    assert result.ok and result.created == 1


def test_duplicate_document_numbers(tmp_path):
    rows = [
        penalty_row(1),
        penalty_row(2),
        penalty_row(3, 行政处罚决定书文号="京朝卫医罚〔2026〕1号"),
    ]
    result = run_import(write_csv(tmp_path / "p.csv", rows), "penalty")
    assert result.refused and result.invalid == 2
    assert [(p.row, p.column) for p in result.problems] == [
        (1, "行政处罚决定书文号"),
        (3, "行政处罚决定书文号"),
    ]
    assert "第 3 行" in result.problems[0].reason and "重复" in result.problems[0].reason
    assert nothing_written()


def test_missing_required_column_reported_once(tmp_path):
    rows = [penalty_row(n) for n in range(1, 4)]
    header = [h for h in penalty_row() if h != "处罚依据"]
    report = tmp_path / "r.json"
    status, out, err = run_command(
        write_csv(tmp_path / "p.csv", rows, header=header), report=report
    )
    assert status == 1
    assert last_line(out) == SUMMARY.format(0, 0, 0, 3)
    problems = json.loads(report.read_text(encoding="utf-8"))
    assert len(problems) == 1
    assert problems[0]["row"] == 0 and problems[0]["column"] == "处罚依据"
    assert "缺少必填列" in problems[0]["reason"] and "CF_YJ" in problems[0]["reason"]
    assert nothing_written()


def test_row_numbers_count_blank_rows(tmp_path):
    content = (
        csv_bytes([penalty_row(1)])
        + b",,,\n"
        + csv_bytes([penalty_row(2, 处罚决定日期="bad")]).split(b"\n", 1)[1]
    )
    path = tmp_path / "p.csv"
    path.write_bytes(content)
    result = run_import(path, "penalty")
    assert [p.row for p in result.problems] == [3]


def test_licence_invalid_category_and_dates(tmp_path):
    rows = [
        licence_row(1),
        licence_row(2, 许可类别="一般"),
        licence_row(3, 有效期至="2020-01-01"),
        licence_row(4, 当前状态="作废"),
    ]
    result = run_import(write_csv(tmp_path / "l.csv", rows), "licence")
    reasons = {(p.row, p.column): p.reason for p in result.problems}
    assert set(reasons) == {(2, "许可类别"), (3, "有效期至"), (4, "当前状态")}
    assert "普通、特许、认可、核准、登记、其他" in reasons[(2, "许可类别")]
    assert "早于有效期自" in reasons[(3, "有效期至")]
    assert LicenceRecord.objects.count() == 0


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("empty.csv", b"", "空的"),
        ("header.csv", "行政相对人名称,行政处罚决定书文号\n".encode(), "只有表头"),
        ("binary.csv", bytes(range(256)) * 20, "不是 CSV 文本"),
        ("corrupt.xlsx", b"PK\x03\x04" + b"\x00garbage" * 50, "XLSX 文件已损坏"),
        ("notzip.xlsx", b"hello,world\n", "不是有效的 XLSX"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        ("other.csv", "姓名,年龄\n张三,3\n".encode(), "没有可识别"),
    ],
)
def test_bad_files(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    report = tmp_path / "r.json"
    status, out, err = run_command(path, report=report)
    assert status == 1
    assert last_line(out) == SUMMARY.format(0, 0, 0, 0)
    assert message in err and "Traceback" not in err
    problems = json.loads(report.read_text(encoding="utf-8"))
    assert problems[0]["row"] == 0 and message in problems[0]["reason"]
    assert nothing_written()


def test_wrong_kind_is_hinted(tmp_path):
    path = write_csv(tmp_path / "l.csv", [licence_row(1)])
    result = run_import(path, "penalty")
    assert result.refused and "行政许可" in result.file_error


# --- atomicity, options ----------------------------------------------------------------


def test_failure_during_write_leaves_nothing(tmp_path, monkeypatch):
    from portal.importing import writer

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(writer, "log_entries", explode)
    path = write_csv(tmp_path / "p.csv", [penalty_row(1), person_penalty_row(2)])
    status, out, err = run_command(path, publish=True)
    assert status == 1
    assert "已全部撤销" in err and "disk full" in err
    assert last_line(out) == SUMMARY.format(0, 0, 0, 0)
    assert nothing_written()


def test_skip_invalid(tmp_path):
    rows = [penalty_row(1), penalty_row(2, 处罚类别="罚金"), penalty_row(3)]
    report = tmp_path / "r.json"
    status, out, _ = run_command(
        write_csv(tmp_path / "p.csv", rows), skip_invalid=True, report=report
    )
    assert status == 0
    assert last_line(out) == SUMMARY.format(2, 0, 0, 1)
    assert PenaltyRecord.objects.count() == 2
    assert [p["row"] for p in json.loads(report.read_text(encoding="utf-8"))] == [2]
    # Not a single valid row: refused even with --skip-invalid.
    bad = write_csv(tmp_path / "q.csv", [penalty_row(7, 处罚类别="罚金")])
    status, out, _ = run_command(bad, skip_invalid=True)
    assert status == 1 and last_line(out) == SUMMARY.format(0, 0, 0, 1)


def test_dry_run(tmp_path):
    path = write_csv(tmp_path / "p.csv", [penalty_row(1), penalty_row(2)])
    status, out, _ = run_command(path, dry_run=True)
    assert status == 0 and last_line(out) == SUMMARY.format(2, 0, 0, 0)
    assert nothing_written()
    run_command(path)
    bad = write_csv(tmp_path / "q.csv", [penalty_row(1), penalty_row(3, 违法事实="")])
    status, out, _ = run_command(bad, dry_run=True)
    assert status == 1 and last_line(out) == SUMMARY.format(0, 0, 1, 1)
    assert PenaltyRecord.objects.count() == 2


def test_reimport_is_idempotent(tmp_path):
    rows = [penalty_row(1), person_penalty_row(2), penalty_row(3)]
    path = write_csv(tmp_path / "p.csv", rows)
    assert last_line(run_command(path, publish=True)[1]) == SUMMARY.format(3, 0, 0, 0)
    counts = (Revision.objects.count(), ModelLogEntry.objects.count(), Facility.objects.count())
    gbk = tmp_path / "p-gbk.csv"
    gbk.write_bytes(csv_bytes(rows, encoding="gbk"))
    status, out, _ = run_command(gbk, publish=True)
    assert status == 0 and last_line(out) == SUMMARY.format(0, 0, 3, 0)
    assert (
        Revision.objects.count(),
        ModelLogEntry.objects.count(),
        Facility.objects.count(),
    ) == counts
    assert PenaltyRecord.objects.count() == 3


def test_changed_row_updates_with_revision(tmp_path, superuser):
    path = write_csv(tmp_path / "p.csv", [penalty_row(1), penalty_row(2)])
    run_command(path, publish=True)
    record = PenaltyRecord.objects.get(document_number="京朝卫医罚〔2026〕1号")
    revisions = record.revisions.count()
    changed = penalty_row(1, **{"罚款金额（万元）": "0.5", "处罚类别": "吊销许可证"})
    path = write_csv(tmp_path / "p2.csv", [changed, penalty_row(2)])
    status, out, _ = run_command(path, publish=True, user="admin")
    assert status == 0 and last_line(out) == SUMMARY.format(0, 1, 1, 0)
    record.refresh_from_db()
    assert record.fine_amount == Decimal("0.5")
    assert record.tier == Tier.SERIOUS
    assert list(record.penalty_types.values_list("name", flat=True)) == ["吊销许可证件"]
    assert record.revisions.count() == revisions + 1
    latest = record.latest_revision
    assert latest == record.live_revision and latest.user == superuser
    assert Decimal(str(latest.content["fine_amount"])) == Decimal("0.5")
    assert ModelLogEntry.objects.filter(action="wagtail.edit", object_id=str(record.pk)).exists()


def test_publish_and_drafts(tmp_path, data_entry_user):
    path = write_csv(tmp_path / "p.csv", [penalty_row(1)])
    run_command(path, publish=True)
    record = PenaltyRecord.objects.get()
    assert record.live and not record.has_unpublished_changes
    assert record.first_published_at == record.last_published_at is not None
    assert record.live_revision_id == record.latest_revision_id
    # A data-entry user without publish permission: the change is a draft revision and
    # the live record stays as it was.
    changed = write_csv(tmp_path / "p2.csv", [penalty_row(1, 违法事实="更正后的违法事实")])
    status, out, err = run_command(changed, publish=True, user="luru")
    assert status == 0 and last_line(out) == SUMMARY.format(0, 1, 0, 0)
    assert "没有发布" in err
    record.refresh_from_db()
    assert record.live and record.has_unpublished_changes
    assert record.facts == "使用非卫生技术人员从事医疗卫生技术工作。"
    assert record.latest_revision.content["facts"] == "更正后的违法事实"
    assert record.latest_revision_id != record.live_revision_id
    # New records from that user are drafts.
    run_command(write_csv(tmp_path / "p3.csv", [penalty_row(5)]), publish=True, user="luru")
    new = PenaltyRecord.objects.get(document_number="京朝卫医罚〔2026〕5号")
    assert not new.live and new.has_unpublished_changes and new.first_published_at is None


def test_history_shows_each_records_entries(tmp_path):
    from wagtail.log_actions import registry

    rows = [penalty_row(n) for n in range(1, 4)]
    run_command(write_csv(tmp_path / "p.csv", rows), publish=True)
    for record in PenaltyRecord.objects.all():
        shown = registry.get_logs_for_instance(record).latest_by_uuid_and_action()
        actions = set(shown.values_list("action", flat=True))
        assert {"wagtail.create", "wagtail.publish"} <= actions
    summary = ModelLogEntry.objects.get(action="portal.import")
    assert summary.data["created"] == 3 and summary.data["published"] is True
    assert summary.data["file"] == "p.csv" and summary.data["kind"] == "penalty"


def test_unknown_user_and_missing_file(tmp_path):
    path = write_csv(tmp_path / "p.csv", [penalty_row(1)])
    assert run_command(path, user="nobody")[0] == 1
    assert run_command(tmp_path / "missing.csv")[0] == 1


def test_user_without_permission_is_refused(tmp_path):
    get_user_model().objects.create_user("guest", "guest@example.com", "pw")
    status, out, err = run_command(write_csv(tmp_path / "p.csv", [penalty_row(1)]), user="guest")
    assert status == 1 and "没有导入" in err
    assert nothing_written()


def test_locked_record_is_not_changed(tmp_path, superuser, data_entry_user):
    run_command(write_csv(tmp_path / "p.csv", [penalty_row(1)]), publish=True)
    PenaltyRecord.objects.update(locked=True, locked_by=superuser)
    changed = write_csv(tmp_path / "p2.csv", [penalty_row(1, 违法事实="改动")])
    result = run_import(changed, "penalty", user=data_entry_user)
    assert result.refused and "锁定" in result.problems[0].reason
    assert PenaltyRecord.objects.get().facts != "改动"
    assert run_import(changed, "penalty", user=superuser).updated == 1  # the lock's owner


# --- parties and other kinds -----------------------------------------------------------


def test_party_matching(tmp_path):
    region = Region.objects.get(code="110105")
    existing = Facility.objects.create(name=HOSPITAL, region=region)
    person = Facility.objects.create(
        name="张三", party_type=PartyType.NATURAL_PERSON, id_number=PERSON_ID
    )
    rows = [
        penalty_row(1),  # same name + region, no USCC yet: matched and given the USCC
        person_penalty_row(2),  # by ID digest
        penalty_row(
            3,
            行政相对人名称="某个体诊所",
            行政相对人类别="个体工商户",
            统一社会信用代码=CLINIC_USCC,
        ),
        person_penalty_row(4, 行政相对人名称="王五", 证件号码=id_number("11010519900101123")),
    ]
    result = run_import(write_csv(tmp_path / "p.csv", rows), "penalty")
    assert result.created == 4, result.problems
    existing.refresh_from_db()
    assert existing.uscc == penalty_row(1)["统一社会信用代码"]
    assert PenaltyRecord.objects.get(document_number__endswith="1号").facility == existing
    assert PenaltyRecord.objects.get(document_number__endswith="2号").facility == person
    clinic = Facility.objects.get(uscc=CLINIC_USCC)
    assert clinic.party_type == PartyType.INDIVIDUAL_BUSINESS
    assert Facility.objects.count() == 4


def test_blacklist_import_recomputes_penalties(tmp_path):
    run_command(write_csv(tmp_path / "p.csv", [penalty_row(1)]), publish=True)
    penalty = PenaltyRecord.objects.get()
    assert penalty.tier == Tier.GENERAL
    status, out, _ = run_command(
        write_csv(tmp_path / "b.csv", [blacklist_row(1)]), kind="blacklist", publish=True
    )
    assert status == 0 and last_line(out) == SUMMARY.format(1, 0, 0, 0)
    entry = BlacklistEntry.objects.get()
    assert entry.facility == penalty.facility and entry.tier == Tier.SERIOUS
    assert entry.is_public()
    penalty.refresh_from_db()
    assert penalty.tier == Tier.SERIOUS


def test_inspection_import(tmp_path):
    rows = [
        inspection_row(1),
        inspection_row(2, 抽查结果="发现问题，已责令改正"),
        inspection_row(3),
    ]
    status, out, err = run_command(write_csv(tmp_path / "i.csv", rows), kind="inspection")
    assert status == 0, err
    result = InspectionResult.objects.get(document_number="RW-2")
    assert result.result == InspectionResult.Result.CORRECTED
    assert result.authority.kind == AuthorityKind.HEALTH_SUPERVISION
    uscc = make_uscc("52", "110105", "50000002")
    assert result.record_key == f"{SUPERVISION}|SJ2026-01|RW-2|{uscc}"
    assert result.inspection_type == "定向抽查"
    bad = write_csv(tmp_path / "j.csv", [inspection_row(4, 抽查结果="良好")])
    assert run_import(bad, "inspection").problems[0].column == "抽查结果"


def test_serializer_matches_serializable_data(tmp_path):
    run_command(write_csv(tmp_path / "p.csv", [penalty_row(1)]), publish=True)
    record = PenaltyRecord.objects.get()
    fast = json.loads(json.dumps(serializer(PenaltyRecord)(record), default=str))
    slow = json.loads(json.dumps(record.serializable_data(), default=str))
    # serializable_data() also stamps auto_now fields with the current time.
    assert fast.pop("updated_at") != slow.pop("updated_at")
    assert fast == slow
