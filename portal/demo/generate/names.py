"""Names of people and organisations, and addresses.

Organisation names follow the usual shapes of each kind of party; every namer returns the
name and the USCC prefix that goes with it (12 public institution, 52 private non-profit,
91 company, 92 individual business)."""

from .. import vocabulary as v
from .common import region_prefix, street_label


def person_name(rng, male: bool) -> str:
    surname = rng.choice(v.COMPOUND_SURNAMES) if rng.random() < 0.01 else rng.choice(v.SURNAMES)
    return surname + rng.choice(v.MALE_GIVEN if male else v.FEMALE_GIVEN)


def _short(district: v.District) -> str:
    return district.name[:-1]  # 朝阳区 → 朝阳


def name_hospital_public(rng, area, district):
    return f"{area.city_name}{district.name}{rng.choice(v.PUBLIC_HOSPITAL_NAMES)}", "12"


def name_hospital_private(rng, area, district):
    base = f"{area.city_short}{rng.choice(v.BRANDS)}{rng.choice(v.HOSPITAL_SPECIALTIES)}医院"
    return (base, "52") if rng.random() < 0.5 else (base + "有限公司", "91")


def name_clinic(rng, area, district):
    brand, specialty = rng.choice(v.BRANDS), rng.choice(v.CLINIC_SPECIALTIES)
    if rng.random() < 0.6:
        return f"{area.city_short}{_short(district)}{brand}{specialty}诊所有限公司", "91"
    return f"{area.city_name}{district.name}{brand}{specialty}诊所", "52"


def name_dental(rng, area, district):
    brand = rng.choice(v.BRANDS)
    roll = rng.random()
    if roll < 0.5:
        return f"{area.city_short}{brand}口腔诊所有限公司", "91"
    if roll < 0.8:
        return f"{area.city_name}{district.name}{brand}口腔诊所", "92"
    return f"{area.city_short}{_short(district)}{brand}口腔诊所", "52"


def name_outpatient(rng, area, district):
    base = f"{rng.choice(v.BRANDS)}{rng.choice(v.OUTPATIENT_SPECIALTIES)}门诊部"
    if rng.random() < 0.6:
        return f"{area.city_short}{base}有限公司", "91"
    return f"{area.city_name}{district.name}{base}", "52"


def name_cosmetic(rng, area, district):
    base = f"{area.city_short}{rng.choice(v.COSMETIC_BRANDS)}{rng.choice(v.COSMETIC_SUFFIXES)}"
    return base + "有限公司", "91"


def name_checkup(rng, area, district):
    kind = rng.choice(("健康体检中心", "健康管理体检中心"))
    return f"{area.city_short}{rng.choice(v.BRANDS)}{kind}有限公司", "91"


def name_community(rng, area, district):
    street = street_label(area, rng.choice(district.streets))
    return f"{area.city_name}{district.name}{street}社区卫生服务中心", "12"


def name_township(rng, area, district):
    if not district.towns:
        return None, ""
    return f"{area.city_name}{district.name}{rng.choice(district.towns)}镇卫生院", "12"


def name_maternal(rng, area, district):
    return f"{area.city_name}{district.name}妇幼保健院", "12"


def name_hotel(rng, area, district):
    brand = rng.choice(v.HOTEL_BRANDS)
    if rng.random() < 0.7:
        kind = rng.choice(("宾馆", "酒店", "大酒店", "商务酒店"))
        return f"{area.city_short}{brand}{kind}有限公司", "91"
    return f"{area.city_name}{district.name}{brand}旅馆", "92"


def name_swimming(rng, area, district):
    brand = rng.choice(v.SWIM_BRANDS)
    if rng.random() < 0.6:
        return f"{area.city_short}{brand}游泳健身有限公司", "91"
    return f"{area.city_name}{district.name}{brand}游泳馆", "52"


def name_salon(rng, area, district):
    brand = rng.choice(v.SALON_BRANDS)
    roll = rng.random()
    if roll < 0.6:
        return f"{area.city_name}{district.name}{brand}美容美发店", "92"
    if roll < 0.8:
        return f"{area.city_name}{district.name}{brand}理发店", "92"
    return f"{area.city_short}{brand}美容美发有限公司", "91"


def name_bathhouse(rng, area, district):
    brand = rng.choice(v.HOTEL_BRANDS)
    if rng.random() < 0.6:
        return f"{area.city_short}{brand}洗浴有限公司", "91"
    return f"{area.city_name}{district.name}{brand}浴池", "92"


def name_water_supply(rng, area, district):
    brand = rng.choice(v.WATER_BRANDS)
    if district.towns and rng.random() < 0.3:
        return (
            f"{area.city_short}{_short(district)}{rng.choice(district.towns)}自来水有限公司",
            "91",
        )
    return f"{area.city_short}{_short(district)}{brand}供水有限公司", "91"


def name_water_secondary(rng, area, district):
    kind = rng.choice(("物业服务有限公司", "物业管理有限公司"))
    return f"{area.city_short}{rng.choice(v.PROPERTY_BRANDS)}{kind}", "91"


ORGANISATION_NAMERS = {
    "hospital_public": name_hospital_public,
    "hospital_private": name_hospital_private,
    "clinic": name_clinic,
    "dental": name_dental,
    "outpatient": name_outpatient,
    "cosmetic": name_cosmetic,
    "checkup": name_checkup,
    "community": name_community,
    "township": name_township,
    "maternal": name_maternal,
    "hotel": name_hotel,
    "swimming": name_swimming,
    "salon": name_salon,
    "bathhouse": name_bathhouse,
    "water_supply": name_water_supply,
    "water_secondary": name_water_secondary,
}


def address(rng, area, district, kind) -> str:
    number = rng.randint(1, 399)
    if kind == "township" or (kind == "water_supply" and district.towns and rng.random() < 0.3):
        town = rng.choice(district.towns) if district.towns else ""
        road = rng.choice(("人民路", "健康路", "府前路", "建设路", "新街"))
        return f"{region_prefix(area)}{district.name}{town}镇{road}{number}号"
    tail = rng.choice(
        (
            "",
            "",
            f"{rng.randint(1, 5)}层",
            f"{rng.randint(1, 20)}号楼{rng.randint(1, 6)}层",
            f"{rng.randint(1, 5)}层{rng.randint(1, 5)}{rng.randint(1, 30):02d}室",
            f"{rng.randint(1, 3)}幢",
        )
    )
    return f"{region_prefix(area)}{district.name}{rng.choice(district.roads)}{number}号{tail}"
