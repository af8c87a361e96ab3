"""Complaints and reports from citizens (线索): what the public intake writes and the
back office handles. DOMAIN.md §5.

The reporter's identity is encrypted at rest (`EncryptedTextField`); lists show the masked
copies. The query code is stored only as a password hash. Public events form the timeline
a reporter sees through /track/; internal events never leave the back office.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..crypto import EncryptedTextField
from ..storage import private_storage
from .parties import Facility
from .places import Authority, Region


class LeadKind(models.TextChoices):
    COMPLAINT = "complaint", _("投诉")
    VIOLATION = "violation", _("举报")
    REWARD = "reward", _("有奖举报")
    NOMINATE = "nominate", _("你点名、我监督")


# Receipt number prefixes: two letters, then the date and a daily sequence.
RECEIPT_PREFIX = {
    LeadKind.COMPLAINT: "TS",
    LeadKind.VIOLATION: "JB",
    LeadKind.REWARD: "JL",
    LeadKind.NOMINATE: "DM",
}


class LeadState(models.TextChoices):
    RECEIVED = "received", _("待受理")
    ACCEPTED = "accepted", _("已受理")
    REFUSED = "refused", _("不予受理")
    ASSIGNED = "assigned", _("已交办")
    INVESTIGATING = "investigating", _("调查中")
    CONCLUDED = "concluded", _("已办结")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已关闭")
    TRANSFERRED = "transferred", _("已移送")
    MERGED = "merged", _("已合并")


OPEN_STATES = (
    LeadState.RECEIVED,
    LeadState.ACCEPTED,
    LeadState.ASSIGNED,
    LeadState.INVESTIGATING,
)


class LeadOutcome(models.TextChoices):
    SUBSTANTIATED = "substantiated", _("查实")
    PARTLY = "partly", _("部分查实")
    UNFOUNDED = "unfounded", _("不属实")
    UNVERIFIABLE = "unverifiable", _("无法查证")


SUBSTANTIATED_OUTCOMES = (LeadOutcome.SUBSTANTIATED, LeadOutcome.PARTLY)


class LeadCategory(models.Model):
    """Admin-editable list of what a lead is about (DOMAIN.md §5)."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    active = models.BooleanField(_("可选"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("线索类别")
        verbose_name_plural = _("线索类别")

    def __str__(self):
        return self.name


class EvidenceFileType(models.Model):
    """A file type citizens may upload as evidence, recognised from the content."""

    label = models.CharField(_("名称"), max_length=50)
    mime_type = models.CharField(_("MIME 类型"), max_length=100, unique=True)
    extensions = models.CharField(
        _("扩展名"), max_length=100, help_text=_("用空格分隔，如：jpg jpeg")
    )
    is_image = models.BooleanField(_("图片（去除元数据后重新编码）"), default=False)
    active = models.BooleanField(_("允许上传"), default=True)

    class Meta:
        ordering = ["label"]
        verbose_name = _("证据文件类型")
        verbose_name_plural = _("证据文件类型")

    def __str__(self):
        return f"{self.label} ({self.mime_type})"


