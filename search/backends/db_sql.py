"""The two SQL dialects of the database backend: SQLite FTS5 and PostgreSQL tsvector.

Both index the same pre-cut terms (search.text): title terms, body terms and "extra"
terms (pinyin spellings and code pieces). Each dialect says how to store them, how to
match a query (every term; words with letters also as prefixes) and how to rank (BM25 on
FTS5, ts_rank_cd on PostgreSQL), with the title and extra columns weighted above the body.
"""

from django.db import connection

DOC_TABLE = "portal_search_searchdocument"
TITLE_WEIGHT, BODY_WEIGHT, EXTRA_WEIGHT = 10.0, 1.0, 4.0
# PostgreSQL: the document's tsvector from its title (t), body (b) and extra (e) terms.
TSVECTOR_SQL = (
    "setweight(to_tsvector('simple', t), 'A') || setweight(to_tsvector('simple', b), 'D') "
    "|| setweight(to_tsvector('simple', e), 'B')"
)


def _is_prefix_term(term: str) -> bool:
    """Latin words (pinyin, partial codes) match as prefixes; numbers, Chinese and single
    letters exactly (the "B" of "B超" as a prefix would match every pinyin from b)."""
    return len(term) > 1 and term.isascii() and any(c.isalpha() for c in term)


def kind_term(kind: str) -> str:
    """A term every document of a kind carries, so a kind filter narrows the full-text
    match itself instead of discarding rows after it (digits first: no word or pinyin
    query starts like this)."""
    return "9k" + kind.replace("_", "")


class SQLiteFTS:
    name = "sqlite"

    def match_expression(self, terms, tier=None) -> str:
        """All terms; tier "title": all of them in the title or extra columns; tier
        "rest": the other matches."""
        parts = []
        for term in terms:
            quoted = '"' + term.replace('"', '""') + '"'
            parts.append(quoted + "*" if _is_prefix_term(term) else quoted)
        expression = " AND ".join(parts)
        if tier == "title":
            return f"{{title extra}} : ({expression})"
        if tier == "rest":
            return f"({expression}) NOT ({{title extra}} : ({expression}))"
        return expression

    def source(self, terms, tier=None):
        """FROM … WHERE fragment and its params, for documents matching every term."""
        if not terms:
            return f"{DOC_TABLE} d", "1=1", []
        return (
            # CROSS JOIN fixes the loop order: the FTS match outside, one row lookup per
            # match (otherwise SQLite may rerun the MATCH for every document row).
            f"search_fts CROSS JOIN {DOC_TABLE} d ON d.id = search_fts.rowid",
            "search_fts MATCH %s",
            [self.match_expression(terms, tier)],
        )

    def rank(self, terms) -> tuple[str, list]:
        """Lower is better on FTS5 (bm25 is negative), so multiply by the boost."""
        if not terms:
            return "0", []
        return f"bm25(search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}, {EXTRA_WEIGHT}) * d.boost", []

    rank_order = "ASC"
    stream_order = "search_fts.rowid DESC"
    title_tier = True  # FTS5 filters by column inside the index: cheap  # FTS5's own order: no sort, stops at LIMIT

    def probe(self, terms, limit, generation):
        return (
            "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH %s LIMIT %s)",
            [self.match_expression(terms), limit + 1],
        )

    def write(self, cursor, rows):
        """rows: (doc id, title terms, body terms, extra terms)."""
        cursor.executemany(
            "INSERT OR REPLACE INTO search_fts(rowid, title, body, extra) VALUES (%s, %s, %s, %s)",
            rows,
        )

    def delete(self, cursor, ids):
        ids = list(ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", chunk)

    def delete_generations_before(self, cursor, generation):
        cursor.execute(
            f"DELETE FROM search_fts WHERE rowid IN (SELECT id FROM {DOC_TABLE} "
            "WHERE generation < %s)",
            [generation],
        )

    def create_generation_index(self, cursor, generation):
        pass  # one FTS5 table holds every generation

    def optimize(self, cursor):
        cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")

    def bulk_mode(self, cursor, on: bool):
        """During a rebuild, no merging of index segments after each write (three times
        faster inserts); the rebuild ends with 'optimize', which merges them all once."""
        level = 0 if on else 4  # 4: SQLite's default
        cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', %s)", [level])


class PostgresFTS:
    name = "postgresql"

    def tsquery(self, terms, tier=None) -> str:
        parts = []
        for term in terms:
            quoted = "'" + term.replace("'", "''").replace("\\", "") + "'"
            suffix = ":*" if _is_prefix_term(term) else ":"
            parts.append(quoted + (suffix + "AB" if tier == "title" else suffix.rstrip(":")))
        expression = " & ".join(parts)
        if tier == "rest":
            return f"({expression}) & !({self.tsquery(terms, 'title')})"
        return expression

    def source(self, terms, tier=None):
        if not terms:
            return f"{DOC_TABLE} d", "1=1", []
        return f"{DOC_TABLE} d", "d.fts @@ to_tsquery('simple', %s)", [self.tsquery(terms, tier)]

    def rank(self, terms):
        if not terms:
            return "0", []
        return (
            "ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', d.fts, to_tsquery('simple', %s)) * d.boost",
            [self.tsquery(terms)],
        )

    rank_order = "DESC"
    stream_order = "d.id DESC"
    # Weight-restricted tsqueries are rechecked row by row on the heap: for a very common
    # word that costs more than it brings, so PostgreSQL streams all matches newest first.
    title_tier = False

    def probe(self, terms, limit, generation):
        # The generation as a literal condition: it selects that generation's index.
        return (
            f"SELECT count(*) FROM (SELECT 1 FROM {DOC_TABLE} d "
            "WHERE d.generation = %s AND d.fts @@ to_tsquery('simple', %s) LIMIT %s) matches",
            [generation, self.tsquery(terms), limit + 1],
        )

    def delete(self, cursor, ids):
        pass  # the tsvector goes with its row

    # Each generation has its own partial GIN index (WHERE generation = N). Rows written
    # by a rebuild fall under no index until it is built once, whole, at the end: far
    # cheaper than maintaining a GIN index row by row. Queries always name the generation
    # as a literal (Django's psycopg cursor binds client-side), which selects its index.

    @staticmethod
    def index_name(generation) -> str:
        return f"search_doc_fts_g{int(generation)}"

    def create_generation_index(self, cursor, generation):
        # Checks deferred to commit would block CREATE INDEX inside an outer transaction.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {self.index_name(generation)} ON {DOC_TABLE} "
            f"USING gin (fts) WHERE generation = {int(generation)}"
        )

    def delete_generations_before(self, cursor, generation):
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexname LIKE %s",
            [DOC_TABLE, "search\\_doc\\_fts\\_g%"],
        )
        for (name,) in cursor.fetchall():
            if int(name.rsplit("g", 1)[1]) < generation:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")

    def bulk_mode(self, cursor, on: bool):
        pass  # the new generation has no index to maintain yet

    def optimize(self, cursor):
        # Fresh planner statistics after a rebuild: without them a common word's query
        # plan is 3–5 times slower until autovacuum gets round to it.
        cursor.execute(f"ANALYZE {DOC_TABLE}")


def dialect():
    if connection.vendor == "postgresql":
        return PostgresFTS()
    if connection.vendor == "sqlite":
        return SQLiteFTS()
    raise NotImplementedError(f"the database search backend does not support {connection.vendor}")
