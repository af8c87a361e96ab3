"""Complaints and reports (线索, issue 5): every kind and every state, with timelines.

One lead per state comes first (the showcase: its query codes are printed by seed_demo so a
tester can try /track/), then at least three of each kind, then about one lead per ten
parties, a few possible duplicates and leads merged into an earlier one. Each lead is about
a demo party or an unlisted place, is anonymous or carries a made-up identity (valid ID
number, mobile number, example.com email), and has the events its state implies.

Query codes: every lead's code is drawn from `demo.rng("lead-codes")`, so it depends on the
seed only, and is hashed exactly as `submit_lead` does (portal.intake.receipts). Numbering,
hashing and saving are in `lead_storage`; what the back office did (offices, handlers,
deadlines, extensions, reminders, rewards, links) in `lead_handling`.
"""

import datetime
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from ...id_number import id_check_char
from ...intake.masking import apply_masks
from ...intake.receipts import (
    CODE_ALPHABET,
    CODE_LENGTH,
)
from ...models import (
    OPEN_STATES,
    AuthorityKind,
    Lead,
    LeadCategory,
    LeadEvent,
    LeadKind,
    LeadOutcome,
    LeadState,
    LeadSupplement,
    Region,
)
from .. import vocabulary as v
from ..vocabulary import leads as lv
from .common import Demo, aware, chinese_date, region_prefix, weighted
from .lead_handling import Handling
from .lead_storage import hash_codes, receipt_numbers
from .names import ORGANISATION_NAMERS, address, person_name

WINDOW_WORKDAYS = 125  # about six months of working days
RECENT_WORKDAYS = 40  # merged leads: merged into one still being handled
MIN_PER_KIND = 3
LEADS_PER_FACILITY = 0.1
UNLISTED_RATE = 0.2  # a lead about a party of a listed kind that is not in the directory
ANONYMOUS_RATE = {"complaint": 0.25, "violation": 0.55, "reward": 0.0, "nominate": 0.6}
KIND_WEIGHTS = {"complaint": 30, "violation": 40, "reward": 15, "nominate": 15}
STATE_WEIGHTS = {
    LeadState.RECEIVED: 8,
    LeadState.ACCEPTED: 6,
    LeadState.ASSIGNED: 6,
    LeadState.INVESTIGATING: 12,
    LeadState.CONCLUDED: 6,
    LeadState.REPLIED: 10,
    LeadState.CLOSED: 28,
    LeadState.REFUSED: 10,
    LeadState.TRANSFERRED: 8,
    LeadState.MERGED: 3,
}
# The handling chain and the working days each step takes after the one before.
CHAIN = (
    LeadState.ACCEPTED,
    LeadState.ASSIGNED,
    LeadState.INVESTIGATING,
    LeadState.CONCLUDED,
    LeadState.REPLIED,
    LeadState.CLOSED,
)
STEP_DAYS = {
    LeadState.ACCEPTED: (1, 7),
    LeadState.REFUSED: (1, 7),
    LeadState.TRANSFERRED: (2, 8),
    LeadState.MERGED: (1, 6),
    LeadState.ASSIGNED: (1, 3),
    LeadState.INVESTIGATING: (1, 8),
    LeadState.CONCLUDED: (10, 45),
    LeadState.REPLIED: (1, 5),
    LeadState.CLOSED: (1, 8),
}
# Working days since the last step, for the states a lead is still in.
WAITING = {
    LeadState.RECEIVED: (1, 9),  # some past the 7-day limit to decide
    LeadState.ACCEPTED: (1, 4),
    LeadState.ASSIGNED: (1, 6),
    LeadState.INVESTIGATING: (1, 66),  # some near or past the 60-day limit to conclude
}
LATE_RATE = 0.12  # investigations that take longer than the limit
LATE_DAYS = (50, 80)
MERGE_DRAWS = 20
NOTE_RATE = 0.35
SUPPLEMENT_RATE = 0.08
REGION_GIVEN_RATE = 0.85  # unlisted places: the reporter picked the region in the form


def lead_count(facilities: int) -> int:
    return max(len(LeadState) + 2, round(facilities * LEADS_PER_FACILITY))


@dataclass
class Planned:
    """One lead before it is written: the Lead object and what its events need."""

    lead: Lead
    code: str
    known: bool = False
    area: object = None
    district: object = None
    story: object = None
    steps: list = field(default_factory=list)  # (state, day)
    target: object = None  # Planned lead this one is merged into / duplicates
    outcome: str = ""  # the text
    outcome_code: str = ""  # LeadOutcome
    reward_amount: int = 0  # yuan, for a substantiated 有奖举报
    desk: object = None  # who accepted, refused, dispatched (set by Handling)
    co_offices: list = field(default_factory=list)
    agency_kind: str = ""


