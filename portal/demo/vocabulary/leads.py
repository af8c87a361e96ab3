"""Words demo complaints and reports (线索) are made of: what citizens write, per category
(DOMAIN.md §5), where the unlisted places are, and what the back office answers.

A `Story` is one description template. `kinds` says which kinds of lead may tell it
(c 投诉, v 举报, r 有奖举报, n 你点名、我监督); `subjects` the demo party kinds it can be
about (a facility of the directory, or an unlisted one of that kind); `place` an unlisted
place style (`UNLISTED_PLACES`) for what is in no directory (a flat, a beauty studio, a
WeChat account). Placeholders: {facility} {address} {date} {amount} {n} {doctor} {dept}
{surname}. All names are invented.
"""

from dataclasses import dataclass

from .parties import HOSPITALS, SMALL_MEDICAL


@dataclass(frozen=True)
class Story:
    category: str  # a LeadCategory name (portal.intake.defaults)
    kinds: str  # letters of LEAD_KIND_LETTERS
    text: str
    subjects: frozenset = frozenset()  # demo party kinds (PARTY_KINDS keys)
    place: str = ""  # an UNLISTED_PLACES key when there is no facility kind


LEAD_KIND_LETTERS = {"c": "complaint", "v": "violation", "r": "reward", "n": "nominate"}

CLINICS = SMALL_MEDICAL
GENERAL_CLINICS = frozenset({"clinic", "clinic_individual", "outpatient"})
PUBLIC_HOSPITALS = frozenset({"hospital_public"})
ANY_MEDICAL = HOSPITALS | SMALL_MEDICAL | {"checkup", "community"}
BEAUTY = frozenset({"cosmetic"})
SALONS = frozenset({"salon"})
LAYPEOPLE = frozenset({"layperson"})
HOTELS = frozenset({"hotel"})
POOLS = frozenset({"swimming"})
BATHS = frozenset({"bathhouse"})
WATER = frozenset({"water_secondary", "water_supply"})

