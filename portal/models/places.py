from django.db import models
from django.utils.translation import gettext_lazy as _

from ..credit_code import validate_uscc


class Region(models.Model):
    """A GB/T 2260 administrative division. Descendants share the code's prefix."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("省级")
        CITY = 2, _("地级")
        COUNTY = 3, _("县级")

    code = models.CharField(_("区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    full_name = models.CharField(_("全称"), max_length=120, blank=True)
    level = models.PositiveSmallIntegerField(_("级别"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    def __str__(self):
        return self.full_name or self.name

    @property
    def prefix(self) -> str:
        """The code prefix every division below this one shares."""
        return prefix_for_code(self.code, self.level)


def prefix_for_code(code: str, level: int) -> str:
    return {1: code[:2], 2: code[:4]}.get(level, code)


class AuthorityKind(models.TextChoices):
    HEALTH_COMMISSION = "health_commission", _("卫生健康委员会")
    HEALTH_SUPERVISION = "health_supervision", _("卫生健康监督所")
    TCM = "tcm", _("中医药管理局")
    MARKET_REGULATION = "market_regulation", _("市场监督管理局")
    MEDICAL_INSURANCE = "medical_insurance", _("医疗保障局")
    PUBLIC_SECURITY = "public_security", _("公安机关")
    DRUG_ADMINISTRATION = "drug_administration", _("药品监督管理局")
    CYBERSPACE = "cyberspace", _("网信办")
    OTHER = "other", _("其他")


class Authority(models.Model):
    """An enforcement body or another agency leads can be transferred to."""

    name = models.CharField(_("机关名称"), max_length=100, unique=True)
    kind = models.CharField(_("类别"), max_length=32, choices=AuthorityKind.choices)
    uscc = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_uscc],
    )
    region = models.ForeignKey(
        Region, verbose_name=_("所属区划"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = _("机关")
        verbose_name_plural = _("机关")

    def __str__(self):
        return self.name
