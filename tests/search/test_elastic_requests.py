"""What the Elasticsearch backend sends: index settings and mappings, query bodies for each
query class and filter, aggregations, highlight (writes: test_elastic_writes.py).

No server: the client's one node is a recorder (tests/search/es_responses) answering with
response shapes from the Elasticsearch 8 documentation.
"""

import datetime

import pytest

from search.backends.elastic import ElasticsearchBackend
from search.backends.elastic_mapping import DOCUMENTS, PortalDocument
from search.documents import SearchDoc
from search.kinds import DocKind
from search.query import SearchQuery
from tests.search.es_responses import FakeElasticsearch, bulk_reply, load

TODAY = datetime.date(2025, 6, 1)
USCC = "91110105MA0000015F"
PUBLIC_TODAY = [
    {
        "bool": {
            "should": [
                {"range": {"public_from": {"lte": "2025-06-01"}}},
                {"bool": {"must_not": {"exists": {"field": "public_from"}}}},
            ],
            "minimum_should_match": 1,
        }
    },
    {
        "bool": {
            "should": [
                {"range": {"public_until": {"gte": "2025-06-01"}}},
                {"bool": {"must_not": {"exists": {"field": "public_until"}}}},
            ],
            "minimum_should_match": 1,
        }
    },
]
TEXT_FIELDS = ["title^10", "body", "codes.text^4"]


@pytest.fixture
def fake():
    return FakeElasticsearch()


@pytest.fixture
def backend(fake):
    return ElasticsearchBackend(client=fake.client, prefix="portal-search")


def sent_search(fake, backend, response="search_hits", **query):
    """The body of the (first) search request for this query, and the results."""
    fake.on("POST", "/portal-search/_search", load(response))
    results = backend.search(SearchQuery(today=TODAY, **query))
    return fake.sent("POST", "/portal-search/_search")[0].body, results


def scored_query(body):
    return body["query"]["function_score"]["query"]["bool"]


# --- index settings and mappings -------------------------------------------------------


def test_a_build_creates_its_index_with_cjk_analyzers_and_keyword_codes(db, fake, backend):
    fake.on("GET", "/_alias/portal-search", load("error_alias_missing"), status=404)
    fake.on("DELETE", "/portal-search-v1", load("error_index_not_found"), status=404)
    fake.on("PUT", "/portal-search-v1", load("create_index"))

    build = backend.start_build(resume=False)

    assert (build.backend, build.generation, build.name) == ("elasticsearch", 1, "portal-search-v1")
    body = fake.sent("PUT", "/portal-search-v1")[0].body
    settings = body["settings"]
    assert settings["number_of_shards"] == 1 and settings["number_of_replicas"] == 0
    assert settings["refresh_interval"] == "-1"  # until finish_build
    assert settings["analysis"] == {
        "analyzer": {
            "portal_cjk_index": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["cjk_width", "lowercase", "portal_cjk_bigram_unigrams"],
            },
            "portal_cjk_search": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["cjk_width", "lowercase", "cjk_bigram"],
            },
        },
        "filter": {"portal_cjk_bigram_unigrams": {"type": "cjk_bigram", "output_unigrams": True}},
    }
    mappings = body["mappings"]
    assert mappings["dynamic"] == "strict"
    fields = mappings["properties"]
    cjk = {"type": "text", "analyzer": "portal_cjk_index", "search_analyzer": "portal_cjk_search"}
    assert fields["title"] == cjk and fields["body"] == cjk
    assert fields["codes"] == {"type": "keyword", "fields": {"text": cjk}}
    assert fields["display_title"] == {"type": "text", "index": False}
    assert fields["display_body"] == {"type": "text", "index": False}
    for name in ("key", "kind", "pinyin", "region_code", "region_prefixes", "facility_type"):
        assert fields[name] == {"type": "keyword"}, name
    for name in ("date", "public_from", "public_until"):
        assert fields[name] == {"type": "date"}, name
    for name in ("object_id", "facility_id", "authority_id"):
        assert fields[name] == {"type": "long"}, name
    assert fields["year"] == fields["penalty_type_ids"] == {"type": "integer"}
    assert fields["boost"] == {"type": "float"}
    assert (
        fields["url"] == fields["code"] == {"type": "keyword", "index": False, "doc_values": False}
    )
    assert "aliases" not in body  # the alias moves only when the build is finished


