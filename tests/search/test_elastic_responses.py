"""How the Elasticsearch backend reads real response shapes: hits, highlight, totals,
aggregations, bulk results, errors. The JSON comes from Elasticsearch 8 documentation
examples (tests/search/es_responses/README.md says which page each is from)."""

import datetime

import pytest
from elastic_transport import ConnectionError, ConnectionTimeout
from elasticsearch import BadRequestError
from elasticsearch.helpers import BulkIndexError
from elasticsearch_dsl import Search
from elasticsearch_dsl.response import Response

import search.backends.elastic as elastic
from search.backends.base import BackendUnavailable
from search.backends.elastic import ElasticsearchBackend
from search.backends.elastic_mapping import DOCUMENTS
from search.backends.elastic_results import from_fragment, parse_fragment
from search.documents import SearchDoc
from search.query import SearchQuery
from search.service import run_search
from tests.search.es_responses import FakeElasticsearch, bulk_reply, load

TODAY = datetime.date(2025, 6, 1)
SEARCH = "/portal-search/_search"


@pytest.fixture
def fake():
    return FakeElasticsearch()


@pytest.fixture
def backend(fake):
    return ElasticsearchBackend(client=fake.client, prefix="portal-search")


def results_for(fake, backend, fixture, text="康宁口腔", **query):
    fake.on("POST", SEARCH, load(fixture))
    return backend.search(SearchQuery(text=text, today=TODAY, **query))


def test_hits_come_back_as_the_document_class_of_their_kind():
    raw = load("search_hits")
    search = Search(index="portal-search", doc_type=list(DOCUMENTS.values()))
    hits = Response(search, raw).hits
    assert [type(hit).__name__ for hit in hits] == ["FacilityDocument", "PenaltyDocument"]


def test_hits(fake, backend):
    results = results_for(fake, backend, "search_hits")
    assert results.backend == "elasticsearch"
    assert (results.total, results.total_is_lower_bound) == (2, False)
    profile, penalty = results.hits
    assert (profile.key, profile.kind, profile.object_id) == ("facility:7", "facility", 7)
    assert profile.exact and not penalty.exact  # matched_queries: ["exact_code"]
    assert profile.score == 1500.0 and penalty.score == 3.2
    assert profile.code == "91110105MA0000015F" and profile.date is None
    assert penalty.code == "京朝卫罚〔2025〕0001号"
    assert penalty.date == datetime.date(2025, 3, 1)
    assert profile.url == ""


def test_highlight_marks_are_put_on_the_original_characters(fake, backend):
    profile, penalty = results_for(fake, backend, "search_hits").hits
    # Adjacent bigram marks become one; a traditional title keeps its own characters.
    assert profile.title_html == "北京<mark>康宁口腔</mark>诊所有限公司"
    assert penalty.title_html == ("北京<mark>康寧口腔</mark>診所有限公司 未按规定公示医疗服务价格")
    # The fragment is normalised (half-width comma); the snippet shows the original one.
    assert penalty.snippet_html == "经查，当事人未在显著位置公示<mark>医疗</mark>服务价格。…"


def test_fields_without_a_fragment_are_marked_like_the_database_backend_does(fake, backend):
    profile, _ = results_for(fake, backend, "search_hits").hits
    assert profile.snippet_html == "<mark>口腔</mark>诊所 北京市朝阳区建国路1号"


def test_facets_and_kind_counts(fake, backend):
    results = results_for(fake, backend, "search_hits")
    assert results.kind_counts == {"penalty": 6, "facility": 3, "licence": 2}
    facets = {name: [(v.value, v.count) for v in values] for name, values in results.facets.items()}
    assert facets == {
        "kind": [("penalty", 6), ("facility", 3)],
        "region": [("110000", 7), ("330000", 2)],  # county codes rolled up to provinces
        "year": [("2025", 2), ("2024", 4)],  # newest first
        "authority": [("3", 6)],
        "penalty_type": [("1", 5), ("2", 3)],
        "facility_type": [("dental", 9)],
    }


def test_region_facet_rolls_up_below_the_selected_region(fake, backend):
    raw = load("search_hits")
    regions = raw["aggregations"]["filtered"]["region"]
    regions["buckets"] = [b for b in regions["buckets"] if b["key"].startswith("11")]
    fake.on("POST", SEARCH, raw)
    results = backend.search(SearchQuery(text="康宁口腔", region="110000", today=TODAY))
    # One city only (110100): the facet goes down to its counties.
    assert [(v.value, v.count) for v in results.facets["region"]] == [
        ("110105", 5),
        ("110108", 2),
    ]


def test_total_beyond_the_tracked_limit_is_a_lower_bound(fake, backend):
    results = results_for(fake, backend, "search_lower_bound", text="罚款", sort="date")
    assert (results.total, results.total_is_lower_bound) == (10000, True)
    penalty, notice = results.hits
    assert notice.url == "/zwgk/tzgg/notice-9/" and notice.snippet_html == ""
    assert penalty.title_html == "某某诊所 未按规定公示医疗服务价格"
    assert penalty.snippet_html == "警告,罚款人民币5000元".replace(",", "，").replace(
        "罚款", "<mark>罚款</mark>"
    )


def test_no_hits(fake, backend):
    results = results_for(fake, backend, "search_none", text="医疗美容")
    assert results.hits == [] and results.total == 0 and results.suggestion == ""


def test_fragment_parsing():
    assert parse_fragment("a<mark>医疗</mark><mark>美</mark>b &amp; <mark>c</mark>") == (
        "a医疗美b & c",
        [(1, 4), (8, 9)],
    )


