"""The Elasticsearch backend: used when ELASTICSEARCH_URL is set, the database as fallback.

Reading: one request per page (hits, aggregations, highlight; see elastic_query), with
short timeouts and at most one retry so that `search.service` falls back quickly: any
connection error, timeout, 5xx, 429 or missing index is raised as BackendUnavailable.
Writing: bulk requests into the alias (the live index) and, during a rebuild, into the
build's own index. Rebuild: a new index `{prefix}-v{generation}`, filled, then the alias
moved to it in one `update_aliases` call and the old index dropped.
"""

import logging
import re
from contextlib import contextmanager
from functools import lru_cache

from django.conf import settings
from django.utils import timezone
from elastic_transport import TransportError
from elasticsearch import ApiError, BadRequestError, Elasticsearch, NotFoundError
from elasticsearch.helpers import bulk
from elasticsearch_dsl import Search
from elasticsearch_dsl.response import Response

from ..models import IndexBuild
from ..query import SearchQuery, SearchResults
from . import elastic_query as q
from .base import BackendUnavailable, SearchBackend
from .elastic_mapping import DOCUMENTS, bulk_action, delete_action, index_definition
from .elastic_results import hit_from, read_facets

logger = logging.getLogger("search")
BATCH = 500


@lru_cache(maxsize=8)
def make_client(url: str, timeout: float) -> Elasticsearch:
    """One client (and connection pool) per URL and timeout, shared by every request."""
    return Elasticsearch(url, request_timeout=timeout, max_retries=1, retry_on_timeout=False)


def client_from_settings() -> Elasticsearch:
    url = getattr(settings, "ELASTICSEARCH_URL", "")
    if not url:
        raise BackendUnavailable("ELASTICSEARCH_URL is not set")
    return make_client(url, float(getattr(settings, "SEARCH_ELASTICSEARCH_TIMEOUT", 2.0)))


def unavailable(exc: ApiError) -> bool:
    """Errors that mean "ask the database": the engine failing, overloaded, or unindexed."""
    status = exc.meta.status
    if status >= 500 or status == 429 or not 400 <= status < 500:
        return True  # not 4xx and not an HTTP error at all: something else answered
    return status == 404 and exc.message == "index_not_found_exception"


