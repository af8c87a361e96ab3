"""The public records: 行政许可, 行政处罚, 严重失信主体名单, 双随机抽查结果, 不良执业行为记分.

Every record is a Wagtail snippet with drafts, revisions and the 法制审核 workflow.
Its publicity (tier, end date) is computed on save by `portal.publicity` and stored,
so "public today" is a plain date filter: nothing has to run for a record to expire.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin

from .parties import Facility
from .places import Authority
from .policy import PenaltyType, Tier


class RecordKind(models.TextChoices):
    LICENCE = "licence", _("行政许可")
    PENALTY = "penalty", _("行政处罚")
    BLACKLIST = "blacklist", _("严重失信主体名单")
    INSPECTION = "inspection", _("双随机抽查结果")
    PRACTICE_SCORE = "practice_score", _("不良执业行为记分")


class PublicRecordQuerySet(models.QuerySet):
    def public(self, today=None):
        """Records any public surface may show today. The one rule every page, feed,
        export and search result goes through."""
        today = today or timezone.localdate()
        return self.filter(
            Q(publicity_ends_on__isnull=True) | Q(publicity_ends_on__gte=today),
            live=True,
            publishable=True,
            withdrawn_at__isnull=True,
            repaired_at__isnull=True,
            decision_date__lte=today,
        )

    def not_public(self, today=None):
        return self.exclude(pk__in=self.public(today).values("pk"))


class PublicRecord(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    kind = None  # a RecordKind, set by each concrete model

    record_key = models.CharField(
        max_length=255, unique=True, editable=False, help_text="kind-specific natural key"
    )
    facility = models.ForeignKey(
        Facility, verbose_name=_("行政相对人"), on_delete=models.PROTECT, related_name="+"
    )
    party_name = models.CharField(_("行政相对人名称"), max_length=200, blank=True)
    authority = models.ForeignKey(
        Authority, verbose_name=_("决定机关"), on_delete=models.PROTECT, related_name="+"
    )
    document_number = models.CharField(_("决定文书号"), max_length=100, db_index=True)
    decision_date = models.DateField(_("决定日期"), db_index=True)
    publicity_until_override = models.DateField(
        _("公示截止期"),
        null=True,
        blank=True,
        help_text=_("填写后优先于按规则计算的公示截止日期。"),
    )
    data_source_name = models.CharField(_("数据来源单位"), max_length=100, blank=True)
    data_source_uscc = models.CharField(
        _("数据来源单位统一社会信用代码"), max_length=18, blank=True
    )
    remarks = models.TextField(_("备注"), blank=True)

    # Computed by portal.publicity on every save.
    tier = models.CharField(_("失信等级"), max_length=10, choices=Tier.choices, blank=True)
    publishable = models.BooleanField(_("按规则应公示"), default=True, editable=False)
    publicity_ends_on = models.DateField(
        _("公示截止日期"), null=True, blank=True, editable=False, db_index=True
    )
    repair_allowed_from = models.DateField(
        _("可申请信用修复日期"), null=True, blank=True, editable=False
    )

    withdrawn_at = models.DateTimeField(_("撤下时间"), null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(_("撤下原因"), blank=True, editable=False)
    repaired_at = models.DateTimeField(_("信用修复时间"), null=True, blank=True, editable=False)
    repair_reason = models.TextField(_("信用修复说明"), blank=True, editable=False)
    repair_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("信用修复批准人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="%(class)s",
        for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="%(class)s",
        for_concrete_model=False,
    )

    objects = PublicRecordQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-decision_date", "-id"]
        indexes = [
            # Profiles and "related records" list one party's records newest first.
            models.Index(fields=["facility", "-decision_date"], name="%(class)s_facility_date"),
            # Public lists: newest first among published rows.
            models.Index(fields=["live", "-decision_date", "-id"], name="%(class)s_live_date"),
            # Everything `public()` asks of a row besides its dates, as a partial index:
            # counting 45,000 public penalties drops from ~80 ms to ~4 ms on SQLite.
            models.Index(
                fields=["-decision_date", "publicity_ends_on"],
                condition=Q(
                    live=True,
                    publishable=True,
                    withdrawn_at__isnull=True,
                    repaired_at__isnull=True,
                ),
                name="%(class)s_public",
            ),
        ]

    def __str__(self):
        return f"{self.document_number} {self.party_name or self.facility_id}"

    def save(self, *args, **kwargs):
        from ..publicity import apply_publicity

        if not self.party_name and self.facility_id:
            self.party_name = self.facility.name
        apply_publicity(self)
        super().save(*args, **kwargs)

    def is_public(self, today=None) -> bool:
        return type(self).objects.public(today).filter(pk=self.pk).exists()

    @property
    def status_label(self):
        if self.withdrawn_at:
            return _("已撤下")
        if self.repaired_at:
            return _("已信用修复")
        if not self.live:
            return _("草稿")
        if not self.publishable:
            return _("不予公示")
        if self.publicity_ends_on and self.publicity_ends_on < timezone.localdate():
            return _("公示期满")
        return _("公示中")


class LicenceRecord(PublicRecord):
    kind = RecordKind.LICENCE

    class Category(models.TextChoices):
        ORDINARY = "普通", _("普通")
        FRANCHISE = "特许", _("特许")
        RECOGNITION = "认可", _("认可")
        APPROVAL = "核准", _("核准")
        REGISTRATION = "登记", _("登记")
        OTHER = "其他", _("其他")

    class Status(models.TextChoices):
        VALID = "1", _("有效")
        REVOKED = "2", _("撤销")
        CANCELLED = "3", _("注销")
        EXPIRED = "4", _("失效")
        OTHER = "9", _("其他")

    document_name = models.CharField(_("行政许可决定文书名称"), max_length=200)
    licence_category = models.CharField(
        _("许可类别"), max_length=10, choices=Category.choices, default=Category.ORDINARY
    )
    certificate_name = models.CharField(_("许可证书名称"), max_length=200)
    licence_number = models.CharField(_("许可编号"), max_length=100, blank=True, db_index=True)
    content = models.TextField(_("许可内容"))
    valid_from = models.DateField(_("有效期自"))
    valid_to = models.DateField(_("有效期至"), null=True, blank=True)
    status = models.CharField(
        _("当前状态"), max_length=2, choices=Status.choices, default=Status.VALID
    )

    class Meta(PublicRecord.Meta):
        verbose_name = _("行政许可")
        verbose_name_plural = _("行政许可")


class PenaltyRecord(PublicRecord):
    kind = RecordKind.PENALTY

    violation_type = models.CharField(_("违法行为类型"), max_length=200)
    facts = models.TextField(_("违法事实"))
    legal_basis = models.TextField(_("处罚依据"))
    penalty_types = models.ManyToManyField(
        PenaltyType, verbose_name=_("处罚类别"), related_name="+", blank=False
    )
    penalty_categories = models.CharField(
        _("处罚类别（原文）"), max_length=200, help_text=_("多个类别用分号分隔，如：警告;罚款")
    )
    content = models.TextField(_("处罚内容"))
    fine_amount = models.DecimalField(
        _("罚款金额（万元）"), max_digits=14, decimal_places=6, null=True, blank=True
    )
    confiscated_amount = models.DecimalField(
        _("没收违法所得、没收非法财物的金额（万元）"),
        max_digits=14,
        decimal_places=6,
        null=True,
        blank=True,
    )
    licence_affected = models.CharField(_("暂扣或吊销证照名称及编号"), max_length=200, blank=True)
    valid_until = models.DateField(_("处罚有效期"), null=True, blank=True)

    class Meta(PublicRecord.Meta):
        verbose_name = _("行政处罚")
        verbose_name_plural = _("行政处罚")

    def clean(self):
        super().clean()
        from ..publicity import split_categories

        names = split_categories(self.penalty_categories or "")
        unknown = [n for n in names if n not in penalty_type_ids_by_name()]
        if not names:
            raise ValidationError({"penalty_categories": _("请填写处罚类别。")})
        if unknown:
            raise ValidationError(
                {
                    "penalty_categories": _(
                        "未知的处罚类别：%(names)s。请使用“处罚类别与失信等级”表中的名称。"
                    )
                    % {"names": "、".join(unknown)}
                }
            )

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.sync_penalty_types()

    def sync_penalty_types(self):
        """Keep the filterable M2M in step with the standard's ";"-joined text."""
        from ..publicity import split_categories

        ids = penalty_type_ids_by_name()
        wanted = {ids[name] for name in split_categories(self.penalty_categories) if name in ids}
        current = set(self.penalty_types.values_list("pk", flat=True))
        if wanted != current:
            self.penalty_types.set(wanted)

    @property
    def fine_yuan(self):
        return None if self.fine_amount is None else self.fine_amount * 10000