def test_every_kind_has_a_document_class_over_one_mapping():
    assert set(DOCUMENTS) == set(DocKind.values)
    mapping = PortalDocument._doc_type.mapping.to_dict()
    for kind, document in DOCUMENTS.items():
        assert issubclass(document, PortalDocument) and document.KIND == kind
        assert document._doc_type.mapping.to_dict() == mapping
        assert document._matches({"_source": {"kind": kind}})
        assert not document._matches({"_source": {"kind": "other"}})


def test_first_write_without_an_alias_creates_generation_one_behind_it(db, fake, backend):
    fake.on("GET", "/_alias/portal-search", load("error_alias_missing"), status=404)
    fake.on("HEAD", "/portal-search-v1", None, status=404)
    fake.on("PUT", "/portal-search-v1", load("create_index"))
    fake.on("PUT", "/_bulk", bulk_reply)

    backend.index([SearchDoc(kind="facility", object_id=7, title="康宁口腔诊所")])

    body = fake.sent("PUT", "/portal-search-v1")[0].body
    assert body["aliases"] == {"portal-search": {}}
    assert "refresh_interval" not in body["settings"]
    assert [r.path for r in fake.requests] == [
        "/_alias/portal-search",
        "/portal-search-v1",
        "/portal-search-v1",
        "/_bulk",
    ]


# --- query bodies ----------------------------------------------------------------------


def test_plain_chinese_query(fake, backend):
    body, _ = sent_search(fake, backend, text="医疗美容 罚款")
    assert body == {
        "query": {
            "function_score": {
                "query": {
                    "bool": {
                        "filter": PUBLIC_TODAY,
                        "should": [
                            {
                                "multi_match": {
                                    "query": "医疗美容 罚款",
                                    "type": "cross_fields",
                                    "fields": TEXT_FIELDS,
                                    "operator": "and",
                                }
                            }
                        ],
                        "minimum_should_match": 1,
                    }
                },
                "field_value_factor": {"field": "boost", "missing": 1.0},
                "boost_mode": "multiply",
            }
        },
        "sort": [{"_score": {"order": "desc"}}, {"date": {"order": "desc", "missing": "_last"}}],
        "from": 0,
        "size": 20,
        "track_total_hits": 10000,
        "_source": [
            "kind",
            "object_id",
            "display_title",
            "display_body",
            "url",
            "code",
            "codes",
            "date",
        ],
        "aggs": {
            "kind_counts": {"terms": {"field": "kind", "size": 20}},
            "filtered": {
                "filter": {"match_all": {}},
                "aggs": {
                    "kind": {"terms": {"field": "kind", "size": 20}},
                    "region": {"terms": {"field": "region_code", "size": 5000}},
                    "year": {"terms": {"field": "year", "size": 100}},
                    "authority": {"terms": {"field": "authority_id", "size": 1000}},
                    "penalty_type": {"terms": {"field": "penalty_type_ids", "size": 200}},
                    "facility_type": {"terms": {"field": "facility_type", "size": 100}},
                },
            },
        },
        "highlight": {
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "encoder": "html",
            "highlight_query": {
                "multi_match": {
                    "query": "医疗美容 罚款",
                    "type": "cross_fields",
                    "fields": TEXT_FIELDS,
                    "operator": "and",
                }
            },
            "fields": {
                "title": {"number_of_fragments": 0},
                "body": {"fragment_size": 90, "number_of_fragments": 1},
            },
        },
    }
    assert len(fake.requests) == 1  # facets come with the page: no second request


def test_traditional_full_width_and_capitals_are_normalised_before_sending(fake, backend):
    body, _ = sent_search(fake, backend, text="醫療美容　ＫＡＮＧ")
    must = scored_query(body)["should"][0]["bool"]["must"]
    assert must[0]["multi_match"]["query"] == "医疗美容"
    assert must[1]["bool"]["should"][1] == {"prefix": {"pinyin": {"value": "kang", "boost": 4.0}}}