S = Story
STORIES = (
    # --- 非法行医 -----------------------------------------------------------------------
    S("非法行医", "vr", "{address}（居民楼内），有人自称“{surname}大夫”，在家里给周边老人输液、"
      "打针，屋里挂着吊瓶、摆着药箱，门口没有任何牌子。每天上午人最多，每次收费{amount}元，"
      "用过的针头直接扔进楼道垃圾桶。据了解此人没有医师资格。", place="flat"),
    S("非法行医", "vrn", "小区底商一间没有招牌的“理疗馆”（{address}），实际在做针灸、小针刀和"
      "放血拔罐，操作的人没有医师资格证，店里也没有《医疗机构执业许可证》。{date}我看到一位"
      "老人做完小针刀后出血不止，被家人送去了医院。", place="flat"),
    S("非法行医", "v", "{address}有一家“中医馆”，老板自称祖传中医，给人开中药汤剂，还推销自制的"
      "药丸，一个疗程{amount}元，号称能根治糖尿病，让病人停用胰岛素。店里只有营业执照，"
      "经营范围是保健咨询。", place="flat"),
    S("非法行医", "vr", "{facility}没有医师资格，长期在附近几个小区上门给人做“静脉营养输液”，"
      "自带药品和输液器，每次收费{amount}元，还在业主群里招揽生意。{date}有一位老人输液后"
      "出现寒战高热。", subjects=LAYPEOPLE),
    S("非法行医", "v", "{facility}执业许可证上登记的诊疗科目只有内科和中医科，但实际在后面的小房间"
      "里做人工流产和妇科小手术，没有麻醉医生，也没有抢救设备。每台收费{amount}元左右，"
      "只收现金。", subjects=GENERAL_CLINICS),
    S("非法行医", "c", "{date}我在{facility}拔牙，后来才知道给我拔牙的是诊所的护士，不是医生。"
      "拔完后一直出血、发烧，到医院复查发现还有牙根残留，又做了一次手术，花了{amount}元。",
      subjects=frozenset({"dental"})),
    S("非法行医", "n", "{facility}晚上经常有人挂吊瓶，坐诊的人每天都换，门口也没有公示医师信息，"
      "怀疑有没有资质的人在行医，建议去查一查。", subjects=GENERAL_CLINICS),
    S("非法行医", "vr", "{facility}聘用的{n}名“医生”中有两人没有医师执业证书，其中一人是某卫校"
      "毕业的，在诊所独立接诊、开处方。我在该诊所工作过，有排班表和处方照片。",
      subjects=CLINICS | {"outpatient"}),
    # --- 医疗美容 -----------------------------------------------------------------------
    S("医疗美容", "vr", "{address}的{facility}是一家生活美容店，却在店里给顾客注射玻尿酸和肉毒素，"
      "操作的是店里的美容师，针剂是从网上买的，包装上全是外文，没有中文标签。一支收费{amount}"
      "元，还让顾客办卡。", place="studio"),
    S("医疗美容", "c", "我于{date}在{facility}做了双眼皮手术和鼻部玻尿酸填充，术前没有让我签"
      "知情同意书，主刀的是一个自称“院长”的人，我在网上查不到他的执业信息。术后鼻子发紫、"
      "疼痛，机构只说是正常反应，拒绝退费。", subjects=BEAUTY),
    S("医疗美容", "vn", "{facility}对外宣传“光子嫩肤”“水光针”，在店里用微针给顾客打水光，"
      "操作人员没有任何医疗资质，店里也没有医疗美容的许可。", subjects=SALONS),
    S("医疗美容", "r", "{facility}让没有医师执业证书的“美容导师”做埋线提升和吸脂，术前不查血，"
      "手术室是普通房间改的，还在用过期的麻醉药。我有手术当天的照片、收费单据和微信聊天"
      "记录，申请有奖举报。", subjects=BEAUTY),
    S("医疗美容", "n", "{facility}近期在短视频平台大量推广“无痕隆鼻”“一次变美”，价格只有{amount}"
      "元，远低于市场价，建议对其执业人员资质和药品来源进行检查。", subjects=BEAUTY),
    S("医疗美容", "vr", "微信上认识的“美容老师”在{address}租了一个房间，上门的顾客都是朋友圈"
      "拉来的，给人打“瘦脸针”和“溶脂针”，{date}我朋友打完后脸部肿胀、发硬，现在还在医院治疗。",
      place="flat"),
    # --- 欺诈骗保 -----------------------------------------------------------------------
    S("欺诈骗保", "vr", "{facility}组织老人“免费体检、免费住院”，用老人的医保卡办住院，人每天"
      "晚上都回家，病床上只放一件衣服（挂床住院）。出院时每人发{amount}元“营养费”。我母亲"
      "就被拉去住了{n}天。", subjects=HOSPITALS),
    S("欺诈骗保", "rc", "我在{facility}住院期间，病历上记的理疗项目我一次都没做过，结算清单上"
      "却有针灸、中频治疗等{n}项，合计{amount}元，全部走医保报销。我有结算清单和住院期间的"
      "日记。", subjects=HOSPITALS),
    S("欺诈骗保", "v", "{facility}把不能报销的种植牙、牙齿美白换成可以报销的“牙周治疗”项目记账，"
      "刷医保卡结算。我和同事几个人的医保记录都和实际做的治疗对不上。",
      subjects=frozenset({"dental"})),
    S("欺诈骗保", "vr", "{facility}门口有人拉老人刷医保卡“开慢病药”，药不给，改发米面油，卡里的钱"
      "被刷走。{date}我父亲的医保个人账户一次被刷了{amount}元。",
      subjects=GENERAL_CLINICS | {"community"}),
    S("欺诈骗保", "n", "{facility}附近经常有车接送老人去住院，听说住院不用花钱还送礼品，怀疑骗取"
      "医保基金，请有关部门去看一看。", subjects=HOSPITALS),
    # --- 医疗质量安全 -------------------------------------------------------------------
    S("医疗质量安全", "c", "{date}我父亲在{facility}做胃镜，内镜室的医生没有给内镜做清洗消毒，"
      "上一个病人做完直接给下一个人用。我们提出疑问，护士说“人太多来不及”。担心交叉感染。",
      subjects=HOSPITALS | {"checkup"}),
    S("医疗质量安全", "c", "在{facility}补牙时，医生用的器械不是从消毒包里拿的，而是从抽屉里直接"
      "取出来的，手套也没有换。我当场问了，医生说“都消过毒了”。", subjects=frozenset({"dental"})),
    S("医疗质量安全", "c", "{date}孩子在{facility}输液，护士没有核对姓名就挂上了别人的药，发现后"
      "才换掉，孩子随后出了皮疹。诊所没有做任何记录，也不承认有差错。", subjects=GENERAL_CLINICS),
    S("医疗质量安全", "c", "我在{facility}体检，报告上的B超结果与我的实际情况明显不符（我{n}年前"
      "已切除胆囊，报告写“胆囊未见异常”），怀疑报告是按模板打印的。", subjects=frozenset({"checkup"})),
    S("医疗质量安全", "n", "{facility}手术量很大，听住院的病友说术后感染的人不少，病房卫生间污水"
      "外流，建议检查院感防控工作。", subjects=HOSPITALS),
    S("医疗质量安全", "cv", "{facility}{dept}{doctor}给我母亲开了{n}种药，其中两种是同一成分，"
      "药师也没有审出来，老人吃了两天就出现低血糖被送急诊。", subjects=PUBLIC_HOSPITALS),
    # --- 违规收费 -----------------------------------------------------------------------
    S("违规收费", "c", "{date}起在{facility}住院{n}天，出院结算时发现收了十几次静脉采血费，实际只"
      "抽过两次血；还收了一项“特需护理费”，没有人告诉过我们。多收约{amount}元。",
      subjects=HOSPITALS),
    S("违规收费", "c", "{facility}种植牙前报价{amount}元，做完后又加收“骨粉费”“修复基台费”等，"
      "这些项目和价格事先都没有告知，店里也没有公示价目表。", subjects=frozenset({"dental"})),
    S("违规收费", "c", "{facility}的体检套餐里写着“肿瘤标志物12项”，报告里只有3项，多收的钱要求"
      "退还，对方一直推脱。", subjects=frozenset({"checkup"})),
    S("违规收费", "cv", "{facility}墙上挂的价目表和实际收费不一样，诊查费收了{amount}元，收费票据"
      "上的项目名称也和实际做的不一致。", subjects=CLINICS),
    # --- 医德医风/回扣 -------------------------------------------------------------------
    S("医德医风/回扣", "vr", "{facility}{dept}的{doctor}长期收受医药代表回扣，每开一盒某进口药"
      "提成{amount}元，代表每月月底到办公室“结账”。门诊处方中这种药的比例明显偏高。",
      subjects=PUBLIC_HOSPITALS),
    S("医德医风/回扣", "c", "{date}我爱人在{facility}做手术，主刀医生暗示要“表示一下”，我们送了"
      "{amount}元红包后才安排了床位。手术后想要回，医生不承认。", subjects=HOSPITALS),
    S("医德医风/回扣", "r", "{facility}骨科与耗材供应商勾结，手术中使用的钢板螺钉价格虚高，"
      "医生按用量拿回扣，每台手术几千元。我掌握了供应商的结算明细照片。", subjects=HOSPITALS),
    S("医德医风/回扣", "v", "{facility}和周边几家企业的人事负责人约好，每介绍一名员工来体检返还"
      "{amount}元“介绍费”，体检项目也按返点多少来推荐。", subjects=frozenset({"checkup"})),
    S("医德医风/回扣", "c", "{facility}{doctor}看病时一直推荐去门口某药店买药，说“医院没有”，"
      "后来发现医院药房就有，药店的价格贵了一倍。", subjects=HOSPITALS | {"community"}),
    # --- 号贩子/医托 ---------------------------------------------------------------------
    S("号贩子/医托", "cv", "{facility}门诊楼前每天早上都有号贩子公开喊“专家号”，一个号加价{amount}"
      "元，挂号窗口和手机上却显示号已挂满。怀疑有内部人员倒号。", subjects=PUBLIC_HOSPITALS),
    S("号贩子/医托", "cv", "{date}在{facility}门口，有人冒充病友搭话，把我们从外地来看病的一家人"
      "领到附近一家“专科门诊”，说那里的专家更好，结果花了{amount}元买了一堆药。",
      subjects=PUBLIC_HOSPITALS),
    S("号贩子/医托", "n", "{facility}{dept}的专家号一放号就没了，网上却有人高价转卖，建议查一查"
      "号源管理和挂号系统。", subjects=PUBLIC_HOSPITALS),
    # --- 非医学需要胎儿性别鉴定 ---------------------------------------------------------
    S("非医学需要胎儿性别鉴定", "vr", "有人在微信群里招揽孕妇做胎儿性别鉴定，每次{amount}元，"
      "约好后开车把孕妇带到{address}的一处民房，用便携式B超机查看。我有群聊截图和转账记录。",
      place="mobile"),
    S("非医学需要胎儿性别鉴定", "vr", "{facility}的B超室私下给孕妇鉴定胎儿性别，用暗语告诉家属"
      "（“准备蓝色的衣服”），每次收{amount}元现金，不开票。",
      subjects=GENERAL_CLINICS | {"hospital_private"}),
    S("非医学需要胎儿性别鉴定", "v", "{address}有一家“母婴用品店”代收孕妇血样，说寄到境外做"
      "性别鉴定，每份{amount}元，一周出结果。", place="shop"),
    # --- 虚假医疗广告 -------------------------------------------------------------------
    S("虚假医疗广告", "vn", "{facility}在公交站和短视频平台投放广告，称“三天治愈牛皮癣”“不复发，"
      "无效退款”，还用“患者”名义拍视频做宣传。", subjects=GENERAL_CLINICS | {"hospital_private"}),
    S("虚假医疗广告", "v", "{facility}发文推广某“量子共振”治疗仪，宣称能治愈高血压、糖尿病，"
      "文中留的体验地址是{address}，每次体验{amount}元。", place="online"),
    S("虚假医疗广告", "n", "{facility}在网上宣传“韩国专家亲诊”“国际认证”，我们没有查到境外医师在"
      "这里执业的信息，建议核实。", subjects=BEAUTY | {"hospital_private"}),
    # --- 传染病防控 ---------------------------------------------------------------------
    S("传染病防控", "v", "{facility}接诊发热病人时没有预检分诊，发热病人和其他病人挤在同一个候诊区，"
      "听说也没有按规定上报。", subjects=GENERAL_CLINICS | {"community"}),
    S("传染病防控", "vr", "{facility}把用过的针管、棉签和生活垃圾混在一起，每天晚上扔到附近的"
      "垃圾桶里，没有医疗废物交接记录。我拍了{n}天的照片。", subjects=CLINICS),
    S("传染病防控", "c", "{date}我在{facility}扎针灸，针是从一个铁盒里拿出来的，没看到一次性包装，"
      "担心重复使用。问医生，医生说泡过酒精了。", subjects=GENERAL_CLINICS),
    # --- 公共场所卫生 -------------------------------------------------------------------
    S("公共场所卫生", "c", "{date}入住{facility}，房间的床单上有污渍和毛发，明显没有更换；卫生间的"
      "杯子没有消毒，看到服务员用同一块抹布擦马桶和杯子。", subjects=HOTELS),
    S("公共场所卫生", "c", "{facility}的泳池水浑浊，有刺鼻的气味，孩子{date}游完后眼睛红肿。"
      "现场没有公示水质检测结果。", subjects=POOLS),
    S("公共场所卫生", "cv", "{facility}理发用的毛巾、围布不消毒，反复使用；剃须刀也是几个人共用。",
      subjects=SALONS),
    S("公共场所卫生", "vn", "{facility}的从业人员没有健康证，有的搓澡工有明显的皮肤病，浴池的水一天"
      "只换一次。", subjects=BATHS),
    S("公共场所卫生", "n", "{facility}前台没有公示卫生许可证，客房的毛巾和浴巾又旧又黄，建议检查"
      "一下。", subjects=HOTELS),
    # --- 其他 ---------------------------------------------------------------------------
    S("其他", "c", "我住的小区由{facility}负责二次供水，最近{n}周自来水发黄、有异味，水箱多年"
      "没有清洗，物业拿不出水质检测报告。", subjects=frozenset({"water_secondary"})),
    S("其他", "vn", "{facility}的水箱盖常年不锁，周围堆着杂物和积水，担心被污染。",
      subjects=WATER),
    S("其他", "c", "我在{facility}签约了家庭医生，签约后从没有医生联系过我，系统里却显示每季度"
      "随访一次，怀疑随访记录造假。", subjects=frozenset({"community"})),
)  # fmt: skip
del S

