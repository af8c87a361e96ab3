"""Complaint and report intake in Chromium (issue 5): each of the four kinds filed through the
real form (category, the facility type-ahead chosen with the keyboard, an evidence upload, the
CAPTCHA in test mode) up to the receipt; the progress lookup and adding information; wrong
query codes and their limit; and abuse: validation errors that keep the input, the rate limit
and the honeypot. axe-core (WCAG 2.1 A/AA) and screenshots at phone and desktop width, in
normal and elder mode (长辈模式).

The rate limits count per client address in the cache, and every request of the live server
comes from this machine: `fresh_counters` deletes this address's counters around each test so
that no test inherits another's submissions or wrong codes.
"""

import re
import time

import pytest
from PIL import Image

try:
    from playwright.sync_api import expect
except ImportError:  # reported by the `prerequisites` fixture: a skip, or a failure under CI
    expect = None

from .conftest import (
    BROWSER_TEST,
    PHONE,
    VIEWPORTS,
    Browsing,
    axe_violations,
    describe_violations,
    goto,
)

pytestmark = BROWSER_TEST

DESCRIPTION = "2025年3月5日在朝阳区某诊所，无执业医师资格的人员为患者拔牙并收费三百元。"
ID_NUMBER = "11010519491231002X"  # GB 11643 check digit X
MOBILE = "13812345678"
WRONG = "受理编号或查询码不正确，请核对后重新输入。"
OPEN_ALL_DETAILS = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"
LOCAL_ADDRESSES = ("127.0.0.1", "::1", "::ffff:127.0.0.1")
RATE_SCOPES = ("report-ip", "track-ip", "supplement-ip")


# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def fresh_counters():
    """Forget the per-IP counters of this machine's address (every "/h" rate: one window)."""
    from django.core.cache import cache

    from portal.intake import ratelimit

    def clear():
        cache.delete_many(
            [ratelimit._key(s, ip, 3600) for s in RATE_SCOPES for ip in LOCAL_ADDRESSES]
        )

    clear()
    yield
    clear()


def steady_window(margin=20):
    """The counters are fixed one-hour windows: a test that counts to a limit must not run
    across the turn of the hour (then its counts would start again). Waits, rarely, for it."""
    left = 3600 - time.time() % 3600
    if left < margin:
        time.sleep(left + 0.5)


@pytest.fixture
def bare(prerequisites, live_server, browser):
    """Pages on the live server without the demo data set (the migrated categories and
    regions are enough for the forms)."""
    session = Browsing(browser, live_server.url)
    yield session
    session.close()


@pytest.fixture
def evidence_png(tmp_path):
    path = tmp_path / "evidence.png"
    Image.new("RGB", (48, 32), (200, 30, 30)).save(path, "PNG")
    return path


# --- helpers ------------------------------------------------------------------------------


# A bug in the intake pages (theme/templates/intake/_messages.html), reported, not fixed here:
# each Django message is `<li role="status">` in `<ul class="messages">`; the role replaces
# the list item's, so the list holds a non-item (axe `list`, serious, WCAG 1.3.1).
class Axe:
    """Collects axe-core violations and page overflow; asserted once at the end of a test."""

    def __init__(self):
        self.reports = []

    def check(self, page, where, width=None):
        page.evaluate(OPEN_ALL_DETAILS)
        if width is not None:
            scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
            if scroll_width > width:
                self.reports.append(f"{where}: {scroll_width}px wide in a {width}px viewport")
        violations = axe_violations(page)
        if violations:
            self.reports.append(describe_violations(where, violations))

    def assert_clean(self):
        assert not self.reports, "\n\n".join(self.reports)


def submit(page, name="提交"):
    """Click the submit button; the response of the page the form POST lands on."""
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=name, exact=True).click()
    response = navigation.value
    assert response is not None
    return response


