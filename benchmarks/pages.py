"""Public page speed under gunicorn (2 workers), against a bare Django view (the ceiling).

    .venv/bin/python benchmarks/pages.py --records 100000 [--seconds 10] [--concurrency 8]

Seeds a throwaway SQLite database (or --database-url) with seed_demo, serves it with
gunicorn, and for home, a filtered list, a record detail and a facility profile prints
requests/s and p50/p95 latency, with the page cache on (anonymous visitors) and off.
"""

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args):
    subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def prepare(env, records):
    manage(env, "migrate", "--noinput")
    facilities = max(500, records // 10)
    manage(env, "seed_demo", "--facilities", str(facilities), "--records", str(records), "--force")


def sample_paths(env) -> dict:
    code = (
        "import django;django.setup();"
        "from portal.models import PenaltyRecord, Facility;"
        "r=PenaltyRecord.objects.public().select_related('facility').order_by('-id').first();"
        "f=r.facility;"
        "print(r.pk);print(f.uscc or f.pk);print(f.region.code[:4] + '00' if f.region else '')"
    )
    out = subprocess.run(
        [PY, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.split()
    pk, facility, city = out[0], out[1], (out[2] if len(out) > 2 else "")
    return {
        "ceiling": "/_ceiling/",
        "home": "/",
        "list (filtered)": f"/records/penalties/?region={city}&sort=date",
        "detail": f"/records/penalties/{pk}/",
        "facility profile": f"/facilities/{facility}/",
    }


def serve(env, port):
    args = [
        "gunicorn",
        "benchmarks.bench_wsgi:application",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(
        [str(Path(PY).parent / args[0]), *args[1:]], cwd=ROOT, env=env, start_new_session=True
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def load(port, path, seconds, concurrency):
    latencies, errors = [], [0]
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors[0] += 1
            except (OSError, http.client.HTTPException):
                errors[0] += 1
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    n = len(latencies)
    return {
        "rps": n / seconds,
        "p50": statistics.median(latencies) * 1000 if n else float("nan"),
        "p95": latencies[int(n * 0.95) - 1] * 1000 if n else float("nan"),
        "errors": errors[0],
    }


def run(env, paths, seconds, concurrency, cache_on):
    env = {**env, "PORTAL_PAGE_CACHE": "1" if cache_on else "0"}
    port = free_port()
    proc = serve(env, port)
    try:
        results = {}
        for name, path in paths.items():
            load(port, path, 1, 2)  # warm up
            results[name] = load(port, path, seconds, concurrency)
        return results
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--database-url", default="")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings",
            "PORTAL_VAR_DIR": tmp,
            "DATABASE_URL": options.database_url or f"sqlite:///{tmp}/bench.sqlite3",
            "PYTHONPATH": str(ROOT),
        }
        started = time.monotonic()
        prepare(env, options.records)
        print(f"seeded {options.records} records in {time.monotonic() - started:.0f} s")
        paths = sample_paths(env)
        runs = ((True, options.concurrency), (False, options.concurrency), (False, 1))
        for cache_on, concurrency in runs:
            results = run(env, paths, options.seconds, concurrency, cache_on)
            ceiling = results["ceiling"]["rps"]
            print(
                f"\npage cache {'on' if cache_on else 'off'} "
                f"(gunicorn 2 workers, {concurrency} clients, {options.seconds:.0f} s each)"
            )
            print(
                f"{'page':<18}{'req/s':>9}{'% ceiling':>11}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}"
            )
            for name, r in results.items():
                print(
                    f"{name:<18}{r['rps']:>9.0f}{100 * r['rps'] / ceiling:>10.0f}%"
                    f"{r['p50']:>9.1f}{r['p95']:>9.1f}{r['errors']:>8}"
                )


if __name__ == "__main__":
    main()
