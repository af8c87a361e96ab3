"""What keeps the index in step: signals → django-q2 tasks (run inline in tests), bulk
imports, the publicity sweep, the resumable rebuild, the commands."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cms.models import HomePage, StandardPage
from portal.admin.actions import withdraw
from portal.importing.service import run_import
from portal.models import PenaltyRecord
from search import indexing
from search.backends.db import DatabaseBackend, active_generation
from search.models import IndexBuild, SearchDocument
from search.query import SearchQuery
from search.service import run_search
from tests.import_fixtures import penalty_row, write_csv

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def found(text, **kwargs):
    return {h.key for h in run_search(SearchQuery(text=text, **kwargs), backend="db").hits}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run on_commit callbacks (the queued indexing tasks) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def tasks(monkeypatch):
    """Record what index_objects is asked to do (and still do it)."""
    calls = []
    real = indexing.index_objects

    def spy(kind, ids):
        calls.append((kind, list(ids)))
        return real(kind, ids)

    monkeypatch.setattr(indexing, "index_objects", spy)
    return calls


def test_publishing_indexes_and_a_draft_leaves_the_index_alone(
    make_penalty, committed, tasks, admin_user
):
    with committed():
        record = make_penalty(TODAY - datetime.timedelta(days=5), live=False)
    key = f"penalty:{record.pk}"
    assert key not in found(record.document_number)  # a draft is not public

    with committed():
        record.save_revision(user=admin_user).publish(user=admin_user)
    assert key in found(record.document_number)

    tasks.clear()
    record = PenaltyRecord.objects.get(pk=record.pk)
    record.violation_type = "草稿中的新违法行为类型"
    with committed():
        record.save_revision(user=admin_user)  # a draft of a change: not published
    assert tasks == []
    assert key in found(record.document_number)
    assert key not in found("草稿中的新违法行为类型")

    with committed():
        record.unpublish(user=admin_user)
    assert key not in found(record.document_number)


def test_withdrawal_and_deletion_remove_the_document(make_penalty, committed, admin_user):
    with committed():
        kept = make_penalty(TODAY - datetime.timedelta(days=5))
        gone = make_penalty(TODAY - datetime.timedelta(days=6))
    assert {f"penalty:{kept.pk}", f"penalty:{gone.pk}"} <= found("康宁")
    with committed():
        withdraw(kept, admin_user, "信息有误")
    with committed():
        PenaltyRecord.objects.get(pk=gone.pk).delete()
    assert found("康宁") & {f"penalty:{kept.pk}", f"penalty:{gone.pk}"} == set()


def test_renaming_a_facility_reindexes_its_records(facility, make_penalty, committed):
    with committed():
        record = make_penalty(TODAY - datetime.timedelta(days=5))
    with committed():
        facility.name = "北京仁心口腔诊所有限公司"
        facility.save()
    # The decision keeps the name it was made out to; the party's new name finds it too.
    assert {f"facility:{facility.pk}", f"penalty:{record.pk}"} <= found("仁心口腔")
    assert found("康宁") == {f"penalty:{record.pk}"}


def test_import_indexes_published_rows_only(tmp_path, committed):
    with committed():
        drafts = run_import(write_csv(tmp_path / "a.csv", [penalty_row(1)]), "penalty")
    assert drafts.ok
    assert not {k for k in found("京朝卫医罚 2026 1") if k.startswith("penalty:")}
    with committed():
        published = run_import(
            write_csv(tmp_path / "b.csv", [penalty_row(2), penalty_row(3)]), "penalty", publish=True
        )
    assert published.ok and published.created == 2
    numbers = PenaltyRecord.objects.filter(live=True).values_list("pk", flat=True)
    assert {f"penalty:{pk}" for pk in numbers} <= found("使用非卫生技术人员")


def test_pages_are_indexed_when_published_and_removed_when_unpublished(db, committed, client):
    home = HomePage.objects.get()
    page = StandardPage(
        title="关于政府信息公开工作", slug="about-open", body=[("heading", "依申请公开")]
    )
    with committed():
        home.add_child(instance=page)
        page.save_revision().publish()
    assert f"page:{page.pk}" in found("信息公开")
    assert SearchDocument.objects.get(key=f"page:{page.pk}").url == "/about-open/"
    english = client.get("/en/search/?q=信息公开").content.decode()
    assert 'href="/en/about-open/"' in english
    with committed():
        page.unpublish()
    assert f"page:{page.pk}" not in found("信息公开")


def test_broker_down_does_not_fail_the_save(make_penalty, committed, monkeypatch, caplog):  # noqa: E501
    def refuse(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr("django_q.tasks.async_task", refuse)
    with committed():
        record = make_penalty(TODAY - datetime.timedelta(days=5))
    assert PenaltyRecord.objects.filter(pk=record.pk).exists()
    assert "could not queue indexing" in caplog.text


def test_sweep_removes_documents_whose_publicity_ended(make_penalty):
    record = make_penalty(TODAY - datetime.timedelta(days=5))
    indexing.reindex_all()
    assert SearchDocument.objects.filter(key=f"penalty:{record.pk}").exists()
    assert indexing.sweep(record.publicity_ends_on) == 0
    assert indexing.sweep(record.publicity_ends_on + datetime.timedelta(days=1)) == 1
    assert not SearchDocument.objects.filter(key=f"penalty:{record.pk}").exists()


def test_rebuild_swaps_generations_and_resumes_after_an_interruption(make_penalty, monkeypatch):
    records = [make_penalty(TODAY - datetime.timedelta(days=n + 1)) for n in range(5)]
    indexing.reindex_all()
    before = active_generation()
    monkeypatch.setattr(indexing, "REBUILD_BATCH", 2)
    real = DatabaseBackend.index_into_build
    calls = {"n": 0}

    def flaky(self, docs, build):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("interrupted")
        return real(self, docs, build)

    monkeypatch.setattr(DatabaseBackend, "index_into_build", flaky)
    with pytest.raises(RuntimeError):
        indexing.rebuild("db")
    # The live index still answers from the old generation while the build waits.
    assert active_generation() == before
    assert len(found("康宁", kinds=("penalty",))) == 5
    build = IndexBuild.objects.get(backend="db", finished_at__isnull=True)
    assert build.progress == {"penalty": records[1].pk}  # two written, then it stopped

    # A change while the build is unfinished goes to both generations.
    records[0].violation_type = "重建期间修改的违法行为"
    records[0].save()
    indexing.index_objects("penalty", [records[0].pk])

    indexing.rebuild("db")  # resumes
    assert active_generation() == build.generation
    assert not SearchDocument.objects.exclude(generation=build.generation).exists()
    assert len(found("康宁", kinds=("penalty",))) == 5
    assert f"penalty:{records[0].pk}" in found("重建期间修改")
    assert SearchDocument.objects.filter(key=f"penalty:{records[0].pk}").count() == 1


def test_rebuild_command_and_search_records_command(make_penalty, facility):
    make_penalty(TODAY - datetime.timedelta(days=5))
    out = StringIO()
    call_command("rebuild_search_index", "--no-progress", stdout=out)
    assert "已写入 2 条文档" in out.getvalue()
    out = StringIO()
    call_command("search_records", "knkq", "--json", "--limit", "5", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines[0]["kind"] == "facility" and lines[0]["id"] == facility.pk
    assert lines[0]["code"] == facility.uscc and lines[0]["backend"] == "db"
    assert {"kind", "id", "code", "title", "score", "backend"} <= set(lines[0])
    out = StringIO()
    call_command("search_records", "康宁", "--kind", "penalty", stdout=out)
    assert out.getvalue().count("\n") == 1 and out.getvalue().startswith("penalty\t")


def test_search_records_refuses_elasticsearch_when_not_configured(settings):
    settings.ELASTICSEARCH_URL = ""
    with pytest.raises(CommandError, match="ELASTICSEARCH_URL"):
        call_command("search_records", "康宁", "--backend", "elasticsearch")


def test_indexing_invalidates_cached_pages_and_the_sweep_is_scheduled(make_penalty):
    from django_q.models import Schedule

    from portal.pagecache import current_version

    record = make_penalty(TODAY - datetime.timedelta(days=5))
    before = current_version()
    indexing.index_objects("penalty", [record.pk])
    assert current_version() > before  # a search page cached before the task is stale now
    schedule = Schedule.objects.get(name="search_sweep")
    assert schedule.func == "search.indexing.sweep" and schedule.schedule_type == Schedule.DAILY


def test_rebuild_if_empty_runs_once(make_penalty):
    make_penalty(TODAY - datetime.timedelta(days=5))
    out = StringIO()
    call_command("rebuild_search_index", "--if-empty", "--no-progress", stdout=out)
    assert "已写入 2 条文档" in out.getvalue()
    out = StringIO()
    call_command("rebuild_search_index", "--if-empty", "--no-progress", stdout=out)
    assert "跳过" in out.getvalue()


def test_reindexing_a_kind_after_a_rule_change_drops_what_is_no_longer_public(make_penalty):
    kept = make_penalty(TODAY - datetime.timedelta(days=5))
    hidden = make_penalty(TODAY - datetime.timedelta(days=6))
    indexing.reindex_all()
    PenaltyRecord.objects.filter(pk=hidden.pk).update(publishable=False)  # as a recompute does
    assert indexing.reindex_kind("penalty") == 1
    assert found("康宁", kinds=("penalty",)) == {f"penalty:{kept.pk}"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgresql_rebuild_indexes_the_new_generation_once_and_queries_use_it(make_penalty):
    make_penalty(TODAY - datetime.timedelta(days=1))
    indexing.reindex_all()
    generation = active_generation()

    def fts_indexes():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = "
                "'portal_search_searchdocument' AND indexname LIKE 'search_doc_fts%%'"
            )
            return {row[0] for row in cursor.fetchall()}

    # Only the live generation has a full-text index; the old one went with its rows.
    assert fts_indexes() == {f"search_doc_fts_g{generation}"}
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM portal_search_searchdocument d WHERE d.generation = %s "
            "AND d.fts @@ to_tsquery('simple', %s)",
            [generation, "康宁"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"search_doc_fts_g{generation}" in plan
    assert len(found("康宁", kinds=("penalty",))) == 1
