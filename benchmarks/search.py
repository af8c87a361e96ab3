"""Search speed: load N demo records, index them, time the relevance queries on each backend.

    .venv/bin/python benchmarks/search.py 100000 [1000000 …] [--queries 5] [--keep]
        [--backend db --backend wagtail --backend elasticsearch] [--judge]

For each N, in a child process of its own: a benchmark database (SQLite at
var/bench-search/search-N.sqlite3, or PostgreSQL when DATABASE_URL is set — its database
name must contain "bench", because it is wiped) is migrated and loaded with N records by the
`seed_demo` generator (N/10 parties, records inserted with portal.importing.fastinsert);
the database backend's index is rebuilt (`search.indexing.rebuild("db")`) and timed; the
query set — the judged queries of tests/search/relevance.py chosen over the loaded data, plus
common words that match a large share of everything — is run K times (after one warm-up
pass) on:
- db: `run_search` with facets and labels, as the search page calls it;
- elasticsearch: the same, when ELASTICSEARCH_URL is set (its rebuild is timed too);
- wagtail: Wagtail's own database search backend (settings.WAGTAILSEARCH_BACKENDS["default"])
  over the same documents. The record models are not Wagtail-indexed (they are snippets
  without `index.Indexed`), so a proxy of `search.SearchDocument` is: title, body and codes as
  SearchFields, kind and generation as FilterFields. Per query: count, first page of 20 and a
  kind facet, the same work the page asks of the db backend.
Prints load and indexing rates, then per query class p50/p95 latency (ms), mean hits and the
Wagtail/db time ratio (only over the queries Wagtail finds anything for), queries/s and the
slowest queries. `--keep` keeps the database and reuses what it holds (records, indexes);
`--judge` also scores recall@10/MRR on the loaded data (reads every document: slow at 1M).

The database is ANALYZEd before timing (`--no-analyze`: SQLite's statistics are dropped
instead): without statistics SQLite runs Wagtail's searches the slow way round (seconds).
A Wagtail statement is aborted after `--wagtail-timeout` seconds (10) and a query slower than
1 s is measured once; `--wagtail-queries M` times Wagtail on an even sample of M queries.
"""

import argparse
import itertools
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_db import describe_database, wipe_and_migrate  # noqa: E402
from benchmarks.search_wagtail import (  # noqa: E402
    PAGE,
    Timeout,
    backend_generation,
    index_wagtail,
    wagtail_search,
)

WORKDIR = ROOT / "var" / "bench-search"
COMMON_WORDS = ("罚款", "医疗", "诊所", "卫生", "许可证", "北京", "有限公司", "医疗机构 罚款")
SAMPLE_PER_KIND = 300  # record documents read to choose decision numbers and phrases from
BACKENDS = ("db", "elasticsearch", "wagtail")


# --- the parent: one child process per N ------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", type=int, nargs="+", help="how many records to load (N)")
    parser.add_argument("--queries", type=int, default=5, help="timed runs of the query set (K)")
    parser.add_argument("--keep", action="store_true", help="keep and reuse the database")
    parser.add_argument(
        "--reindex", action="store_true", help="with --keep: rebuild the search index anyway"
    )
    parser.add_argument(
        "--backend",
        action="append",
        choices=BACKENDS,
        help="default: db, wagtail and elasticsearch when ELASTICSEARCH_URL is set",
    )
    parser.add_argument("--judge", action="store_true", help="also score recall@10 and MRR")
    parser.add_argument(
        "--no-analyze",
        dest="analyze",
        action="store_false",
        help="do not ANALYZE the database before timing (planner statistics)",
    )
    parser.add_argument(
        "--wagtail-timeout", type=float, default=10.0, help="seconds per Wagtail statement"
    )
    parser.add_argument(
        "--wagtail-queries",
        type=int,
        default=0,
        help="time Wagtail on an even sample of this many queries (default: all)",
    )
    parser.add_argument("--seed", default="2026")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return run_one(args)
    for n in args.records:
        env = dict(os.environ)
        WORKDIR.mkdir(parents=True, exist_ok=True)
        env.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR / f'search-{n}.sqlite3'}")
        env["PORTAL_VAR_DIR"] = str(WORKDIR / f"var-{n}")
        child = [sys.executable, __file__, str(n), "--child", "--queries", str(args.queries)]
        child += ["--seed", args.seed]
        child += [f"--backend={b}" for b in args.backend or ()]
        child += ["--keep"] * args.keep + ["--judge"] * args.judge + ["--reindex"] * args.reindex
        child += ["--no-analyze"] * (not args.analyze)
        child += ["--wagtail-timeout", str(args.wagtail_timeout)]
        child += ["--wagtail-queries", str(args.wagtail_queries)]
        subprocess.run(child, cwd=ROOT, env=env, check=True)


