"""不良执业行为记分: scored behaviours and how often each score is given."""

from .parties import DOCTORS, MEDICAL, SMALL_MEDICAL

# points, behaviour, rule broken, who it fits
SCORE_BEHAVIOURS = (
    (1, "病历书写不规范，未及时完成病历记录", "《病历书写基本规范》", MEDICAL | DOCTORS),
    (1, "处方书写不规范", "《处方管理办法》第六条", SMALL_MEDICAL | DOCTORS),
    (2, "未按规定开展依法执业自查", "《医疗机构依法执业自查管理办法》", MEDICAL),
    (2, "未按规定向患者告知病情和医疗措施", "《中华人民共和国医师法》第二十五条", DOCTORS),
    (4, "允许未取得护士执业证书的人员从事护理活动", "《护士条例》第二十一条", MEDICAL),
    (4, "未按规定对医疗器械进行消毒灭菌", "《消毒管理办法》第四条", MEDICAL),
    (4, "未按照注册的执业地点执业", "《中华人民共和国医师法》第十四条", DOCTORS),
    (6, "诊疗活动超出登记范围", "《医疗机构管理条例》第二十六条", MEDICAL),
    (6, "隐匿、伪造或者篡改病历资料", "《中华人民共和国医师法》第二十四条", DOCTORS),
    (12, "使用非卫生技术人员从事医疗卫生技术工作", "《医疗机构管理条例》第二十七条", MEDICAL),
    (12, "未亲自诊查签署医学证明文件", "《中华人民共和国医师法》第二十四条", DOCTORS),
)
SCORE_WEIGHTS = {1: 8, 2: 6, 4: 4, 6: 2, 12: 1}
