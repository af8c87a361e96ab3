"""What the Elasticsearch backend writes: bulk action lines, index creation, alias swaps,
rebuild generations, the publicity sweep. No server: a recording node answers with response
shapes from the Elasticsearch 8 documentation (tests/search/es_responses)."""

import datetime

import pytest

from search.backends.elastic import ElasticsearchBackend
from search.documents import SearchDoc
from search.models import IndexBuild
from tests.search.es_responses import FakeElasticsearch, actions, bulk_reply, load


@pytest.fixture
def fake():
    return FakeElasticsearch()


@pytest.fixture
def backend(fake):
    return ElasticsearchBackend(client=fake.client, prefix="portal-search")


# --- writing -----------------------------------------------------------------------------


def penalty_doc(**extra):
    values = dict(
        kind="penalty",
        object_id=12,
        title="北京康寧口腔診所有限公司 未按规定公示医疗服务价格",
        body="经查，当事人未在显著位置公示医疗服务价格。",
        codes=["京朝卫罚〔2025〕0001号", "91110105ma0000015f"],
        names=["北京康寧口腔診所有限公司"],
        facility_id=7,
        region_code="110105",
        authority_id=3,
        date=datetime.date(2025, 3, 1),
        penalty_type_ids=[1, 2],
        facility_type="dental",
        public_from=datetime.date(2025, 3, 1),
        public_until=datetime.date(2028, 3, 1),
    )
    values.update(extra)
    return SearchDoc(**values)


def test_bulk_index_lines(fake, backend):
    fake.on("GET", "/_alias/portal-search", load("get_alias"))
    fake.on("PUT", "/_bulk", bulk_reply)

    assert backend.index([penalty_doc()]) == 1

    request = fake.sent("PUT", "/_bulk")[0]
    assert request.params == {"require_alias": "true"}
    [(action, source)] = actions(request)
    assert action == {"index": {"_index": "portal-search", "_id": "penalty:12"}}
    assert source["title"] == "北京康宁口腔诊所有限公司 未按规定公示医疗服务价格"
    assert source["display_title"] == "北京康寧口腔診所有限公司 未按规定公示医疗服务价格"
    assert source["body"] == "经查,当事人未在显著位置公示医疗服务价格。"
    assert source["display_body"] == "经查，当事人未在显著位置公示医疗服务价格。"
    assert source["codes"] == ["京朝卫罚[2025]0001号", "91110105MA0000015F"]
    assert source["code"] == "京朝卫罚〔2025〕0001号"
    assert {
        "beijingkangningkouqiangzhensuoyouxiangongsi",
        "kangningkouqiangzhensuoyouxiangongsi",
        "knkqzsyxgs",
    } <= set(source["pinyin"])
    assert source["region_prefixes"] == ["11", "1101", "110105"]
    assert (source["date"], source["year"]) == ("2025-03-01", 2025)
    assert (source["public_from"], source["public_until"]) == ("2025-03-01", "2028-03-01")
    assert source["penalty_type_ids"] == [1, 2]
    assert (source["key"], source["kind"], source["object_id"]) == ("penalty:12", "penalty", 12)
    assert source["boost"] == 1.0 and "url" not in source  # empty values are left out


def test_open_ended_publicity_is_left_out_of_the_source(fake, backend):
    fake.on("GET", "/_alias/portal-search", load("get_alias"))
    fake.on("PUT", "/_bulk", bulk_reply)
    backend.index([penalty_doc(public_until=None, penalty_type_ids=[], facility_type="")])
    [(_, source)] = actions(fake.sent("PUT", "/_bulk")[0])
    assert "public_until" not in source and "penalty_type_ids" not in source
    assert "facility_type" not in source


def test_during_a_build_changes_go_to_the_live_and_the_new_index(fake, backend):
    fake.on("GET", "/_alias/portal-search", load("get_alias"))
    fake.on("PUT", "/_bulk", bulk_reply)
    build = IndexBuild(backend="elasticsearch", generation=2, name="portal-search-v2")

    backend.index([penalty_doc()], build=build)
    backend.delete(["penalty:13"], build=build)

    live, new, live_delete, new_delete = fake.sent("PUT", "/_bulk")
    assert actions(live)[0][0] == {"index": {"_index": "portal-search", "_id": "penalty:12"}}
    assert actions(new)[0][0] == {"index": {"_index": "portal-search-v2", "_id": "penalty:12"}}
    assert live.params == {"require_alias": "true"} and new.params == {}
    assert actions(live_delete) == [
        ({"delete": {"_index": "portal-search", "_id": "penalty:13"}}, None)
    ]
    assert actions(new_delete) == [
        ({"delete": {"_index": "portal-search-v2", "_id": "penalty:13"}}, None)
    ]


def test_a_rebuild_batch_goes_to_the_new_index_only(fake, backend):
    fake.on("PUT", "/_bulk", bulk_reply)
    build = IndexBuild(backend="elasticsearch", generation=2, name="portal-search-v2")
    assert backend.index_into_build([penalty_doc(), penalty_doc(object_id=13)], build) == 2
    [request] = fake.requests
    assert [a for a, _ in actions(request)] == [
        {"index": {"_index": "portal-search-v2", "_id": "penalty:12"}},
        {"index": {"_index": "portal-search-v2", "_id": "penalty:13"}},
    ]