# --- the child: one N -------------------------------------------------------------------------


def setup_django():
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.bench_settings"
    import django

    django.setup()
    import logging

    for name in ("django-q", "django_tasks", "wagtail", "search"):
        logging.getLogger(name).setLevel(logging.WARNING)


def record_count() -> int:
    from django.db.utils import DatabaseError

    from portal.models import RECORD_MODELS

    try:
        return sum(model.objects.count() for model in RECORD_MODELS.values())
    except DatabaseError:  # not migrated yet
        return -1


class FastRecordInserts:
    """While generating, records are written with fastinsert (one prepared statement per
    batch, COPY on PostgreSQL) instead of bulk_create; their ids are set afterwards, as the
    generator needs the penalties' ids for their penalty-type links."""

    def __enter__(self):
        from django.db.models import QuerySet

        from portal.importing import fastinsert
        from portal.models import RECORD_MODELS

        models = set(RECORD_MODELS.values())
        original = self.original = QuerySet.bulk_create

        def bulk_create(queryset, objs, *args, **kwargs):
            if queryset.model not in models:
                return original(queryset, objs, *args, **kwargs)
            objs = list(objs)
            if not fastinsert.insert(queryset.model, objs, with_pk=True):
                ids = fastinsert.ids_by(queryset.model, "record_key", [o.record_key for o in objs])
                for obj in objs:
                    obj.pk = ids[obj.record_key]
            return objs

        QuerySet.bulk_create = bulk_create
        return self

    def __exit__(self, *exc):
        from django.db.models import QuerySet

        QuerySet.bulk_create = self.original


class CachedPicks:
    """`Demo.pick` draws a party with `rng.choices(members, weights)`, which sums the weights
    of every party on each draw: quadratic in N (a 1,000,000-record load would take hours).
    The same draw from cumulative weights computed once gives the same parties."""

    def __enter__(self):
        from portal.demo.generate.common import Demo

        self.original = Demo.pick

        def pick(demo, rng, kinds, weighted=True):
            members, weights = demo.pool(kinds)
            if not members or not weighted:
                return self.original(demo, rng, kinds, weighted)
            cache = demo.__dict__.setdefault("_cumulative", {})
            key = frozenset(kinds)
            if key not in cache:
                cache[key] = list(itertools.accumulate(weights))
            return rng.choices(members, cum_weights=cache[key])[0]

        Demo.pick = pick
        return self

    def __exit__(self, *exc):
        from portal.demo.generate.common import Demo

        Demo.pick = self.original


