"""The admin-editable tables behind the publicity rules (DOMAIN.md §3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Tier(models.TextChoices):
    MINOR = "minor", _("轻微")
    GENERAL = "general", _("一般")
    SERIOUS = "serious", _("严重")


TIER_RANK = {Tier.MINOR: 1, Tier.GENERAL: 2, Tier.SERIOUS: 3}


class PublicityPolicy(models.Model):
    """How long one class of records stays public, counted from its decision date."""

    class Key(models.TextChoices):
        MINOR = "minor", _("轻微失信信息")
        GENERAL = "general", _("一般失信信息")
        SERIOUS = "serious", _("严重失信信息")
        INSPECTION = "inspection", _("双随机抽查结果")
        PRACTICE_SCORE = "practice_score", _("不良执业行为记分")

    key = models.CharField(_("信息类别"), max_length=20, choices=Key.choices, unique=True)
    published = models.BooleanField(
        _("公示"), default=True, help_text=_("不勾选则该类信息不在门户公示（如轻微失信信息）。")
    )
    min_months = models.PositiveSmallIntegerField(
        _("最短公示期（月）"), default=0, help_text=_("期满后当事人可申请信用修复。")
    )
    max_months = models.PositiveSmallIntegerField(
        _("最长公示期（月）"), help_text=_("期满当日起自动从所有公开渠道撤下。")
    )
    basis = models.CharField(
        _("依据"), max_length=200, blank=True, default="国办发〔2025〕22号；《信用修复管理办法》"
    )

    class Meta:
        ordering = ["key"]
        verbose_name = _("公示期限规则")
        verbose_name_plural = _("公示期限规则")

    def __str__(self):
        return f"{self.get_key_display()}：{self.min_months}–{self.max_months}个月"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from ..publicity import schedule_recompute

        schedule_recompute()


class PenaltyType(models.Model):
    """A penalty category (处罚类别) and the tier it falls in; the sector's own mapping."""

    name = models.CharField(_("处罚类别"), max_length=50, unique=True)
    tier = models.CharField(_("失信等级"), max_length=10, choices=Tier.choices)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    aliases = models.CharField(
        _("别名"), max_length=200, blank=True, help_text=_("导入时也识别的写法，用分号分隔。")
    )

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("处罚类别与失信等级")
        verbose_name_plural = _("处罚类别与失信等级")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from ..publicity import schedule_recompute

        schedule_recompute()
