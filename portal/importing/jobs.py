"""Imports uploaded in the admin run in the worker (django-q2); the page polls their progress.

The upload is kept in private storage only until the worker has read it. Progress goes
through the cache (shared by web and worker), never through the database: the import
writes inside one transaction that other connections cannot see until it commits.
"""

import logging
import os
import tempfile

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from ..models import ImportJob
from .report import ImportResult
from .service import run_import

logger = logging.getLogger(__name__)
PROGRESS_TTL = 6 * 3600


def progress_key(job_id) -> str:
    return f"portal:import-progress:{job_id}"


def get_progress(job) -> dict:
    return cache.get(progress_key(job.pk)) or {}


def create_job(upload, user, *, kind, publish=False, skip_invalid=False, dry_run=False):
    """Store the upload and queue its import once the job row is committed."""
    job = ImportJob(
        user=user,
        kind=kind,
        filename=os.path.basename(upload.name)[:255],
        publish=publish,
        skip_invalid=skip_invalid,
        dry_run=dry_run,
    )
    job.file.save(os.path.basename(upload.name), upload, save=False)
    job.save()
    transaction.on_commit(lambda: async_task("portal.importing.jobs.run_import_job", job.pk))
    return job


def run_import_job(job_id):
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.finished:
        return
    job.status, job.started_at = ImportJob.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])

    def progress(stage, done, total):
        cache.set(
            progress_key(job.pk), {"stage": stage, "done": done, "total": total}, PROGRESS_TTL
        )

    suffix = os.path.splitext(job.filename)[1].lower()[:8]
    handle = tempfile.NamedTemporaryFile(prefix="portal-import-", suffix=suffix, delete=False)
    try:
        with handle, job.file.open("rb") as source:
            for chunk in source.chunks():
                handle.write(chunk)
        result = run_import(
            handle.name,
            job.kind,
            filename=job.filename,
            user=job.user,
            publish=job.publish,
            skip_invalid=job.skip_invalid,
            dry_run=job.dry_run,
            progress=progress,
        )
        job.status = ImportJob.Status.DONE
    except Exception as exc:  # run_import reports bad input itself; this is a crash
        logger.exception("import job %s failed", job.pk)
        result = ImportResult(kind=job.kind, filename=job.filename)
        result.file_error = _("导入过程中出错，没有写入任何数据：%(error)s") % {"error": exc}
        job.status = ImportJob.Status.FAILED
    finally:
        os.unlink(handle.name)
    job.result = result.as_dict()
    job.finished_at = timezone.now()
    job.file.delete(save=False)  # the upload is not kept once imported
    job.save(update_fields=["status", "result", "finished_at", "file"])
    cache.delete(progress_key(job.pk))


def job_result(job) -> ImportResult | None:
    return ImportResult.from_dict(job.result) if job.result else None