def load(n, seed, today):
    from portal.demo.generate import generate_demo

    facilities = max(500, n // 10)
    started = time.perf_counter()
    with FastRecordInserts(), CachedPicks():
        summary = generate_demo(facilities=facilities, records=n, seed=seed, today=today)
    elapsed = time.perf_counter() - started
    public = sum(p for _, p in summary.kinds.values())
    print(
        f"loaded {n:,} records ({public:,} public today), {facilities:,} parties "
        f"in {elapsed:.1f} s = {n / elapsed:,.0f} records/s"
    )


def index_db(reuse):
    from search.backends.db import DatabaseBackend
    from search.indexing import rebuild
    from search.models import SearchDocument

    backend = DatabaseBackend()
    if reuse and backend.count():
        print(f"index (db): reused, {backend.count():,} documents")
        return
    started = time.perf_counter()
    written = rebuild("db", resume=False)
    elapsed = time.perf_counter() - started
    records = SearchDocument.objects.exclude(kind__in=["facility", "case", "notice", "page"])
    records = records.filter(generation=backend_generation()).count()
    print(
        f"index (db): {written:,} documents ({records:,} records) in {elapsed:.1f} s = "
        f"{written / elapsed:,.0f} documents/s ({records / elapsed:,.0f} records/s)"
    )


def index_elasticsearch():
    from search.indexing import rebuild

    started = time.perf_counter()
    written = rebuild("elasticsearch", resume=False)
    elapsed = time.perf_counter() - started
    print(
        f"index (elasticsearch): {written:,} documents in {elapsed:.1f} s = "
        f"{written / elapsed:,.0f} documents/s"
    )


def query_set(judge):
    """The relevance set's queries, chosen by its rules over the loaded data, plus common
    words. Without `judge` only a sample of records is read (enough to choose queries)."""
    from search.documents import eligible_records
    from search.kinds import RECORD_KINDS
    from tests.search import relevance as R

    if judge:
        corpus = R.Corpus(R.public_documents(R.TODAY))
    else:
        from portal.models import RECORD_MODELS

        ids = {
            kind: R.sample(
                eligible_records(RECORD_MODELS[kind]).order_by("pk").values_list("pk", flat=True),
                SAMPLE_PER_KIND,
            )
            for kind in RECORD_KINDS
        }
        corpus = R.Corpus(R.public_documents(R.TODAY, ids=ids))
    queries = R.build_queries(corpus)
    queries += [R.Judged("common", word, frozenset()) for word in COMMON_WORDS]
    return queries


# --- timing ---------------------------------------------------------------------------------------


def percentile(values, p) -> float:
    values = sorted(values)
    return values[max(0, math.ceil(p / 100 * len(values)) - 1)] if values else float("nan")


def time_queries(queries, runs, search, slow_ms=1000.0):
    """Every query once to warm up, then `runs` times; a query whose warm-up took over
    `slow_ms` is not repeated (the warm-up is its one measurement). Returns per-query times
    (ms) and hit counts (None: the search failed or timed out)."""
    times = [[] for _ in queries]
    hits = [0] * len(queries)
    slow = [False] * len(queries)
    for run in range(runs + 1):
        for i, query in enumerate(queries):
            if run and slow[i]:
                continue
            started = time.perf_counter()
            try:
                hits[i] = search(query)
            except Exception as exc:  # a timeout, or Wagtail's FTS5 syntax errors on codes
                hits[i] = None
                if run == 0:
                    print(f"  {query.text!r}: {type(exc).__name__}: {str(exc)[:80]}")
            elapsed = (time.perf_counter() - started) * 1000
            if run:
                times[i].append(elapsed)
            elif elapsed > slow_ms:
                slow[i] = True
                times[i].append(elapsed)
    return times, hits


def db_search(backend):
    from search.query import SearchQuery
    from search.service import run_search
    from tests.search.relevance import TODAY

    def search(query):
        results = run_search(
            SearchQuery(text=query.text, kinds=query.kinds, today=TODAY, per_page=PAGE),
            backend=backend,
        )
        return results.total

    return search


def report(queries, measured, runs):
    names = list(measured)
    classes = list(dict.fromkeys(q.category for q in queries))
    head = f"{'query class':<22}{'n':>4}"
    for name in names:
        head += f" | {name + ' p50':>13} {'p95':>7} {'hits':>7}"
    if "wagtail" in names and "db" in names:
        head += f" | {'wagtail finds':>13} {'failed':>6} {'wagtail/db':>10}"
    print(head)
    print("-" * len(head))
    for cls in [*classes, "all"]:
        members = [i for i, q in enumerate(queries) if cls in ("all", q.category)]
        line = f"{cls:<22}{len(members):>4}"
        for name in names:
            times, hits = measured[name]
            samples = [t for i in members for t in times[i]]
            counted = [hits[i] for i in members if hits[i] is not None]
            mean_hits = statistics.fmean(counted) if counted else float("nan")
            line += (
                f" | {percentile(samples, 50):>13.1f} {percentile(samples, 95):>7.1f} "
                f"{mean_hits:>7,.0f}"
            )
        if "wagtail" in names and "db" in names:
            w_times, w_hits = measured["wagtail"]
            d_times, _ = measured["db"]
            timed = [i for i in members if w_times[i]]  # all, or the sample (--wagtail-queries)
            found = [i for i in timed if w_hits[i]]
            failed = sum(1 for i in timed if w_hits[i] is None)
            ratios = [statistics.median(w_times[i]) / statistics.median(d_times[i]) for i in found]
            ratio = f"{statistics.median(ratios):.1f}x" if ratios else "-"
            line += f" | {len(found):>6} of {len(timed):<3} {failed:>6} {ratio:>10}"
        print(line)
    for name in names:
        times, _ = measured[name]
        total_ms = sum(sum(t) for t in times)
        count = sum(len(t) for t in times)
        print(
            f"{name}: {count / total_ms * 1000:,.1f} queries/s (one client, {count} timed searches)"
        )
    if "db" in names:
        times, hits = measured["db"]
        slowest = sorted(range(len(queries)), key=lambda i: -percentile(times[i], 95))[:12]
        print("slowest db queries (p95 ms, p50 ms, matches, class, query):")
        for i in slowest:
            q = queries[i]
            kinds = f" [{','.join(q.kinds)}]" if q.kinds else ""
            print(
                f"  {percentile(times[i], 95):7.1f} {percentile(times[i], 50):7.1f} "
                f"{'failed' if hits[i] is None else format(hits[i], ','):>9}  "
                f"{q.category:<22} {q.text}{kinds}"
            )


def analyze(wanted):
    """Planner statistics, as a maintained database has them (PRAGMA optimize, autovacuum).
    Without them SQLite joins Wagtail's index entries to its FTS table the slow way round.
    Not wanted: SQLite's are dropped, as the application leaves a database (PostgreSQL's
    autovacuum gathers them anyway)."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        if wanted:
            cursor.execute("ANALYZE")
            print(f"ANALYZE in {time.perf_counter() - started:.1f} s")
        elif connection.vendor == "sqlite":
            for table in ("sqlite_stat1", "sqlite_stat4"):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
            connection.close()  # the planner reads statistics when it opens the schema
            print("no planner statistics (SQLite: sqlite_stat tables dropped)")


def judge_report(queries, backends):
    from tests.search import relevance as R

    judged = [q for q in queries if q.relevant]
    for backend in backends:
        print(R.evaluate(judged, backend=backend, today=R.TODAY).format(failures=False))


def run_one(args):
    n = args.records[0]
    setup_django()
    from django.conf import settings

    from tests.search.relevance import TODAY

    backends = args.backend or ["db", "wagtail"] + ["elasticsearch"] * bool(
        settings.ELASTICSEARCH_URL
    )
    print(f"== {describe_database()}, {n:,} records, {os.cpu_count()} cores ==")
    reuse = args.keep and record_count() == n
    if reuse:
        print(f"reusing the {n:,} records in the database (--keep)")
    else:
        wipe_and_migrate(WORKDIR)
        load(n, args.seed, TODAY)
    index_db(reuse and not args.reindex)
    if "elasticsearch" in backends:
        index_elasticsearch()
    if "wagtail" in backends:
        index_wagtail(reuse)
    started = time.perf_counter()
    queries = query_set(args.judge)
    print(f"query set: {len(queries)} queries (chosen in {time.perf_counter() - started:.1f} s)")
    analyze(args.analyze)
    measured = {}
    for name in ("db", "elasticsearch"):
        if name in backends:
            measured[name] = time_queries(queries, args.queries, db_search(name))
    if "wagtail" in backends:
        from tests.search.relevance import sample

        chosen = range(len(queries))
        if args.wagtail_queries:
            chosen = sample(chosen, args.wagtail_queries)
            print(f"wagtail: timing {len(chosen)} of the {len(queries)} queries")
        with Timeout(args.wagtail_timeout) as timeout:
            times, hits = time_queries(
                [queries[i] for i in chosen], args.queries, wagtail_search(timeout)
            )
        measured["wagtail"] = ([[] for _ in queries], [None] * len(queries))
        for j, i in enumerate(chosen):
            measured["wagtail"][0][i] = times[j]
            measured["wagtail"][1][i] = hits[j]
    report(queries, measured, args.queries)
    if args.judge:
        judge_report(queries, [b for b in backends if b != "wagtail"])
    import resource

    from django.db import connection

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the benchmark process: {peak:,.0f} MB")
    if connection.vendor == "sqlite":
        size = Path(connection.settings_dict["NAME"]).stat().st_size / 1e6
        print(f"database file: {size:,.0f} MB")
        if not args.keep:
            connection.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{connection.settings_dict['NAME']}{suffix}").unlink(missing_ok=True)
    var_dir = Path(os.environ.get("PORTAL_VAR_DIR", ""))
    if not args.keep and var_dir.resolve().is_relative_to(WORKDIR.resolve()):
        import shutil

        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
