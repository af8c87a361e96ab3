"""The public theme: base layout, elder-friendly mode, includes, error pages, assets.

See docs/theme.md. The browser test at the end drives Debian's Chromium through Playwright on a
page rendered by the test client (no live server, so no database threads).
"""

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.paginator import Paginator
from django.template import engines
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

THEME = Path(settings.BASE_DIR) / "theme"
TEMPLATES = THEME / "templates"
CSS = THEME / "static" / "theme" / "css" / "portal.css"
JS = THEME / "static" / "theme" / "js" / "portal.js"

NAV = [
    ("/", "首页"),
    ("/records/penalties/", "行政处罚"),
    ("/records/licences/", "行政许可"),
    ("/records/blacklist/", "严重失信主体名单"),
    ("/records/inspections/", "双随机抽查结果"),
    ("/records/scores/", "不良执业行为记分"),
    ("/cases/", "典型案例"),
    ("/statistics/", "统计"),
    ("/report/", "投诉举报"),
    ("/track/", "进度查询"),
]


class Outline(HTMLParser):
    """Collects what the tests look at: tags with their attributes, in document order."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def find(self, tag, **attrs):
        return [
            a
            for t, a in self.tags
            if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]

    def first(self, tag, **attrs):
        found = self.find(tag, **attrs)
        assert found, f"no <{tag} {attrs}>"
        return found[0]


def outline(html):
    parser = Outline()
    parser.feed(html)
    return parser


def classes(attrs):
    return (attrs.get("class") or "").split()


def render(template, context=None, path="/", cookies=None):
    request = RequestFactory().get(path, HTTP_HOST="127.0.0.1")
    request.COOKIES.update(cookies or {})
    return render_to_string(template, context or {}, request=request)


# --- The home page through the whole stack -------------------------------------------------


@pytest.mark.django_db
class TestBaseLayout:
    def test_home_page_has_landmarks_skip_link_and_lang(self, client):
        response = client.get("/")
        assert response.status_code == 200
        html = response.content.decode()
        doc = outline(html)

        assert '<html lang="zh-hans">' in html
        skip = doc.first("a", class_="skip-link")
        assert skip["href"] == "#main"
        assert "跳到主要内容" in html
        # The skip link is the first focusable thing in the body.
        body_tags = [t for t, _a in doc.tags[[t for t, _ in doc.tags].index("body") :]]
        assert body_tags[1] == "a"
        assert doc.first("main")["id"] == "main"
        assert doc.find("header", class_="site-header")
        assert doc.find("footer", class_="site-footer")
        assert doc.first("nav", class_="site-nav")["aria-label"] == "主导航"
        assert len(doc.find("main")) == 1 and len(doc.find("header")) == 1

    def test_main_nav_links_and_current_section(self, client):
        html = client.get("/").content.decode()
        doc = outline(html)
        start = html.index('aria-label="主导航"')
        nav_html = html[start : html.index("</nav>", start)]
        hrefs = re.findall(r'<a href="([^"]+)"', nav_html)
        assert hrefs == [url for url, _label in NAV]
        for _url, label in NAV:
            assert f">{label}</a>" in nav_html
        current = [a for a in doc.find("a") if a.get("aria-current")]
        assert [a["href"] for a in current] == ["/"]
        assert current[0]["aria-current"] == "page"

    def test_nav_works_without_javascript_on_phones(self, client):
        doc = outline(client.get("/").content.decode())
        # A <details> menu: opens with the keyboard or a tap, no script needed.
        assert doc.first("details", class_="nav-menu") is not None
        assert any(t == "summary" for t, _a in doc.tags)

    def test_search_box_in_the_header(self, client):
        html = client.get("/").content.decode()
        doc = outline(html)
        form = doc.first("form", class_="site-search")
        assert form["action"] == "/search/" and form["method"] == "get"
        assert form["role"] == "search"
        field = doc.first("input", id="site-search-q")
        assert field["name"] == "q"
        assert re.search(r'<label[^>]*for="site-search-q"[^>]*>搜索</label>', html)

    def test_elder_toggle_and_language_switch(self, client):
        html = client.get("/").content.decode()
        doc = outline(html)
        toggle = doc.first("button", class_="elder-toggle")
        assert toggle["type"] == "button"
        assert toggle["aria-pressed"] == "false"
        assert "data-elder-toggle" in toggle
        assert "长辈模式" in html
        assert "elder" not in classes(doc.first("body"))
        english = doc.first("a", hreflang="en")
        assert english["href"] == "/en/" and english["lang"] == "en"
        assert doc.first("link", rel="stylesheet")["href"] == "/static/theme/css/portal.css"
        assert doc.first("script")["src"] == "/static/theme/js/portal.js"

    def test_footer_links_and_organisers(self, client):
        html = client.get("/").content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        for url, label in [
            ("/about/", "关于本站"),
            ("/privacy/", "隐私政策"),
            ("/contact/", "联系我们"),
            ("/sitemap.xml", "网站地图"),
        ]:
            assert f'<a href="{url}">{label}</a>' in footer
        assert "主办单位" in footer and "承办单位" in footer

    def test_no_csrf_token_in_the_layout(self, client):
        """Public pages sit in a whole-page cache: the layout must not carry a visitor's token."""
        response = client.get("/")
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert "csrftoken" not in response.cookies

    def test_language_link_keeps_the_page_and_query(self, client):
        html = client.get("/no-such-page/?q=%E7%BD%9A").content.decode()
        assert outline(html).first("a", hreflang="en")["href"] == "/en/no-such-page/?q=%E7%BD%9A"
        html = client.get("/en/no-such-page/?q=1").content.decode()
        assert outline(html).first("a", hreflang="zh-hans")["href"] == "/no-such-page/?q=1"

    def test_elder_mode_cookie_sets_the_class_server_side(self, client):
        client.cookies["elder_mode"] = "1"
        html = client.get("/").content.decode()
        doc = outline(html)
        assert "elder" in classes(doc.first("body"))
        assert "elder" in classes(doc.first("html"))
        assert doc.first("button", class_="elder-toggle")["aria-pressed"] == "true"

    @pytest.mark.parametrize("value", ["0", "", "true", "yes"])
    def test_other_cookie_values_leave_elder_mode_off(self, client, value):
        client.cookies["elder_mode"] = value
        doc = outline(client.get("/").content.decode())
        assert "elder" not in classes(doc.first("body"))

    def test_english_pages_link_within_the_english_site(self, client):
        html = client.get("/en/").content.decode()
        doc = outline(html)
        assert '<html lang="en">' in html
        start = html.index('<nav class="site-nav"')
        nav_html = html[start : html.index("</nav>", start)]
        hrefs = re.findall(r'<a href="([^"]+)"', nav_html)
        assert hrefs == ["/en" + url for url, _label in NAV]
        assert doc.first("form", class_="site-search")["action"] == "/en/search/"
        chinese = doc.first("a", hreflang="zh-hans")
        assert chinese["href"] == "/" and chinese["lang"] == "zh-hans"
        assert [a["href"] for a in doc.find("a") if a.get("aria-current")] == ["/en/"]


