"""The public search page /search/, its JSON API and the type-ahead suggestions, on the
database backend: form parsing and errors, hits, facets, removable filters, help, paging,
and that natural persons' ID numbers never appear."""

import datetime
import re

import pytest
from django.http import QueryDict
from django.utils import timezone

from portal.id_number import id_check_char
from portal.models import Facility
from search.forms import SearchForm
from search.indexing import reindex_all
from search.query import MAX_PAGE, MAX_QUERY_LENGTH

ID_NUMBER = "11010519900307123" + id_check_char("11010519900307123")


def form(query: str) -> SearchForm:
    return SearchForm(QueryDict(query))


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def cut(html, start, end):
    """The part of `html` from `start` to the next `end`."""
    rest = html[html.index(start) :]
    return rest[: rest.index(end)]


def unescaped(href):
    return href.replace("&amp;", "&")


# --- The form ------------------------------------------------------------------------------


def test_form_parses_every_parameter_into_a_search_query():
    f = form(
        "q=+康宁++口腔+&kind=penalty&kind=facility&region=110105&authority=3&year=2025"
        "&date_from=2025-01-01&date_to=2025/06/30&penalty_type=2&facility_type=dental"
        "&sort=date&page=3"
    )
    assert f.is_valid(), f.errors
    query = f.to_query()
    assert query.text == "康宁 口腔"
    assert query.kinds == ("penalty", "facility")
    assert (query.region, query.authority, query.year) == ("110105", 3, 2025)
    assert (query.date_from, query.date_to) == (
        datetime.date(2025, 1, 1),
        datetime.date(2025, 6, 30),
    )
    assert (query.penalty_type, query.facility_type, query.sort, query.page) == (
        2,
        "dental",
        "date",
        3,
    )
    assert f.params()["kind"] == ["penalty", "facility"] and "page" not in f.params()


def test_form_defaults_and_empty_query():
    query = form("").to_query()
    assert (query.text, query.kinds, query.sort, query.page) == ("", (), "relevance", 1)
    assert form("q=&sort=relevance").params() == {}


@pytest.mark.parametrize(
    "query, field, message",
    [
        ("q=" + "康" * (MAX_QUERY_LENGTH + 1), "q", f"最多 {MAX_QUERY_LENGTH} 个字"),
        ("q=x&date_from=2025-13-45", "date_from", "请输入有效的日期"),
        ("q=x&date_from=2025-06-01&date_to=2025-01-01", "date_to", "截止日期不能早于起始日期"),
        (f"q=x&page={MAX_PAGE + 1}", "page", f"最多只能查看前 {MAX_PAGE} 页"),
        ("q=x&page=0", "page", "页码应从 1 开始"),
        ("q=x&page=abc", "page", "页码应为数字"),
        ("q=x&region=1101", "region", "六位数字"),
        ("q=x&kind=spam", "kind", "信息类别"),
        ("q=x&sort=price", "sort", "排序方式"),
        ("q=x&year=99", "year", "1949"),
    ],
)
def test_form_errors_are_clear_chinese_messages(query, field, message):
    f = form(query)
    assert not f.is_valid()
    assert message in " ".join(f.errors[field]), f.errors
    assert field not in f.params()


# --- Data ----------------------------------------------------------------------------------


@pytest.fixture
def indexed(db, facility, make_penalty):
    """Two penalties of 北京康宁口腔诊所 (this year and last), a clinic elsewhere with one."""
    recent = make_penalty(days_ago(10), violation_type="非法行医")
    older = make_penalty(days_ago(40), violation_type="未按规定公示医疗服务价格")
    other = Facility.objects.create(
        name="北京安康门诊部", region=facility.region, facility_type="outpatient"
    )
    third = make_penalty(days_ago(20), facility=other, violation_type="非法行医")
    reindex_all()
    return recent, older, third


@pytest.fixture
def person(region, make_penalty):
    person = Facility.objects.create(
        party_type="natural_person",
        name="张康医生",
        id_type="居民身份证",
        id_number=ID_NUMBER,
        legal_rep_id_number=ID_NUMBER,
        region=region,
        facility_type="practitioner",
    )
    make_penalty(
        days_ago(5),
        facility=person,
        party_name=person.name,
        facts=f"当事人张康医生（身份证号{ID_NUMBER}）无证行医。",
    )
    reindex_all()
    return person


# --- The page ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_empty_query_shows_the_form_and_help(client):
    html = page(client, "/search/")
    assert '<meta name="robots" content="noindex">' in html
    assert 'id="search-q"' in html and "可以这样搜索" in html
    assert "search-results" not in html and 'role="alert"' not in html
    assert 'href="/records/penalties/"' in html


