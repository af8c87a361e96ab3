"""Request bodies the Elasticsearch backend sends, built from a SearchQuery (pure functions).

The matching rules are the database backend's (search.backends.db_sql):
- every query term must match somewhere in title, body or codes: Chinese runs and
  numbers through one `cross_fields` multi_match with operator `and` (bigrams, or the
  single character), so terms may be spread over the fields;
- a word with Latin letters also matches as a prefix: of a word in the text, of a code,
  of a pinyin spelling of a name (`kangning`, `knkq`);
- the exact code (search.text.normalize_code) is a `should` clause with a very high
  constant score, named `exact_code`, so exact USCCs and document numbers come first;
- the static `boost` multiplies the score (function_score), only public-today documents
  count, and the kind filter is a post_filter so the kind counts ignore it.
"""

from portal.credit_code import suggest_uscc

from ..facets import region_prefix
from ..highlight import SNIPPET_LENGTH
from ..query import SearchQuery
from ..text import looks_like_code, normalize_code, query_words
from .elastic_mapping import SOURCE_FIELDS

TEXT_FIELDS = ["title^10", "body", "codes.text^4"]
PINYIN_BOOST = 4.0
EXACT_BOOST = 1000.0
EXACT_NAME = "exact_code"
TRACK_TOTAL_HITS = 10_000
# Facet name -> (field, how many buckets). Regions are county codes: all of them.
FACET_FIELDS = {
    "kind": ("kind", 20),
    "region": ("region_code", 5000),
    "year": ("year", 100),
    "authority": ("authority_id", 1000),
    "penalty_type": ("penalty_type_ids", 200),
    "facility_type": ("facility_type", 100),
}
KIND_COUNTS = "kind_counts"
FILTERED = "filtered"
SUGGESTION_CANDIDATES = 5


def is_prefix_word(word: str) -> bool:
    """Latin words (pinyin, partial codes) match as prefixes; numbers and Chinese exactly."""
    return word.isascii() and any(c.isalpha() for c in word)


def text_query(text: str) -> dict | None:
    """Every word of the query must match (None: the query has no words)."""
    words = query_words(text)
    exact_words = [w for w in words if not is_prefix_word(w)]
    clauses = []
    if exact_words:
        clauses.append(
            {
                "multi_match": {
                    "query": " ".join(exact_words),
                    "type": "cross_fields",
                    "fields": TEXT_FIELDS,
                    "operator": "and",
                }
            }
        )
    for word in words:
        if is_prefix_word(word):
            clauses.append(
                {
                    "bool": {
                        "should": [
                            {
                                "multi_match": {
                                    "query": word,
                                    "type": "phrase_prefix",
                                    "fields": TEXT_FIELDS,
                                }
                            },
                            {"prefix": {"pinyin": {"value": word, "boost": PINYIN_BOOST}}},
                        ],
                        "minimum_should_match": 1,
                    }
                }
            )
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"bool": {"must": clauses}}


def exact_code_query(text: str) -> dict | None:
    if not looks_like_code(text):
        return None
    return {
        "constant_score": {
            "filter": {"term": {"codes": normalize_code(text)}},
            "boost": EXACT_BOOST,
            "_name": EXACT_NAME,
        }
    }


def public_on(day) -> list[dict]:
    """public_from <= day <= public_until, a missing date being open."""
    iso = day.isoformat()
    return [
        {
            "bool": {
                "should": [
                    {"range": {field: {op: iso}}},
                    {"bool": {"must_not": {"exists": {"field": field}}}},
                ],
                "minimum_should_match": 1,
            }
        }
        for field, op in (("public_from", "lte"), ("public_until", "gte"))
    ]


def kind_filter(query: SearchQuery) -> dict:
    return {"terms": {"kind": [str(kind) for kind in query.kinds]}}


def filters(query: SearchQuery, with_kinds: bool = True) -> list[dict]:
    clauses = public_on(query.on())
    if with_kinds and query.kinds:
        clauses.append(kind_filter(query))
    if query.region:
        clauses.append({"term": {"region_prefixes": region_prefix(query.region)}})
    if query.authority:
        clauses.append({"term": {"authority_id": query.authority}})
    if query.date_from or query.date_to:
        bounds = {}
        if query.date_from:
            bounds["gte"] = query.date_from.isoformat()
        if query.date_to:
            bounds["lte"] = query.date_to.isoformat()
        clauses.append({"range": {"date": bounds}})
    if query.year:
        clauses.append({"term": {"year": query.year}})
    if query.penalty_type:
        clauses.append({"term": {"penalty_type_ids": query.penalty_type}})
    if query.facility_type:
        clauses.append({"term": {"facility_type": query.facility_type}})
    return clauses


