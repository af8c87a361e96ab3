"""Report intake under load: file leads concurrently through the public form under gunicorn.

    .venv/bin/python benchmarks/intake.py [--seconds 60] [--concurrency 8] [--workers 2]
        [--threads 1] [--cheap-hash] [--breakdown] [--sqlite-only]

Migrates a throwaway SQLite database in a temporary directory and serves the site with
gunicorn (benchmarks/intake_settings.py: production-like, CAPTCHA in test mode, rate limit
out of the way, django-q2 on the ORM broker with no cluster running, so follow-up tasks
only queue). With DATABASE_URL set (PostgreSQL; it must exist) the same run follows
against that database.

Each client (a thread with its own session cookie) loops: GET /report/violation/, read the
CSRF token, the one-time form token, the CAPTCHA key and the categories from the page;
POST the form (multipart, anonymous, "PASSED" as the CAPTCHA answer); a 302 to
/report/receipt/ is an acknowledged submission; GET the receipt page and read the receipt
number. At the end the leads stored during the run are counted and every acknowledged
receipt number is looked up: "lost" is an acknowledged submission with no lead.

Prints accepted submissions per second, POST latency p50/p95, and stored vs acknowledged.
--breakdown also times, in one process, what a submission costs: hashing the query code,
`submit_lead`, and the whole form POST with and without the hash.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
FORM_PATH = "/report/violation/"
RECEIPT_PATH = "/report/receipt/"
RECEIPT_NUMBER = re.compile(r"\b(?:TS|JB|JL|DM)\d{13}\b")
DESCRIPTIONS = (
    "小区底商一家无招牌的理疗馆给老人输液打针，操作人员没有医师资格，收费每次八十元。",
    "某美容工作室在店内给顾客注射玻尿酸，操作的是美容师，针剂包装全是外文，没有中文标签。",
    "门诊楼前每天早上有号贩子公开倒卖专家号，一个号加价三百元，挂号窗口却说号已挂满。",
    "诊所把用过的针管棉签和生活垃圾混在一起，每天晚上扔进小区垃圾桶，没有交接记录。",
)


def hidden(html: str, name: str) -> str:
    for tag in re.findall(r"<input\b[^>]*>", html):
        if re.search(rf'\bname="{re.escape(name)}"', tag):
            found = re.search(r'\bvalue="([^"]*)"', tag)
            return unescape(found.group(1)) if found else ""
    return ""


def categories(html: str) -> list[str]:
    select = re.search(r'<select\b[^>]*\bname="category"[^>]*>(.*?)</select>', html, re.S)
    if not select:
        return []
    return [v for v in re.findall(r'<option\b[^>]*\bvalue="([^"]*)"', select.group(1)) if v]


def multipart(fields: dict) -> tuple[bytes, str]:
    boundary = "----bench" + secrets.token_hex(12)
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    parts.append(f"--{boundary}--\r\n")
    return "".join(parts).encode(), f"multipart/form-data; boundary={boundary}"


class Client:
    """One visitor: a keep-alive connection and a cookie jar (session and CSRF cookies)."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        headers = {"Accept-Language": "zh-CN", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (OSError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                if attempt or method == "POST":  # never re-send a submission
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response, data.decode("utf-8", "replace")

    def file_one(self, n: int) -> tuple[str, float, str]:
        """("ok" | what went wrong, POST seconds, receipt number)."""
        response, html = self.request("GET", FORM_PATH)
        if response.status != 200:
            return f"form GET {response.status}", 0.0, ""
        options = categories(html)
        fields = {
            "csrfmiddlewaretoken": hidden(html, "csrfmiddlewaretoken"),
            "form_token": hidden(html, "form_token"),
            "website": "",
            "category": options[n % len(options)] if options else "",
            "facility": "",
            "facility_name": f"压测无名诊所{n % 97}号",
            "facility_address": f"北京市朝阳区朝阳路{n % 300 + 1}号",
            "region": "",
            "occurred_on": "",
            "description": DESCRIPTIONS[n % len(DESCRIPTIONS)],
            "wanted": "",
            "anonymous": "on",
            "captcha_0": hidden(html, "captcha_0") or "bench",
            "captcha_1": "PASSED",
        }
        body, content_type = multipart(fields)
        headers = {
            "Content-Type": content_type,
            "Origin": f"http://127.0.0.1:{self.port}",
            "Referer": f"http://127.0.0.1:{self.port}{FORM_PATH}",
        }
        started = time.perf_counter()
        response, html = self.request("POST", FORM_PATH, body=body, headers=headers)
        elapsed = time.perf_counter() - started
        location = response.headers.get("Location", "")
        if response.status != 302 or not location.endswith(RECEIPT_PATH):
            title = re.search(r"<title>(.*?)</title>", html, re.S)
            what = title.group(1).strip()[:60] if title else ""
            return f"POST {response.status} {what}", elapsed, ""
        response, html = self.request("GET", RECEIPT_PATH)
        found = RECEIPT_NUMBER.search(html)
        return "ok", elapsed, found.group(0) if found else ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args):
    subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def django_eval(env, code: str) -> dict:
    """Run `code` (which sets `result`) in a Django process; return `result`."""
    script = "import django, json; django.setup()\n" + code + "\nprint(json.dumps(result))"
    out = subprocess.run(
        [PY, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


COUNT = """
from portal.models import Lead
from django_q.models import OrmQ
result = {"leads": Lead.objects.count(), "queued": OrmQ.objects.count()}
"""
CHECK = """
from portal.models import Lead
wanted = json.load(open({path!r}))
stored = set(Lead.objects.filter(receipt_number__in=wanted).values_list("receipt_number", flat=True))
queued = Lead.objects.filter(receipt_number__in=wanted, followups_queued_at__isnull=False).count()
result = {{"missing": sorted(set(wanted) - stored), "queued": queued}}
"""


def serve(env, port, workers, threads):
    args = ["benchmarks.bench_wsgi:application", "--workers", str(workers),
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "120"]  # fmt: skip
    if threads > 1:
        args += ["--threads", str(threads)]
    gunicorn = str(Path(PY).parent / "gunicorn")
    proc = subprocess.Popen([gunicorn, *args], cwd=ROOT, env=env, start_new_session=True)
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def server_cpu(master_pid) -> float:
    """CPU seconds used so far by gunicorn's master and workers (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        if pid == master_pid or ppid == master_pid:
            total += (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return total


def load(port, seconds, concurrency):
    results = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    start = time.monotonic()
    counter = iter(range(10**9))

    def worker():
        client = Client(port)
        mine = []
        while time.monotonic() < stop:
            n = next(counter)
            try:
                outcome, elapsed, receipt = client.file_one(n)
            except (OSError, http.client.HTTPException) as exc:
                outcome, elapsed, receipt = f"connection: {type(exc).__name__}", 0.0, ""
                client.conn = None
            mine.append((time.monotonic() - start, outcome, elapsed, receipt))
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.monotonic() - start


def percentile(values, share):
    values = sorted(values)
    return values[max(0, int(len(values) * share + 0.5) - 1)] if values else float("nan")


def run(label, env, options) -> dict:
    manage(env, "migrate", "--noinput")
    port = free_port()
    proc = serve(env, port, options.workers, options.threads)
    try:
        load(port, 3, 2)  # warm up: templates, connections, the first sessions
        before = django_eval(env, COUNT)
        cpu_server, cpu_client = server_cpu(proc.pid), os.times()
        results, wall = load(port, options.seconds, options.concurrency)
        cpu_server = server_cpu(proc.pid) - cpu_server
        cpu_client = sum(os.times()[:2]) - sum(cpu_client[:2])
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()
    after = django_eval(env, COUNT)
    ok = [r for r in results if r[1] == "ok"]
    receipts = [r[3] for r in ok if r[3]]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(receipts, handle)
    try:
        check = django_eval(env, CHECK.format(path=handle.name))
    finally:
        os.unlink(handle.name)
    failures = {}
    for r in results:
        if r[1] != "ok":
            failures[r[1]] = failures.get(r[1], 0) + 1
    per_second = [0] * (int(wall) + 1)
    for r in ok:
        per_second[int(r[0])] += 1
    full = per_second[1:-1] or per_second
    latencies = [r[2] for r in ok]
    stored = after["leads"] - before["leads"]
    summary = {
        "label": label,
        "acknowledged": len(ok),
        "stored": stored,
        "lost": len(ok) - stored,
        "missing receipts": len(check["missing"]),
        "receipts read": len(receipts),
        "tasks queued": after["queued"] - before["queued"],
        "accepted/s": len(ok) / options.seconds,
        "per-second min/max": (min(full), max(full)),
        "p50 ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p95 ms": percentile(latencies, 0.95) * 1000,
        "failures": failures,
    }
    print(
        f"\n{label}: gunicorn {options.workers} workers × {options.threads} threads, "
        f"{options.concurrency} clients, {options.seconds:.0f} s"
        f"{' (cheap hash: MD5 for the query code)' if options.cheap_hash else ''}"
    )
    print(
        f"  accepted/s          {summary['accepted/s']:.1f}  (per second: {min(full)}–{max(full)})"
    )
    print(f"  POST latency        p50 {summary['p50 ms']:.0f} ms, p95 {summary['p95 ms']:.0f} ms")
    print(f"  acknowledged (302)  {len(ok)}")
    print(f"  stored (new leads)  {stored}")
    print(f"  lost                {len(ok) - stored}  (acknowledged receipts not in the database: "
          f"{len(check['missing'])} of {len(receipts)} read)")  # fmt: skip
    print(f"  tasks queued        {summary['tasks queued']} (leads with follow-ups queued: "
          f"{check['queued']})")  # fmt: skip
    if ok:
        print(f"  CPU per accepted    server {cpu_server / len(ok) * 1000:.0f} ms, "
              f"load client {cpu_client / len(ok) * 1000:.0f} ms "
              f"(server busy {cpu_server / wall:.2f} of {os.cpu_count()} cores)")  # fmt: skip
    if failures:
        print(f"  not accepted        {failures}")
    return summary


BREAKDOWN = r"""
import re, time
from unittest import mock
from django.test import Client
from django.contrib.auth.hashers import get_hasher
from portal.intake.receipts import hash_query_code, new_query_code
from portal.intake.submit import submit_lead
from portal.models import LeadCategory, LeadKind

def per_call(fn, n):
    started = time.perf_counter()
    for i in range(n):
        fn(i)
    return (time.perf_counter() - started) / n * 1000

result = {"hasher": get_hasher().algorithm, "iterations": getattr(get_hasher(), "iterations", None)}
result["hash_query_code"] = per_call(lambda i: hash_query_code(new_query_code()), 10)
category = LeadCategory.objects.filter(active=True).first()
data = {"category": category, "facility_name": "压测无名诊所", "facility_address": "北京市朝阳区朝阳路1号",
        "description": "小区底商一家无招牌的理疗馆给老人输液打针，操作人员没有医师资格。", "anonymous": True}
result["submit_lead"] = per_call(lambda i: submit_lead(LeadKind.VIOLATION, data), 10)
with mock.patch("portal.intake.submit.hash_query_code", lambda code: "x$" + code):
    result["submit_lead without hash"] = per_call(lambda i: submit_lead(LeadKind.VIOLATION, data), 30)

def value(html, name):
    tag = re.search(r'<input\b[^>]*name="%s"[^>]*>' % name, html).group(0)
    return re.search(r'value="([^"]*)"', tag).group(1)

def form_post(patched, n):
    client = Client()
    timings = {"GET form": 0.0, "POST": 0.0, "GET receipt": 0.0}
    for i in range(n):
        t0 = time.perf_counter()
        html = client.get("/report/violation/").content.decode()
        t1 = time.perf_counter()
        fields = {"form_token": value(html, "form_token"), "website": "", "category": category.pk,
                  "facility_name": "压测无名诊所", "facility_address": "北京市朝阳区朝阳路1号",
                  "description": data["description"], "anonymous": "on",
                  "captcha_0": value(html, "captcha_0"), "captcha_1": "PASSED"}
        if patched:
            with mock.patch("portal.intake.submit.hash_query_code", lambda code: "x$" + code):
                response = client.post("/report/violation/", fields)
        else:
            response = client.post("/report/violation/", fields)
        t2 = time.perf_counter()
        assert response.status_code == 302, response.status_code
        client.get("/report/receipt/")
        t3 = time.perf_counter()
        timings["GET form"] += t1 - t0
        timings["POST"] += t2 - t1
        timings["GET receipt"] += t3 - t2
    return {k: v / n * 1000 for k, v in timings.items()}

form_post(True, 2)  # warm up
result["form"] = form_post(False, 10)
result["form without hash"] = form_post(True, 30)
"""


def breakdown(env):
    result = django_eval(env, BREAKDOWN)
    print(f"\nwhere a submission's time goes (one process, no concurrency; hasher "
          f"{result['hasher']}, {result['iterations']} iterations):")  # fmt: skip
    print(f"  hash_query_code (make_password)      {result['hash_query_code']:7.1f} ms")
    print(f"  submit_lead                          {result['submit_lead']:7.1f} ms")
    print(f"  submit_lead, hash replaced           {result['submit_lead without hash']:7.1f} ms")
    for name in ("form", "form without hash"):
        t = result[name]
        print(f"  {name + ':':<22} GET form {t['GET form']:6.1f} ms, POST {t['POST']:6.1f} ms, "
              f"GET receipt {t['GET receipt']:6.1f} ms")  # fmt: skip
    return result


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--cheap-hash", action="store_true",
                        help="hash query codes with MD5 (to measure everything else)")  # fmt: skip
    parser.add_argument("--breakdown", action="store_true")
    parser.add_argument("--sqlite-only", action="store_true", help="ignore DATABASE_URL")
    parser.add_argument("--postgresql-only", action="store_true", help="only DATABASE_URL")
    parser.add_argument("--redis", action="store_true",
                        help="keep REDIS_URL: cache and task broker in Redis (production)")  # fmt: skip
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        keep_redis = options.redis and os.environ.get("REDIS_URL")
        base = {k: v for k, v in os.environ.items() if k != "REDIS_URL" or keep_redis}
        env = {
            **base,
            "DJANGO_SETTINGS_MODULE": "benchmarks.intake_settings",
            "PORTAL_VAR_DIR": tmp,
            "PYTHONPATH": str(ROOT),
            "PYTHONWARNINGS": "ignore",
            "BENCH_CHEAP_HASH": "1" if options.cheap_hash else "0",
        }
        databases = (
            [] if options.postgresql_only else [("SQLite", f"sqlite:///{tmp}/bench.sqlite3")]
        )
        if os.environ.get("DATABASE_URL") and not options.sqlite_only:
            databases.append(("PostgreSQL", os.environ["DATABASE_URL"]))
        for label, url in databases:
            run_env = {**env, "DATABASE_URL": url}
            run(label, run_env, options)
            if options.breakdown:
                breakdown(run_env)


if __name__ == "__main__":
    main()
