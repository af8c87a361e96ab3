"""The embedded search backend: the site's own database (SQLite FTS5 or PostgreSQL).

Reading: exact codes first, then every document matching all query terms, ranked by BM25
(ts_rank_cd on PostgreSQL) times the document's boost, or by date. Facets come from one
GROUP BY over the matching rows (no document is fetched to count). Writing: documents are
replaced by key, in the live generation and, while a rebuild runs, in the new one.
"""

import hashlib

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from portal.credit_code import suggest_uscc
from portal.importing.fastinsert import insert, prepared_rows, reserve_ids

from ..documents import SearchDoc
from ..highlight import mark, snippet
from ..kinds import DocKind
from ..models import IndexBuild, SearchCode, SearchDocument
from ..query import Hit, SearchQuery, SearchResults
from ..text import index_terms, looks_like_code, normalize_code, pinyin_terms, query_terms
from .base import SearchBackend
from .db_query import (
    LARGE_MATCH_SET,
    Filters,
    Segment,
    facets,
    fetch,
    match_segments,
    page,
)
from .db_sql import DOC_TABLE, LIVE_TABLE, NEW_TABLE, TSVECTOR_SQL, dialect, kind_term

GENERATION_CACHE_KEY = "search:db-generation"
WRITE_VERSION_KEY = "search:db-write-version"
COUNTS_SECONDS = 600
BATCH = 500


def active_generation() -> int:
    generation = cache.get(GENERATION_CACHE_KEY)
    if generation is None:
        build = IndexBuild.objects.filter(backend="db", finished_at__isnull=False).first()
        generation = build.generation if build else 1
        cache.set(GENERATION_CACHE_KEY, generation, 300)
    return generation


def write_version() -> int:
    return cache.get_or_set(WRITE_VERSION_KEY, 1, None)


def bump_write_version():
    try:
        cache.incr(WRITE_VERSION_KEY)
    except ValueError:
        cache.set(WRITE_VERSION_KEY, 1, None)


def unfinished_build():
    return IndexBuild.objects.filter(backend="db", finished_at__isnull=True).first()


