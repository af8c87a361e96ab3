"""The intake forms field by field: what is required for which kind, normalisation, and the
Chinese messages a citizen reads."""

import datetime

import pytest
from django.utils import timezone

from portal.intake.forms import LeadForm, SupplementForm, TrackForm, region_choices
from portal.models import LeadCategory, LeadKind

from .conftest import DESCRIPTION, ID_NUMBER, PHONE, valid_data

pytestmark = pytest.mark.django_db


def lead_form(kind="complaint", cat=None, **overrides):
    cat = cat or LeadCategory.objects.filter(active=True).first()
    return LeadForm(kind, valid_data(kind, cat, **overrides))


def errors_of(form, field):
    form.is_valid()
    return [str(message) for message in form.errors.get(field, [])]


def test_valid_complaint():
    form = lead_form()
    assert form.is_valid(), form.errors
    assert form.cleaned_data["region"].code == "110105"
    assert form.cleaned_data["occurred_on"] == datetime.date(2025, 3, 5)
    assert form.cleaned_data["anonymous"] is False


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "请填写您遇到的问题。"),
        ("   \n ", "请填写您遇到的问题。"),
        ("太短了", "请至少写 20 个字（当前 3 个字）。"),
        ("字" * 5001, "最多 5000 个字（当前 5001 个字）。"),
    ],
)
def test_description(value, message):
    assert errors_of(lead_form(description=value), "description") == [message]


def test_description_limits_count_after_strip():
    assert lead_form(description="  " + "字" * 20 + "  ").is_valid()
    assert lead_form(description="字" * 5000).is_valid()


def test_description_label_follows_the_kind():
    assert errors_of(lead_form("nominate", description=""), "description") == [
        "请填写希望检查的问题。"
    ]
    assert errors_of(lead_form("violation", description=""), "description") == [
        "请填写违法违规行为。"
    ]


def test_control_characters_are_dropped():
    form = lead_form(description="有\x00人\x07在" + DESCRIPTION, facility_name="某\x00诊所")
    assert form.is_valid(), form.errors
    assert "\x00" not in form.cleaned_data["description"]
    assert form.cleaned_data["facility_name"] == "某诊所"


def test_wanted_limit():
    assert errors_of(lead_form(wanted="要" * 1001), "wanted") == [
        "最多 1000 个字（当前 1001 个字）。"
    ]


@pytest.mark.parametrize(("value", "message"), [("", "请选择问题类别。"), ("abc", "请从列表中选择问题类别。"),
                                               ("999999", "请从列表中选择问题类别。")])  # fmt: skip
def test_category(value, message):
    assert errors_of(lead_form(category=value), "category") == [message]


def test_inactive_category_is_refused():
    category = LeadCategory.objects.first()
    category.active = False
    category.save()
    assert errors_of(lead_form(cat=category), "category") == ["请从列表中选择问题类别。"]


def test_facility_or_name_required(facility):
    form = lead_form(facility="", facility_name="")
    assert errors_of(form, "facility_name") == [
        "请填写被反映的机构或人员名称（可从列表中选择，列表中没有的直接填写）。"
    ]
    assert form.error_list()[0]["id"] == "id_facility_name"
    assert lead_form(facility=str(facility.pk), facility_name="").is_valid()
    garbage = lead_form(facility="12abc", facility_name="")
    assert not garbage.is_valid() and "facility_name" in garbage.errors


def test_unknown_facility_id_falls_back_to_the_name():
    form = lead_form(facility="987654321")
    assert form.is_valid() and form.cleaned_data["facility"] is None


@pytest.mark.parametrize("value", ["999999", "abc", "11010", "１１０１０５x"])
def test_region_must_exist(value):
    assert errors_of(lead_form(region=value), "region") == ["请从列表中选择所在区划。"]


def test_region_optional():
    form = lead_form(region="")
    assert form.is_valid() and form.cleaned_data["region"] is None


def test_region_choices_are_regions_in_use_with_ancestors(facility, authority):
    choices = dict(region_choices())
    assert "110105" in choices and "110000" in choices
    assert choices["110105"].startswith("\u3000")  # indented below its province
    assert not choices["110000"].startswith("\u3000")
    assert "310000" not in choices  # no facility or authority in Shanghai


@pytest.mark.parametrize("value", ["2025/03/05", "2025.3.5", "20250305", "2025年3月5日"])
def test_occurred_on_formats(value):
    form = lead_form(occurred_on=value)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["occurred_on"] == datetime.date(2025, 3, 5)


