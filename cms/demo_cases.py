"""Text of the demo typical cases (made up, but written like published 典型案例).

Each case has its category slug, the demo penalty `violation_type` it may be linked to
(None: handled by another agency, no health penalty in the demo data), and its sections.
`{party}` is the party's name (the linked demo facility, or an anonymised stand-in) and
`{outcome}` the penalty content (the linked penalty's 处罚内容, or the stand-in text).

Legal citations: see docs/cms.md, "Legal citations". Have a legal reviewer check them before
the demo is shown outside the team.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoCase:
    slug: str
    category: str
    title: str
    summary: str
    violation_type: str | None
    party: str  # stand-in when no demo penalty is linked
    outcome: str  # stand-in when no demo penalty is linked
    facts: str
    result: str
    basis: str
    significance: str
    days_ago: int
    quote: tuple[str, str] | None = None


CASES = (
    DemoCase(
        slug="unlicensed-doctor-rented-flat",
        category="illegal-practice",
        title="无医师资格人员在出租屋内为他人输液案",
        summary="当事人未取得医师资格，在出租屋内为附近居民输液、开药，被依法查处。",
        violation_type="非医师行医",
        party="李某某",
        outcome="没收违法所得和药品、医疗器械，并处罚款人民币二万元",
        facts="群众举报反映，某小区一出租屋内有人长期为他人“打吊瓶”。卫生健康监督员会同街道、"
        "社区民警进行现场检查，发现{party}正在为一名患者进行静脉输液，现场查获输液器、"
        "头孢类注射剂等药品和器械。经查，{party}未取得医师资格和《医师执业证书》。",
        result="卫生健康行政部门依法作出行政处罚：{outcome}。涉案药品、器械已依法处置。",
        basis="《中华人民共和国医师法》第十三条规定，医师经注册后方可在注册的执业地点、"
        "执业类别、执业范围内执业。第五十九条规定，非医师行医的，由县级以上人民政府卫生健康"
        "主管部门责令停止非法执业活动，没收违法所得和药品、医疗器械，并处违法所得二倍以上"
        "十倍以下的罚款，违法所得不足一万元的，按一万元计算。",
        significance="无资质人员输液极易引发过敏性休克等严重后果。群众如发现非法行医线索，"
        "可通过本平台“投诉举报”栏目反映。",
        days_ago=35,
        quote=("在家门口打吊瓶看似方便，实则隐患很大，请到正规医疗机构就医。", "卫生健康监督员"),
    ),
    DemoCase(
        slug="unregistered-nurses",
        category="other",
        title="某门诊部允许未取得护士执业证书人员从事护理活动案",
        summary="某门诊部安排未取得护士执业证书的人员从事静脉注射等护理活动，被警告并责令改正。",
        violation_type="允许未取得护士执业证书的人员从事护理活动",
        party="某门诊部",
        outcome="警告，责令限期改正",
        facts="卫生健康监督员在日常监督检查中发现，{party}输液室内两名工作人员正在为患者进行"
        "静脉注射，二人均未取得《护士执业证书》。经查阅排班表，二人已在该室工作三个月。",
        result="卫生健康行政部门依法作出行政处罚：{outcome}。该单位已调整人员，"
        "复查时未再发现同类问题。",
        basis="《护士条例》第二十一条规定，医疗卫生机构不得允许未取得护士执业证书的人员在本机构"
        "从事诊疗技术规范规定的护理活动。第二十八条规定了相应的法律责任。",
        significance="护理活动直接关系患者安全。医疗机构应当核验护理人员资质，"
        "患者也可在就诊时查看医务人员的执业信息。",
        days_ago=62,
    ),
    DemoCase(
        slug="cosmetic-surgery-unqualified-physician",
        category="cosmetic-medicine",
        title="某医疗美容诊所安排不具备主诊医师条件人员实施手术案",
        summary="某医疗美容诊所安排不具备主诊医师条件的医师独立实施重睑成形术，被依法处罚。",
        violation_type="安排不具备主诊医师条件的人员实施医疗美容项目",
        party="某医疗美容诊所",
        outcome="警告，罚款人民币五千元",
        facts="根据消费者投诉线索，卫生健康监督员对{party}进行检查。经调取手术记录、"
        "医师执业注册信息，发现该诊所安排一名执业范围为内科、不具备医疗美容主诊医师条件的医师"
        "独立实施重睑成形术共计十余例。",
        result="卫生健康行政部门依法作出行政处罚：{outcome}。同时责令该诊所立即停止上述行为，"
        "并对已手术的求美者开展随访。",
        basis="《医疗美容服务管理办法》第十一条规定了负责实施医疗美容项目的主诊医师应当具备的条件；"
        "第二十八条规定，违反本办法的，依据《执业医师法》（现为《中华人民共和国医师法》）、"
        "《医疗机构管理条例》等有关规定予以处罚。",
        significance="求美者应选择取得《医疗机构执业许可证》的医疗美容机构，"
        "并确认实施手术的医师具备相应资质。",
        days_ago=48,
    ),
    DemoCase(
        slug="insurance-fraud-fictitious-services",
        category="insurance-fraud",
        title="某民营医院虚构医药服务项目骗取医保基金案",
        summary="某民营医院通过虚构诊疗项目、伪造医学文书等方式骗取医保基金，医保部门依法处理。",
        violation_type=None,
        party="某民营医院",
        outcome="责令退回被骗取的医保基金，并处骗取金额二倍的罚款，解除医保服务协议",
        facts="医疗保障部门在大数据筛查中发现，{party}部分住院病例的理疗项目数量明显异常。"
        "经联合检查，该院通过虚构康复理疗项目、伪造治疗记录等方式，骗取医疗保障基金支出。",
        result="医疗保障部门依法作出处理：{outcome}。涉嫌犯罪的线索已移送公安机关；"
        "卫生健康部门对相关医务人员的违规执业行为另案处理。",
        basis="《医疗保障基金使用监督管理条例》第二十条规定，定点医药机构等单位及其工作人员不得"
        "通过伪造、变造、隐匿、涂改、销毁医学文书、医学证明、会计凭证、电子信息等有关资料，"
        "或者虚构医药服务项目等方式，骗取医疗保障基金。第四十条规定了定点医药机构骗取医疗保障"
        "基金支出的法律责任。",
        significance="医保基金是人民群众的“看病钱”“救命钱”。卫生健康部门与医保、公安等部门"
        "协同执法，形成监管合力。",
        days_ago=90,
    ),
    DemoCase(
        slug="duplicate-charging",
        category="overcharging",
        title="某医院重复收费、超标准收费案",
        summary="某医院存在重复收费、超标准收费问题，被责令退回违规费用并处罚款。",
        violation_type=None,
        party="某医院",
        outcome="责令退回违规使用的医保基金，并处造成损失金额一倍的罚款",
        facts="患者投诉反映，其住院费用清单中同一检查项目被重复计费。经医疗保障部门和卫生健康"
        "部门联合核查，{party}部分科室存在将已包含在手术费中的耗材另行收费、"
        "超出规定标准收取护理费等问题。",
        result="医疗保障部门依法作出处理：{outcome}。该院已向相关患者退还多收的个人负担费用，"
        "并开展收费行为自查自纠。",
        basis="《医疗保障基金使用监督管理条例》第三十八条规定，定点医药机构重复收费、"
        "超标准收费、分解项目收费的，由医疗保障行政部门责令改正；造成医疗保障基金损失的，"
        "责令退回，并处以罚款。",
        significance="患者可要求医疗机构提供费用清单，对有疑问的收费项目可向医疗机构或监管部门反映。",
        days_ago=120,
    ),
    DemoCase(
        slug="kickbacks-from-sales-representative",
        category="ethics-kickbacks",
        title="某医院医师收受医药销售人员回扣案",
        summary="某医院一名医师利用职务之便收受医药销售人员财物，被依法处罚并受到处分。",
        violation_type=None,
        party="某医院医师王某",
        outcome="给予警告，没收违法所得，罚款人民币三万元，并责令暂停执业活动六个月",
        facts="根据举报线索，经调查核实，{party}在担任科室负责人期间，利用处方权，"
        "多次收受某医药公司销售人员以“讲课费”名义给予的财物。",
        result="卫生健康行政部门依法作出行政处罚：{outcome}。所在医院依照有关规定给予其党纪政务处分，"
        "并对科室开展警示教育。",
        basis="《中华人民共和国医师法》第五十六条规定，医师在执业活动中利用职务之便，"
        "索要、非法收受财物或者牟取其他不正当利益的，由县级以上人民政府卫生健康主管部门"
        "责令改正，给予警告，没收违法所得，并处一万元以上三万元以下的罚款；情节严重的，"
        "责令暂停六个月以上一年以下执业活动直至吊销医师执业证书。"
        "《医疗机构工作人员廉洁从业九项准则》也明确禁止收受回扣。",
        significance="医疗领域腐败问题损害群众切身利益。欢迎群众通过本平台如实反映相关线索。",
        days_ago=75,
    ),
    DemoCase(
        slug="touts-and-unqualified-staff",
        category="touts",
        title="医托诱导患者至某诊所就诊、诊所使用非卫生技术人员案",
        summary="医托在医院周边拉拢患者到某诊所就诊，诊所使用非卫生技术人员开展诊疗，被依法查处。",
        violation_type="使用非卫生技术人员从事医疗卫生技术工作",
        party="某诊所",
        outcome="罚款人民币二万元，责令限期改正",
        facts="公安机关与卫生健康部门在联合整治中发现，有人在某三甲医院门诊楼周边以“专家号难挂”"
        "为由，将外地患者带至{party}就诊。经查，该诊所安排未取得任何卫生专业技术资格的人员"
        "为患者开展诊疗活动。",
        result="卫生健康行政部门对该诊所依法作出行政处罚：{outcome}。"
        "公安机关依照《中华人民共和国治安管理处罚法》有关规定对两名医托予以行政处罚。",
        basis="《医疗机构管理条例》第二十七条规定，医疗机构不得使用非卫生技术人员从事医疗卫生"
        "技术工作。第四十七条规定了相应的法律责任。",
        significance="请通过医院官方渠道预约挂号，不要轻信陌生人“带路看病”。",
        days_ago=28,
    ),
    DemoCase(
        slug="fetal-sex-determination",
        category="sex-determination",
        title="某诊所利用B超进行非医学需要的胎儿性别鉴定案",
        summary="某诊所利用B超为孕妇进行非医学需要的胎儿性别鉴定，被依法从重处罚。",
        violation_type="非医学需要进行胎儿性别鉴定",
        party="某诊所",
        outcome="警告，没收违法所得，罚款人民币三万元",
        facts="根据群众举报，卫生健康监督员会同公安机关对{party}进行检查，"
        "发现该诊所利用B超为孕妇进行非医学需要的胎儿性别鉴定，并按次收取费用。",
        result="卫生健康行政部门依法作出行政处罚：{outcome}。对相关医务人员的违法行为依法一并处理。",
        basis="《中华人民共和国母婴保健法》第三十二条第二款规定，严禁采用技术手段对胎儿进行"
        "性别鉴定，但医学上确有需要的除外；第三十七条规定了相应的法律责任。"
        "《中华人民共和国人口与计划生育法》对非医学需要的胎儿性别鉴定行为也规定了法律责任。",
        significance="非医学需要的胎儿性别鉴定破坏出生人口性别结构平衡，是卫生健康部门持续严厉"
        "打击的违法行为。",
        days_ago=150,
    ),
    DemoCase(
        slug="false-medical-advertising",
        category="false-advertising",
        title="某门诊部发布“包治”“根治”虚假医疗广告案",
        summary="某门诊部在网络平台发布含有“包治”“根治”等内容的虚假医疗广告，被依法处罚。",
        violation_type=None,
        party="某门诊部",
        outcome="责令停止发布广告、消除影响，并处罚款",
        facts="监测发现，{party}在网络平台发布广告，宣称其“中医特色疗法”可“根治”糖尿病、"
        "“治愈率98%”，并使用患者名义作证明。经核查，上述内容无任何依据。",
        result="市场监督管理部门依法作出行政处罚：{outcome}。卫生健康部门对该门诊部"
        "约谈警示并纳入重点监管。",
        basis="《中华人民共和国广告法》第十六条规定，医疗广告不得含有表示功效、安全性的断言或者"
        "保证，不得说明治愈率或者有效率，不得利用患者的名义或者形象作推荐、证明。"
        "第二十八条、第五十五条规定了虚假广告的认定和法律责任；医疗机构情节严重的，"
        "卫生行政部门可以吊销诊疗科目或者吊销医疗机构执业许可证。",
        significance="凡宣称“包治”“根治”“无效退款”的医疗广告，都不可信。",
        days_ago=40,
    ),
    DemoCase(
        slug="dental-handpiece-sterilisation",
        category="infectious-disease",
        title="某口腔诊所牙科手机未一人一用一灭菌案",
        summary="某口腔诊所牙科手机未做到一人一用一灭菌，被依法罚款并责令改正。",
        violation_type="未按照规定对医疗器械进行消毒灭菌",
        party="某口腔诊所",
        outcome="罚款人民币三千元，责令限期改正",
        facts="卫生健康监督员在口腔诊疗机构专项检查中发现，{party}诊疗椅位上的牙科手机"
        "使用后仅用酒精擦拭即用于下一名患者，灭菌记录与实际使用数量明显不符。",
        result="卫生健康行政部门依法作出行政处罚：{outcome}。该诊所已增购牙科手机、规范灭菌流程，"
        "复查合格。",
        basis="《消毒管理办法》第六条规定，医疗卫生机构使用的进入人体组织或无菌器官的医疗用品"
        "必须达到灭菌要求；第四十一条规定了相应的法律责任。",
        significance="器械消毒灭菌是防止医源性感染的关键环节。口腔诊疗器械应当一人一用一灭菌。",
        days_ago=55,
    ),
    DemoCase(
        slug="swimming-pool-health-certificates",
        category="public-places",
        title="某游泳馆安排未取得健康合格证明人员上岗案",
        summary="某游泳馆安排未取得有效健康合格证明的人员从事直接为顾客服务的工作，被依法处罚。",
        violation_type="安排未获得有效健康合格证明的从业人员从事直接为顾客服务工作",
        party="某游泳馆",
        outcome="警告，罚款人民币一千元",
        facts="在夏季游泳场所专项检查中，卫生健康监督员发现{party}三名救生员、"
        "服务员未取得有效健康合格证明即上岗从事直接为顾客服务的工作。",
        result="卫生健康行政部门依法作出行政处罚：{outcome}。相关人员已停止上岗，"
        "待取得健康合格证明后方可上岗。",
        basis="《公共场所卫生管理条例》第七条规定，公共场所直接为顾客服务的人员，"
        "持有“健康合格证”方能从事本职工作。"
        "《公共场所卫生管理条例实施细则》第三十八条规定了相应的法律责任。",
        significance="游泳场所人员密集，从业人员健康管理是保障公众健康的重要一环。",
        days_ago=20,
    ),
    DemoCase(
        slug="beyond-registered-scope",
        category="quality-safety",
        title="某诊所超出登记的诊疗科目范围开展手术案",
        summary="某诊所超出登记的诊疗科目范围开展外科手术，被依法处罚。",
        violation_type="诊疗活动超出登记或者备案范围",
        party="某诊所",
        outcome="警告，没收违法所得，罚款人民币一万元",
        facts="卫生健康监督员检查发现，{party}登记的诊疗科目仅为内科、中医科，"
        "却在治疗室内开展包皮环切等外科手术，且不具备相应的手术条件。",
        result="卫生健康行政部门依法作出行政处罚：{outcome}。",
        basis="《医疗机构管理条例》第二十六条规定，医疗机构必须按照核准登记或者备案的诊疗科目"
        "开展诊疗活动；第四十六条规定，诊疗活动超出登记或者备案范围的，予以警告、"
        "责令改正，没收违法所得，并可以根据情节处以罚款；情节严重的，吊销其"
        "《医疗机构执业许可证》或者责令其停止执业活动。",
        significance="就医时可查看医疗机构公示的《医疗机构执业许可证》及其核准的诊疗科目。",
        days_ago=100,
    ),
)
