"""Search from the command line: one hit per line, or JSON, to check relevance by hand."""

import json

from django.core.management.base import BaseCommand, CommandError

from search.backends.base import BackendUnavailable
from search.kinds import DocKind
from search.query import SearchQuery
from search.service import BACKEND_NAMES, elasticsearch_configured, run_search


class Command(BaseCommand):
    help = "检索公示信息并逐行输出结果（--json 输出 JSON 行）。"

    def add_arguments(self, parser):
        parser.add_argument("query", help="检索词")
        parser.add_argument("--kind", action="append", choices=DocKind.values, default=[])
        parser.add_argument("--backend", choices=BACKEND_NAMES)
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true", help="每行一个 JSON 对象")

    def handle(self, *args, **options):
        if options["backend"] == "elasticsearch" and not elasticsearch_configured():
            raise CommandError("未设置 ELASTICSEARCH_URL，无法使用 Elasticsearch 检索。")
        if not 1 <= options["limit"] <= 1000:
            raise CommandError("--limit 须在 1 到 1000 之间。")
        query = SearchQuery(
            text=options["query"],
            kinds=tuple(options["kind"]),
            per_page=options["limit"],
            facets=False,
        )
        try:
            results = run_search(query, backend=options["backend"], labels=False)
        except BackendUnavailable as exc:
            raise CommandError(f"检索服务不可用：{exc}") from exc
        for hit in results.hits:
            if options["json"]:
                line = json.dumps(
                    {
                        "kind": hit.kind,
                        "id": hit.object_id,
                        "code": hit.code,
                        "title": hit.title,
                        "score": round(hit.score, 4),
                        "exact": hit.exact,
                        "backend": results.backend,
                    },
                    ensure_ascii=False,
                )
            else:
                line = f"{hit.kind}\t{hit.object_id}\t{hit.code}\t{hit.title}\t{hit.score:.3f}"
            self.stdout.write(line)
        if not results.hits and results.suggestion and not options["json"]:
            self.stderr.write(f"没有结果。您是不是要找：{results.suggestion}")
