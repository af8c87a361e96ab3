"""The database search backend on whichever database the suite runs (SQLite or PostgreSQL)."""

import datetime

import pytest
from django.db import connection

from portal.credit_code import make_uscc
from portal.models import Facility, PartyType, PenaltyType, Region
from search.indexing import reindex_all
from search.query import SearchQuery
from search.service import run_search

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def search(text="", **kwargs):
    return run_search(SearchQuery(text=text, **kwargs), backend="db")


def keys(results):
    return [hit.key for hit in results.hits]


@pytest.fixture
def records(facility, make_penalty, authority):
    """Three penalties of the dental clinic, a second clinic elsewhere, a natural person."""
    first = make_penalty(TODAY - datetime.timedelta(days=40), categories="警告;罚款")
    second = make_penalty(
        TODAY - datetime.timedelta(days=100),
        violation_type="非法开展医疗美容服务",
        facts="当事人在未取得医疗美容资质的情况下开展医疗美容项目。",
    )
    third = make_penalty(TODAY - datetime.timedelta(days=10), categories="罚款")
    minor = make_penalty(TODAY - datetime.timedelta(days=2), categories="警告")  # not published
    other = Facility.objects.create(
        name="杭州仁和医院有限公司",
        uscc=make_uscc("91", "330109", "MA000009"),
        region=Region.objects.get(code="330109"),
        facility_type="hospital",
    )
    elsewhere = make_penalty(TODAY - datetime.timedelta(days=5), facility=other)
    person = Facility.objects.create(
        name="张三丰",
        party_type=PartyType.NATURAL_PERSON,
        id_type="居民身份证",
        id_number="11010519491231002X",
        region=Region.objects.get(code="110105"),
        facility_type="practitioner",
    )
    personal = make_penalty(TODAY - datetime.timedelta(days=3), facility=person)
    reindex_all()
    return {
        "first": first,
        "second": second,
        "third": third,
        "elsewhere": elsewhere,
        "other": other,
        "person": person,
        "personal": personal,
        "minor": minor,
    }


def test_chinese_word_inside_a_longer_run_is_found(records, facility):
    results = search("康宁口腔")
    assert f"facility:{facility.pk}" == keys(results)[0]
    assert "<mark>康宁口腔</mark>" in results.hits[0].title_html
    assert results.total == 4  # the profile and its three penalties


def test_all_terms_must_match(records):
    assert keys(search("医疗美容 罚款")) == [f"penalty:{records['second'].pk}"]
    assert search("医疗美容 吊销").total == 0


def test_traditional_characters_find_simplified_text(records):
    assert keys(search("醫療美容")) == [f"penalty:{records['second'].pk}"]


def test_pinyin_and_initials_find_facility_names(records, facility):
    for text in ("kangning", "KangNingKouQiang", "knkq", "kouqiang"):
        assert keys(search(text))[0] == f"facility:{facility.pk}", text


@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code,
        lambda code: code.lower(),
        lambda code: "".join(chr(ord(c) + 0xFEE0) for c in code),  # full-width
        lambda code: f" {code[:9]} {code[9:]} ",
    ],
)
def test_exact_credit_code_ranks_first(records, facility, typed):
    results = search(typed(facility.uscc))
    assert results.hits[0].key == f"facility:{facility.pk}"
    assert results.hits[0].exact


def test_decision_number_in_any_bracket_style(records):
    number = records["first"].document_number  # 京朝卫罚〔YYYY〕000N号
    for typed in (
        number,
        number.replace("〔", "[").replace("〕", "]"),
        number.replace("〔", "（").replace("〕", "）"),
    ):
        results = search(typed)
        assert results.hits[0].key == f"penalty:{records['first'].pk}", typed
        assert results.hits[0].exact


def test_credit_code_typo_suggests_the_real_one(records, facility):
    code = facility.uscc
    typo = code[:5] + ("0" if code[5] != "0" else "1") + code[6:]
    results = search(typo)
    assert results.suggestion == code


def test_records_not_to_be_published_are_not_indexed(records):
    assert f"penalty:{records['minor'].pk}" not in keys(search(records["minor"].document_number))


def test_natural_person_has_no_profile_document_and_id_number_is_not_searchable(records):
    assert search("张三丰").hits and all(h.kind != "facility" for h in search("张三丰").hits)
    assert search("11010519491231002X").total == 0
    assert search("002X").total == 0