def test_results_show_highlighted_hits_with_kind_badges_and_links(client, indexed, facility):
    recent, older, third = indexed
    html = page(client, "/search/?q=康宁")
    assert '<meta name="robots" content="noindex">' in html
    assert 'value="康宁"' in html
    assert "北京<mark>康宁</mark>口腔诊所有限公司" in html
    assert f'href="/facilities/{facility.uscc}/"' in html
    for record in (recent, older):
        assert f'href="/records/penalties/{record.pk}/"' in html
        assert record.document_number in html
    assert f"/records/penalties/{third.pk}/" not in html
    assert (
        '<span class="badge">行政处罚</span>' in html and '<span class="badge">机构</span>' in html
    )
    assert "共 3 条" in html
    assert 'data-search-backend="db"' in html
    assert "Elasticsearch" not in html and "数据库" not in html


def test_kind_tabs_count_every_kind_and_link_only_those_with_hits(client, indexed):
    html = page(client, "/search/?q=康宁")
    tabs = cut(html, 'class="kind-tabs"', "</nav>")
    assert re.search(r'aria-current="page">全部 <span class="kind-tabs__count">3</span>', tabs)
    assert re.search(r'href="\?q=%E5%BA%B7%E5%AE%81&amp;kind=penalty">行政处罚 <span[^>]*>2<', tabs)
    assert re.search(r'<span class="kind-tabs__empty">行政许可 <span[^>]*>0<', tabs)
    html = page(client, "/search/?q=康宁&kind=penalty")
    assert "共 2 条" in html and "信息类别：行政处罚" in html
    assert 'aria-current="page">行政处罚' in cut(html, 'class="kind-tabs"', "</nav>")


def test_facets_are_links_and_filters_are_removable(client, indexed, region):
    html = page(client, "/search/?q=非法行医")
    assert "共 2 条" in html
    facets = cut(html, 'class="filters search-facets"', "</nav>")
    assert "所在区划" in facets and "机构类型" in facets and "年份" in facets
    link = re.search(
        r'<a href="([^"]*facility_type=outpatient[^"]*)"><span class="facet-list__label">门诊部</span> <span class="facet-list__count">1 条',
        facets,
    )
    assert link, facets
    filtered = page(client, "/search/" + unescaped(link.group(1)))
    assert "共 1 条" in filtered
    chips = cut(filtered, 'class="active-filters"', "</ul>")
    remove = unescaped(re.search(r'<a href="([^"]*)">机构类型：门诊部 ', chips).group(1))
    assert "facility_type" not in remove and "q=" in remove
    assert "共 2 条" in page(client, "/search/" + remove)
    # The selected value is shown as selected (a link that removes it).
    assert re.search(
        r'facet-list__item--selected"><a href="[^"]*" aria-current="true"><span class="facet-list__label">门诊部',
        filtered,
    )


def test_date_range_and_sort(client, indexed):
    recent, older, third = indexed
    html = page(client, f"/search/?q=康宁&kind=penalty&date_from={days_ago(15).isoformat()}")
    assert (
        f"/records/penalties/{recent.pk}/" in html and f"/records/penalties/{older.pk}/" not in html
    )
    assert f"起始日期：{days_ago(15).isoformat()}" in html
    html = page(client, "/search/?q=康宁&kind=penalty&sort=date")
    assert html.index(recent.document_number) < html.index(older.document_number)
    assert '<option value="date" selected>' in html


def test_exact_code_match_comes_first_with_a_badge(client, indexed):
    recent = indexed[0]
    html = page(client, f"/search/?q={recent.document_number}")
    first = cut(html, '<ol class="record-list search-results">', "</li>")
    assert f"/records/penalties/{recent.pk}/" in first and "精确匹配" in first


def test_zero_results_give_help_and_did_you_mean(client, indexed, facility):
    html = page(client, "/search/?q=完全不存在的名称")
    assert "没有找到与“完全不存在的名称”相关的公示信息" in html
    assert "拼音" in html and "统一社会信用代码" in html
    assert 'href="/records/penalties/"' in html and 'href="/records/scores/"' in html
    typo = facility.uscc[:-3] + ("0" if facility.uscc[-3] != "0" else "1") + facility.uscc[-2:]
    html = page(client, f"/search/?q={typo}")
    assert "您是不是要找：" in html
    assert f'<a href="?q={facility.uscc}">{facility.uscc}</a>' in html


@pytest.mark.django_db
def test_pagination(client, facility, make_penalty):
    for i in range(25):
        make_penalty(days_ago(i + 1))
    reindex_all()
    html = page(client, "/search/?q=未按规定公示&kind=penalty")
    assert html.count('class="record-card search-hit') == 20
    assert (
        'href="?q=%E6%9C%AA%E6%8C%89%E8%A7%84%E5%AE%9A%E5%85%AC%E7%A4%BA&amp;kind=penalty&amp;page=2" rel="next"'
        in html
    )
    html = page(client, "/search/?q=未按规定公示&kind=penalty&page=2")
    assert html.count('class="record-card search-hit') == 5
    html = page(client, "/search/?q=未按规定公示&kind=penalty&page=7")
    assert "没有第 7 页" in html and "查看最后一页" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, message, near",
    [
        ("q=康宁&date_from=2025-02-30", "请输入有效的日期", 'id="search-date_from-error"'),
        (f"q=康宁&page={MAX_PAGE + 5}", "最多只能查看前", 'id="search-q-error-1"'),
        ("q=" + "康" * 150, "搜索词太长", 'id="search-q-error"'),
    ],
)
def test_bad_input_is_explained_not_a_server_error(client, query, message, near):
    html = page(client, "/search/?" + query)
    assert message in cut(html, 'class="form-errors" role="alert"', "</div>")
    assert message in cut(html, near, "</p>")
    assert 'aria-invalid="true"' in html or "search-q-error-1" in html
    assert "search-results" not in html