class DatabaseBackend(SearchBackend):
    name = "db"

    def __init__(self):
        self.fts = dialect()

    # --- reading ---------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        generation = active_generation()
        terms = query_terms(query.text)
        results = SearchResults(query=query, backend=self.name)
        exact = self._exact_ids(query, generation)
        filters = Filters(query, generation)
        if not terms and not exact and not query.filters():
            return results
        # One kind asked for: its term joins the full-text match, so a common word does
        # not drag in every document of the other kinds only to drop them.
        matching = [*terms, kind_term(query.kinds[0])] if terms and len(query.kinds) == 1 else terms
        large = bool(terms) and self._matches_more_than(matching, LARGE_MATCH_SET, generation)
        if large and (query.filters() or query.date_from or query.date_to):
            # A filter may leave few of the many matches: count them (up to the limit).
            source, match, match_params = self.fts.source(matching)
            everything = Segment(
                source, f"{match} AND {filters.where()}", [*match_params, *filters.params], ""
            )
            large = everything.count_upto(LARGE_MATCH_SET) > LARGE_MATCH_SET
        segments = match_segments(self.fts, query, matching, filters, exact, large)
        if large:
            results.total, results.total_is_lower_bound = LARGE_MATCH_SET, True
        elif query.facets:
            self._counts(results, query, generation, terms)
            results.total += self._exact_outside_match(exact, segments[-1])
        rows = page(exact, segments, query.offset, query.per_page)
        if not query.facets and not large:
            results.total = len(rows) + query.offset
        results.hits = [self._hit(row, query, row[0] in exact) for row in rows]
        if not results.hits and looks_like_code(query.text):
            results.suggestion = self._did_you_mean(query.text, generation)
        return results

    def _exact_ids(self, query, generation) -> list:
        if not looks_like_code(query.text):
            return []
        code = normalize_code(query.text)
        filters = Filters(query, generation)
        sql = (
            f"SELECT d.id FROM {DOC_TABLE} d JOIN portal_search_searchcode c "
            f"ON c.document_id = d.id WHERE c.code = %s AND {filters.where()} "
            "ORDER BY d.boost DESC, d.date DESC LIMIT 50"
        )
        return list(dict.fromkeys(row[0] for row in fetch(sql, [code, *filters.params])))

    def _exact_outside_match(self, exact, segment) -> int:
        """Exact-code hits the text match missed (a code typed whole is one term less)."""
        if not exact:
            return 0
        marks = ",".join(["%s"] * len(exact))
        sql = f"SELECT count(*) FROM {segment.source} WHERE {segment.where} AND d.id IN ({marks})"
        return len(exact) - fetch(sql, [*segment.params, *exact])[0][0]

    def _matches_more_than(self, terms, limit, generation) -> bool:
        sql, params = self.fts.probe(terms, limit, generation)
        return fetch(sql, params)[0][0] > limit

    def _counts(self, results, query, generation, terms):
        """Facets, kind counts and total, cached until the index changes or the day ends."""
        key = "search:counts:" + hashlib.sha256(
            repr((generation, write_version(), query.on(), terms, query.filters(),
                  query.date_from, query.date_to)).encode()
        ).hexdigest()  # fmt: skip
        cached = cache.get(key)
        if cached is None:
            without_kinds = Filters(query, generation, with_kinds=False)
            facets(results, query, self.fts, terms, without_kinds)
            results.total = sum(v.count for v in results.facets.get("kind", []))
            cache.set(key, (results.facets, results.kind_counts, results.total), COUNTS_SECONDS)
        else:
            results.facets, results.kind_counts, results.total = cached

    def _hit(self, row, query, exact) -> Hit:
        _, key, kind, object_id, title, body, url, code, date, rank = row
        score = float(rank or 0)
        return Hit(
            key=key,
            kind=kind,
            object_id=object_id,
            title=title,
            url=url,
            date=date,
            code=code,
            title_html=mark(title, query.text),
            snippet_html=snippet(body, query.text),
            score=-score if self.fts.rank_order == "ASC" else score,
            exact=exact,
        )

    def _did_you_mean(self, text, generation) -> str:
        """A code one or two characters away from what was typed, if the index has it."""
        code = normalize_code(text)
        candidates = suggest_uscc(code) if len(code) == 18 else []
        codes = SearchCode.objects.filter(document__generation=generation)
        found = codes.filter(code__in=candidates).values_list("code", flat=True).first()
        if found:
            return found
        half = max(len(code) // 2, 3)
        near = codes.filter(code__startswith=code[:half]) | codes.filter(
            code__endswith=code[-half:]
        )
        for other in near.values_list("code", flat=True)[:300]:
            if len(other) == len(code) and _distance_at_most(code, other, 2):
                return other
        return ""

    def suggest(self, prefix, limit=8, today=None) -> list[dict]:
        query = SearchQuery(
            text=prefix, kinds=(DocKind.FACILITY,), per_page=limit, facets=False, today=today
        )
        results = self.search(query)
        return [
            {"title": h.title, "kind": h.kind, "object_id": h.object_id, "code": h.code, "url": ""}
            for h in results.hits
        ]

    # --- writing ---------------------------------------------------------------------

    def index(self, docs, build=None) -> int:
        generations = [active_generation()]
        if build is not None and build.finished_at is None:
            generations.append(build.generation)
        return self._write(list(docs), generations)

    def writer_threads(self):
        # SQLite has one writer at a time; PostgreSQL works on each connection's batch
        # in a process of its own.
        return 2 if connection.vendor == "postgresql" else 1

    def prepare(self, docs):
        for doc in docs:  # the terms, cut while the writer thread writes the last batch
            doc.db_terms = _terms(doc)
        return docs

    def index_into_build(self, docs, build) -> int:
        return self._write(list(docs), [build.generation])

    def _write(self, docs: list[SearchDoc], generations) -> int:
        for start in range(0, len(docs), BATCH):
            batch = docs[start : start + BATCH]
            with transaction.atomic():
                for generation in generations:
                    self._delete_keys([d.key for d in batch], [generation])
                    self._insert(batch, generation)
        bump_write_version()
        return len(docs)

    def _insert(self, docs, generation):
        rows = [_row(doc, generation) for doc in docs]
        terms = [getattr(doc, "db_terms", None) or _terms(doc) for doc in docs]
        if connection.vendor == "postgresql":
            _insert_with_tsvector(rows, terms)
        else:
            insert(SearchDocument, rows)
            ids = _ids_by_key([r.key for r in rows], generation)  # read the ids back
            for row in rows:
                row.pk = ids[row.key]
            with connection.cursor() as cursor:
                self.fts.write(
                    cursor,
                    [(row.pk, *t) for row, t in zip(rows, terms, strict=True)],
                    self._fts_table(generation),
                )
        codes = [
            {"document_id": row.pk, "code": code[:100]}
            for doc, row in zip(docs, rows, strict=True)
            for code in doc.normalized_codes
        ]
        insert(SearchCode, codes)

    def delete(self, keys, build=None) -> int:
        generations = [active_generation()]
        if build is not None and build.finished_at is None:
            generations.append(build.generation)
        with transaction.atomic():
            return self._delete_keys(list(keys), generations)

    def _delete_keys(self, keys, generations) -> int:
        return sum(self._delete_ids(list(_ids_by_key(keys, g).values()), g) for g in generations)

    def _fts_table(self, generation):
        """SQLite: the live generation's FTS table, or the one a rebuild is filling."""
        return LIVE_TABLE if generation == active_generation() else NEW_TABLE

    def _delete_ids(self, ids, generation) -> int:
        if not ids:
            return 0
        with connection.cursor() as cursor:
            self.fts.delete(cursor, ids, self._fts_table(generation))
            # Plain DELETEs: the ORM's cascade collection costs more than the index writes.
            for start in range(0, len(ids), BATCH):
                chunk = ids[start : start + BATCH]
                marks = ",".join(["%s"] * len(chunk))
                cursor.execute(
                    f"DELETE FROM portal_search_searchcode WHERE document_id IN ({marks})", chunk
                )
                cursor.execute(f"DELETE FROM {DOC_TABLE} WHERE id IN ({marks})", chunk)
        bump_write_version()
        return len(ids)

    def delete_expired(self, today=None) -> int:
        today = today or timezone.localdate()
        expired = SearchDocument.objects.filter(public_until__lt=today)
        removed = 0
        with transaction.atomic():
            for generation in set(expired.values_list("generation", flat=True)):
                ids = list(expired.filter(generation=generation).values_list("pk", flat=True))
                removed += self._delete_ids(ids, generation)
        return removed

    def count(self) -> int:
        return SearchDocument.objects.filter(generation=active_generation()).count()

    # --- rebuilding ------------------------------------------------------------------

    def start_build(self, resume=True):
        build = unfinished_build()
        if build and resume:
            with connection.cursor() as cursor:
                self.fts.start_generation(cursor, build.generation, resume=True)
            return build
        if build:
            build.delete()
        latest = IndexBuild.objects.filter(backend="db").first()
        generation = max(latest.generation if latest else 1, active_generation()) + 1
        leftovers = list(
            SearchDocument.objects.filter(generation=generation).values_list("pk", flat=True)
        )
        self._delete_ids(leftovers, generation)
        with connection.cursor() as cursor:
            self.fts.start_generation(cursor, generation)
        return IndexBuild.objects.create(backend="db", generation=generation)

    def finish_build(self, build) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            self.fts.finish_generation(cursor, build.generation)
        with transaction.atomic():
            build.finished_at = timezone.now()
            build.save(update_fields=["finished_at"])
            with connection.cursor() as cursor:  # plain DELETEs: no cascade collection
                self.fts.swap_in(cursor, build.generation)
                cursor.execute(
                    "DELETE FROM portal_search_searchcode WHERE document_id IN "
                    f"(SELECT id FROM {DOC_TABLE} WHERE generation < %s)",
                    [build.generation],
                )
                cursor.execute(f"DELETE FROM {DOC_TABLE} WHERE generation < %s", [build.generation])
        cache.set(GENERATION_CACHE_KEY, build.generation, 300)
        with connection.cursor() as cursor:
            self.fts.after_swap(cursor)


def _row(doc: SearchDoc, generation) -> SearchDocument:
    return SearchDocument(
        generation=generation,
        key=doc.key,
        kind=doc.kind,
        object_id=doc.object_id,
        title=doc.title[:400],
        body=doc.body,
        url=doc.url[:400],
        code=doc.code[:100],
        facility_id=doc.facility_id,
        region_code=doc.region_code,
        authority_id=doc.authority_id,
        date=doc.date,
        year=doc.date.year if doc.date else None,
        penalty_types="".join(f"|{pk}" for pk in doc.penalty_type_ids) + "|"
        if doc.penalty_type_ids
        else "",
        facility_type=doc.facility_type,
        public_from=doc.public_from,
        public_until=doc.public_until,
        boost=doc.boost,
    )


def _ids_by_key(keys, generation) -> dict:
    """key → id in one generation (plain SQL: the ORM's compiling of a 500-value IN costs
    more than the lookup)."""
    if not keys:
        return {}
    if connection.vendor == "postgresql":
        where, params = "key = ANY(%s)", [list(keys)]
    else:
        where, params = f"key IN ({','.join(['%s'] * len(keys))})", list(keys)
    sql = f"SELECT key, id FROM {DOC_TABLE} WHERE generation = %s AND {where}"
    return dict(fetch(sql, [generation, *params]))


def _insert_with_tsvector(rows, terms):
    """PostgreSQL: COPY the rows and their terms into a temporary table, then one INSERT …
    SELECT makes each tsvector, so every row is written once (not inserted, then updated)."""
    quote = connection.ops.quote_name
    fields = list(SearchDocument._meta.concrete_fields)
    for row, pk in zip(rows, reserve_ids(SearchDocument, len(rows)), strict=True):
        row.pk = pk
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE search_staging ON COMMIT DROP AS "
            f"SELECT {columns} FROM {DOC_TABLE} WITH NO DATA"
        )
        cursor.execute("ALTER TABLE search_staging ADD t text, ADD b text, ADD e text")
        with cursor.cursor.copy(f"COPY search_staging ({columns}, t, b, e) FROM STDIN") as copy:
            for values, row_terms in zip(prepared_rows(rows, fields), terms, strict=True):
                copy.write_row([*values, *row_terms])
        cursor.execute(
            f"INSERT INTO {DOC_TABLE} ({columns}, fts) SELECT {columns}, "
            f"{TSVECTOR_SQL} FROM search_staging"
        )
        cursor.execute("DROP TABLE search_staging")


def _terms(doc: SearchDoc) -> tuple[str, str, str]:
    extra = [kind_term(doc.kind)]
    for name in doc.names:
        extra.extend(pinyin_terms(name))
    for code in doc.codes:
        extra.extend(index_terms(code))
        extra.append(normalize_code(code).lower())
    return " ".join(index_terms(doc.title)), " ".join(index_terms(doc.body)), " ".join(extra)


def _distance_at_most(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance of two equal-length codes is at most `limit` (substitutions)."""
    return sum(x != y for x, y in zip(a, b, strict=True)) <= limit
