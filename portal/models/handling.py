"""What the back office needs to handle leads (issue 6): offices of staff, time limits and
deadlines per stage, saved inbox filters, rewards, and the facility risk score.

The rules live in portal/leads/ (workflow, deadlines, rewards, risk); these are the rows.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .leads import Lead
from .parties import Facility
from .places import Authority

REWARD_MINIMUM = Decimal("200")
REWARD_MAXIMUM = Decimal("200000")


class StaffOffice(models.Model):
    """The office a staff member works for: they see the leads of its region and below
    (a provincial office sees the whole province) and the leads assigned to them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="staff_office",
    )
    office = models.ForeignKey(
        Authority, verbose_name=_("所属机构"), on_delete=models.PROTECT, related_name="staff"
    )
    supervisor = models.BooleanField(
        _("负责人"), default=False, help_text=_("接收本机构超期、临期线索的催办提醒。")
    )

    class Meta:
        verbose_name = _("工作人员所属机构")
        verbose_name_plural = _("工作人员所属机构")

    def __str__(self):
        return f"{self.user} · {self.office}"


class Stage(models.TextChoices):
    """The time-limited stages of a lead (DOMAIN.md §5)."""

    DECIDE = "decide", _("受理审查")  # accept or refuse, from receipt
    NOTIFY = "notify", _("告知举报人")  # tell a named reporter, from acceptance
    CONCLUDE = "conclude", _("调查办结")  # conclude, from acceptance


class LeadTimeLimit(models.Model):
    """Working days allowed for one stage, and how long one extension may be."""

    stage = models.CharField(_("环节"), max_length=10, choices=Stage.choices, unique=True)
    working_days = models.PositiveSmallIntegerField(_("时限（工作日）"))
    extension_days = models.PositiveSmallIntegerField(
        _("可延长（工作日）"), default=0, help_text=_("每个环节最多延长一次；0 表示不可延长。")
    )
    due_soon_days = models.PositiveSmallIntegerField(
        _("临期提醒（工作日）"), default=3, help_text=_("距期限不超过该天数时标记为临期。")
    )
    basis = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        ordering = ["stage"]
        verbose_name = _("线索办理时限")
        verbose_name_plural = _("线索办理时限")

    def __str__(self):
        return f"{self.get_stage_display()}：{self.working_days}"


class LeadDeadline(models.Model):
    """One stage's clock on one lead: started, due, extended once, met."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="deadlines")
    stage = models.CharField(_("环节"), max_length=10, choices=Stage.choices)
    started_on = models.DateField(_("起算日"))
    due_on = models.DateField(_("期限"))
    extended_days = models.PositiveSmallIntegerField(_("延长（工作日）"), default=0)
    extension_reason = models.TextField(_("延长理由"), blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    met_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["lead", "started_on", "pk"]
        verbose_name = _("办理期限")
        verbose_name_plural = _("办理期限")
        constraints = [
            models.UniqueConstraint(fields=["lead", "stage"], name="lead_deadline_stage")
        ]

    def __str__(self):
        return f"{self.lead} {self.get_stage_display()} {self.due_on:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.met_at is None

    def met_in_time(self) -> bool | None:
        if self.met_at is None:
            return None
        return timezone.localdate(self.met_at) <= self.due_on


class SavedLeadFilter(models.Model):
    """A named set of inbox filters, per user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_lead_filters"
    )
    name = models.CharField(_("名称"), max_length=50)
    query = models.CharField(_("筛选条件"), max_length=1000)

    class Meta:
        ordering = ["name"]
        verbose_name = _("已保存的筛选")
        verbose_name_plural = _("已保存的筛选")
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_lead_filter_name")
        ]

    def __str__(self):
        return self.name


class LeadReward(models.Model):
    """A reward for a substantiated 有奖举报: proposed, approved by a second person, paid."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待审批")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("不予奖励")
        PAID = "paid", _("已发放")

    lead = models.OneToOneField(Lead, on_delete=models.CASCADE, related_name="reward")
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    amount = models.DecimalField(
        _("奖励金额（元）"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(REWARD_MINIMUM), MaxValueValidator(REWARD_MAXIMUM)],
    )
    basis = models.TextField(_("奖励依据"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paid_at = models.DateTimeField(_("发放时间"), null=True, blank=True)
    payment_reference = models.CharField(_("发放凭证号"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("举报奖励")
        verbose_name_plural = _("举报奖励")

    def __str__(self):
        return f"{self.lead} ¥{self.amount}"


class RiskFactor(models.Model):
    """One term of the facility risk score and its weight (portal/leads/risk.py)."""

    class Key(models.TextChoices):
        LEAD = "lead", _("线索（未查实或未办结）")
        SUBSTANTIATED_LEAD = "substantiated_lead", _("查实的线索")
        PENALTY = "penalty", _("行政处罚")
        FAILED_INSPECTION = "failed_inspection", _("抽查不合格")
        PRACTICE_POINT = "practice_point", _("不良执业行为记分（每分）")

    key = models.CharField(_("因素"), max_length=20, choices=Key.choices, unique=True)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2)
    window_months = models.PositiveSmallIntegerField(
        _("统计期（月）"), default=24, help_text=_("只计入该期限内的线索和记录。")
    )

    class Meta:
        ordering = ["key"]
        verbose_name = _("风险评分因素")
        verbose_name_plural = _("风险评分因素")

    def __str__(self):
        return f"{self.get_key_display()} × {self.weight}"


class FacilityRisk(models.Model):
    """A facility's computed risk score and what it is made of (recomputed daily)."""

    facility = models.OneToOneField(Facility, on_delete=models.CASCADE, related_name="risk")
    score = models.DecimalField(_("风险分"), max_digits=9, decimal_places=2, db_index=True)
    leads = models.PositiveIntegerField(_("线索"), default=0)
    substantiated_leads = models.PositiveIntegerField(_("查实线索"), default=0)
    penalties = models.PositiveIntegerField(_("行政处罚"), default=0)
    failed_inspections = models.PositiveIntegerField(_("抽查不合格"), default=0)
    practice_points = models.PositiveIntegerField(_("记分"), default=0)
    computed_at = models.DateTimeField(_("计算时间"), default=timezone.now)

    class Meta:
        ordering = ["-score"]
        verbose_name = _("机构风险评分")
        verbose_name_plural = _("机构风险评分")

    def __str__(self):
        return f"{self.facility} {self.score}"
