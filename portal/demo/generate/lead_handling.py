"""What the back office did with the demo leads (issue 6): offices and handlers, deadlines on
the official calendar, extensions, reminders, notifications, outcomes, rewards and links.

`LeadFactory` (leads.py) plans each lead's states and their days; `Handling` adds, before
the texts are written, who handled the lead (`assign`) and, once its timeline is written,
the handling fields, the `LeadDeadline` rows and the events that follow from its times
(`complete`). It draws from its own `demo.rng("lead-handling")`.

Staff (demo accounts without a usable password, roles of portal.setup): every supervision
institute of the demo has two handlers (线索办理员; one at a city or provincial institute) and
a supervisor (线索负责人: dispatches, extends, proposes rewards); the city-level institutes
also have a reward approver (奖励审批人: approves and pays). The demo user banli (线索办理员)
works at 杭州市卫生健康监督所 (a city office: sees the leads of 杭州) and takes in the 杭州
leads; baomi (举报人信息保管员) at 北京市卫生健康监督所 (a provincial office: sees every lead).
"""

import datetime
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from ...leads.deadlines import time_limits
from ...models import (
    OPEN_STATES,
    AuthorityKind,
    LeadDeadline,
    LeadEvent,
    LeadKind,
    LeadOutcome,
    LeadReward,
    LeadState,
    PenaltyRecord,
    Region,
    StaffOffice,
    Stage,
)
from ...setup import LEAD_HANDLER, LEAD_SUPERVISOR, REWARD_APPROVER
from ..vocabulary import leads as lv
from .common import aware, chinese_date, working_days
from .names import person_name

CITY_SHARE = 0.15  # leads handled (主办) by the city-level institute, not the district's
CO_OFFICE_RATE = 0.08  # 分办: a second district checks its part
HANDLER_AT_ASSIGNMENT = 0.6  # assigned leads that already name a handler
EXTEND_LATE = 0.6  # conclusions past the limit that had been extended in time
EXTEND_OPEN = 0.5  # investigations near or past the limit that have been extended
NOTIFY_LATE = 0.1  # named reporters told after the 5 working days
REWARD_REJECTED = 0.1
REWARD_PAID = 0.8  # of the rewards of closed leads
EVENT = LeadEvent.Kind


class Calendar:
    """portal.workdays.add_working_days over a list of working days computed once (a large
    demo asks tens of thousands of times)."""

    def __init__(self, today: datetime.date):
        self.days = working_days(today - relativedelta(years=4), today + relativedelta(years=1))

    def add(self, start: datetime.date, count: int) -> datetime.date:
        """`count` (≥ 1) working days after `start`, the start day not counted."""
        return self.days[bisect_right(self.days, start) + count - 1]

    def back(self, day: datetime.date, count: int) -> datetime.date:
        """The working day `count` working days before `day`."""
        return self.days[max(bisect_left(self.days, day) - count, 0)]


@dataclass
class Office:
    authority: object
    handlers: list
    supervisor: object
    area_code: str  # city code of the demo area it belongs to
    district: bool
    approver: object = None  # city-level offices only


def _account(User, group, username, name, office, *, supervisor=False):
    user, created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org"}
    )
    if created:
        user.set_unusable_password()
    user.first_name, user.is_staff, user.is_active = name, True, True
    user.save()
    user.groups.add(group)
    StaffOffice.objects.update_or_create(
        user=user, defaults={"office": office, "supervisor": supervisor}
    )
    return user


