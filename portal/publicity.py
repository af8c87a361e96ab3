"""How long a record stays public (DOMAIN.md §3).

The rules live in two admin tables: `PublicityPolicy` (period per tier or kind) and
`PenaltyType` (which penalty falls in which tier). `apply_publicity` stores the
outcome on the record (tier, publishable, publicity_ends_on, repair_allowed_from);
`PublicRecordQuerySet.public()` then needs nothing but today's date.

`publicity_ends_on` is the last day a record is public: a one-year period from a
decision of 2025-03-05 ends on 2026-03-04 and the record is gone on 2026-03-05.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from .models.policy import TIER_RANK, PenaltyType, PublicityPolicy, Tier

ONE_DAY = datetime.timedelta(days=1)

DEFAULT_POLICIES = {
    # key: (published, min_months, max_months)
    PublicityPolicy.Key.MINOR: (False, 0, 3),
    PublicityPolicy.Key.GENERAL: (True, 3, 12),
    PublicityPolicy.Key.SERIOUS: (True, 12, 36),
    PublicityPolicy.Key.INSPECTION: (True, 0, 36),
    PublicityPolicy.Key.PRACTICE_SCORE: (True, 0, 12),
}

DEFAULT_PENALTY_TYPES = [
    # name, tier, aliases
    ("警告", Tier.MINOR, ""),
    ("通报批评", Tier.MINOR, ""),
    ("罚款", Tier.GENERAL, ""),
    ("没收违法所得", Tier.GENERAL, "没收违法所得、没收非法财物"),
    ("没收非法财物", Tier.GENERAL, ""),
    ("暂扣许可证件", Tier.SERIOUS, "暂扣许可证;暂扣执照;暂扣执业证书"),
    ("降低资质等级", Tier.SERIOUS, ""),
    ("吊销许可证件", Tier.SERIOUS, "吊销许可证;吊销执照;吊销执业许可证;吊销执业证书"),
    ("限制开展生产经营活动", Tier.SERIOUS, ""),
    ("责令停产停业", Tier.SERIOUS, "责令停业;责令停止执业;责令暂停执业活动;责令停业整顿"),
    ("责令关闭", Tier.SERIOUS, ""),
    ("限制从业", Tier.SERIOUS, ""),
    ("行政拘留", Tier.SERIOUS, ""),
    ("其他", Tier.GENERAL, ""),
]


@dataclass(frozen=True)
class Rules:
    policies: dict  # key -> PublicityPolicy
    penalty_tiers: dict  # name or alias -> Tier

    def tier_of_penalty(self, names) -> str:
        tiers = [self.penalty_tiers.get(n.strip()) for n in names if n.strip()]
        tiers = [t for t in tiers if t]
        if not tiers:
            return Tier.GENERAL
        return max(tiers, key=lambda t: TIER_RANK[t])


def load_rules() -> Rules:
    policies = {p.key: p for p in PublicityPolicy.objects.all()}
    for key, (published, low, high) in DEFAULT_POLICIES.items():
        policies.setdefault(
            key, PublicityPolicy(key=key, published=published, min_months=low, max_months=high)
        )
    tiers = {}
    for ptype in PenaltyType.objects.all():
        tiers[ptype.name] = ptype.tier
        for alias in ptype.aliases.split(";"):
            if alias.strip():
                tiers[alias.strip()] = ptype.tier
    if not tiers:
        for name, tier, aliases in DEFAULT_PENALTY_TYPES:
            tiers[name] = tier
            for alias in aliases.split(";"):
                if alias:
                    tiers[alias] = tier
    return Rules(policies, tiers)


def split_categories(text: str) -> list[str]:
    for sep in ("；", "，", ",", "、", "|"):
        text = text.replace(sep, ";")
    return [part.strip() for part in text.split(";") if part.strip()]


def period_end(start: datetime.date, months: int) -> datetime.date:
    """Last public day of a period of `months` starting on `start`."""
    return start + relativedelta(months=months) - ONE_DAY


def _apply_policy(record, policy, start):
    record.publishable = policy.published
    record.publicity_ends_on = period_end(start, policy.max_months)
    record.repair_allowed_from = start + relativedelta(months=policy.min_months)


def apply_publicity(record, rules: Rules | None = None, blacklisted: bool | None = None):
    """Compute and set the record's tier and publicity dates (does not save)."""
    from .models.records import RecordKind

    rules = rules or load_rules()
    kind = record.kind
    start = record.decision_date
    record.publishable = True
    record.repair_allowed_from = None
    if kind == RecordKind.LICENCE:
        record.tier = ""
        record.publishable = record.status == record.Status.VALID
        record.publicity_ends_on = record.valid_to
    elif kind == RecordKind.PENALTY:
        if blacklisted is None:
            blacklisted = is_blacklisted(record.facility_id)
        tier = rules.tier_of_penalty(split_categories(record.penalty_categories))
        record.tier = Tier.SERIOUS if blacklisted else tier
        _apply_policy(record, rules.policies[record.tier], start)
    elif kind == RecordKind.BLACKLIST:
        record.tier = Tier.SERIOUS
        _apply_policy(record, rules.policies[Tier.SERIOUS], start)
        if record.removed_on:
            record.publicity_ends_on = min(record.publicity_ends_on, record.removed_on - ONE_DAY)
    elif kind == RecordKind.INSPECTION:
        record.tier = ""
        _apply_policy(record, rules.policies[PublicityPolicy.Key.INSPECTION], start)
        record.repair_allowed_from = None
    elif kind == RecordKind.PRACTICE_SCORE:
        record.tier = ""
        _apply_policy(record, rules.policies[PublicityPolicy.Key.PRACTICE_SCORE], start)
        record.repair_allowed_from = None
    if record.publicity_until_override:
        record.publicity_ends_on = record.publicity_until_override
    return record


