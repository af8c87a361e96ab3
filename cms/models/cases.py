"""典型案例: an index (filter by category and year) and the case pages under it.

Cases are published only through the "典型案例审核" workflow (cms/setup.py): a
communications editor writes, a second person in 宣传审核 approves.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import CaseBodyBlock
from ..forms import CasePageForm
from .listing import ListingMixin
from .workflow import TwoPersonPublishingMixin


class CaseCategory(models.Model):
    """A typical-case category (DOMAIN.md §5), editable under 网站内容 → 典型案例类别."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    slug = models.SlugField(
        _("网址标识"),
        max_length=50,
        unique=True,
        help_text=_("用于筛选链接，只能使用英文字母、数字和连字符，如 illegal-practice。"),
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("典型案例类别")
        verbose_name_plural = _("典型案例类别")

    def __str__(self):
        return self.name


class CaseIndexPage(TwoPersonPublishingMixin, ListingMixin, Page):
    intro = RichTextField(_("简介"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["cms.CasePage"]
    parent_page_types = ["cms.HomePage"]
    max_count = 1
    filter_params = ("category", "year")
    filter_labels = {"category": _("类别"), "year": _("年份")}

    class Meta:
        verbose_name = _("典型案例栏目")

    def listing(self, request):
        cases = (
            CasePage.objects.child_of(self)
            .live()
            .public()
            .select_related("category", "region")
            .order_by("-case_date", "-pk")
        )
        categories = list(CaseCategory.objects.all())
        years = [d.year for d in cases.dates("case_date", "year", order="DESC")]
        selected = {}
        category = next((c for c in categories if c.slug == request.GET.get("category")), None)
        if category:
            cases = cases.filter(category=category)
            selected["category"] = category
        year = self.int_param(request, "year")
        if year in years:
            cases = cases.filter(case_date__year=year)
            selected["year"] = year
        return cases, {"categories": categories, "years": years, "selected": selected}


class CasePage(TwoPersonPublishingMixin, Page):
    category = models.ForeignKey(
        CaseCategory, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="cases"
    )
    region = models.ForeignKey(
        "portal.Region",
        verbose_name=_("地区"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    case_date = models.DateField(_("日期"), default=timezone.localdate)
    summary = models.TextField(
        _("摘要"), max_length=300, help_text=_("列表和首页显示的一两句话，不超过300字。")
    )
    body = StreamField(
        CaseBodyBlock(),
        verbose_name=_("正文"),
        help_text=_("按“案情”“处理结果”“法律依据”分段撰写；图片须填写替代文本。"),
    )
    facilities = ParentalManyToManyField(
        "portal.Facility", verbose_name=_("涉及的行政相对人"), blank=True, related_name="+"
    )
    penalties = ParentalManyToManyField(
        "portal.PenaltyRecord",
        verbose_name=_("关联的行政处罚"),
        blank=True,
        related_name="+",
    )

    base_form_class = CasePageForm
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("category"), FieldPanel("region"), FieldPanel("case_date")],
            heading=_("基本信息"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("facilities"), FieldPanel("penalties")], heading=_("关联的公示信息")
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("case_date"),
        index.RelatedFields("category", [index.SearchField("name")]),
    ]
    parent_page_types = ["cms.CaseIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("典型案例")
        verbose_name_plural = _("典型案例")

    def public_penalties(self, today=None):
        """The linked penalty decisions that are public today (expired ones are not shown)."""
        from portal.models import PenaltyRecord

        ids = [p.pk for p in self.penalties.all()]
        return list(
            PenaltyRecord.objects.public(today or timezone.localdate())
            .filter(pk__in=ids)
            .order_by("-decision_date", "-id")
        )

    def public_facilities(self):
        """Linked parties that may be named publicly: organisations, never natural persons."""
        from portal.models import PartyType

        return [f for f in self.facilities.all() if f.party_type != PartyType.NATURAL_PERSON]

    def get_context(self, request, *args, **kwargs):
        from ..home import penalty_url

        context = super().get_context(request, *args, **kwargs)
        penalties = self.public_penalties()
        for penalty in penalties:
            penalty.public_url = penalty_url(penalty)
        context["related_penalties"] = penalties
        context["related_facilities"] = self.public_facilities()
        return context