# --- Error pages ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_unknown_url_gets_the_friendly_404(client):
    response = client.get("/no-such-page-here/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert 'class="skip-link"' in html and '<nav class="site-nav"' in html  # extends base.html
    assert '<meta name="robots" content="noindex">' in html
    assert 'href="/">返回首页</a>' in html
    assert 'action="/search/"' in html


def test_410_page_explains_and_shows_the_reason():
    html = render("410.html", {"reason": "该信息已于2025年3月1日信用修复。"})
    assert "该信息已撤下或公示期已满" in html
    assert "该信息已于2025年3月1日信用修复。" in html
    assert 'class="skip-link"' in html
    without = render("410.html")
    assert "该信息已撤下或公示期已满" in without and "notice" not in without.split("<main")[1]


def test_500_page_is_static():
    text = (TEMPLATES / "500.html").read_text(encoding="utf-8")
    assert "{%" not in text and "{{" not in text  # no tags, no variables: nothing can fail
    assert '<html lang="zh-hans">' in text and "系统繁忙" in text
    # Renders as is with an empty context (Django's server_error does exactly that).
    assert "系统繁忙" in engines["django"].from_string(text).render({})


# --- Includes ------------------------------------------------------------------------------


def test_breadcrumbs_prepend_home_and_mark_the_current_page():
    crumbs = [
        {"url": "/records/penalties/", "label": "行政处罚"},
        {"url": "/records/penalties/1/", "label": "京朝卫罚〔2024〕0001号"},
    ]
    html = render("includes/breadcrumbs.html", {"breadcrumbs": crumbs})
    doc = outline(html)
    assert doc.first("nav", class_="breadcrumbs")["aria-label"] == "当前位置"
    assert [a["href"] for a in doc.find("a")] == ["/", "/records/penalties/"]
    assert '<span aria-current="page">京朝卫罚〔2024〕0001号</span>' in html
    # Home is not doubled when the caller already starts with it.
    again = render("includes/breadcrumbs.html", {"breadcrumbs": [{"url": "/", "label": "首页"}]})
    assert again.count("首页") == 1
    assert render("includes/breadcrumbs.html", {"breadcrumbs": []}).strip() == ""


def test_pagination_counts_elides_and_keeps_the_query():
    page_obj = Paginator(range(1234), 20).page(7)
    html = render("includes/pagination.html", {"page_obj": page_obj, "querystring": "q=x&y=1"})
    doc = outline(html)
    nav = doc.first("nav", class_="pagination")
    assert nav["aria-label"] == "分页"
    assert "共 1234 条" in html and "第 7 / 62 页" in html
    links = {a.get("aria-label") or a.get("rel"): a["href"] for a in doc.find("a")}
    assert links["prev"] == "?q=x&y=1&page=6"
    assert links["next"] == "?q=x&y=1&page=8"
    assert links["第 1 页"] == "?q=x&y=1"  # page 1 has no page parameter
    assert links["第 62 页"] == "?q=x&y=1&page=62"
    assert "第 30 页" not in links
    assert html.count("…") == 2
    current = [a for a in doc.find("a") if a.get("aria-current")]
    assert len(current) == 1 and current[0]["aria-label"] == "第 7 页"


def test_pagination_first_page_and_single_page():
    first = render(
        "includes/pagination.html",
        {"page_obj": Paginator(range(45), 20).page(2), "querystring": ""},
    )
    assert 'href="?"' in first  # back to page 1 without parameters
    assert 'href="?page=3"' in first
    single = render(
        "includes/pagination.html", {"page_obj": Paginator(range(3), 20).page(1), "querystring": ""}
    )
    assert "共 3 条" in single and "<ul" not in single


def test_empty_state():
    html = render(
        "includes/empty_state.html", {"message": "没有找到符合条件的记录", "hint": "请减少筛选条件"}
    )
    assert 'class="empty-state"' in html
    assert "没有找到符合条件的记录" in html and "请减少筛选条件" in html
    assert "empty-state__hint" not in render("includes/empty_state.html", {"message": "暂无"})


# --- Template tags -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, current",
    [
        ("/", {"/": "page"}),
        ("/records/penalties/", {"/records/penalties/": "page"}),
        ("/records/penalties/12/", {"/records/penalties/": "true"}),
        ("/statistics/penalties/", {"/statistics/": "true"}),
        ("/about/", {}),
        ("/records/", {}),
    ],
)
def test_main_nav_marks_the_current_section(path, current):
    from theme.templatetags.theme_tags import main_nav

    request = RequestFactory().get(path)
    items = main_nav({"request": request})
    assert {i["url"]: i["current"] for i in items if i["current"]} == current


