import datetime

import pytest
from django.contrib.auth.models import Group

from portal.credit_code import make_uscc
from portal.models import Authority, AuthorityKind, Facility, PenaltyRecord, Region


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in Chinese: a request to /en/ through the test client leaves English
    active in the thread, and messages built outside a request would follow it."""
    from django.utils import translation

    translation.activate("zh-hans")
    yield
    translation.deactivate()


@pytest.fixture
def region(db):
    return Region.objects.get(code="110105")


@pytest.fixture
def authority(region):
    return Authority.objects.create(
        name="北京市朝阳区卫生健康委员会",
        kind=AuthorityKind.HEALTH_COMMISSION,
        uscc=make_uscc("11", "110105", "00000101"),
        region=region,
    )


@pytest.fixture
def facility(region):
    return Facility.objects.create(
        name="北京康宁口腔诊所有限公司",
        uscc=make_uscc("91", "110105", "MA000001"),
        region=region,
        facility_type="dental",
    )


@pytest.fixture
def make_penalty(facility, authority):
    counter = iter(range(1, 10_000))

    def make(decision_date, categories="罚款", live=True, **extra):
        number = f"京朝卫罚〔{decision_date.year}〕{next(counter):04d}号"
        values = dict(
            record_key=f"{authority.uscc}|{number}",
            facility=facility,
            authority=authority,
            document_number=number,
            decision_date=decision_date,
            violation_type="未按规定公示医疗服务价格",
            facts="经查，当事人未在显著位置公示医疗服务价格。",
            legal_basis="《医疗机构管理条例》第四十七条",
            penalty_categories=categories,
            content="警告，罚款人民币5000元",
            fine_amount="0.5",
            live=live,
        )
        values.update(extra)
        return PenaltyRecord.objects.create(**values)

    return make


def _user(django_user_model, username, group):
    user = django_user_model.objects.create_user(username=username, password="pw-123456")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def data_entry_user(db, django_user_model):
    return _user(django_user_model, "entry", "录入员")


@pytest.fixture
def reviewer_user(db, django_user_model):
    return _user(django_user_model, "reviewer", "审核员")


@pytest.fixture
def d():
    return datetime.date