# Unlisted places: a name and an address shape for what is in no directory.
UNLISTED_PLACES = {
    "flat": (
        "居民楼内无名诊所",
        "无牌“私人诊所”",
        "“{surname}大夫”家庭诊室",
        "小区内无招牌推拿理疗馆",
        "“{brand}理疗馆”（无招牌）",
    ),
    "studio": (
        "“{brand}”美容工作室",
        "“{brand}”轻医美工作室",
        "“{brand}”皮肤管理中心",
        "“{brand}”美甲美睫店",
    ),
    "mobile": ("流动B超鉴定点", "微信群“{brand}孕妈交流群”群主", "一名自称“{surname}医生”的中介"),
    "shop": ("“{brand}”母婴用品店", "“{brand}”孕婴生活馆"),
    "online": ("微信公众号“{brand}健康”", "短视频账号“{brand}养生堂”", "网店“{brand}康复馆”"),
}
COMMUNITIES = (
    "阳光", "锦绣", "翠苑", "金地", "幸福", "丽水", "嘉园", "新城", "花园", "枫林", "望湖",
    "和平", "绿洲", "富力", "春晓", "东方",
)  # fmt: skip
COMMUNITY_SUFFIXES = ("小区", "家园", "花园", "苑", "公寓")
TOWERS = ("国际", "时代", "财富", "中心", "金融", "万象", "银泰", "世纪")
DEPARTMENTS = (
    "心内科", "骨科", "普外科", "眼科", "妇产科", "儿科", "神经内科", "肿瘤科", "消化内科",
    "泌尿外科", "皮肤科", "中医科",
)  # fmt: skip
DOCTOR_TITLES = ("医生", "大夫", "主任")

