"""The leads inbox (/admin/leads/): filters, row-level access, saved filters, menu counts,
bulk actions through the state machine, the export without reporter identity, and a fixed
number of queries per page."""

import csv
import datetime
import io
import itertools
import re

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from portal.admin.lead_inbox import EXPORT_ACTION, LeadMenuItem, counts_text, menu_counts
from portal.admin.lead_inbox_bulk import BULK_ACTION, MAX_LEADS
from portal.models import Evidence, Lead, LeadCategory, LeadKind, LeadState, SavedLeadFilter

from .conftest import REPORTER

pytestmark = pytest.mark.django_db

INBOX = "/admin/leads/"
MASKED = ("王*明", "138****5678")
ROW = re.compile(r'id="lead_(\d+)_title"')
_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Menu counts and region choices are cached; each test starts without them."""
    cache.clear()
    yield
    cache.clear()


def page_of(client, user, **params):
    client.force_login(user)
    response = client.get(INBOX, params)
    assert response.status_code == 200
    return response.content.decode()


def listed(client, user, **params) -> set:
    """The pks of the leads on the first page for these filters."""
    return {int(pk) for pk in ROW.findall(page_of(client, user, **params))}


def quick_leads(n, category, facility, **fields):
    """n leads written straight to the table (for the cap and the query-count tests)."""
    return Lead.objects.bulk_create(
        Lead(
            receipt_number=f"QK{next(_numbers):010d}",
            query_code_hash="-",
            kind=LeadKind.VIOLATION,
            category=category,
            facility=facility,
            region=facility.region,
            description="批量生成的测试线索。",
            **fields,
        )
        for _ in range(n)
    )


def set_due(lead, days, **fields):
    """Due `days` from today (negative: overdue)."""
    due_on = timezone.localdate() + datetime.timedelta(days=days)
    Lead.objects.filter(pk=lead.pk).update(due_on=due_on, **fields)


def state_of(lead) -> str:
    return Lead.objects.values_list("state", flat=True).get(pk=lead.pk)


def add_evidence(lead, n):
    for i in range(n):
        Evidence.objects.create(lead=lead, file=f"evidence/{lead.pk}-{i}.png", size=1,
                                original_name="x.png", content_type="image/png", sha256="0" * 64)  # fmt: skip


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def bulk_url(action, leads=(), **params) -> str:
    query = "&".join([f"id={lead.pk}" for lead in leads] + [f"{k}={v}" for k, v in params.items()])
    return reverse("wagtail_bulk_action", args=["portal", "lead", action]) + "?" + query


# --- Listing and row-level access --------------------------------------------------------


class TestListing:
    def test_columns_with_the_reporter_masked(
        self, client, province_supervisor, county_handler, make_lead, lead_offices
    ):
        named = make_lead(office=lead_offices.county_a, handler=county_handler)
        anonymous = make_lead(anonymous=True)
        add_evidence(named, 2)
        page = page_of(client, province_supervisor)
        row = page[page.index(f"lead_{named.pk}_title") :]
        assert re.findall(r"<td[^>]*>\s*(.*?)\s*</td>", row[: row.index("</tr>")])[-1] == "2"
        for lead in (named, anonymous):
            assert reverse("leads:inspect", args=[lead.pk]) in page and lead.receipt_number in page
        assert "杭州西湖康宁诊所" in page and "非法行医" in page and "举报" in page
        assert "杭州市西湖区卫生健康局" in page and "xh-banli" in page
        assert all(value in page for value in MASKED) and "匿名" in page
        assert not any(v in page for v in REPORTER.values()) and "/admin/leads/new/" not in page

    def test_due_dates_carry_a_text_badge(self, client, province_supervisor, make_lead, today):
        for days in (-1, 0, 40):
            set_due(make_lead(), days)
        page = page_of(client, province_supervisor)
        badges = re.findall(r'class="[^"]*inbox-flag--(\w+)"[^>]*>\s*(\S+)', page)
        assert sorted(badges) == [("due_soon", "临期"), ("overdue", "超期")]
        assert f"{today + datetime.timedelta(days=40):%Y-%m-%d}" in page

    def test_a_county_user_lists_only_their_leads(
        self, client, county_handler, other_county_handler, province_supervisor,
        make_lead, facility_b,
    ):  # fmt: skip
        mine = make_lead()
        theirs = make_lead(facility=facility_b)
        assigned_to_me = make_lead(facility=facility_b, handler=county_handler)
        assert listed(client, county_handler) == {mine.pk, assigned_to_me.pk}
        assert listed(client, other_county_handler) == {theirs.pk, assigned_to_me.pk}
        assert listed(client, province_supervisor) == {mine.pk, theirs.pk, assigned_to_me.pk}
        # Another county's lead is neither listed nor reachable by URL.
        client.force_login(county_handler)
        assert client.get(reverse("leads:inspect", args=[theirs.pk])).status_code == 403
        assert client.get(reverse("leads:inspect", args=[mine.pk])).status_code == 200

    def test_no_inbox_without_lead_permission(self, client, no_perm_user, make_lead):
        make_lead()
        client.force_login(no_perm_user)
        assert client.get(INBOX).status_code in (302, 403)


# --- Filters ----------------------------------------------------------------------------


class TestFilters:
    def test_state_is_multiple(self, client, province_supervisor, make_lead, advance):
        received = make_lead()
        accepted = advance(make_lead(), LeadState.ACCEPTED)
        refused = advance(make_lead(), LeadState.REFUSED)
        user = province_supervisor
        assert listed(client, user, state="received") == {received.pk}
        assert listed(client, user, state=["accepted", "refused"]) == {accepted.pk, refused.pk}

    def test_kind_category_and_reward(self, client, province_supervisor, make_lead):
        beauty = LeadCategory.objects.get(name="医疗美容")
        violation, reward = make_lead(), make_lead(kind=LeadKind.REWARD)
        other = make_lead(kind=LeadKind.COMPLAINT, category=beauty)
        user = province_supervisor
        assert listed(client, user, kind="reward") == {reward.pk}
        assert listed(client, user, reward="true") == {reward.pk}
        assert listed(client, user, reward="false") == {violation.pk, other.pk}
        assert listed(client, user, category=beauty.pk) == {other.pk}

    def test_region_subtree_matches_facility_or_reported_region(
        self, client, province_supervisor, make_lead, facility_b, lead_regions
    ):
        at_facility = make_lead()  # facility in 西湖区
        reported = make_lead(facility=None, region=lead_regions.county_a)  # no facility
        elsewhere = make_lead(facility=facility_b)
        user, r = province_supervisor, lead_regions
        assert listed(client, user, region=r.city_a.pk) == {at_facility.pk, reported.pk}
        assert listed(client, user, region=r.county_a.pk) == {at_facility.pk, reported.pk}
        assert listed(client, user, region=r.city_b.pk) == {elsewhere.pk}
        assert listed(client, user, region=r.province.pk) == {
            at_facility.pk, reported.pk, elsewhere.pk
        }  # fmt: skip

    def test_office_is_lead_or_co_handling(
        self, client, province_supervisor, make_lead, lead_offices
    ):
        lead_office = make_lead(office=lead_offices.county_a)
        co_handled = make_lead(office=lead_offices.city_a)
        co_handled.co_offices.add(lead_offices.county_a)
        other = make_lead(office=lead_offices.city_b)
        user = province_supervisor
        assert listed(client, user, office=lead_offices.county_a.pk) == {
            lead_office.pk, co_handled.pk
        }  # fmt: skip
        assert listed(client, user, office=lead_offices.city_b.pk) == {other.pk}

    def test_handler_me_nobody_or_someone(
        self, client, county_supervisor, county_handler, make_lead
    ):
        mine = make_lead(handler=county_supervisor)
        theirs = make_lead(handler=county_handler)
        nobody = make_lead()
        user = county_supervisor
        assert listed(client, user, handler="me") == {mine.pk}
        assert listed(client, user, handler="none") == {nobody.pk}
        assert listed(client, user, handler=county_handler.pk) == {theirs.pk}
        page = page_of(client, user)
        assert "我承办的" in page and "xh-banli" in page

    def test_deadline_overdue_and_due_soon(self, client, province_supervisor, make_lead):
        overdue, due_soon, later, closed = (make_lead() for _ in range(4))
        set_due(overdue, -3), set_due(due_soon, 0), set_due(later, 60)
        set_due(closed, -3, state=LeadState.CLOSED)
        user = province_supervisor
        assert listed(client, user, deadline="overdue") == {overdue.pk}
        assert listed(client, user, deadline="due_soon") == {due_soon.pk}

    def test_possible_duplicates(self, client, province_supervisor, make_lead):
        first, second, alone = make_lead(), make_lead(), make_lead()
        second.possible_duplicates.add(first)
        user = province_supervisor
        assert listed(client, user, duplicates="true") == {second.pk}
        assert listed(client, user, duplicates="false") == {first.pk, alone.pk}

    def test_submitted_date_range(self, client, province_supervisor, make_lead):
        tz = timezone.get_current_timezone()
        old = make_lead(submitted_at=datetime.datetime(2025, 3, 1, 23, 30, tzinfo=tz))
        new = make_lead(submitted_at=datetime.datetime(2025, 3, 2, 0, 10, tzinfo=tz))
        user = province_supervisor
        params = {"submitted_from": "2025-03-02", "submitted_to": "2025-03-02"}
        assert listed(client, user, **params) == {new.pk}
        assert listed(client, user, submitted_to="2025-03-01") == {old.pk}

    def test_search_by_receipt_number_or_name(
        self, client, province_supervisor, make_lead, facility_b
    ):
        first, second = make_lead(), make_lead(facility=facility_b)
        client.force_login(province_supervisor)
        page = client.get(INBOX + "results/", {"q": first.receipt_number}).content.decode()
        assert {int(pk) for pk in ROW.findall(page)} == {first.pk}
        page = client.get(INBOX + "results/", {"q": "海曙仁心"}).content.decode()
        assert {int(pk) for pk in ROW.findall(page)} == {second.pk}

    @pytest.mark.parametrize(
        "params",
        [{"office": "999999"}, {"deadline": "yesterday"}, {"state": "bogus"},
         {"handler": "abc"}, {"region": "x"}, {"submitted_from": "2025-13-45"}],
    )  # fmt: skip
    def test_an_invalid_filter_lists_nothing_and_says_why(
        self, client, province_supervisor, make_lead, params
    ):
        make_lead()
        page = page_of(client, province_supervisor, p="x", ordering="nope", **params)
        assert not ROW.findall(page) and "筛选条件无效" in page


# --- Saved filters ----------------------------------------------------------------------


class TestSavedFilters:
    def save(self, client, name, query):
        return client.post(reverse("leads:save_filter"), {"name": name, "query": query})

    def test_save_list_use_and_delete_own(
        self, client, county_handler, county_supervisor, make_lead
    ):
        make_lead()
        client.force_login(county_handler)
        response = self.save(client, "我的超期", "deadline=overdue&handler=me&p=3&export=csv")
        assert response.status_code == 302
        assert "已保存筛选" in " ".join(messages_of(response))
        saved = SavedLeadFilter.objects.get(user=county_handler)
        assert saved.name == "我的超期" and saved.query == "deadline=overdue&handler=me"
        page = page_of(client, county_handler)
        assert ">我的超期</a>" in page and "?deadline=overdue&amp;handler=me" in page
        # Same name again: replaced, not duplicated.
        self.save(client, "我的超期", "deadline=due_soon")
        saved.refresh_from_db()
        assert saved.query == "deadline=due_soon"
        assert SavedLeadFilter.objects.filter(user=county_handler).count() == 1

        # Another user neither sees nor deletes it.
        assert ">我的超期</a>" not in page_of(client, county_supervisor)
        response = client.post(reverse("leads:delete_filter", args=[saved.pk]))
        assert response.status_code == 404
        assert SavedLeadFilter.objects.filter(pk=saved.pk).exists()

        client.force_login(county_handler)
        response = client.post(reverse("leads:delete_filter", args=[saved.pk]))
        assert response.status_code == 302
        assert not SavedLeadFilter.objects.filter(pk=saved.pk).exists()

    @pytest.mark.parametrize(
        "name, query, message",
        [("", "state=received", "名称"), ("空的", "p=2", "当前没有筛选条件"),
         ("坏的", "office=999999", "筛选条件无效"), ("长的" * 30, "state=received", "名称")],
    )  # fmt: skip
    def test_bad_input_saves_nothing(self, client, county_handler, name, query, message):
        client.force_login(county_handler)
        response = self.save(client, name, query)
        assert response.status_code == 302
        assert message in " ".join(messages_of(response))
        assert not SavedLeadFilter.objects.exists()

    def test_the_current_filter_can_be_saved_from_the_results(
        self, client, county_handler, make_lead
    ):
        make_lead()
        page = page_of(client, county_handler, state="received", p="1")
        assert 'name="query" value="state=received"' in page
        assert 'name="query"' not in page_of(client, county_handler)


# --- Menu counts ------------------------------------------------------------------------


def menu_label(user) -> str:
    from wagtail.admin.menu import admin_menu

    request = RequestFactory().get("/admin/")
    request.user = user
    for item in admin_menu.menu_items_for_request(request):
        if str(item.label) == "线索管理":
            for child in item.menu.menu_items_for_request(request):
                if isinstance(child, LeadMenuItem):
                    return child.render_component(request).label
    return ""


class TestMenuCounts:
    def test_counts_new_due_soon_and_overdue_among_visible_leads(
        self, county_handler, province_supervisor, make_lead, facility_b, advance
    ):
        make_lead(), make_lead()  # new, due in 7 working days
        set_due(advance(make_lead(), LeadState.ACCEPTED), -1)
        set_due(make_lead(), 0)
        make_lead(facility=facility_b)  # another county: new for the province only
        assert menu_counts(county_handler) == {"new": 3, "due_soon": 1, "overdue": 1}
        assert menu_label(county_handler) == "投诉举报线索（新 3 · 临期 1 · 超期 1）"
        assert menu_label(province_supervisor) == "投诉举报线索（新 4 · 临期 1 · 超期 1）"

    def test_only_non_zero_counts_and_cached(self, county_handler, make_lead):
        assert menu_label(county_handler) == "投诉举报线索"
        assert counts_text({"new": 0, "due_soon": 2, "overdue": 0}) == "临期 2"
        make_lead()
        assert menu_label(county_handler) == "投诉举报线索"  # cached for a minute
        with CaptureQueriesContext(connection) as queries:
            menu_counts(county_handler)
        assert len(queries) == 0
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert menu_label(county_handler) == "投诉举报线索（新 1）"
        assert len([q for q in queries if "COUNT(" in q["sql"].upper()]) == 1  # one aggregate


# --- Bulk actions -----------------------------------------------------------------------


def audit(action, lead=None):
    entries = ModelLogEntry.objects.filter(action=action)
    if lead is not None:
        entries = entries.filter(object_id=str(lead.pk))
    return entries


class TestBulkActions:
    def test_accept_many(self, client, county_handler, make_lead):
        leads = [make_lead() for _ in range(3)]
        client.force_login(county_handler)
        url = bulk_url("accept", leads, next=INBOX)
        page = client.get(url).content.decode()
        assert all(lead.receipt_number in page for lead in leads)
        response = client.post(url, {"note": "批量受理"})
        assert response.status_code == 302 and response["Location"] == INBOX
        assert "“受理”已完成 3 条" in " ".join(messages_of(response))
        for lead in leads:
            lead.refresh_from_db()
            assert lead.state == LeadState.ACCEPTED
            assert audit("portal.lead.accept", lead).count() == 1
            assert lead.events.filter(state=LeadState.ACCEPTED, internal_text="批量受理").exists()
        entry = audit(BULK_ACTION).get()
        numbers = sorted(lead.receipt_number for lead in leads)
        assert (entry.user_id, entry.data["action"], sorted(entry.data["succeeded"])) == (
            county_handler.pk, "accept", numbers
        ) and entry.data["failed"] == {}  # fmt: skip
        assert entry.uuid == audit("portal.lead.accept", leads[0]).get().uuid

    def test_assign_reports_refusals_and_does_the_rest(
        self, client, county_supervisor, county_handler, make_lead, advance, lead_offices
    ):
        ready = [advance(make_lead(), LeadState.ACCEPTED) for _ in range(2)]
        not_accepted = make_lead()
        client.force_login(county_supervisor)
        url = bulk_url("assign", [*ready, not_accepted], next=INBOX)
        response = client.post(
            url, {"office": lead_offices.county_a.pk, "handler": county_handler.pk}
        )
        text = " ".join(messages_of(response))
        assert "已完成 2 条" in text
        assert not_accepted.receipt_number in text and "待受理" in text
        for lead in ready:
            lead.refresh_from_db()
            assert lead.state == LeadState.ASSIGNED
            assert lead.office == lead_offices.county_a and lead.handler == county_handler
        not_accepted.refresh_from_db()
        assert not_accepted.state == LeadState.RECEIVED and not_accepted.office is None
        assert not audit("portal.lead.assign", not_accepted).exists()
        entry = audit(BULK_ACTION).get()
        assert list(entry.data["failed"]) == [not_accepted.receipt_number]
        assert entry.data["office"] == lead_offices.county_a.pk

    def test_assign_form_errors_change_nothing(
        self, client, county_supervisor, city_supervisor, make_lead, advance, lead_offices
    ):
        lead = advance(make_lead(), LeadState.ACCEPTED)
        client.force_login(county_supervisor)
        url = bulk_url("assign", [lead], next=INBOX)
        for data, message in (
            ({}, "请选择"),
            ({"office": lead_offices.county_a.pk, "handler": city_supervisor.pk}, "承办人须为"),
            ({"office": lead_offices.market.pk}, "所选项无效"),
        ):
            response = client.post(url, data)
            assert response.status_code == 200
            assert message in response.content.decode()
        lead.refresh_from_db()
        assert lead.state == LeadState.ACCEPTED and not audit(BULK_ACTION).exists()

    def test_merge_into_a_lead(self, client, county_handler, make_lead, facility_b):
        target = make_lead()
        duplicates = [make_lead(), make_lead()]
        client.force_login(county_handler)
        url = bulk_url("merge", duplicates, next=INBOX)
        response = client.post(url, {"target": target.receipt_number})
        assert "已完成 2 条" in " ".join(messages_of(response))
        for lead in duplicates:
            lead.refresh_from_db()
            assert lead.state == LeadState.MERGED and lead.merged_into == target
        assert target.events.filter(kind="duplicate").count() == 2
        # A target the user may not see is not found; nothing changes.
        hidden = make_lead(facility=facility_b)
        other = make_lead()
        response = client.post(bulk_url("merge", [other]), {"target": hidden.receipt_number})
        assert response.status_code == 200 and "无权查看" in response.content.decode()
        assert state_of(other) == LeadState.RECEIVED

    def test_without_the_permission_every_lead_is_refused(self, client, county_viewer, make_lead):
        lead = make_lead()
        client.force_login(county_viewer)
        response = client.post(bulk_url("accept", [lead], next=INBOX))
        assert "没有“受理”的权限" in " ".join(messages_of(response))
        assert state_of(lead) == LeadState.RECEIVED
        assert audit(BULK_ACTION).get().data["failed"] == {
            lead.receipt_number: "您没有“受理”的权限。"
        }

    def test_leads_the_user_may_not_see_are_ignored(
        self, client, county_handler, make_lead, facility_b
    ):
        mine, theirs = make_lead(), make_lead(facility=facility_b)
        client.force_login(county_handler)
        page = client.get(bulk_url("accept", [mine, theirs])).content.decode()
        assert mine.receipt_number in page and theirs.receipt_number not in page
        response = client.post(bulk_url("accept", [mine, theirs], next=INBOX))
        text = " ".join(messages_of(response))
        assert "已完成 1 条" in text and "1 条所选线索不存在或您无权查看" in text
        assert state_of(theirs) == LeadState.RECEIVED

    def test_capped(self, client, province_supervisor, lead_category, facility_a):
        leads = quick_leads(MAX_LEADS + 1, lead_category, facility_a)
        client.force_login(province_supervisor)
        url = bulk_url("accept", leads, next=INBOX)
        page = client.get(url).content.decode()
        assert f"一次最多处理 {MAX_LEADS} 条线索" in page
        response = client.post(url)
        assert f"一次最多处理 {MAX_LEADS} 条线索" in " ".join(messages_of(response))
        assert not Lead.objects.exclude(state=LeadState.RECEIVED).exists()
        assert not audit("portal.lead.accept").exists()
        # "All in listing" follows the listing's filters: over the cap, refused; within, done.
        url = bulk_url("accept", next=INBOX, id="all", state="received")
        response = client.post(url)
        assert "一次最多处理" in " ".join(messages_of(response))
        Lead.objects.filter(pk__in=[lead.pk for lead in leads[:95]]).update(state=LeadState.CLOSED)
        response = client.post(url)
        assert "已完成 6 条" in " ".join(messages_of(response))
        assert Lead.objects.filter(state=LeadState.ACCEPTED).count() == 6

    def test_all_in_listing_follows_filters_and_search(
        self, client, county_handler, make_lead, facility_b
    ):
        plain, reward = make_lead(), make_lead(kind=LeadKind.REWARD)
        hidden = make_lead(kind=LeadKind.REWARD, facility=facility_b)
        client.force_login(county_handler)
        response = client.post(bulk_url("accept", id="all", kind="reward", next=INBOX))
        assert "已完成 1 条" in " ".join(messages_of(response))
        response = client.post(bulk_url("accept", id="all", q=plain.receipt_number, next=INBOX))
        assert "已完成 1 条" in " ".join(messages_of(response))
        states = dict(Lead.objects.values_list("pk", "state"))
        assert states[plain.pk] == states[reward.pk] == LeadState.ACCEPTED
        assert states[hidden.pk] == LeadState.RECEIVED

    def test_bulk_buttons_for_handlers_only(self, client, county_handler, county_viewer, make_lead):
        make_lead()
        page = page_of(client, county_handler)
        for action in ("accept", "assign", "merge"):
            assert reverse("wagtail_bulk_action", args=["portal", "lead", action]) in page
        assert "data-bulk-action-checkbox" in page and "bulk-actions.js" in page
        page = page_of(client, county_viewer)  # may view, not handle
        assert "data-bulk-action-checkbox" not in page and "bulk-actions.js" not in page


# --- Export -----------------------------------------------------------------------------


IDENTITY_TEXT = (*REPORTER.values(), *MASKED, "反映人", "匿名")


class TestExport:
    def test_csv_has_no_reporter(self, client, county_handler, make_lead, facility_b):
        named = make_lead()
        anonymous = make_lead(anonymous=True)
        hidden = make_lead(facility=facility_b)
        add_evidence(named, 3)
        client.force_login(county_handler)
        response = client.get(INBOX, {"export": "csv"})
        assert response.status_code == 200
        text = b"".join(response.streaming_content).decode()
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == ["受理编号", "类型", "类别", "被反映对象", "所在区划", "提交时间",
                           "状态", "主办机构", "承办人", "期限", "期限状态", "证据数"]  # fmt: skip
        assert {row[0]: row[-1] for row in rows[1:]} == {
            named.receipt_number: "3", anonymous.receipt_number: "0"
        }  # fmt: skip
        assert hidden.receipt_number not in text
        assert not any(value in text for value in IDENTITY_TEXT)
        entry = audit(EXPORT_ACTION).get()
        assert entry.user_id == county_handler.pk and entry.data["rows"] == 2

    def test_xlsx_has_no_reporter_and_follows_the_filters(
        self, client, county_handler, make_lead, advance
    ):
        received = make_lead()
        advance(make_lead(), LeadState.ACCEPTED)
        client.force_login(county_handler)
        response = client.get(INBOX, {"export": "xlsx", "state": "received"})
        assert response.status_code == 200
        workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        values = [[cell for cell in row] for row in workbook.active.iter_rows(values_only=True)]
        assert values[0][0] == "受理编号" and "反映人" not in values[0]
        assert [row[0] for row in values[1:]] == [received.receipt_number]
        flat = " ".join(str(cell) for row in values for cell in row if cell is not None)
        assert not any(value in flat for value in IDENTITY_TEXT)
        assert audit(EXPORT_ACTION).get().data["format"] == "xlsx"

    def test_the_export_never_loads_the_identity_columns(self, client, county_handler, make_lead):
        make_lead()
        client.force_login(county_handler)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(INBOX, {"export": "csv"})
            b"".join(response.streaming_content)
        lead_selects = [q["sql"] for q in queries if 'FROM "portal_lead"' in q["sql"]]
        assert lead_selects and not any('"reporter_name"' in sql for sql in lead_selects)


# --- Queries per page -------------------------------------------------------------------


class TestQueryCount:
    @pytest.mark.parametrize(
        "params",
        [{}, {"state": ["received", "accepted"], "deadline": "overdue", "duplicates": "true"},
         {"handler": "me", "reward": "false", "region": "", "ordering": "-due_on"}],
    )  # fmt: skip
    def test_fixed_number_of_queries_per_page(
        self, client, county_supervisor, lead_category, facility_a, lead_offices, params, today
    ):
        client.force_login(county_supervisor)

        def queries_for_page():
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(INBOX, params)
            return len(queries), len(ROW.findall(response.content.decode()))

        def add(n):
            leads = quick_leads(
                n, lead_category, facility_a, office=lead_offices.county_a,
                handler=county_supervisor, due_on=today - datetime.timedelta(days=2),
            )  # fmt: skip
            for lead, other in zip(leads, leads[1:] + leads[:1], strict=True):
                lead.possible_duplicates.add(other)
            return leads

        client.get(INBOX)  # the first admin visit creates the user's Wagtail profile
        add(3)
        few, rows = queries_for_page()
        assert rows == 3
        add(80)  # more than a page
        many, rows = queries_for_page()
        assert rows == 50 and few == many <= 30
