"""Text of the demo policy documents, notices and standard pages.

Policy documents are real national texts (titles, numbers and dates as published); their
bodies here are short summaries, not the official text. Notices are made up. Dates of
notices are counted back from the demo's `today` (days_ago); `expires_in` (days from today,
negative = already past) sets 有效期至.
"""

import datetime

D = datetime.date

# key, type, title, number, authority, issued, effective, status, note, superseded_by (key or
# external title), summary
POLICIES = (
    {
        "key": "physicians-law",
        "policy_type": "law",
        "title": "中华人民共和国医师法",
        "document_number": "中华人民共和国主席令第九十四号",
        "issuing_authority": "全国人民代表大会常务委员会",
        "issue_date": D(2021, 8, 20),
        "effective_date": D(2022, 3, 1),
        "summary": "规范医师执业活动，保障医师合法权益，自2022年3月1日起施行。",
    },
    {
        "key": "licensed-physicians-law",
        "policy_type": "law",
        "title": "中华人民共和国执业医师法",
        "document_number": "中华人民共和国主席令第五号",
        "issuing_authority": "全国人民代表大会常务委员会",
        "issue_date": D(1998, 6, 26),
        "effective_date": D(1999, 5, 1),
        "status": "repealed",
        "status_note": "《中华人民共和国医师法》自2022年3月1日起施行，本法同时废止。",
        "superseded_by": "physicians-law",
        "summary": "已被《中华人民共和国医师法》取代。",
    },
    {
        "key": "facility-regulation-2022",
        "policy_type": "regulation",
        "title": "医疗机构管理条例（2022年修订）",
        "document_number": "国务院令第752号",
        "issuing_authority": "国务院",
        "issue_date": D(2022, 3, 29),
        "effective_date": D(2022, 5, 1),
        "summary": "医疗机构的规划布局、设置审批、登记、执业和监督管理。本平台引用的条文序号均为2022年修订后的序号。",
    },
    {
        "key": "facility-regulation-2016",
        "policy_type": "regulation",
        "title": "医疗机构管理条例（2016年修订）",
        "document_number": "国务院令第666号",
        "issuing_authority": "国务院",
        "issue_date": D(2016, 2, 6),
        "effective_date": D(2016, 2, 6),
        "status": "amended",
        "status_note": "本条例已于2022年修订（国务院令第752号），自2022年5月1日起施行，部分条文序号有变化。",
        "superseded_by": "facility-regulation-2022",
        "summary": "已修改，请以2022年修订后的文本为准。",
    },
    {
        "key": "cosmetic-measures",
        "policy_type": "rule",
        "title": "医疗美容服务管理办法",
        "document_number": "卫生部令第19号",
        "issuing_authority": "卫生部",
        "issue_date": D(2002, 1, 22),
        "effective_date": D(2002, 5, 1),
        "summary": "医疗美容机构的设置、登记、执业规则和监督管理；2016年经国家卫生和计划生育委员会令第8号修改。",
    },
    {
        "key": "insurance-fund-regulation",
        "policy_type": "regulation",
        "title": "医疗保障基金使用监督管理条例",
        "document_number": "国务院令第735号",
        "issuing_authority": "国务院",
        "issue_date": D(2021, 1, 15),
        "effective_date": D(2021, 5, 1),
        "summary": "医疗保障基金使用的监督管理，包括定点医药机构的义务和欺诈骗保的法律责任。",
    },
    {
        "key": "infectious-disease-law-2013",
        "policy_type": "law",
        "title": "中华人民共和国传染病防治法（2013年修正）",
        "document_number": "中华人民共和国主席令第五号",
        "issuing_authority": "全国人民代表大会常务委员会",
        "issue_date": D(2013, 6, 29),
        "effective_date": D(2013, 6, 29),
        "status": "amended",
        "status_note": "本法已于2025年修订，修订后的文本自2025年9月1日起施行，条文序号有变化。"
        "2025年9月1日前发生的违法行为仍适用本文本。",
        "superseded_by_title": "《中华人民共和国传染病防治法》（2025年修订）",
        "summary": "已修改，2025年9月1日起施行修订后的文本。",
    },
)

