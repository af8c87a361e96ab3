"""Real-browser tests: Playwright for Python driving Debian's Chromium headless against
pytest-django's live server, with axe-core (from npm, `node_modules/`) injected into pages.

Prerequisites: /usr/bin/chromium (Debian package `chromium`, installed by .ci/run) and
node_modules/axe-core (`npm ci`, run by `make test`). Without them these tests FAIL when the
environment says CI (CI=true) and are skipped otherwise.

Every test that uses the `demo` fixture seeds its own data (`seed_demo`, 60 parties and 600
records, about 2 s): live-server tests are transactional, so the database is flushed after each
one and restored from the migrated state (serialized rollback) before the next. Hence few tests,
each walking many pages. Each test also starts its own Chromium (well under a second); see
`browser` for why it cannot be shared by the session.
"""

import datetime
import io
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")

# Every browser test: the marker, and a transactional database (the live server runs in another
# thread) restored to its migrated state before the test (Wagtail's root and home pages, regions).
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def missing_prerequisites():
    problems = []
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        problems.append(f"{CHROMIUM} not found: install Debian's `chromium` (.ci/run does)")
    if not AXE_JS.is_file():
        problems.append(
            f"{AXE_JS.relative_to(ROOT)} not found: run `npm ci --no-audit --no-fund` "
            "(`make test` does)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append(
            "the `playwright` Python package is not installed (pip install -e '.[test]')"
        )
    return problems


@pytest.fixture(scope="session")
def prerequisites():
    """Skip (fail under CI=true) before any database work when Chromium or axe-core is missing."""
    problems = missing_prerequisites()
    if problems:
        message = "browser tests cannot run: " + "; ".join(problems)
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message + " (skipped outside CI; with CI=true this fails)")