# What the reporter wants (诉求), by kind.
WANTED = {
    "complaint": (
        "要求退还多收的费用，并作出解释。",
        "希望卫生健康部门核实处理，并书面答复我。",
        "要求追究相关人员的责任。",
        "希望依法处理，避免其他患者再受到伤害。",
        "",
    ),
    "violation": ("请依法查处。", "希望尽快取缔，以免有人受害。", "请核实处理。", ""),
    "reward": ("请依法查处，并按规定给予举报奖励。", "申请举报奖励。请为我保密。"),
    "nominate": (
        "建议近期开展一次现场检查，并公开检查结果。",
        "建议纳入“双随机”抽查的重点对象。",
        "",
    ),
}

# Later information from reporters (补充材料).
SUPPLEMENTS = (
    "补充一下：该处每周二、周四下午人最多，门口停着一辆白色面包车，车上放着药箱。",
    "我又去看了一次，墙上的价目表已经撤下来了，但收费还是和原来一样。",
    "补充联系方式：工作日白天可以打电话，晚上请不要联系。",
    "上次说的日期有误，准确时间是上个月中旬。另外还有两位邻居也遇到过同样的情况。",
)

# --- what the back office writes -------------------------------------------------------

RECEIVED_TEXT = "已收到您的反映，将在规定时限内决定是否受理。"
ACKNOWLEDGED_TEXT = "已向您发送回执。"
ACCEPTED_TEXT = "经审查，您反映的问题属于卫生健康行政部门职责范围，已予受理。"
ASSIGNED_TEXT = "已交由{authority}办理。"
INVESTIGATING_TEXT = "承办机关已开展调查核实。"
CLOSED_TEXT = "本件已办结。感谢您对卫生健康工作的监督和支持。"
MERGED_TEXT = (
    "已并入受理编号 {receipt} 的线索一并办理：您反映的问题与该件系同一事项，办理结果将一并答复。"
)
REFUSAL_REASONS = (
    "您反映的问题属于医疗纠纷，不属于行政执法事项，不予受理。您可以申请医疗纠纷人民调解委员会"
    "调解，或者向人民法院提起诉讼。",
    "您反映的内容缺少被反映机构的名称、地址等基本信息，无法核查，不予受理。欢迎补充具体线索后"
    "重新反映。",
    "您反映的问题已于近期核查处理并答复，此次未提供新的事实和理由，不再重复受理。",
    "您反映的劳动报酬争议不属于卫生健康部门职责范围，不予受理，建议向劳动保障监察机构反映。",
)
REFUSAL_NOTES = (
    "经查为医患纠纷，已电话告知调解途径。",
    "线索不具体，回拨举报电话无人接听。",
    "与本月已办结的一件系同一事项，举报人未提供新情况。",
)

