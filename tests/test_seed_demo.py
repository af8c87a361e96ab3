"""`manage.py seed_demo`: deterministic, valid and varied demo data."""

import datetime
import io
import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from portal.credit_code import is_valid_uscc
from portal.crypto import blind_index
from portal.demo.generate import DEMO_PASSWORD
from portal.id_number import is_valid_id_number, mask_id_number
from portal.intake.masking import mask_name, mask_phone
from portal.intake.receipts import check_query_code
from portal.models import (
    RECORD_MODELS,
    Authority,
    BlacklistEntry,
    Facility,
    InspectionResult,
    Lead,
    LeadEvent,
    LeadKind,
    LeadState,
    LicenceRecord,
    PartyType,
    PenaltyRecord,
    PracticeScore,
    Region,
    Tier,
)
from portal.publicity import apply_publicity, load_rules, split_categories
from portal.setup import DATA_ENTRY, IDENTITY_CUSTODIAN, LEAD_HANDLER, REVIEWER
from portal.workdays import latest_start_overdue

TODAY = datetime.date(2026, 3, 16)
# Tests run with DEBUG = False, where the command refuses to run without force.
SMALL = {"facilities": 40, "records": 300, "seed": "7", "today": TODAY, "force": True}


def seed(**options):
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **{**SMALL, **options})
    return out.getvalue()


def snapshot():
    facilities = sorted(
        Facility.objects.values_list(
            "name", "uscc", "party_type", "address", "licence_number", "id_number_digest"
        )
    )
    records = {
        kind: sorted(
            model.objects.values_list(
                "record_key", "document_number", "party_name", "decision_date", "live"
            )
        )
        for kind, model in RECORD_MODELS.items()
    }
    return facilities, records


def counts():
    User = get_user_model()
    return (
        Facility.objects.count(),
        Authority.objects.count(),
        User.objects.count(),
        {kind: model.objects.count() for kind, model in RECORD_MODELS.items()},
    )


def all_records():
    for model in RECORD_MODELS.values():
        yield from model.objects.all()


@pytest.fixture
def seeded(db):
    return seed()


@pytest.mark.django_db
def test_same_seed_and_day_give_the_same_data():
    seed()
    first = snapshot()
    seed(reset=True)
    assert snapshot() == first
    seed(reset=True, seed="8")
    assert snapshot()[0] != first[0]


def test_counts_follow_the_requested_sizes(seeded):
    assert Facility.objects.count() == 40
    counts = {kind: model.objects.count() for kind, model in RECORD_MODELS.items()}
    assert sum(counts.values()) == 300
    assert counts["licence"] == 75 and counts["blacklist"] == 15
    assert counts["inspection"] == 60 and counts["practice_score"] == 15
    assert counts["penalty"] == 135
    assert "今日公开" in seeded


def test_every_credit_code_is_valid(seeded):
    codes = [f.uscc for f in Facility.objects.exclude(uscc=None)]
    assert codes and all(is_valid_uscc(code) for code in codes)
    assert {code[:2] for code in codes} == {"12", "52", "91", "92"}
    authorities = list(Authority.objects.all())
    assert all(is_valid_uscc(a.uscc) and a.uscc.startswith("11") for a in authorities)
    assert {a.kind for a in authorities} >= {
        "health_commission",
        "health_supervision",
        "market_regulation",
        "medical_insurance",
        "public_security",
        "tcm",
        "drug_administration",
        "cyberspace",
    }
    # Facilities sit in real districts and their codes carry the district's division code.
    for facility in Facility.objects.exclude(uscc=None).select_related("region"):
        assert facility.uscc[2:8] == facility.region.code