def ensure_staff(demo, staff: dict) -> dict:
    """{region code: Office} for every supervision institute, with its demo accounts."""
    from .. import vocabulary as v

    User = get_user_model()
    rng = demo.rng("lead-staff")
    groups = {
        name: Group.objects.get_or_create(name=name)[0]
        for name in (LEAD_HANDLER, LEAD_SUPERVISOR, REWARD_APPROVER)
    }
    name = lambda: person_name(rng, rng.random() < 0.5)  # noqa: E731
    area_of = {}
    for area in v.AREAS:
        area_of[area.province_code] = area_of[area.city_code] = area.city_code
        area_of.update({d.code: area.city_code for d in area.districts})
    offices = {}
    for code, authority in sorted(demo.authorities.supervision.items()):
        district = not code.endswith("00")
        handlers = [
            _account(User, groups[LEAD_HANDLER], f"cb{code}{suffix}", name(), authority)
            for suffix in ("ab" if district else "a")
        ]
        supervisor = _account(
            User, groups[LEAD_SUPERVISOR], f"fz{code}", name(), authority, supervisor=True
        )
        office = Office(authority, handlers, supervisor, area_of.get(code, ""), district)
        if not district:
            office.approver = _account(
                User, groups[REWARD_APPROVER], f"sp{code}", name(), authority
            )
        offices[code] = office
    demo_accounts = (("banli", "330100"), ("baomi", "110000"), ("fuze", "330100"),
                     ("jiangli", "330100"))  # fmt: skip
    for username, code in demo_accounts:
        user = staff.get(username)
        if user is not None and code in offices:
            StaffOffice.objects.update_or_create(
                user=user,
                defaults={"office": offices[code].authority, "supervisor": username == "fuze"},
            )
            if username == "banli":
                offices[code].handlers.insert(0, user)
    return offices