def test_pinyin_words_match_as_prefixes_of_names_and_words(fake, backend):
    body, _ = sent_search(fake, backend, text="kangning kq")
    must = scored_query(body)["should"][0]["bool"]["must"]
    assert must == [
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
                    {"prefix": {"pinyin": {"value": word, "boost": 4.0}}},
                ],
                "minimum_should_match": 1,
            }
        }
        for word in ("kangning", "kq")
    ]


@pytest.mark.parametrize("typed", [USCC, USCC.lower(), f" {USCC} ", "9111-0105-MA00-0001-5F"])
def test_code_query_adds_a_named_exact_clause(fake, backend, typed):
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in typed)
    for text in (typed, full_width):
        fake.requests.clear()
        body, results = sent_search(fake, backend, text=text)
        should = scored_query(body)["should"]
        assert should[-1] == {
            "constant_score": {
                "filter": {"term": {"codes": USCC}},
                "boost": 1000.0,
                "_name": "exact_code",
            }
        }
        assert results.hits[0].exact  # search_hits.json: matched_queries ["exact_code"]


def test_decision_number_exact_clause_uses_one_bracket_style(fake, backend):
    body, _ = sent_search(fake, backend, text="京朝卫罚（2025）0001号")
    exact = scored_query(body)["should"][-1]["constant_score"]["filter"]
    assert exact == {"term": {"codes": "京朝卫罚[2025]0001号"}}


@pytest.mark.parametrize(
    ("query", "clause"),
    [
        ({"region": "110000"}, {"term": {"region_prefixes": "11"}}),
        ({"region": "110100"}, {"term": {"region_prefixes": "1101"}}),
        ({"region": "110105"}, {"term": {"region_prefixes": "110105"}}),
        ({"authority": 3}, {"term": {"authority_id": 3}}),
        (
            {"date_from": datetime.date(2024, 1, 1)},
            {"range": {"date": {"gte": "2024-01-01"}}},
        ),
        (
            {"date_from": datetime.date(2024, 1, 1), "date_to": datetime.date(2024, 12, 31)},
            {"range": {"date": {"gte": "2024-01-01", "lte": "2024-12-31"}}},
        ),
        ({"year": 2024}, {"term": {"year": 2024}}),
        ({"penalty_type": 2}, {"term": {"penalty_type_ids": 2}}),
        ({"facility_type": "dental"}, {"term": {"facility_type": "dental"}}),
    ],
)
def test_each_filter(fake, backend, query, clause):
    body, _ = sent_search(fake, backend, text="罚款", **query)
    assert scored_query(body)["filter"] == [*PUBLIC_TODAY, clause]


def test_public_today_uses_the_query_day(fake, backend):
    fake.on("POST", "/portal-search/_search", load("search_hits"))
    backend.search(SearchQuery(text="罚款", today=datetime.date(2030, 2, 3)))
    filters = scored_query(fake.requests[0].body)["filter"]
    assert filters[0]["bool"]["should"][0] == {"range": {"public_from": {"lte": "2030-02-03"}}}
    assert filters[1]["bool"]["should"][0] == {"range": {"public_until": {"gte": "2030-02-03"}}}


def test_kind_filter_is_a_post_filter_so_kind_counts_ignore_it(fake, backend):
    body, _ = sent_search(fake, backend, text="罚款", kinds=("penalty", "licence"))
    kinds = {"terms": {"kind": ["penalty", "licence"]}}
    assert body["post_filter"] == kinds
    assert kinds not in scored_query(body)["filter"]
    assert body["aggs"]["kind_counts"] == {"terms": {"field": "kind", "size": 20}}
    assert body["aggs"]["filtered"]["filter"] == kinds  # the other facets: within the kinds


