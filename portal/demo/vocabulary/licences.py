"""行政许可: the kinds of licence and what each grants."""

from dataclasses import dataclass

from .parties import DOCTORS, HOSPITALS, MEDICAL, PUBLIC_PLACES, RADIATION, WATER


@dataclass(frozen=True)
class LicenceKind:
    key: str
    matter: str  # 许可事项
    certificate: str  # 许可证书名称
    category: str  # LicenceRecord.Category value
    years: int | None  # validity; None: no end date
    tag: str  # document-number tag: 卫医许
    content: str  # template: {subjects} {item} {business} {region}
    items: tuple[str, ...]
    targets: frozenset[str]
    weight: int


LICENCE_KINDS = (
    LicenceKind(
        "medical_registration",
        "医疗机构执业登记",
        "医疗机构执业许可证",
        "普通",
        5,
        "卫医许",
        "准予执业登记。诊疗科目：{subjects}。",
        ("",),
        MEDICAL,
        10,
    ),
    LicenceKind(
        "medical_change",
        "医疗机构变更登记",
        "医疗机构执业许可证",
        "普通",
        5,
        "卫医许",
        "准予变更{item}。",
        ("主要负责人", "诊疗科目", "执业地址", "床位数"),
        MEDICAL,
        5,
    ),
    LicenceKind(
        "radiation",
        "放射诊疗许可",
        "放射诊疗许可证",
        "普通",
        None,
        "卫放许",
        "准予开展放射诊疗工作。许可项目：{item}。",
        (
            "X射线影像诊断（DR）",
            "口腔X射线影像诊断（口腔全景、CBCT）",
            "介入放射学",
            "X射线影像诊断（CT）",
        ),
        RADIATION,
        4,
    ),
    LicenceKind(
        "maternal",
        "母婴保健技术服务执业许可",
        "母婴保健技术服务执业许可证",
        "普通",
        3,
        "卫妇许",
        "准予开展母婴保健技术服务。许可项目：{item}。",
        ("助产技术", "结扎手术、终止妊娠手术", "产前筛查", "婚前医学检查"),
        HOSPITALS | {"maternal"},
        2,
    ),
    LicenceKind(
        "advertising",
        "医疗广告审查",
        "医疗广告审查证明",
        "普通",
        1,
        "卫广许",
        "准予发布{item}医疗广告，广告内容限于医疗机构名称、诊疗科目、地址及联系方式。",
        ("户外", "互联网", "印刷品", "广播电视"),
        frozenset({"cosmetic", "dental", "hospital_private", "outpatient", "checkup"}),
        3,
    ),
    LicenceKind(
        "public_place",
        "公共场所卫生许可",
        "公共场所卫生许可证",
        "普通",
        4,
        "卫公许",
        "准予从事{business}经营。",
        ("",),
        PUBLIC_PLACES,
        12,
    ),
    LicenceKind(
        "water",
        "生活饮用水供水单位卫生许可",
        "卫生许可证",
        "普通",
        4,
        "卫水许",
        "准予从事{business}。",
        ("",),
        WATER,
        4,
    ),
    LicenceKind(
        "physician",
        "医师执业注册",
        "医师执业证书",
        "登记",
        None,
        "卫医许",
        "准予医师执业注册。执业类别：{item}；执业地点：{region}。",
        ("临床；执业范围：内科专业", "临床；执业范围：外科专业", "口腔；执业范围：口腔专业")
        + ("中医；执业范围：中医专业", "临床；执业范围：医学影像和放射治疗专业"),
        DOCTORS,
        5,
    ),
)