@dataclass
class DemoLeads:
    leads: list = field(default_factory=list)
    events: list = field(default_factory=list)
    supplements: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)  # (lead, earlier lead)
    codes: list = field(default_factory=list)  # (receipt, code, kind, state) printed
    deadlines: list = field(default_factory=list)
    rewards: list = field(default_factory=list)
    co_offices: list = field(default_factory=list)  # (lead, authority)
    merges: list = field(default_factory=list)  # (lead, the lead it was merged into)

    def kinds(self) -> Counter:
        return Counter(lead.kind for lead in self.leads)

    def states(self) -> Counter:
        return Counter(lead.state for lead in self.leads)


class LeadFactory:
    def __init__(self, demo: Demo, rng, staff: dict):
        self.demo = demo
        self.rng = rng
        self.codes = demo.rng("lead-codes")
        self.custodian = staff.get("baomi")
        self.categories = self.load_categories()
        self.stories = [s for s in lv.STORIES if s.category in self.categories]
        self.told_by = {k: [s for s in self.stories if k in s.kinds] for k in lv.LEAD_KIND_LETTERS}
        self.handling = None  # set by build_leads
        districts = [d.code for a in v.AREAS for d in a.districts]
        self.regions = {r.code: r for r in Region.objects.filter(code__in=districts)}
        self.workdays = [d for d in demo.workdays if d < demo.today]
        self.last = len(self.workdays) - 1
        self.planned: list[Planned] = []

    @staticmethod
    def load_categories() -> dict:
        from ...intake.defaults import ensure_lead_defaults

        ensure_lead_defaults()
        return {c.name: c for c in LeadCategory.objects.all()}

    # --- the plan -----------------------------------------------------------------------

    def code(self) -> str:
        raw = "".join(self.codes.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))

    def plan(self, kind: str, state: str, known=False, story=None, subject=None) -> Planned:
        rng = self.rng
        if story is None:
            letter = next(k for k, name in lv.LEAD_KIND_LETTERS.items() if name == kind)
            story = rng.choice(self.told_by[letter])
        lead = Lead(kind=kind, state=state, category=self.categories[story.category])
        planned = Planned(lead=lead, code=self.code(), known=known, story=story)
        if subject is None:
            self.place(planned)
        else:
            self.copy_subject(planned, subject)
        self.schedule(planned)
        self.identity(planned)
        self.planned.append(planned)
        return planned

    def place(self, planned: Planned):
        rng, story, lead = self.rng, planned.story, planned.lead
        facility = None
        if story.subjects and rng.random() >= UNLISTED_RATE:
            facility = self.demo.pick(rng, story.subjects)
        if facility is not None:
            lead.facility = facility
            lead.region = facility.region
            planned.area, planned.district = facility.demo_area, facility.demo_district
            return
        area = weighted(rng, v.AREAS, lambda a: a.weight)
        district = rng.choice(area.districts)
        planned.area, planned.district = area, district
        namers = [k for k in sorted(story.subjects) if k in ORGANISATION_NAMERS]
        name = None
        if namers:  # a party of a listed kind that is not (yet) in the directory
            kind = rng.choice(namers)
            name, _ = ORGANISATION_NAMERS[kind](rng, area, district)
            lead.facility_address = address(rng, area, district, kind)
        if not name:
            style = story.place or "flat"
            name = self.fill(rng.choice(lv.UNLISTED_PLACES[style]), planned)
            lead.facility_address = self.street_address(area, district, style)
        lead.facility_name = name
        if rng.random() < REGION_GIVEN_RATE:
            lead.region = self.regions.get(district.code)

    @staticmethod
    def copy_subject(planned: Planned, other: Planned):
        lead, source = planned.lead, other.lead
        lead.category = source.category
        lead.facility = source.facility
        lead.facility_name = source.facility_name
        lead.facility_address = source.facility_address
        lead.region = source.region
        planned.area, planned.district = other.area, other.district

    def street_address(self, area, district, style) -> str:
        rng = self.rng
        road = rng.choice(district.roads)
        prefix = f"{region_prefix(area)}{district.name}"
        if style in ("studio", "shop", "online") and rng.random() < 0.6:
            tower = rng.choice(lv.TOWERS)
            return f"{prefix}{road}{rng.randint(1, 299)}号{tower}大厦{rng.randint(2, 28)}层"
        if style == "mobile" and district.towns:
            return f"{prefix}{rng.choice(district.towns)}镇{rng.choice(lv.COMMUNITIES)}村"
        community = rng.choice(lv.COMMUNITIES) + rng.choice(lv.COMMUNITY_SUFFIXES)
        return (
            f"{prefix}{road}{rng.randint(1, 199)}号{community}{rng.randint(1, 30)}号楼"
            f"{rng.randint(1, 6)}单元{rng.randint(1, 24)}{rng.randint(1, 4):02d}室"
        )

    def schedule(self, planned: Planned):
        """The submission time and the days of each step, all before `today`."""
        rng, state = self.rng, planned.lead.state
        if state in CHAIN:
            chain = list(CHAIN[: CHAIN.index(state) + 1])
        elif state == LeadState.RECEIVED:
            chain = []
        elif state != LeadState.REFUSED and rng.random() < 0.3:  # after being accepted
            chain = [LeadState.ACCEPTED, state]
        else:
            chain = [state]
        gaps = [self.gap(step) for step in chain]
        span = sum(gaps)
        if state in WAITING:
            start = self.last - span - rng.randint(*WAITING[state])
        else:
            window = RECENT_WORKDAYS if state == LeadState.MERGED else WINDOW_WORKDAYS
            start = self.last - span - rng.randint(0, max(0, window - span))
        self.place_in_time(planned, max(0, start), list(zip(chain, gaps, strict=True)))

    def gap(self, step) -> int:
        rng = self.rng
        if step == LeadState.CONCLUDED and rng.random() < LATE_RATE:
            return rng.randint(*LATE_DAYS)
        return rng.randint(*STEP_DAYS[step])

    def place_in_time(self, planned: Planned, start: int, steps: list):
        """Submitted around working day `start` (maybe the weekend before), at any hour a
        citizen writes; each step `gap` working days after the one before."""
        rng = self.rng
        day = self.workdays[start] - datetime.timedelta(days=rng.choice((0, 0, 0, 1, 2)))
        hour = weighted(rng, range(7, 23), lambda h: 3 if 9 <= h <= 21 else 1)
        planned.lead.submitted_at = aware(day, hour, rng.randrange(60))
        index, planned.steps = start, []
        for step, gap in steps:
            index = min(index + gap, self.last)
            planned.steps.append((step, self.workdays[index]))

    def reschedule_after(self, planned: Planned, other: Planned):
        """Move `planned` (with its steps) to just after `other` was submitted."""
        after = other.lead.submitted_at.date()
        start = next((i for i, d in enumerate(self.workdays) if d > after), self.last)
        steps = [(step, 1) for step, _ in planned.steps]
        self.place_in_time(planned, min(start, self.last - len(steps)), steps)
        if planned.lead.submitted_at <= other.lead.submitted_at:
            planned.lead.submitted_at = other.lead.submitted_at + datetime.timedelta(hours=1)

    def identity(self, planned: Planned):
        rng, lead = self.rng, planned.lead
        kind = lead.kind
        lead.anonymous = rng.random() < ANONYMOUS_RATE[kind]
        if lead.anonymous:
            return
        male = rng.random() < 0.5
        number = self.id_number(male)
        lead.reporter_name = person_name(rng, male)
        lead.reporter_phone = rng.choice(lv.MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        full = kind == LeadKind.REWARD or rng.random() < 0.3
        if full:
            lead.reporter_id_number = number
            lead.reporter_address = self.street_address(planned.area, planned.district, "flat")
        if full or rng.random() < 0.3:
            lead.reporter_email = self.email(lead.reporter_name, number)
        lead.reward_consent = kind == LeadKind.REWARD
        apply_masks(lead)

    def id_number(self, male: bool) -> str:
        """GB 11643: born in a demo district, aged 20 to 70, sex in the 17th digit."""
        rng, today = self.rng, self.demo.today
        place = rng.choice([d.code for a in v.AREAS for d in a.districts])
        youngest = today.replace(year=today.year - 20, day=min(today.day, 28))
        born = youngest - datetime.timedelta(days=rng.randrange(50 * 365))
        sequence = rng.randrange(500) * 2 + (1 if male else 0)
        first17 = f"{place}{born:%Y%m%d}{sequence:03d}"
        return first17 + id_check_char(first17)

    def email(self, name: str, number: str) -> str:
        rng = self.rng
        surname = name[:2] if name[:2] in lv.SURNAME_PINYIN else name[:1]
        local = lv.SURNAME_PINYIN.get(surname, "user")
        local += rng.choice(
            (number[6:10], number[8:10] + number[10:14], str(rng.randint(100, 999)))
        )
        return f"{local}@example.com"

    # --- texts --------------------------------------------------------------------------

    def fill(self, template: str, planned: Planned) -> str:
        rng, lead = self.rng, planned.lead
        brands = v.SALON_BRANDS + v.COSMETIC_BRANDS + v.BRANDS
        surname = rng.choice(v.SURNAMES)
        occurred = lead.occurred_on or lead.submitted_at.date()
        values = {
            "facility": lead.subject if (lead.facility_id or lead.facility_name) else "",
            "address": self.subject_address(planned),
            "date": chinese_date(occurred),
            "amount": rng.choice((80, 150, 200, 260, 300, 500, 680, 800, 1200, 1500, 3000)),
            "n": rng.randint(3, 12),
            "doctor": surname + rng.choice(lv.DOCTOR_TITLES),
            "dept": rng.choice(lv.DEPARTMENTS),
            "surname": surname,
            "brand": rng.choice(brands),
        }
        return template.format_map(values)

    def subject_address(self, planned: Planned) -> str:
        lead = planned.lead
        if lead.facility_address:
            return lead.facility_address
        if lead.facility is not None and lead.facility.address:
            return lead.facility.address
        if planned.area is None:
            return ""
        return self.street_address(planned.area, planned.district, "flat")

    def write_texts(self, planned: Planned):
        rng, lead = self.rng, planned.lead
        if "{date}" in planned.story.text or rng.random() < 0.4:
            back = {"complaint": 20, "violation": 60, "reward": 90, "nominate": 30}[lead.kind]
            lead.occurred_on = lead.submitted_at.date() - datetime.timedelta(
                days=rng.randint(0, back)
            )
        lead.description = self.fill(planned.story.text, planned)
        lead.wanted = rng.choice(lv.WANTED[lead.kind])

    # --- outcomes and events --------------------------------------------------------------

    def district_authority(self, planned: Planned, book: dict):
        if planned.district is not None and planned.district.code in book:
            return book[planned.district.code]
        return book.get(planned.area.city_code) if planned.area else None

    def events(self, planned: Planned) -> tuple[list, list]:
        rng, lead = self.rng, planned.lead
        events, supplements = [], []
        submitted = lead.submitted_at

        def add(kind, when, *, state="", public_text="", internal="", actor=None):
            events.append(
                LeadEvent(lead=lead, kind=kind, state=state, public=bool(public_text),
                          public_text=public_text, internal_text=internal, actor=actor,
                          created_at=when)
            )  # fmt: skip

        add(LeadEvent.Kind.RECEIVED, submitted, state=LeadState.RECEIVED,
            public_text=lv.RECEIVED_TEXT)  # fmt: skip
        done = submitted + datetime.timedelta(minutes=rng.randint(1, 3))
        lead.followups_queued_at, lead.followups_done_at = submitted, done
        if not lead.anonymous:
            lead.acknowledged_at = done
            add(LeadEvent.Kind.ACKNOWLEDGED, done, public_text=lv.ACKNOWLEDGED_TEXT)
        supervision = self.district_authority(planned, self.demo.authorities.supervision)
        office = lead.office if lead.office else supervision
        authority_name = office.name if office else "承办机关"
        for step, day in planned.steps:
            when = aware(day, rng.randint(8, 16), rng.randrange(60))
            later = when + datetime.timedelta(minutes=rng.randint(20, 150))
            text, internal = self.step_texts(planned, step, day, authority_name)
            kind = LeadEvent.Kind.REPLY if step == LeadState.REPLIED else LeadEvent.Kind.STATE
            actor = self.handling.actor(planned, step)
            add(kind, when, state=step, public_text=text, internal=internal, actor=actor)
            if step == LeadState.ACCEPTED and lead.kind == LeadKind.REWARD and self.custodian:
                add(LeadEvent.Kind.NOTE, later, internal=lv.IDENTITY_NOTE, actor=self.custodian)
            elif step in (LeadState.ACCEPTED, LeadState.INVESTIGATING) and rng.random() < NOTE_RATE:
                add(LeadEvent.Kind.NOTE, later, internal=rng.choice(lv.NOTES), actor=actor)
        if lead.state in OPEN_STATES and rng.random() < SUPPLEMENT_RATE:
            when = submitted + datetime.timedelta(hours=rng.randint(20, 40))
            if when.date() < self.demo.today and (
                not planned.steps or when.date() < planned.steps[0][1]
            ):
                text = rng.choice(lv.SUPPLEMENTS)
                supplements.append(LeadSupplement(lead=lead, text=text, submitted_at=when))
                add(LeadEvent.Kind.SUPPLEMENT, when, public_text="您补充了材料（0 个文件）。")
        events.sort(key=lambda e: e.created_at)
        return events, supplements

    def step_texts(self, planned: Planned, step, day, authority_name) -> tuple[str, str]:
        rng, lead = self.rng, planned.lead
        if step == LeadState.ACCEPTED:
            return lv.ACCEPTED_TEXT, ""
        if step == LeadState.REFUSED:
            return rng.choice(lv.REFUSAL_REASONS), rng.choice(lv.REFUSAL_NOTES)
        if step == LeadState.ASSIGNED:
            return (
                lv.ASSIGNED_TEXT.format(authority=authority_name),
                self.handling.assignment_note(planned, day),
            )
        if step == LeadState.INVESTIGATING:
            visit = day + datetime.timedelta(days=rng.randint(0, 3))
            note = rng.choice(lv.INVESTIGATION_NOTES).format(date=chinese_date(visit))
            return lv.INVESTIGATING_TEXT, note
        if step == LeadState.CONCLUDED:
            return planned.outcome, ""
        if step == LeadState.REPLIED:
            reply = lv.REPLY_TEXT.format(
                submitted=chinese_date(lead.submitted_at.date()),
                subject=lead.subject,
                category=lead.category.name,
                authority=authority_name,
                outcome=planned.outcome,
            )
            return reply, ""
        if step == LeadState.CLOSED:
            return lv.CLOSED_TEXT, ""
        if step == LeadState.TRANSFERRED:
            kind = planned.agency_kind or AuthorityKind.MARKET_REGULATION
            name = lead.transferred_to.name if lead.transferred_to else "有关部门"
            return lv.TRANSFER_TEXT[kind].format(agency=name), rng.choice(lv.TRANSFER_NOTES)
        if step == LeadState.MERGED:
            receipt = planned.target.lead.receipt_number
            return lv.MERGED_TEXT.format(receipt=receipt), f"与 {receipt} 系同一事项，并案办理。"
        raise ValueError(step)

    def decide_outcome(self, planned: Planned):
        rng, lead = self.rng, planned.lead
        roll = rng.random()
        code = LeadOutcome.SUBSTANTIATED
        if roll < 0.6:
            outcome = lv.OUTCOMES.get(lead.category.name, lv.OUTCOMES["其他"])
            if lead.kind == LeadKind.REWARD:
                amount = rng.choice((200, 200, 500, 800, 1000, 2000, 5000, 12000))
                outcome += lv.REWARD_TEXT.format(amount=amount)
                planned.reward_amount = amount
        elif roll < 0.8:
            outcome, code = lv.OUTCOME_PARTLY, LeadOutcome.PARTLY
        elif roll < 0.93:
            outcome, code = lv.OUTCOME_NOT_FOUND, LeadOutcome.UNFOUNDED
        else:
            outcome, code = lv.OUTCOME_UNVERIFIABLE, LeadOutcome.UNVERIFIABLE
        planned.outcome, planned.outcome_code = outcome, code


def build_leads(demo: Demo, count: int, staff=None) -> DemoLeads:
    """Unsaved leads, events, supplements and duplicate links (see `save_leads`)."""
    rng = demo.rng("leads")
    factory = LeadFactory(demo, rng, staff or {})
    factory.handling = handling = Handling(demo, factory, staff or {})
    kinds = [k.value for k in LeadKind]
    # The showcase: one lead per state, kinds in turn; their codes are printed.
    showcase_states = [s for s in LeadState if s != LeadState.MERGED]
    for i, state in enumerate(showcase_states):
        factory.plan(kinds[i % len(kinds)], state, known=True)
    factory.plan(kinds[len(showcase_states) % len(kinds)], LeadState.MERGED, known=True)
    have = Counter(p.lead.kind for p in factory.planned)
    for kind in kinds:
        for _ in range(MIN_PER_KIND - have[kind]):
            factory.plan(kind, weighted(rng, list(STATE_WEIGHTS), STATE_WEIGHTS.get))
    pairs = max(2, count // 25)
    while len(factory.planned) < count - pairs:
        kind = weighted(rng, kinds, KIND_WEIGHTS.get)
        factory.plan(kind, weighted(rng, list(STATE_WEIGHTS), STATE_WEIGHTS.get))
    duplicates = add_duplicates(factory, pairs)
    handled = sorted(
        (p for p in factory.planned if p.lead.state in CHAIN), key=lambda p: p.lead.submitted_at
    )
    for planned in [p for p in factory.planned if p.lead.state == LeadState.MERGED]:
        target = merge_target(factory, planned, handled)
        factory.copy_subject(planned, target)
        planned.target = target
        planned.story = compatible_story(factory, planned.lead.kind, target)
        duplicates.append((planned, target))
    for planned in factory.planned:
        factory.write_texts(planned)
        if any(step == LeadState.CONCLUDED for step, _ in planned.steps):
            factory.decide_outcome(planned)
        if planned.lead.region_id and planned.district is not None:
            planned.lead.suggested_authority = factory.district_authority(
                planned, demo.authorities.commission
            )
        handling.assign(planned)
    taken = set(Lead.objects.values_list("receipt_number", flat=True))
    receipt_numbers(factory.planned, taken)
    hashes = hash_codes([(p.code, p.known) for p in factory.planned])
    result = DemoLeads()
    for planned, encoded in zip(factory.planned, hashes, strict=True):
        lead = planned.lead
        lead.query_code_hash = encoded
        events, supplements = factory.events(planned)
        result.leads.append(lead)
        result.events += events + handling.complete(planned, events)
        result.supplements += supplements
        if planned.known:
            result.codes.append((lead.receipt_number, planned.code, lead.kind, lead.state))
    result.duplicates = [(p.lead, t.lead) for p, t in duplicates]
    result.deadlines, result.rewards = handling.deadlines, handling.rewards
    result.co_offices, result.merges = handling.co_offices, handling.merges
    return result


def compatible_story(factory: LeadFactory, kind: str, other: Planned):
    """A story of the same category that fits the same subject, told by `kind` if possible."""
    rng, story = factory.rng, other.story
    letter = next(k for k, name in lv.LEAD_KIND_LETTERS.items() if name == kind)
    facility = other.lead.facility
    fits = [
        s
        for s in factory.stories
        if s.category == story.category
        and (
            (facility is not None and facility.demo_kind in s.subjects)
            or (facility is None and s.subjects == story.subjects and s.place == story.place)
        )
    ]
    told = [s for s in fits if letter in s.kinds]
    return rng.choice(told or fits or [story])


def add_duplicates(factory: LeadFactory, pairs: int) -> list:
    """New leads about the same subject and category as an open one (find_duplicates)."""
    rng = factory.rng
    open_states = (LeadState.ACCEPTED, LeadState.ASSIGNED, LeadState.INVESTIGATING)
    candidates = [p for p in factory.planned if p.lead.state in open_states]
    found = []
    for original in rng.sample(candidates, min(pairs, len(candidates))):
        kind = rng.choice(("complaint", "violation", "nominate"))
        story = compatible_story(factory, kind, original)
        letter = next(k for k, name in lv.LEAD_KIND_LETTERS.items() if name == kind)
        if letter not in story.kinds:
            kind = lv.LEAD_KIND_LETTERS[story.kinds[0]]
        planned = factory.plan(kind, LeadState.RECEIVED, story=story, subject=original)
        if planned.lead.submitted_at <= original.lead.submitted_at:
            planned.lead.submitted_at = original.lead.submitted_at + datetime.timedelta(hours=30)
            if planned.lead.submitted_at.date() >= factory.demo.today:
                factory.planned.remove(planned)
                continue
        found.append((planned, original))
    return found


def merge_target(factory: LeadFactory, merged: Planned, handled: list) -> Planned:
    """An earlier lead still being handled when this one was merged into it: a few random
    draws among the earlier handled leads (`handled` is in order of submission), else any
    earlier one."""
    merged_on = merged.steps[-1][1]
    earlier = bisect_left([p.lead.submitted_at for p in handled], merged.lead.submitted_at)
    rng = factory.rng
    if earlier:
        for _ in range(MERGE_DRAWS):
            candidate = handled[rng.randrange(earlier)]
            concluded = next((d for s, d in candidate.steps if s == LeadState.CONCLUDED), None)
            if (concluded or merged_on) >= merged_on:
                return candidate
        return handled[rng.randrange(earlier)]
    # None was submitted before: merge into the earliest handled one, moved after it.
    target = handled[0]
    factory.reschedule_after(merged, target)
    return target
