"""DOMAIN.md §3: tiers, periods, boundary days, overrides, repair and withdrawal."""

import datetime

import pytest
from wagtail.models import ModelLogEntry

from portal.admin.actions import REPAIR_ACTION, WITHDRAW_ACTION, repair, withdraw
from portal.models import (
    BlacklistEntry,
    LicenceRecord,
    PenaltyRecord,
    PublicityPolicy,
    Tier,
)
from portal.publicity import can_repair

D = datetime.date
DECIDED = D(2025, 3, 5)


def public_on(record, day):
    return type(record).objects.public(day).filter(pk=record.pk).exists()


@pytest.mark.django_db
class TestPenaltyTiers:
    def test_warning_alone_is_minor_and_not_published_by_default(self, make_penalty):
        record = make_penalty(DECIDED, "警告")
        assert record.tier == Tier.MINOR
        assert not record.publishable
        assert not public_on(record, DECIDED)

    def test_minor_published_when_administrators_choose_so_for_at_most_3_months(self, make_penalty):
        PublicityPolicy.objects.filter(key="minor").update(published=True)
        record = make_penalty(DECIDED, "通报批评")
        assert record.publicity_ends_on == D(2025, 6, 4)
        assert public_on(record, D(2025, 6, 4))
        assert not public_on(record, D(2025, 6, 5))

    def test_fine_is_general_public_for_one_year_to_the_day(self, make_penalty):
        record = make_penalty(DECIDED, "警告;罚款")
        assert record.tier == Tier.GENERAL
        assert public_on(record, DECIDED)
        assert public_on(record, D(2026, 3, 4))  # last public day
        assert not public_on(record, D(2026, 3, 5))  # gone on the anniversary
        assert record.repair_allowed_from == D(2025, 6, 5)  # after the 3-month minimum

    def test_revocation_is_serious_three_years_longest_period_applies(self, make_penalty):
        record = make_penalty(DECIDED, "罚款;吊销许可证件")
        assert record.tier == Tier.SERIOUS
        assert public_on(record, D(2028, 3, 4))
        assert not public_on(record, D(2028, 3, 5))
        assert record.repair_allowed_from == D(2026, 3, 5)

    def test_aliases_map_to_their_penalty_type(self, make_penalty):
        record = make_penalty(DECIDED, "警告；责令停业")  # full-width separator, alias
        assert record.tier == Tier.SERIOUS
        assert {t.name for t in record.penalty_types.all()} == {"警告", "责令停产停业"}

    def test_explicit_publicity_end_date_wins(self, make_penalty):
        record = make_penalty(DECIDED, "罚款", publicity_until_override=D(2025, 9, 30))
        assert public_on(record, D(2025, 9, 30))
        assert not public_on(record, D(2025, 10, 1))

    def test_not_public_before_its_decision_date_or_as_draft(self, make_penalty):
        record = make_penalty(DECIDED, "罚款")
        assert not public_on(record, D(2025, 3, 4))
        draft = make_penalty(DECIDED, "罚款", live=False)
        assert not public_on(draft, D(2025, 4, 1))

    def test_blacklisted_party_makes_penalties_serious(self, make_penalty, facility, authority):
        record = make_penalty(D(2024, 1, 10), "罚款")
        assert record.tier == Tier.GENERAL
        BlacklistEntry.objects.create(
            record_key="bl-1",
            facility=facility,
            authority=authority,
            document_number="京朝卫失信〔2024〕1号",
            decision_date=D(2024, 2, 1),
            listing_reason="非法行医，情节严重",
        )
        record.refresh_from_db()
        assert record.tier == Tier.SERIOUS
        assert public_on(record, D(2026, 1, 9))

    def test_editing_the_policy_table_recomputes_records(
        self, make_penalty, django_capture_on_commit_callbacks
    ):
        record = make_penalty(DECIDED, "罚款")
        with django_capture_on_commit_callbacks(execute=True):
            policy = PublicityPolicy.objects.get(key="general")
            policy.max_months = 6
            policy.save()
        record.refresh_from_db()
        assert record.publicity_ends_on == D(2025, 9, 4)


@pytest.mark.django_db
class TestOtherKinds:
    def test_licence_public_while_valid(self, facility, authority):
        licence = LicenceRecord.objects.create(
            record_key="lic-1",
            facility=facility,
            authority=authority,
            document_number="京朝卫医许〔2024〕12号",
            decision_date=D(2024, 5, 1),
            document_name="医疗机构执业许可决定书",
            certificate_name="医疗机构执业许可证",
            content="准予执业登记",
            valid_from=D(2024, 5, 1),
            valid_to=D(2029, 4, 30),
        )
        assert public_on(licence, D(2029, 4, 30))
        assert not public_on(licence, D(2029, 5, 1))
        licence.status = LicenceRecord.Status.REVOKED
        licence.save()
        assert not public_on(licence, D(2025, 1, 1))

    def test_blacklist_entry_leaves_on_removal(self, facility, authority):
        entry = BlacklistEntry.objects.create(
            record_key="bl-2",
            facility=facility,
            authority=authority,
            document_number="京朝卫失信〔2025〕2号",
            decision_date=D(2025, 1, 1),
            listing_reason="出具虚假证明文件",
        )
        assert public_on(entry, D(2027, 12, 31))
        assert not public_on(entry, D(2028, 1, 1))
        entry.removed_on = D(2026, 6, 1)
        entry.save()
        assert public_on(entry, D(2026, 5, 31))
        assert not public_on(entry, D(2026, 6, 1))


@pytest.mark.django_db
class TestRepairAndWithdrawal:
    def test_withdrawal_removes_at_once_and_is_logged(self, make_penalty, admin_user):
        record = make_penalty(DECIDED, "罚款")
        withdraw(record, admin_user, "行政复议决定撤销原处罚决定")
        assert not public_on(record, D(2025, 4, 1))
        entry = ModelLogEntry.objects.get(action=WITHDRAW_ACTION, object_id=str(record.pk))
        assert entry.user == admin_user
        assert entry.data["reason"] == "行政复议决定撤销原处罚决定"

    def test_repair_only_after_the_minimum_period(self, make_penalty, admin_user):
        record = make_penalty(DECIDED, "罚款")
        assert not can_repair(record, today=D(2025, 6, 4))
        with pytest.raises(ValueError):
            repair(record, admin_user, "已整改到位", today=D(2025, 6, 4))
        assert can_repair(record, today=D(2025, 6, 5))
        repair(record, admin_user, "已整改到位，经审核同意信用修复", today=D(2025, 6, 5))
        record.refresh_from_db()
        assert record.repair_approved_by == admin_user
        assert not PenaltyRecord.objects.public(D(2025, 7, 1)).filter(pk=record.pk).exists()
        assert ModelLogEntry.objects.filter(action=REPAIR_ACTION, object_id=str(record.pk)).exists()
