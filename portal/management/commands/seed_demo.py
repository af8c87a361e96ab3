import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError

from portal.demo.generate import (
    DEFAULT_SEED,
    DEMO_PASSWORD,
    DEMO_USERS,
    demo_data_exists,
    generate_demo,
    reset_demo_data,
)
from portal.models import LeadKind, LeadState, RecordKind

REFUSAL = (
    "拒绝执行：当前配置未开启 DEBUG（settings.DEBUG = False），可能是生产库。"
    "seed_demo 会创建使用公开密码的演示账号，--reset 还会删除全部公示记录、投诉举报线索"
    "和行政相对人。"
    "仅在演示库上使用；确认当前数据库是演示库时，请加 --force 重新运行。"
)


def positive(value):
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


def iso_date(value):
    return datetime.date.fromisoformat(value)


class Command(BaseCommand):
    help = (
        "生成确定性的演示数据（机关、行政相对人、公示记录、投诉举报线索、演示账号）。"
        "同一种子、同一基准日期生成的数据完全相同。库中已有数据时不做任何事；--reset 先删除全部公示记录、线索和行政相对人。"
        "仅用于演示库：DEBUG 关闭时（生产、测试配置）须加 --force 才会执行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--facilities", type=positive, default=500, help="行政相对人数量")
        parser.add_argument("--records", type=positive, default=5000, help="公示记录总数")
        parser.add_argument("--seed", default=str(DEFAULT_SEED), help="随机种子")
        parser.add_argument(
            "--today",
            type=iso_date,
            default=None,
            help="基准日期 YYYY-MM-DD（默认今天）；所有日期由它倒推",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help=(
                "先删除全部公示记录、投诉举报线索和行政相对人（演示库专用；机关、规则和用户保留）"
            ),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="DEBUG 关闭时也执行（确认当前数据库是演示库时才用）",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(REFUSAL)
        write = self.stdout.write
        with transaction.atomic():
            if options["reset"]:
                try:
                    deleted = reset_demo_data()
                except ProtectedError as exc:
                    raise CommandError(
                        f"无法删除：仍有其他数据引用这些记录或相对人（{exc}）"
                    ) from exc
                total = sum(deleted.values())
                write(f"已删除原有公示记录、线索和行政相对人（共 {total} 个对象，含关联数据）")
            elif demo_data_exists():
                write(
                    "数据库中已有行政相对人或公示记录，跳过生成演示数据（如需重建请加 --reset）。"
                )
                return
            today = options["today"]
            if isinstance(today, str):  # call_command() passes options unconverted
                today = iso_date(today)
            summary = generate_demo(
                facilities=int(options["facilities"]),
                records=int(options["records"]),
                seed=str(options["seed"]),
                today=today,
            )
        from search.indexing import reindex_all

        indexed = reindex_all()  # bulk_create sends no signals: index everything once
        write(
            f"演示数据已生成：种子 {summary.seed}，基准日期 {summary.today:%Y-%m-%d}，"
            f"用时 {summary.seconds:.1f} 秒"
        )
        write(
            f"  机关 {summary.authorities} 个；行政相对人 {summary.facilities} 个"
            f"（自然人 {summary.natural_persons}，个体工商户 {summary.individual_businesses}）"
        )
        for kind, (total, public) in summary.kinds.items():
            write(f"  {RecordKind(kind).label}：{total} 条，今日公开 {public} 条")
        write(
            f"  草稿 {summary.drafts} 条（其中逾期未公示的处罚 {summary.overdue_drafts} 条），"
            f"已撤下 {summary.withdrawn} 条，已信用修复 {summary.repaired} 条"
        )
        kinds = "，".join(
            f"{label} {summary.lead_kinds.get(value, 0)}" for value, label in LeadKind.choices
        )
        states = "，".join(
            f"{label} {summary.lead_states.get(value, 0)}" for value, label in LeadState.choices
        )
        write(f"  投诉举报线索 {summary.leads} 条：{kinds}")
        write(f"    按状态：{states}")
        write(f"  检索索引：{indexed} 条文档")
        if summary.lead_codes:
            write("进度查询演示（/track/，受理编号 + 查询码）/ demo receipts and query codes:")
            for receipt, code, kind, state in summary.lead_codes:
                write(f"  {receipt}  {code}  {LeadKind(kind).label}，{LeadState(state).label}")
        accounts = "、".join(f"{name}（{group}）" for name, group, _ in DEMO_USERS)
        write(f"演示账号 / demo staff: {accounts}，密码 / password: {DEMO_PASSWORD}")