@pytest.fixture
def browser(prerequisites):
    """Chromium, started for one test, after its database is ready (and `demo` seeded) and
    stopped before pytest-django flushes it.

    Playwright's sync API marks an asyncio loop as running in this thread between its calls.
    Django then takes the thread for async code: ORM calls raise SynchronousOnlyOperation, and
    `connections` hands out other connection objects than the ones pytest-django set up (without
    the serialized copy of the migrated database that restores it before each test). So the
    browser lives inside the test only: set-up and teardown of the database run without it, and
    the ORM calls of the test body use their own connection (allowed here, closed at the end).
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                connections.close_all()  # the connections the test body opened
                chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def screenshot_dir():
    """tests/artifacts/screenshots/, emptied once per run so no stale picture survives (not
    under pytest-xdist, where each worker would empty the others' pictures)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


# --- The seeded data set ---------------------------------------------------------------------


@dataclass
class Demo:
    """What the tests need from the seeded data set: URLs and records to look for."""

    today: datetime.date
    penalty: object  # a public penalty of an organisation, linked to a typical case
    facility: object  # its party
    filter_region: object  # the region (district) of that party: a filter that matches it
    case: object  # a live typical case linked to that penalty
    person: object  # a natural person with a public penalty
    person_penalty: object
    gone: dict = field(default_factory=dict)  # label -> a record public once, not any more
    secrets: list = field(default_factory=list)  # full ID numbers that must never be shown

    @property
    def case_url(self):
        return self.case.url

    @property
    def penalty_url(self):
        return f"/records/penalties/{self.penalty.pk}/"

    @property
    def facility_url(self):
        return f"/facilities/{self.facility.uscc}/"

    @property
    def filtered_list_url(self):
        return f"/records/penalties/?region={self.filter_region.code}&sort=oldest"

    def pages(self):
        """(name, path, HTTP status) of every page the accessibility test checks and
        photographs."""
        withdrawn = self.gone["withdrawn"]
        return [
            ("home", "/", 200),
            ("home-en", "/en/", 200),
            ("penalties", "/records/penalties/", 200),
            ("licences", "/records/licences/", 200),
            ("blacklist", "/records/blacklist/", 200),
            ("inspections", "/records/inspections/", 200),
            ("scores", "/records/scores/", 200),
            ("penalties-filtered", self.filtered_list_url, 200),
            ("penalty-detail", self.penalty_url, 200),
            ("facility", self.facility_url, 200),
            ("cases", "/cases/", 200),
            ("case", self.case_url, 200),
            ("statistics", "/statistics/", 200),
            ("gone-410", f"/records/penalties/{withdrawn.pk}/", 410),
        ]


def _public_penalty_linked_to_a_case(today):
    from cms.models import CasePage
    from portal.models import PenaltyRecord

    public = PenaltyRecord.objects.public(today).select_related("facility__region")
    for case in CasePage.objects.live().order_by("path"):
        for penalty in public.filter(pk__in=case.penalties.values("pk")):
            if penalty.facility.uscc and penalty.facility.region_id:
                return penalty, case
    raise AssertionError("seed_demo made no typical case linked to a public penalty")


def _gone_records(today):
    """Records that were published and are not public today, one per reason: three penalties
    (withdrawn, credit-repaired, publicity period over) and a revoked or cancelled licence."""
    from portal.models import LicenceRecord, PenaltyRecord

    was_public = PenaltyRecord.objects.filter(live=True, publishable=True, decision_date__lt=today)
    gone = {
        "withdrawn": was_public.filter(withdrawn_at__isnull=False).first(),
        "repaired": was_public.filter(repaired_at__isnull=False, withdrawn_at__isnull=True).first(),
        "expired": was_public.filter(
            publicity_ends_on__lt=today, withdrawn_at__isnull=True, repaired_at__isnull=True
        ).first(),
        # a licence's publishable flag is its status: revoked/cancelled ones are not
        "revoked-licence": LicenceRecord.objects.filter(
            live=True,
            decision_date__lt=today,
            withdrawn_at__isnull=True,
            status__in=[LicenceRecord.Status.REVOKED, LicenceRecord.Status.CANCELLED],
        ).first(),
    }
    missing = [label for label, record in gone.items() if record is None]
    assert not missing, f"seed_demo made no {missing} record"
    return gone


@pytest.fixture
def demo(prerequisites, live_server):
    """The demo data set (seed 7: 60 parties, 600 records, typical cases, notices)."""
    from django.core.management import call_command
    from django.utils import timezone

    from portal.models import Facility, PartyType, PenaltyRecord

    call_command(
        "seed_demo", facilities=60, records=600, seed="7", force=True, stdout=io.StringIO()
    )
    today = timezone.localdate()
    penalty, case = _public_penalty_linked_to_a_case(today)
    person_penalty = (
        PenaltyRecord.objects.public(today)
        .filter(facility__party_type=PartyType.NATURAL_PERSON)
        .select_related("facility")
        .first()
    )
    assert person_penalty is not None, "seed_demo made no public penalty of a natural person"
    secrets = []
    for party in Facility.objects.all():
        secrets += [n for n in (party.id_number, party.legal_rep_id_number) if n]
    assert secrets, "seed_demo made no party with an ID number"
    return Demo(
        today=today,
        penalty=penalty,
        facility=penalty.facility,
        filter_region=penalty.facility.region,
        case=case,
        person=person_penalty.facility,
        person_penalty=person_penalty,
        gone=_gone_records(today),
        secrets=secrets,
    )


# --- Browsing --------------------------------------------------------------------------------


class Browsing:
    """Opens pages in fresh browser contexts (own cookies) against the live server, and notes
    what must never happen on any page: script errors and requests to other hosts."""

    def __init__(self, browser, base_url):
        self.browser = browser
        self.base_url = base_url.rstrip("/")
        self.problems = []
        self._contexts = []

    def new_page(self, viewport=DESKTOP, elder=False):
        context = self.browser.new_context(viewport=viewport, base_url=self.base_url)
        self._contexts.append(context)
        if elder:
            context.add_cookies([{"name": "elder_mode", "value": "1", "url": self.base_url}])
        page = context.new_page()
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("request", self._check_host)
        return page

    def _check_host(self, request):
        url = request.url
        if not (url.startswith(self.base_url + "/") or url.startswith(("data:", "blob:"))):
            self.problems.append(f"request to another host: {url}")

    def assert_no_problems(self):
        assert not self.problems, "\n".join(self.problems)

    def close(self):
        for context in self._contexts:
            context.close()
        self._contexts.clear()


@pytest.fixture
def browsing(demo, live_server, browser):
    """Pages on the live server with the demo data (seeded first, then the browser starts)."""
    session = Browsing(browser, live_server.url)
    yield session
    session.close()


def goto(page, path, status=200):
    response = page.goto(path)
    assert response is not None and response.status == status, (
        f"{path}: HTTP {response.status if response else 'no response'}, expected {status}"
    )
    return response


# --- axe-core --------------------------------------------------------------------------------

_RUN_AXE = """async (tags) => {
    const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))
    }));
}"""


def axe_violations(page):
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(_RUN_AXE, AXE_TAGS)


def describe_violations(where, violations):
    lines = [f"{where}: {len(violations)} axe violation(s)"]
    for v in violations:
        lines.append(f"  - {v['id']} [{v['impact']}] {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            target = " ".join(" > ".join(t) if isinstance(t, list) else t for t in node["target"])
            summary = re.sub(r"\s+", " ", node["summary"] or "").strip()
            lines.append(f"      {target}: {summary}")
        if len(v["nodes"]) > 8:
            lines.append(f"      … and {len(v['nodes']) - 8} more elements")
    return "\n".join(lines)
