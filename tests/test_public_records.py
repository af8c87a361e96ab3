"""Public record pages (docs/public.md): lists and filters, detail (410/404), party profile,
masking of ID numbers, canonical profile URLs, and a fixed number of queries per page."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from portal.admin.actions import repair, withdraw
from portal.credit_code import make_uscc
from portal.id_number import id_check_char
from portal.models import (
    Authority,
    AuthorityKind,
    BlacklistEntry,
    Facility,
    InspectionResult,
    LicenceRecord,
    PenaltyType,
    PracticeScore,
    Region,
)
from portal.public.formatting import format_wan, redact_id_numbers

TODAY = timezone.localdate()
RECENT = TODAY - datetime.timedelta(days=20)
OLD = TODAY - datetime.timedelta(days=400)
PENALTIES = "/records/penalties/"
ID_NUMBER = "11010519491231002" + id_check_char("11010519491231002")
REP_ID_NUMBER = "33010619800101123" + id_check_char("33010619800101123")
NOINDEX = '<meta name="robots" content="noindex">'


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def cards(response):
    return response.content.decode().count('class="record-card"')


@pytest.fixture
def hz_authority(db):
    return Authority.objects.create(
        name="杭州市西湖区卫生健康局",
        kind=AuthorityKind.HEALTH_COMMISSION,
        uscc=make_uscc("11", "330106", "00000201"),
        region=Region.objects.get(code="330106"),
    )


@pytest.fixture
def hz_facility(db):
    return Facility.objects.create(
        name="杭州西湖康复诊所",
        uscc=make_uscc("52", "330106", "MA000002"),
        region=Region.objects.get(code="330106"),
        facility_type="clinic",
        legal_representative="王五",
        legal_rep_id_type="居民身份证",
        legal_rep_id_number=REP_ID_NUMBER,
    )


@pytest.fixture
def person(region):
    return Facility.objects.create(
        party_type="natural_person",
        name="张医生",
        id_type="居民身份证",
        id_number=ID_NUMBER,
        legal_rep_id_number=REP_ID_NUMBER,  # must never show either
        region=region,
        facility_type="practitioner",
    )


@pytest.fixture
def two(make_penalty, hz_facility, hz_authority):
    """A: 朝阳区 dental, recent 罚款. B: 西湖区 clinic, 400 days ago, 吊销 (serious: 3 years)."""
    a = make_penalty(RECENT, "罚款", party_name="北京康宁口腔诊所有限公司")
    b = make_penalty(OLD, "罚款;吊销许可证件", facility=hz_facility, authority=hz_authority)
    return a, b


def listed(client, query, *records):
    html = client.get(PENALTIES + query).content.decode()
    return [f"/records/penalties/{r.pk}/" in html for r in records]


# --- Lists and filters ------------------------------------------------------------------------


@pytest.mark.django_db
class TestLists:
    def test_plain_list_is_indexable_and_shows_public_records(self, client, two):
        response = client.get(PENALTIES)
        assert response.status_code == 200
        html = response.content.decode()
        assert NOINDEX not in html
        assert cards(response) == 2 and "共 2 条" in html
        assert "0.5万元（5,000元）" in html

    @pytest.mark.parametrize(
        "build, expected",
        [
            (lambda a, b: "?region=110000", (True, False)),
            (lambda a, b: "?region=110105", (True, False)),
            (lambda a, b: f"?authority={b.authority_id}", (False, True)),
            (lambda a, b: f"?from={RECENT}", (True, False)),
            (lambda a, b: f"?to={b.decision_date}", (False, True)),
            (lambda a, b: f"?from={RECENT}&to={RECENT}", (True, False)),
            (lambda a, b: f"?year={b.decision_date.year}", (False, True)),
            (
                lambda a, b: f"?category={PenaltyType.objects.get(name='吊销许可证件').pk}",
                (False, True),
            ),
            (lambda a, b: f"?category={PenaltyType.objects.get(name='罚款').pk}", (True, True)),
            (lambda a, b: "?type=dental", (True, False)),
            (lambda a, b: "?q=康宁", (True, False)),
            (lambda a, b: "?q=京朝卫罚", (True, True)),
            (lambda a, b: f"?q={b.document_number}", (False, True)),
            (lambda a, b: f"?facility={a.facility_id}", (True, False)),
        ],
    )
    def test_each_filter_works_and_is_noindex(self, client, two, build, expected):
        a, b = two
        query = build(a, b)
        assert tuple(listed(client, query, a, b)) == expected
        assert NOINDEX in client.get(PENALTIES + query).content.decode()

    def test_filters_combine(self, client, two):
        a, b = two
        assert listed(client, "?region=330000&type=clinic", a, b) == [False, True]
        assert listed(client, "?region=330000&type=dental", a, b) == [False, False]
        # An invalid region ("11" is no division code) is ignored, which widens the list.
        assert listed(client, f"?region=11&q=康宁&from={RECENT}", a, b) == [True, False]
        assert listed(client, f"?region=110000&q=康宁&from={RECENT}", a, b) == [True, False]

    def test_region_subtree_district_under_city_and_province(self, client, two):
        _a, b = two
        for code in ("330106", "330100", "330000"):
            assert listed(client, f"?region={code}", b) == [True]
        html = client.get(PENALTIES).content.decode()
        # The select offers the tree: province, city indented, district indented twice.
        assert re.search(r'value="330000">浙江省（1）', html)
        assert re.search(r'value="330100">\u3000杭州市（1）', html)
        assert re.search(r'value="330106">\u3000\u3000西湖区（1）', html)

    def test_sort_oldest_first(self, client, two):
        a, b = two
        html = client.get(PENALTIES + "?sort=oldest").content.decode()
        assert html.index(f"/penalties/{b.pk}/") < html.index(f"/penalties/{a.pk}/")
        html = client.get(PENALTIES).content.decode()
        assert html.index(f"/penalties/{a.pk}/") < html.index(f"/penalties/{b.pk}/")

    def test_pagination_total_and_last_page(self, client, make_penalty):
        for i in range(45):
            make_penalty(days_ago(i + 1))
        first = client.get(PENALTIES)
        assert cards(first) == 20 and "共 45 条" in first.content.decode()
        assert cards(client.get(PENALTIES + "?page=3")) == 5
        beyond = client.get(PENALTIES + "?page=99")
        assert beyond.status_code == 200 and cards(beyond) == 5
        assert "已显示最后一页" in beyond.content.decode()
        assert cards(client.get(PENALTIES + "?page=abc")) == 20

    def test_empty_state_explains_and_offers_to_widen(self, client, two):
        html = client.get(PENALTIES + "?region=330000&type=dental").content.decode()
        assert "没有找到符合条件的行政处罚信息" in html
        assert "所在区划：浙江省" in html and "机构类型：口腔诊所" in html
        assert 'href="?type=dental"' in html  # removes the region
        assert 'href="?region=330000"' in html  # removes the type

    @pytest.mark.parametrize(
        "query",
        [
            "?from=2025-13-45",
            "?to=yesterday",
            "?region=999999",
            "?region=abc",
            "?authority=0",
            "?authority=99999",
            "?authority=x",
            "?year=abcd",
            "?year=99999",
            "?category=99999",
            "?type=spaceship",
            "?facility=-1",
            "?page=abc",
            "?page=-3",
            "?page=99999999999999999999",
            "?sort=sideways",
            "?q=" + "长" * 300,
            "?from=2026-02-01&to=2025-01-01",
            "?region=%00",
        ],
    )
    def test_bad_parameters_never_fail(self, client, two, query):
        response = client.get(PENALTIES + query)
        assert response.status_code == 200
        if "page" not in query and "2026-02-01" not in query:
            assert "已忽略" in response.content.decode()

    @pytest.mark.parametrize("slug", ["licences", "blacklist", "inspections", "scores"])
    def test_other_kinds_list_and_detail(self, client, other_kinds, slug):
        record = other_kinds[slug]
        assert f"/records/{slug}/{record.pk}/" in client.get(f"/records/{slug}/").content.decode()
        assert client.get(f"/records/{slug}/{record.pk}/").status_code == 200

    def test_english_list(self, client, two):
        assert client.get("/en" + PENALTIES).status_code == 200


# --- Other kinds ------------------------------------------------------------------------------


def common(facility, authority, key, number, decided):
    return dict(
        record_key=key,
        facility=facility,
        authority=authority,
        document_number=number,
        decision_date=decided,
        live=True,
    )


def make_licence(facility, authority, key="lic-1", valid_to=None, **extra):
    return LicenceRecord.objects.create(
        **common(facility, authority, key, f"京朝卫医许〔2025〕{key}号", RECENT),
        document_name="医疗机构执业许可决定书",
        certificate_name="医疗机构执业许可证",
        licence_number="PDY0001",
        content="准予执业登记",
        valid_from=RECENT,
        valid_to=valid_to,
        **extra,
    )


@pytest.fixture
def other_kinds(facility, authority):
    return {
        "licences": make_licence(facility, authority),
        "blacklist": BlacklistEntry.objects.create(
            **common(facility, authority, "bl-1", "京朝卫失信〔2025〕1号", RECENT),
            listing_reason="非法行医，情节严重",
        ),
        "inspections": InspectionResult.objects.create(
            **common(facility, authority, "cc-1", "RW2025001", RECENT),
            plan_number="JH2025001",
            plan_name="2025年医疗机构依法执业抽查",
            task_name="口腔诊所抽查",
            result=InspectionResult.Result.CORRECTED,
        ),
        "scores": PracticeScore.objects.create(
            **common(facility, authority, "jf-1", "京朝卫记〔2025〕1号", RECENT),
            points=4,
            behaviour="未按规定书写病历",
        ),
    }


# --- Detail: 200, 410, 404 --------------------------------------------------------------------


@pytest.mark.django_db
class TestDetail:
    def test_shows_every_public_field_with_labels(self, client, make_penalty):
        record = make_penalty(RECENT, "警告;罚款", confiscated_amount="0.123456", remarks="无")
        html = client.get(f"{PENALTIES}{record.pk}/").content.decode()
        for text in (
            "北京康宁口腔诊所有限公司",
            record.facility.uscc,
            "行政处罚决定书文号",
            record.document_number,
            "违法行为类型",
            "违法事实",
            "处罚依据",
            "处罚类别",
            "警告、罚款",
            "0.5万元（5,000元）",
            "0.123456万元（1,234.56元）",
            "处罚决定日期",
            "处罚机关",
            record.authority.uscc,
            f"公示截止：{record.publicity_ends_on:%Y-%m-%d}",
            f"/facilities/{record.facility.uscc}/",
        ):
            assert text in html, text

    def test_open_ended_licence_is_long_term(self, client, facility, authority):
        licence = make_licence(facility, authority)
        assert "长期公示" in client.get(f"/records/licences/{licence.pk}/").content.decode()

    def test_related_records_of_the_same_party(self, client, make_penalty):
        record, other = make_penalty(RECENT), make_penalty(days_ago(30))
        expired = make_penalty(days_ago(500))
        html = client.get(f"{PENALTIES}{record.pk}/").content.decode()
        assert f"{PENALTIES}{other.pk}/" in html
        assert f"{PENALTIES}{expired.pk}/" not in html

    def test_drafts_unknown_and_never_published_are_404(self, client, make_penalty):
        draft = make_penalty(RECENT, live=False)
        minor = make_penalty(RECENT, "警告")  # 轻微: not published by default
        future = make_penalty(TODAY + datetime.timedelta(days=3))
        for pk in (draft.pk, minor.pk, future.pk, 999999):
            assert client.get(f"{PENALTIES}{pk}/").status_code == 404
        assert client.get("/records/unknown-kind/1/").status_code == 404

    def test_revoked_licence_is_410(self, client, facility, authority):
        licence = make_licence(facility, authority, status=LicenceRecord.Status.REVOKED)
        response = client.get(f"/records/licences/{licence.pk}/")
        assert response.status_code == 410 and "撤销" in response.content.decode()


@pytest.fixture
def gone(make_penalty, admin_user):
    """Records that were public and are not any more: expired, withdrawn, credit-repaired."""
    expired = make_penalty(days_ago(400), "罚款")
    withdrawn = make_penalty(RECENT)
    withdraw(withdrawn, admin_user, "行政复议决定撤销原处罚决定")
    repaired = make_penalty(days_ago(150))
    repair(repaired, admin_user, "已整改到位，同意信用修复", today=TODAY)
    return {"公示期已于": expired, "已撤下": withdrawn, "信用修复": repaired}


@pytest.mark.django_db
def test_gone_records_are_410_and_absent_everywhere(client, gone, make_penalty, facility):
    visible = make_penalty(RECENT)
    list_html = client.get(PENALTIES).content.decode()
    profile_html = client.get(f"/facilities/{facility.uscc}/").content.decode()
    assert f"{PENALTIES}{visible.pk}/" in list_html
    for words, record in gone.items():
        url = f"{PENALTIES}{record.pk}/"
        assert url not in list_html and url not in profile_html
        assert record.document_number not in list_html + profile_html
        response = client.get(url)
        assert response.status_code == 410
        html = response.content.decode()
        assert words in html
        assert record.party_name not in html.split('id="main"')[1]


# --- Profile ----------------------------------------------------------------------------------


@pytest.mark.django_db
class TestProfile:
    def test_identity_sections_blacklist_and_points(self, client, facility, other_kinds):
        facility.legal_representative = "李四"
        facility.address = "北京市朝阳区建国路1号"
        facility.save()
        PracticeScore.objects.create(
            **common(facility, other_kinds["scores"].authority, "jf-2", "京朝卫记2", days_ago(40)),
            points=2,
            behaviour="未按规定报告",
        )
        html = client.get(f"/facilities/{facility.uscc}/").content.decode()
        for text in ("北京康宁口腔诊所有限公司", facility.uscc, "口腔诊所", "李四", "建国路1号"):
            assert text in html
        assert "北京市朝阳区" in html
        assert "已列入严重失信主体名单" in html and "非法行医" in html
        assert "累计记分：6 分" in html
        for slug, record in other_kinds.items():
            assert f"/records/{slug}/{record.pk}/" in html

    def test_not_blacklisted_says_so(self, client, facility, make_penalty):
        make_penalty(RECENT)
        assert (
            "未列入严重失信主体名单"
            in client.get(f"/facilities/{facility.pk}/", follow=True).content.decode()
        )

    def test_canonical_urls(self, client, facility):
        canonical = f"/facilities/{facility.uscc}/"
        full_width = "".join(chr(ord(c) + 0xFEE0) for c in facility.uscc.lower())
        for key in (facility.uscc.lower(), full_width, str(facility.pk), f" {facility.uscc}"):
            response = client.get(f"/facilities/{key}/")
            assert response.status_code == 301, key
            assert response["Location"] == canonical
        assert client.get(canonical).status_code == 200
        response = client.get(f"/facilities/{facility.uscc.lower()}/print/")
        assert response["Location"] == canonical + "print/"
        assert client.get("/facilities/91110000600037341N/").status_code == 404
        assert client.get("/facilities/nonsense/").status_code == 404

    def test_natural_person_needs_a_public_record(self, client, person, make_penalty):
        assert client.get(f"/facilities/{person.pk}/").status_code == 404
        make_penalty(RECENT, live=False, facility=person)
        assert client.get(f"/facilities/{person.pk}/").status_code == 404
        make_penalty(RECENT, facility=person)
        assert client.get(f"/facilities/{person.pk}/").status_code == 200
        # never looked up by ID number
        assert client.get(f"/facilities/{ID_NUMBER}/").status_code == 404

    def test_print_version(self, client, facility, make_penalty):
        make_penalty(RECENT)
        html = client.get(f"/facilities/{facility.uscc}/print/").content.decode()
        assert re.search(r'<body class="[^"]*print-view', html)
        assert "window.print()" in html and NOINDEX in html


# --- Masking ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_id_numbers_never_shown_in_full(client, person, make_penalty, hz_facility, hz_authority):
    record = make_penalty(
        RECENT, facility=person, party_name=person.name, facts=f"当事人（身份证号{ID_NUMBER}）…"
    )
    org_record = make_penalty(RECENT, facility=hz_facility, authority=hz_authority)
    masked = ID_NUMBER[0] + "*" * 16 + ID_NUMBER[-1]
    pages = [
        PENALTIES,
        f"{PENALTIES}?q={person.name}",
        f"{PENALTIES}{record.pk}/",
        f"{PENALTIES}{org_record.pk}/",
        f"/facilities/{person.pk}/",
        f"/facilities/{person.pk}/print/",
        f"/facilities/{hz_facility.uscc}/",
        f"/facilities/{hz_facility.uscc}/print/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert ID_NUMBER not in html and REP_ID_NUMBER not in html, url
        assert ID_NUMBER[6:14] not in html, url  # not even the birth date
    for url in pages[:3] + pages[4:6]:
        assert masked in client.get(url).content.decode(), url


def test_formatting_helpers():
    assert format_wan(Decimal("0.5")) == "0.5万元（5,000元）"
    assert format_wan(Decimal("10.000000")) == "10万元（100,000元）"
    assert format_wan(Decimal("0.123456")) == "0.123456万元（1,234.56元）"
    assert format_wan(None) == ""
    assert (
        redact_id_numbers(f"号码{ID_NUMBER}。") == f"号码{ID_NUMBER[0]}{'*' * 16}{ID_NUMBER[-1]}。"
    )
    assert redact_id_numbers("91110000600037341L") == "91110000600037341L"


# --- Query counts -----------------------------------------------------------------------------

# Measured: list 7 (plain) / 9-10 (every filter), detail 9, profile 11; the profile can reach
# 15 when all five sections are full (docs/public.md).
LIST_MAX, DETAIL_MAX, PROFILE_MAX = 10, 10, 15


@pytest.mark.django_db
@pytest.mark.parametrize("count", [20, 100])
def test_list_queries_do_not_grow(client, make_penalty, django_assert_max_num_queries, count):
    for i in range(count):
        make_penalty(days_ago(i % 300 + 1))
    region = "?region=110000&authority=1&category=3&type=dental&year=2025&q=京&facility=1"
    for query in ("", region):
        with django_assert_max_num_queries(LIST_MAX):
            assert client.get(PENALTIES + query).status_code == 200


@pytest.mark.django_db
def test_detail_and_profile_queries(
    client, make_penalty, facility, other_kinds, django_assert_max_num_queries
):
    records = [make_penalty(days_ago(i + 1)) for i in range(30)]
    with django_assert_max_num_queries(DETAIL_MAX):
        assert client.get(f"{PENALTIES}{records[0].pk}/").status_code == 200
    profile, printed = f"/facilities/{facility.uscc}/", f"/facilities/{facility.uscc}/print/"
    for url in (profile, printed):
        with django_assert_max_num_queries(PROFILE_MAX):
            assert client.get(url).status_code == 200
    html = client.get(profile).content.decode()
    assert "共 30 条，此处列出最近 10 条" in html
    assert f"{PENALTIES}?facility={facility.pk}" in html
    assert f"{PENALTIES}{records[29].pk}/" in client.get(printed).content.decode()


@pytest.mark.django_db
def test_facility_filter_does_not_reveal_a_party_without_public_records(
    client, person, make_penalty
):
    make_penalty(RECENT, live=False, facility=person)
    html = client.get(f"{PENALTIES}?facility={person.pk}").content.decode()
    assert person.name not in html and "已忽略" in html