def test_occurred_on_rules():
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert errors_of(lead_form(occurred_on=tomorrow), "occurred_on") == ["发生日期不能晚于今天。"]
    assert errors_of(lead_form(occurred_on="1949-12-31"), "occurred_on") == ["发生日期不能早于 1950 年。"]  # fmt: skip
    assert errors_of(lead_form(occurred_on="2025-02-30"), "occurred_on") == [
        "请输入有效的日期，格式如 2025-03-05。"
    ]


def test_reward_requires_identity_and_consent():
    form = lead_form("reward", reporter_name="", reporter_id_number="", reporter_phone="",
                     reward_consent="")  # fmt: skip
    assert not form.is_valid()
    assert form.errors["reporter_name"] == ["请填写真实姓名。"]
    assert form.errors["reporter_id_number"] == ["请填写居民身份证号码。"]
    assert form.errors["reporter_phone"] == ["请填写手机号码。"]
    assert form.errors["reward_consent"] == ["请阅读奖励规则并勾选“我已阅读并同意奖励规则”。"]
    assert "anonymous" not in form.fields


def test_reward_cannot_be_anonymous():
    form = lead_form("reward", anonymous="on")
    assert form.is_valid() and form.cleaned_data["anonymous"] is False
    assert form.cleaned_data["reporter_id_number"] == ID_NUMBER


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1"), "居民身份证号码校验位不正确"),
        ("1101051980010112", "居民身份证号码应为18位，当前为16位"),
        ("110105198002301234", "居民身份证号码中的出生日期不正确"),
    ],
)
def test_reward_id_number_checked(value, message):
    assert errors_of(lead_form("reward", reporter_id_number=value), "reporter_id_number") == [message]  # fmt: skip


def test_id_number_normalised():
    full_width = ID_NUMBER[:-1].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    form = lead_form("reward", reporter_id_number=" " + full_width + ID_NUMBER[-1].lower())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["reporter_id_number"] == ID_NUMBER


@pytest.mark.parametrize("value", ["12800138000", "1380013800", "138001380001", "电话"])
def test_phone_rule(value):
    assert errors_of(lead_form(reporter_phone=value), "reporter_phone") == [
        "请填写11位手机号码，如 13800138000。"
    ]


@pytest.mark.parametrize("value", ["+86 138-0013-8000", "8613800138000", "１３８００１３８０００"])
def test_phone_normalised(value):
    form = lead_form(reporter_phone=value)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["reporter_phone"] == PHONE


def test_email_rule():
    assert errors_of(lead_form(reporter_email="not-an-email"), "reporter_email") == [
        "请填写有效的电子邮箱，如 name@example.com。"
    ]


def test_contact_details_optional_for_named_reports():
    for kind in ("complaint", "violation", "nominate"):
        assert lead_form(kind).is_valid()


def test_anonymous_ignores_identity_errors_and_values():
    form = lead_form("violation", anonymous="on", reporter_phone="123", reporter_name="李四")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["anonymous"] is True
    assert form.cleaned_data["reporter_name"] == form.cleaned_data["reporter_phone"] == ""


def test_captcha_wrong_or_missing():
    assert errors_of(lead_form(captcha_1="42"), "captcha") == ["验证码不正确，请计算新的题目后重新填写。"]  # fmt: skip
    assert errors_of(lead_form(captcha_1=""), "captcha") == ["请填写验证码。"]
    form = lead_form(captcha_1="42")
    form.is_valid()
    assert {"id": "id_captcha_1", "label": "验证码", "message": "验证码不正确，请计算新的题目后重新填写。"} in form.error_list()  # fmt: skip


def test_error_summary_in_field_order():
    form = lead_form("reward", description="", reporter_phone="1", captcha_1="")
    form.is_valid()
    ids = [error["id"] for error in form.error_list()]
    assert ids == ["id_description", "id_reporter_phone", "id_captcha_1"]


def test_kind_is_checked():
    with pytest.raises(ValueError):
        LeadForm("appeal", {})
    assert LeadForm(LeadKind.NOMINATE).kind == LeadKind.NOMINATE


def test_supplement_form():
    assert SupplementForm({"text": "补充"}).is_valid()
    assert SupplementForm({"text": "  "}).errors["text"] == ["请填写补充说明。"]
    assert SupplementForm({"text": "字" * 5001}).errors["text"] == [
        "最多 5000 个字（当前 5001 个字）。"
    ]


def test_track_form():
    form = TrackForm({"receipt_number": "", "query_code": ""})
    assert form.errors == {"receipt_number": ["请填写受理编号。"], "query_code": ["请填写查询码。"]}
    assert [e["id"] for e in form.error_list()] == ["id_receipt_number", "id_query_code"]
