"""What a citizen does, clicked through in Chromium: home → list → filter → record → party
profile (at phone and desktop width), the 长辈模式 toggle and the language switch, a typical
case, the statistics."""

import re

try:
    from playwright.sync_api import expect
except ImportError:  # reported by the `prerequisites` fixture: a skip, or a failure under CI
    expect = None

from .conftest import BROWSER_TEST, VIEWPORTS, goto

pytestmark = BROWSER_TEST


def total_of(page):
    """The "共 N 条" of a list page."""
    text = page.locator(".result-summary").inner_text()
    return int(re.search(r"共\s*(\d+)\s*条", text).group(1))


def main_nav_link(page, name):
    nav = page.get_by_role("navigation", name="主导航")
    toggle = nav.locator("summary")
    if not nav.get_by_role("link", name=name, exact=True).is_visible():
        toggle.click()  # phones: the menu is folded behind "栏目导航"
    return nav.get_by_role("link", name=name, exact=True)


def test_home_list_filter_record_profile(demo, browsing):
    for width in ("phone", "desktop"):
        home_list_filter_record_profile(demo, browsing.new_page(viewport=VIEWPORTS[width]))
    browsing.assert_no_problems()


def home_list_filter_record_profile(demo, page):
    from portal.models import PenaltyRecord

    public = PenaltyRecord.objects.public(demo.today)

    goto(page, "/")
    expect(page.locator("h1")).to_have_count(1)
    main_nav_link(page, "行政处罚").click()

    expect(page).to_have_url(re.compile(r"/records/penalties/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("行政处罚")
    assert total_of(page) == public.count()
    expect(page.locator(".record-card")).to_have_count(20)

    region = demo.filter_region
    page.get_by_label("所在区划").select_option(region.code)
    page.locator("form.filters").get_by_role("button", name="筛选", exact=True).click()
    expect(page).to_have_url(re.compile(rf"[?&]region={region.code}(&|$)"))
    chip = page.locator(".active-filters li")
    expect(chip).to_have_count(1)
    expect(chip).to_contain_text("所在区划")
    expect(chip).to_contain_text(region.name)
    in_region = public.filter(facility__region__code__startswith=region.code)
    assert 0 < total_of(page) == in_region.count() < public.count()

    first = page.locator(".record-card__title a").first
    name = first.inner_text().strip()
    first.click()
    expect(page).to_have_url(re.compile(r"/records/penalties/\d+/$"))
    pk = int(re.search(r"/(\d+)/$", page.url).group(1))
    record = in_region.get(pk=pk)  # the record is public and in the region filtered by
    expect(page.get_by_role("heading", level=1)).to_have_text(record.party_name)
    assert name.startswith(record.party_name)
    expect(page.locator("main")).to_contain_text(record.document_number)

    page.get_by_role("link", name=re.compile("信用档案")).click()
    expect(page).to_have_url(re.compile(r"/facilities/[0-9A-Z]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(record.facility.name)
    expect(page.locator(".profile-summary")).to_contain_text("严重失信主体名单")
    expect(page.locator(f'main a[href="/records/penalties/{pk}/"]')).to_have_count(1)


def test_header_switches_elder_mode_and_language(demo, browsing):
    page = browsing.new_page()
    goto(page, "/")
    html, body = page.locator("html"), page.locator("body")
    toggle = page.get_by_role("button", name="长辈模式")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(body).not_to_have_class(re.compile(r"\belder\b"))
    normal_size = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")

    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(body).to_have_class(re.compile(r"\belder\b"))
    expect(html).to_have_class(re.compile(r"\belder\b"))
    elder_size = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    assert elder_size >= normal_size * 1.2, (normal_size, elder_size)
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies.get("elder_mode") == "1"

    # The server reads the cookie: the next page arrives in elder mode (no flash).
    response = goto(page, "/records/penalties/")
    assert re.search(r'<html lang="zh-hans" class="elder">', response.text())
    assert re.search(r'<body class="elder\b', response.text())
    toggle = page.get_by_role("button", name="长辈模式")
    expect(toggle).to_have_attribute("aria-pressed", "true")

    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(body).not_to_have_class(re.compile(r"\belder\b"))
    assert "elder_mode" not in {c["name"] for c in page.context.cookies()}
    response = goto(page, "/records/penalties/")
    assert 'class="elder"' not in response.text()

    # The language switch: this page in English, every nav link under /en/.
    page.locator(".lang-switch").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/en/records/penalties/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    hrefs = page.locator(".nav-list a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(hrefs) == 10 and all(href.startswith("/en/") for href in hrefs), hrefs
    page.locator(".lang-switch").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/records/penalties/$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    browsing.assert_no_problems()


def test_typical_case_and_its_penalty(demo, browsing):
    page = browsing.new_page()
    goto(page, "/")
    main_nav_link(page, "典型案例").click()
    expect(page).to_have_url(re.compile(r"/cases/$"))
    cards = page.locator(".record-card")
    expect(cards).to_have_count(10)  # 12 demo cases, 10 per page
    expect(page.get_by_role("navigation", name="分页")).to_contain_text("共 12 条")

    # Filter by a category, then open the case.
    goto(page, "/cases/")
    case_title = page.locator(".record-card__title a").first.inner_text().strip()
    category = page.locator(".record-card .badge").first.inner_text().strip()
    page.get_by_label("类别").select_option(label=category)
    page.locator("form.filters").get_by_role("button", name="筛选", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]category="))
    expect(page.locator(".record-card .badge").first).to_have_text(category)
    page.get_by_role("link", name=case_title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(case_title)

    # The demo case linked to a public penalty shows it; its record page links back.
    goto(page, demo.case_url)
    case_title = page.get_by_role("heading", level=1).inner_text().strip()
    for heading in ("案情", "处理结果", "法律依据"):
        expect(page.get_by_role("heading", level=2, name=heading)).to_have_count(1)
    page.get_by_role("link", name=re.compile(re.escape(demo.penalty.document_number))).click()
    expect(page).to_have_url(re.compile(rf"{demo.penalty_url}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.penalty.party_name)
    related = page.locator("section", has=page.get_by_role("heading", name="相关典型案例"))
    expect(related.get_by_role("link", name=case_title, exact=True)).to_have_count(1)
    browsing.assert_no_problems()


def test_statistics(demo, browsing, tmp_path):
    from portal.models import PenaltyRecord

    page = browsing.new_page()
    goto(page, "/")
    page.get_by_role("link", name="查看统计").click()
    expect(page).to_have_url(re.compile(r"/statistics/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("公示数据统计")
    charts = page.locator("figure.chart svg[role=img]")
    expect(charts).to_have_count(5)
    for i in range(5):
        assert page.evaluate(
            "svg => svg.getAttribute('aria-labelledby').split(' ').every(id =>"
            " document.getElementById(id) && document.getElementById(id).textContent.trim())",
            charts.nth(i).element_handle(),
        )
    total = PenaltyRecord.objects.public(demo.today).count()
    expect(page.locator(".stat-tile").first).to_contain_text(str(total))

    table = page.locator("#penalties-by-category-table")
    expect(table).to_be_hidden()
    page.locator("#penalties-by-category").get_by_text("查看数据表").click()
    expect(table).to_be_visible()

    with page.expect_download() as download_info:
        page.locator("#penalties-by-category").get_by_role("link", name=re.compile("CSV")).click()
    download = download_info.value
    assert re.fullmatch(r"statistics-penalties-by-category-\d{8}\.csv", download.suggested_filename)
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes().startswith("\ufeff".encode())

    # A year filter narrows every chart and the figures.
    year = demo.today.year
    page.get_by_label("年份").select_option(str(year))
    page.locator("form.filters").get_by_role("button", name="筛选", exact=True).click()
    expect(page).to_have_url(re.compile(rf"[?&]year={year}"))
    in_year = PenaltyRecord.objects.public(demo.today).filter(decision_date__year=year).count()
    expect(page.locator(".stat-tile").first).to_contain_text(str(in_year))
    browsing.assert_no_problems()
