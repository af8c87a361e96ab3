"""双随机抽查: inspection topics, the problems found, and other outcomes."""

from dataclasses import dataclass

from .parties import HOSPITALS, MEDICAL, PUBLIC_PLACES, RADIATION, WATER


@dataclass(frozen=True)
class InspectionTopic:
    name: str  # goes into plan and task names
    targets: frozenset[str]
    problems: tuple[str, ...]


INSPECTION_TOPICS = (
    InspectionTopic(
        "医疗机构传染病防治",
        MEDICAL,
        ("预检分诊设置不规范", "医疗废物交接登记不完整", "消毒隔离制度落实不到位"),
    ),
    InspectionTopic(
        "医疗机构依法执业",
        MEDICAL,
        ("病历书写不规范", "未按规定公示诊疗科目", "依法执业自查记录不完整"),
    ),
    InspectionTopic(
        "放射卫生",
        RADIATION,
        ("放射防护用品配备不足", "个人剂量监测档案不完整", "电离辐射警示标识设置不规范"),
    ),
    InspectionTopic(
        "公共场所卫生",
        PUBLIC_PLACES,
        ("部分从业人员健康合格证明过期", "卫生检测结果未公示", "顾客用品用具消毒记录不完整"),
    ),
    InspectionTopic(
        "生活饮用水卫生",
        WATER,
        ("水质自检记录不完整", "二次供水设施清洗消毒记录缺失", "供管水人员健康证明过期"),
    ),
    InspectionTopic(
        "母婴保健和计划生育技术服务",
        HOSPITALS | {"maternal", "community"},
        ("出生医学证明管理不规范", "终止妊娠药品管理登记不完整"),
    ),
    InspectionTopic(
        "医疗美容机构依法执业",
        frozenset({"cosmetic"}),
        ("医疗美容项目未按规定公示", "主诊医师备案信息未及时更新", "知情同意书内容不完整"),
    ),
)
TRANSFER_DETAILS = (
    "发现涉嫌超出登记范围开展诊疗活动，已移交执法部门立案调查",
    "发现涉嫌使用非卫生技术人员，已移交执法部门立案调查",
    "发现涉嫌欺诈骗取医疗保障基金线索，已移送医疗保障部门处理",
)
INSPECTION_OTHER_DETAILS = ("检查对象停业装修，未开展经营活动", "检查对象已迁出本辖区")
