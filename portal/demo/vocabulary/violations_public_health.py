"""Violations in public places (公共场所) and of drinking-water hygiene (生活饮用水).

The second part of `VIOLATIONS`."""

from .parties import PUBLIC_PLACES, WATER
from .penalties import F, Scheme, Violation, W

PUBLIC_HEALTH_VIOLATIONS = (
    Violation(
        "pp_health_certificate",
        "安排未获得有效健康合格证明的从业人员从事直接为顾客服务工作",
        "{date}，执法人员对当事人经营场所进行监督检查，发现其有{count}名直接为顾客服务的从业人员未取得有效健康合格证明。",
        ("",),
        "《公共场所卫生管理条例》第七条",
        "《公共场所卫生管理条例实施细则》第三十八条",
        (
            Scheme((W, F), fine=(500, 5000), weight=4),
            Scheme((W, F), fine=(5000, 15000), weight=1),
        ),
        PUBLIC_PLACES,
        10,
    ),
    Violation(
        "pp_disinfection",
        "未按照规定对顾客用品用具进行清洗、消毒、保洁",
        "{date}，执法人员对当事人进行监督检查，发现其{detail}。",
        (
            "供顾客使用的毛巾、浴巾未做到一客一换一消毒",
            "重复使用一次性用品用具",
            "已消毒与未消毒的顾客用品用具混放",
            "理发、美容用具未按规定进行消毒",
        ),
        "《公共场所卫生管理条例实施细则》第十四条",
        "《公共场所卫生管理条例实施细则》第三十六条第（二）项",
        (
            Scheme((W,), weight=3),
            Scheme((W, F), fine=(500, 2000), weight=3),
            Scheme((W, F), fine=(2000, 20000), weight=1),
        ),
        PUBLIC_PLACES,
        10,
    ),
    Violation(
        "pp_testing",
        "未按照规定对公共场所进行卫生检测",
        "{date}，执法人员检查发现，当事人{detail}。",
        (
            "未按规定对经营场所的空气、微小气候进行卫生检测",
            "未按规定对游泳池水进行水质检测",
            "未按规定每年对顾客用品用具进行卫生检测",
            "未按规定对集中空调通风系统进行卫生检测",
        ),
        "《公共场所卫生管理条例实施细则》第十九条",
        "《公共场所卫生管理条例实施细则》第三十六条第（一）项",
        (
            Scheme((W,), weight=3),
            Scheme((W, F), fine=(500, 2000), weight=3),
            Scheme((W, F), fine=(2000, 20000), weight=1),
        ),
        PUBLIC_PLACES,
        5,
    ),
    Violation(
        "pp_no_licence",
        "未依法取得公共场所卫生许可证擅自营业",
        "{date}，执法人员检查发现，当事人未依法取得《公共场所卫生许可证》，擅自从事{business}经营活动。",
        ("",),
        "《公共场所卫生管理条例》第四条",
        "《公共场所卫生管理条例实施细则》第三十五条",
        (
            Scheme((W, F), fine=(500, 5000), weight=3),
            Scheme((W, F), fine=(5000, 30000), weight=1),
        ),
        PUBLIC_PLACES,
        4,
    ),
    Violation(
        "water_no_licence",
        "供水单位未取得卫生许可证而擅自供水",
        "{date}，执法人员检查发现，当事人未取得生活饮用水卫生许可证，擅自向{detail}供水。",
        ("周边居民小区", "所管理住宅小区的高层住户", "工业园区及周边村民"),
        "《生活饮用水卫生监督管理办法》",
        "《生活饮用水卫生监督管理办法》第二十六条第（三）项",
        (Scheme((F,), fine=(1000, 5000)),),
        WATER,
        2,
    ),
    Violation(
        "water_quality",
        "供应的饮用水不符合国家生活饮用水卫生标准",
        "{date}，执法人员对当事人供应的生活饮用水进行采样检测，{detail}不符合《生活饮用水卫生标准》（GB 5749）的要求。",
        ("菌落总数", "浑浊度", "游离氯", "总大肠菌群"),
        "《生活饮用水卫生监督管理办法》",
        "《生活饮用水卫生监督管理办法》第二十六条第（四）项",
        (Scheme((F,), fine=(1000, 5000)),),
        WATER,
        3,
    ),
    Violation(
        "water_staff",
        "安排未取得体检合格证的人员从事直接供、管水工作",
        "{date}，执法人员检查发现，当事人安排{count}名未取得健康体检合格证明的人员从事直接供、管水工作。",
        ("",),
        "《生活饮用水卫生监督管理办法》第十一条",
        "《生活饮用水卫生监督管理办法》第二十五条",
        (Scheme((F,), fine=(200, 1000)),),
        WATER,
        3,
    ),
)