def choose_facility(page, name):
    """The facility box: type the start of a name, pick it from the list with the keyboard."""
    box = page.locator("#id_facility_name")
    expect(box).to_have_attribute("role", "combobox")
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    box.click()
    box.press_sequentially(name[:4], delay=40)
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("option").first).to_be_visible()
    titles = [t.strip() for t in listbox.locator(".suggest__title").all_inner_texts()]
    assert name in titles, titles
    for _ in range(titles.index(name) + 1):
        box.press("ArrowDown")
    chosen = listbox.get_by_role("option").nth(titles.index(name))
    expect(chosen).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", chosen.get_attribute("id"))
    box.press("Enter")  # chooses; does not submit the form
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value(name)
    expect(page).to_have_url(re.compile(r"/report/\w+/$"))


def fill_report(page, kind, *, facility=None, evidence=None, anonymous=False, contact=None,
                description=DESCRIPTION, captcha="PASSED"):  # fmt: skip
    """Fill the form of `kind` like a visitor; returns the category label chosen."""
    category = page.get_by_label("问题类别")
    category.select_option(index=1)
    category_label = category.locator("option:checked").inner_text().strip()
    if facility is not None:
        choose_facility(page, facility.name)
        expect(page.locator("#id_facility")).to_have_value(str(facility.pk))
    else:
        page.locator("#id_facility_name").fill("朝阳区某口腔诊所")
        page.locator("#id_facility_address").fill("北京市朝阳区某路1号")
    page.get_by_label("发生日期").fill("2025-03-05")
    page.locator("#id_description").fill(description)
    page.get_by_label("您的诉求").fill("依法查处")
    if evidence is not None:
        page.get_by_label("上传证据文件").set_input_files(evidence)
    if anonymous:
        page.get_by_label("匿名反映").check()
        expect(page.locator("[data-identity]")).to_be_hidden()
    for label, value in (contact or {}).items():
        page.get_by_label(label).fill(value)
    if kind == "reward":
        page.get_by_label("我已阅读并同意奖励规则").check()
    page.locator("#id_captcha_1").fill(captcha)
    return category_label