def test_natural_persons_have_valid_encrypted_id_numbers(seeded):
    persons = list(Facility.objects.filter(party_type=PartyType.NATURAL_PERSON))
    assert persons
    for person in persons:
        assert person.uscc is None
        assert is_valid_id_number(person.id_number)
        assert person.id_number_masked == mask_id_number(person.id_number)
        assert person.id_number_digest == blind_index(person.id_number)
    plain = {p.pk: p.id_number for p in persons}
    table = connection.ops.quote_name(Facility._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, id_number FROM {table} WHERE party_type = %s",
            [PartyType.NATURAL_PERSON],
        )
        rows = cursor.fetchall()
    assert len(rows) == len(persons)
    for pk, raw in rows:
        assert raw.startswith("fernet:")
        assert plain[pk] not in raw


def test_records_are_public_or_not_for_every_reason(seeded):
    public = {
        (kind, pk)
        for kind, model in RECORD_MODELS.items()
        for pk in model.objects.public(TODAY).values_list("pk", flat=True)
    }
    for kind, model in RECORD_MODELS.items():
        assert model.objects.public(TODAY).exists(), kind

    def not_public(kind, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        assert pks, f"no {kind} record of this sort"
        assert not any((kind, pk) in public for pk in pks)

    not_public("penalty", PenaltyRecord.objects.filter(live=False))  # drafts
    not_public(
        "penalty",
        PenaltyRecord.objects.filter(live=True, publishable=True, publicity_ends_on__lt=TODAY),
    )  # expired
    not_public("penalty", PenaltyRecord.objects.filter(tier=Tier.MINOR))  # not published
    not_public("penalty", PenaltyRecord.objects.exclude(withdrawn_at=None))
    not_public("penalty", PenaltyRecord.objects.exclude(repaired_at=None))
    not_public("licence", LicenceRecord.objects.exclude(withdrawn_at=None))
    not_public("licence", LicenceRecord.objects.filter(valid_to__lt=TODAY))
    # About nine records in ten are published.
    records = list(all_records())
    live = sum(r.live for r in records)
    assert 0.85 <= live / len(records) <= 0.95
    for record in records:
        if record.live:
            assert record.first_published_at and record.last_published_at
            assert not record.has_unpublished_changes
        else:
            assert record.has_unpublished_changes and record.first_published_at is None


def test_repaired_and_withdrawn_records_say_why(seeded):
    for record in PenaltyRecord.objects.exclude(repaired_at=None):
        assert record.repair_reason and record.repair_approved_by.username == "shenhe"
        assert record.repair_allowed_from <= record.repaired_at.date() <= TODAY
    for record in PenaltyRecord.objects.exclude(withdrawn_at=None):
        assert record.withdrawal_reason and record.live


def test_stored_publicity_is_what_the_rules_compute(seeded):
    rules = load_rules()
    blacklisted = set(BlacklistEntry.objects.public(TODAY).values_list("facility_id", flat=True))
    fields = ("tier", "publishable", "publicity_ends_on", "repair_allowed_from")
    for record in all_records():
        stored = tuple(getattr(record, f) for f in fields)
        apply_publicity(record, rules, blacklisted=record.facility_id in blacklisted)
        assert tuple(getattr(record, f) for f in fields) == stored, record.record_key
        assert record.decision_date <= TODAY
        assert record.decision_date > TODAY - datetime.timedelta(days=3 * 366)
        assert record.party_name == record.facility.name


def test_penalties_have_their_penalty_types(seeded):
    penalties = PenaltyRecord.objects.prefetch_related("penalty_types")
    for penalty in penalties:
        names = {t.name for t in penalty.penalty_types.all()}
        assert names and names == set(split_categories(penalty.penalty_categories))
        if penalty.fine_amount is not None:
            assert "罚款" in names
            assert f"罚款人民币{int(penalty.fine_amount * 10000)}元" in penalty.content
        assert penalty.legal_basis.startswith("《") and penalty.facts.endswith("规定。")


def test_document_numbers_are_unique_per_authority(seeded):
    for model in (PenaltyRecord, LicenceRecord, BlacklistEntry, PracticeScore):
        pairs = list(model.objects.values_list("authority_id", "document_number"))
        assert len(pairs) == len(set(pairs))
        for record in model.objects.select_related("authority"):
            assert record.record_key == f"{record.authority.uscc}|{record.document_number}"
            assert f"〔{record.decision_date.year}〕" in record.document_number
    for result in InspectionResult.objects.select_related("authority", "facility"):
        assert result.record_key == "|".join(
            (
                result.authority.uscc,
                result.plan_number,
                result.document_number,
                result.facility.uscc,
            )
        )
        assert result.result in InspectionResult.Result.values


def test_a_few_penalty_drafts_are_overdue(seeded):
    cutoff = latest_start_overdue(TODAY, 7)
    drafts = PenaltyRecord.objects.filter(live=False)
    overdue = drafts.filter(decision_date__lte=cutoff).count()
    assert 3 <= overdue < drafts.count()


def test_licences_blacklist_and_scores_look_right(seeded):
    statuses = Counter(LicenceRecord.objects.values_list("status", flat=True))
    assert statuses[LicenceRecord.Status.VALID] > 0
    assert set(statuses) <= set(LicenceRecord.Status.values)
    for licence in LicenceRecord.objects.exclude(valid_to=None):
        assert licence.valid_from <= licence.valid_to
    assert set(PracticeScore.objects.values_list("points", flat=True)) <= {1, 2, 4, 6, 12}
    for entry in BlacklistEntry.objects.all():
        assert entry.tier == Tier.SERIOUS
        assert not entry.removed_on or entry.removed_on <= TODAY


def test_fixed_parties_are_there(seeded):
    assert Facility.objects.filter(name="康宁口腔诊所").exists()


def test_demo_staff_can_log_in(seeded):
    User = get_user_model()
    entry, reviewer = User.objects.get(username="luru"), User.objects.get(username="shenhe")
    assert entry.groups.filter(name=DATA_ENTRY).exists()
    assert reviewer.groups.filter(name=REVIEWER).exists()
    assert entry.check_password(DEMO_PASSWORD) and reviewer.check_password(DEMO_PASSWORD)
    assert DEMO_PASSWORD in seeded


def test_running_again_without_reset_changes_nothing(seeded):
    before = snapshot()
    output = seed(seed="99")
    assert "跳过" in output
    assert snapshot() == before


@pytest.mark.django_db
def test_refuses_without_debug_or_force(settings):
    settings.DEBUG = False
    before = counts()
    out = io.StringIO()
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=out, **{**SMALL, "force": False})
    assert counts() == before
    assert not get_user_model().objects.filter(username__in=["luru", "shenhe"]).exists()
    assert out.getvalue() == ""