def test_fragment_maps_back_only_where_normalising_keeps_each_character():
    original = "醫療美容，ＡＢ"
    assert from_fragment(original, "<mark>医疗</mark>美容,ab", whole=True) == (
        "<mark>醫療</mark>美容，ＡＢ"
    )
    assert from_fragment(original, "<mark>医疗</mark>", whole=True) is None  # not whole
    assert from_fragment(original, "美容,a", whole=False) == "…美容，Ａ…"
    assert from_fragment("㍿医疗", "株式会社<mark>医疗</mark>", whole=True) is None


# --- errors ----------------------------------------------------------------------------


def test_503_means_unavailable(fake, backend):
    fake.on("POST", SEARCH, load("error_503"), status=503)
    with pytest.raises(BackendUnavailable, match="503 cluster_block_exception"):
        backend.search(SearchQuery(text="医疗", today=TODAY))


def test_missing_index_means_unavailable(fake, backend):
    fake.on("POST", SEARCH, load("error_index_not_found"), status=404)
    with pytest.raises(BackendUnavailable, match="index_not_found_exception"):
        backend.search(SearchQuery(text="医疗", today=TODAY))


@pytest.mark.parametrize("error", [ConnectionError("refused"), ConnectionTimeout("timed out")])
def test_connection_errors_mean_unavailable(fake, backend, error):
    def fail(request):
        raise error

    fake.on("POST", SEARCH, fail)
    with pytest.raises(BackendUnavailable):
        backend.search(SearchQuery(text="医疗", today=TODAY))
    with pytest.raises(BackendUnavailable):
        backend.suggest("kang", today=TODAY)


def test_a_bad_request_is_a_bug_not_an_outage(fake, backend):
    fake.on("POST", SEARCH, load("error_400"), status=400)
    with pytest.raises(BadRequestError):
        backend.search(SearchQuery(text="医疗", today=TODAY))


# --- writing -----------------------------------------------------------------------------


def test_bulk_counts_what_was_written(fake, backend):
    fake.on("GET", "/_alias/portal-search", load("get_alias"))
    fake.on("PUT", "/_bulk", bulk_reply)
    docs = [SearchDoc(kind="facility", object_id=pk, title="诊所") for pk in (1, 2, 3)]
    assert backend.index(docs) == 3


def test_deleting_documents_that_are_not_there_is_fine(fake, backend):
    fake.on("PUT", "/_bulk", lambda request: bulk_reply(request, found=False))
    assert backend.delete(["penalty:1", "penalty:2"]) == 0  # 404 not_found per item


def test_failed_bulk_items_raise(fake, backend):
    fake.on("GET", "/_alias/portal-search", load("get_alias"))
    fake.on("PUT", "/_bulk", load("bulk_failures"))
    docs = [SearchDoc(kind="facility", object_id=pk, title="诊所") for pk in (5, 6, 7)]
    with pytest.raises(BulkIndexError) as failure:
        backend.index(docs)
    assert {e["update"]["error"]["type"] for e in failure.value.errors} == {
        "document_missing_exception"
    }


def test_bulk_against_an_engine_that_is_down_is_unavailable(fake, backend):
    fake.on("GET", "/_alias/portal-search", load("get_alias"))
    fake.on("PUT", "/_bulk", load("error_503"), status=503)
    with pytest.raises(BackendUnavailable):
        backend.index([SearchDoc(kind="facility", object_id=1, title="诊所")])


def test_missing_alias_reads_as_no_index(fake, backend):
    fake.on("GET", "/_alias/portal-search", load("error_alias_missing"), status=404)
    fake.on("GET", "/portal-search/_count", load("error_index_not_found"), status=404)
    fake.on("POST", "/portal-search/_count", load("error_index_not_found"), status=404)
    assert backend.live_indices() == []
    assert backend.count() == 0


def test_an_index_created_meanwhile_by_another_worker_is_fine(db, fake, backend):
    fake.on("GET", "/_alias/portal-search", load("error_alias_missing"), status=404)
    fake.on("HEAD", "/portal-search-v1", None, status=404)
    fake.on("PUT", "/portal-search-v1", load("error_already_exists"), status=400)
    assert backend.ensure_index() == "portal-search-v1"


# --- through the service -----------------------------------------------------------------


def test_the_service_answers_from_elasticsearch_when_it_is_up(db, fake, settings, monkeypatch):
    settings.ELASTICSEARCH_URL = "http://es.test:9200"
    settings.SEARCH_INDEX_PREFIX = "portal-search"
    monkeypatch.setattr(elastic, "client_from_settings", lambda: fake.client)
    fake.on("POST", SEARCH, load("search_hits"))
    results = run_search(SearchQuery(text="康宁口腔", today=TODAY))
    assert results.backend == "elasticsearch" and results.total == 2
    assert {v.value: v.label for v in results.facets["kind"]} == {
        "penalty": "行政处罚",
        "facility": "机构",
    }


def test_a_request_elasticsearch_refuses_is_logged_and_the_database_answers(
    db, fake, settings, monkeypatch, caplog
):
    settings.ELASTICSEARCH_URL = "http://es.test:9200"
    settings.SEARCH_INDEX_PREFIX = "portal-search"
    monkeypatch.setattr(elastic, "client_from_settings", lambda: fake.client)
    fake.on("POST", SEARCH, load("error_400"), status=400)
    results = run_search(SearchQuery(text="康宁口腔", today=TODAY))
    assert results.backend == "db"
    assert "answering from the database" in caplog.text
    with pytest.raises(BadRequestError):  # forced (a script checking Elasticsearch) it raises
        run_search(SearchQuery(text="康宁口腔", today=TODAY), backend="elasticsearch")