# 移送: which agency (AuthorityKind value) each category goes to, and what the reporter reads.
TRANSFER_AGENCY = {
    "欺诈骗保": "medical_insurance",
    "违规收费": "medical_insurance",
    "虚假医疗广告": "market_regulation",
    "医疗美容": "drug_administration",
    "非医学需要胎儿性别鉴定": "public_security",
    "号贩子/医托": "public_security",
    "非法行医": "public_security",
    "其他": "market_regulation",
}
TRANSFER_TEXT = {
    "medical_insurance": "您反映的问题涉及医疗保障基金使用和医疗服务价格，属于医疗保障部门职责，"
    "已移送{agency}处理。",
    "market_regulation": "您反映的问题属于市场监督管理部门职责，已移送{agency}依法处理。",
    "drug_administration": "您反映的药品、医疗器械来源问题属于药品监督管理部门职责，已移送{agency}处理。",
    "public_security": "经初步核查，您反映的问题涉嫌犯罪，已依法移送{agency}处理。",
    "cyberspace": "您反映的网络违法信息已移送{agency}处理。",
    "tcm": "您反映的问题涉及中医医疗机构，已移送{agency}处理。",
}
TRANSFER_NOTES = (
    "已制作移送函，附举报材料复印件（举报人信息已隐去）。",
    "移送前与对方业务科室电话沟通，对方同意接收。",
)

