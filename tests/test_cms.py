"""CMS pages: home figures, typical cases and their two-person workflow, documents with a
legal status, sitemap/robots, alt text, related-case helpers, demo content."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.blocks import RICH_TEXT_FEATURES as FEATURES
from cms.blocks import AccessibleImageBlock, CaseBodyBlock
from cms.home import headline_figures
from cms.models import (
    CaseCategory,
    CaseIndexPage,
    CasePage,
    CaseReviewTask,
    HomePage,
    NoticeIndexPage,
    NoticePage,
    PolicyDocumentPage,
    PolicyIndexPage,
    StandardPage,
)
from cms.related import cases_for_facility, cases_for_record
from cms.setup import CASE_WORKFLOW, COMMS_APPROVER, COMMS_EDITOR, ensure_cms_defaults
from portal.credit_code import make_uscc
from portal.models import BlacklistEntry, Facility

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
JAN1 = datetime.date(TODAY.year, 1, 1)


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def home(db):
    return HomePage.objects.get()


@pytest.fixture
def case_index(home):
    return publish(home, CaseIndexPage(title="典型案例", slug="cases"))


@pytest.fixture
def category(db):
    return CaseCategory.objects.get(slug="illegal-practice")


def make_case(index, category, slug, case_date=TODAY, live=True, **extra):
    body = [("case_heading", "案情"), ("paragraph", f"<p>案情 {slug}</p>")]
    page = CasePage(title=f"案例 {slug}", slug=slug, category=category, case_date=case_date,
                    summary=f"摘要 {slug}", body=body, live=live, **extra)  # fmt: skip
    return publish(index, page) if live else index.add_child(instance=page)


@pytest.fixture
def other_facility(region):
    return Facility.objects.create(
        name="北京东方医院有限公司", uscc=make_uscc("91", "110105", "MA000002"), region=region
    )


@pytest.fixture
def records(make_penalty, facility, other_facility, authority):
    """Two public penalties, three that are not public, two public blacklist entries of one
    party and one removed entry."""
    public_now = make_penalty(JAN1, fine_amount="0.5")
    last_year = make_penalty(datetime.date(TODAY.year - 1, 12, 31), fine_amount="1")
    expired = make_penalty(TODAY - 1300 * DAY, fine_amount="7")
    draft = make_penalty(JAN1, live=False, fine_amount="2")
    withdrawn = make_penalty(JAN1, fine_amount="3", withdrawn_at=timezone.now())
    for number, (party, removed) in enumerate(
        [(other_facility, None), (other_facility, None), (facility, TODAY - 5 * DAY)]
    ):
        BlacklistEntry.objects.create(record_key=f"bl-{number}", facility=party, authority=authority,
            document_number=f"失信〔{number}〕号", decision_date=TODAY - 30 * DAY,
            listing_reason="非法行医，情节严重", removed_on=removed, live=True)  # fmt: skip
    return {"public": [public_now, last_year], "hidden": [expired, draft, withdrawn]}


def test_home_figures_count_only_public_records(records, django_assert_num_queries):
    with django_assert_num_queries(5):
        figures = headline_figures(TODAY)
    counts = {kind: count for kind, _label, count, *_ in figures.by_kind}
    assert counts["penalty"] == 2 and counts["blacklist"] == 2 and counts["licence"] == 0
    assert figures.total_public == 4 and figures.blacklisted_parties == 1
    assert figures.fines_wan == Decimal("0.5") and figures.fines_yuan == 5000
    assert figures.fined_decisions == 1


def test_home_page_shows_public_penalties_only(client, records, case_index, category):
    make_case(case_index, category, "home-case")
    html = client.get("/").content.decode()
    for penalty in records["public"]:
        assert penalty.document_number in html
        assert f'href="/records/penalties/{penalty.pk}/"' in html
    for penalty in records["hidden"]:
        assert penalty.document_number not in html
    assert 'action="/search/"' in html and 'name="q"' in html
    assert "案例 home-case" in html and 'href="/report/"' in html and 'href="/track/"' in html
    assert "5,000" in html  # the year's fines in 元


def test_case_pages_render_and_filter(client, case_index, category, make_penalty):
    other = CaseCategory.objects.get(slug="cosmetic-medicine")
    public, expired = make_penalty(TODAY - 3 * DAY), make_penalty(TODAY - 1300 * DAY)
    case = make_case(case_index, category, "a", TODAY - 400 * DAY)
    case.penalties = [public, expired]
    case.save_revision().publish()
    make_case(case_index, other, "b")
    make_case(case_index, other, "draft", live=False)

    html = client.get("/cases/").content.decode()
    assert "案例 a" in html and "案例 b" in html and "案例 draft" not in html
    assert 'name="robots"' not in html
    html = client.get(f"/cases/?category={other.slug}").content.decode()
    assert "案例 b" in html and "案例 a" not in html and "noindex" in html
    html = client.get(f"/cases/?year={(TODAY - 400 * DAY).year}").content.decode()
    assert "案例 a" in html and ("案例 b" not in html or TODAY.year == (TODAY - 400 * DAY).year)

    html = client.get("/cases/a/").content.decode()
    assert "<h1>案例 a</h1>" in html and "案情 a" in html and 'class="breadcrumbs"' in html
    assert public.document_number in html and expired.document_number not in html


def test_related_case_helpers(case_index, category, make_penalty, facility, other_facility):
    penalty = make_penalty(TODAY - 3 * DAY)
    by_penalty = make_case(case_index, category, "by-penalty")
    by_penalty.penalties = [penalty]
    by_penalty.save_revision().publish()
    by_facility = make_case(case_index, category, "by-facility", TODAY - 10 * DAY)
    by_facility.facilities = [facility]
    by_facility.save_revision().publish()
    draft = make_case(case_index, category, "draft", live=False)
    draft.facilities = [facility]
    draft.save()

    assert cases_for_facility(facility) == [by_penalty, by_facility]
    assert cases_for_facility(facility, limit=1) == [by_penalty]
    assert cases_for_facility(other_facility) == []
    assert cases_for_record(penalty) == [by_penalty]
    assert cases_for_record(make_penalty(TODAY)) == []


def staff(django_user_model, name, group):
    user = django_user_model.objects.create_user(username=name, password="pw-123456")
    user.groups.add(Group.objects.get(name=group))
    return user


def case_form(slug, category, penalty_numbers="", **actions):
    body = [("case_heading", "案情"), ("paragraph", rich_text("<p>正文</p>", features=FEATURES))]
    fields = dict(title=f"案例 {slug}", slug=slug, category=category.pk, summary="摘要",
                  case_date=TODAY.isoformat(), body=streamfield(body), facilities="",
                  penalties=penalty_numbers, comments=inline_formset([]))  # fmt: skip
    return {**nested_form_data(fields), **actions}


def approve_url(page):
    task_state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))


def test_setup_is_idempotent_and_attaches_the_case_index(case_index, django_user_model):
    ensure_cms_defaults()
    ensure_cms_defaults()
    workflow = Workflow.objects.get(name=CASE_WORKFLOW)
    assert WorkflowPage.objects.get(page=case_index).workflow == workflow
    assert CaseReviewTask.objects.filter(name=CASE_WORKFLOW).count() == 1
    editor_perms = set(
        GroupPagePermission.objects.filter(group__name=COMMS_EDITOR, page=case_index).values_list(
            "permission__codename", flat=True
        )
    )
    assert editor_perms == {"add_page", "change_page"}
    approver = staff(django_user_model, "shenhe", COMMS_APPROVER)
    assert case_index.permissions_for_user(approver).can_edit()
    assert not case_index.permissions_for_user(approver).can_publish_subpage()


def test_case_goes_live_only_after_a_second_person_approves(
    client, django_user_model, case_index, category, make_penalty
):
    editor = staff(django_user_model, "bianji", COMMS_EDITOR)
    approver = staff(django_user_model, "shenhe1", COMMS_APPROVER)
    approver2 = staff(django_user_model, "shenhe2", COMMS_APPROVER)
    penalty = make_penalty(TODAY - 2 * DAY)
    add_url = reverse("wagtailadmin_pages:add", args=("cms", "casepage", case_index.pk))

    client.force_login(editor)
    response = client.post(add_url, case_form("direct", category, **{"action-publish": "1"}))
    assert response.status_code == 302
    assert not CasePage.objects.get(slug="direct").live  # no publish permission: a draft

    form = case_form("reviewed", category, penalty.document_number, **{"action-submit": "1"})
    assert client.post(add_url, form).status_code == 302
    page = CasePage.objects.get(slug="reviewed")
    assert not page.live and page.workflow_in_progress
    assert page.get_latest_revision_as_object().penalties.all()[0] == penalty
    approve = approve_url(page)
    assert client.post(approve)["Location"] == "/admin/"  # the editor is no approver: refused
    assert not CasePage.objects.get(pk=page.pk).live
    assert client.get("/cases/reviewed/").status_code == 404

    client.force_login(approver)
    client.post(add_url, case_form("approver-direct", category, **{"action-publish": "1"}))
    assert not CasePage.objects.get(slug="approver-direct").live  # approvers cannot publish either
    assert client.post(approve).status_code == 302
    page.refresh_from_db()
    assert page.live and not page.workflow_in_progress
    assert penalty.document_number in client.get("/cases/reviewed/").content.decode()

    # An approver's own submission needs another approver.
    client.post(add_url, case_form("own", category, **{"action-submit": "1"}))
    own = CasePage.objects.get(slug="own")
    own_approve = approve_url(own)
    assert client.post(own_approve)["Location"] == "/admin/"  # refused
    assert not CasePage.objects.get(pk=own.pk).live
    assert own.current_workflow_task.get_actions(own, approver) == []
    client.force_login(approver2)
    assert client.post(own_approve).status_code == 302
    own.refresh_from_db()
    assert own.live


def test_unknown_penalty_number_is_reported(client, django_user_model, case_index, category):
    client.force_login(staff(django_user_model, "bianji", COMMS_EDITOR))
    add_url = reverse("wagtailadmin_pages:add", args=("cms", "casepage", case_index.pk))
    response = client.post(add_url, case_form("bad", category, "京朝卫罚〔1999〕9999号"))
    assert response.status_code == 200
    assert "找不到唯一对应的行政处罚决定书：京朝卫罚〔1999〕9999号" in response.content.decode()
    assert not CasePage.objects.filter(slug="bad").exists()


@pytest.fixture
def image(db):
    return Image.objects.create(title="现场照片", file=get_test_image_file())


def test_images_need_alt_text_or_decorative_tick(image):
    block = AccessibleImageBlock()
    for alt in ("", "   "):
        with pytest.raises(StructBlockValidationError) as error:
            block.clean(block.to_python({"image": image.pk, "alt_text": alt, "decorative": False}))
        assert "替代文本" in str(error.value.block_errors["alt_text"])
    assert block.clean(block.to_python({"image": image.pk, "decorative": True})).decorative
    body = CaseBodyBlock()
    value = body.to_python(
        [{"type": "image", "value": {"image": {"image": image.pk, "alt_text": ""}}}]
    )
    with pytest.raises(Exception, match="alt_text|替代文本|Validation"):
        body.clean(value)


def test_case_page_renders_alt_text(client, case_index, category, image):
    make_case(case_index, category, "photo")
    page = CasePage.objects.get(slug="photo")
    page.body = [("image", {"image": {"image": image, "alt_text": "执法人员检查药品柜"}})]
    page.save_revision().publish()
    html = client.get("/cases/photo/").content.decode()
    assert 'alt="执法人员检查药品柜"' in html


@pytest.fixture
def policies(home):
    index = publish(home, PolicyIndexPage(title="政策法规", slug="policies"))

    def doc(slug, title, issued, **extra):
        extra.setdefault("issuing_authority", "全国人民代表大会常务委员会")
        page = PolicyDocumentPage(title=title, slug=slug, issue_date=issued, **extra)
        return publish(index, page)

    new = doc("new", "中华人民共和国医师法", datetime.date(2021, 8, 20), policy_type="law",
              document_number="中华人民共和国主席令第九十四号")  # fmt: skip
    old = doc("old", "中华人民共和国执业医师法", datetime.date(1998, 6, 26), policy_type="law",
              status="repealed", status_note="医师法施行，本法同时废止。", superseded_by=new)  # fmt: skip
    lapsed = doc("lapsed", "专项整治工作方案", TODAY - 200 * DAY, expiry_date=TODAY - DAY)
    return {"new": new, "old": old, "lapsed": lapsed}


def test_status_is_shown_on_the_document_itself(client, policies):
    html = client.get("/policies/old/").content.decode()
    assert 'class="doc-status doc-status--repealed"' in html
    assert "效力状态：已废止" in html and "医师法施行，本法同时废止。" in html
    assert 'href="/policies/new/"' in html
    html = client.get("/policies/lapsed/").content.decode()
    assert "doc-status--expired" in html and "已失效" in html
    html = client.get("/policies/new/").content.decode()
    assert "doc-status--in-force" in html and "现行有效" in html and "主席令第九十四号" in html


def test_document_index_filters_by_status(client, policies):
    html = client.get("/policies/").content.decode()
    assert all(p.title in html for p in policies.values()) and "noindex" not in html
    html = client.get("/policies/?status=in_force").content.decode()
    assert "中华人民共和国医师法" in html and "执业医师法" not in html and "专项整治" not in html
    assert "noindex" in html
    html = client.get("/policies/?status=expired").content.decode()
    assert "专项整治" in html and "中华人民共和国医师法" not in html
    html = client.get("/policies/?status=repealed&type=law").content.decode()
    assert "执业医师法" in html and "专项整治" not in html


def test_document_status_needs_a_note(db):
    from django.core.exceptions import ValidationError

    page = NoticePage(title="通知", issuing_authority="卫生健康委员会", status="amended")
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert {"status_note", "superseded_by_title"} <= set(error.value.message_dict)


def test_notices_and_standard_pages_render(client, home):
    index = publish(home, NoticeIndexPage(title="通知公告", slug="notices"))
    publish(
        index, NoticePage(title="关于开展专项整治的通告", slug="n1", issuing_authority="卫健委")
    )
    publish(home, StandardPage(title="关于本站", slug="about", body=[("heading", "公开的内容")]))
    assert "关于开展专项整治的通告" in client.get("/notices/").content.decode()
    assert "关于开展专项整治的通告" in client.get("/").content.decode()
    assert "<h2>公开的内容</h2>" in client.get("/about/").content.decode()


@pytest.mark.urls("tests.cms_urls")
def test_sitemap_lists_pages_and_record_lists(client, case_index, category):
    make_case(case_index, category, "in-sitemap")
    make_case(case_index, category, "draft", live=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    xml = response.content.decode()
    for path in ("/", "/cases/", "/cases/in-sitemap/", "/records/penalties/", "/statistics/"):
        assert f"<loc>http://testserver{path}</loc>" in xml
    assert "/cases/draft/" not in xml


@pytest.mark.urls("tests.cms_urls")
def test_robots_txt(client):
    text = client.get("/robots.txt").content.decode()
    assert "User-agent: *" in text and "Allow: /" in text
    assert "Disallow: /admin/" in text and "Disallow: /*?" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_demo_is_idempotent_and_deterministic(db):
    from django.core.management import call_command

    from cms.demo import reset_cms_demo, seed_cms_demo

    today = datetime.date(2026, 3, 16)
    call_command("seed_demo", facilities=40, records=300, seed="7", today=today, force=True)

    def snapshot():
        return sorted(
            (c.slug, c.case_date, tuple(c.penalties.values_list("document_number", flat=True)))
            for c in CasePage.objects.all()
        )

    # seed_demo seeds the CMS pages too; seeding again adds nothing.
    created = {"standard_pages": 3, "cases": 12, "notices": 7, "policies": 7}
    assert seed_cms_demo(7, today) == {k: 0 for k in created}
    first = snapshot()
    assert len(first) == 12
    assert any(penalties for _slug, _date, penalties in first)
    assert CaseCategory.objects.filter(cases__isnull=False).distinct().count() == 12
    for page in CasePage.objects.all():
        headings = [b.value for b in page.body if b.block_type == "case_heading"]
        assert headings[:3] == ["案情", "处理结果", "法律依据"]
    assert reset_cms_demo() == 3 + 13 + 8 + 8
    assert seed_cms_demo(7, today) == created
    assert snapshot() == first


def test_admin_forms_render(client, django_user_model, home, case_index, category, make_penalty):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.com", "pw"))
    penalty = make_penalty(TODAY)
    case = make_case(case_index, category, "linked")
    case.penalties = [penalty]
    case.save_revision().publish()
    html = client.get(reverse("wagtailadmin_pages:edit", args=(case.pk,))).content.decode()
    assert penalty.document_number in html  # the lookup textarea shows document numbers
    index = publish(home, PolicyIndexPage(title="政策法规", slug="policies"))
    for model, parent in (("casepage", case_index), ("policydocumentpage", index)):
        url = reverse("wagtailadmin_pages:add", args=("cms", model, parent.pk))
        assert client.get(url).status_code == 200
    assert client.get("/admin/snippets/cms/casecategory/").status_code == 200
