from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from ..blocks import HomeBodyBlock


class HomePage(Page):
    """The portal's home page. Editors arrange its blocks; the data blocks are always live
    (only records public today are shown or counted)."""

    intro = RichTextField(_("简介"), blank=True)
    body = StreamField(
        HomeBodyBlock(),
        verbose_name=_("首页栏目"),
        blank=True,
        help_text=_("检索框、数据概览、最新处罚、典型案例、通知公告与快捷入口，可调整顺序。"),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("首页")
