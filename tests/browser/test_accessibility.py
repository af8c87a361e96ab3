"""axe-core (WCAG 2.1 A and AA rules) on every main page, at phone and desktop width, in normal
and elder mode (长辈模式), with full-page screenshots in tests/artifacts/screenshots/."""

import pytest

from .conftest import VIEWPORTS, axe_violations, describe_violations, goto

pytestmark = pytest.mark.browser

OPEN_ALL_DETAILS = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_no_axe_violations_and_screenshots(mode, demo, browsing, screenshot_dir):
    elder = mode == "elder"
    suffix = "-elder" if elder else ""
    reports = []
    for width, viewport in VIEWPORTS.items():
        page = browsing.new_page(viewport=viewport, elder=elder)
        for name, path, status in demo.pages():
            goto(page, path, status=status)
            in_elder = page.evaluate("() => document.body.classList.contains('elder')")
            assert in_elder == elder, f"{path}: body.elder is {in_elder} in {mode} mode"
            page.screenshot(path=screenshot_dir / f"{name}-{width}{suffix}.png", full_page=True)
            # Reflow (WCAG 1.4.10): nothing wider than a 375px phone; tables scroll inside
            # their .table-wrap.
            scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
            if scroll_width > viewport["width"]:
                reports.append(f"{path} ({width}, {mode}): {scroll_width}px wide, scrolls sideways")
            # Check what is folded away too: the phone menu, data tables, more filters.
            page.evaluate(OPEN_ALL_DETAILS)
            violations = axe_violations(page)
            if violations:
                reports.append(describe_violations(f"{path} ({width}, {mode})", violations))
    assert not reports, "\n\n".join(reports)
    browsing.assert_no_problems()


def test_axe_reports_violations(browser):
    """The harness itself: axe is injected, runs the WCAG tags, and a broken page fails."""
    page = browser.new_page()
    try:
        page.set_content('<html><body><img src="x.png"><p style="color:#ccc">低对比度</p></body>')
        ids = {v["id"] for v in axe_violations(page)}
        assert {"image-alt", "html-has-lang", "document-title", "color-contrast"} <= ids, ids
        assert "region" not in ids  # a best-practice rule: not among the WCAG tags run
        report = describe_violations("sample", axe_violations(page))
        assert "image-alt [critical]" in report and "img" in report
    finally:
        page.close()
