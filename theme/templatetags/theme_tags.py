"""Template tags for the public theme: elder-friendly mode, language-aware paths, main nav.

`{% load theme_tags %}` in templates. See docs/theme.md.
"""

from django import template
from django.conf import settings
from django.core.paginator import Paginator
from django.urls import translate_url
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

register = template.Library()

ELDER_COOKIE = "elder_mode"

# The main navigation: (path without language prefix, label). "/" matches only itself.
MAIN_NAV = [
    ("/", _("首页")),
    ("/records/penalties/", _("行政处罚")),
    ("/records/licences/", _("行政许可")),
    ("/records/blacklist/", _("严重失信主体名单")),
    ("/records/inspections/", _("双随机抽查结果")),
    ("/records/scores/", _("不良执业行为记分")),
    ("/cases/", _("典型案例")),
    ("/statistics/", _("统计")),
    ("/report/", _("投诉举报")),
    ("/track/", _("进度查询")),
]


def _request(context):
    return context.get("request")


def elder_mode_on(request) -> bool:
    return request is not None and request.COOKIES.get(ELDER_COOKIE) == "1"


@register.simple_tag(takes_context=True)
def elder_mode_class(context):
    """`elder` when the visitor turned on elder-friendly mode (cookie elder_mode=1)."""
    return "elder" if elder_mode_on(_request(context)) else ""


@register.simple_tag(takes_context=True)
def is_elder_mode(context):
    """`{% is_elder_mode as elder %}`: the same as a boolean."""
    return elder_mode_on(_request(context))


def _language_prefix() -> str:
    """'' for the default language, '/en' etc. otherwise (i18n_patterns without default prefix)."""
    language = get_language() or settings.LANGUAGE_CODE
    if language.lower() == settings.LANGUAGE_CODE.lower():
        return ""
    codes = {code.lower() for code, _name in settings.LANGUAGES}
    return f"/{language}" if language.lower() in codes else ""


def _strip_language_prefix(path: str) -> str:
    for code, _name in settings.LANGUAGES:
        if code.lower() == settings.LANGUAGE_CODE.lower():
            continue
        prefix = f"/{code}"
        if path == prefix or path.startswith(prefix + "/"):
            return path[len(prefix) :] or "/"
    return path


@register.simple_tag
def lang_path(path):
    """The site path with the active language's prefix: `/records/` → `/en/records/` in English."""
    if not path.startswith("/"):
        return path
    return _language_prefix() + path


@register.simple_tag(takes_context=True)
def main_nav(context):
    """The main-nav items as dicts {url, label, current}; current is "page", "true" or ""."""
    request = _request(context)
    path = _strip_language_prefix(request.path) if request is not None else ""
    items = []
    for target, label in MAIN_NAV:
        if path == target:
            current = "page"
        elif target != "/" and path.startswith(target):
            current = "true"
        else:
            current = ""
        items.append({"url": lang_path(target), "label": label, "current": current})
    return items


@register.simple_tag
def home_path():
    return lang_path("/")


@register.simple_tag
def with_home(breadcrumbs):
    """The breadcrumb trail with 首页 in front (unless it is already there)."""
    crumbs = list(breadcrumbs or [])
    home = lang_path("/")
    if crumbs and (crumbs[0].get("url") in ("/", home)):
        return crumbs
    return [{"url": home, "label": _("首页")}] + crumbs


@register.simple_tag
def page_breadcrumbs(page):
    """Breadcrumbs for a Wagtail page: its ancestors below the site root, then the page."""
    if page is None or getattr(page, "depth", 0) <= 2:
        return []
    crumbs = []
    for ancestor in page.get_ancestors().filter(depth__gt=2).specific(defer=True):
        crumbs.append({"url": ancestor.url, "label": ancestor.title})
    crumbs.append({"url": "", "label": page.title})
    return crumbs


@register.simple_tag
def elided_pages(page_obj, on_each_side=2, on_ends=1):
    """Page numbers around the current page with Paginator.ELLIPSIS ("…") gaps."""
    paginator = page_obj.paginator
    return list(
        paginator.get_elided_page_range(page_obj.number, on_each_side=on_each_side, on_ends=on_ends)
    )


@register.filter
def is_ellipsis(value):
    return value == Paginator.ELLIPSIS


@register.simple_tag(takes_context=True)
def page_absolute_url(context):
    """This page's absolute URL (printed at the foot of paper copies); '' if unknown."""
    request = _request(context)
    if request is None:
        return ""
    try:
        return request.build_absolute_uri()
    except Exception:  # e.g. DisallowedHost while rendering an error page
        return request.get_full_path()


@register.simple_tag(takes_context=True)
def language_url(context, language):
    """This page in another language: `/x/?q=1` ↔ `/en/x/?q=1`.

    A plain link rather than a POST to set_language: public pages sit in a whole-page cache
    (portal/pagecache.py), and a cached page cannot carry a visitor's CSRF token. With
    i18n_patterns(prefix_default_language=False) the URL prefix alone decides the language.
    """
    request = _request(context)
    full_path = request.get_full_path() if request is not None else "/"
    translated = translate_url(full_path, language)
    if translated != full_path:
        return translated
    path, sep, query = full_path.partition("?")
    path = _strip_language_prefix(path)
    if language.lower() != settings.LANGUAGE_CODE.lower():
        path = f"/{language}{path}"
    return f"{path}{sep}{query}"
