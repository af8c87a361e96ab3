"""/statistics/: counts of what is public today, accessible SVG charts, tables and CSV."""

import csv
import io
import xml.etree.ElementTree as ET
from collections import Counter
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.credit_code import make_uscc
from portal.models import Facility, InspectionResult, Region
from portal.stats import svg
from portal.stats.charts import CHARTS, month_label, year_label
from portal.stats.queries import Filters, _city_of, month_window, region_prefix

URL = "/statistics/"
SLUGS = list(CHARTS)
# Measured: 8 (five charts, the years and two for the regions of the filter form).
PAGE_QUERIES = 8

TODAY = timezone.localdate()
THIS_MONTH = TODAY.replace(day=1)
EARLIER = THIS_MONTH - relativedelta(months=2)


@pytest.fixture
def other_facility(db):
    return Facility.objects.create(
        name="杭州西湖医疗美容诊所有限公司",
        uscc=make_uscc("91", "330106", "MA000002"),
        region=Region.objects.get(code="330106"),
        facility_type="cosmetic",
    )


@pytest.fixture
def make_inspection(facility, authority):
    counter = iter(range(1, 10_000))

    def make(decision_date, result=InspectionResult.Result.NO_PROBLEM, live=True, **extra):
        number = f"京朝卫抽〔{decision_date.year}〕{next(counter):04d}号"
        values = dict(
            record_key=f"{authority.uscc}|{number}",
            facility=facility,
            authority=authority,
            document_number=number,
            decision_date=decision_date,
            plan_number="2025-SJ-01",
            plan_name="医疗机构依法执业抽查",
            task_name="口腔诊所专项",
            result=result,
            live=live,
        )
        values.update(extra)
        return InspectionResult.objects.create(**values)

    return make


@pytest.fixture
def records(make_penalty, make_inspection, other_facility):
    """Four public penalties and three public inspection results, and records of every kind
    that must not be counted (expired, withdrawn, draft, not published, repaired, future)."""
    now = timezone.now()
    public = [
        make_penalty(THIS_MONTH, "警告;罚款", fine_amount="0.5"),
        make_penalty(EARLIER, "罚款", fine_amount="1.2"),
        make_penalty(THIS_MONTH, "罚款;没收违法所得", fine_amount="2", facility=other_facility),
        make_penalty(EARLIER, "吊销许可证件", fine_amount=None, facility=other_facility),
    ]
    for hidden in (
        dict(decision_date=TODAY - relativedelta(months=13)),  # 罚款: public for 12 months
        dict(decision_date=THIS_MONTH, withdrawn_at=now),
        dict(decision_date=THIS_MONTH, live=False),
        dict(decision_date=THIS_MONTH, categories="警告"),  # 轻微: not published
        dict(decision_date=THIS_MONTH, repaired_at=now),
        dict(decision_date=TODAY + relativedelta(days=1)),
    ):
        make_penalty(**{"categories": "罚款", "fine_amount": "100", **hidden})
    corrected = InspectionResult.Result.CORRECTED
    inspections = [
        make_inspection(THIS_MONTH),
        make_inspection(THIS_MONTH, corrected, facility=other_facility),
        make_inspection(EARLIER),
    ]
    make_inspection(THIS_MONTH, live=False)
    make_inspection(THIS_MONTH, corrected, withdrawn_at=now)
    make_inspection(TODAY - relativedelta(months=37))  # public for 36 months
    return public, inspections