def test_english_page(client, indexed):
    html = page(client, "/en/search/?q=康宁")
    assert '<html lang="en"' in html and "<mark>康宁</mark>" in html
    assert 'data-suggest-url="/en/search/suggest/"' in html
    assert 'href="/en/records/penalties/' in html


@pytest.mark.django_db
def test_header_search_box_has_the_type_ahead_hook(client):
    html = page(client, "/")
    assert re.search(r'id="site-search-q"[^>]*data-suggest-url="/search/suggest/"', html)


# --- JSON ----------------------------------------------------------------------------------


def test_api_answers_json(client, indexed, facility):
    response = client.get("/search/api/?q=康宁&kind=penalty&kind=facility")
    assert response.status_code == 200 and "max-age=60" in response["Cache-Control"]
    data = response.json()
    assert (data["total"], data["page"], data["num_pages"], data["backend"]) == (3, 1, 1, "db")
    assert data["total_is_lower_bound"] is False and data["suggestion"] == ""
    assert set(data["hits"][0]) == set("kind id title code url date score exact snippet".split())
    by_kind = {hit["kind"]: hit for hit in data["hits"]}
    assert by_kind["facility"]["url"] == f"/facilities/{facility.uscc}/"
    assert by_kind["facility"]["code"] == facility.uscc
    assert re.fullmatch(r"/records/penalties/\d+/", by_kind["penalty"]["url"])
    assert data["kind_counts"] == {"penalty": 2, "facility": 1}
    assert {"value": "110105", "label": "朝阳区", "count": 3} in data["facets"]["region"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, field",
    [
        ("q=x&date_from=nope", "date_from"),
        (f"q=x&page={MAX_PAGE + 1}", "page"),
        ("q=", "q"),
        ("q=x&kind=bad", "kind"),
    ],
)
def test_api_rejects_bad_parameters(client, query, field):
    response = client.get("/search/api/?" + query)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_suggestions_for_the_type_ahead(client, indexed, facility):
    data = client.get("/search/suggest/?q=康").json()
    assert {
        "title": facility.name,
        "url": f"/facilities/{facility.uscc}/",
        "code": facility.uscc,
    } in data["suggestions"]
    assert client.get("/search/suggest/?q=knkq").json()["suggestions"][0]["title"] == facility.name
    assert client.get("/search/suggest/?q=k").json() == {"suggestions": []}
    assert client.get("/search/suggest/?q=").json() == {"suggestions": []}
    # a facility without a credit code: its profile by id
    other = Facility.objects.get(name="北京安康门诊部")
    assert {"title": other.name, "url": f"/facilities/{other.pk}/", "code": ""} in client.get(
        "/search/suggest/?q=安康"
    ).json()["suggestions"]


@pytest.mark.django_db
def test_at_most_eight_suggestions(client, region):
    for i in range(12):
        Facility.objects.create(name=f"康宁第{i}诊所", region=region)
    reindex_all()
    assert len(client.get("/search/suggest/?q=康宁").json()["suggestions"]) == 8


# --- Privacy -------------------------------------------------------------------------------


def test_no_id_numbers_of_natural_persons(client, person):
    pages = [
        "/search/?q=张康医生",
        "/search/?q=无证行医",
        "/search/api/?q=张康医生",
        "/search/api/?q=无证行医",
        "/search/suggest/?q=张康",
    ]
    for url in pages:
        text = client.get(url).content.decode()
        assert ID_NUMBER not in text and ID_NUMBER[6:14] not in text, url
    html = page(client, "/search/?q=无证行医")
    assert "张康医生" in html and ID_NUMBER[0] + "*" * 16 + ID_NUMBER[-1] in html
    # Searching for the number itself: it shows only as what was typed, never in a hit.
    html = page(client, f"/search/?q={ID_NUMBER}")
    if '<ol class="record-list' in html:
        assert ID_NUMBER not in cut(html, '<ol class="record-list', "</ol>")
    # A natural person has no profile of their own to suggest.
    assert client.get("/search/suggest/?q=张康医生").json() == {"suggestions": []}


def test_an_id_number_finds_nothing(client, person):
    assert client.get(f"/search/api/?q={ID_NUMBER}").json()["total"] == 0
