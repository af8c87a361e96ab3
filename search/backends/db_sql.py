"""The two SQL dialects of the database backend: SQLite FTS5 and PostgreSQL tsvector.

Both index the same pre-cut terms (search.text): title terms, body terms and "extra"
terms (pinyin spellings and code pieces). Each dialect says how to store them, how to
match a query (every term; words with letters also as prefixes) and how to rank (BM25 on
FTS5, ts_rank_cd on PostgreSQL), with the title and extra columns weighted above the body.
"""

from django.db import connection

DOC_TABLE = "portal_search_searchdocument"
LIVE_TABLE, NEW_TABLE = "search_fts", "search_fts_new"  # SQLite FTS5 tables
# Terms are cut by search.text and joined with spaces; unicode61 only splits on them.
FTS5_COLUMNS = 'fts5(title, body, extra, tokenize = "unicode61 remove_diacritics 0")'
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

    # A rebuild writes into a table of its own (NEW_TABLE), made empty, with no segment
    # merging while it fills; it is optimised once and renamed over the live table in the
    # swap. Deleting the old generation's rows from one shared table would cost as much as
    # writing them: FTS5 deletes by writing every term of the row again as a tombstone.

    def write(self, cursor, rows, table=LIVE_TABLE):
        """rows: (doc id, title terms, body terms, extra terms)."""
        cursor.executemany(
            f"INSERT OR REPLACE INTO {table}(rowid, title, body, extra) VALUES (%s, %s, %s, %s)",
            rows,
        )

    def delete(self, cursor, ids, table=LIVE_TABLE):
        ids = list(ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({marks})", chunk)

    def start_generation(self, cursor, generation, resume=False):
        if not resume:
            cursor.execute(f"DROP TABLE IF EXISTS {NEW_TABLE}")
        cursor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {NEW_TABLE} USING {FTS5_COLUMNS}")
        # No merging of segments after each write (three times faster inserts).
        cursor.execute(f"INSERT INTO {NEW_TABLE}({NEW_TABLE}, rank) VALUES ('automerge', 0)")

    def finish_generation(self, cursor, generation):
        """Before the swap: merge the new table's segments once, then merge normally."""
        cursor.execute(f"INSERT INTO {NEW_TABLE}({NEW_TABLE}) VALUES ('optimize')")
        cursor.execute(f"INSERT INTO {NEW_TABLE}({NEW_TABLE}, rank) VALUES ('automerge', 4)")

    def swap_in(self, cursor, generation):
        """In the swap transaction: the new table replaces the live one."""
        cursor.execute(f"DROP TABLE IF EXISTS {LIVE_TABLE}")
        cursor.execute(f"ALTER TABLE {NEW_TABLE} RENAME TO {LIVE_TABLE}")

    def after_swap(self, cursor):
        pass


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

    def delete(self, cursor, ids, table=None):
        pass  # the tsvector goes with its row

    # Each generation has its own partial GIN index (WHERE generation = N). Rows written
    # by a rebuild fall under no index until it is built once, whole, at the end: far
    # cheaper than maintaining a GIN index row by row. Queries always name the generation
    # as a literal (Django's psycopg cursor binds client-side), which selects its index.

    @staticmethod
    def index_name(generation) -> str:
        return f"search_doc_fts_g{int(generation)}"

    def start_generation(self, cursor, generation, resume=False):
        pass  # the new rows fall under no GIN index until finish_generation

    def finish_generation(self, cursor, generation):
        # Checks deferred to commit would block CREATE INDEX inside an outer transaction.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {self.index_name(generation)} ON {DOC_TABLE} "
            f"USING gin (fts) WHERE generation = {int(generation)}"
        )

    def swap_in(self, cursor, generation):
        """In the swap transaction: drop the older generations' indexes."""
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexname LIKE %s",
            [DOC_TABLE, "search\\_doc\\_fts\\_g%"],
        )
        for (name,) in cursor.fetchall():
            if int(name.rsplit("g", 1)[1]) < generation:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")

    def after_swap(self, cursor):
        # Fresh planner statistics after a rebuild: without them a common word's query
        # plan is 3–5 times slower until autovacuum gets round to it. The old generation's
        # rows are dead now; left to autovacuum they slow planning (index range probes walk
        # over them) for a while. VACUUM cannot run in a transaction (tests): ANALYZE only.
        if connection.in_atomic_block:
            cursor.execute(f"ANALYZE {DOC_TABLE}")
        else:
            cursor.execute(f"VACUUM (ANALYZE) {DOC_TABLE}, portal_search_searchcode")


def dialect():
    if connection.vendor == "postgresql":
        return PostgresFTS()
    if connection.vendor == "sqlite":
        return SQLiteFTS()
    raise NotImplementedError(f"the database search backend does not support {connection.vendor}")
