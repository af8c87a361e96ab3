"""Handling a lead in the back office, in Chromium (issue 6): staff take a lead from
received to replied through the lead page's action forms (accept, assign with a co-office
and a handler, start, an internal note, conclude as substantiated, reply), and the reporter's
/track/ page shows the public steps and the reply, never the internal note or staff names.
A reward lead: proposed by one person, approved and paid by a second, the decision and the
payment visible at /track/. axe-core (WCAG 2.1 A/AA) on the lead page and the action forms
at desktop and phone width; screenshots in tests/artifacts/screenshots/lead-*.png.
"""

import re

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # reported by the `prerequisites` fixture: a skip, or a failure under CI
    expect = None

from .conftest import (
    BROWSER_TEST,
    PHONE,
    Browsing,
    axe_violations,
    describe_violations,
    goto,
)

pytestmark = BROWSER_TEST

PASSWORD = "pw-lead-123456"
DESCRIPTION = "该诊所没有执业许可证，在居民楼内给人输液，还收取高额费用。"
REPORTER_NAME = "王小明"
REPORTER_PHONE = "13812345678"
ID_NUMBER = "11010519491231002X"
INTERNAL_NOTE = "内部：负责人承认无证执业，拟立案。"
CONCLUSION_NOTE = "内部：现场查获输液器材。"
REPLY = "经调查，您反映的问题属实，已依法立案查处。感谢您的监督。"
OPEN_ALL_DETAILS = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"
SETTLED = "() => document.getAnimations().every(a => a.playState !== 'running')"
LOCAL_ADDRESSES = ("127.0.0.1", "::1", "::ffff:127.0.0.1")


@pytest.fixture(autouse=True)
def fresh_counters():
    """Forget this machine's /track/ counters (per-IP, in the cache) around each test."""
    from django.core.cache import cache

    from portal.intake import ratelimit

    def clear():
        cache.delete_many([ratelimit._key("track-ip", ip, 3600) for ip in LOCAL_ADDRESSES])

    clear()
    yield
    clear()


@pytest.fixture
def bare(prerequisites, live_server, browser):
    """Pages on the live server without the demo data set."""
    session = Browsing(browser, live_server.url)
    yield session
    session.close()


class Axe:
    """axe-core violations and page overflow, collected and asserted once at the end."""

    def __init__(self):
        self.reports = []

    def check(self, page, where, width=None):
        page.evaluate(OPEN_ALL_DETAILS)
        # Wagtail's messages fade in: a half-transparent banner would fail colour contrast.
        page.wait_for_function(SETTLED)
        if width is not None:
            scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
            if scroll_width > width:
                self.reports.append(f"{where}: {scroll_width}px wide in a {width}px viewport")
        violations = axe_violations(page)
        if violations:
            self.reports.append(describe_violations(where, violations))

    def assert_clean(self):
        assert not self.reports, "\n\n".join(self.reports)


# --- the world: offices, staff, a facility ---------------------------------------------------


def make_world():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from portal.models import Authority, AuthorityKind, Facility, Region, StaffOffice
    from portal.setup import LEAD_SUPERVISOR, REWARD_APPROVER

    province, county = Region.objects.get(code="330000"), Region.objects.get(code="330106")
    offices = {
        "province": Authority.objects.create(
            name="浙江省卫生健康委员会", kind=AuthorityKind.HEALTH_COMMISSION, region=province
        ),
        "county": Authority.objects.create(
            name="杭州市西湖区卫生健康局", kind=AuthorityKind.HEALTH_COMMISSION, region=county
        ),
        "supervision": Authority.objects.create(
            name="杭州市西湖区卫生健康监督所",
            kind=AuthorityKind.HEALTH_SUPERVISION,
            region=county,
        ),
    }
    users = {}
    for username, group, office in (
        ("xh-fuze", LEAD_SUPERVISOR, "county"),
        ("zj-shenpi", REWARD_APPROVER, "province"),
    ):
        user = get_user_model().objects.create_user(username=username, password=PASSWORD)
        user.groups.add(Group.objects.get(name=group))
        StaffOffice.objects.create(user=user, office=offices[office])
        users[username] = user
    facility = Facility.objects.create(
        name="杭州西湖康宁诊所", region=county, facility_type="clinic", address="文三路8号"
    )
    return offices, users, facility


def file_lead(facility, kind):
    """A lead as the public intake writes it: (lead, query code)."""
    from portal.intake.submit import submit_lead
    from portal.models import LeadCategory, LeadKind

    lead, code = submit_lead(
        LeadKind(kind),
        {
            "category": LeadCategory.objects.get(name="非法行医"),
            "facility": facility,
            "region": facility.region,
            "description": DESCRIPTION,
            "wanted": "依法查处",
            "reporter_name": REPORTER_NAME,
            "reporter_phone": REPORTER_PHONE,
            "reporter_id_number": ID_NUMBER,
            "reward_consent": kind == "reward",
        },
    )
    return lead, code