def is_empty(query: SearchQuery) -> bool:
    """No words, no code, no filter: nothing to look for (as in the database backend)."""
    return text_query(query.text) is None and not query.filters()


def by_date(query: SearchQuery) -> bool:
    return query.sort == "date" or text_query(query.text) is None


def uses_post_filter(query: SearchQuery) -> bool:
    return bool(query.facets and query.kinds)


def main_query(query: SearchQuery) -> dict:
    text = text_query(query.text)
    exact = exact_code_query(query.text)
    clauses = filters(query, with_kinds=not uses_post_filter(query))
    matches = [clause for clause in (text, exact) if clause]
    if by_date(query):
        # Scores only say "exact code" (1000) or not (0): the sort does the rest.
        if matches:
            clauses.append({"bool": {"should": matches, "minimum_should_match": 1}})
        found = {"filter": clauses}
        if exact:
            found["should"] = [exact]
        return {"bool": found}
    return {
        "function_score": {
            "query": {"bool": {"filter": clauses, "should": matches, "minimum_should_match": 1}},
            "field_value_factor": {"field": "boost", "missing": 1.0},
            "boost_mode": "multiply",
        }
    }


def aggregations(query: SearchQuery) -> dict:
    """Kind counts over every kind; the other facets within the selected kinds."""
    facets = {
        name: {"terms": {"field": field, "size": size}}
        for name, (field, size) in FACET_FIELDS.items()
    }
    kind_field, kind_size = FACET_FIELDS["kind"]
    return {
        KIND_COUNTS: {"terms": {"field": kind_field, "size": kind_size}},
        FILTERED: {
            "filter": kind_filter(query) if query.kinds else {"match_all": {}},
            "aggs": facets,
        },
    }


def highlight(text_clause: dict) -> dict:
    return {
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        "encoder": "html",
        "highlight_query": text_clause,
        "fields": {
            "title": {"number_of_fragments": 0},
            "body": {"fragment_size": SNIPPET_LENGTH, "number_of_fragments": 1},
        },
    }


def search_body(query: SearchQuery, with_highlight: bool = True) -> dict:
    """One page of hits and, when asked, the facet counts (no extra documents fetched)."""
    body = {
        "query": main_query(query),
        "sort": [{"_score": {"order": "desc"}}, {"date": {"order": "desc", "missing": "_last"}}],
        "from": query.offset,
        "size": query.per_page,
        "track_total_hits": TRACK_TOTAL_HITS,
        "_source": SOURCE_FIELDS,
    }
    if uses_post_filter(query):
        body["post_filter"] = kind_filter(query)
    if query.facets:
        body["aggs"] = aggregations(query)
    text = text_query(query.text)
    if with_highlight and text:
        body["highlight"] = highlight(text)
    return body


def did_you_mean_body(text: str, day) -> dict | None:
    """Public documents whose code is one or two characters away from the typed one."""
    if not looks_like_code(text):
        return None
    code = normalize_code(text)
    should = []
    candidates = suggest_uscc(code) if len(code) == 18 else []
    if candidates:
        should.append(
            {"constant_score": {"filter": {"terms": {"codes": candidates}}, "boost": 100.0}}
        )
    should.append({"fuzzy": {"codes": {"value": code, "fuzziness": 2}}})
    return {
        "query": {"bool": {"filter": public_on(day), "should": should, "minimum_should_match": 1}},
        "size": SUGGESTION_CANDIDATES,
        "_source": ["codes"],
    }


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def closest_code(typed: str, codes: list[str]) -> str:
    """The nearest other code (at most two edits), a valid USCC one first."""
    code = normalize_code(typed)
    candidates = set(suggest_uscc(code)) if len(code) == 18 else set()
    for found in codes:
        if found in candidates:
            return found
    near = [(edit_distance(code, found), found) for found in codes if found != code]
    near = [(distance, found) for distance, found in near if distance <= 2]
    return min(near)[1] if near else ""
