"""严重失信主体名单: why and on what basis parties are listed, and why they are removed."""

from .parties import DOCTORS

LISTING_POLICY = (
    "《国务院办公厅关于进一步完善失信约束制度构建诚信建设长效机制的指导意见》（国办发〔2020〕49号）"
)

# reason, basis, who it fits
BLACKLIST_REASONS = (
    (
        "未取得《医疗机构执业许可证》擅自执业，被行政处罚后拒不履行行政处罚决定",
        "《中华人民共和国基本医疗卫生法》第九十九条",
        frozenset({"salon", "layperson", "bathhouse"}),
    ),
    (
        "非医师行医，被行政处罚后再次非法行医",
        "《中华人民共和国医师法》第五十九条",
        frozenset({"layperson"}),
    ),
    (
        "使用非卫生技术人员开展医疗美容项目，情节严重，被吊销《医疗机构执业许可证》",
        "《医疗机构管理条例》第四十七条",
        frozenset({"cosmetic", "outpatient", "clinic"}),
    ),
    (
        "非医学需要进行胎儿性别鉴定，情节严重",
        "《中华人民共和国人口与计划生育法》第四十条",
        frozenset({"clinic", "clinic_individual", "outpatient", "practitioner"}),
    ),
    (
        "出借《医疗机构执业许可证》，情节严重，被吊销《医疗机构执业许可证》",
        "《中华人民共和国基本医疗卫生法》第九十九条",
        frozenset({"clinic", "clinic_individual", "dental", "outpatient"}),
    ),
    (
        "隐匿、伪造、篡改病历资料，情节严重，被责令暂停执业活动",
        "《中华人民共和国医师法》第五十六条",
        DOCTORS,
    ),
)
REMOVAL_REASONS = (
    "完成信用修复，提前移出",
    "列入期限届满，依法移出",
    "据以列入的行政处罚决定被依法撤销",
)
