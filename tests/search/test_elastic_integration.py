"""The Elasticsearch backend against a real server: rebuild with alias swap, relevance.

Runs only when ELASTICSEARCH_URL is set, e.g. with `docker compose up -d elasticsearch`:

    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/pytest -m elasticsearch

Every test writes under its own index prefix (test-portal-<random>) and deletes its
indices afterwards, so the server's own `portal-search` index is never touched.
"""

import datetime
import io
import os
import uuid

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.models import Facility, PartyType, PenaltyRecord
from search.documents import doc_key, documents, eligible_records
from search.indexing import rebuild, reindex_all
from search.models import IndexBuild
from search.query import SearchQuery
from search.service import get_backend, run_search
from search.text import pinyin_terms

pytestmark = [
    pytest.mark.elasticsearch,
    pytest.mark.django_db,
    pytest.mark.skipif(
        not os.environ.get("ELASTICSEARCH_URL"),
        reason="needs a real Elasticsearch server: set ELASTICSEARCH_URL "
        "(docker compose up -d elasticsearch; ELASTICSEARCH_URL=http://127.0.0.1:9200)",
    ),
]


@pytest.fixture(autouse=True)
def own_indices(settings):
    """A prefix of this test's own; its indices are deleted afterwards."""
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.SEARCH_INDEX_PREFIX = f"test-portal-{uuid.uuid4().hex[:8]}"
    settings.SEARCH_ELASTICSEARCH_TIMEOUT = 10.0  # a busy CI server is not an outage here
    yield settings.SEARCH_INDEX_PREFIX
    client = get_backend("elasticsearch").client
    # Wildcard deletes are refused by default (action.destructive_requires_name): list first.
    names = list(
        client.options(ignore_status=404).indices.get(index=f"{settings.SEARCH_INDEX_PREFIX}-v*")
    )
    for name in names:
        client.options(ignore_status=404).indices.delete(index=name)


def es(text="", **kwargs):
    return run_search(SearchQuery(text=text, **kwargs), backend="elasticsearch")


def db(text="", **kwargs):
    return run_search(SearchQuery(text=text, **kwargs), backend="db")


def keys(results):
    return [hit.key for hit in results.hits]


# --- rebuild and alias swap ------------------------------------------------------------


@pytest.fixture
def demo():
    call_command(
        "seed_demo",
        facilities=40,
        records=300,
        seed="7",
        today=timezone.localdate(),
        force=True,
        stdout=io.StringIO(),
    )  # ends with reindex_all(): both backends rebuilt


def test_rebuild_fills_a_new_index_and_swaps_the_alias(demo, own_indices):
    backend = get_backend("elasticsearch")
    first = IndexBuild.objects.filter(backend="elasticsearch").first()
    assert first.finished_at and first.name == f"{own_indices}-v{first.generation}"
    assert backend.live_indices() == [first.name]
    assert backend.count() == get_backend("db").count() > 0

    rebuild("elasticsearch", resume=False)

    second = IndexBuild.objects.filter(backend="elasticsearch").first()
    assert second.generation == first.generation + 1 and second.finished_at
    assert backend.live_indices() == [second.name]
    assert not backend.client.indices.exists(index=first.name)  # dropped after the swap
    assert backend.count() == get_backend("db").count()


def test_an_interrupted_rebuild_resumes_into_the_same_index(demo):
    backend = get_backend("elasticsearch")
    live = backend.live_indices()
    build = backend.start_build(resume=False)
    backend.index_into_build(list(documents("penalty")), build)
    build.progress = {"penalty": "done"}  # the first kind written, then a crash
    build.save()
    assert backend.live_indices() == live  # searches still use the old index

    rebuild("elasticsearch", resume=True)

    build.refresh_from_db()
    assert build.finished_at and backend.live_indices() == [build.name]
    assert backend.count() == get_backend("db").count()


# --- relevance on the demo data ------------------------------------------------------------


def reciprocal_rank(found: list, expected: str) -> float:
    return 1 / (found.index(expected) + 1) if expected in found[:10] else 0.0