class Handling:
    def __init__(self, demo, factory, staff: dict):
        self.demo, self.factory, self.today = demo, factory, demo.today
        self.rng = demo.rng("lead-handling")
        self.calendar = Calendar(demo.today)
        self.limits = time_limits()
        self.offices = ensure_staff(demo, staff)
        self.by_authority = {o.authority.pk: o for o in self.offices.values()}
        # The intake desk of each area: banli in 杭州, the city office's first handler else.
        self.desk = {o.area_code: o.handlers[0] for o in self.offices.values() if not o.district}
        codes = dict(Region.objects.values_list("id", "code"))
        self.agencies = [(a, codes.get(a.region_id, "")) for a in demo.authorities.others]
        self.deadlines, self.rewards, self.co_offices, self.merges = [], [], [], []
        self._penalties = None

    # --- before the texts ---------------------------------------------------------------

    def assign(self, planned):
        """Offices, handler, transfer agency: what the step texts name."""
        rng, lead = self.rng, planned.lead
        steps = {step for step, _day in planned.steps}
        area = planned.area.city_code if planned.area else ""
        city = self.offices.get(area)
        district = self.offices.get(planned.district.code if planned.district else "") or city
        planned.desk = self.desk.get(area)
        if LeadState.ASSIGNED in steps and district is not None:
            office = city if rng.random() < CITY_SHARE else district
            lead.office = office.authority
            if lead.state != LeadState.ASSIGNED or rng.random() < HANDLER_AT_ASSIGNMENT:
                lead.handler = rng.choice(office.handlers)
            others = [o for o in self.offices.values()
                      if o.district and o.area_code == area and o is not office]  # fmt: skip
            if others and rng.random() < CO_OFFICE_RATE:
                planned.co_offices = [rng.choice(others).authority]
        elif LeadState.ACCEPTED in steps:
            lead.office = lead.suggested_authority or (district.authority if district else None)
        if lead.state == LeadState.TRANSFERRED:
            kind = lv.TRANSFER_AGENCY.get(lead.category.name, AuthorityKind.MARKET_REGULATION)
            planned.agency_kind = kind
            lead.transferred_to = self.agency(planned, kind)

    def agency(self, planned, kind: str):
        """The agency of that kind closest to the place: district, city, then province."""
        others = [(a, code) for a, code in self.agencies if a.kind == kind]
        if not others:
            return None
        district = planned.district.code if planned.district else ""
        for wanted in (district, district[:4] + "00", district[:2] + "0000"):
            for authority, code in others:
                if code and code == wanted:
                    return authority
        return others[0][0]

    def conclude_due(self, accepted_on: datetime.date) -> datetime.date:
        return self.calendar.add(accepted_on, self.limits[Stage.CONCLUDE].working_days)

    def assignment_note(self, planned, day) -> str:
        lead = planned.lead
        accepted = next((d for s, d in planned.steps if s == LeadState.ACCEPTED), day)
        note = lv.ASSIGNMENT_NOTE.format(
            office=lead.office.name if lead.office else "承办机构",
            handler=self.name(lead.handler) if lead.handler else "待定",
            due=chinese_date(self.conclude_due(accepted)),
        )
        if planned.co_offices:
            offices = "、".join(o.name for o in planned.co_offices)
            note += lv.CO_OFFICE_NOTE.format(offices=offices)
        return note

    def actor(self, planned, step):
        """Who took a step: the intake desk accepts, refuses and merges; the city office's
        supervisor dispatches (交办, 移送); the handler does the rest."""
        if step in (LeadState.ASSIGNED, LeadState.TRANSFERRED):
            return self.desk_supervisor(planned) or planned.desk
        if step in (LeadState.ACCEPTED, LeadState.REFUSED, LeadState.MERGED):
            return planned.desk
        return planned.lead.handler or planned.desk

    @staticmethod
    def name(user) -> str:
        return user.first_name or user.username

    # --- after the timeline ---------------------------------------------------------------

    def complete(self, planned, events) -> list:
        """Handling fields, deadlines, rewards and the extra events of one lead."""
        lead = planned.lead
        times = {e.state: e.created_at for e in events
                 if e.state and e.kind in (EVENT.STATE, EVENT.REPLY)}  # fmt: skip
        lead.accepted_at = times.get(LeadState.ACCEPTED)
        lead.concluded_at = times.get(LeadState.CONCLUDED)
        lead.replied_at = times.get(LeadState.REPLIED)
        lead.outcome = planned.outcome_code
        for item in planned.co_offices:
            self.co_offices.append((lead, item))
        extra = []
        first = times.get(planned.steps[0][0]) if planned.steps else None
        submitted_on = timezone.localdate(lead.submitted_at)
        decide = self.deadline(lead, Stage.DECIDE, submitted_on, first)
        conclude = None
        if lead.accepted_at:
            accepted_on = timezone.localdate(lead.accepted_at)
            ended = lead.concluded_at
            if lead.state in (LeadState.TRANSFERRED, LeadState.MERGED):
                ended = times.get(lead.state)
            conclude = self.deadline(lead, Stage.CONCLUDE, accepted_on, ended)
            extra += self.extend(planned, conclude)
            if not lead.anonymous:
                extra += self.notify(planned, accepted_on)
        lead.due_on = None
        if lead.state in OPEN_STATES:
            lead.due_on = min(d.due_on for d in (decide, conclude) if d and d.met_at is None)
            extra += self.remind(planned, conclude or decide)
        if lead.concluded_at and not lead.anonymous:
            extra.append(self.event(lead, EVENT.NOTIFIED, lead.concluded_at, minutes=90,
                                    internal=lv.NOTIFIED_CONCLUDED, actor=lead.handler))  # fmt: skip
        if lead.state == LeadState.MERGED:
            self.merges.append((lead, planned.target.lead))
            note = lv.MERGED_INTO_NOTE.format(receipt=lead.receipt_number)
            extra.append(self.event(planned.target.lead, EVENT.DUPLICATE, times[lead.state],
                                    minutes=1, internal=note, actor=planned.desk))  # fmt: skip
        extra += self.reward(planned)
        extra += self.link(planned)
        return [e for e in extra if e is not None]

    def deadline(self, lead, stage, start, met) -> LeadDeadline:
        due = self.calendar.add(start, self.limits[stage].working_days)
        item = LeadDeadline(lead=lead, stage=stage, started_on=start, due_on=due, met_at=met)
        self.deadlines.append(item)
        return item

    def event(self, lead, kind, after, *, minutes=0, internal="", public="", actor=None):
        """An event `minutes` after `after`, or None when that is not before today."""
        when = after + datetime.timedelta(minutes=minutes)
        if timezone.localdate(when) >= self.today:
            return None
        return LeadEvent(lead=lead, kind=kind, public=bool(public), public_text=public,
                         internal_text=internal, actor=actor, created_at=when)  # fmt: skip

    def office_of(self, planned):
        return self.by_authority.get(planned.lead.office_id) if planned.lead.office else None

    def supervisor(self, planned):
        office = self.office_of(planned)
        return office.supervisor if office else planned.desk

    def extend(self, planned, deadline) -> list:
        """The one extension of the conclude stage, asked a few days before it fell due."""
        rng, extension = self.rng, self.limits[Stage.CONCLUDE].extension_days
        if not extension:
            return []
        if deadline.met_at is not None:
            wanted = timezone.localdate(deadline.met_at) > deadline.due_on
            wanted = wanted and rng.random() < EXTEND_LATE
        else:
            near = self.calendar.back(deadline.due_on, 10) <= self.today
            wanted = near and rng.random() < EXTEND_OPEN
        if not wanted:
            return []
        day = self.calendar.back(deadline.due_on, rng.randint(2, 8))
        when = aware(day, rng.randint(9, 17), rng.randrange(60))
        if day <= deadline.started_on or (deadline.met_at and when >= deadline.met_at):
            return []
        supervisor = self.supervisor(planned)
        reason = rng.choice(lv.EXTENSION_REASONS)
        deadline.due_on = self.calendar.add(deadline.due_on, extension)
        deadline.extended_days, deadline.extension_reason = extension, reason
        deadline.extended_by = supervisor
        note = lv.EXTENSION_NOTE.format(due=f"{deadline.due_on:%Y-%m-%d}", reason=reason)
        return [self.event(planned.lead, EVENT.DEADLINE, when, internal=note, actor=supervisor)]

    def notify(self, planned, accepted_on) -> list:
        """A named reporter is told of the acceptance (告知), mostly within 5 working days."""
        rng, lead = self.rng, planned.lead
        deadline = self.deadline(lead, Stage.NOTIFY, accepted_on, None)
        days = self.limits[Stage.NOTIFY].working_days
        if rng.random() < NOTIFY_LATE:
            day = self.calendar.add(accepted_on, days + rng.randint(1, 3))
        else:
            day = self.calendar.add(accepted_on, rng.randint(1, max(days - 1, 1)))
        when = aware(day, rng.randint(9, 17), rng.randrange(60))
        actor = lead.handler or planned.desk
        event = self.event(lead, EVENT.NOTIFIED, when, internal=lv.NOTIFIED_ACCEPTED, actor=actor)
        if event is not None:
            deadline.met_at = when
        return [event]

    def remind(self, planned, deadline) -> list:
        """The daily reminder's latest run, for a lead overdue or due soon."""
        lead = planned.lead
        day = self.calendar.back(self.today, 1)
        soon = self.calendar.add(self.today, self.limits[deadline.stage].due_soon_days)
        if deadline.due_on < self.today:
            text = lv.REMINDER_OVERDUE
        elif deadline.due_on <= soon:
            text = lv.REMINDER_DUE_SOON
        else:
            return []
        when = aware(day, 8, 30)
        if when <= lead.submitted_at:
            return []
        note = text.format(stage=Stage(deadline.stage).label, due=chinese_date(deadline.due_on))
        return [self.event(lead, EVENT.REMINDER, when, internal=note)]

    def reward(self, planned) -> list:
        """有奖举报 concluded as substantiated: proposed, approved by a second person, paid."""
        rng, lead = self.rng, planned.lead
        if not (lead.kind == LeadKind.REWARD and planned.reward_amount and lead.concluded_at):
            return []
        proposer = self.supervisor(planned)
        city = self.offices.get(planned.area.city_code if planned.area else "")
        approver = payer = city.approver if city else None
        if proposer is None or approver is None or approver == proposer:
            return []
        amount = Decimal(planned.reward_amount)
        after = lambda when, low, high: aware(  # noqa: E731
            self.calendar.add(timezone.localdate(when), rng.randint(low, high)),
            rng.randint(9, 17),
            rng.randrange(60),
        )
        proposed = after(lead.concluded_at, 1, 3)
        decided, paid = after(proposed, 1, 4), None
        status = LeadReward.Status.PROPOSED
        if lead.state in (LeadState.REPLIED, LeadState.CLOSED):
            status = LeadReward.Status.APPROVED
            if rng.random() < REWARD_REJECTED:
                status = LeadReward.Status.REJECTED
            elif lead.state == LeadState.CLOSED and rng.random() < REWARD_PAID:
                status, paid = LeadReward.Status.PAID, after(decided, 3, 10)
        if timezone.localdate(proposed) >= self.today:
            return []
        if paid and timezone.localdate(paid) >= self.today:
            status, paid = LeadReward.Status.APPROVED, None
        if status != LeadReward.Status.PROPOSED and timezone.localdate(decided) >= self.today:
            status = LeadReward.Status.PROPOSED
        reward = LeadReward(lead=lead, status=status, amount=amount,
                            basis=rng.choice(lv.REWARD_BASIS), proposed_by=proposer,
                            proposed_at=proposed)  # fmt: skip
        events = [self.event(lead, EVENT.REWARD, proposed, actor=proposer,
                             internal=lv.REWARD_PROPOSED_NOTE.format(amount=amount,
                                                                     basis=reward.basis))]  # fmt: skip
        if status != LeadReward.Status.PROPOSED:
            reward.decided_by, reward.decided_at = approver, decided
            if status == LeadReward.Status.REJECTED:
                reward.decision_note = lv.REWARD_REJECTED_NOTE
                public = lv.REWARD_REJECTED_TEXT
            else:
                reward.decision_note = "同意。"
                public = lv.REWARD_APPROVED_TEXT.format(amount=planned.reward_amount)
            events.append(self.event(lead, EVENT.REWARD, decided, public=public,
                                     internal=reward.decision_note, actor=approver))  # fmt: skip
        if paid:
            reward.paid_by, reward.paid_at = payer, paid
            reward.payment_reference = f"{lv.PAYMENT_PREFIX}{paid:%Y%m%d}{lead.receipt_number[-5:]}"
            events.append(self.event(lead, EVENT.REWARD, paid, public=lv.REWARD_PAID_TEXT,
                                     internal=reward.payment_reference, actor=payer))  # fmt: skip
        self.rewards.append(reward)
        return events

    def desk_supervisor(self, planned):
        area = planned.area.city_code if planned.area else ""
        office = self.offices.get(area)
        return office.supervisor if office else None

    def link(self, planned) -> list:
        """A substantiated lead about a listed party: the penalty decided after it came in."""
        lead = planned.lead
        if planned.outcome_code != LeadOutcome.SUBSTANTIATED or not lead.concluded_at:
            return []
        if lead.facility is None:
            return []
        submitted_on = timezone.localdate(lead.submitted_at)
        found = next(
            (p for p in self.penalties().get(lead.facility.pk, ()) if p[0] >= submitted_on), None
        )
        if found is None:
            return []
        lead.penalty_id = found[1]
        note = lv.PENALTY_LINK_NOTE.format(number=found[2])
        return [self.event(lead, EVENT.LINK, lead.concluded_at, minutes=5, internal=note,
                           actor=lead.handler)]  # fmt: skip

    def penalties(self) -> dict:
        """{facility pk: [(decision date, pk, document number)]} of the planned leads' parties,
        in date order; read once, in chunks (SQLite's limit on query parameters)."""
        if self._penalties is None:
            ids = sorted({p.lead.facility.pk for p in self.factory.planned if p.lead.facility})
            found = {}
            for i in range(0, len(ids), 500):
                rows = PenaltyRecord.objects.filter(facility_id__in=ids[i : i + 500]).values_list(
                    "facility_id", "decision_date", "pk", "document_number"
                )
                for facility, *row in rows:
                    found.setdefault(facility, []).append(tuple(row))
            self._penalties = {k: sorted(v) for k, v in found.items()}
        return self._penalties
