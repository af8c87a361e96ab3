import pytest
from django.core.exceptions import ValidationError

from portal.credit_code import is_valid_uscc, make_uscc, suggest_uscc, validate_uscc
from portal.id_number import is_valid_id_number, mask_id_number, validate_id_number
from portal.normalize import normalize_code

VALID = ["91110000600037341L", "121200004013590816", "91310115MA1K3BTP2B", "92340602MA2PBMEM24"]


@pytest.mark.parametrize("code", VALID)
def test_domain_samples_are_valid(code):
    assert is_valid_uscc(code)
    validate_uscc(code)


def test_wrong_check_character_is_refused_with_a_chinese_reason():
    assert not is_valid_uscc("91110000600037341N")
    with pytest.raises(ValidationError) as info:
        validate_uscc("91110000600037341N")
    assert "校验位" in str(info.value)


@pytest.mark.parametrize(
    "code,reason",
    [
        ("9111000060003734", "18位"),
        ("91110000600037341I", "不允许的字符"),
        ("9111000O600037341L", "不允许的字符"),
        ("911100006000373412", "校验位"),
    ],
)
def test_invalid_codes_say_why(code, reason):
    with pytest.raises(ValidationError) as info:
        validate_uscc(code)
    assert reason in str(info.value)


def test_full_width_lower_case_and_spaces_are_normalised():
    typed = "９１３１０１１５ｍａ１ｋ３ｂｔｐ２ｂ"
    assert normalize_code(typed) == "91310115MA1K3BTP2B"
    assert is_valid_uscc(typed)
    assert is_valid_uscc(" 9131 0115-ma1k3btp2b ")


@pytest.mark.parametrize("first", list("123456789ANY"))
def test_every_registration_authority_prefix_is_accepted(first):
    assert is_valid_uscc(make_uscc(first + "1", "110105", "MA01234X"[:8]))


def test_suggestions_contain_the_intended_code():
    assert "91110000600037341L" in suggest_uscc("91110000600037341N")


def _id(first17):
    from portal.id_number import id_check_char

    return first17 + id_check_char(first17)


def test_resident_id_numbers():
    good = _id("11010519491231002")
    assert is_valid_id_number(good)
    assert is_valid_id_number(good.lower())
    bad_check = good[:17] + ("0" if good[17] != "0" else "1")
    assert not is_valid_id_number(bad_check)
    assert not is_valid_id_number("11010519491331002X")  # month 13
    with pytest.raises(ValidationError) as info:
        validate_id_number(bad_check)
    assert "校验位" in str(info.value)


def test_id_numbers_are_masked_to_first_and_last_character():
    assert mask_id_number("11010519491231002X") == "1****************X"
    assert mask_id_number("") == ""


@pytest.mark.django_db
def test_personal_data_is_encrypted_at_rest_and_survives_key_rotation(facility, settings):
    from cryptography.fernet import Fernet
    from django.core.management import call_command
    from django.db import connection

    from portal.models import Facility

    person = Facility.objects.create(
        party_type="natural_person",
        name="张某某",
        id_type="居民身份证",
        id_number="11010519491231002X",
    )

    def raw():
        with connection.cursor() as cursor:
            cursor.execute("SELECT id_number FROM portal_facility WHERE id = %s", [person.pk])
            return cursor.fetchone()[0]

    old_token = raw()
    assert old_token.startswith("fernet:") and "11010519491231002X" not in old_token
    assert Facility.objects.get(pk=person.pk).id_number == "11010519491231002X"
    assert Facility.objects.get(pk=person.pk).id_number_masked == "1****************X"
    settings.PORTAL_FIELD_KEY = Fernet.generate_key().decode() + "," + settings.PORTAL_FIELD_KEY
    call_command("rotate_field_key")
    assert raw() != old_token
    settings.PORTAL_FIELD_KEY = settings.PORTAL_FIELD_KEY.split(",")[0]  # old key retired
    assert Facility.objects.get(pk=person.pk).id_number == "11010519491231002X"