def read_receipt(page):
    """(receipt number, query code) as the receipt page shows them."""
    expect(page).to_have_url(re.compile(r"/report/receipt/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("提交成功")
    number = page.locator("[data-receipt-number]").get_attribute("data-receipt-number")
    code = page.locator("[data-query-code]").inner_text().strip()
    assert re.fullmatch(r"[A-Z]{2}\d{13}", number), number
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){2}", code), code
    # Shown large, grouped: the visible number is the receipt number.
    visible = page.locator("[data-receipt-number] .receipt__code").inner_text()
    assert re.sub(r"\s", "", visible) == number
    expect(page.get_by_role("button", name="打印回执")).to_be_visible()
    return number, code


def file_violation(page, evidence, **contact):
    """File a report of a violation through the form; (number, code) from the receipt."""
    goto(page, "/report/violation/")
    fill_report(page, "violation", evidence=evidence, contact=contact)
    assert submit(page).status == 200
    return read_receipt(page)


# --- 1. each kind ---------------------------------------------------------------------------

KINDS = [
    # kind, viewport, elder mode, how the facility is given, identity
    ("complaint", "phone", False, "type-ahead", "anonymous"),
    ("violation", "desktop", True, "free text", "contact"),
    ("reward", "desktop", False, "free text", "reward"),
    ("nominate", "phone", True, "type-ahead", "none"),
]
TITLES = {
    "complaint": "投诉",
    "violation": "举报",
    "reward": "有奖举报",
    "nominate": "你点名、我监督",
}


def test_file_each_kind_with_evidence_and_see_the_receipt(
    demo, browsing, evidence_png, screenshot_dir, settings
):
    from portal.intake.flow import KIND_SLUGS
    from portal.intake.receipts import check_query_code
    from portal.models import Evidence, Lead

    settings.PORTAL_REPORT_RATE = "100/h"  # four submissions from one address
    axe = Axe()
    before = Lead.objects.count()
    for kind, width, elder, facility_by, identity in KINDS:
        viewport = VIEWPORTS[width]
        suffix = "-elder" if elder else ""
        where = f"{kind} ({width}, {'elder' if elder else 'normal'})"
        page = browsing.new_page(viewport=viewport, elder=elder)

        goto(page, "/report/")
        axe.check(page, f"/report/ ({where})", viewport["width"])
        choices = page.locator(".intake-choices")
        choices.get_by_role("link", name=re.compile(f"^{TITLES[kind]}")).click()
        expect(page).to_have_url(re.compile(rf"/report/{kind}/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLES[kind])
        assert page.evaluate("() => document.body.classList.contains('elder')") == elder
        expect(page.locator("img[data-captcha-image]")).to_be_visible()
        if kind == "reward":
            rules = page.get_by_role("region", name="奖励规则")
            expect(rules).to_contain_text("200 元")
            expect(rules).to_contain_text("200,000 元")
            expect(page.get_by_label("匿名反映")).to_have_count(0)

        contact = {}
        if identity == "contact":
            contact = {"姓名": "王小明", "手机号码": "138 0013 8000",
                       "电子邮箱": "wang@example.com"}  # fmt: skip
        elif identity == "reward":
            contact = {"姓名": "张三", "居民身份证号码": ID_NUMBER, "手机号码": MOBILE}
        category_label = fill_report(
            page, kind,
            facility=demo.facility if facility_by == "type-ahead" else None,
            evidence=evidence_png, anonymous=identity == "anonymous", contact=contact,
        )  # fmt: skip
        page.screenshot(path=screenshot_dir / f"intake-form-{kind}-{width}{suffix}.png",
                        full_page=True)  # fmt: skip
        axe.check(page, f"/report/{kind}/ filled ({where})", viewport["width"])

        response = submit(page)
        assert response.status == 200, f"{where}: HTTP {response.status}"
        number, code = read_receipt(page)
        expect(page.locator("main")).to_contain_text("请现在就抄写或打印保存")
        page.screenshot(path=screenshot_dir / f"intake-receipt-{kind}-{width}{suffix}.png",
                        full_page=True)  # fmt: skip
        axe.check(page, f"/report/receipt/ ({where})", viewport["width"])

        lead = Lead.objects.select_related("category").get(receipt_number=number)
        assert lead.kind == KIND_SLUGS[kind]
        assert check_query_code(code, lead.query_code_hash)
        assert code not in lead.query_code_hash
        assert lead.category.name == category_label
        assert lead.description == DESCRIPTION
        evidence = Evidence.objects.filter(lead=lead)
        assert [e.original_name for e in evidence] == ["evidence.png"]
        assert evidence.get().content_type == "image/png"
        if facility_by == "type-ahead":
            assert lead.facility_id == demo.facility.pk
        else:
            assert lead.facility_id is None and lead.facility_name == "朝阳区某口腔诊所"
        if identity == "anonymous":
            assert lead.anonymous and lead.reporter_name == ""
        elif identity == "contact":
            assert not lead.anonymous and lead.reporter_name == "王小明"
            assert lead.reporter_phone == "13800138000"
        elif identity == "reward":
            assert lead.reward_consent and lead.reporter_id_number == ID_NUMBER
            assert lead.reporter_phone == MOBILE

        # The code is shown once: a reload keeps the number and hides the code.
        goto(page, "/report/receipt/")
        expect(page.locator(f'[data-receipt-number="{number}"]')).to_have_count(1)
        expect(page.locator("[data-query-code]")).to_have_count(0)
        expect(page.locator("main")).to_contain_text("查询码不再显示")
        assert code not in page.content()

    assert Lead.objects.count() == before + len(KINDS)
    browsing.assert_no_problems()
    axe.assert_clean()


# --- 2. progress lookup and adding information ----------------------------------------------


def test_look_up_progress_and_add_information(bare, evidence_png, screenshot_dir, settings):
    from portal.models import Evidence, Lead, LeadSupplement

    settings.PORTAL_REPORT_RATE = "100/h"
    axe = Axe()
    number, code = file_violation(bare.new_page(), evidence_png, 姓名="王小明")
    lead = Lead.objects.get(receipt_number=number)

    # The reporter comes back later, in a new session, on a phone.
    page = bare.new_page(viewport=PHONE)
    goto(page, "/report/")
    page.get_by_role("link", name=re.compile("查询办理进度")).click()
    expect(page).to_have_url(re.compile(r"/track/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("进度查询")
    page.screenshot(path=screenshot_dir / "intake-track-phone.png", full_page=True)
    axe.check(page, "/track/ (phone)", PHONE["width"])
    # Case, spaces and hyphens do not matter.
    page.get_by_label("受理编号").fill(number.lower())
    page.get_by_label("查询码").fill(code.lower().replace("-", " "))
    assert submit(page, "查询").status == 200
    expect(page).to_have_url(re.compile(r"/track/progress/$"))
    assert code not in page.url and number not in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("办理进度")
    main = page.locator("main")
    expect(main).to_contain_text(f"受理编号 {number}")
    expect(main).to_contain_text("举报")
    expect(main).to_contain_text(lead.category.name)
    expect(main).to_contain_text("待受理")
    steps = page.get_by_role("list", name="办理步骤")
    expect(steps.locator('[aria-current="step"]')).to_have_text(re.compile("^受理"))
    timeline = page.locator("ol.timeline > li")
    expect(timeline).to_have_count(1)
    expect(timeline.first).to_contain_text("已收到")
    expect(timeline.first).to_contain_text("已收到您的反映，将在规定时限内决定是否受理。")
    expect(main).not_to_contain_text("王小明")  # never the reporter's identity
    page.screenshot(path=screenshot_dir / "intake-progress-phone.png", full_page=True)
    axe.check(page, "/track/progress/ (phone)", PHONE["width"])

    # Add information: text and a file.
    page.get_by_role("link", name="补充材料", exact=True).click()
    expect(page).to_have_url(re.compile(r"/track/progress/add/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("补充材料")
    expect(page.locator("main")).to_contain_text(number)
    page.get_by_label("补充说明").fill("又看到他们在周末营业，门口有广告。")
    page.get_by_label("补充证据").set_input_files(evidence_png)
    page.screenshot(path=screenshot_dir / "intake-add-phone.png", full_page=True)
    axe.check(page, "/track/progress/add/ (phone)", PHONE["width"])
    assert submit(page, "提交补充材料").status == 200
    expect(page).to_have_url(re.compile(r"/track/progress/$"))
    expect(page.get_by_role("status").filter(has_text="补充材料已收到")).to_have_count(1)
    expect(timeline).to_have_count(2)
    expect(timeline.last).to_contain_text("举报人补充材料")
    expect(timeline.last).to_contain_text("您补充了材料（1 个文件）。")
    page.screenshot(path=screenshot_dir / "intake-progress-added-phone.png", full_page=True)
    axe.check(page, "/track/progress/ after adding (phone)", PHONE["width"])
    supplement = LeadSupplement.objects.get(lead=lead)
    assert supplement.text == "又看到他们在周末营业，门口有广告。"
    assert Evidence.objects.filter(lead=lead).count() == 2
    assert Evidence.objects.get(supplement=supplement).original_name == "evidence.png"

    # The same progress at desktop width, in elder mode (a new session: look up again).
    page = bare.new_page(elder=True)
    goto(page, "/track/")
    page.get_by_label("受理编号").fill(number)
    page.get_by_label("查询码").fill(code)
    submit(page, "查询")
    expect(page).to_have_url(re.compile(r"/track/progress/$"))
    expect(page.locator("ol.timeline > li")).to_have_count(2)
    page.screenshot(path=screenshot_dir / "intake-progress-desktop-elder.png", full_page=True)
    axe.check(page, "/track/progress/ (desktop, elder)")

    # 退出查询: the lead is closed again.
    submit(page, "退出查询")
    expect(page).to_have_url(re.compile(r"/track/$"))
    expect(page.get_by_role("status").filter(has_text="您已退出查询")).to_have_count(1)
    axe.check(page, "/track/ after 退出查询 (desktop, elder)")
    goto(page, "/track/progress/")
    expect(page).to_have_url(re.compile(r"/track/$"))
    expect(page.locator("main")).to_contain_text("请先输入受理编号和查询码")
    bare.assert_no_problems()
    axe.assert_clean()


# --- 3. wrong query codes ------------------------------------------------------------------


def test_wrong_codes_answer_alike_and_are_limited(bare, evidence_png, screenshot_dir, settings):
    settings.PORTAL_REPORT_RATE = "100/h"
    settings.PORTAL_TRACK_RATE = "3/h"
    steady_window()
    axe = Axe()
    number, code = file_violation(bare.new_page(), evidence_png)
    wrong = "AAAA-BBBB-CCCC"
    assert wrong != code

    page = bare.new_page()
    summary = page.locator("[data-error-summary]")

    def look_up(receipt, query_code):
        goto(page, "/track/")
        page.get_by_label("受理编号").fill(receipt)
        page.get_by_label("查询码").fill(query_code)
        return submit(page, "查询").status

    # A wrong code for a real receipt and any code for an unknown one: the same answer.
    answers = []
    for receipt in (number, "JB2099010100001", number):
        assert look_up(receipt, wrong) == 200
        expect(page).to_have_url(re.compile(r"/track/$"))
        expect(summary).to_have_attribute("role", "alert")
        expect(summary).to_contain_text(WRONG)
        expect(page.get_by_label("受理编号")).to_have_value(receipt)
        answers.append(summary.inner_text())
    assert answers[0] == answers[1] == answers[2], answers
    page.screenshot(path=screenshot_dir / "intake-track-wrong-desktop.png", full_page=True)
    axe.check(page, "/track/ wrong code (desktop)")

    # Three failures: now even the right code is refused, with a clear message.
    assert look_up(number, code) == 429
    expect(page).to_have_url(re.compile(r"/track/$"))
    notice = page.locator("#intake-notice")
    expect(notice).to_have_attribute("role", "alert")
    expect(notice).to_contain_text("查询次数过多")
    expect(notice).to_contain_text("输入错误的次数过多，请一小时后再试。")
    page.screenshot(path=screenshot_dir / "intake-track-limited-desktop.png", full_page=True)
    axe.check(page, "/track/ limited (desktop)")
    goto(page, "/track/progress/")
    expect(page).to_have_url(re.compile(r"/track/$"))  # nothing was opened

    # The limit is per address: a new session (a phone, elder mode) is refused too.
    page = bare.new_page(viewport=PHONE, elder=True)
    goto(page, "/track/")
    page.get_by_label("受理编号").fill(number)
    page.get_by_label("查询码").fill(code)
    assert submit(page, "查询").status == 429
    expect(page.locator("#intake-notice")).to_contain_text("查询次数过多")
    axe.check(page, "/track/ limited (phone, elder)", PHONE["width"])
    bare.assert_no_problems()
    axe.assert_clean()


# --- 4. abuse: validation errors, the rate limit, the honeypot -------------------------------


def test_errors_keep_input_rate_limit_and_honeypot(bare, evidence_png, screenshot_dir, settings):
    from portal.models import Evidence, Lead

    settings.PORTAL_REPORT_RATE = "2/h"
    steady_window()
    axe = Axe()
    start = Lead.objects.count()
    page = bare.new_page(viewport=PHONE)

    # Errors: too short, a wrong mobile number, a wrong CAPTCHA answer.
    goto(page, "/report/violation/")
    fill_report(page, "violation", evidence=evidence_png, description="太短了",
                contact={"姓名": "王小明", "手机号码": "12345"}, captcha="999")  # fmt: skip
    assert submit(page).status == 200
    expect(page).to_have_url(re.compile(r"/report/violation/$"))
    summary = page.locator("[data-error-summary]")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("提交未成功，请检查以下 3 项")
    expect(summary).to_contain_text("请至少写 20 个字（当前 3 个字）")
    expect(summary).to_contain_text("请填写11位手机号码")
    expect(summary).to_contain_text("验证码不正确")
    for field in ("#id_description", "#id_reporter_phone", "#id_captcha_1"):
        expect(page.locator(field)).to_have_attribute("aria-invalid", "true")
        described = page.locator(field).get_attribute("aria-describedby") or ""
        assert f"{field[1:]}_error" in described.split() or (
            field == "#id_captcha_1" and "id_captcha_error" in described.split()
        ), (field, described)
    # Everything typed is still there; the file is kept on the server; a new CAPTCHA.
    expect(page.locator("#id_description")).to_have_value("太短了")
    expect(page.get_by_label("姓名")).to_have_value("王小明")
    expect(page.get_by_label("手机号码")).to_have_value("12345")
    expect(page.locator("#id_facility_name")).to_have_value("朝阳区某口腔诊所")
    expect(page.locator("#id_facility_address")).to_have_value("北京市朝阳区某路1号")
    expect(page.get_by_label("您的诉求")).to_have_value("依法查处")
    expect(page.get_by_label("发生日期")).to_have_value("2025-03-05")
    expect(page.get_by_text("移除“evidence.png”")).to_be_visible()
    expect(page.locator("#id_captcha_1")).to_have_value("")
    page.screenshot(path=screenshot_dir / "intake-form-errors-phone.png", full_page=True)
    axe.check(page, "/report/violation/ with errors (phone)", PHONE["width"])
    # A link in the summary takes the focus to its field.
    summary.get_by_role("link", name=re.compile("违法违规行为")).click()
    expect(page.locator("#id_description")).to_be_focused()
    assert Lead.objects.count() == start

    # Corrected: filed, with the kept file (submission 1 of 2).
    page.locator("#id_description").fill(DESCRIPTION)
    page.get_by_label("手机号码").fill(MOBILE)
    page.locator("#id_captcha_1").fill("PASSED")
    assert submit(page).status == 200
    number, _code = read_receipt(page)
    lead = Lead.objects.get(receipt_number=number)
    assert lead.reporter_phone == MOBILE
    assert [e.original_name for e in Evidence.objects.filter(lead=lead)] == ["evidence.png"]

    # Submission 2 of 2.
    goto(page, "/report/complaint/")
    fill_report(page, "complaint", anonymous=True)
    assert submit(page).status == 200
    read_receipt(page)
    assert Lead.objects.count() == start + 2

    # The third is refused: a clear message, and the text and the file are still there.
    goto(page, "/report/complaint/")
    text = DESCRIPTION + "第三次反映。"
    fill_report(page, "complaint", evidence=evidence_png, description=text)
    assert submit(page).status == 429
    expect(page).to_have_url(re.compile(r"/report/complaint/$"))
    notice = page.locator("#intake-notice")
    expect(notice).to_have_attribute("role", "alert")
    expect(notice).to_contain_text("提交过于频繁")
    expect(notice).to_contain_text("已填写的内容和文件已为您保留")
    expect(page.locator("#id_description")).to_have_value(text)
    expect(page.locator("#id_facility_name")).to_have_value("朝阳区某口腔诊所")
    expect(page.get_by_text("移除“evidence.png”")).to_be_visible()
    page.screenshot(path=screenshot_dir / "intake-form-limited-phone.png", full_page=True)
    axe.check(page, "/report/complaint/ rate-limited (phone)", PHONE["width"])
    assert Lead.objects.count() == start + 2

    # The honeypot (what a bot fills in): a neutral thank-you page, nothing filed, no receipt.
    page = bare.new_page()
    goto(page, "/report/nominate/")
    honeypot = page.locator("#id_website")
    expect(honeypot).to_have_attribute("tabindex", "-1")  # not reached with the keyboard
    wrapper = honeypot.locator("xpath=..")
    expect(wrapper).to_have_attribute("aria-hidden", "true")  # nor by a screen reader
    box = wrapper.bounding_box()  # nor seen: a 1 px box that clips the input
    assert box is None or (box["width"] <= 1 and box["height"] <= 1), box
    fill_report(page, "nominate", evidence=evidence_png)
    page.evaluate("() => { document.getElementById('id_website').value = 'http://spam.example'; }")
    assert submit(page).status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("感谢您的来信")
    expect(page.locator("[data-error-summary]")).to_have_count(0)
    expect(page.locator("[data-receipt-number]")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "intake-honeypot-desktop.png", full_page=True)
    axe.check(page, "honeypot page (desktop)")
    assert Lead.objects.count() == start + 2
    goto(page, "/report/receipt/")
    expect(page.get_by_role("heading", level=1)).to_have_text("没有可显示的回执")
    bare.assert_no_problems()
    axe.assert_clean()
