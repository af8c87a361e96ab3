"""Kinds of party (行政相对人), the groups of kinds rules apply to, and 诊疗科目."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PartyKind:
    key: str
    facility_type: str  # portal.models.parties.FacilityType value
    weight: int
    label: str  # what it is, in Chinese (for descriptions)
    business: str = "诊疗"  # 经营项目 for public places


PARTY_KINDS = (
    PartyKind("hospital_public", "hospital", 3, "公立医院"),
    PartyKind("hospital_private", "hospital", 5, "民营医院"),
    PartyKind("clinic", "clinic", 10, "诊所"),
    PartyKind("clinic_individual", "clinic", 6, "个体诊所"),
    PartyKind("dental", "dental", 9, "口腔诊所"),
    PartyKind("outpatient", "outpatient", 7, "门诊部"),
    PartyKind("cosmetic", "cosmetic", 8, "医疗美容机构"),
    PartyKind("checkup", "checkup", 4, "体检中心"),
    PartyKind("community", "community", 6, "社区卫生服务中心"),
    PartyKind("township", "township", 3, "卫生院"),
    PartyKind("maternal", "maternal", 1, "妇幼保健院"),
    PartyKind("hotel", "public_place", 7, "宾馆", "住宿"),
    PartyKind("swimming", "public_place", 3, "游泳场馆", "游泳场（馆）"),
    PartyKind("salon", "public_place", 8, "美容美发店", "美容美发"),
    PartyKind("bathhouse", "public_place", 2, "公共浴室", "公共浴室"),
    PartyKind("water_supply", "water", 3, "集中式供水单位", "集中式供水"),
    PartyKind("water_secondary", "water", 3, "二次供水单位", "二次供水"),
    PartyKind("practitioner", "practitioner", 8, "医师"),
    PartyKind("layperson", "other", 3, "自然人"),
)
PARTY_KIND = {k.key: k for k in PARTY_KINDS}
NATURAL_PERSON_KINDS = frozenset({"practitioner", "layperson"})

HOSPITALS = frozenset({"hospital_public", "hospital_private"})
SMALL_MEDICAL = frozenset({"clinic", "clinic_individual", "dental", "outpatient"})
MEDICAL = HOSPITALS | SMALL_MEDICAL | {"cosmetic", "checkup", "community", "township", "maternal"}
RADIATION = HOSPITALS | {"dental", "outpatient", "checkup", "township"}
PUBLIC_PLACES = frozenset({"hotel", "swimming", "salon", "bathhouse"})
WATER = frozenset({"water_supply", "water_secondary"})
DOCTORS = frozenset({"practitioner"})

# 诊疗科目 for licence contents
SUBJECTS = (
    "内科", "外科", "妇产科", "儿科", "口腔科", "眼科", "耳鼻咽喉科", "皮肤科", "医学检验科",
    "医学影像科", "中医科", "康复医学科", "预防保健科", "急诊医学科", "麻醉科",
)  # fmt: skip
SUBJECTS_BY_KIND = {
    "dental": ("口腔科", "口腔内科专业", "口腔颌面外科专业", "口腔正畸专业", "医学影像科"),
    "cosmetic": ("医疗美容科", "美容外科", "美容皮肤科", "美容牙科", "麻醉科"),
    "checkup": ("内科", "外科", "妇科", "眼科", "医学检验科", "医学影像科"),
    "community": ("全科医疗科", "中医科", "预防保健科", "康复医学科", "医学检验科"),
    "township": ("全科医疗科", "中医科", "预防保健科", "医学检验科", "医学影像科"),
    "maternal": ("妇产科", "儿科", "妇女保健科", "儿童保健科", "医学检验科"),
}