def page(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def table(soup, slug):
    """Header and rows of a chart's data table, as the cells' text."""
    element = soup.find("table", id=f"{slug}-table")
    header = [th.get_text(strip=True) for th in element.thead.find_all("th")]
    rows = [
        [cell.get_text(strip=True) for cell in tr.find_all(["th", "td"])]
        for tr in element.tbody.find_all("tr")
    ]
    return [header, *rows]


def download(client, slug, query=""):
    response = client.get(f"{URL}{slug}.csv{query}")
    assert response.status_code == 200
    return response


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def rows_of(soup, slug):
    return {row[0]: row[1:] for row in table(soup, slug)[1:]}


# --- Counts --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_counts_only_records_public_today(client, records):
    soup = page(client)
    months = rows_of(soup, "penalties-by-month")
    assert len(months) == 24
    expected = Counter(month_label(d) for d in (THIS_MONTH, EARLIER, THIS_MONTH, EARLIER))
    assert {label: int(n) for label, (n,) in months.items() if n != "0"} == expected
    assert month_label(TODAY - relativedelta(months=13)) in months  # in the window, not counted

    categories = table(soup, "penalties-by-category")[1:]
    assert categories[0] == ["罚款", "3"]  # most first
    assert sorted(categories[1:]) == [["吊销许可证件", "1"], ["没收违法所得", "1"], ["警告", "1"]]

    assert table(soup, "penalties-by-region")[1:] == [["北京市朝阳区", "2"], ["杭州市西湖区", "2"]]

    fines = {}
    for record in records[0]:
        year = fines.setdefault(record.decision_date.year, [0, 0, Decimal(0)])
        year[0] += 1
        year[1] += record.fine_amount is not None
        year[2] += Decimal(record.fine_amount or 0)
    assert table(soup, "fines-by-year")[1:] == [
        [year_label(y), str(n), str(fined), f"{total.normalize():f}", f"{total * 10000:.2f}"]
        for y, (n, fined, total) in sorted(fines.items())
    ]

    tiles = [tile.get_text(" ", strip=True) for tile in soup.select(".stat-tile")]
    assert tiles == ["4 行政处罚决定（件）", "3.70 罚款合计（万元）", "3 双随机抽查结果（条）"]


@pytest.mark.django_db
def test_inspection_pass_rate_per_year(client, records):
    per_year = {}
    for result in records[1]:
        year = per_year.setdefault(result.decision_date.year, [0, 0])
        year[0] += 1
        year[1] += result.result == InspectionResult.Result.NO_PROBLEM
    expected = [
        [year_label(y), str(n), str(ok), f"{Decimal(ok * 100) / n:.1f}"]
        for y, (n, ok) in sorted(per_year.items())
    ]
    assert table(page(client), "inspection-pass-rate")[1:] == expected
    if len(per_year) == 1:  # both months in one year: 2 of 3
        assert expected[0][1:] == ["3", "2", "66.7"]


@pytest.mark.django_db
def test_region_and_year_filters(client, records):
    soup = page(client, "?region=330000")
    assert table(soup, "penalties-by-region")[1:] == [["杭州市西湖区", "2"]]
    assert table(soup, "inspection-pass-rate")[1][1:3] == ["1", "0"]
    assert soup.find("meta", attrs={"name": "robots", "content": "noindex"})

    soup = page(client, "?region=33&by=city")
    assert table(soup, "penalties-by-region") == [["地市", "行政处罚决定数（件）"], ["杭州市", "2"]]

    soup = page(client, "?by=city")
    assert table(soup, "penalties-by-region")[1:] == [["北京市", "2"], ["杭州市", "2"]]

    soup = page(client, f"?year={THIS_MONTH.year}")
    months = rows_of(soup, "penalties-by-month")
    assert list(months) == [month_label(m) for m in month_window(TODAY, THIS_MONTH.year)]
    assert months[month_label(THIS_MONTH)] == ["2"]
    # the CSV links keep the filters
    link = soup.find("a", href=lambda h: h and h.startswith(f"{URL}penalties-by-month.csv"))
    assert link["href"].endswith(f"?year={THIS_MONTH.year}")


@pytest.mark.django_db
def test_invalid_filters_are_ignored_with_a_notice(client, records):
    soup = page(client, "?year=abc&region=北京")
    assert "部分查询条件无效，已忽略" in soup.get_text()
    assert table(soup, "penalties-by-region")[1:] == [["北京市朝阳区", "2"], ["杭州市西湖区", "2"]]


def test_filter_parsing():
    assert Filters.from_query({"year": "2025", "region": "330100", "by": "city"}, TODAY) == Filters(
        2025, "3301", "city"
    )
    assert (
        Filters.from_query({"year": "１９９９", "region": "33010", "by": "x"}, TODAY) == Filters()
    )
    assert Filters.from_query({"year": str(TODAY.year + 1)}, TODAY) == Filters()
    assert [region_prefix(c) for c in ("110000", "1100", "110105", "441900", "")] == [
        "11",
        "11",
        "110105",
        "4419",
        "",
    ]
    assert Filters(2025, "3301", "city").querystring() == "?year=2025&region=3301&by=city"
    assert Filters().querystring() == ""


def test_city_of_a_region():
    def row(level, parent_name, parent_level):
        return dict(
            level=level, parent_code="X", parent_name=parent_name, parent_level=parent_level
        )

    assert _city_of(row(3, "杭州市", 2)) == ("X", "杭州市")
    assert _city_of(row(3, "北京市", 1)) == ("X", "北京市")  # a municipality is one city
    assert _city_of(row(3, "河南省", 1)) is None  # 济源市: a city of its own
    assert _city_of(row(2, "浙江省", 1)) is None


def test_month_window():
    window = month_window(TODAY)
    assert len(window) == 24 and window[-1] == THIS_MONTH
    assert window[0] == THIS_MONTH - relativedelta(months=23)
    assert month_window(TODAY, TODAY.year)[-1] == THIS_MONTH
    assert len(month_window(TODAY, TODAY.year - 1)) == 12


# --- Page, SVG, table and CSV -------------------------------------------------------------


@pytest.mark.django_db
def test_charts_are_accessible_svg(client, records):
    soup = page(client)
    assert not soup.find("meta", attrs={"name": "robots"})
    figures = soup.select("figure.chart")
    assert len(figures) == len(SLUGS)
    for figure, slug in zip(figures, SLUGS, strict=True):
        chart = figure.find("svg")
        assert chart["role"] == "img"
        assert chart["viewbox"].startswith("0 0 ") and chart["width"] == "100%"
        title_id, desc_id = chart["aria-labelledby"].split()
        assert chart.find("title", id=title_id).get_text() == figure.find_parent("section").h2.text
        desc = chart.find("desc", id=desc_id).get_text()
        assert desc and desc == figure.figcaption.contents[0].strip()
        # every value is printed, not only drawn
        assert len(chart.select("text.chart-value")) == len(chart.select("rect.chart-bar"))
        assert figure.find("table", class_="data-table").caption
        assert all(th.get("scope") for th in figure.find_all("th"))
        assert figure.find("a", href=f"{URL}{slug}.csv")
    desc = soup.find(
        "svg", attrs={"aria-labelledby": "penalties-by-category-title penalties-by-category-desc"}
    ).desc.text
    assert "罚款" in desc and "3件" in desc  # the maximum


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", f"?year={THIS_MONTH.year}&region=11&by=city"])
def test_csv_matches_the_table(client, records, query):
    soup = page(client, query)
    for slug in SLUGS:
        response = download(client, slug, query)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        disposition = response["Content-Disposition"]
        assert disposition.startswith(f'attachment; filename="statistics-{slug}')
        assert disposition.endswith('.csv"')
        if soup.find("table", id=f"{slug}-table"):
            assert csv_rows(response) == table(soup, slug)
        else:
            assert len(csv_rows(response)) == 1  # header only


@pytest.mark.django_db
def test_unknown_csv_is_404(client):
    assert client.get(f"{URL}nothing.csv").status_code == 404


@pytest.mark.django_db
def test_empty_database_shows_a_friendly_empty_state(client):
    soup = page(client)
    assert soup.select_one(".empty-state")
    assert "暂无统计数据" in soup.get_text()
    assert not soup.find("svg", attrs={"role": "img"})
    for slug in SLUGS:
        assert len(csv_rows(download(client, slug))) == 1

    soup = page(client, "?region=65")
    assert "没有符合筛选条件的公示数据" in soup.get_text()


@pytest.mark.django_db
def test_a_chart_without_data_shows_its_own_empty_state(client, make_penalty):
    make_penalty(THIS_MONTH)
    soup = page(client)
    section = soup.find("section", id="inspection-pass-rate")
    assert section.select_one(".empty-state") and not section.find("svg", role="img")
    assert soup.find("section", id="penalties-by-month").find("svg", role="img")


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 200])
def test_query_count_does_not_grow(
    client, make_penalty, make_inspection, other_facility, django_assert_max_num_queries, count
):
    categories = ["罚款", "警告;罚款", "没收违法所得", "吊销许可证件;罚款"]
    for i in range(count):
        decided = TODAY - relativedelta(days=i * 3 % 330)
        facility = {"facility": other_facility} if i % 2 else {}
        make_penalty(decided, categories[i % 4], fine_amount=str(i), **facility)
        make_inspection(decided, **facility)
    for query in ("", "?year=2025&region=33&by=city"):
        with django_assert_max_num_queries(PAGE_QUERIES):
            page(client, query)
    with CaptureQueriesContext(connection) as queries:
        download(client, "penalties-by-region")
    assert len(queries) == 1


