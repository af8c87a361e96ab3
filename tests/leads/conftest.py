"""Fixtures for the lead-handling tests (issue 6), shared by every tests/leads/ module.

A small world in 浙江省: two cities (杭州, 宁波), a county in each (西湖区, 海曙区), a
health office per level, agencies to transfer to, two facilities (one per county), staff
per role with their StaffOffice, `make_lead(**kw)` that writes a lead the way the public
intake does (portal.intake.submit.submit_lead), and `advance(lead, state)` that takes a
lead to any state through the workflow.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from portal.intake.submit import submit_lead
from portal.leads import deadlines, workflow
from portal.models import (
    Authority,
    AuthorityKind,
    Facility,
    Lead,
    LeadCategory,
    LeadKind,
    LeadOutcome,
    LeadState,
    Region,
    StaffOffice,
    Stage,
)
from portal.setup import (
    ADMINISTRATOR,
    IDENTITY_CUSTODIAN,
    LEAD_HANDLER,
    LEAD_SUPERVISOR,
    REWARD_APPROVER,
)

REPORTER = {
    "reporter_name": "王小明",
    "reporter_id_number": "11010519491231002X",
    "reporter_phone": "13812345678",
    "reporter_email": "wangxm@example.com",
    "reporter_address": "浙江省杭州市西湖区文三路1号",
}
DESCRIPTION = "该诊所没有执业许可证，在居民楼内给人输液，还收取高额费用。"


@pytest.fixture
def lead_regions(db):
    get = Region.objects.get
    return SimpleNamespace(
        province=get(code="330000"),  # 浙江省
        city_a=get(code="330100"),  # 杭州市
        city_b=get(code="330200"),  # 宁波市
        county_a=get(code="330106"),  # 杭州市西湖区
        county_b=get(code="330203"),  # 宁波市海曙区
    )


@pytest.fixture
def lead_offices(lead_regions):
    def office(name, region, kind=AuthorityKind.HEALTH_COMMISSION):
        return Authority.objects.create(name=name, kind=kind, region=region)

    r = lead_regions
    return SimpleNamespace(
        province=office("浙江省卫生健康委员会", r.province),
        city_a=office("杭州市卫生健康委员会", r.city_a),
        city_b=office("宁波市卫生健康委员会", r.city_b),
        county_a=office("杭州市西湖区卫生健康局", r.county_a),
        county_a_supervision=office(
            "杭州市西湖区卫生健康监督所", r.county_a, AuthorityKind.HEALTH_SUPERVISION
        ),
        county_b=office("宁波市海曙区卫生健康局", r.county_b),
        market=office("杭州市市场监督管理局", r.city_a, AuthorityKind.MARKET_REGULATION),
        police=office("浙江省公安厅", r.province, AuthorityKind.PUBLIC_SECURITY),
    )


@pytest.fixture
def lead_category(db):
    return LeadCategory.objects.get(name="非法行医")


@pytest.fixture
def facility_a(lead_regions):
    return Facility.objects.create(
        name="杭州西湖康宁诊所", region=lead_regions.county_a, facility_type="clinic"
    )


@pytest.fixture
def facility_b(lead_regions):
    return Facility.objects.create(
        name="宁波海曙仁心诊所", region=lead_regions.county_b, facility_type="clinic"
    )


@pytest.fixture
def make_staff(db, django_user_model):
    """make_staff(username, *groups, office=None, supervisor=False, perms=(), **fields)."""

    def make(username, *groups, office=None, supervisor=False, perms=(), **fields):
        fields.setdefault("email", f"{username}@example.org")
        user = django_user_model.objects.create_user(
            username=username, password="pw-123456", **fields
        )
        user.groups.add(*(Group.objects.get(name=name) for name in groups))
        for perm in perms:  # "app_label.codename"
            app_label, codename = perm.split(".")
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        if office is not None:
            StaffOffice.objects.create(user=user, office=office, supervisor=supervisor)
        return user

    return make


ADMIN_ACCESS = "wagtailadmin.access_admin"


@pytest.fixture
def county_handler(make_staff, lead_offices):
    """线索办理员 of 西湖区 (view, handle)."""
    return make_staff("xh-banli", LEAD_HANDLER, office=lead_offices.county_a)


@pytest.fixture
def county_supervisor(make_staff, lead_offices):
    """线索负责人 of 西湖区 (view, handle, dispatch, propose rewards), gets reminders."""
    return make_staff("xh-fuze", LEAD_SUPERVISOR, office=lead_offices.county_a, supervisor=True)


@pytest.fixture
def county_viewer(make_staff, lead_offices):
    """Sees 西湖区's leads, may do nothing with them."""
    return make_staff(
        "xh-chakan", office=lead_offices.county_a, perms=(ADMIN_ACCESS, "portal.view_lead")
    )


@pytest.fixture
def no_perm_user(make_staff, lead_offices):
    """Works at 西湖区 with admin access but no lead permission."""
    return make_staff("xh-wuquan", office=lead_offices.county_a, perms=(ADMIN_ACCESS,))


@pytest.fixture
def other_county_handler(make_staff, lead_offices):
    """线索负责人 of 海曙区: every lead permission, but another county's leads."""
    return make_staff("hs-fuze", LEAD_SUPERVISOR, office=lead_offices.county_b, supervisor=True)


