"""通知公告 and 政策法规: official documents with a legal status shown on the document itself.

政府网站发展指引: a document that has been amended, repealed or has expired says so on its
own page (text and badge, not colour only), with a note and a link to what replaced it.
A document in force whose 有效期至 has passed is shown as 已失效 without anyone editing it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import ArticleBodyBlock
from .listing import Choice, ListingMixin


class DocumentStatus(models.TextChoices):
    IN_FORCE = "in_force", _("现行有效")
    AMENDED = "amended", _("已修改")
    REPEALED = "repealed", _("已废止")
    EXPIRED = "expired", _("已失效")


STATUS_CSS = {
    DocumentStatus.IN_FORCE: "doc-status--in-force",
    DocumentStatus.AMENDED: "doc-status--amended",
    DocumentStatus.REPEALED: "doc-status--repealed",
    DocumentStatus.EXPIRED: "doc-status--expired",
}


class PolicyType(models.TextChoices):
    LAW = "law", _("法律")
    ADMINISTRATIVE_REGULATION = "regulation", _("行政法规")
    DEPARTMENTAL_RULE = "rule", _("部门规章")
    LOCAL_REGULATION = "local_regulation", _("地方性法规")
    LOCAL_RULE = "local_rule", _("地方政府规章")
    NORMATIVE = "normative", _("规范性文件")
    INTERPRETATION = "interpretation", _("政策解读")
    OTHER = "other", _("其他")


def status_filter(status, today):
    """Q for documents whose status on `today` is `status` (expiry makes 现行有效 → 已失效)."""
    expired = Q(status=DocumentStatus.IN_FORCE, expiry_date__lt=today)
    if status == DocumentStatus.IN_FORCE:
        return Q(status=DocumentStatus.IN_FORCE) & ~expired
    if status == DocumentStatus.EXPIRED:
        return Q(status=DocumentStatus.EXPIRED) | expired
    return Q(status=status)


class OfficialDocumentPage(Page):
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    issuing_authority = models.CharField(_("发文机关"), max_length=200)
    issue_date = models.DateField(_("发布日期"), default=timezone.localdate)
    effective_date = models.DateField(_("施行日期"), null=True, blank=True)
    expiry_date = models.DateField(
        _("有效期至"), null=True, blank=True, help_text=_("过了这一天，页面自动显示“已失效”。")
    )
    status = models.CharField(
        _("效力状态"),
        max_length=20,
        choices=DocumentStatus.choices,
        default=DocumentStatus.IN_FORCE,
    )
    status_note = models.TextField(
        _("状态说明"),
        blank=True,
        help_text=_("已修改、已废止或已失效时必填，如：“根据……第X号令修改，自……起施行。”"),
    )
    superseded_by = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("修改/替代文件（本站页面）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    superseded_by_title = models.CharField(
        _("修改/替代文件名称"),
        max_length=200,
        blank=True,
        help_text=_("替代文件不在本站时填写其名称和文号。"),
    )
    summary = models.TextField(_("摘要"), max_length=300, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("正文"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("document_number"),
                FieldPanel("issuing_authority"),
                FieldPanel("issue_date"),
                FieldPanel("effective_date"),
                FieldPanel("expiry_date"),
            ],
            heading=_("文件信息"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("status_note"),
                PageChooserPanel("superseded_by", ["cms.PolicyDocumentPage", "cms.NoticePage"]),
                FieldPanel("superseded_by_title"),
            ],
            heading=_("效力状态"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("document_number"),
        index.SearchField("issuing_authority"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("status"),
        index.FilterField("issue_date"),
    ]
    subpage_types = []

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = {}
        if self.status != DocumentStatus.IN_FORCE and not self.status_note.strip():
            errors["status_note"] = _("文件已修改、已废止或已失效时，请说明情况。")
        if (
            self.status == DocumentStatus.AMENDED
            and not self.superseded_by_id
            and not self.superseded_by_title.strip()
        ):
            errors["superseded_by_title"] = _("已修改的文件须链接或注明修改它的文件。")
        if self.effective_date and self.issue_date and self.effective_date < self.issue_date:
            errors["effective_date"] = _("施行日期不能早于发布日期。")
        if self.expiry_date and self.effective_date and self.expiry_date < self.effective_date:
            errors["expiry_date"] = _("有效期至不能早于施行日期。")
        if errors:
            raise ValidationError(errors)

    def current_status(self, today=None):
        today = today or timezone.localdate()
        if self.status == DocumentStatus.IN_FORCE and self.expiry_date and self.expiry_date < today:
            return DocumentStatus.EXPIRED
        return DocumentStatus(self.status)

    def status_display(self, today=None):
        status = self.current_status(today)
        return {
            "value": status.value,
            "label": status.label,
            "css": STATUS_CSS[status],
            "in_force": status == DocumentStatus.IN_FORCE,
            "auto_expired": status != self.status,
            "pending": status == DocumentStatus.IN_FORCE
            and bool(self.effective_date and self.effective_date > (today or timezone.localdate())),
        }

    @property
    def status_info(self):
        return self.status_display()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        replacement = self.superseded_by
        if replacement is not None and not replacement.live:
            replacement = None
        context["doc_status"] = self.status_display()
        context["replacement"] = replacement.specific if replacement else None
        return context


class DocumentIndexMixin(ListingMixin):
    """An index of official documents, filterable by status (and year)."""

    child_model: type = None
    filter_params = ("status", "year")
    filter_labels = {"status": _("效力状态"), "year": _("年份"), "type": _("文件类别")}

    def base_queryset(self):
        return (
            self.child_model.objects.child_of(self).live().public().order_by("-issue_date", "-pk")
        )

    def listing(self, request):
        today = timezone.localdate()
        items = self.base_queryset()
        years = [d.year for d in items.dates("issue_date", "year", order="DESC")]
        selected = {}
        statuses = [Choice(value, label) for value, label in DocumentStatus.choices]
        status = next((s for s in statuses if s.slug == request.GET.get("status")), None)
        if status:
            items = items.filter(status_filter(status.slug, today))
            selected["status"] = status
        year = self.int_param(request, "year")
        if year in years:
            items = items.filter(issue_date__gte=datetime.date(year, 1, 1)).filter(
                issue_date__lte=datetime.date(year, 12, 31)
            )
            selected["year"] = year
        items, extra = self.extra_filters(request, items, selected)
        return items, {"statuses": statuses, "years": years, "selected": selected, **extra}

    def extra_filters(self, request, items, selected):
        return items, {}


class NoticeIndexPage(DocumentIndexMixin, Page):
    intro = RichTextField(_("简介"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["cms.NoticePage"]
    parent_page_types = ["cms.HomePage"]
    max_count = 1

    class Meta:
        verbose_name = _("通知公告栏目")

    @property
    def child_model(self):
        return NoticePage


class NoticePage(OfficialDocumentPage):
    parent_page_types = ["cms.NoticeIndexPage"]

    class Meta:
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")


class PolicyIndexPage(DocumentIndexMixin, Page):
    intro = RichTextField(_("简介"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["cms.PolicyDocumentPage"]
    parent_page_types = ["cms.HomePage"]
    max_count = 1
    filter_params = ("status", "type", "year")

    class Meta:
        verbose_name = _("政策法规栏目")

    @property
    def child_model(self):
        return PolicyDocumentPage

    def extra_filters(self, request, items, selected):
        types = [Choice(value, label) for value, label in PolicyType.choices]
        chosen = next((t for t in types if t.slug == request.GET.get("type")), None)
        if chosen:
            items = items.filter(policy_type=chosen.slug)
            selected["type"] = chosen
        return items, {"policy_types": types}


class PolicyDocumentPage(OfficialDocumentPage):
    policy_type = models.CharField(
        _("文件类别"), max_length=20, choices=PolicyType.choices, default=PolicyType.NORMATIVE
    )

    content_panels = (
        OfficialDocumentPage.content_panels[:1]
        + [FieldPanel("policy_type")]
        + OfficialDocumentPage.content_panels[1:]
    )
    search_fields = OfficialDocumentPage.search_fields + [index.FilterField("policy_type")]
    parent_page_types = ["cms.PolicyIndexPage"]

    class Meta:
        verbose_name = _("政策法规")
        verbose_name_plural = _("政策法规")