# --- svg.py --------------------------------------------------------------------------------


def parse(markup):
    return ET.fromstring(str(markup))


NS = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("chart", [svg.vertical_bar_chart, svg.horizontal_bar_chart])
def test_svg_escapes_text_and_is_well_formed(chart):
    markup = chart(
        [("<b>&amp;", 3), ('"引号"', Decimal("1.5"))],
        chart_id="c1",
        title="标题 <script>",
        desc="说明 & 更多",
    )
    assert "<script>" not in markup and "<b>" not in markup
    root = parse(markup)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{NS}title").text == "标题 <script>"
    assert root.find(f"{NS}desc").text == "说明 & 更多"
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert "<b>&amp;" in texts and "3" in texts and "1.5" in texts


@pytest.mark.parametrize("chart", [svg.vertical_bar_chart, svg.horizontal_bar_chart])
def test_svg_with_nothing_or_only_zeros(chart):
    for items in ([], [("一月", 0), ("二月", 0)]):
        root = parse(chart(items, chart_id="z", title="t", desc="d"))
        assert all(float(r.get("height")) >= 0 for r in root.iter(f"{NS}rect"))


def test_svg_scale_and_helpers():
    assert svg.nice_ticks(0) == [0, 1]
    assert svg.nice_ticks(54) == [0, 20, 40, 60]
    assert svg.nice_ticks(100) == [0, 50, 100]
    assert svg.nice_ticks(1566.12) == [0, 500, 1000, 1500, 2000]
    assert svg.truncate("限制开展生产经营活动", 60) == "限制开展…"
    bars = parse(svg.vertical_bar_chart([("a", 50), ("b", 100)], chart_id="v", title="t", desc="d"))
    heights = [float(r.get("height")) for r in bars.iter(f"{NS}rect")]
    assert heights[1] == 2 * heights[0]
