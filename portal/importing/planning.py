"""From a file's rows to a plan: which rows are invalid, which create, update or leave
records unchanged. Nothing here writes to the database."""

import hashlib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models.records import RECORD_MODELS
from .columns import column_for
from .parties import Resolver, chunks
from .report import Problem
from .rows import CleanRow

MAX_KEY = 255


@dataclass
class Plan:
    kind: str
    creates: list = field(default_factory=list)  # CleanRow
    updates: list = field(default_factory=list)  # (CleanRow, record id)
    unchanged: list = field(default_factory=list)  # (CleanRow, record id)
    resolver: Resolver | None = None


def record_key(kind: str, row: CleanRow, authority_key: str) -> str:
    if kind == "inspection":
        party = row.party["party_uscc"] or row.party["party_name"]
        parts = [authority_key, row.fields["plan_number"], row.fields["document_number"], party]
    else:
        parts = [authority_key, row.fields["document_number"]]
    key = "|".join(parts)
    if len(key) > MAX_KEY:  # keep it unique and within the column
        key = key[: MAX_KEY - 65] + "#" + hashlib.sha256(key.encode()).hexdigest()
    return key


def duplicate_problems(kind: str, rows: list) -> tuple[list, set]:
    """Rows that are the same record as another row of the file: all of them are invalid."""
    first = {}
    groups = {}
    for row in rows:
        if row.record_key in first:
            groups.setdefault(row.record_key, [first[row.record_key]]).append(row)
        else:
            first[row.record_key] = row
    zh = column_for(kind, "document_number").zh
    problems, bad = [], set()
    for group in groups.values():
        numbers = [r.row for r in group]
        for row in group:
            others = "、".join(str(n) for n in numbers if n != row.row)
            if kind == "inspection":
                reason = _("与第 %(rows)s 行重复（同一抽查机关、计划、任务和检查对象只能出现一次）")
            else:
                reason = _("与第 %(rows)s 行的文书号重复（同一机关的文书号在文件中只能出现一次）")
            problems.append(
                Problem(row.row, zh, row.fields["document_number"], reason % {"rows": others})
            )
            bad.add(row.row)
    return problems, bad


def existing_records(model, keys) -> dict:
    found = {}
    columns = ("record_key", "id", "source_hash", "locked", "locked_by_id")
    for chunk in chunks(keys):
        for key, pk, digest, locked, locked_by in model.objects.filter(
            record_key__in=chunk
        ).values_list(*columns):
            found[key] = (pk, digest, locked, locked_by)
    return found


def make_plan(kind: str, rows: list, user=None) -> tuple[Plan, list]:
    """Resolve parties and authorities, find duplicates and existing records.

    Returns the plan and the problems found (duplicates, locked records)."""
    model = RECORD_MODELS[kind]
    resolver = Resolver()
    resolver.resolve_authorities(rows)
    for row in rows:
        row.record_key = record_key(kind, row, row.record_key)
    problems, bad = duplicate_problems(kind, rows)
    rows = [r for r in rows if r.row not in bad]
    existing = existing_records(model, [r.record_key for r in rows])
    plan = Plan(kind=kind, resolver=resolver)
    keep = []
    for row in rows:
        found = existing.get(row.record_key)
        if found is None:
            plan.creates.append(row)
            keep.append(row)
            continue
        pk, digest, locked, locked_by = found
        if digest == row.source_hash:
            plan.unchanged.append((row, pk))
        elif locked and (user is None or locked_by != user.pk):
            problems.append(
                Problem(
                    row.row,
                    column_for(kind, "document_number").zh,
                    row.fields["document_number"],
                    _("该记录已被锁定，导入不能修改；请先在后台解锁"),
                )
            )
        else:
            plan.updates.append((row, pk))
            keep.append(row)
    resolver.resolve_facilities(keep)
    return plan, problems
