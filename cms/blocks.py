"""StreamField blocks for the portal's editorial pages.

Images only enter a page through `AccessibleImageBlock` (rich text has no image or embed
feature), so every image carries alt text or an explicit "decorative" tick (GB/T 37668).
Home-page blocks that show live data compute it in `get_context` (see `cms.home`).
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

# No images or embeds in rich text: images go through AccessibleImageBlock.
RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]

internal_path = RegexValidator(
    r"^/(?!/)[^\s]*$",
    _("请填写本站路径，以“/”开头，如 /report/。"),
)


class AccessibleImageBlock(ImageBlock):
    """Wagtail's ImageBlock with Chinese labels and a stricter check: blank alt text (spaces
    only) does not count. Drafts may be saved incomplete; submitting or publishing may not."""

    def __init__(self, required=True, **kwargs):
        super().__init__(required=required, **kwargs)
        self.child_blocks["image"].label = _("图片")
        self.child_blocks["decorative"].label = _("装饰性图片（不传达信息，无需替代文本）")
        self.child_blocks["alt_text"].label = _("替代文本")
        self.child_blocks["alt_text"].field.help_text = _(
            "向看不到图片的读者说明图片内容，如“执法人员现场检查诊所药品柜”。"
        )

    def clean(self, value):
        value = super().clean(value)
        if self.is_deferred_validation or not value or value.decorative:
            return value
        if not (value.contextual_alt_text or "").strip():
            raise StructBlockValidationError(
                block_errors={
                    "alt_text": ValidationError(
                        _("请填写图片的替代文本（说明图片内容），或勾选“装饰性图片”。")
                    )
                }
            )
        value.contextual_alt_text = value.contextual_alt_text.strip()
        return value


class FigureBlock(blocks.StructBlock):
    image = AccessibleImageBlock(label=_("图片"))
    caption = blocks.CharBlock(label=_("图片说明"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("图片")
        template = "cms/blocks/figure.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("引文"))
    source = blocks.CharBlock(label=_("出处"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("引文")
        template = "cms/blocks/quote.html"


class CaseSectionHeadingBlock(blocks.ChoiceBlock):
    """The fixed section headings of a typical case."""

    choices = [
        ("案情", _("案情")),
        ("处理结果", _("处理结果")),
        ("法律依据", _("法律依据")),
        ("典型意义", _("典型意义")),
    ]

    class Meta:
        icon = "title"
        label = _("小标题（案情/处理结果/法律依据）")
        template = "cms/blocks/case_heading.html"


class AttachmentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("文件"))
    title = blocks.CharBlock(label=_("显示名称"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("附件")
        template = "cms/blocks/attachment.html"


def paragraph_block():
    return blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, label=_("段落"), template="cms/blocks/paragraph.html"
    )


def heading_block():
    return blocks.CharBlock(
        label=_("小标题"), max_length=100, icon="title", template="cms/blocks/heading.html"
    )


class CaseBodyBlock(blocks.StreamBlock):
    case_heading = CaseSectionHeadingBlock()
    paragraph = paragraph_block()
    image = FigureBlock()
    quote = QuoteBlock()


class ArticleBodyBlock(blocks.StreamBlock):
    heading = heading_block()
    paragraph = paragraph_block()
    image = FigureBlock()
    quote = QuoteBlock()
    attachment = AttachmentBlock()


# --- Home page ------------------------------------------------------------------------------


def _count_block(default):
    return blocks.IntegerBlock(label=_("显示条数"), default=default, min_value=1, max_value=20)


class HeroSearchBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("标题"), default=_("查询公示信息"), max_length=100)
    placeholder = blocks.CharBlock(
        label=_("输入框提示"),
        default=_("机构名称、统一社会信用代码或决定书文号"),
        max_length=100,
    )
    hint = blocks.CharBlock(label=_("说明"), required=False, max_length=200)

    class Meta:
        icon = "search"
        label = _("检索框")
        template = "cms/blocks/hero_search.html"


class LatestPenaltiesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("标题"), default=_("最新行政处罚"), max_length=100)
    count = _count_block(5)

    class Meta:
        icon = "list-ul"
        label = _("最新行政处罚")
        template = "cms/blocks/latest_penalties.html"

    def get_context(self, value, parent_context=None):
        from .home import latest_public_penalties

        context = super().get_context(value, parent_context=parent_context)
        context["penalties"] = latest_public_penalties(value["count"])
        return context


class LatestCasesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("标题"), default=_("典型案例"), max_length=100)
    count = _count_block(4)

    class Meta:
        icon = "doc-full-inverse"
        label = _("最新典型案例")
        template = "cms/blocks/latest_cases.html"

    def get_context(self, value, parent_context=None):
        from .home import latest_cases

        context = super().get_context(value, parent_context=parent_context)
        context["cases"], context["index"] = latest_cases(value["count"])
        return context


class HeadlineFiguresBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("标题"), default=_("公示数据概览"), max_length=100)

    class Meta:
        icon = "table"
        label = _("数据概览")
        template = "cms/blocks/headline_figures.html"

    def get_context(self, value, parent_context=None):
        from .home import headline_figures

        context = super().get_context(value, parent_context=parent_context)
        context["figures"] = headline_figures()
        return context


class QuickLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("名称"), max_length=50)
    path = blocks.CharBlock(
        label=_("本站路径"),
        required=False,
        max_length=200,
        validators=[internal_path],
        help_text=_("如 /report/；选择了页面时可不填。"),
    )
    page = blocks.PageChooserBlock(label=_("页面"), required=False)
    description = blocks.CharBlock(label=_("说明"), required=False, max_length=100)

    class Meta:
        icon = "link"
        label = _("链接")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("path") and not value.get("page"):
            raise StructBlockValidationError(
                block_errors={"path": ValidationError(_("请填写本站路径或选择页面。"))}
            )
        return value


class QuickLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("标题"), default=_("办事入口"), max_length=100)
    links = blocks.ListBlock(QuickLinkBlock(), label=_("链接"), min_num=1)

    class Meta:
        icon = "link"
        label = _("快捷入口")
        template = "cms/blocks/quick_links.html"


class LatestNoticesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("标题"), default=_("通知公告"), max_length=100)
    count = _count_block(5)

    class Meta:
        icon = "warning"
        label = _("最新通知公告")
        template = "cms/blocks/latest_notices.html"

    def get_context(self, value, parent_context=None):
        from .home import latest_notices

        context = super().get_context(value, parent_context=parent_context)
        context["notices"], context["index"] = latest_notices(value["count"])
        return context


class HomeBodyBlock(blocks.StreamBlock):
    hero_search = HeroSearchBlock()
    headline_figures = HeadlineFiguresBlock()
    latest_penalties = LatestPenaltiesBlock()
    latest_cases = LatestCasesBlock()
    latest_notices = LatestNoticesBlock()
    quick_links = QuickLinksBlock()
    paragraph = paragraph_block()
