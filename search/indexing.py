"""Keeping the indexes in step with what is public.

Changes are queued as django-q2 tasks once the transaction commits (`enqueue`), so no
request waits for a search engine and a rolled-back change indexes nothing. The task
(`index_objects`) reads each object afresh: what is public now is written, anything else
is deleted. `rebuild` writes a whole new index in batches, resumably, and swaps it in.
"""

import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from .documents import count_candidates, doc_key, documents
from .kinds import DocKind
from .service import get_backend, write_backends
from .writer import BatchWriter

logger = logging.getLogger("search")
ALL_KINDS = tuple(DocKind.values)
TASK_BATCH = 1000
REBUILD_BATCH = 1000


def _chunks(ids, size):
    ids = list(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def enqueue(kind: str, ids: Iterable[int]) -> None:
    """Index (or unindex) these objects after the current transaction commits."""
    ids = sorted({int(pk) for pk in ids})
    if not ids:
        return

    def send():
        from django_q.tasks import async_task

        for chunk in _chunks(ids, TASK_BATCH):
            try:
                async_task("search.indexing.index_objects", str(kind), chunk, group="search")
            except Exception:  # broker down: the next sweep or rebuild catches up
                logger.exception("search: could not queue indexing of %s %s…", kind, chunk[:3])

    transaction.on_commit(send)


def enqueue_kind(kind: str) -> None:
    """Re-index every object of a kind (after a publicity rule changed)."""

    def send():
        from django_q.tasks import async_task

        try:
            async_task("search.indexing.reindex_kind", str(kind), group="search")
        except Exception:
            logger.exception("search: could not queue re-indexing of %s", kind)

    transaction.on_commit(send)


def _changed():
    """Cached public pages (search results among them) may now be stale."""
    from portal.pagecache import bump_version

    bump_version()


def _each_backend(action):
    for backend in write_backends():
        build = _unfinished(backend)
        try:
            action(backend, build)
        except Exception:
            if backend.name == "db":
                raise
            # Elasticsearch down: the database index is current, a rebuild catches up.
            logger.exception("search: %s indexing failed", backend.name)


def _unfinished(backend):
    from .models import IndexBuild

    return IndexBuild.objects.filter(backend=backend.name, finished_at__isnull=True).first()


def index_objects(kind: str, ids: list) -> int:
    """The task: write the public documents of these objects, delete the rest."""
    docs = list(documents(kind, ids))
    found = {doc.object_id for doc in docs}
    gone = [doc_key(kind, pk) for pk in ids if pk not in found]

    def apply(backend, build):
        backend.index(docs, build=build)
        if gone:
            backend.delete(gone, build=build)

    _each_backend(apply)
    _changed()
    return len(docs)


def reindex_kind(kind: str) -> int:
    """Every object of a kind, in batches; documents no longer eligible are deleted."""
    from .models import SearchDocument

    eligible = set()
    batch = []

    def flush():
        _each_backend(lambda backend, build, b=list(batch): backend.index(b, build=build))
        batch.clear()

    for doc in documents(kind):
        eligible.add(doc.object_id)
        batch.append(doc)
        if len(batch) >= REBUILD_BATCH:
            flush()
    if batch:
        flush()
    indexed = set(SearchDocument.objects.filter(kind=kind).values_list("object_id", flat=True))
    stale = [doc_key(kind, pk) for pk in indexed - eligible]
    if stale:
        _each_backend(lambda backend, build: backend.delete(stale, build=build))
    _changed()
    return len(eligible)


def sweep(today=None) -> int:
    """Daily: remove documents whose publicity ended (search also filters on the date)."""
    today = today or timezone.localdate()
    removed = 0
    for backend in write_backends():
        try:
            removed += backend.delete_expired(today)
        except Exception:
            if backend.name == "db":
                raise
            logger.exception("search: %s sweep failed", backend.name)
    _changed()
    return removed


def rebuild(backend_name="db", resume=True, progress=None) -> int:
    """Write a new index of everything public, then swap it in.

    Resumable: each kind's last written id is saved after every batch, and a rerun with
    `resume` continues the unfinished build. `progress(kind, total)` returns a callable
    advanced by the number of documents written (a rich progress bar in the command).
    Batches are built here and written on other threads (search.writer).
    """
    backend = get_backend(backend_name)
    build = backend.start_build(resume=resume)
    written = 0

    def write(kind, batch, advance):
        if batch:
            backend.index_into_build(batch, build)

    def record(kind, batch, advance):  # in order, once this batch and all before it are in
        nonlocal written
        build.progress[kind] = batch[-1].object_id if batch else "done"
        build.save(update_fields=["progress"])
        written += len(batch)
        if advance and batch:
            advance(len(batch))

    with BatchWriter(write, record, threads=backend.writer_threads()) as writer:
        for kind in ALL_KINDS:
            after = build.progress.get(kind, 0)
            if after == "done":
                continue
            advance = progress(kind, count_candidates(kind)) if progress else None
            batch = []
            for doc in documents(kind, after=after):
                batch.append(doc)
                if len(batch) >= REBUILD_BATCH:
                    writer.put(kind, backend.prepare(batch), advance)
                    batch = []
            if batch:
                writer.put(kind, backend.prepare(batch), advance)
            writer.put(kind, [], None)
    backend.finish_build(build)
    _changed()
    return written


def reindex_all() -> int:
    """Rebuild the database index now (demo seeding, tests) and Elasticsearch if set."""
    written = 0
    for backend in write_backends():
        try:
            written = rebuild(backend.name, resume=False)
        except Exception:
            if backend.name == "db":
                raise
            logger.exception("search: %s rebuild failed", backend.name)
    return written