NOTICES = (
    {
        "key": "cosmetic-campaign",
        "title": "关于开展医疗美容行业专项整治的通告",
        "document_number": "卫健通〔{year}〕3号",
        "issuing_authority": "卫生健康委员会",
        "days_ago": 30,
        "summary": "在全区范围内开展医疗美容行业专项整治，重点查处无证行医、超范围执业等行为。",
        "body": "<p>为规范医疗美容服务行为，保障求美者合法权益，决定开展医疗美容行业专项整治。</p>"
        "<p>整治重点：未取得《医疗机构执业许可证》开展医疗美容服务；超出登记的医疗美容项目级别"
        "开展服务；使用不具备主诊医师条件的人员实施医疗美容项目；发布虚假医疗美容广告。</p>"
        "<p>欢迎社会各界通过本平台“投诉举报”栏目反映问题线索。</p>",
    },
    {
        "key": "report-channels",
        "title": "关于公布卫生健康领域投诉举报渠道的公告",
        "document_number": "卫健公告〔{year}〕1号",
        "issuing_authority": "卫生健康委员会",
        "days_ago": 60,
        "summary": "公布网上投诉举报、进度查询和有奖举报的办理渠道与时限。",
        "body": "<p>群众可通过本平台“投诉举报”栏目提交投诉、举报，并凭受理编号和查询码在“进度查询”"
        "栏目查询办理进度。</p><p>举报人的个人信息依法保密。对符合条件的有奖举报，"
        "按照有关规定给予奖励。</p>",
    },
    {
        "key": "validation-2025",
        "title": "关于做好医疗机构执业许可证校验工作的通知",
        "document_number": "卫健通〔{year}〕12号",
        "issuing_authority": "卫生健康委员会",
        "days_ago": 300,
        "expires_in": -30,
        "summary": "部署本年度医疗机构校验工作，明确校验时间和材料要求。",
        "body": "<p>请各医疗机构按照《医疗机构管理条例》及其实施细则的规定，在校验期满前三个月"
        "申请校验，并按要求提交校验材料。</p>",
    },
    {
        "key": "publicity-periods",
        "title": "关于行政处罚信息公示期限的说明",
        "document_number": "",
        "issuing_authority": "卫生健康委员会",
        "days_ago": 14,
        "summary": "说明本平台行政处罚等信息的公示期限、信用修复和撤下规则。",
        "body": "<p>本平台公示的行政处罚信息，按照失信行为的轻重实行分级公示，公示期届满后自动停止公示。"
        "公示期限自处罚决定作出之日起计算。</p><p>当事人在最短公示期届满后，"
        "可以依照有关规定申请信用修复；修复完成的，相关信息停止公示。</p>",
    },
    {
        "key": "hotline-old",
        "title": "关于调整投诉举报受理时间的通知",
        "document_number": "卫健通〔{year}〕1号",
        "issuing_authority": "卫生健康委员会",
        "days_ago": 120,
        "status": "amended",
        "status_note": "受理时间已再次调整，请以新通知为准。",
        "superseded_by": "hotline-new",
        "summary": "工作日受理时间调整为8:30至17:00。",
        "body": "<p>自本通知发布之日起，电话投诉举报受理时间调整为工作日8:30至17:00。"
        "网上投诉举报全天受理。</p>",
    },
    {
        "key": "hotline-new",
        "title": "关于再次调整投诉举报受理时间的通知",
        "document_number": "卫健通〔{year}〕5号",
        "issuing_authority": "卫生健康委员会",
        "days_ago": 10,
        "summary": "工作日受理时间延长至18:00。",
        "body": "<p>自本通知发布之日起，电话投诉举报受理时间调整为工作日8:30至18:00。"
        "网上投诉举报全天受理。</p>",
    },
    {
        "key": "reward-old",
        "title": "关于印发有奖举报暂行办法的通知",
        "document_number": "卫健发〔{year}〕8号",
        "issuing_authority": "卫生健康委员会",
        "days_ago": 400,
        "status": "repealed",
        "status_note": "本办法已废止。有奖举报按照新的实施办法执行。",
        "superseded_by_title": "有奖举报实施办法（见“通知公告”栏目）",
        "summary": "已废止。",
        "body": "<p>为鼓励社会公众举报违法行为，制定本暂行办法。</p>",
    },
)

STANDARD_PAGES = (
    {
        "slug": "about",
        "title": "关于本站",
        "body": (
            (
                "paragraph",
                "<p>监督公示平台由卫生健康委员会主办、卫生健康监督所承办，集中公开"
                "行政许可、行政处罚（“双公示”）、严重失信主体名单、“双随机、一公开”抽查结果和"
                "不良执业行为记分等信息，并受理群众投诉举报。</p>",
            ),
            ("heading", "公开的内容"),
            (
                "paragraph",
                "<ul><li>行政许可、行政处罚决定自作出之日起7个工作日内公开；</li>"
                "<li>信息按照规定的公示期限公开，期满后自动停止公示；</li>"
                "<li>决定被撤销或变更的，及时撤下或更正。</li></ul>",
            ),
            ("heading", "无障碍与长辈模式"),
            (
                "paragraph",
                "<p>本站按照《信息技术 互联网内容无障碍可访问性技术要求与测试方法》"
                "（GB/T 37668—2019）建设，页面顶部的“长辈模式”可放大字号、提高对比度。</p>",
            ),
        ),
    },
    {
        "slug": "privacy",
        "title": "隐私政策",
        "body": (
            ("paragraph", "<p>本站尊重并保护用户的个人信息。浏览公示信息无需注册或登录。</p>"),
            ("heading", "我们收集的信息"),
            (
                "paragraph",
                "<ul><li>投诉举报时您主动填写的信息，仅用于办理您的投诉举报；</li>"
                "<li>为记住语言和“长辈模式”设置而保存在您浏览器中的Cookie；</li>"
                "<li>为保障网站安全而记录的访问日志。</li></ul>",
            ),
            ("heading", "我们如何保护信息"),
            (
                "paragraph",
                "<p>举报人身份信息依法保密，加密存储，仅限有办理需要的工作人员查看，"
                "每次查看均有记录。公示信息中自然人的身份证件号码只显示首尾各一位。</p>",
            ),
        ),
    },
    {
        "slug": "contact",
        "title": "联系我们",
        "body": (
            (
                "paragraph",
                "<p>对本站公示信息有疑问，或认为公示信息有误的，请通过以下方式联系我们。"
                "投诉举报请使用“投诉举报”栏目，以便跟踪办理进度。</p>",
            ),
            ("heading", "联系方式"),
            (
                "paragraph",
                "<ul><li>承办单位：卫生健康监督所</li>"
                "<li>办公时间：工作日 8:30—12:00，13:30—17:30</li>"
                "<li>通信地址：（示例数据）某市某区某路1号</li></ul>",
            ),
        ),
    },
)
