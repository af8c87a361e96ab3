"""The leads dashboard: its numbers on a small known set of leads, row-level access, the page."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.db.models.functions import TruncDate
from django.utils import timezone

from portal.leads import stats
from portal.models import (
    Authority,
    AuthorityKind,
    Lead,
    LeadCategory,
    LeadDeadline,
    LeadState,
    Region,
    StaffOffice,
    Stage,
)
from portal.setup import LEAD_HANDLER

TODAY = datetime.date(2025, 7, 15)
PERIOD = stats.Filters(first=datetime.date(2025, 1, 1), last=datetime.date(2025, 6, 1))
S = LeadState


def at(text: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


@pytest.fixture
def st_offices(db):
    def office(name, code):
        return Authority.objects.create(
            name=name, kind=AuthorityKind.HEALTH_SUPERVISION, region=Region.objects.get(code=code)
        )

    return {
        "chaoyang": office("北京市朝阳区卫生健康监督所", "110105"),
        "haidian": office("北京市海淀区卫生健康监督所", "110108"),
        "beijing": office("北京市卫生健康监督所", "110000"),
        "xihu": office("杭州市西湖区卫生健康监督所", "330106"),
    }


@pytest.fixture
def st_users(st_offices, django_user_model):
    group = Group.objects.get(name=LEAD_HANDLER)
    users = {}
    for key in ("chaoyang", "haidian", "beijing"):
        user = django_user_model.objects.create_user(username=f"st-{key}", password="pw-123456")
        user.groups.add(group)
        StaffOffice.objects.create(user=user, office=st_offices[key])
        users[key] = user
    users["nobody"] = django_user_model.objects.create_user(username="st-nobody", password="pw")
    users["nobody"].user_permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")
    )
    return users


@pytest.fixture
def st_leads(st_offices):
    """Leads in 朝阳 (L…), 海淀 (H…), 西湖 (W1) and one with no place (N1)."""
    categories = {c.name: c for c in LeadCategory.objects.all()}
    numbers = iter(range(1, 100))

    def lead(code, state, submitted, *, concluded=None, outcome="", office=None, due=None,
             met=None, category="非法行医", due_on=None):  # fmt: skip
        item = Lead.objects.create(
            receipt_number=f"JB2025{next(numbers):09d}",
            query_code_hash="x",
            kind="violation",
            state=state,
            category=categories[category],
            region=Region.objects.get(code=code) if code else None,
            description="测试线索",
            submitted_at=at(submitted),
            concluded_at=at(concluded) if concluded else None,
            outcome=outcome,
            office=st_offices.get(office),
            due_on=due_on,
        )
        if due:
            LeadDeadline.objects.create(
                lead=item,
                stage=Stage.CONCLUDE,
                started_on=item.submitted_at.date(),
                due_on=datetime.date.fromisoformat(due),
                met_at=at(met) if met else None,
            )
        return item

    return {
        "L1": lead("110105", S.CLOSED, "2025-01-10 10:00", concluded="2025-02-10 10:00",
                   outcome="substantiated", office="chaoyang", due="2025-03-01",
                   met="2025-02-10 10:00"),
        "L2": lead("110105", S.REPLIED, "2025-02-03 09:00", concluded="2025-02-13 09:00",
                   outcome="unfounded", office="chaoyang", due="2025-02-10",
                   met="2025-02-13 09:00", category="违规收费"),
        "L3": lead("110105", S.CONCLUDED, "2025-03-01 12:00", concluded="2025-03-21 12:00",
                   outcome="partly", office="chaoyang", due="2025-04-30",
                   met="2025-03-21 12:00", category="违规收费"),
        "L4": lead("110105", S.INVESTIGATING, "2025-05-05 08:00", office="chaoyang",
                   due="2025-06-30", due_on=datetime.date(2025, 6, 30)),
        "L5": lead("110105", S.CLOSED, "2024-12-20 15:00", concluded="2025-01-20 15:00",
                   outcome="substantiated", office="chaoyang", due="2025-03-01",
                   met="2025-01-20 15:00"),
        "L6": lead("110105", S.RECEIVED, "2025-06-10 23:30"),
        "H1": lead("110108", S.CLOSED, "2025-02-01 10:00", concluded="2025-04-01 10:00",
                   outcome="unverifiable", office="haidian", due="2025-03-20",
                   met="2025-04-01 10:00"),
        "H2": lead("110108", S.RECEIVED, "2025-04-01 10:00"),
        "N1": lead(None, S.REFUSED, "2025-03-03 10:00"),
        "W1": lead("330106", S.CLOSED, "2025-01-15 10:00", concluded="2025-01-25 10:00",
                   outcome="substantiated", due="2025-03-01", met="2025-01-25 10:00"),
    }  # fmt: skip


def leads_of(user, filters=PERIOD):
    return stats.leads_for(user, filters)


def counts_of(user, filters=PERIOD):
    return stats.counts(leads_of(user, filters), filters, TODAY)


def test_counts_by_state_category_and_month(st_users, st_leads):
    counts = counts_of(st_users["chaoyang"])
    states = {state: n for state, _label, n in counts.states}
    assert states == {
        **dict.fromkeys(S.values, 0),
        "closed": 1,  # L5 was received before the period
        "replied": 1,
        "concluded": 1,
        "investigating": 1,
        "received": 1,
    }
    assert counts.categories == [("非法行医", 3), ("违规收费", 2)]
    months = counts.months
    assert [m for m, _n in months] == [datetime.date(2025, m, 1) for m in range(1, 7)]
    assert [n for _m, n in months] == [1, 1, 1, 0, 1, 1]


def test_totals(st_users, st_leads):
    totals = counts_of(st_users["chaoyang"]).totals
    assert totals == stats.Totals(received=5, concluded=4, open=2, overdue=1)


def test_median_handling_time_in_days_and_working_days(st_users, st_leads):
    handling = stats.handling_time(leads_of(st_users["chaoyang"]), PERIOD)
    # Concluded in the period: L1 31 days, L2 10, L3 20, L5 31 → (20 + 31) / 2.
    assert handling.count == 4
    assert handling.median_days == Decimal("25.5")
    # Working days (receipt day not counted): L1 17 (across the 2025 Spring Festival and
    # its make-up Sunday 1-26), L2 8 (make-up Saturday 2-8 counts), L3 15, L5 20.
    assert handling.median_workdays == Decimal("16.0")


def test_median_of_an_odd_count_and_of_nothing(st_users, st_leads):
    haidian = stats.handling_time(leads_of(st_users["haidian"]), PERIOD)
    assert (haidian.count, haidian.median_days) == (1, Decimal("59.0"))
    empty = stats.Filters(first=datetime.date(2024, 1, 1), last=datetime.date(2024, 1, 1))
    assert stats.handling_time(leads_of(st_users["chaoyang"]), empty) == stats.HandlingTime(
        0, None, None
    )


def test_outcomes_and_substantiation_rate(st_users, st_leads):
    outcomes = counts_of(st_users["chaoyang"]).outcomes
    assert [(o, n) for o, _label, n in outcomes.counts] == [
        ("substantiated", 2),
        ("partly", 1),
        ("unfounded", 1),
        ("unverifiable", 0),
    ]
    assert (outcomes.total, outcomes.substantiated, outcomes.rate) == (4, 3, Decimal("75.0"))


def test_on_time_rate_per_office(st_users, st_leads, st_offices):
    rows = stats.on_time_by_office(leads_of(st_users["beijing"]), PERIOD, TODAY)
    by_office = {r.name: r for r in rows}
    chaoyang = by_office["北京市朝阳区卫生健康监督所"]
    # L1, L3, L5 on time; L2 late; L4 past due on 6-30 and still open.
    assert (chaoyang.due, chaoyang.on_time, chaoyang.late, chaoyang.overdue) == (5, 3, 1, 1)
    assert chaoyang.rate == Decimal("60.0")
    assert by_office["北京市海淀区卫生健康监督所"].rate == Decimal("0.0")
    assert by_office[""].due == 1  # W1 has no 主办 office
    assert stats.overall_rate(rows) == Decimal("57.1")  # 4 of 7
    # A deadline not yet due is not counted; one due after the period neither.
    before = stats.on_time_by_office(
        leads_of(st_users["chaoyang"]), PERIOD, datetime.date(2025, 6, 30)
    )
    assert {r.name: r.due for r in before} == {"北京市朝阳区卫生健康监督所": 4}


def test_a_county_user_counts_only_their_leads(st_users, st_leads):
    haidian = leads_of(st_users["haidian"])
    assert counts_of(st_users["haidian"]).totals.received == 2
    assert counts_of(st_users["haidian"]).outcomes.total == 1
    assert {r.name for r in stats.on_time_by_office(haidian, PERIOD, TODAY)} == {
        "北京市海淀区卫生健康监督所"
    }
    # A lead of 朝阳 assigned to the 海淀 user counts for them too (access rules).
    Lead.objects.filter(pk=st_leads["L4"].pk).update(handler=st_users["haidian"])
    assert counts_of(st_users["haidian"]).totals.received == 3
    # A provincial office sees everything.
    assert counts_of(st_users["beijing"]).totals.received == 9
    assert counts_of(st_users["nobody"]).totals.received == 0


def test_co_handled_leads_are_counted_once(st_users, st_leads, st_offices):
    st_leads["H1"].co_offices.set([st_offices["chaoyang"], st_offices["xihu"]])
    st_leads["L1"].co_offices.set([st_offices["haidian"], st_offices["xihu"]])
    assert counts_of(st_users["beijing"]).totals.received == 9
    assert counts_of(st_users["chaoyang"]).totals.received == 6


def test_counts_by_region(st_users, st_leads):
    beijing = st_users["beijing"]
    scope = stats.user_scope(beijing)
    assert scope.region is None  # a provincial office sees every region
    rows = stats.by_region(leads_of(beijing), PERIOD, scope)
    assert [(r.name, r.count) for r in rows] == [("北京市", 7), ("浙江省", 1), ("", 1)]
    only_beijing = stats.Filters(first=PERIOD.first, last=PERIOD.last, region="11")
    rows = stats.by_region(leads_of(beijing, only_beijing), only_beijing, scope)
    assert [(r.name, r.count) for r in rows] == [("朝阳区", 5), ("海淀区", 2)]
    chaoyang = st_users["chaoyang"]
    rows = stats.by_region(leads_of(chaoyang), PERIOD, stats.user_scope(chaoyang))
    assert [(r.name, r.count) for r in rows] == [("朝阳区", 5)]


def test_filters_from_the_query_string(st_users):
    scope = stats.user_scope(st_users["chaoyang"])
    default = stats.Filters.from_query({}, TODAY, scope)
    assert (default.first, default.last, default.region) == (
        datetime.date(2024, 8, 1),
        datetime.date(2025, 7, 1),
        "",
    )
    assert len(default.months()) == 12
    f = stats.Filters.from_query(
        {"from": "2025-01", "to": "2025-06", "region": "110105"}, TODAY, scope
    )
    assert (f.first, f.last, f.region, f.notes) == (PERIOD.first, PERIOD.last, "110105", ())
    assert f.end == at("2025-07-01 00:00")
    bad = stats.Filters.from_query(
        {"from": "2025-13", "to": "abc", "region": "110108"}, TODAY, scope
    )
    assert bad == default  # 海淀 is outside a 朝阳 user's scope
    assert [key for key, _v in bad.notes] == ["from", "to", "region"]
    swapped = stats.Filters.from_query({"from": "2025-06", "to": "2025-01"}, TODAY, scope)
    assert swapped == default and swapped.notes == (("order", ""),)
    long = stats.Filters.from_query({"from": "2020-01", "to": "2025-06"}, TODAY, scope)
    assert len(long.months()) == stats.MAX_MONTHS and long.notes == (("span", ""),)


def test_region_options_stay_in_the_users_scope(st_users, st_leads):
    options = stats.region_options(st_users["beijing"], stats.user_scope(st_users["beijing"]))
    assert [(o.prefix, o.depth) for o in options] == [
        ("11", 0), ("110105", 2), ("110108", 2), ("33", 0), ("3301", 1), ("330106", 2)
    ]  # fmt: skip
    chaoyang = stats.region_options(st_users["chaoyang"], stats.user_scope(st_users["chaoyang"]))
    assert [o.prefix for o in chaoyang] == ["110105"]


# --- the page ------------------------------------------------------------------------------

URL = "/admin/lead-stats/"
QUERY = {"from": "2025-01", "to": "2025-06"}


def test_dashboard_shows_charts_with_tables(client, st_users, st_leads):
    client.force_login(st_users["chaoyang"])
    response = client.get(URL, QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    for slug in ("leads-by-month", "leads-by-state", "leads-by-category", "leads-by-region",
                 "lead-outcomes", "lead-on-time"):  # fmt: skip
        assert f'id="{slug}-table"' in html
        assert f'aria-labelledby="{slug}-title {slug}-desc"' in html
    assert html.count("<caption>") == 6 and 'scope="row"' in html and 'scope="col"' in html
    assert 'data-stat="received">5<' in html
    assert 'data-stat="median-workdays">16.0<' in html
    assert 'data-stat="substantiated">75.0%<' in html
    assert "海淀" not in html  # neither leads nor region options of another county
    assert "<script" not in html.split('id="leads-by-month"')[1]


def test_dashboard_ignores_bad_filters(client, st_users, st_leads):
    client.force_login(st_users["chaoyang"])
    response = client.get(URL, {"from": "2025-99", "to": "<b>x</b>", "region": "110108"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "起始月份“2025-99”无效" in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert "不在您的管辖范围内" in html


def test_dashboard_needs_lead_access(client, st_users):
    client.force_login(st_users["nobody"])
    response = client.get(URL, QUERY)
    assert response.status_code == 302 and response.url == "/admin/"  # Wagtail's "no access"
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith("/admin/login/")


def test_menu_item_only_for_lead_staff(client, st_users):
    client.force_login(st_users["nobody"])
    assert URL not in client.get("/admin/").content.decode()
    client.force_login(st_users["chaoyang"])
    assert URL in client.get("/admin/").content.decode()


def test_local_dates_in_a_time_zone_with_daylight_saving(st_users, st_leads):
    assert stats.fixed_offset_minutes() == 480  # Asia/Shanghai
    with timezone.override("Europe/Berlin"):
        assert stats.fixed_offset_minutes() is None
        assert isinstance(stats.local_date("submitted_at"), TruncDate)
        handling = stats.handling_time(leads_of(st_users["chaoyang"]), PERIOD)
    assert handling.count == 4 and handling.median_workdays is not None
