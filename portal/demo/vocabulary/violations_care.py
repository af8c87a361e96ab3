"""Violations in care: infection control, maternal care and sex selection, cosmetic
medicine, nurses, medical records, physicians, information security, licences lent or
departments let out.

The third part of `VIOLATIONS`."""

import datetime

from .parties import DOCTORS, MEDICAL
from .penalties import CRITICISE, REVOKE, SUSPEND, C, F, Scheme, Violation, W

CARE_VIOLATIONS = (
    Violation(
        "infection_control",
        "未按照规定承担本单位的传染病预防、控制工作和医院感染控制任务",
        "{date}，执法人员检查发现，当事人{detail}。",
        (
            "未按规定设置预检分诊点",
            "发热患者未经预检分诊直接进入诊室就诊",
            "未按规定开展医院感染监测",
        ),
        "《中华人民共和国传染病防治法》第二十一条",
        "《中华人民共和国传染病防治法》（2013年修正）第六十九条第（一）项",
        (Scheme((W, CRITICISE)),),
        MEDICAL,
        3,
        until=datetime.date(2025, 8, 31),
    ),
    Violation(
        "disinfection",
        "未按照规定对医疗器械进行消毒灭菌",
        "{date}，执法人员检查发现，当事人{detail}。",
        (
            "口腔科使用的牙科手机未做到一人一用一灭菌",
            "使用后的针灸针未按规定进行灭菌处理",
            "未按规定对使用中的消毒剂浓度进行监测",
            "未按规定对压力蒸汽灭菌器进行生物监测",
        ),
        "《消毒管理办法》第四条、第六条",
        "《消毒管理办法》第四十一条",
        (Scheme((F,), fine=(1000, 5000)),),
        MEDICAL,
        6,
    ),
    Violation(
        "maternal_licence",
        "未取得母婴保健技术服务执业许可擅自从事母婴保健技术服务",
        "{date}，执法人员检查发现，当事人未取得《母婴保健技术服务执业许可证》，擅自开展{detail}，违法所得人民币{gain}元。",
        ("终止妊娠手术", "产前筛查", "助产技术服务"),
        "《中华人民共和国母婴保健法》第三十二条",
        "《中华人民共和国母婴保健法实施办法》第四十条",
        (Scheme((W, C, F), fine=(5000, 20000), gain=(300, 4900)),),
        frozenset({"clinic", "outpatient", "hospital_private"}),
        2,
    ),
    Violation(
        "sex_selection",
        "非医学需要进行胎儿性别鉴定",
        "{date}，经调查核实，当事人利用{detail}为孕妇进行非医学需要的胎儿性别鉴定，违法所得人民币{gain}元。",
        ("B超", "超声诊断仪"),
        "《中华人民共和国人口与计划生育法》",
        "《中华人民共和国人口与计划生育法》第四十条第（二）项",
        (
            Scheme((W, C, F), fine=(10000, 30000), gain=(200, 3000), weight=2),
            Scheme((W, C, F, REVOKE), fine=(10000, 30000), gain=(200, 3000), weight=1),
        ),
        frozenset({"clinic", "clinic_individual", "outpatient", "practitioner"}),
        1,
    ),
    Violation(
        "cosmetic_physician",
        "安排不具备主诊医师条件的人员实施医疗美容项目",
        "{date}，执法人员检查发现，当事人安排不具备医疗美容主诊医师条件的医师独立实施{detail}。",
        ("重睑成形术", "吸脂术", "假体隆鼻术", "自体脂肪填充术"),
        "《医疗美容服务管理办法》第十一条",
        "《医疗美容服务管理办法》第二十八条；《医疗机构管理条例》第四十七条；"
        "《医疗机构管理条例实施细则》第八十一条第二款",
        (Scheme((F,), fine=(10000, 50000)),),
        frozenset({"cosmetic"}),
        3,
    ),
    Violation(
        "cosmetic_scope",
        "超出登记的医疗美容项目级别开展医疗美容服务",
        "{date}，执法人员检查发现，当事人登记的美容外科项目为{detail}，但其擅自开展更高级别的美容外科项目，"
        "违法所得人民币{gain}元。",
        ("一级项目", "二级项目"),
        "《医疗美容服务管理办法》；《医疗机构管理条例》第二十六条",
        "《医疗美容服务管理办法》第二十八条；《医疗机构管理条例》第四十六条",
        (
            Scheme((W, C, F), fine=(10000, 50000), gain=(2000, 60000), weight=3),
            Scheme((W, C, F, REVOKE), fine=(50000, 100000), gain=(20000, 200000), weight=1),
        ),
        frozenset({"cosmetic"}),
        3,
    ),
    Violation(
        "nurses",
        "允许未取得护士执业证书的人员从事护理活动",
        "{date}，执法人员检查发现，当事人允许{count}名未取得《护士执业证书》的人员在本机构从事{detail}等护理活动。",
        ("静脉输液", "肌内注射", "术后护理"),
        "《护士条例》第二十一条",
        "《护士条例》第二十八条第（二）项",
        (Scheme((W,)),),
        frozenset({"hospital_private", "outpatient", "clinic", "cosmetic"}),
        3,
    ),
    Violation(
        "medical_records",
        "未按规定填写、保管病历资料",
        "{date}，执法人员抽查当事人病历{count}份，发现{detail}。",
        ("部分手术病历缺少知情同意书", "手术记录未按规定及时完成", "门诊病历未记录用药情况"),
        "《医疗纠纷预防和处理条例》第十五条",
        "《医疗纠纷预防和处理条例》第四十七条第（四）项",
        (Scheme((W, F), fine=(10000, 50000)),),
        frozenset({"hospital_private", "outpatient", "cosmetic", "dental", "clinic"}),
        3,
    ),
    Violation(
        "doctor_place",
        "医师未按照注册的执业地点、执业类别、执业范围执业",
        "{date}，执法人员检查发现，当事人注册的执业地点为{region}，其未办理变更注册，"
        "在其他机构从事诊疗活动，违法所得人民币{gain}元。",
        ("",),
        "《中华人民共和国医师法》第十四条",
        "《中华人民共和国医师法》第五十七条",
        (
            Scheme((W, C, F), fine=(10000, 30000), gain=(500, 8000), weight=3),
            Scheme((W, F), fine=(10000, 20000), weight=2),
            Scheme((W, C, F, SUSPEND), fine=(20000, 30000), gain=(2000, 20000), weight=1),
        ),
        DOCTORS,
        4,
    ),
    Violation(
        "doctor_records",
        "隐匿、伪造、篡改病历等医学文书及有关资料",
        "{date}，经调查核实，当事人在诊疗活动中{detail}。",
        ("事后补记并篡改手术记录", "伪造患者知情同意书签名", "隐匿住院病历资料"),
        "《中华人民共和国医师法》第二十四条",
        "《中华人民共和国医师法》第五十六条第（三）项",
        (
            Scheme((W, F), fine=(10000, 30000), weight=3),
            Scheme((W, F, SUSPEND), fine=(20000, 30000), weight=1),
        ),
        DOCTORS,
        2,
    ),
    Violation(
        "information_security",
        "医疗信息安全制度、保障措施不健全导致医疗信息泄露",
        "{date}，经调查核实，当事人{detail}，导致{count}名患者的个人健康信息泄露。",
        (
            "未对信息系统设置访问权限",
            "工作人员将受检者体检报告上传至公共网盘",
            "未落实患者信息管理制度",
        ),
        "《中华人民共和国基本医疗卫生法》",
        "《中华人民共和国基本医疗卫生法》第一百零一条",
        (Scheme((W, F), fine=(10000, 50000)),),
        frozenset({"checkup", "hospital_private", "hospital_public"}),
        1,
    ),
    Violation(
        "subcontracting",
        "医疗卫生机构对外出租、承包医疗科室",
        "{date}，经调查核实，当事人将其{detail}承包给他人经营，违法所得人民币{gain}元。",
        ("皮肤科", "口腔科", "中医科", "医疗美容科"),
        "《中华人民共和国基本医疗卫生法》",
        "《中华人民共和国基本医疗卫生法》第一百条第（二）项",
        (Scheme((C, F), multiple=(2, 10), gain=(5000, 80000)),),
        frozenset({"hospital_private", "outpatient"}),
        1,
    ),
    Violation(
        "lending_licence",
        "出借《医疗机构执业许可证》",
        "{date}，经调查核实，当事人将其《医疗机构执业许可证》出借给不具备执业资格的人员开展诊疗活动，"
        "违法所得人民币{gain}元。",
        ("",),
        "《医疗机构管理条例》第二十二条",
        "《中华人民共和国基本医疗卫生法》第九十九条第二款；《医疗机构管理条例》第四十五条",
        (
            Scheme((C, F), multiple=(5, 15), gain=(2000, 30000), weight=2),
            Scheme((C, F, REVOKE), multiple=(10, 15), gain=(10000, 60000), weight=1),
        ),
        frozenset({"clinic", "clinic_individual", "outpatient", "dental"}),
        1,
    ),
)
