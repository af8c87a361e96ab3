"""The search page in Chromium: the type-ahead in the header (an ARIA combobox: arrows, Enter,
Escape) landing on a profile, a search narrowed by a facet and widened again by removing the
filter chip, and axe-core (WCAG 2.1 A/AA) with screenshots at phone and desktop width, in
normal and elder mode (长辈模式)."""

import re
from urllib.parse import quote

try:
    from playwright.sync_api import expect
except ImportError:  # reported by the `prerequisites` fixture: a skip, or a failure under CI
    expect = None

from .conftest import (
    BROWSER_TEST,
    VIEWPORTS,
    axe_violations,
    describe_violations,
    goto,
)

pytestmark = BROWSER_TEST

OPEN_ALL_DETAILS = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"
QUERY = "罚款"  # in almost every demo penalty: many hits, every facet filled


def total_of(page):
    text = page.locator(".result-summary p").first.inner_text()
    return int(re.search(r"(\d[\d,]*)", text).group(1).replace(",", ""))


def open_facets(page):
    """Phones: the facets are folded behind "缩小范围"; desktop shows them open."""
    refine = page.locator("details.search-refine")
    if not page.locator(".search-facets").is_visible():
        refine.locator("> summary").click()
    expect(page.locator(".search-facets")).to_be_visible()


def test_type_ahead_chooses_a_facility_with_the_keyboard(demo, browsing):
    for width in ("desktop", "phone"):
        type_ahead(demo, browsing.new_page(viewport=VIEWPORTS[width]))
    browsing.assert_no_problems()


def type_ahead(demo, page):
    name = demo.facility.name
    goto(page, "/")
    box = page.locator("#site-search-q")
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-expanded", "false")
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    expect(listbox).to_have_attribute("role", "listbox")
    expect(listbox).to_be_hidden()

    box.click()
    box.press_sequentially(name[:4], delay=40)
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options.first).to_be_visible()
    titles = [t.strip() for t in listbox.locator(".suggest__title").all_inner_texts()]
    assert 1 <= len(titles) <= 8 and name in titles, titles
    expect(page.get_by_role("status").filter(has_text="条机构名称建议")).to_have_count(1)

    # Escape closes the list; the arrow keys open it again and move the active option.
    box.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(listbox).to_be_hidden()
    for _ in range(titles.index(name) + 1):
        box.press("ArrowDown")
    expect(box).to_have_attribute("aria-expanded", "true")
    chosen = options.nth(titles.index(name))
    expect(chosen).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", chosen.get_attribute("id"))
    assert listbox.locator('[aria-selected="true"]').count() == 1

    box.press("Enter")
    expect(page).to_have_url(re.compile(rf"/facilities/{demo.facility.uscc}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)

    # Without a choice, Enter is a plain search.
    box = page.locator("#site-search-q")
    box.fill(name[:4])
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    expect(page.locator("#search-q")).to_have_value(name[:4])


def test_search_facet_and_filter_chip(demo, browsing):
    for width in ("phone", "desktop"):
        search_facet_chip(demo, browsing.new_page(viewport=VIEWPORTS[width]))
    browsing.assert_no_problems()


def search_facet_chip(demo, page):
    goto(page, "/")
    page.locator("#site-search-q").fill(QUERY)
    page.locator("form.site-search").get_by_role("button", name="搜索").click()
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    expect(page.get_by_role("heading", level=1)).to_have_text("全站搜索")
    expect(page.locator(".search-hit").first).to_be_visible()
    expect(page.locator(".search-hit mark").first).to_have_text(QUERY)
    before = total_of(page)
    assert before > 20
    expect(page.get_by_role("navigation", name="分页")).to_be_visible()

    open_facets(page)
    region = page.locator("#facet-region").locator("xpath=..").locator(".facet-list a").first
    label = region.locator(".facet-list__label").inner_text().strip()
    region.click()
    expect(page).to_have_url(re.compile(r"[?&]region=\d{6}"))
    chip = page.locator(".active-filters li")
    expect(chip).to_have_count(1)
    expect(chip).to_contain_text(f"所在区划：{label}")
    narrowed = total_of(page)
    assert 0 < narrowed < before

    chip.get_by_role("link").click()
    expect(page).not_to_have_url(re.compile(r"region="))
    expect(page.locator(".active-filters")).to_have_count(0)
    assert total_of(page) == before

    # A kind tab: only penalties, each hit badged 行政处罚.
    page.locator(".kind-tabs").get_by_role("link", name=re.compile("^行政处罚")).click()
    expect(page).to_have_url(re.compile(r"[?&]kind=penalty"))
    badges = page.locator(".search-hit .record-card__badges .badge").all_inner_texts()
    assert badges and all(b.strip() == "行政处罚" for b in badges[:5]), badges


def test_search_pages_pass_axe_in_normal_and_elder_mode(demo, browsing, screenshot_dir):
    pages = [
        ("search-results", f"/search/?q={quote(QUERY)}"),
        ("search-filtered", f"/search/?q={quote(QUERY)}&region={demo.filter_region.code}"),
        ("search-empty", "/search/"),
        ("search-none", f"/search/?q={quote('完全不存在的名称')}"),
        ("search-error", f"/search/?q={quote(QUERY)}&date_from=2025-02-30"),
        ("search-en", f"/en/search/?q={quote(QUERY)}"),
    ]
    reports = []
    for elder in (False, True):
        mode, suffix = ("elder", "-elder") if elder else ("normal", "")
        for width, viewport in VIEWPORTS.items():
            page = browsing.new_page(viewport=viewport, elder=elder)
            for name, path in pages:
                goto(page, path)
                assert page.evaluate("() => document.body.classList.contains('elder')") == elder
                if name in ("search-results", "search-filtered"):
                    page.screenshot(
                        path=screenshot_dir / f"{name}-{width}{suffix}.png", full_page=True
                    )
                scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
                if scroll_width > viewport["width"]:
                    reports.append(f"{path} ({width}, {mode}): {scroll_width}px wide")
                page.evaluate(OPEN_ALL_DETAILS)
                violations = axe_violations(page)
                if violations:
                    reports.append(describe_violations(f"{path} ({width}, {mode})", violations))
            # The type-ahead while open: a valid combobox and listbox.
            box = page.locator("#search-q")
            box.fill("")
            box.press_sequentially(demo.facility.name[:3], delay=40)
            expect(box).to_have_attribute("aria-expanded", "true")
            box.press("ArrowDown")
            page.screenshot(path=screenshot_dir / f"search-suggest-{width}{suffix}.png")
            violations = axe_violations(page)
            if violations:
                reports.append(describe_violations(f"type-ahead ({width}, {mode})", violations))
    assert not reports, "\n\n".join(reports)
    browsing.assert_no_problems()


def test_search_never_shows_id_numbers(demo, browsing):
    person, record = demo.person, demo.person_penalty
    page = browsing.new_page()
    for path in (
        f"/search/?q={quote(person.name)}",
        f"/search/?q={quote(record.document_number)}",
        f"/search/api/?q={quote(person.name)}",
        f"/search/suggest/?q={quote(person.name)}",
    ):
        goto(page, path)
        html = page.content()
        shown = [number for number in demo.secrets if number in html]
        assert not shown, f"{path}: full ID number(s) on the page: {shown}"
    browsing.assert_no_problems()