@contextmanager
def engine_errors(action: str):
    try:
        yield
    except ApiError as exc:
        if unavailable(exc):
            raise BackendUnavailable(f"{action}: {exc.meta.status} {exc.message}") from exc
        raise
    except TransportError as exc:  # connection refused, timeout, TLS, unreadable reply
        raise BackendUnavailable(f"{action}: {exc}") from exc


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, client: Elasticsearch | None = None, prefix: str | None = None):
        self._client = client
        self.alias = prefix or getattr(settings, "SEARCH_INDEX_PREFIX", "portal-search")
        self._alias_checked = False

    @property
    def client(self) -> Elasticsearch:
        if self._client is None:
            self._client = client_from_settings()
        return self._client

    @property
    def writer(self) -> Elasticsearch:
        """Writes and index administration may take longer than a search."""
        timeout = float(getattr(settings, "SEARCH_ELASTICSEARCH_WRITE_TIMEOUT", 30.0))
        return self.client.options(request_timeout=timeout)

    def index_name(self, generation: int) -> str:
        return f"{self.alias}-v{generation}"

    # --- reading ---------------------------------------------------------------------

    def search(self, query: SearchQuery, with_highlight: bool = True) -> SearchResults:
        results = SearchResults(query=query, backend=self.name)
        if q.is_empty(query):
            return results
        body = q.search_body(query, with_highlight=with_highlight)
        with engine_errors("search"):
            raw = self.client.search(index=self.alias, body=body).body
        # The body is sent as built (a dsl Search would rewrite it); dsl reads the hits,
        # each as the Document class of its kind.
        response = Response(Search(index=self.alias, doc_type=list(DOCUMENTS.values())), raw)
        total = raw["hits"]["total"]
        results.total = total["value"]
        results.total_is_lower_bound = total["relation"] == "gte"
        results.hits = [hit_from(hit, query) for hit in response.hits]
        if query.facets and "aggregations" in raw:
            read_facets(results, raw["aggregations"])
        if query.page == 1 and not any(hit.exact for hit in results.hits):
            results.suggestion = self._did_you_mean(query)
        return results

    def _did_you_mean(self, query: SearchQuery) -> str:
        body = q.did_you_mean_body(query.text, query.on())
        if body is None:
            return ""
        with engine_errors("did you mean"):
            response = self.client.search(index=self.alias, body=body)
        codes = []
        for hit in response["hits"]["hits"]:
            codes.extend(hit["_source"].get("codes", []))
        return q.closest_code(query.text, codes)

    def suggest(self, prefix: str, limit: int = 8, today=None) -> list[dict]:
        query = SearchQuery(
            text=prefix, kinds=("facility",), per_page=limit, facets=False, today=today
        )
        results = self.search(query, with_highlight=False)
        return [
            {"title": h.title, "kind": h.kind, "object_id": h.object_id, "code": h.code, "url": ""}
            for h in results.hits
        ]

    # --- writing ---------------------------------------------------------------------

    def _bulk(self, actions: list, **options) -> int:
        if not actions:
            return 0
        with engine_errors("bulk"):
            written, _ = bulk(self.writer, actions, chunk_size=BATCH, **options)
        return written

    def index(self, docs, build=None) -> int:
        docs = list(docs)
        if not docs:
            return 0
        if not self._alias_checked:
            self.ensure_index()
        # require_alias: a missing alias fails instead of creating an unmapped index.
        written = self._bulk([bulk_action(d, self.alias) for d in docs], require_alias=True)
        if build is not None and build.finished_at is None and build.name:
            self._bulk([bulk_action(d, build.name) for d in docs])
        return written

    def index_into_build(self, docs, build) -> int:
        return self._bulk([bulk_action(d, build.name) for d in docs])

    def delete(self, keys, build=None) -> int:
        keys = list(keys)
        deleted = self._bulk(
            [delete_action(key, self.alias) for key in keys], require_alias=True, ignore_status=404
        )
        if build is not None and build.finished_at is None and build.name:
            self._bulk([delete_action(key, build.name) for key in keys], ignore_status=404)
        return deleted

    def delete_expired(self, today=None) -> int:
        today = today or timezone.localdate()
        indices = [self.alias, *self._unfinished_build_indices()]
        with engine_errors("delete expired"):
            try:
                response = self.writer.delete_by_query(
                    index=indices,
                    query={"range": {"public_until": {"lt": today.isoformat()}}},
                    conflicts="proceed",
                    refresh=True,
                    ignore_unavailable=True,
                )
            except NotFoundError:
                return 0
        return response["deleted"]

    def count(self) -> int:
        with engine_errors("count"):
            try:
                return self.client.count(index=self.alias)["count"]
            except NotFoundError:
                return 0

    # --- indices and rebuilding ----------------------------------------------------------

    def live_indices(self) -> list[str]:
        """The concrete indices behind the alias (one, normally)."""
        with engine_errors("get alias"):
            try:
                return sorted(self.client.indices.get_alias(name=self.alias).body)
            except NotFoundError:
                return []

    def _create_index(self, name: str, building: bool = False, alias: bool = False) -> None:
        replicas = int(getattr(settings, "SEARCH_ELASTICSEARCH_REPLICAS", 0))
        body = index_definition(name, replicas=replicas, building=building).to_dict()
        if alias:
            body["aliases"] = {self.alias: {}}
        with engine_errors("create index"):
            self.writer.indices.create(index=name, **body)

    def _generation_in_use(self, live: list[str]) -> int:
        """The highest generation a build row or the live index has used."""
        latest = IndexBuild.objects.filter(backend=self.name).order_by("-generation").first()
        pattern = re.compile(rf"^{re.escape(self.alias)}-v(\d+)$")
        generations = [int(m.group(1)) for m in map(pattern.match, live) if m]
        return max([latest.generation if latest else 0, *generations])

    def ensure_index(self) -> str:
        """The live index; generation 1 (or the next free one) with the alias if none."""
        live = self.live_indices()
        if live:
            self._alias_checked = True
            return live[0]
        generation = self._generation_in_use(live) + 1
        with engine_errors("index exists"):
            while self.client.indices.exists(index=self.index_name(generation)):
                generation += 1
        name = self.index_name(generation)
        try:
            self._create_index(name, alias=True)
        except BadRequestError as exc:
            if exc.message != "resource_already_exists_exception":
                raise  # else another worker created it a moment ago
        self._alias_checked = True
        return name

    def _unfinished_build_indices(self) -> list[str]:
        builds = IndexBuild.objects.filter(backend=self.name, finished_at__isnull=True)
        return [b.name for b in builds if b.name]

    def start_build(self, resume: bool = True):
        unfinished = IndexBuild.objects.filter(backend=self.name, finished_at__isnull=True).first()
        if unfinished and resume:
            with engine_errors("index exists"):
                exists = self.client.indices.exists(index=unfinished.name)
            if not exists:  # dropped meanwhile: start this generation again from scratch
                self._create_index(unfinished.name, building=True)
                unfinished.progress = {}
                unfinished.save(update_fields=["progress"])
            return unfinished
        if unfinished:
            self._drop(unfinished.name)
            unfinished.delete()
        generation = self._generation_in_use(self.live_indices()) + 1
        name = self.index_name(generation)
        self._drop(name)  # a leftover of a build whose row is gone
        self._create_index(name, building=True)
        return IndexBuild.objects.create(backend=self.name, generation=generation, name=name)

    def _drop(self, name: str) -> None:
        with engine_errors("delete index"):
            self.writer.options(ignore_status=404).indices.delete(index=name)

    def finish_build(self, build) -> None:
        with engine_errors("finish build"):
            self.writer.indices.put_settings(
                index=build.name, settings={"index": {"refresh_interval": None}}
            )
            self.writer.indices.refresh(index=build.name)
        live = self.live_indices()
        old = [name for name in live if name != build.name]
        actions = [{"remove": {"index": name, "alias": self.alias}} for name in old]
        if not live and self._concrete_index_named_like_alias():
            # Written before any alias existed: replace it in the same atomic call.
            actions.append({"remove_index": {"index": self.alias}})
        actions.append({"add": {"index": build.name, "alias": self.alias}})
        with engine_errors("swap alias"):
            self.writer.indices.update_aliases(actions=actions)
        for name in old:
            self._drop(name)
        build.finished_at = timezone.now()
        build.save(update_fields=["finished_at"])
        self._alias_checked = True
        logger.info("search: %s now serves from %s", self.alias, build.name)

    def _concrete_index_named_like_alias(self) -> bool:
        with engine_errors("index exists"):
            return bool(self.client.indices.exists(index=self.alias))