class BlacklistEntry(PublicRecord):
    kind = RecordKind.BLACKLIST

    listing_reason = models.TextField(_("列入事由"))
    listing_basis = models.TextField(_("列入依据"), blank=True)
    removal_planned_on = models.DateField(_("计划移出日期"), null=True, blank=True)
    removed_on = models.DateField(_("移出日期"), null=True, blank=True)
    removal_reason = models.CharField(_("移出原因"), max_length=200, blank=True)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from ..publicity import recompute_facility_penalties

        recompute_facility_penalties(self.facility_id)

    class Meta(PublicRecord.Meta):
        verbose_name = _("严重失信主体名单")
        verbose_name_plural = _("严重失信主体名单")


class InspectionResult(PublicRecord):
    kind = RecordKind.INSPECTION

    class Result(models.TextChoices):
        NO_PROBLEM = "未发现问题", _("未发现问题")
        CORRECTED = "发现问题已责令改正", _("发现问题已责令改正")
        TRANSFERRED = "移交处理", _("移交处理")
        NOT_FOUND = "未发现检查对象", _("未发现检查对象")
        CLOSED = "检查对象已注销", _("检查对象已注销")
        OTHER = "其他", _("其他")

    plan_number = models.CharField(_("抽查计划编号"), max_length=100)
    plan_name = models.CharField(_("抽查计划名称"), max_length=200)
    task_name = models.CharField(_("抽查任务名称"), max_length=200)
    inspection_type = models.CharField(_("抽查类型"), max_length=50, default="定向抽查")
    result = models.CharField(_("抽查结果"), max_length=20, choices=Result.choices)
    result_detail = models.TextField(_("结果说明"), blank=True)

    class Meta(PublicRecord.Meta):
        verbose_name = _("双随机抽查结果")
        verbose_name_plural = _("双随机抽查结果")

    @property
    def passed(self):
        return self.result == self.Result.NO_PROBLEM