class Lead(models.Model):
    receipt_number = models.CharField(_("受理编号"), max_length=20, unique=True)
    query_code_hash = models.CharField(max_length=200, editable=False)
    kind = models.CharField(_("类型"), max_length=12, choices=LeadKind.choices)
    state = models.CharField(
        _("状态"), max_length=16, choices=LeadState.choices, default=LeadState.RECEIVED
    )
    category = models.ForeignKey(
        LeadCategory, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="leads"
    )
    facility = models.ForeignKey(
        Facility,
        verbose_name=_("被反映机构"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    facility_name = models.CharField(_("被反映机构或人员名称"), max_length=200, blank=True)
    facility_address = models.CharField(_("地址"), max_length=300, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("所在区划"), null=True, blank=True, on_delete=models.PROTECT
    )
    occurred_on = models.DateField(_("发生日期"), null=True, blank=True)
    description = models.TextField(_("反映的问题"))
    wanted = models.TextField(_("诉求"), blank=True)

    anonymous = models.BooleanField(_("匿名"), default=False)
    reporter_name = EncryptedTextField(_("姓名"), blank=True)
    reporter_id_number = EncryptedTextField(_("身份证号码"), blank=True)
    reporter_phone = EncryptedTextField(_("手机号码"), blank=True)
    reporter_email = EncryptedTextField(_("电子邮箱"), blank=True)
    reporter_address = EncryptedTextField(_("联系地址"), blank=True)
    reporter_name_masked = models.CharField(_("姓名（脱敏）"), max_length=20, blank=True)
    reporter_id_masked = models.CharField(_("身份证号码（脱敏）"), max_length=30, blank=True)
    reporter_phone_masked = models.CharField(_("手机号码（脱敏）"), max_length=20, blank=True)
    reporter_email_masked = models.CharField(_("电子邮箱（脱敏）"), max_length=100, blank=True)
    reward_consent = models.BooleanField(_("同意奖励规则"), default=False)

    # Filled by the follow-up tasks after submission (see portal.intake.tasks).
    suggested_authority = models.ForeignKey(
        Authority,
        verbose_name=_("建议承办机关"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    possible_duplicates = models.ManyToManyField(
        "self", verbose_name=_("可能重复的线索"), blank=True, symmetrical=False
    )
    followups_queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    followups_done_at = models.DateTimeField(null=True, blank=True, editable=False)
    acknowledged_at = models.DateTimeField(_("已发送回执"), null=True, blank=True)

    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    # Handling (issue 6; rules in portal.leads.workflow).
    office = models.ForeignKey(
        Authority,
        verbose_name=_("主办机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads_handled",
    )
    co_offices = models.ManyToManyField(
        Authority, verbose_name=_("分办机构"), blank=True, related_name="leads_co_handled"
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("当前环节期限"), null=True, blank=True)
    outcome = models.CharField(
        _("办理结果"), max_length=16, choices=LeadOutcome.choices, blank=True
    )
    transferred_to = models.ForeignKey(
        Authority,
        verbose_name=_("移送机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads_received",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("合并至"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_leads",
    )
    penalty = models.ForeignKey(
        "portal.PenaltyRecord",
        verbose_name=_("关联行政处罚"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    inspection = models.ForeignKey(
        "portal.InspectionResult",
        verbose_name=_("关联检查"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("投诉举报线索")
        verbose_name_plural = _("投诉举报线索")
        permissions = [
            ("view_reporter_identity", _("可查看举报人身份信息")),
            ("handle_lead", _("可办理线索（受理、调查、办结、答复）")),
            ("dispatch_lead", _("可交办、转办、移送线索并延长期限")),
            ("propose_reward", _("可提出举报奖励金额")),
            ("approve_reward", _("可审批举报奖励")),
            ("pay_reward", _("可登记奖励发放")),
            ("view_all_leads", _("可查看全部地区的线索")),
        ]
        indexes = [
            models.Index(fields=["state", "-submitted_at"], name="lead_state_date"),
            models.Index(fields=["office", "state"], name="lead_office_state"),
            models.Index(fields=["state", "due_on"], name="lead_state_due"),
            models.Index(fields=["due_on"], name="lead_due"),  # the inbox sorted by due date
        ]

    def __str__(self):
        return self.receipt_number

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def subject(self) -> str:
        return self.facility.name if self.facility_id else self.facility_name


class LeadEvent(models.Model):
    """One step in a lead's history. `public` events (with `public_text`) are what the
    reporter sees at /track/; staff names and internal notes never are."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("已收到")
        SUPPLEMENT = "supplement", _("举报人补充材料")
        ACKNOWLEDGED = "acknowledged", _("已发送回执")
        STATE = "state", _("状态变更")
        REPLY = "reply", _("答复")
        NOTE = "note", _("内部备注")
        ASSIGNMENT = "assignment", _("交办")
        DEADLINE = "deadline", _("期限")
        REMINDER = "reminder", _("催办提醒")
        NOTIFIED = "notified", _("已告知举报人")
        DUPLICATE = "duplicate", _("重复线索")
        LINK = "link", _("关联案件")
        REWARD = "reward", _("举报奖励")

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    state = models.CharField(max_length=16, choices=LeadState.choices, blank=True)
    public = models.BooleanField(default=False)
    public_text = models.TextField(_("公开说明"), blank=True)
    internal_text = models.TextField(_("内部说明"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("线索记录")
        verbose_name_plural = _("线索记录")

    def __str__(self):
        return f"{self.lead} {self.get_kind_display()}"


class LeadSupplement(models.Model):
    """Information a reporter added later through receipt number + query code."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="supplements")
    text = models.TextField(_("补充说明"), blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("补充材料")
        verbose_name_plural = _("补充材料")

    def __str__(self):
        return f"{self.lead} {self.submitted_at:%Y-%m-%d %H:%M}"


class Evidence(models.Model):
    """An evidence file, kept in private storage (never under MEDIA_ROOT)."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="evidence")
    supplement = models.ForeignKey(
        LeadSupplement, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(
        _("文件"), storage=private_storage, upload_to="evidence/%Y/%m/", max_length=300
    )
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("证据材料")
        verbose_name_plural = _("证据材料")

    def __str__(self):
        return self.original_name
