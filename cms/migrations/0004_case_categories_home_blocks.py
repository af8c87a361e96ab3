"""Seed the typical-case categories (DOMAIN.md §5) and give the home page its default blocks.

Runs once: categories an administrator later renames or deletes stay that way. The home page
keeps any blocks an editor has already added.
"""

import json
import uuid

from django.db import migrations

CATEGORIES = [
    ("非法行医", "illegal-practice"),
    ("医疗美容", "cosmetic-medicine"),
    ("欺诈骗保", "insurance-fraud"),
    ("医疗质量安全", "quality-safety"),
    ("违规收费", "overcharging"),
    ("医德医风/回扣", "ethics-kickbacks"),
    ("号贩子/医托", "touts"),
    ("非医学需要胎儿性别鉴定", "sex-determination"),
    ("虚假医疗广告", "false-advertising"),
    ("传染病防控", "infectious-disease"),
    ("公共场所卫生", "public-places"),
    ("其他", "other"),
]

QUICK_LINKS = [
    ("投诉举报", "/report/", "反映违法违规行为"),
    ("进度查询", "/track/", "凭受理编号查询办理进度"),
    ("行政处罚", "/records/penalties/", "行政处罚决定公示"),
    ("行政许可", "/records/licences/", "行政许可决定公示"),
    ("严重失信主体名单", "/records/blacklist/", "列入与移出情况"),
    ("双随机抽查结果", "/records/inspections/", "随机抽查检查结果"),
    ("不良执业行为记分", "/records/scores/", "医疗机构与医务人员记分"),
    ("统计", "/statistics/", "公示数据统计"),
]


def _block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def default_home_body():
    links = [
        {"type": "item", "value": {"label": label, "path": path, "page": None, "description": desc}, "id": str(uuid.uuid4())}
        for label, path, desc in QUICK_LINKS
    ]
    return [
        _block("hero_search", {"heading": "查询公示信息", "placeholder": "机构名称、统一社会信用代码或决定书文号", "hint": "可查询行政处罚、行政许可、严重失信主体名单、双随机抽查结果和不良执业行为记分。"}),
        _block("headline_figures", {"heading": "公示数据概览"}),
        _block("latest_penalties", {"heading": "最新行政处罚", "count": 5}),
        _block("latest_cases", {"heading": "典型案例", "count": 4}),
        _block("latest_notices", {"heading": "通知公告", "count": 5}),
        _block("quick_links", {"heading": "办事入口", "links": links}),
    ]


def seed(apps, schema_editor):
    CaseCategory = apps.get_model("cms", "CaseCategory")
    HomePage = apps.get_model("cms", "HomePage")
    existing = set(CaseCategory.objects.values_list("slug", flat=True))
    CaseCategory.objects.bulk_create(
        [
            CaseCategory(name=name, slug=slug, sort_order=(i + 1) * 10)
            for i, (name, slug) in enumerate(CATEGORIES)
            if slug not in existing
        ]
    )
    for home in HomePage.objects.all():
        if not home.body:
            home.body = json.dumps(default_home_body())
            home.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("cms", "0003_pages")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
