"""Bulk import through the admin upload page (a queued ImportJob, its progress and result)."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.models import PenaltyRecord
from portal.setup import DATA_ENTRY
from tests.import_fixtures import csv_bytes, penalty_row
from tests.test_import import nothing_written

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")


@pytest.fixture
def data_entry_user():
    user = get_user_model().objects.create_user("luru", "luru@example.com", "pw")
    user.groups.add(Group.objects.get(name=DATA_ENTRY))
    return user


# --- admin page ------------------------------------------------------------------------


@pytest.fixture
def upload(client, django_capture_on_commit_callbacks):
    """Post a file to the upload page; the queued job runs (inline) once committed."""

    def post(client, content, name="p.csv", **data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("portal_import"),
                {"kind": "penalty", "file": SimpleUploadedFile(name, content), **data},
            )

    return post


def test_admin_upload_page(client, superuser, upload):
    client.force_login(superuser)
    page = client.get(reverse("portal_import"))
    assert page.status_code == 200
    assert "导入后直接发布" in page.content.decode()
    response = upload(client, csv_bytes([penalty_row(1), penalty_row(2)]), publish="on")
    assert response.status_code == 302
    result = client.get(response["Location"])
    html = result.content.decode()
    assert result.status_code == 200 and "导入完成" in html and "记录已发布" in html
    assert PenaltyRecord.objects.filter(live=True).count() == 2
    # An invalid file: nothing written, every problem listed, report downloadable.
    rows = [penalty_row(3), penalty_row(4, 处罚决定日期="2026-13-01")]
    response = upload(client, csv_bytes(rows))
    result = client.get(response["Location"])
    html = result.content.decode()
    assert "未导入" in html and "处罚决定日期" in html and "日期不存在" in html
    assert PenaltyRecord.objects.count() == 2
    report = client.get(result.context["report_url"])
    assert report["Content-Disposition"].startswith("attachment")
    assert json.loads(report.content) == [
        {
            "row": 2,
            "column": "处罚决定日期",
            "value": "2026-13-01",
            "reason": "日期不存在（请检查年、月、日）",
        }
    ]
    template = client.get(reverse("portal_import_template", args=["licence"]))
    assert "许可类别" in template.content.decode("utf-8-sig")


def test_admin_data_entry_user_gets_drafts(client, data_entry_user, superuser, upload):
    client.force_login(data_entry_user)
    response = upload(client, csv_bytes([penalty_row(1)]), publish="on")
    html = client.get(response["Location"]).content.decode()
    assert "没有发布" in html and "草稿" in html
    record = PenaltyRecord.objects.get()
    assert not record.live and record.has_unpublished_changes
    assert record.latest_revision.user == data_entry_user
    # Results belong to the user who imported.
    client.force_login(superuser)
    assert client.get(response["Location"]).status_code == 404


def test_admin_bad_upload_and_access(client, superuser, upload):
    assert client.get(reverse("portal_import")).status_code == 302  # to the login page
    client.force_login(superuser)
    response = upload(client, b"\x00\x01\x02" * 100, name="p.csv")
    html = client.get(response["Location"]).content.decode()
    assert "不是 CSV 文本" in html
    response = upload(client, b"data", name="p.pdf")
    assert response.status_code == 200 and "只能导入 CSV 或 XLSX" in response.content.decode()
    assert nothing_written()


def test_menu_item(rf, data_entry_user):
    from portal.importing.admin_views import import_menu_item

    item = import_menu_item()
    assert item.url == reverse("portal_import") == "/admin/import/"
    request = rf.get("/admin/")
    request.user = data_entry_user
    assert item.is_shown(request)
    request.user = get_user_model().objects.create_user("guest", "g@example.com", "pw")
    assert not item.is_shown(request)


def test_admin_upload_is_queued_and_shows_progress_until_the_worker_runs(
    client, superuser, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from portal.importing.jobs import progress_key, run_import_job
    from portal.models import ImportJob

    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("portal_import"),
            {"kind": "penalty", "file": SimpleUploadedFile("p.csv", csv_bytes([penalty_row(1)]))},
        )
    assert len(callbacks) == 1  # the task is enqueued only after the job is committed
    job = ImportJob.objects.get()
    assert job.status == "queued" and job.file
    page = client.get(response["Location"]).content.decode()
    assert "排队" in page and 'http-equiv="refresh"' in page
    job.status = "running"
    job.save()
    cache.set(progress_key(job.pk), {"stage": "write", "done": 500, "total": 1000})
    page = client.get(response["Location"]).content.decode()
    assert "正在写入数据库" in page and "500 / 1000" in page and 'value="50"' in page
    job.status = "queued"
    job.save()
    run_import_job(job.pk)  # what the worker does
    job.refresh_from_db()
    assert job.status == "done" and not job.file  # the upload is not kept
    page = client.get(response["Location"]).content.decode()
    assert "导入完成" in page and 'http-equiv="refresh"' not in page
    assert PenaltyRecord.objects.count() == 1