def is_blacklisted(facility_id, today=None) -> bool:
    from .models.records import BlacklistEntry

    if not facility_id:
        return False
    return BlacklistEntry.objects.public(today).filter(facility_id=facility_id).exists()


def blacklisted_facility_ids(today=None) -> set:
    from .models.records import BlacklistEntry

    return set(BlacklistEntry.objects.public(today).values_list("facility_id", flat=True))


def recompute_all(batch_size=2000) -> int:
    """Re-apply the rules to every record (after the admin edits a rule table)."""
    from .models.records import RECORD_MODELS

    rules = load_rules()
    blacklisted = blacklisted_facility_ids()
    fields = ["tier", "publishable", "publicity_ends_on", "repair_allowed_from"]
    changed = 0
    for model in RECORD_MODELS.values():
        batch = []
        for record in model.objects.all().iterator(chunk_size=batch_size):
            before = tuple(getattr(record, f) for f in fields)
            apply_publicity(record, rules, blacklisted=record.facility_id in blacklisted)
            if tuple(getattr(record, f) for f in fields) != before:
                batch.append(record)
            if len(batch) >= batch_size:
                model.objects.bulk_update(batch, fields)
                changed += len(batch)
                batch = []
        if batch:
            model.objects.bulk_update(batch, fields)
            changed += len(batch)
    from .pagecache import bump_version
    from .signals import send_changed

    bump_version()
    for kind in RECORD_MODELS:
        send_changed(kind)
    return changed


def recompute_facility_penalties(facility_id):
    """A party's blacklisting moves its penalties to the serious tier, and back."""
    from .models.records import PenaltyRecord

    rules = load_rules()
    blacklisted = is_blacklisted(facility_id)
    fields = ["tier", "publishable", "publicity_ends_on", "repair_allowed_from"]
    records = list(PenaltyRecord.objects.filter(facility_id=facility_id))
    for record in records:
        apply_publicity(record, rules, blacklisted=blacklisted)
    PenaltyRecord.objects.bulk_update(records, fields)
    from .pagecache import bump_version
    from .signals import send_changed

    bump_version()
    send_changed(PenaltyRecord.kind, [r.pk for r in records])


def schedule_recompute():
    """Recompute in the worker once the rule change is committed."""
    from django_q.tasks import async_task

    transaction.on_commit(lambda: async_task("portal.publicity.recompute_all"))


def can_repair(record, today=None) -> bool:
    today = today or timezone.localdate()
    return bool(
        record.repair_allowed_from
        and record.repair_allowed_from <= today
        and not record.repaired_at
        and not record.withdrawn_at
    )
