"""The facility risk score (portal/leads/risk.py) and its admin list (portal/admin/risk.py):
the formula on a small fixture, weights change the ranking, recomputing is a fixed number of
queries whatever the number of facilities, the list is read-only and the recompute button
is permission-checked."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from portal.credit_code import make_uscc
from portal.leads import risk
from portal.models import (
    Facility,
    FacilityRisk,
    InspectionResult,
    Lead,
    LeadOutcome,
    LeadState,
    PenaltyRecord,
    PracticeScore,
    RiskFactor,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
INDEX = "/admin/facility-risk/"
RECOMPUTE = "/admin/facility-risk/recompute/"


def months_ago(n):
    return TODAY - datetime.timedelta(days=31 * n)


@pytest.fixture
def enforcer(lead_offices):
    office = lead_offices.county_a_supervision
    office.uscc = make_uscc("12", "330106", "00000007")
    office.save()
    return office


@pytest.fixture
def records(enforcer):
    """records.penalty(facility, **kw), .inspection(facility, result, **kw),
    .points(facility, n, **kw): saved like the back office saves them."""
    counter = iter(range(1, 100_000))

    def common(facility, decision_date=None, **extra):
        number = f"杭西卫〔2025〕{next(counter)}号"
        return dict(
            record_key=f"{enforcer.uscc}|{number}",
            facility=facility,
            authority=enforcer,
            document_number=number,
            decision_date=decision_date or TODAY - datetime.timedelta(days=10),
            **extra,
        )

    class Records:
        @staticmethod
        def penalty(facility, **extra):
            return PenaltyRecord.objects.create(
                **common(facility, **extra), violation_type="非法行医", facts="无证行医。",
                legal_basis="《医疗机构管理条例》", penalty_categories="罚款", content="罚款",
            )  # fmt: skip

        @staticmethod
        def inspection(facility, result, **extra):
            return InspectionResult.objects.create(
                **common(facility, **extra), plan_number="ZJ-01", plan_name="随机抽查",
                task_name="诊所", result=result,
            )  # fmt: skip

        @staticmethod
        def points(facility, n, **extra):
            return PracticeScore.objects.create(
                **common(facility, **extra), points=n, behaviour="未按规定书写病历。"
            )

    return Records


@pytest.fixture
def lead_with(make_lead):
    """lead_with(state, outcome="", facility=..., submitted_at=None)."""

    def make(state=LeadState.RECEIVED, outcome="", **kwargs):
        lead = make_lead(**kwargs)
        Lead.objects.filter(pk=lead.pk).update(state=state, outcome=outcome)
        return lead

    return make


@pytest.fixture
def world(facility_a, facility_b, records, lead_with):
    """facility_a: 2 plain leads, 2 substantiated, 2 penalties, 2 failed inspections,
    6 points in their windows, plus everything that must not count; facility_b: 1 penalty."""
    Result = InspectionResult.Result
    lead_with()  # open
    lead_with(LeadState.CONCLUDED, LeadOutcome.UNFOUNDED)
    lead_with(LeadState.CONCLUDED, LeadOutcome.SUBSTANTIATED)
    lead_with(LeadState.CLOSED, LeadOutcome.PARTLY)
    lead_with(LeadState.REFUSED)  # not counted
    lead_with(LeadState.MERGED)  # not counted: its target counts
    old = timezone.now() - datetime.timedelta(days=31 * 25)
    lead_with(LeadState.CONCLUDED, LeadOutcome.SUBSTANTIATED, submitted_at=old)  # too old
    records.penalty(facility_a)
    records.penalty(facility_a, decision_date=months_ago(20))
    records.penalty(facility_a, withdrawn_at=timezone.now())  # withdrawn: not counted
    records.penalty(facility_a, decision_date=months_ago(30))  # too old
    records.penalty(facility_a, live=False)  # a draft: not counted
    records.inspection(facility_a, Result.CORRECTED)
    records.inspection(facility_a, Result.TRANSFERRED)
    records.inspection(facility_a, Result.NO_PROBLEM)  # passed
    records.points(facility_a, 4)
    records.points(facility_a, 2, decision_date=months_ago(11))
    records.points(facility_a, 6, decision_date=months_ago(13))  # points: 12-month window
    records.penalty(facility_b)
    return facility_a, facility_b


def set_weights(**weights):
    for key, weight in weights.items():
        RiskFactor.objects.filter(key=key).update(weight=Decimal(weight))


# --- The formula ------------------------------------------------------------------------


def test_default_factors_are_created_once_and_edits_kept():
    assert dict(RiskFactor.objects.values_list("key", "weight")) == {
        key: weight for key, (weight, _months) in risk.DEFAULTS.items()
    }
    set_weights(penalty="7")
    RiskFactor.objects.filter(key="lead").delete()
    risk.ensure_risk_factors()
    risk.ensure_risk_factors()
    weights = dict(RiskFactor.objects.values_list("key", "weight"))
    assert weights["penalty"] == Decimal("7") and weights["lead"] == Decimal("1")
    assert RiskFactor.objects.count() == 5


def test_the_formula_on_a_small_world(world):
    facility_a, facility_b = world
    assert risk.recompute_all() == 2
    a = FacilityRisk.objects.get(facility=facility_a)
    assert (a.leads, a.substantiated_leads, a.penalties, a.failed_inspections,
            a.practice_points) == (2, 2, 2, 2, 6)  # fmt: skip
    assert a.score == 2 * 1 + 2 * 5 + 2 * 4 + 2 * 3 + Decimal("6") * Decimal("0.5")  # 29
    b = FacilityRisk.objects.get(facility=facility_b)
    assert (b.score, b.penalties, b.leads) == (Decimal("4"), 1, 0)
    assert list(risk.high_risk()) == [a, b] and list(risk.high_risk(1)) == [a]


def test_windows_are_per_factor(world):
    facility_a, _ = world
    RiskFactor.objects.filter(key="penalty").update(window_months=36)
    RiskFactor.objects.filter(key="practice_point").update(window_months=24)
    risk.recompute_all()
    a = FacilityRisk.objects.get(facility=facility_a)
    assert (a.penalties, a.practice_points) == (3, 12)


def test_weights_change_the_ranking(world, records):
    facility_a, facility_b = world
    for _ in range(2):
        records.penalty(facility_b)  # b: 3 penalties, a: 2
    risk.recompute_all()
    assert [r.facility for r in risk.high_risk()] == [facility_a, facility_b]
    set_weights(lead="0", substantiated_lead="0", failed_inspection="0", practice_point="0",
                penalty="10")  # fmt: skip
    risk.recompute_all()
    ranking = list(risk.high_risk())
    assert [r.facility for r in ranking] == [facility_b, facility_a]
    assert [r.score for r in ranking] == [Decimal("30"), Decimal("20")]
    assert ranking[1].leads == 2  # counts are kept even when a factor weighs nothing


def test_rows_follow_the_data(world):
    facility_a, facility_b = world
    risk.recompute_all()
    first = FacilityRisk.objects.get(facility=facility_b).computed_at
    PenaltyRecord.objects.filter(facility=facility_b).update(withdrawn_at=timezone.now())
    risk.recompute_all()
    assert list(FacilityRisk.objects.values_list("facility_id", flat=True)) == [facility_a.pk]
    assert FacilityRisk.objects.get(facility=facility_a).computed_at > first


def test_weights_for_random_draws(world):
    facility_a, facility_b = world
    risk.recompute_all()
    weights = risk.weights_for([facility_a.pk, facility_b.pk, 999_999, facility_a.pk])
    assert weights == {facility_a.pk: Decimal("30"), facility_b.pk: Decimal("5"),
                       999_999: Decimal("1")}  # fmt: skip


def many_facilities(n, enforcer, region):
    """n facilities with one penalty each, written in bulk (fast)."""
    start = Facility.objects.count()
    facilities = Facility.objects.bulk_create(
        [Facility(name=f"测试诊所{start + i}", region=region) for i in range(n)]
    )
    PenaltyRecord.objects.bulk_create(
        [
            PenaltyRecord(
                record_key=f"bulk|{f.pk}",
                facility=f,
                authority=enforcer,
                document_number=f"批量{f.pk}",
                decision_date=TODAY,
                violation_type="x",
                facts="x",
                legal_basis="x",
                penalty_categories="罚款",
                content="x",
            )  # fmt: skip
            for f in facilities
        ]
    )


def test_recomputing_is_bulk(enforcer, lead_regions, lead_with):
    lead_with(LeadState.CONCLUDED, LeadOutcome.SUBSTANTIATED)
    many_facilities(3, enforcer, lead_regions.county_a)
    with CaptureQueriesContext(connection) as few:
        assert risk.recompute_all() == 4
    many_facilities(300, enforcer, lead_regions.county_a)
    with CaptureQueriesContext(connection) as many:
        assert risk.recompute_all() == 304
    assert len(many) == len(few) <= 10
    assert FacilityRisk.objects.filter(score=Decimal("4"), penalties=1).count() == 303


# --- The admin list ---------------------------------------------------------------------


def test_the_list_shows_scores_and_components(client, world, lead_admin):
    facility_a, facility_b = world
    risk.recompute_all()
    client.force_login(lead_admin)
    response = client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(facility_a.name) < html.index(facility_b.name)  # by score
    assert "29.00" in html and "重新计算" in html and RECOMPUTE in html
    for label in ("风险分", "查实线索", "行政处罚", "抽查不合格", "记分", "计算时间"):
        assert label in html
    edit_url = reverse("wagtailsnippets_portal_facility:edit", args=[facility_a.pk])
    assert edit_url in html  # the name links to the facility
    assert "facility-risk/new/" not in html and "facility-risk/edit/" not in html
    for name in ("add", "edit", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"facility-risk:{name}", args=[1] if name != "add" else [])


def test_the_list_filters_by_region(client, world, lead_admin, lead_regions):
    facility_a, facility_b = world
    risk.recompute_all()
    client.force_login(lead_admin)
    html = client.get(INDEX, {"region": lead_regions.city_b.pk}).content.decode()
    assert facility_b.name in html and facility_a.name not in html
    response = client.get(INDEX, {"region": "not-a-region"})
    assert response.status_code == 200


def test_who_sees_the_list(client, world, county_supervisor, county_handler):
    risk.recompute_all()
    client.force_login(county_supervisor)  # view permission (线索负责人), no recompute
    response = client.get(INDEX)
    assert response.status_code == 200
    assert RECOMPUTE not in response.content.decode()
    client.force_login(county_handler)  # no view permission
    assert client.get(INDEX).status_code == 302


def test_recompute_needs_the_permission(client, world, county_supervisor):
    client.force_login(county_supervisor)
    assert client.get(RECOMPUTE).status_code == 302
    assert client.post(RECOMPUTE).status_code == 302
    assert not FacilityRisk.objects.exists()


def test_recompute_button(client, world, lead_admin, django_capture_on_commit_callbacks):
    client.force_login(lead_admin)
    page = client.get(RECOMPUTE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "尚未计算" in html and 'method="post"' in html and "不良执业行为记分" in html
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(RECOMPUTE)
    assert response.status_code == 302 and response["Location"] == INDEX
    assert not FacilityRisk.objects.exists()  # the request only queues the task
    assert len(queued) == 1
    queued[0]()  # the django-q2 task (synchronous in tests)
    assert FacilityRisk.objects.count() == 2
    assert "上次计算" in client.get(RECOMPUTE).content.decode()


def factors_registered():
    try:
        reverse("risk-factors:index")
    except NoReverseMatch:
        return False
    return True


@pytest.mark.skipif("not factors_registered()", reason="RiskFactorViewSet not in LeadsGroup yet")
def test_weights_are_edited_in_the_admin(client, lead_admin, county_supervisor):
    factor = RiskFactor.objects.get(key="penalty")
    url = reverse("risk-factors:edit", args=[factor.pk])
    client.force_login(lead_admin)
    assert client.get(reverse("risk-factors:index")).status_code == 200
    response = client.post(url, {"weight": "-1", "window_months": "24"})
    assert response.status_code == 200 and "权重须在 0 至 1000 之间" in response.content.decode()
    response = client.post(url, {"weight": "6.5", "window_months": "0"})
    assert "统计期须在 1 至 120 个月之间" in response.content.decode()
    factor.refresh_from_db()
    assert factor.weight == Decimal("4")
    assert client.post(url, {"weight": "6.5", "window_months": "36"}).status_code == 302
    factor.refresh_from_db()
    assert (factor.weight, factor.window_months) == (Decimal("6.5"), 36)
    assert ModelLogEntry.objects.filter(object_id=str(factor.pk), action="wagtail.edit").exists()
    for name in ("add", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"risk-factors:{name}", args=[factor.pk] if name == "delete" else [])
    client.force_login(county_supervisor)
    assert client.post(url, {"weight": "100", "window_months": "24"}).status_code == 302
    factor.refresh_from_db()
    assert factor.weight == Decimal("6.5")