def test_reset_without_force_deletes_nothing(seeded, settings):
    settings.DEBUG = False
    before = snapshot()
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=io.StringIO(), reset=True, seed="8", today=TODAY)
    assert snapshot() == before


@pytest.mark.django_db
def test_runs_without_force_when_debug_is_on(settings):
    """`make seed` runs it with config.settings.dev (DEBUG on) and no --force."""
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out, facilities=10, records=50, seed="7", today=TODAY)
    assert Facility.objects.count() == 10
    assert "演示数据已生成" in out.getvalue()


# --- complaints and reports (线索, issue 5) ----------------------------------------------

RECEIPT = re.compile(r"^(TS|JB|JL|DM)(\d{8})(\d{5})$")
PREFIX = {"complaint": "TS", "violation": "JB", "reward": "JL", "nominate": "DM"}
CODE_LINE = re.compile(r"^\s+((?:TS|JB|JL|DM)\d{13})\s+([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})\s")


def lead_snapshot():
    return sorted(
        (
            lead.receipt_number,
            lead.kind,
            lead.state,
            lead.category.name,
            lead.subject,
            lead.description,
            lead.reporter_name,
            lead.reporter_id_number,
            lead.reporter_phone,
            lead.submitted_at,
            tuple(lead.events.values_list("kind", "state", "public_text", "created_at")),
        )
        for lead in Lead.objects.select_related("category", "facility")
    )


