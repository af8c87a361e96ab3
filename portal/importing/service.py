"""`run_import`: the one code path behind the command, the admin page and the benchmark.

read → map the header → validate every row → plan (duplicates, existing records, locks)
→ refuse, or write everything in one transaction. Returns an `ImportResult`; never raises
for bad input.
"""

import logging
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from ..models.records import RECORD_MODELS, RecordKind
from ..publicity import load_rules
from .columns import KINDS, column_for, count_recognised, map_header
from .planning import make_plan
from .readers import ImportFileError, find_header, is_blank, read_file
from .report import FILE_ROW, ImportResult, Problem
from .validation import RowValidator
from .writer import Writer

logger = logging.getLogger(__name__)


def kind_label(kind: str) -> str:
    return str(RecordKind(kind).label)


def _perm(kind: str, action: str) -> str:
    return f"portal.{action}_{RECORD_MODELS[kind]._meta.model_name}"


def can_import(user, kind: str) -> bool:
    return user.has_perm(_perm(kind, "add")) and user.has_perm(_perm(kind, "change"))


def can_publish(user, kind: str) -> bool:
    return user.has_perm(_perm(kind, "publish"))


def run_import(
    path,
    kind: str,
    *,
    filename: str = "",
    user=None,
    publish: bool = False,
    skip_invalid: bool = False,
    dry_run: bool = False,
    progress=None,
) -> ImportResult:
    """Import the file at `path` as records of `kind`.

    `user` is None for the command run without --user (shell access: may publish)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    result = ImportResult(
        kind=kind,
        filename=filename or Path(path).name,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        publish_requested=publish,
    )
    if user is not None and not can_import(user, kind):
        return _refuse(
            result, _("您没有导入%(kind)s的权限（需要新增和修改权限）") % {"kind": kind_label(kind)}
        )
    result.published = publish and (user is None or can_publish(user, kind))
    if publish and not result.published:
        result.notices.append(
            _("您没有发布%(kind)s的权限：导入的记录保存为草稿，待审核后发布")
            % {"kind": kind_label(kind)}
        )
    try:
        sheet = read_file(path, filename)
        rows = sheet.rows
        result.file_format, result.encoding = sheet.file_format, sheet.encoding
        header_at = find_header(rows, lambda cells: count_recognised(kind, cells))
    except ImportFileError as exc:
        return _refuse(result, exc.message)
    numbered = [
        (number, cells)
        for number, cells in enumerate(rows[header_at + 1 :], start=1)
        if not is_blank(cells)
    ]
    header = map_header(kind, rows[header_at])
    if not header.recognised():
        return _refuse(result, _unknown_header_message(kind, rows[header_at]))
    if not numbered:
        return _refuse(result, _("文件中只有表头，没有数据行"))
    result.total_rows = len(numbered)
    result.ignored_columns = header.unknown
    for column, text, reason in header.errors:
        result.problems.append(Problem(FILE_ROW, column.zh, text, reason))

    rules = load_rules()
    validator = RowValidator(kind, header.positions, rules.penalty_tiers.keys())
    clean = _validate(validator, numbered, result, progress)
    if header.errors:
        # Without a required column no row is complete: refuse the file as a whole.
        result.invalid = result.total_rows
        result.file_error = _("表头缺少必填列或有重复列，整个文件未导入") + _kind_hint(
            kind, rows[header_at]
        )
        return result

    try:
        with transaction.atomic():
            plan, problems = make_plan(kind, clean, user)
            result.problems += problems
            result.problems.sort(key=lambda p: p.row)
            result.invalid = len({p.row for p in result.problems if p.row != FILE_ROW})
            counts = (len(plan.creates), len(plan.updates), len(plan.unchanged))
            if dry_run:
                result.created, result.updated, result.unchanged = counts
                return result
            if result.invalid and not skip_invalid:
                return result
            summary = {
                "file": result.filename,
                "unchanged": counts[2],
                "invalid": result.invalid,
            }
            writer = Writer(kind, rules, user, result.published, summary, progress)
            writer.write(plan)
            result.created, result.updated, result.unchanged = counts
            result.written = bool(counts[0] or counts[1])
    except Exception as exc:  # a crash mid-way: the transaction rolled back, say so
        logger.exception("import of %s (%s) failed", result.filename, kind)
        result.created = result.updated = result.unchanged = 0
        result.written = False
        return _refuse(
            result,
            _("导入过程中出错，已全部撤销，没有写入任何数据：%(error)s") % {"error": exc},
        )
    return result


def _validate(validator, numbered, result, progress) -> list:
    clean = []
    for index, (number, cells) in enumerate(numbered, start=1):
        row, problems = validator.validate(number, cells)
        if row is None:
            result.problems += problems
        else:
            clean.append(row)
        if progress and index % 10000 == 0:
            progress("validate", index, len(numbered))
    return clean


def _refuse(result: ImportResult, message) -> ImportResult:
    result.file_error = str(message)
    result.problems.insert(0, Problem(FILE_ROW, "", "", str(message)))
    return result


def _unknown_header_message(kind: str, cells) -> str:
    message = _(
        "表头中没有可识别的%(kind)s列：表头应为中文列名、列代码（如 %(code)s）或英文别名"
    ) % {"kind": kind_label(kind), "code": column_for(kind, "party_name").code}
    return message + _kind_hint(kind, cells)


def _kind_hint(kind: str, cells) -> str:
    """A hint when the header fits another kind better (the wrong kind was chosen)."""
    own = count_recognised(kind, cells)
    scores = {other: count_recognised(other, cells) for other in KINDS if other != kind}
    best = max(scores, key=scores.get)
    if scores[best] > own:
        return _("。该文件看起来是%(kind)s数据，请确认导入类型") % {"kind": kind_label(best)}
    return ""
