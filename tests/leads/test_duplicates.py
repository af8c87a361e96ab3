"""Possible duplicates (portal/leads/duplicates.py): same subject and category within the
window, or similar text; stored both ways; dismissed with events and audit entries on both
leads, and never suggested again; confirmed by the workflow's merge. Links of a concluded
lead to its penalty and inspection."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from portal.credit_code import make_uscc
from portal.intake.tasks import find_duplicates
from portal.leads import duplicates, workflow
from portal.leads.errors import TransitionError
from portal.models import (
    InspectionResult,
    Lead,
    LeadCategory,
    LeadEvent,
    LeadState,
    PenaltyRecord,
)

pytestmark = pytest.mark.django_db
TEXT = "该诊所没有执业许可证，在居民楼内给人输液，还收取高额费用。"
SIMILAR = "该诊所没有执业许可证，在居民楼里给病人输液，还收取高额的费用。"
OTHER_TEXT = "医院停车场收费标准不公示，保安态度恶劣，请求核查。"


def pairs(lead):
    return set(lead.possible_duplicates.values_list("pk", flat=True))


def days_ago(n):
    return timezone.now() - datetime.timedelta(days=n)


@pytest.fixture
def other_category(lead_category):
    return LeadCategory.objects.exclude(pk=lead_category.pk).first()


# --- Text similarity --------------------------------------------------------------------


def test_similarity_is_the_jaccard_index_of_character_bigrams():
    assert duplicates.similarity(TEXT, TEXT) == 1.0
    assert duplicates.similarity("ＡＢ ｃ", "ab，C") == 1.0  # width, case, spaces, punctuation
    assert duplicates.similarity("甲乙丙", "甲乙丁") == pytest.approx(1 / 3)  # {甲乙} of 3
    assert duplicates.similarity(TEXT, OTHER_TEXT) < 0.1
    assert duplicates.similarity(TEXT, SIMILAR) >= 0.5
    assert duplicates.similarity("", TEXT) == 0.0


def test_names_are_compared_normalised():
    assert duplicates.normalise_name(" 康宁 诊所（朝阳店） ") == duplicates.normalise_name(
        "康宁诊所(朝阳店)"
    )
    assert duplicates.normalise_name("ＫＮ Clinic") == "knclinic"


# --- Matching ---------------------------------------------------------------------------


def test_same_facility_and_category_within_the_window_both_ways(make_lead):
    first = make_lead(submitted_at=days_ago(30))
    second = make_lead(description=OTHER_TEXT)
    assert find_duplicates(second) == [first]
    assert pairs(second) == {first.pk} and pairs(first) == {second.pk}
    assert find_duplicates(second) == [first]  # idempotent
    assert Lead.possible_duplicates.through.objects.count() == 2


def test_outside_the_window_closed_or_other_category_are_not_matched(
    make_lead, advance, other_category, facility_b
):
    make_lead(submitted_at=days_ago(91))  # outside 90 days
    advance(make_lead(), LeadState.CONCLUDED)  # no longer open
    make_lead(category=other_category, description=TEXT)  # same facility, other matter
    make_lead(facility=facility_b)  # another facility (and county)
    new = make_lead(description=OTHER_TEXT)
    assert find_duplicates(new) == []
    assert pairs(new) == set()


def test_the_window_is_a_setting(make_lead, settings):
    settings.PORTAL_DUPLICATE_WINDOW_DAYS = 10
    make_lead(submitted_at=days_ago(11), description=OTHER_TEXT)
    recent = make_lead(submitted_at=days_ago(9), description=OTHER_TEXT)
    assert find_duplicates(make_lead()) == [recent]


def test_same_name_typed_differently_in_the_same_region(make_lead, lead_regions):
    first = make_lead(facility=None, facility_name="西湖 康宁诊所", region=lead_regions.county_a)
    same = make_lead(facility=None, facility_name="西湖康宁诊所 ", region=lead_regions.county_a,
                     description=OTHER_TEXT)  # fmt: skip
    elsewhere = make_lead(facility=None, facility_name="西湖康宁诊所", region=lead_regions.county_b,
                          description=OTHER_TEXT)  # fmt: skip
    assert find_duplicates(same) == [first]
    assert elsewhere.pk not in pairs(same) and pairs(elsewhere) == set()


def test_a_typed_name_matches_the_facility_record(make_lead, facility_a, lead_regions):
    known = make_lead(facility=facility_a, description=OTHER_TEXT)
    typed = make_lead(facility=None, facility_name="杭州西湖康宁诊所", region=lead_regions.county_a)
    assert find_duplicates(typed) == [known]


def test_similar_text_matches_across_categories_of_one_facility(make_lead, other_category):
    first = make_lead(category=other_category, description=TEXT)
    unrelated = make_lead(category=other_category, description=OTHER_TEXT)
    new = make_lead(description=SIMILAR)
    assert find_duplicates(new) == [first]
    assert unrelated.pk not in pairs(new)


def test_similar_text_matches_other_names_in_the_same_region_and_category(
    make_lead, lead_regions, settings
):
    first = make_lead(facility=None, facility_name="居民楼黑诊所", region=lead_regions.county_a)
    new = make_lead(facility=None, facility_name="文三路无名诊所", region=lead_regions.county_a,
                    description=SIMILAR)  # fmt: skip
    assert find_duplicates(new) == [first]
    settings.PORTAL_DUPLICATE_TEXT_SIMILARITY = 0.95  # stricter: no longer alike
    Lead.possible_duplicates.through.objects.all().delete()
    assert find_duplicates(new) == []


def test_same_subject_comes_before_similar_text(make_lead, other_category):
    alike = make_lead(category=other_category, description=SIMILAR)
    same = make_lead(description=OTHER_TEXT)
    assert find_duplicates(make_lead()) == [same, alike]


# --- Dismissing -------------------------------------------------------------------------


@pytest.fixture
def pair(make_lead):
    first = make_lead(submitted_at=days_ago(3))
    second = make_lead()
    find_duplicates(second)
    return first, second


def test_dismiss_unlinks_both_and_writes_both_timelines(pair, county_handler):
    first, second = pair
    duplicates.dismiss(county_handler, second, first, note="被反映的是两个不同的诊所。")
    assert pairs(first) == set() and pairs(second) == set()
    for this, that in ((second, first), (first, second)):
        event = this.events.get(kind=LeadEvent.Kind.DUPLICATE)
        assert that.receipt_number in event.internal_text and not event.public
        assert event.actor == county_handler and "两个不同的诊所" in event.internal_text
        entry = ModelLogEntry.objects.get(object_id=str(this.pk), action=duplicates.DISMISS_ACTION)
        assert entry.user_id == county_handler.pk
        assert entry.data["other"] == that.pk and entry.data["event"] == event.pk
    # Never suggested again, from either side.
    assert find_duplicates(second) == [] and find_duplicates(first) == []


def test_dismiss_refusals_change_nothing(pair, county_viewer, other_county_handler, make_lead,
                                         county_handler):  # fmt: skip
    first, second = pair
    unrelated = make_lead()
    cases = [
        (county_viewer, second, first, "没有办理线索的权限"),
        (other_county_handler, second, first, "无权办理"),
        (county_handler, second, unrelated, "未被标记为可能重复"),
        (county_handler, second, second, "不能与自身比较"),
    ]
    for user, lead, other, message in cases:
        with pytest.raises(TransitionError, match=message):
            duplicates.dismiss(user, lead, other)
    assert pairs(second) == {first.pk} and pairs(first) == {second.pk}
    assert not LeadEvent.objects.filter(kind=LeadEvent.Kind.DUPLICATE).exists()
    assert not ModelLogEntry.objects.filter(action=duplicates.DISMISS_ACTION).exists()


def test_confirming_is_the_workflow_merge(pair, county_handler):
    first, second = pair
    workflow.perform(county_handler, second, "merge", target=first)
    second.refresh_from_db()
    assert second.state == LeadState.MERGED and second.merged_into == first
    assert pairs(first) == set() and pairs(second) == set()
    assert first.events.filter(kind=LeadEvent.Kind.DUPLICATE).exists()
    assert second.events.filter(kind=LeadEvent.Kind.DUPLICATE).exists()


# --- Links to the penalty and the inspection --------------------------------------------


@pytest.fixture
def enforcer(lead_offices):
    office = lead_offices.county_a_supervision
    office.uscc = make_uscc("12", "330106", "00000007")
    office.save()
    return office


def record_values(facility, enforcer, number):
    return dict(
        record_key=f"{enforcer.uscc}|{number}",
        facility=facility,
        authority=enforcer,
        document_number=number,
        decision_date=timezone.localdate(),
    )


@pytest.fixture
def penalty_of(enforcer):
    def make(facility, number="杭西卫罚〔2025〕1号", **extra):
        return PenaltyRecord.objects.create(
            **record_values(facility, enforcer, number), violation_type="非法行医",
            facts="未取得医疗机构执业许可证擅自执业。", legal_basis="《基本医疗卫生与健康促进法》",
            penalty_categories="罚款", content="罚款人民币5万元", **extra,
        )  # fmt: skip

    return make


@pytest.fixture
def inspection_of(enforcer):
    def make(facility, number="杭西卫检〔2025〕3号"):
        return InspectionResult.objects.create(
            **record_values(facility, enforcer, number), plan_number="ZJ-2025-01",
            plan_name="2025年医疗机构随机抽查", task_name="西湖区诊所",
            result=InspectionResult.Result.CORRECTED,
        )  # fmt: skip

    return make


@pytest.fixture
def concluded(make_lead, advance):
    return advance(make_lead(), LeadState.CONCLUDED)


def test_link_and_unlink_a_penalty_and_an_inspection(concluded, county_handler, facility_a,
                                                     penalty_of, inspection_of):  # fmt: skip
    penalty, inspection = penalty_of(facility_a), inspection_of(facility_a)
    event = duplicates.link(county_handler, concluded, penalty=penalty, inspection=inspection)
    assert (concluded.penalty, concluded.inspection) == (penalty, inspection)
    assert event.kind == LeadEvent.Kind.LINK and not event.public
    assert penalty.document_number in event.internal_text
    assert list(penalty.leads.all()) == [concluded]
    entry = ModelLogEntry.objects.get(object_id=str(concluded.pk), action=duplicates.LINK_ACTION)
    assert entry.data == {"penalty": penalty.pk, "inspection": inspection.pk, "event": event.pk}

    duplicates.unlink(county_handler, concluded, penalty=True)
    assert concluded.penalty is None and concluded.inspection == inspection
    entry = ModelLogEntry.objects.get(object_id=str(concluded.pk), action=duplicates.UNLINK_ACTION)
    assert entry.data["penalty"] == penalty.pk and entry.user_id == county_handler.pk
    with pytest.raises(TransitionError, match="没有可取消的关联"):
        duplicates.unlink(county_handler, concluded, penalty=True)


def test_link_refusals_change_nothing(concluded, county_handler, county_viewer, other_county_handler,
                                      make_lead, facility_a, facility_b, penalty_of, inspection_of,
                                      advance, lead_regions):  # fmt: skip
    own = penalty_of(facility_a)
    foreign = penalty_of(facility_b, "杭西卫罚〔2025〕2号")
    withdrawn = penalty_of(facility_a, "杭西卫罚〔2025〕3号", withdrawn_at=timezone.now())
    open_lead = make_lead()
    nameless = advance(make_lead(facility=None, region=lead_regions.county_a), LeadState.CONCLUDED)
    cases = [
        (county_handler, concluded, {"penalty": foreign}, "不是关于被反映机构"),
        (county_handler, concluded, {"penalty": withdrawn}, "已撤下"),
        (county_handler, concluded, {"penalty": inspection_of(facility_a)}, "请选择行政处罚"),
        (county_handler, concluded, {}, "请选择要关联"),
        (county_handler, open_lead, {"penalty": own}, "办结后"),
        (county_handler, nameless, {"penalty": own}, "未关联被反映机构"),
        (county_viewer, concluded, {"penalty": own}, "没有办理线索的权限"),
        (other_county_handler, concluded, {"penalty": own}, "无权办理"),
    ]
    for user, lead, data, message in cases:
        with pytest.raises(TransitionError, match=message):
            duplicates.link(user, lead, **data)
    assert not Lead.objects.filter(penalty__isnull=False).exists()
    assert not LeadEvent.objects.filter(kind=LeadEvent.Kind.LINK).exists()
    assert not ModelLogEntry.objects.filter(action=duplicates.LINK_ACTION).exists()


def test_can_link(concluded, make_lead, county_handler, county_viewer):
    assert duplicates.can_link(county_handler, concluded)
    assert not duplicates.can_link(county_viewer, concluded)
    assert not duplicates.can_link(county_handler, make_lead())
