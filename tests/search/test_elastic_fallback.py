"""Elasticsearch down, refusing or slow: the database backend answers and a warning is logged.

Real HTTP, no mock: ELASTICSEARCH_URL points at a closed port, at a local server that
answers 503 (the body Elasticsearch sends while its cluster state is not recovered) and
at one that answers too late.
"""

import json
import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from search.backends.base import BackendUnavailable
from search.indexing import rebuild
from search.query import SearchQuery
from search.service import run_search, suggest
from tests.search.es_responses import load

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(facility):
    """The clinic in the database index (only there: Elasticsearch is not reachable)."""
    rebuild("db", resume=False)
    return facility


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Unavailable(BaseHTTPRequestHandler):
    seen: list = []
    delay = 0.0
    status = 503

    def answer(self):
        self.seen.append((self.command, self.path))
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        time.sleep(self.delay)
        body = json.dumps(load("error_503")).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = answer

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    def start(delay=0.0):
        handler = type("Handler", (Unavailable,), {"seen": [], "delay": delay})
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        started.append(httpd)
        return handler, f"http://127.0.0.1:{httpd.server_port}"

    started = []
    yield start
    for httpd in started:
        httpd.shutdown()
        httpd.server_close()


def assert_answered_by_the_database(facility, caplog):
    with caplog.at_level(logging.WARNING, logger="search"):
        results = run_search(SearchQuery(text="康宁口腔"))
        names = suggest("kangning")
    assert results.backend == "db"
    assert results.hits[0].key == f"facility:{facility.pk}"
    assert names[0]["object_id"] == facility.pk
    warnings = [r for r in caplog.records if r.name == "search" and r.levelno == logging.WARNING]
    assert len(warnings) == 2
    assert all("elasticsearch unavailable" in r.getMessage() for r in warnings)


def test_closed_port(indexed, settings, caplog):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    assert_answered_by_the_database(indexed, caplog)


def test_server_answering_503(indexed, settings, caplog, server):
    handler, url = server()
    settings.ELASTICSEARCH_URL = url
    assert_answered_by_the_database(indexed, caplog)
    assert ("POST", f"/{settings.SEARCH_INDEX_PREFIX}/_search") in handler.seen  # really asked


def test_server_answering_too_late(indexed, settings, caplog, server):
    handler, url = server(delay=5.0)
    settings.ELASTICSEARCH_URL = url
    settings.SEARCH_ELASTICSEARCH_TIMEOUT = 0.5
    started = time.perf_counter()
    assert_answered_by_the_database(indexed, caplog)
    # Two searches, each given up after the timeout (no retry on timeout): not 2 × 5 s.
    assert time.perf_counter() - started < 4.0
    assert handler.seen


def test_forcing_elasticsearch_reports_the_outage(indexed, settings):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    with pytest.raises(BackendUnavailable):
        run_search(SearchQuery(text="康宁口腔"), backend="elasticsearch")