# Outcomes (办结): substantiated per category, then the general ones.
OUTCOMES = {
    "非法行医": "经现场检查，当事人未取得《医疗机构执业许可证》擅自执业，情况属实。执法人员已依法"
    "没收药品和器械，对当事人立案查处。",
    "医疗美容": "经检查，该场所未取得《医疗机构执业许可证》开展注射类医疗美容项目，情况属实，已依法"
    "立案查处；涉及的药品来源问题已通报药品监督管理部门。",
    "欺诈骗保": "经调取住院病历和结算记录，该机构存在虚记诊疗项目的问题，已立案调查，并将有关情况"
    "通报医疗保障部门追回基金。",
    "医疗质量安全": "经现场检查，该机构存在消毒隔离和查对制度落实不到位的问题，已责令立即整改，"
    "并给予警告。",
    "违规收费": "经核查，该机构存在重复收费、未公示收费项目的问题，已责令其退还多收费用，并限期整改。",
    "医德医风/回扣": "经调查，您反映的问题基本属实，已责成所在单位对相关人员作出处理，涉嫌违纪的线索"
    "已移交纪检监察部门。",
    "号贩子/医托": "经核查，医院已调整号源投放方式并加强门诊秩序管理，对倒号问题已会同公安机关开展"
    "联合整治。",
    "非医学需要胎儿性别鉴定": "经调查，情况属实，已对涉事人员立案查处，没收B超设备，并将涉嫌犯罪"
    "的线索移送公安机关。",
    "虚假医疗广告": "经核查，该机构发布的广告内容与核准内容不符，已责令停止发布，并通报市场监督管理部门。",
    "传染病防控": "经现场检查，该机构医疗废物处置和预检分诊存在问题，已依法立案查处，并责令整改。",
    "公共场所卫生": "经现场检查，该场所存在公共用品用具未按规定清洗消毒的问题，已责令限期改正，并"
    "给予警告。",
    "其他": "经检查，该单位未按规定清洗消毒储水设施，已责令立即清洗并送检水质，检测合格后方可恢复"
    "使用。",
}
OUTCOME_PARTLY = (
    "经调查，您反映的问题部分属实：该机构存在管理不规范的问题，已责令整改；其余问题经核查未发现"
    "相关证据。"
)
OUTCOME_NOT_FOUND = (
    "执法人员先后两次进行现场检查，调取了相关记录，未发现您反映的问题。我们将把该机构列为日常"
    "监督重点。"
)
REWARD_TEXT = (
    "经审核，您的举报符合奖励条件，拟给予举报奖励人民币{amount}元，我们将电话联系您办理领取手续。"
)
REPLY_TEXT = (
    "您好！您于{submitted}反映的关于{subject}的{category}问题，经{authority}调查核实，答复如下：{outcome}"
    "感谢您的监督。"
)
INVESTIGATION_NOTES = (
    "{date}现场检查，制作现场笔录1份，调取收费记录和处方。",
    "{date}第一次现场检查时未营业，已约定复查。",
    "{date}询问当事人，当事人对部分事实有异议。",
    "{date}调取监控录像，已拷贝存档。",
)
NOTES = (
    "已电话联系举报人，核实了具体地址和时间。",
    "已查询当事人以往的处罚和抽查记录，本次重点查看处方和收费。",
    "注意：同片区本月已有类似线索，办理时统筹，避免重复检查。",
    "涉及医保基金，已同步抄告区医疗保障局。",
    "举报人要求保密，联系时不要说明来电单位。",
)
IDENTITY_NOTE = "举报人身份信息已核对，与身份证件一致；奖励发放时需本人持证件办理。"