def test_main_nav_in_english():
    from theme.templatetags.theme_tags import lang_path, main_nav

    with translation.override("en"):
        items = main_nav({"request": RequestFactory().get("/en/records/scores/3/")})
        assert lang_path("/track/") == "/en/track/"
    assert [i["url"] for i in items][:2] == ["/en/", "/en/records/penalties/"]
    assert {i["url"]: i["current"] for i in items if i["current"]} == {
        "/en/records/scores/": "true"
    }
    with translation.override("zh-hans"):
        assert lang_path("/track/") == "/track/"


def test_elder_mode_class_tag():
    template = engines["django"].from_string("{% load theme_tags %}[{% elder_mode_class %}]")
    factory = RequestFactory()
    on = factory.get("/")
    on.COOKIES["elder_mode"] = "1"
    assert template.render({}, request=on) == "[elder]"
    assert template.render({}, request=factory.get("/")) == "[]"
    assert template.render({}) == "[]"  # no request in the context


# --- Assets and rules ----------------------------------------------------------------------


def test_css_has_elder_mode_print_and_no_imports():
    css = CSS.read_text(encoding="utf-8")
    assert "body.elder" in css and "html.elder" in css
    assert "@media print" in css
    assert "@import" not in css
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", css)
    assert '"Noto Sans CJK SC"' in css and '"Microsoft YaHei"' in css
    # Line height ≥ 1.5 for body text, ≥ 1.6 in elder mode.
    body = re.search(r"\nbody \{[^}]*line-height: ([\d.]+)", css)
    elder = re.search(r"\nbody\.elder \{[^}]*line-height: ([\d.]+)", css)
    assert float(body.group(1)) >= 1.5 and float(elder.group(1)) >= 1.6
    assert re.search(r"html\.elder \{ font-size: 1[2-9]\d%", css)


