"""Leads inbox speed: load N demo leads, time /admin/leads/ with filters as a regional user.

    .venv/bin/python benchmarks/leads.py [--leads 100000] [--runs 20] [--keep] [--seed 2026]

A benchmark database (SQLite at var/bench-leads/leads-N.sqlite3, or PostgreSQL when
DATABASE_URL is set — its name must contain "bench", because it is wiped) is migrated and
loaded by the `seed_demo` generator with N leads and their handling data (offices, handlers,
deadlines, rewards; portal/demo/generate/lead_handling.py), N/10 parties and N/5 records.
The query codes of all but the showcase leads share one hash (hashing 100,000 codes with
PBKDF2 would take minutes and the inbox never reads them). The database is ANALYZEd.

Then, in this process, Django's test Client (production-like settings, DEBUG off) logs in
as a regional user — banli of 杭州市卫生健康监督所, a city office that sees the leads of
杭州, about 45 % of them — and, for each filter combination (none, state, overdue, region
subtree, handler, category + kind, sorted by due date), requests page 1 and a later page
(page 10, or the last page when there are fewer) after one warm-up request each: p50 and p95
over --runs requests, the number of SQL queries of one request (page 1 and the later page
must issue the same number) and the rows matched. The dashboard (/admin/lead-stats/) is timed
the same way. `--user baomi` times a provincial user (sees every lead) instead.
`--keep` reuses a database that already holds N leads.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_db import describe_database, wipe_and_migrate  # noqa: E402

WORKDIR = ROOT / "var" / "bench-leads"
LATER_PAGE = 10
TARGET_MS = 300


def setup_django(leads: int):
    WORKDIR.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR / f'leads-{leads}.sqlite3'}")
    os.environ["PORTAL_VAR_DIR"] = str(WORKDIR / f"var-{leads}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.bench_settings"
    import django

    django.setup()
    import logging

    for name in ("django-q", "django_tasks", "wagtail", "search", "django.request"):
        logging.getLogger(name).setLevel(logging.ERROR)


def lead_count() -> int:
    from django.db.utils import DatabaseError

    from portal.models import Lead

    try:
        return Lead.objects.count()
    except DatabaseError:  # not migrated yet
        return -1


class Patched:
    """Generation shortcuts for a large load: N leads whatever the number of parties, one
    shared query-code hash, and party picks from cumulative weights computed once
    (`Demo.pick` sums every party's weight on each draw: quadratic in N)."""

    def __init__(self, leads):
        self.leads = leads

    def __enter__(self):
        import itertools

        from portal.demo.generate import lead_storage, run
        from portal.demo.generate.common import Demo
        from portal.intake.receipts import hash_query_code

        self.saved = (run.lead_count, lead_storage.code_hash, Demo.pick)
        shared = hash_query_code("BENCH-0000-0000")
        real_hash, real_pick = lead_storage.code_hash, Demo.pick
        run.lead_count = lambda facilities: self.leads
        lead_storage.code_hash = lambda code, known: real_hash(code, known) if known else shared

        def pick(demo, rng, kinds, weighted=True):
            members, weights = demo.pool(kinds)
            if not members or not weighted:
                return real_pick(demo, rng, kinds, weighted)
            cache = demo.__dict__.setdefault("_cumulative", {})
            key = frozenset(kinds)
            if key not in cache:
                cache[key] = list(itertools.accumulate(weights))
            return rng.choices(members, cum_weights=cache[key])[0]

        Demo.pick = pick
        return self

    def __exit__(self, *exc):
        from portal.demo.generate import lead_storage, run
        from portal.demo.generate.common import Demo

        run.lead_count, lead_storage.code_hash, Demo.pick = self.saved


def load(leads: int, seed: str):
    from portal.demo.generate import generate_demo
    from portal.models import LeadDeadline, LeadReward

    facilities = max(500, leads // 10)
    started = time.perf_counter()
    with Patched(leads):
        summary = generate_demo(facilities=facilities, records=leads // 5, seed=seed)
    elapsed = time.perf_counter() - started
    print(
        f"loaded {summary.leads:,} leads ({LeadDeadline.objects.count():,} deadlines, "
        f"{LeadReward.objects.count():,} rewards), {facilities:,} parties, "
        f"{leads // 5:,} records in {elapsed:.0f} s"
    )


def analyze():
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"ANALYZE in {time.perf_counter() - started:.1f} s")


def combinations(user) -> dict:
    """Name → query string, with ids read from the loaded data."""
    from django.db.models import Count

    from portal.leads.access import visible_leads
    from portal.models import Lead, LeadCategory, Region

    mine = visible_leads(user)
    top_region = (
        (mine.exclude(region=None).values("region").order_by().annotate(n=Count("pk")))
        .order_by("-n")
        .first()
    )
    region = Region.objects.get(pk=top_region["region"]) if top_region else None
    category = LeadCategory.objects.order_by("order").first()
    handler = (
        (mine.exclude(handler=None).values("handler").order_by().annotate(n=Count("pk")))
        .order_by("-n")
        .first()
    )
    found = {
        "none": "",
        "state": "state=investigating",
        "overdue": "deadline=overdue",
        "region subtree": f"region={region.pk}" if region else "",
        "handler": f"handler={handler['handler']}" if handler else "handler=me",
        "category + kind": f"category={category.pk}&kind=violation",
        "sort by due date": "ordering=due_on",
    }
    notes = [
        f"region = {region.full_name if region else '—'}",
        f"category = {category.name}",
        f"{Lead.objects.count():,} leads in all, {mine.count():,} visible to {user.username}",
    ]
    return found, notes


def timed(client, url, runs) -> tuple[list, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm-up
    if response.status_code != 200:
        return [], response.status_code
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return times, len(queries.captured_queries)


def p95(times) -> float:
    times = sorted(times)
    return times[max(0, int(len(times) * 0.95 + 0.5) - 1)]


def run(args):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from portal.admin.lead_inbox_filters import LeadFilterSet  # noqa: F401  (fails early)

    user = get_user_model().objects.get(username=args.user)
    client = Client()
    client.force_login(user)
    found, notes = combinations(user)
    print("; ".join(notes))
    print(f"\ninbox /admin/leads/ as {user.username} ({args.runs} requests each, ms)")
    print(
        f"{'filters':<18}{'p1 p50':>8}{'p1 p95':>8}{'pN p50':>8}{'pN p95':>8}"
        f"{'queries':>10}  page N"
    )
    worst = 0.0
    for name, query in found.items():
        base = "/admin/leads/" + (f"?{query}&" if query else "?")
        first, q1 = timed(client, base + "p=1", args.runs)
        later_page = str(LATER_PAGE)
        later, qn = timed(client, base + f"p={later_page}", args.runs)
        if not later:  # fewer pages: the last one
            later_page = "last"
            later, qn = timed(client, base + "p=last", args.runs)
        worst = max(worst, p95(first), p95(later) if later else 0)
        same = "=" if q1 == qn else "≠"
        print(
            f"{name:<18}{statistics.median(first):>8.0f}{p95(first):>8.0f}"
            f"{statistics.median(later) if later else float('nan'):>8.0f}"
            f"{p95(later) if later else float('nan'):>8.0f}"
            f"{f'{q1} {same} {qn}':>10}  {later_page}"
        )
    print(f"worst p95: {worst:.0f} ms (target ≤ {TARGET_MS} ms)")
    stats_times, stats_queries = timed(client, "/admin/lead-stats/", max(5, args.runs // 4))
    print(
        f"\ndashboard /admin/lead-stats/ (12 months): p50 {statistics.median(stats_times):.0f} ms,"
        f" p95 {p95(stats_times):.0f} ms, {stats_queries} queries"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page")
    parser.add_argument("--user", default="banli", help="banli (city office) or baomi (province)")
    parser.add_argument("--keep", action="store_true", help="reuse a database holding N leads")
    parser.add_argument("--seed", default="2026")
    args = parser.parse_args(argv)
    setup_django(args.leads)
    print(f"== {describe_database()}, {args.leads:,} leads, {os.cpu_count()} cores ==")
    if args.keep and lead_count() >= args.leads * 0.9:
        print(f"reusing the {lead_count():,} leads in the database (--keep)")
    else:
        wipe_and_migrate(WORKDIR)
        load(args.leads, args.seed)
        analyze()
    run(args)


if __name__ == "__main__":
    main()