class PracticeScore(PublicRecord):
    kind = RecordKind.PRACTICE_SCORE

    class Points(models.IntegerChoices):
        ONE = 1, "1"
        TWO = 2, "2"
        FOUR = 4, "4"
        SIX = 6, "6"
        TWELVE = 12, "12"

    points = models.PositiveSmallIntegerField(_("记分分值"), choices=Points.choices)
    behaviour = models.TextField(_("不良执业行为"))
    legal_basis = models.TextField(_("记分依据"), blank=True)

    class Meta(PublicRecord.Meta):
        verbose_name = _("不良执业行为记分")
        verbose_name_plural = _("不良执业行为记分")


def penalty_type_ids_by_name() -> dict:
    """Penalty type id for each name and alias (imports and forms use the same mapping)."""
    ids = {}
    for pk, name, aliases in PenaltyType.objects.values_list("pk", "name", "aliases"):
        ids[name] = pk
        for alias in aliases.split(";"):
            if alias.strip():
                ids.setdefault(alias.strip(), pk)
    return ids


RECORD_MODELS = {
    RecordKind.LICENCE: LicenceRecord,
    RecordKind.PENALTY: PenaltyRecord,
    RecordKind.BLACKLIST: BlacklistEntry,
    RecordKind.INSPECTION: InspectionResult,
    RecordKind.PRACTICE_SCORE: PracticeScore,
}
