from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarAdjustment(models.Model):
    """A local change to the official working-day calendar (or a year the package lacks)."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(
        _("是工作日"), help_text=_("勾选表示当天上班（如调休补班），不勾选表示放假。")
    )
    note = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("工作日调整")
        verbose_name_plural = _("工作日调整")

    def __str__(self):
        kind = _("上班") if self.is_working_day else _("放假")
        return f"{self.date:%Y-%m-%d} {kind}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from ..workdays import clear_adjustments_cache

        clear_adjustments_cache()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        from ..workdays import clear_adjustments_cache

        clear_adjustments_cache()
        return result
