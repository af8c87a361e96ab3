"""Build a new search index of everything public and swap it in (resumable)."""

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from search.backends.base import BackendUnavailable
from search.indexing import rebuild
from search.kinds import DocKind
from search.service import BACKEND_NAMES, elasticsearch_configured, get_backend


class Command(BaseCommand):
    help = "重建全文检索索引：写入新索引后一次性切换；中断后再次运行会从断点继续。"

    def add_arguments(self, parser):
        parser.add_argument("--backend", choices=BACKEND_NAMES, help="默认：已配置 ES 时两者都建")
        parser.add_argument("--restart", action="store_true", help="放弃未完成的重建，从头开始")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")
        parser.add_argument(
            "--if-empty", action="store_true", help="仅在索引为空时重建（部署、升级后自动运行）"
        )

    def handle(self, *args, **options):
        names = [options["backend"]] if options["backend"] else ["db"]
        if not options["backend"] and elasticsearch_configured():
            names.append("elasticsearch")
        if "elasticsearch" in names and not elasticsearch_configured():
            raise CommandError("未设置 ELASTICSEARCH_URL，无法重建 Elasticsearch 索引。")
        for name in names:
            if options["if_empty"] and self._has_documents(name):
                self.stdout.write(f"{name}：索引已有文档，跳过。")
                continue
            try:
                written = self._rebuild(
                    name, resume=not options["restart"], quiet=options["no_progress"]
                )
            except BackendUnavailable as exc:
                raise CommandError(
                    f"{name}：检索服务不可用（{exc}）。再次运行可从断点继续。"
                ) from exc
            self.stdout.write(f"{name}：已写入 {written} 条文档并切换到新索引。")

    def _has_documents(self, name) -> bool:
        try:
            return get_backend(name).count() > 0
        except BackendUnavailable as exc:
            raise CommandError(f"{name}：检索服务不可用（{exc}）。") from exc

    def _rebuild(self, name, resume, quiet):
        if quiet:
            return rebuild(name, resume=resume)
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=None, transient=False) as bar:

            def progress(kind, total):
                task = bar.add_task(f"{name} {DocKind(kind).label}", total=total)
                return lambda n: bar.advance(task, n)

            return rebuild(name, resume=resume, progress=progress)