# --- helpers --------------------------------------------------------------------------------


def log_in(session, username, viewport=None):
    page = session.new_page(**({"viewport": viewport} if viewport else {}))
    goto(page, "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return page


def open_action(page, label):
    """Click an action button of the lead page; the action's form opens."""
    page.locator("#lead-actions").get_by_role("link", name=label, exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/leads/\d+/act/[\w-]+/$"))
    expect(page.locator("#lead-action-form-title")).to_have_text(label)


def submit_action(page):
    """Submit the action form; back on the lead page with the success message."""
    with page.expect_navigation():
        page.locator("#lead-action-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/leads/inspect/\d+/$"))
    expect(page.locator(".messages")).to_contain_text("已完成")


def expect_state(page, label):
    expect(page.locator("#lead-handling .w-status--primary").first).to_have_text(label)


def look_up(session, number, code, viewport=None):
    """The reporter's progress page, in a fresh session."""
    page = session.new_page(**({"viewport": viewport} if viewport else {}))
    goto(page, "/track/")
    page.get_by_label("受理编号").fill(number)
    page.get_by_label("查询码").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="查询", exact=True).click()
    expect(page).to_have_url(re.compile(r"/track/progress/$"))
    return page


def assert_never_shown(page, texts, where):
    body = page.locator("body").inner_text()
    for text in texts:
        assert text not in body, f"{where} shows {text!r}"


# --- 1. received → replied -------------------------------------------------------------------


def test_lead_from_received_to_replied(bare, screenshot_dir):
    from wagtail.models import ModelLogEntry

    from portal.models import Lead, LeadEvent, LeadState

    axe = Axe()
    offices, users, facility = make_world()
    lead, code = file_lead(facility, "violation")
    page = log_in(bare, "xh-fuze")

    goto(page, f"/admin/leads/inspect/{lead.pk}/")
    expect(page.get_by_role("heading", name="办理情况")).to_be_visible()
    expect_state(page, "待受理")
    expect(page.locator("#lead-reporter")).to_contain_text("王*明")
    expect(page.locator("#lead-facility-profile")).to_contain_text("杭州西湖康宁诊所")
    assert REPORTER_PHONE not in page.content() and ID_NUMBER not in page.content()
    page.screenshot(path=screenshot_dir / "lead-received-desktop.png", full_page=True)
    axe.check(page, "lead page, received (desktop)")

    open_action(page, "受理")
    page.get_by_label("内部备注").fill("材料齐全，予以受理。")
    axe.check(page, "accept form (desktop)")
    submit_action(page)
    expect_state(page, "已受理")

    open_action(page, "交办（主办/分办）")
    page.get_by_label("主办机构").select_option(label=offices["county"].name)
    page.get_by_label(offices["supervision"].name).check()
    page.get_by_label("承办人").select_option(label="xh-fuze（杭州市西湖区卫生健康局）")
    page.screenshot(path=screenshot_dir / "lead-assign-form-desktop.png", full_page=True)
    axe.check(page, "assign form (desktop)")
    submit_action(page)
    expect_state(page, "已交办")
    expect(page.locator("#lead-handling")).to_contain_text(offices["supervision"].name)

    open_action(page, "开始调查")
    submit_action(page)
    expect_state(page, "调查中")

    # An internal note, from the form under the timeline.
    page.get_by_label("内部备注").fill(INTERNAL_NOTE)
    with page.expect_navigation():
        page.locator("#lead-note-form button[type=submit]").click()
    expect(page.locator("#lead-events")).to_contain_text(INTERNAL_NOTE)

    open_action(page, "办结")
    page.get_by_label("办理结果").select_option(label="查实")
    page.get_by_label("办结说明（内部）").fill(CONCLUSION_NOTE)
    axe.check(page, "conclude form (desktop)")
    submit_action(page)
    expect_state(page, "已办结")

    open_action(page, "答复")
    page.get_by_label("答复内容").fill(REPLY)
    submit_action(page)
    expect_state(page, "已答复")
    expect(page.locator("#lead-replies")).to_contain_text(REPLY)
    page.screenshot(path=screenshot_dir / "lead-replied-desktop.png", full_page=True)
    axe.check(page, "lead page, replied (desktop)")

    # The same page on a phone.
    phone = log_in(bare, "xh-fuze", viewport=PHONE)
    goto(phone, f"/admin/leads/inspect/{lead.pk}/")
    phone.screenshot(path=screenshot_dir / "lead-replied-phone.png", full_page=True)
    axe.check(phone, "lead page, replied (phone)", PHONE["width"])

    lead.refresh_from_db()
    assert lead.state == LeadState.REPLIED and lead.outcome == "substantiated"
    assert lead.office == offices["county"] and lead.handler == users["xh-fuze"]
    for action in ("accept", "assign", "start", "note", "conclude", "reply"):
        entry = ModelLogEntry.objects.get(object_id=str(lead.pk), action=f"portal.lead.{action}")
        assert entry.user == users["xh-fuze"], action

    # The reporter: the public steps and the reply; no internal text, no staff.
    track = look_up(bare, lead.receipt_number, code, viewport=PHONE)
    timeline = track.locator("ol.timeline > li")
    public_events = LeadEvent.objects.filter(lead=lead, public=True).count()
    expect(timeline).to_have_count(public_events)
    main = track.locator("main")
    for text in ("已受理", "已交办", "调查中", "已办结", "已答复", REPLY):
        expect(main).to_contain_text(text)
    assert_never_shown(
        track,
        [INTERNAL_NOTE, CONCLUSION_NOTE, "材料齐全", "xh-fuze", offices["supervision"].name,
         REPORTER_NAME, REPORTER_PHONE],
        "/track/",
    )  # fmt: skip
    track.screenshot(path=screenshot_dir / "lead-track-replied-phone.png", full_page=True)
    axe.check(track, "/track/progress/ after the reply (phone)", PHONE["width"])
    assert Lead.objects.get(pk=lead.pk).state == LeadState.REPLIED
    bare.assert_no_problems()
    axe.assert_clean()


