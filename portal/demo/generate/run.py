"""The whole run: prepare the context, build every section in order, summarise."""

import datetime
import time
from collections import Counter
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from ...models import RECORD_MODELS, Evidence, Facility, Lead, PartyType, RecordKind
from ...pagecache import bump_version
from ...publicity import load_rules
from ...workdays import latest_start_overdue
from .authorities import ensure_authorities
from .blacklist import build_blacklist
from .common import PUBLICITY_WORKDAYS, Demo, working_days
from .facilities import build_facilities, save_facilities
from .inspections import build_inspections
from .lead_storage import save_leads
from .leads import build_leads, lead_count
from .licences import build_licences
from .penalties import build_penalties, save_penalty_types
from .scores import build_practice_scores
from .users import ensure_demo_users

DEFAULT_SEED = 2026

# Share of each kind in the records asked for (DOMAIN.md §1); penalties take the rest.
KIND_SHARES = (
    (RecordKind.LICENCE, 25),
    (RecordKind.PENALTY, 45),
    (RecordKind.BLACKLIST, 5),
    (RecordKind.INSPECTION, 20),
    (RecordKind.PRACTICE_SCORE, 5),
)


def split_records(total: int) -> dict:
    counts = {kind: total * share // 100 for kind, share in KIND_SHARES}
    counts[RecordKind.PENALTY] += total - sum(counts.values())
    return counts


def demo_data_exists() -> bool:
    return Facility.objects.exists() or any(
        model.objects.exists() for model in RECORD_MODELS.values()
    )


def reset_demo_data() -> dict:
    """Delete every public record, every lead and every party (the demo database's content).

    Authorities, regions, rule tables, lead categories and users stay. Wagtail revisions and
    workflow states go with their records (generic relations); their audit-log entries too.
    A lead's events, supplements and evidence go with it; the evidence files are removed
    from private storage once the transaction commits.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    from cms.demo import reset_cms_demo

    from ...storage import private_storage

    deleted = {"cms": reset_cms_demo()}
    files = [name for name in Evidence.objects.values_list("file", flat=True) if name]
    deleted["leads"] = Lead.objects.all().delete()[0]
    transaction.on_commit(lambda: _delete_files(private_storage(), files))
    for kind, model in RECORD_MODELS.items():
        deleted[kind] = model.objects.all().delete()[0]
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        ModelLogEntry.objects.filter(content_type=content_type).delete()
    deleted["facilities"] = Facility.objects.all().delete()[0]
    return deleted


def _delete_files(storage, names):
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            pass


@dataclass
class Summary:
    seed: object
    today: datetime.date
    seconds: float = 0.0
    facilities: int = 0
    natural_persons: int = 0
    individual_businesses: int = 0
    authorities: int = 0
    kinds: dict = field(default_factory=dict)  # kind -> (total, public today)
    drafts: int = 0
    overdue_drafts: int = 0
    withdrawn: int = 0
    repaired: int = 0
    leads: int = 0
    lead_kinds: dict = field(default_factory=dict)  # LeadKind value -> count
    lead_states: dict = field(default_factory=dict)  # LeadState value -> count
    lead_codes: list = field(default_factory=list)  # (receipt, query code, kind, state)


def prepare(seed, today) -> Demo:
    window = working_days(today - relativedelta(years=3) + datetime.timedelta(days=1), today)
    cutoff = latest_start_overdue(today, PUBLICITY_WORKDAYS)
    demo = Demo(
        seed=seed,
        today=today,
        rules=load_rules(),
        authorities=ensure_authorities(),
        workdays=window,
        recent=[d for d in window if d > cutoff] or [window[-1]],
        overdue=[d for d in window if cutoff - datetime.timedelta(days=60) < d <= cutoff],
        workday_index={d: i for i, d in enumerate(window)},
    )
    return demo


RECORD_BUILDERS = (
    # Blacklist first: a publicly blacklisted party's penalties are all serious.
    (RecordKind.BLACKLIST, build_blacklist),
    (RecordKind.PENALTY, build_penalties),
    (RecordKind.LICENCE, build_licences),
    (RecordKind.INSPECTION, build_inspections),
    (RecordKind.PRACTICE_SCORE, build_practice_scores),
)


def generate_demo(*, facilities=500, records=5000, seed=DEFAULT_SEED, today=None) -> Summary:
    """Create the demo data in one transaction (the database should hold no parties)."""
    started = time.monotonic()
    today = today or timezone.localdate()
    with transaction.atomic():
        demo = prepare(seed, today)
        staff = ensure_demo_users()
        demo.reviewer = staff["shenhe"]
        demo.facilities = build_facilities(demo, facilities)
        save_facilities(demo.facilities)
        counts = split_records(records)
        built = {}
        for kind, build in RECORD_BUILDERS:
            built[kind] = build(demo, counts[kind])
            RECORD_MODELS[kind].objects.bulk_create(built[kind], batch_size=500)
        save_penalty_types(built[RecordKind.PENALTY])
        leads = build_leads(demo, lead_count(facilities), staff=staff)
        save_leads(leads)
        from cms.demo import seed_cms_demo

        seed_cms_demo(seed, today)
        # Later sections (typical cases …) go here, each a build_…(demo) drawing from its
        # own demo.rng("…").
    bump_version()  # bulk_create sends no signals
    summary = summarise(demo, built)
    summary.leads = len(leads.leads)
    summary.lead_kinds = dict(leads.kinds())
    summary.lead_states = dict(leads.states())
    summary.lead_codes = leads.codes
    summary.seconds = time.monotonic() - started
    return summary


def summarise(demo: Demo, built: dict) -> Summary:
    today = demo.today
    summary = Summary(seed=demo.seed, today=today, authorities=len(demo.authorities.all()))
    summary.facilities = len(demo.facilities)
    party_types = Counter(f.party_type for f in demo.facilities)
    summary.natural_persons = party_types[PartyType.NATURAL_PERSON]
    summary.individual_businesses = party_types[PartyType.INDIVIDUAL_BUSINESS]
    cutoff = latest_start_overdue(today, PUBLICITY_WORKDAYS)
    for kind, model in RECORD_MODELS.items():
        records = built.get(kind, [])
        summary.kinds[kind] = (len(records), model.objects.public(today).count())
        summary.drafts += sum(1 for r in records if not r.live)
        summary.withdrawn += sum(1 for r in records if r.withdrawn_at)
        summary.repaired += sum(1 for r in records if r.repaired_at)
    summary.overdue_drafts = sum(
        1 for r in built.get(RecordKind.PENALTY, []) if not r.live and r.decision_date <= cutoff
    )
    return summary