def test_finished_build_swaps_the_alias_in_one_call_and_drops_the_old_index(db, fake, backend):
    build = IndexBuild.objects.create(
        backend="elasticsearch", generation=2, name="portal-search-v2"
    )
    fake.on("PUT", "/portal-search-v2/_settings", load("acknowledged"))
    fake.on("POST", "/portal-search-v2/_refresh", load("refresh"))
    fake.on("GET", "/_alias/portal-search", load("get_alias"))
    fake.on("POST", "/_aliases", load("acknowledged"))
    fake.on("DELETE", "/portal-search-v1", load("acknowledged"))

    backend.finish_build(build)

    assert [(r.method, r.path) for r in fake.requests] == [
        ("PUT", "/portal-search-v2/_settings"),
        ("POST", "/portal-search-v2/_refresh"),
        ("GET", "/_alias/portal-search"),
        ("POST", "/_aliases"),
        ("DELETE", "/portal-search-v1"),
    ]
    assert fake.requests[0].body == {"index": {"refresh_interval": None}}
    assert fake.sent("POST", "/_aliases")[0].body == {
        "actions": [
            {"remove": {"index": "portal-search-v1", "alias": "portal-search"}},
            {"add": {"index": "portal-search-v2", "alias": "portal-search"}},
        ]
    }
    build.refresh_from_db()
    assert build.finished_at is not None


def test_a_concrete_index_in_the_alias_place_is_replaced_atomically(db, fake, backend):
    build = IndexBuild.objects.create(
        backend="elasticsearch", generation=1, name="portal-search-v1"
    )
    fake.on("PUT", "/portal-search-v1/_settings", load("acknowledged"))
    fake.on("POST", "/portal-search-v1/_refresh", load("refresh"))
    fake.on("GET", "/_alias/portal-search", load("error_alias_missing"), status=404)
    fake.on("HEAD", "/portal-search", None, status=200)
    fake.on("POST", "/_aliases", load("acknowledged"))

    backend.finish_build(build)

    assert fake.sent("POST", "/_aliases")[0].body == {
        "actions": [
            {"remove_index": {"index": "portal-search"}},
            {"add": {"index": "portal-search-v1", "alias": "portal-search"}},
        ]
    }


def test_next_build_follows_the_live_generation(db, fake, backend):
    fake.on("GET", "/_alias/portal-search", load("get_alias"))  # portal-search-v1
    fake.on("DELETE", "/portal-search-v2", load("error_index_not_found"), status=404)
    fake.on("PUT", "/portal-search-v2", load("create_index"))
    assert backend.start_build(resume=False).name == "portal-search-v2"


def test_an_unfinished_build_is_resumed_or_dropped(db, fake, backend):
    unfinished = IndexBuild.objects.create(
        backend="elasticsearch", generation=4, name="portal-search-v4", progress={"penalty": 99}
    )
    fake.on("HEAD", "/portal-search-v4", None, status=200)
    assert backend.start_build(resume=True) == unfinished
    assert [(r.method, r.path) for r in fake.requests] == [("HEAD", "/portal-search-v4")]

    fake.on("DELETE", "/portal-search-v4", load("acknowledged"))
    fake.on("GET", "/_alias/portal-search", load("get_alias"))  # portal-search-v1 is live
    fake.on("DELETE", "/portal-search-v2", load("error_index_not_found"), status=404)
    fake.on("PUT", "/portal-search-v2", load("create_index"))
    fresh = backend.start_build(resume=False)
    assert (fresh.generation, fresh.name, fresh.progress) == (2, "portal-search-v2", {})
    assert not IndexBuild.objects.filter(pk=unfinished.pk).exists()
    assert fake.sent("DELETE", "/portal-search-v4")  # the abandoned index is dropped


def test_publicity_sweep_deletes_by_query(db, fake, backend):
    IndexBuild.objects.create(backend="elasticsearch", generation=2, name="portal-search-v2")
    fake.on("POST", "/portal-search,portal-search-v2/_delete_by_query", load("delete_by_query"))
    assert backend.delete_expired(datetime.date(2025, 6, 1)) == 119
    [request] = fake.requests
    assert request.params == {
        "conflicts": "proceed",
        "refresh": "true",
        "ignore_unavailable": "true",
    }
    assert request.body == {"query": {"range": {"public_until": {"lt": "2025-06-01"}}}}


def test_count(fake, backend):
    fake.on("POST", "/portal-search/_count", load("count"))
    fake.on("GET", "/portal-search/_count", load("count"))
    assert backend.count() == 42


def test_finishing_a_build_that_is_already_live_only_confirms_the_alias(db, fake, backend):
    build = IndexBuild.objects.create(
        backend="elasticsearch", generation=1, name="portal-search-v1"
    )
    fake.on("PUT", "/portal-search-v1/_settings", load("acknowledged"))
    fake.on("POST", "/portal-search-v1/_refresh", load("refresh"))
    fake.on("GET", "/_alias/portal-search", load("get_alias"))  # already portal-search-v1
    fake.on("POST", "/_aliases", load("acknowledged"))
    backend.finish_build(build)
    assert fake.sent("POST", "/_aliases")[0].body == {
        "actions": [{"add": {"index": "portal-search-v1", "alias": "portal-search"}}]
    }
    assert not fake.sent("HEAD") and not fake.sent("DELETE")