def test_filters(records, facility, authority):
    region = search("罚款", region="110000")
    assert records["elsewhere"].pk not in {h.object_id for h in region.hits}
    assert search("罚款", region="330000").total == 1
    assert search("罚款", kinds=("facility",)).total == 0
    assert search("罚款", authority=authority.pk).total >= 3
    warning = PenaltyType.objects.get(name="警告")
    fine = PenaltyType.objects.get(name="罚款")
    warned = {h.object_id for h in search("康宁", penalty_type=warning.pk).hits}
    assert records["first"].pk in warned and records["third"].pk not in warned
    assert records["third"].pk in {h.object_id for h in search("康宁", penalty_type=fine.pk).hits}
    assert search("罚款", facility_type="hospital").total == 1
    year = records["second"].decision_date.year
    assert records["second"].pk in {h.object_id for h in search("康宁", year=year).hits}
    recent = search("康宁", date_from=TODAY - datetime.timedelta(days=20))
    assert {h.object_id for h in recent.hits} == {records["third"].pk}


def test_facets_and_kind_counts(records, facility):
    results = search("康宁")
    kinds = {v.value: v.count for v in results.facets["kind"]}
    assert kinds == {"facility": 1, "penalty": 3}
    assert {v.label for v in results.facets["kind"]} == {"机构", "行政处罚"}
    filtered = search("康宁", kinds=("penalty",))
    assert filtered.total == 3
    assert filtered.kind_counts == {"facility": 1, "penalty": 3}  # ignores the kind filter
    regions = search("罚款").facets["region"]
    assert {v.value for v in regions} == {"110000", "330000"}
    assert {v.label for v in regions} == {"北京市", "浙江省"}
    years = [v.value for v in search("康宁").facets["year"]]
    assert years == sorted(years, reverse=True)


def test_filters_without_text_browse_by_date(records):
    results = search("", kinds=("penalty",))
    dates = [h.date for h in results.hits]
    assert dates == sorted(dates, reverse=True) and results.total == 5


def test_empty_query_returns_nothing(records):
    results = search("")
    assert results.total == 0 and results.hits == []


def test_sort_by_date_and_pages(records):
    dated = search("罚款", sort="date")
    assert [h.date for h in dated.hits] == sorted((h.date for h in dated.hits), reverse=True)
    first = search("罚款", per_page=2, page=1)
    second = search("罚款", per_page=2, page=2)
    assert len(first.hits) == 2 and not set(keys(first)) & set(keys(second))
    assert first.num_pages == -(-first.total // 2)


def test_expired_and_future_records_are_never_returned(records):
    first = records["first"]
    key = f"penalty:{first.pk}"
    after_end = first.publicity_ends_on + datetime.timedelta(days=1)
    assert key in keys(search(first.document_number))
    assert key not in keys(search(first.document_number, today=after_end))
    before = first.decision_date - datetime.timedelta(days=1)
    assert key not in keys(search(first.document_number, today=before))


def test_snippet_marks_the_query_in_the_body(records):
    hit = search("医疗美容资质").hits[0]
    assert "<mark>医疗美容资质</mark>" in hit.snippet_html


def test_markup_in_data_is_escaped(records, facility):
    facility.name = "<script>alert(1)</script>康宁"
    facility.save()
    reindex_all()
    hit = search("康宁").hits[0]
    assert "<script>" not in hit.title_html and "&lt;script&gt;" in hit.title_html


def test_fulltext_storage_is_the_one_for_this_database(records):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM search_fts")
        else:
            cursor.execute(
                "SELECT count(*) FROM portal_search_searchdocument WHERE fts IS NOT NULL"
            )
        assert cursor.fetchone()[0] >= 5


def test_very_common_words_answer_newest_first_with_a_lower_bound(records, monkeypatch):
    monkeypatch.setattr("search.backends.db.LARGE_MATCH_SET", 2)
    results = search("罚款")
    assert results.total_is_lower_bound and results.total == 2
    assert len(results.hits) == 5 and results.facets == {}
    # A filter that leaves few matches counts them exactly again.
    narrowed = search("罚款", region="330000")
    assert not narrowed.total_is_lower_bound and narrowed.total == 1


def test_very_common_words_still_put_title_matches_first(records, facility, monkeypatch):
    monkeypatch.setattr("search.backends.db.LARGE_MATCH_SET", 2)
    results = search("康宁")
    assert results.total_is_lower_bound
    assert results.hits[0].key == f"facility:{facility.pk}"
    assert {h.kind for h in results.hits} == {"facility", "penalty"}
    paged = [search("康宁", per_page=1, page=n).hits[0].key for n in (1, 2, 3, 4)]
    assert len(set(paged)) == 4 and paged[0] == results.hits[0].key
