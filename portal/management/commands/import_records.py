"""python manage.py import_records FILE --kind {licence,penalty,blacklist,inspection}

Validates every row first; any invalid row and nothing is written (exit status 1) unless
--skip-invalid. The last line of output is always
`created=N updated=N unchanged=N invalid=N`. See docs/import.md.
"""

import json
import os
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.importing.columns import KINDS
from portal.importing.service import run_import

SHOWN_PROBLEMS = 50


class Command(BaseCommand):
    help = _("批量导入行政许可、行政处罚、严重失信主体名单或双随机抽查结果（CSV 或 XLSX）")

    from_command_line = False

    def run_from_argv(self, argv):
        # On the command line a refused import exits with status 1 after the summary line,
        # which stays the last line printed; call_command() gets a CommandError instead.
        self.from_command_line = True
        super().run_from_argv(argv)

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("CSV（UTF-8 或 GBK/GB18030）或 XLSX 文件"))
        parser.add_argument("--kind", required=True, choices=KINDS, help=_("记录类型"))
        parser.add_argument(
            "--skip-invalid", action="store_true", help=_("导入有效行，跳过并报告无效行")
        )
        parser.add_argument("--dry-run", action="store_true", help=_("只校验，不写入"))
        parser.add_argument(
            "--publish",
            action="store_true",
            help=_("导入后直接发布（指定 --user 时需该用户有发布权限，否则保存为草稿）"),
        )
        parser.add_argument("--user", help=_("以该用户身份导入（记入修订和操作日志）"))
        parser.add_argument("--report", help=_("把校验报告写入该 JSON 文件"))

    def handle(self, *args, **options):
        path = options["file"]
        if not os.path.isfile(path):
            raise CommandError(_("找不到文件：%(path)s") % {"path": path})
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get_by_natural_key(options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(_("找不到用户：%(user)s") % {"user": options["user"]}) from None
        verbosity = options["verbosity"]

        def progress(stage, done, total):
            if verbosity >= 2:
                label = _("校验") if stage == "validate" else _("写入")
                self.stderr.write(f"{label} {done}/{total}")

        result = run_import(
            path,
            options["kind"],
            filename=os.path.basename(path),
            user=user,
            publish=options["publish"],
            skip_invalid=options["skip_invalid"],
            dry_run=options["dry_run"],
            progress=progress,
        )
        if options["report"]:
            with open(options["report"], "w", encoding="utf-8") as handle:
                json.dump(result.report(), handle, ensure_ascii=False, indent=2)
        self._print(result, verbosity)
        if result.refused:
            if self.from_command_line:
                sys.exit(1)
            raise CommandError(result.headline(), returncode=1)

    def _print(self, result, verbosity):
        for notice in result.notices:
            self.stderr.write(self.style.WARNING(notice))
        if result.ignored_columns and verbosity >= 1:
            self.stderr.write(
                _("已忽略无法识别的列：%(cols)s") % {"cols": "、".join(result.ignored_columns)}
            )
        problems = [p for p in result.problems if not (p.row == 0 and not p.column)]
        limit = None if verbosity >= 2 else SHOWN_PROBLEMS
        for problem in problems[:limit]:
            where = _("表头") if problem.row == 0 else _("第%(n)d行") % {"n": problem.row}
            value = f"“{problem.value}”" if problem.value else ""
            self.stderr.write(f"{where} {problem.column}{value}：{problem.reason}")
        if limit is not None and len(problems) > limit:
            self.stderr.write(
                _("……共 %(n)d 个问题，完整列表请用 --report 导出") % {"n": len(problems)}
            )
        style = self.style.ERROR if result.refused else self.style.SUCCESS
        (self.stderr if result.refused else self.stdout).write(style(result.headline()))
        self.stdout.write(result.summary_line())
