"""What an import tells the person who ran it: counts, and every invalid row with its reason.

The JSON report is a list of {"row", "column", "value", "reason"}: `row` is the 1-based data
row (the first row under the header is 1; Excel shows it as row 2), or 0 for a problem
with the file or its header; `column` is the Chinese column name.
"""

import json
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

FILE_ROW = 0


@dataclass
class Problem:
    row: int
    column: str
    value: str
    reason: str

    def as_dict(self):
        return asdict(self)


@dataclass
class ImportResult:
    kind: str
    filename: str = ""
    dry_run: bool = False
    skip_invalid: bool = False
    publish_requested: bool = False
    published: bool = False  # whether written records went live (flag and permission)
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0
    written: bool = False
    file_error: str = ""  # a problem with the whole file: nothing was read
    problems: list = field(default_factory=list)
    ignored_columns: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    file_format: str = ""
    encoding: str = ""

    @property
    def ok(self) -> bool:
        """True when the file was imported (or, in a dry run, would be) without refusal."""
        if self.file_error:
            return False
        if self.invalid and not self.skip_invalid:
            return False
        if self.invalid and not (self.created or self.updated or self.unchanged):
            return False  # --skip-invalid, but not one row was valid
        return True

    @property
    def refused(self) -> bool:
        return not self.ok

    def summary_line(self) -> str:
        return (
            f"created={self.created} updated={self.updated} "
            f"unchanged={self.unchanged} invalid={self.invalid}"
        )

    def headline(self) -> str:
        """One Chinese sentence for the result page and the command's output."""
        if self.file_error:
            return _("未导入：%(error)s") % {"error": self.file_error}
        if self.dry_run:
            text = _(
                "试运行（仅校验）：将新增 %(c)d 条、更新 %(u)d 条，%(s)d 条无变化，"
                "%(i)d 行不合格。未写入任何数据。"
            ) % {"c": self.created, "u": self.updated, "s": self.unchanged, "i": self.invalid}
            if self.refused:
                text += _("有不合格的行时，正式导入不会写入任何数据（除非跳过不合格的行）。")
            return text
        if self.refused and self.skip_invalid:
            return _("未导入：所有 %(n)d 行数据都不合格。") % {"n": self.invalid}
        if self.refused:
            return _("未导入：有 %(n)d 行数据不合格，所有数据均未写入。请改正后重新导入。") % {
                "n": self.invalid
            }
        text = _("导入完成：新增 %(c)d 条、更新 %(u)d 条，%(s)d 条无变化。") % {
            "c": self.created,
            "u": self.updated,
            "s": self.unchanged,
        }
        if self.invalid:
            text += _("另有 %(i)d 行不合格，已跳过。") % {"i": self.invalid}
        if self.created or self.updated:
            text += _("记录已发布。") if self.published else _("记录保存为草稿，待审核发布。")
        return text

    def report(self) -> list[dict]:
        return [p.as_dict() for p in self.problems]

    def report_json(self) -> str:
        return json.dumps(self.report(), ensure_ascii=False, indent=2)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["problems"] = self.report()
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "ImportResult":
        data = dict(data)
        data["problems"] = [Problem(**p) for p in data.get("problems", [])]
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in known})