def known_codes(output: str) -> dict:
    return dict(m.groups() for line in output.splitlines() if (m := CODE_LINE.match(line)))


def test_leads_of_every_kind_and_state(seeded):
    leads = list(Lead.objects.select_related("category", "facility"))
    kinds = Counter(lead.kind for lead in leads)
    assert set(kinds) == set(LeadKind.values)
    assert min(kinds.values()) >= 3
    assert {lead.state for lead in leads} == set(LeadState.values)
    assert "投诉举报线索" in seeded and "已合并" in seeded
    assert any(lead.facility_id for lead in leads)
    assert any(not lead.facility_id and lead.facility_name for lead in leads)
    assert any(lead.anonymous for lead in leads) and any(not lead.anonymous for lead in leads)
    assert any(lead.suggested_authority_id for lead in leads)
    assert len({lead.category_id for lead in leads}) >= 5
    for lead in leads:
        assert 30 <= len(lead.description) <= 300, lead.description
        assert "{" not in lead.description and "}" not in lead.description
        assert lead.subject
        match = RECEIPT.match(lead.receipt_number)
        assert match and match[1] == PREFIX[lead.kind]
        assert match[2] == f"{timezone.localtime(lead.submitted_at):%Y%m%d}"
        assert TODAY - datetime.timedelta(days=200) <= lead.submitted_at.date() < TODAY
        assert not lead.occurred_on or lead.occurred_on <= lead.submitted_at.date()
        # The follow-up tasks have run: the schedule will not queue demo leads again.
        assert lead.followups_queued_at and lead.followups_done_at
    # Rewards are always named, with consent and a full identity.
    for lead in leads:
        if lead.kind == LeadKind.REWARD:
            assert not lead.anonymous and lead.reward_consent
            assert lead.reporter_name and lead.reporter_id_number and lead.reporter_phone


