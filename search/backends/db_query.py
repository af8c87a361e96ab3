"""Reading the database index: the shared WHERE clause, pages made of ranked segments,
facet counts.

A page is cut from segments in order: exact-code hits, then the matches. For a word so
common that it matches more than LARGE_MATCH_SET documents, ranking and counting every
match would take seconds at a million documents, so the matches come in two segments:
those with every term in the title (or name, pinyin, codes), ranked by BM25 when there
are at most TITLE_RANK_LIMIT of them, then the rest in the index's own order (newest
indexed first), which SQLite and PostgreSQL stream without sorting.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection

from ..facets import facet_values, region_prefix, roll_up_regions
from ..query import SearchQuery
from .db_sql import DOC_TABLE

LARGE_MATCH_SET = 10_000
TITLE_RANK_LIMIT = 2_000
FACET_COLUMNS = ("kind", "region_code", "year", "authority_id", "penalty_types", "facility_type")
HIT_COLUMNS = ("id", "key", "kind", "object_id", "title", "body", "url", "code", "date")


class Filters:
    """The WHERE clause every query shares: generation, public today, the query's filters."""

    def __init__(self, query: SearchQuery, generation: int, with_kinds=True):
        day = query.on()
        self.sql = [
            "d.generation = %s",
            "(d.public_from IS NULL OR d.public_from <= %s)",
            "(d.public_until IS NULL OR d.public_until >= %s)",
        ]
        self.params = [generation, day, day]
        if with_kinds and query.kinds:
            self.add(f"d.kind IN ({','.join(['%s'] * len(query.kinds))})", *query.kinds)
        if query.region:
            self.add("d.region_code LIKE %s", region_prefix(query.region) + "%")
        if query.authority:
            self.add("d.authority_id = %s", query.authority)
        if query.date_from:
            self.add("d.date >= %s", query.date_from)
        if query.date_to:
            self.add("d.date <= %s", query.date_to)
        if query.year:
            self.add("d.year = %s", query.year)
        if query.penalty_type:
            self.add("d.penalty_types LIKE %s", f"%|{query.penalty_type}|%")
        if query.facility_type:
            self.add("d.facility_type = %s", query.facility_type)

    def add(self, sql, *params):
        self.sql.append(sql)
        self.params.extend(params)

    def where(self) -> str:
        return " AND ".join(self.sql)


def fetch(sql, params) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@dataclass
class Segment:
    """Matching documents in one order; `count` known unless it is the last segment."""

    source: str
    where: str
    params: list
    order: str
    rank: str = "0"
    rank_params: list = field(default_factory=list)
    exclude: list = field(default_factory=list)  # ids shown in an earlier segment
    count: int | None = None

    def clause(self):
        where, params = self.where, list(self.params)
        if self.exclude:
            where += f" AND d.id NOT IN ({','.join(['%s'] * len(self.exclude))})"
            params += self.exclude
        return where, params

    def rows(self, start, size) -> list:
        where, params = self.clause()
        columns = ", ".join(f"d.{c}" for c in HIT_COLUMNS)
        sql = (
            f"SELECT {columns}, {self.rank} AS rank FROM {self.source} WHERE {where} "
            f"ORDER BY {self.order} LIMIT %s OFFSET %s"
        )
        return fetch(sql, [*self.rank_params, *params, size, start])

    def count_upto(self, limit) -> int:
        where, params = self.clause()
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {self.source} WHERE {where} LIMIT %s) m"
        return fetch(sql, [*params, limit + 1])[0][0]


def rows_by_id(ids) -> list:
    if not ids:
        return []
    columns = ", ".join(f"d.{c}" for c in HIT_COLUMNS)
    marks = ",".join(["%s"] * len(ids))
    by_id = {
        row[0]: row
        for row in fetch(f"SELECT {columns}, 0 FROM {DOC_TABLE} d WHERE d.id IN ({marks})", ids)
    }
    return [by_id[pk] for pk in ids if pk in by_id]


def page(exact: list, segments: list, start: int, size: int) -> list:
    """Rows start…start+size of exact hits followed by the segments, in that order."""
    rows = rows_by_id(exact[start : start + size])
    size -= len(rows)
    start = max(start - len(exact), 0)
    for segment in segments:
        if size <= 0:
            break
        if segment.count is not None and start >= segment.count:
            start -= segment.count
            continue
        got = segment.rows(start, size)
        rows.extend(got)
        size -= len(got)
        start = 0
    return rows


def match_segments(fts, query, terms, filters, exact, large) -> list:
    where = filters.where()
    if not large:
        source, match, match_params = fts.source(terms)
        if query.sort == "date" or not terms:
            order, rank, rank_params = "d.date DESC, d.id DESC", "0", []
        else:
            rank, rank_params = fts.rank(terms)
            order = f"rank {fts.rank_order}, d.date DESC, d.id DESC"
        return [
            Segment(source, f"{match} AND {where}", [*match_params, *filters.params], order,
                    rank, rank_params, exclude=exact)
        ]  # fmt: skip
    if not fts.title_tier:
        source, match, match_params = fts.source(terms)
        return [
            Segment(source, f"{match} AND {where}", [*match_params, *filters.params],
                    fts.stream_order, exclude=exact)
        ]  # fmt: skip
    source, match, match_params = fts.source(terms, "title")
    titled = Segment(source, f"{match} AND {where}", [*match_params, *filters.params],
                     fts.stream_order, exclude=exact)  # fmt: skip
    titled.count = titled.count_upto(TITLE_RANK_LIMIT)
    if titled.count <= TITLE_RANK_LIMIT and query.sort != "date":
        titled.rank, titled.rank_params = fts.rank(terms)
        titled.order = f"rank {fts.rank_order}, d.date DESC, d.id DESC"
    else:
        titled.count = titled.count_upto(LARGE_MATCH_SET)
    source, match, match_params = fts.source(terms, "rest")
    rest = Segment(source, f"{match} AND {where}", [*match_params, *filters.params],
                   fts.stream_order, exclude=exact)  # fmt: skip
    return [titled, rest]


def facets(results, query, fts, terms, filters_without_kinds):
    """One GROUP BY over the matches for every facet; kind counts ignore the kind filter."""
    source, match, match_params = fts.source(terms)
    columns = ", ".join(f"d.{c}" for c in FACET_COLUMNS)
    sql = (
        f"SELECT {columns}, count(*) FROM {source} WHERE {match} AND "
        f"{filters_without_kinds.where()} GROUP BY {columns}"
    )
    combos = fetch(sql, [*match_params, *filters_without_kinds.params])
    counters = {name: Counter() for name in FACET_COLUMNS}
    kinds = set(query.kinds)
    for row in combos:
        count = row[-1]
        results.kind_counts[row[0]] = results.kind_counts.get(row[0], 0) + count
        if kinds and row[0] not in kinds:
            continue
        for name, value in zip(FACET_COLUMNS, row[:-1], strict=True):
            if name == "penalty_types":
                for pk in filter(None, (value or "").split("|")):
                    counters[name][pk] += count
            else:
                counters[name][value] += count
    results.facets = {
        "kind": facet_values(counters["kind"]),
        "region": [
            facet_values(Counter({code: n}))[0]
            for code, n in roll_up_regions(counters["region_code"], query.region)
        ],
        "year": facet_values(counters["year"], order="value_desc"),
        "authority": facet_values(counters["authority_id"]),
        "penalty_type": facet_values(counters["penalty_types"]),
        "facility_type": facet_values(counters["facility_type"]),
    }