def test_js_sets_the_elder_cookie_without_a_framework():
    js = JS.read_text(encoding="utf-8")
    assert '"elder_mode"' in js and "aria-pressed" in js
    assert "import " not in js and "require(" not in js


def _theme_files():
    for path in sorted(TEMPLATES.rglob("*.html")) + sorted((THEME / "static").rglob("*")):
        if path.is_file() and path.suffix in {".html", ".css", ".js"}:
            yield path


def test_no_external_urls_in_templates_and_assets():
    """The portal runs on an intranet: no CDN, no web fonts, no external scripts or links."""
    external = re.compile(r"""(?:src|href|action|srcset)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
    css_url = re.compile(r"""url\(\s*["']?(?:https?:)?//""", re.I)
    offenders = [
        str(path.relative_to(THEME))
        for path in _theme_files()
        if external.search(path.read_text(encoding="utf-8"))
        or css_url.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


# --- In a browser --------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def home_html(client):
    # Rendered before Playwright starts its event loop (Django refuses DB access inside one).
    return client.get("/").content.decode()


@pytest.fixture
def browser_page(home_html):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Chromium not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            yield browser
        finally:
            browser.close()


def _serve(context, html):
    """Serve the rendered page at http://portal.test/ and static files from theme/static."""
    static_root = THEME / "static"

    def handle(route):
        path = route.request.url.split("portal.test", 1)[1].split("?")[0]
        if path.startswith("/static/"):
            file = static_root / path.removeprefix("/static/")
            if file.is_file():
                kind = "text/css" if file.suffix == ".css" else "application/javascript"
                return route.fulfill(status=200, body=file.read_bytes(), content_type=kind)
            return route.fulfill(status=404, body="")
        return route.fulfill(status=200, body=html, content_type="text/html; charset=utf-8")

    context.route("http://portal.test/**", handle)


@pytest.mark.browser
@pytest.mark.django_db
def test_elder_toggle_and_nav_in_a_browser(home_html, browser_page):
    html = home_html
    context = browser_page.new_context(viewport={"width": 375, "height": 800})
    _serve(context, html)
    page = context.new_page()
    page.goto("http://portal.test/")

    # Phones: the menu is closed and opens from the keyboard.
    nav = page.get_by_role("navigation", name="主导航")
    assert not nav.get_by_role("link", name="行政许可", exact=True).is_visible()
    page.locator(".nav-menu__toggle").focus()
    page.keyboard.press("Enter")
    assert nav.get_by_role("link", name="行政许可", exact=True).is_visible()

    # Elder mode: keyboard operable, announced with aria-pressed, remembered in a cookie.
    toggle = page.get_by_role("button", name="长辈模式")
    base_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-pressed") == "true"
    assert page.evaluate("document.body.classList.contains('elder')")
    elder_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert elder_size >= base_size * 1.25
    line_height = page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight)")
    assert line_height >= elder_size * 1.6
    cookies = {c["name"]: c for c in context.cookies()}
    assert cookies["elder_mode"]["value"] == "1" and cookies["elder_mode"]["path"] == "/"
    page.keyboard.press("Space")
    assert toggle.get_attribute("aria-pressed") == "false"
    assert "elder_mode" not in {c["name"] for c in context.cookies()}
    # Nothing is wider than a 320px screen.
    page.set_viewport_size({"width": 320, "height": 700})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()

    # Desktop: the nav is an open bar.
    context = browser_page.new_context(viewport={"width": 1280, "height": 900})
    _serve(context, html)
    page = context.new_page()
    page.goto("http://portal.test/")
    nav = page.get_by_role("navigation", name="主导航")
    assert nav.get_by_role("link", name="行政许可", exact=True).is_visible()
    assert not page.locator(".nav-menu__toggle").is_visible()
    context.close()
