"""How violations are described and punished: the shapes of `VIOLATIONS` entries, the
penalty categories, and the certificate a 吊销 concerns."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Scheme:
    """One way a violation is punished. Amounts in yuan."""

    categories: tuple[str, ...]  # PenaltyType names
    fine: tuple[int, int] | None = None
    multiple: tuple[int, int] | None = None  # fine = multiple × max(gain, 10000)
    gain: tuple[int, int] | None = None  # 没收违法所得
    weight: int = 1


@dataclass(frozen=True)
class Violation:
    key: str
    violation_type: str  # 违法行为类型
    facts: str  # template: {date} {party} {address} {detail} {gain} {count} {region} {business}
    details: tuple[str, ...]
    violated: str  # the rule broken
    basis: str  # 处罚依据
    schemes: tuple[Scheme, ...]
    targets: frozenset[str]
    weight: int
    until: datetime.date | None = None  # last decision date this basis is cited for


W, F, C, G = "警告", "罚款", "没收违法所得", "没收非法财物"
REVOKE, SUSPEND, CRITICISE = "吊销许可证件", "责令停产停业", "通报批评"


# The certificate a 暂扣/吊销 concerns, by kind of party.
CERTIFICATES = {
    "practitioner": "医师执业证书",
    "hotel": "公共场所卫生许可证",
    "swimming": "公共场所卫生许可证",
    "salon": "公共场所卫生许可证",
    "bathhouse": "公共场所卫生许可证",
    "water_supply": "卫生许可证",
    "water_secondary": "卫生许可证",
}
DEFAULT_CERTIFICATE = "医疗机构执业许可证"