# --- 2. a reward: proposed, approved by a second person, paid ---------------------------------


def test_reward_proposed_approved_paid(bare, screenshot_dir):
    from wagtail.models import ModelLogEntry

    from portal.leads import workflow
    from portal.models import LeadOutcome, LeadReward

    axe = Axe()
    offices, users, facility = make_world()
    lead, code = file_lead(facility, "reward")
    supervisor = users["xh-fuze"]
    for action, data in (
        ("accept", {}),
        ("assign", {"office": offices["county"]}),
        ("start", {}),
        ("conclude", {"outcome": LeadOutcome.SUBSTANTIATED}),
    ):
        workflow.perform(supervisor, lead, action, **data)

    page = log_in(bare, "xh-fuze")
    goto(page, f"/admin/leads/inspect/{lead.pk}/")
    expect(page.locator("#lead-reward")).to_contain_text("尚未提出奖励")
    open_action(page, "提出奖励")
    page.get_by_label("奖励金额（元）").fill("100")
    page.get_by_label("奖励依据").fill("查实无证行医，没收违法所得。")
    with page.expect_navigation():
        page.locator("#lead-action-form button[type=submit]").click()
    expect(page.locator("#lead-action-form")).to_contain_text("奖励金额不能低于 200 元")
    axe.check(page, "propose form with an error (desktop)")
    page.get_by_label("奖励金额（元）").fill("5000")
    submit_action(page)
    expect(page.locator("#lead-reward")).to_contain_text("待审批")
    expect(page.locator("#lead-reward")).to_contain_text("须由另一名有审批权限的人员审批")
    expect(page.locator("#lead-actions").get_by_role("link", name="审批奖励")).to_have_count(0)

    approver = log_in(bare, "zj-shenpi")
    goto(approver, f"/admin/leads/inspect/{lead.pk}/")
    open_action(approver, "审批奖励")
    approver.get_by_label("批准", exact=True).check()
    axe.check(approver, "decide form (desktop)")
    submit_action(approver)
    expect(approver.locator("#lead-reward")).to_contain_text("已批准")
    open_action(approver, "登记奖励发放")
    approver.get_by_label("发放凭证号").fill("ZF-2026-0007")
    submit_action(approver)
    expect(approver.locator("#lead-reward")).to_contain_text("已发放")
    expect(approver.locator("#lead-reward")).to_contain_text("ZF-2026-0007")
    approver.screenshot(path=screenshot_dir / "lead-reward-paid-desktop.png", full_page=True)
    axe.check(approver, "lead page, reward paid (desktop)")

    reward = LeadReward.objects.get(lead=lead)
    assert reward.status == LeadReward.Status.PAID and reward.amount == 5000
    assert reward.proposed_by == supervisor and reward.decided_by == users["zj-shenpi"]
    for action, user in (("portal.lead.reward_propose", "xh-fuze"),
                         ("portal.lead.reward_approve", "zj-shenpi"),
                         ("portal.lead.reward_pay", "zj-shenpi")):  # fmt: skip
        entry = ModelLogEntry.objects.get(object_id=str(lead.pk), action=action)
        assert entry.user == users[user], action

    track = look_up(bare, lead.receipt_number, code)
    main = track.locator("main")
    expect(main).to_contain_text("举报奖励")
    expect(main).to_contain_text("经审核，决定给予奖励 ¥5,000。")
    expect(main).to_contain_text("奖励 ¥5,000 已发放。")
    assert_never_shown(track, ["ZF-2026-0007", "xh-fuze", "zj-shenpi", "查实无证行医"],
                       "/track/")  # fmt: skip
    track.screenshot(path=screenshot_dir / "lead-track-reward-desktop.png", full_page=True)
    axe.check(track, "/track/progress/ with the reward (desktop)")
    bare.assert_no_problems()
    axe.assert_clean()
