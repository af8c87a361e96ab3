"""The rebuild's writer thread: writes in order, hands errors back, and a real rebuild
through it (outside a transaction, where the thread is used) indexes everything."""

import datetime
import random
import threading
import time

import pytest

from search import indexing
from search.backends.db import DatabaseBackend, active_generation
from search.models import IndexBuild, SearchDocument
from search.query import SearchQuery
from search.service import run_search
from search.writer import BatchWriter

TODAY = datetime.date.today()


def test_items_are_written_on_other_threads_and_recorded_in_order():
    written, recorded, threads = [], [], set()

    def write(n):
        time.sleep(random.random() / 500)  # writers finish out of order
        written.append(n)
        threads.add(threading.current_thread().name)

    with BatchWriter(write, recorded.append, threads=2) as writer:
        assert writer.threaded
        for n in range(40):
            writer.put(n)
    assert sorted(written) == list(range(40))
    assert recorded == list(range(40))  # progress is saved in order
    assert threads <= {"search-writer-0", "search-writer-1"}


def test_inside_a_transaction_everything_happens_inline(db):
    calls = []
    with BatchWriter(lambda n: calls.append(("write", n)), lambda n: calls.append(("record", n)),
                     threads=2) as writer:  # fmt: skip
        assert not writer.threaded  # the test's transaction is open
        writer.put(1)
        writer.put(2)
    assert calls == [("write", 1), ("record", 1), ("write", 2), ("record", 2)]


def test_an_error_in_a_writer_reaches_the_caller_and_nothing_after_it_is_recorded():
    recorded = []

    def write(n):
        if n == 3:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        with BatchWriter(write, recorded.append, threads=2) as writer:
            for n in range(50):
                writer.put(n)
    assert recorded == [0, 1, 2]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the regions
def test_a_rebuild_outside_a_transaction_writes_through_the_threads(make_penalty, monkeypatch):
    records = [make_penalty(TODAY - datetime.timedelta(days=n + 1)) for n in range(5)]
    monkeypatch.setattr(indexing, "REBUILD_BATCH", 2)
    real = DatabaseBackend.index_into_build
    calls = {"threads": set(), "fail": True}

    def flaky(self, docs, build):
        calls["threads"].add(threading.current_thread().name)
        if calls["fail"] and records[2].pk in {d.object_id for d in docs}:
            raise RuntimeError("interrupted")  # the second batch
        return real(self, docs, build)

    monkeypatch.setattr(DatabaseBackend, "index_into_build", flaky)
    with pytest.raises(RuntimeError):
        indexing.rebuild("db")
    assert calls["threads"] <= {"search-writer-0", "search-writer-1"}
    build = IndexBuild.objects.get(backend="db", finished_at__isnull=True)
    # Progress never passes the batch that failed (the first may or may not be recorded:
    # it was written alongside the failing one).
    assert build.progress in ({}, {"penalty": records[1].pk})

    calls["fail"] = False
    indexing.rebuild("db")  # resumes, through the threads again
    generation = active_generation()
    assert generation == build.generation
    penalties = SearchDocument.objects.filter(generation=generation, kind="penalty")
    assert sorted(penalties.values_list("object_id", flat=True)) == [r.pk for r in records]
    hits = run_search(SearchQuery(text="康宁", kinds=("penalty",)), backend="db").hits
    assert len(hits) == 5