def test_without_facets_the_kind_filter_is_a_plain_filter_and_nothing_is_aggregated(fake, backend):
    body, _ = sent_search(fake, backend, text="罚款", kinds=("penalty",), facets=False)
    assert "aggs" not in body and "post_filter" not in body
    assert scored_query(body)["filter"][-1] == {"terms": {"kind": ["penalty"]}}


def test_sort_by_date_keeps_exact_codes_first(fake, backend):
    body, _ = sent_search(fake, backend, text=USCC, sort="date")
    exact = {
        "constant_score": {
            "filter": {"term": {"codes": USCC}},
            "boost": 1000.0,
            "_name": "exact_code",
        }
    }
    query = body["query"]["bool"]
    assert "function_score" not in body["query"]
    assert query["should"] == [exact]  # scores: 1000 for the exact code, 0 for the rest
    assert query["filter"][:2] == PUBLIC_TODAY
    matches = query["filter"][2]["bool"]
    assert matches["minimum_should_match"] == 1 and matches["should"][-1] == exact
    assert body["sort"] == [
        {"_score": {"order": "desc"}},
        {"date": {"order": "desc", "missing": "_last"}},
    ]


def test_pages(fake, backend):
    body, _ = sent_search(fake, backend, text="罚款", page=3, per_page=10)
    assert (body["from"], body["size"]) == (20, 10)


def test_empty_query_sends_nothing(fake, backend):
    results = backend.search(SearchQuery(text=" ，", today=TODAY))
    assert results.hits == [] and results.total == 0 and fake.requests == []


def test_filters_without_words_browse_by_date_without_highlight(fake, backend):
    body, _ = sent_search(fake, backend, kinds=("penalty",), region="110000")
    assert body["query"] == {
        "bool": {"filter": [*PUBLIC_TODAY, {"term": {"region_prefixes": "11"}}]}
    }
    assert body["post_filter"] == {"terms": {"kind": ["penalty"]}}
    assert "highlight" not in body


def test_code_typo_asks_for_valid_and_near_codes(fake, backend):
    from portal.credit_code import suggest_uscc

    typo = USCC[:5] + "2" + USCC[6:]
    fake.on("POST", "/portal-search/_search", load("search_codes"))
    fake.on("POST", "/portal-search/_search", load("search_none"), once=True)
    results = backend.search(SearchQuery(text=typo, today=TODAY))
    first, second = fake.sent("POST", "/portal-search/_search")
    assert second.body == {
        "query": {
            "bool": {
                "filter": PUBLIC_TODAY,
                "should": [
                    {
                        "constant_score": {
                            "filter": {"terms": {"codes": suggest_uscc(typo)}},
                            "boost": 100.0,
                        }
                    },
                    {"fuzzy": {"codes": {"value": typo, "fuzziness": 2}}},
                ],
                "minimum_should_match": 1,
            }
        },
        "size": 5,
        "_source": ["codes"],
    }
    assert results.suggestion == USCC  # search_codes.json holds it, one edit away


def test_decision_number_typo_asks_for_near_codes_only(fake, backend):
    fake.on("POST", "/portal-search/_search", load("search_none"))
    backend.search(SearchQuery(text="京朝卫罚〔2025〕0010号", today=TODAY))
    should = fake.requests[1].body["query"]["bool"]["should"]
    assert should == [{"fuzzy": {"codes": {"value": "京朝卫罚[2025]0010号", "fuzziness": 2}}}]


def test_no_suggestion_request_for_words(fake, backend):
    sent_search(fake, backend, response="search_none", text="医疗美容")
    assert len(fake.requests) == 1


def test_suggest_asks_for_facilities_without_highlight_or_facets(fake, backend):
    fake.on("POST", "/portal-search/_search", load("search_hits"))
    found = backend.suggest("kangn", limit=5, today=TODAY)
    body = fake.requests[0].body
    assert scored_query(body)["filter"][-1] == {"terms": {"kind": ["facility"]}}
    assert body["size"] == 5 and "aggs" not in body and "highlight" not in body
    assert found[0] == {
        "title": "北京康宁口腔诊所有限公司",
        "kind": "facility",
        "object_id": 7,
        "code": USCC,
        "url": "",
    }