@pytest.fixture
def city_supervisor(make_staff, lead_offices):
    return make_staff("hz-fuze", LEAD_SUPERVISOR, office=lead_offices.city_a, supervisor=True)


@pytest.fixture
def province_supervisor(make_staff, lead_offices):
    """线索负责人 of the province: sees every lead."""
    return make_staff("zj-fuze", LEAD_SUPERVISOR, office=lead_offices.province, supervisor=True)


@pytest.fixture
def reward_approver(make_staff, lead_offices):
    return make_staff("zj-shenpi", REWARD_APPROVER, office=lead_offices.province)


@pytest.fixture
def identity_custodian(make_staff, lead_offices):
    return make_staff("xh-baomi", LEAD_HANDLER, IDENTITY_CUSTODIAN, office=lead_offices.county_a)


@pytest.fixture
def lead_admin(make_staff):
    """管理员: every lead permission and all regions (view_all_leads), no StaffOffice."""
    return make_staff("guanli", ADMINISTRATOR)


@pytest.fixture
def make_lead(lead_category, facility_a):
    """make_lead(kind=..., facility=..., region=..., anonymous=..., submitted_at=...,
    **fields): a lead written by the intake code (DECIDE clock started), then `fields`
    (e.g. office, handler, suggested_authority) stored as given. The reporter is named with
    phone and email unless anonymous=True (or reporter={...} to choose the details)."""

    def make(kind=LeadKind.VIOLATION, *, facility=facility_a, region=None, anonymous=False,
             reporter=None, submitted_at=None, category=None, description=DESCRIPTION,
             **fields):  # fmt: skip
        data = {
            "category": category or lead_category,
            "facility": facility,
            "facility_name": "" if facility else "无名诊所",
            "region": region or (facility.region if facility else None),
            "description": description,
            "wanted": "依法查处",
            "anonymous": anonymous,
            "reward_consent": kind == LeadKind.REWARD,
        }
        if not anonymous:
            data.update(REPORTER if reporter is None else reporter)
        lead, _code = submit_lead(kind, data)
        if submitted_at is not None:
            Lead.objects.filter(pk=lead.pk).update(submitted_at=submitted_at)
            lead.submitted_at = submitted_at
            deadlines.start(lead, Stage.DECIDE, timezone.localdate(submitted_at))
            deadlines.refresh_due(lead)
        if fields:
            Lead.objects.filter(pk=lead.pk).update(**fields)
        lead.refresh_from_db()
        return lead

    return make


# The workflow path to each state, and the data each action needs by default.
PATHS = {
    LeadState.RECEIVED: (),
    LeadState.ACCEPTED: ("accept",),
    LeadState.REFUSED: ("refuse",),
    LeadState.ASSIGNED: ("accept", "assign"),
    LeadState.INVESTIGATING: ("accept", "assign", "start"),
    LeadState.CONCLUDED: ("accept", "assign", "start", "conclude"),
    LeadState.REPLIED: ("accept", "assign", "start", "conclude", "reply"),
    LeadState.CLOSED: ("accept", "assign", "start", "conclude", "reply", "close"),
    LeadState.TRANSFERRED: ("accept", "transfer"),
    LeadState.MERGED: ("merge",),
}


def covering_office(offices, lead):
    """The deepest health office of `offices` whose region contains the lead's place."""
    region = lead.facility.region if lead.facility_id else lead.region
    best = offices.province
    for office in vars(offices).values():
        if office.kind not in workflow.HEALTH_KINDS or region is None:
            continue
        if region.code.startswith(office.region.prefix):
            if office.region.level > best.region.level:
                best = office
    return best


@pytest.fixture
def action_data(lead_offices, make_lead):
    """action_data(action, lead) -> the keyword arguments a valid `perform` call needs."""

    def data(action, lead, **overrides):
        values = {
            "refuse": {"reason": "不属于卫生健康部门职责范围。"},
            "assign": {"office": covering_office(lead_offices, lead)},
            "devolve": {"office": covering_office(lead_offices, lead)},
            "conclude": {"outcome": LeadOutcome.SUBSTANTIATED, "note": "现场检查属实。"},
            "reply": {"text": "经调查，您反映的问题属实，已依法立案查处。"},
            "transfer": {"agency": lead_offices.market, "letter": "移送函：该线索涉及无照经营。"},
            "extend": {"stage": Stage.CONCLUDE, "reason": "案情复杂，需要补充调查。"},
            "note": {"note": "已电话联系被反映机构负责人。"},
        }.get(action, {})
        if action == "merge" and "target" not in overrides:
            values = {"target": make_lead(facility=lead.facility)}
        return {**values, **overrides}

    return data


@pytest.fixture
def advance(province_supervisor, action_data):
    """advance(lead, state, user=None, handler=None, **data_by_action) takes `lead` to
    `state` through the workflow (as the provincial supervisor unless `user` is given);
    `handler` is named when assigning; e.g. conclude={"outcome": "unfounded"}."""

    def walk(lead, state, user=None, handler=None, **overrides):
        user = user or province_supervisor
        for action in PATHS[LeadState(state)]:
            extra = dict(overrides.get(action, {}))
            if action == "assign" and handler is not None:
                extra.setdefault("handler", handler)
            workflow.perform(user, lead, action, **action_data(action, lead, **extra))
        lead.refresh_from_db()
        return lead

    return walk


@pytest.fixture
def today():
    return timezone.localdate()