# People and their contacts.
SURNAME_PINYIN = dict(
    zip(
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
        "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
        "龚邵万钱严覃武戴莫孔向汤",
        (
            "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo "
            "zheng liang xie song tang xu han feng deng cao peng zeng xiao tian dong yuan pan yu "
            "jiang cai yu du ye cheng su wei lv ding ren shen yao lu jiang cui zhong tan lu wang "
            "fan jin shi liao jia xia wei fu fang bai zou meng xiong qin qiu jiang yin xue yan "
            "duan lei hou long shi tao li he gu mao hao gong shao wan qian yan qin wu dai mo kong "
            "xiang tang"
        ).split(),
        strict=True,
    )
) | {"欧阳": "ouyang", "司马": "sima", "上官": "shangguan", "诸葛": "zhuge"}
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "166", "173", "176", "177", "178", "180", "181", "182",
    "183", "185", "186", "187", "188", "189", "191", "195", "198", "199",
)  # fmt: skip

# --- handling in the back office (issue 6) -----------------------------------------------
OUTCOME_UNVERIFIABLE = (
    "执法人员到现场检查时该场所已停止营业，经走访周边商户和调取现有记录，无法查证您反映的"
    "问题。我们已将该地址列入巡查范围，如发现新的情况请再次反映。"
)
ASSIGNMENT_NOTE = "主办：{office}；承办人：{handler}；请于{due}前办结并报送办理结果。"
CO_OFFICE_NOTE = "分办：{offices}（涉及跨区经营，请分别核查并将结果报主办机构）。"
EXTENSION_REASONS = (
    "需调取医保结算记录，待医疗保障部门复函。",
    "涉案人员多，需逐一询问，短期内无法完成调查。",
    "需送检药品和医疗器械，检验周期较长。",
    "当事人下落不明，正在协查。",
    "案情复杂，需会同市场监管部门联合调查。",
)
EXTENSION_NOTE = "调查办结期限延长至{due}。理由：{reason}"
NOTIFIED_ACCEPTED = "已通过短信告知举报人：线索已受理。"
NOTIFIED_CONCLUDED = "已电话告知举报人办理结果。"
REMINDER_OVERDUE = "催办提醒：{stage}期限为{due}，已超期。已提醒承办人和负责人。"
REMINDER_DUE_SOON = "催办提醒：{stage}期限为{due}，即将到期。已提醒承办人。"
MERGED_INTO_NOTE = "线索 {receipt} 作为重复线索并入本线索。"
PENALTY_LINK_NOTE = "关联行政处罚决定：{number}。"
REWARD_PROPOSED_NOTE = "提出举报奖励{amount}元，依据：{basis}"
REWARD_BASIS = (
    "举报内容与查实的违法事实一致，提供了关键证据，按奖励办法第十条计算。",
    "举报线索经查属实并已作出行政处罚，按罚没款金额比例计算，不低于最低奖励标准。",
    "举报人提供了现场照片和票据，对查处起到直接作用。",
)
REWARD_APPROVED_TEXT = "经审批，决定给予您举报奖励人民币{amount}元，请携带身份证件和受理回执领取。"
REWARD_REJECTED_TEXT = "经审核，您的举报不符合奖励条件，不予奖励。"
REWARD_REJECTED_NOTE = "举报事项已被他人先行举报，不符合奖励条件。"
REWARD_PAID_TEXT = "举报奖励已发放。感谢您的监督。"
PAYMENT_PREFIX = "JLFF"
