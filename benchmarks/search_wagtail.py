"""Wagtail's own database search backend over the same documents, for benchmarks/search.py."""

import time
from collections import defaultdict

PAGE = 20  # results per page, as the search page asks


def backend_generation() -> int:
    from search.backends.db import active_generation

    return active_generation()


# --- Wagtail's backend over the same documents ------------------------------------------------

_WAGTAIL_MODEL = None


def wagtail_model():
    """A proxy of SearchDocument that Wagtail indexes (no table, no migration)."""
    global _WAGTAIL_MODEL
    if _WAGTAIL_MODEL is None:
        from wagtail.search import index

        from search.models import SearchDocument

        class WagtailSearchDocument(index.Indexed, SearchDocument):
            search_fields = [
                index.SearchField("title"),
                index.SearchField("body"),
                index.SearchField("codes_text"),
                index.FilterField("kind"),
                index.FilterField("generation"),
            ]

            class Meta:
                proxy = True
                app_label = "search"

            def codes_text(self):
                return " ".join(dict.fromkeys([self.code, *getattr(self, "_codes", [])]))

        # What Wagtail's app does for every indexed model when it starts (the PostgreSQL
        # backend joins through it); this one is defined after start-up.
        from modelsearch.abstract_models import TextIDGenericRelation
        from modelsearch.conf import get_app_config

        index_entry = get_app_config().get_model("IndexEntry")
        TextIDGenericRelation(index_entry).contribute_to_class(
            WagtailSearchDocument, "index_entries"
        )
        _WAGTAIL_MODEL = WagtailSearchDocument
    return _WAGTAIL_MODEL


def index_wagtail(reuse, batch=2000):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.backends import get_search_backend

    from search.models import SearchCode

    model = wagtail_model()
    backend = get_search_backend("default")
    search_index = backend.get_index_for_model(model)
    entries = search_index.entries.filter(content_type=ContentType.objects.get_for_model(model))
    generation = backend_generation()
    documents = model.objects.filter(generation=generation).order_by("pk")
    if reuse and entries.count() == documents.count():
        print(f"index (wagtail, {type(backend).__name__}): reused, {entries.count():,} documents")
        return
    entries.delete()
    started = time.perf_counter()
    written, last = 0, 0
    while True:
        objs = list(documents.filter(pk__gt=last)[:batch])
        if not objs:
            break
        codes = defaultdict(list)
        for document_id, code in SearchCode.objects.filter(
            document_id__in=[o.pk for o in objs]
        ).values_list("document_id", "code"):
            codes[document_id].append(code)
        for obj in objs:
            obj._codes = codes[obj.pk]
        search_index.add_items(model, objs)
        written += len(objs)
        last = objs[-1].pk
    elapsed = time.perf_counter() - started
    print(
        f"index (wagtail, {type(backend).__name__}): {written:,} documents in {elapsed:.1f} s "
        f"= {written / elapsed:,.0f} documents/s"
    )


# --- the query set ------------------------------------------------------------------------------


class Timeout:
    """Abort any statement running longer than `seconds` (SQLite progress handler,
    PostgreSQL statement_timeout): Wagtail's backend can take minutes on common words."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.deadline = None

    def __enter__(self):
        from django.db import connection

        connection.ensure_connection()
        if connection.vendor == "sqlite":
            connection.connection.set_progress_handler(self._expired, 20000)
        else:
            with connection.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = {int(self.seconds * 1000)}")
        return self

    def start(self):
        self.deadline = time.perf_counter() + self.seconds

    def _expired(self):
        return 1 if self.deadline and time.perf_counter() > self.deadline else 0

    def __exit__(self, *exc):
        from django.db import connection

        if connection.vendor == "sqlite":
            connection.connection.set_progress_handler(None, 0)
        else:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")


def wagtail_search(timeout):
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend("default")
    model = wagtail_model()
    generation = backend_generation()

    def search(query):
        timeout.start()
        documents = model.objects.filter(generation=generation)
        if query.kinds:
            documents = documents.filter(kind__in=list(query.kinds))
        results = backend.search(query.text, documents)
        total = results.count()
        list(results[:PAGE])
        results.facet("kind")
        return total

    return search
