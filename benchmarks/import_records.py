"""Import throughput: generate N penalty rows as CSV and import them like the command does.

    .venv/bin/python benchmarks/import_records.py --rows 100000

Runs on a throwaway SQLite database in a temporary directory (migrated first), unless
--database-url points elsewhere. Prints rows/s for the first import (all created, published),
for a re-import of the same file (all unchanged) and, with --with-update, for a file in
which every row changed (all updated).
"""

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = [
    "行政相对人名称",
    "行政相对人类别",
    "统一社会信用代码",
    "法定代表人",
    "证件类型",
    "证件号码",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额（万元）",
    "没收违法所得、没收非法财物的金额（万元）",
    "处罚决定日期",
    "处罚有效期",
    "处罚机关",
    "处罚机关统一社会信用代码",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
    "备注",
]
DIVISIONS = ["110101", "110105", "110108", "310115", "440305", "510107", "330106", "420106"]
CATEGORIES = ["警告", "罚款", "警告;罚款", "罚款;没收违法所得", "吊销许可证件", "通报批评"]


def id_number(rng) -> str:
    from portal.id_number import id_check_char

    first17 = f"{rng.choice(DIVISIONS)}{rng.randint(1960, 2000)}{rng.randint(1, 12):02d}"
    first17 += f"{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return first17 + id_check_char(first17)


def generate(path: Path, rows: int, seed: int = 2026, remark: str = "") -> None:
    from portal.credit_code import make_uscc

    rng = random.Random(seed)
    authorities = [
        (f"{d}卫生健康委员会", make_uscc("11", d, f"{i + 1:08d}")) for i, d in enumerate(DIVISIONS)
    ]
    parties = max(1, rows // 3)
    people = {}
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            party = rng.randrange(parties)
            authority, authority_uscc = authorities[n % len(authorities)]
            if party % 10 == 0:  # one party in ten is a natural person
                number = people.setdefault(party, id_number(rng))
                who = [f"当事人{party}", "自然人", "", "", "居民身份证", number]
            else:
                uscc = make_uscc("52", DIVISIONS[party % len(DIVISIONS)], f"{party:08d}")
                who = [f"某某诊所{party}", "法人及非法人组织", uscc, f"法人{party}", "", ""]
            day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            writer.writerow(
                [
                    *who,
                    f"卫罚〔2025〕{n + 1}号",
                    "医疗机构管理",
                    "未按规定执行诊疗规范，存在违法行为。",
                    "《医疗机构管理条例》第四十七条",
                    rng.choice(CATEGORIES),
                    "给予警告并处罚款",
                    f"{rng.randint(1, 500) / 100}",
                    "",
                    day,
                    "2026-12-31",
                    authority,
                    authority_uscc,
                    authority,
                    authority_uscc,
                    remark,
                ]
            )


def run(path: Path, label: str, rows: int) -> float:
    from django.core.management import call_command

    out = io.StringIO()
    started = time.perf_counter()
    with redirect_stdout(out):
        call_command("import_records", str(path), kind="penalty", publish=True, stdout=out)
    elapsed = time.perf_counter() - started
    summary = out.getvalue().strip().splitlines()[-1]
    print(f"{label}: {rows} rows in {elapsed:.1f} s = {rows / elapsed:,.0f} rows/s ({summary})")
    return rows / elapsed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--database-url", help="default: SQLite in a temporary directory")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--with-update", action="store_true", help="also re-import with every row changed"
    )
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="import-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("PORTAL_VAR_DIR", str(workdir / "var"))
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"migrated {os.environ['DATABASE_URL']} in {time.perf_counter() - started:.1f} s")
    path = workdir / "penalties.csv"
    started = time.perf_counter()
    generate(path, args.rows)
    size = path.stat().st_size / 1e6
    print(f"generated {args.rows} rows ({size:.1f} MB) in {time.perf_counter() - started:.1f} s")
    run(path, "first import (created, published)", args.rows)
    run(path, "re-import (unchanged)", args.rows)
    if args.with_update:
        changed = workdir / "penalties-changed.csv"
        generate(changed, args.rows, remark="已更正")
        run(changed, "re-import (every row changed: updated, new revisions)", args.rows)
    if args.keep:
        print(f"kept {workdir}")
    else:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