def test_relevance_of_names_codes_and_pinyin(demo):
    judged = []
    facilities = Facility.objects.exclude(party_type=PartyType.NATURAL_PERSON).order_by("pk")
    for facility in facilities[:25]:
        key = doc_key("facility", facility.pk)
        judged += [(facility.name, key), (pinyin_terms(facility.name)[0], key)]
        if facility.uscc:
            judged.append((facility.uscc, key))
    today = timezone.localdate()
    public = eligible_records(PenaltyRecord).filter(decision_date__lte=today).order_by("pk")
    for record in public[:25]:
        judged.append((record.document_number, doc_key("penalty", record.pk)))
    ranks = [reciprocal_rank(keys(es(text)), key) for text, key in judged]
    recall = sum(1 for rank in ranks if rank) / len(ranks)
    mrr = sum(ranks) / len(ranks)
    assert recall >= 0.95 and mrr >= 0.9, (recall, mrr)


def test_both_backends_find_the_same_documents_for_words(demo):
    for text in ("罚款", "医疗美容", "诊所 警告", "醫療"):
        assert es(text).total == db(text).total, text


# --- the database backend's own cases, on Elasticsearch ---------------------------------------

TODAY = datetime.date.today()


@pytest.fixture
def records(facility, make_penalty):
    first = make_penalty(TODAY - datetime.timedelta(days=40), categories="警告;罚款")
    second = make_penalty(
        TODAY - datetime.timedelta(days=100),
        violation_type="非法开展医疗美容服务",
        facts="当事人在未取得医疗美容资质的情况下开展医疗美容项目。",
    )
    third = make_penalty(TODAY - datetime.timedelta(days=10), categories="罚款")
    reindex_all()
    return {"first": first, "second": second, "third": third}


def test_words_inside_longer_runs_traditional_characters_and_pinyin(records, facility):
    profile = doc_key("facility", facility.pk)
    results = es("康宁口腔")
    assert keys(results)[0] == profile and results.total == 4
    assert "<mark>康宁口腔</mark>" in results.hits[0].title_html
    assert keys(es("醫療美容")) == [doc_key("penalty", records["second"].pk)]
    assert keys(es("医疗美容 罚款")) == [doc_key("penalty", records["second"].pk)]
    assert es("医疗美容 吊销").total == 0
    for text in ("kangning", "KangNingKouQiang", "knkq", "kouqiang"):
        assert keys(es(text))[0] == profile, text


def test_exact_codes_first_and_typos_suggested(records, facility):
    for typed in (facility.uscc, facility.uscc.lower()):
        hit = es(typed).hits[0]
        assert hit.key == doc_key("facility", facility.pk) and hit.exact
    number = records["first"].document_number
    for typed in (number, number.replace("〔", "（").replace("〕", "）")):
        hit = es(typed).hits[0]
        assert hit.key == doc_key("penalty", records["first"].pk) and hit.exact
    code = facility.uscc
    typo = code[:5] + ("0" if code[5] != "0" else "1") + code[6:]
    assert es(typo).suggestion == code


def test_filters_facets_and_public_today(records, facility, authority):
    assert es("罚款", kinds=("facility",)).total == 0
    assert es("罚款", authority=authority.pk).total == 3
    filtered = es("康宁", kinds=("penalty",))
    assert filtered.total == 3 and filtered.kind_counts == {"facility": 1, "penalty": 3}
    assert {v.value for v in es("罚款").facets["region"]} == {"110000"}
    first = records["first"]
    after_end = first.publicity_ends_on + datetime.timedelta(days=1)
    assert doc_key("penalty", first.pk) not in keys(es(first.document_number, today=after_end))


def test_snippets_and_suggestions(records, facility):
    hit = es("医疗美容资质").hits[0]
    assert "<mark>医疗美容资质</mark>" in hit.snippet_html
    names = get_backend("elasticsearch").suggest("kangn")
    assert names[0]["object_id"] == facility.pk and names[0]["url"] == ""
