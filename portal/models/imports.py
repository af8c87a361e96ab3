import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..storage import private_storage


def new_token():
    return secrets.token_urlsafe(24)


class ImportJob(models.Model):
    """One uploaded file imported by the worker; the admin page follows its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("导入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.CASCADE
    )
    kind = models.CharField(_("类型"), max_length=20)
    filename = models.CharField(_("文件名"), max_length=255)
    file = models.FileField(storage=private_storage, upload_to="imports/%Y/%m/", blank=True)
    publish = models.BooleanField(default=False)
    skip_invalid = models.BooleanField(default=False)
    dry_run = models.BooleanField(default=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    result = models.JSONField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