def test_lead_identities_are_encrypted_valid_and_masked(seeded):
    named = list(Lead.objects.filter(anonymous=False))
    assert named and any(lead.reporter_id_number for lead in named)
    for lead in Lead.objects.filter(anonymous=True):
        assert not (lead.reporter_name or lead.reporter_phone or lead.reporter_id_number)
    for lead in named:
        assert 2 <= len(lead.reporter_name) <= 4
        assert re.fullmatch(r"1[3-9]\d{9}", lead.reporter_phone)
        assert lead.reporter_phone_masked == mask_phone(lead.reporter_phone)
        assert lead.reporter_name_masked == mask_name(lead.reporter_name)
        if lead.reporter_email:
            assert lead.reporter_email.endswith("@example.com")
        if lead.reporter_id_number:
            number = lead.reporter_id_number
            assert is_valid_id_number(number)
            assert lead.reporter_id_masked == mask_id_number(number)
            born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
            assert 18 <= (TODAY - born).days // 365 <= 75
            assert Region.objects.filter(code=number[:6]).exists()
    plain = {lead.pk: lead for lead in named}
    fields = ("reporter_name", "reporter_id_number", "reporter_phone", "reporter_email",
              "reporter_address")  # fmt: skip
    table = connection.ops.quote_name(Lead._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {', '.join(fields)} FROM {table} WHERE anonymous = %s", [False])
        rows = cursor.fetchall()
    assert len(rows) == len(named)
    for pk, *raw in rows:
        for name, value in zip(fields, raw, strict=True):
            clear = getattr(plain[pk], name)
            if clear:
                assert value.startswith("fernet:") and clear not in value, name
            else:
                assert value == ""


def test_lead_timelines_follow_their_state(seeded):
    chain = ["accepted", "assigned", "investigating", "concluded", "replied", "closed"]
    receipts = set(Lead.objects.values_list("receipt_number", flat=True))
    for lead in Lead.objects.prefetch_related("events", "possible_duplicates"):
        events = list(lead.events.all())
        assert events[0].kind == LeadEvent.Kind.RECEIVED and events[0].public
        assert events[0].created_at == lead.submitted_at
        times = [e.created_at for e in events]
        assert times == sorted(times) and times[-1].date() < TODAY
        steps = [e.state for e in events if e.kind in (LeadEvent.Kind.STATE, LeadEvent.Kind.REPLY)]
        for event in events:
            assert not event.public or event.public_text
            assert event.public or event.internal_text
        if lead.state == LeadState.RECEIVED:
            assert steps == []
        elif lead.state in chain:
            assert steps == chain[: chain.index(lead.state) + 1]
        else:
            assert steps in ([lead.state], ["accepted", lead.state])
        last = [e for e in events if e.state == lead.state][-1]
        assert last.public and last.public_text
        if lead.state == LeadState.REPLIED:
            assert last.kind == LeadEvent.Kind.REPLY and last.public_text.startswith("您好")
        if lead.state == LeadState.TRANSFERRED:
            assert "移送" in last.public_text
        if lead.state == LeadState.MERGED:
            assert last.public_text.startswith("已并入")
            target = lead.possible_duplicates.get()
            assert target.receipt_number in last.public_text and target.receipt_number in receipts
            assert target.submitted_at < lead.submitted_at
        if not lead.anonymous:
            assert lead.acknowledged_at
    pairs = Lead.possible_duplicates.through.objects.select_related("from_lead", "to_lead")
    assert pairs.count() >= 2
    for pair in pairs:
        new, old = pair.from_lead, pair.to_lead
        assert (new.facility_id, new.facility_name) == (old.facility_id, old.facility_name)
        assert new.category_id == old.category_id and old.submitted_at < new.submitted_at


def test_known_demo_codes_open_their_leads(seeded):
    codes = known_codes(seeded)
    assert len(codes) == len(LeadState)
    leads = {lead.receipt_number: lead for lead in Lead.objects.filter(receipt_number__in=codes)}
    assert {lead.state for lead in leads.values()} == set(LeadState.values)
    assert {lead.kind for lead in leads.values()} == set(LeadKind.values)
    for receipt, code in codes.items():
        assert check_query_code(code, leads[receipt].query_code_hash)
        assert check_query_code(code.lower().replace("-", " "), leads[receipt].query_code_hash)
        assert not check_query_code("2222-3333-4444", leads[receipt].query_code_hash)


def test_demo_lead_staff_can_log_in(seeded):
    User = get_user_model()
    handler, custodian = User.objects.get(username="banli"), User.objects.get(username="baomi")
    assert handler.groups.filter(name=LEAD_HANDLER).exists()
    assert custodian.groups.filter(name=IDENTITY_CUSTODIAN).exists()
    assert handler.check_password(DEMO_PASSWORD) and custodian.check_password(DEMO_PASSWORD)
    assert not handler.has_perm("portal.view_reporter_identity")
    assert custodian.has_perm("portal.view_reporter_identity")
    assert LeadEvent.objects.filter(actor=handler).exists()


@pytest.mark.django_db
def test_same_seed_gives_the_same_leads_and_reset_replaces_them():
    first_output = seed()
    first = lead_snapshot()
    count = Lead.objects.count()
    assert count == len(first) >= 14
    again = seed(reset=True)
    assert Lead.objects.count() == count
    assert lead_snapshot() == first
    assert known_codes(again) == known_codes(first_output)
    other = seed(reset=True, seed="8")
    assert {row[0] for row in lead_snapshot()} != {row[0] for row in first}
    assert known_codes(other) != known_codes(first_output)


@pytest.mark.django_db
def test_lead_count_scales_with_the_parties():
    seed(facilities=300, records=100)
    assert 28 <= Lead.objects.count() <= 32
