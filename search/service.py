"""The one entry point: `run_search(query)` and `suggest(prefix)` for pages, API, commands.

Elasticsearch answers when `ELASTICSEARCH_URL` is set; if it is down, slow or refuses,
the database backend answers instead and a warning is logged (the visitor sees results,
nothing alarming). `backend="db"` or `"elasticsearch"` forces one (commands, tests).
"""

import logging
import time

from django.conf import settings

from .backends.base import BackendUnavailable
from .facets import label_facets
from .query import SearchQuery, SearchResults

logger = logging.getLogger("search")
BACKEND_NAMES = ("db", "elasticsearch")


def elasticsearch_configured() -> bool:
    return bool(getattr(settings, "ELASTICSEARCH_URL", ""))


def get_backend(name: str | None = None):
    """The backend by name; default: Elasticsearch when configured, else the database."""
    name = name or ("elasticsearch" if elasticsearch_configured() else "db")
    if name == "elasticsearch":
        from .backends.elastic import ElasticsearchBackend

        return ElasticsearchBackend()
    if name == "db":
        from .backends.db import DatabaseBackend

        return DatabaseBackend()
    raise ValueError(f"unknown search backend: {name}")


def write_backends() -> list:
    """Every backend that must receive index updates: the database one always (it is the
    fallback), Elasticsearch as well when configured."""
    backends = [get_backend("db")]
    if elasticsearch_configured():
        backends.append(get_backend("elasticsearch"))
    return backends


def run_search(query: SearchQuery, backend: str | None = None, labels=True) -> SearchResults:
    started = time.perf_counter()
    chosen = get_backend(backend)
    try:
        results = chosen.search(query)
    except BackendUnavailable as exc:
        if backend == "elasticsearch" or chosen.name == "db":
            raise
        logger.warning("search: %s unavailable (%s); answering from the database", chosen.name, exc)
        results = get_backend("db").search(query)
    except Exception:
        if backend == "elasticsearch" or chosen.name == "db":
            raise
        # A request Elasticsearch refused (a bug, a mapping out of date): log it in full,
        # and still answer the citizen.
        logger.exception("search: %s failed; answering from the database", chosen.name)
        results = get_backend("db").search(query)
    if labels:
        label_facets(results)
    results.elapsed_ms = (time.perf_counter() - started) * 1000
    return results


def suggest(prefix: str, limit: int = 8, backend: str | None = None) -> list[dict]:
    chosen = get_backend(backend)
    try:
        return chosen.suggest(prefix, limit)
    except BackendUnavailable as exc:
        if chosen.name == "db":
            raise
        logger.warning("search: %s unavailable for suggestions (%s)", chosen.name, exc)
        return get_backend("db").suggest(prefix, limit)
