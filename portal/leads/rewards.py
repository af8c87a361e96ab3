"""Rewards for substantiated 有奖举报 (DOMAIN.md §5, modelled on 医保办发〔2022〕22号).

Three steps, each by a person holding its own permission: `propose` an amount within
¥200–¥200,000 with its basis, `decide` (approve or reject; never by the proposer: the
second person of "two-person review"), `pay` (record the payment and its reference).
Each step runs in one transaction, writes a timeline event (kind REWARD) and an audit log
entry "portal.lead.reward_<step>"; a refused step raises `TransitionError` with a message
and changes nothing. The reporter sees the decision and the payment at /track/ (the
amount, never staff names); the proposal stays internal.
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from ..models import (
    REWARD_MAXIMUM,
    REWARD_MINIMUM,
    SUBSTANTIATED_OUTCOMES,
    Lead,
    LeadEvent,
    LeadKind,
    LeadReward,
    LeadState,
)
from . import access
from .errors import TransitionError

PROPOSE = "portal.propose_reward"
APPROVE = "portal.approve_reward"
PAY = "portal.pay_reward"
AUDIT_PREFIX = "portal.lead.reward_"
# States a lead is in once concluded (it may have been replied to and closed since).
CONCLUDED_STATES = (LeadState.CONCLUDED, LeadState.REPLIED, LeadState.CLOSED)
CENT = Decimal("0.01")
REFERENCE_MAX_LENGTH = LeadReward._meta.get_field("payment_reference").max_length

LOG_ACTIONS = {
    "propose": gettext_lazy("提出举报奖励"),
    "approve": gettext_lazy("批准举报奖励"),
    "reject": gettext_lazy("不予举报奖励"),
    "pay": gettext_lazy("登记奖励发放"),
}


def register_reward_log_actions(actions):
    """Labels of the reward, duplicate and link audit entries (the `register_log_actions`
    hook in portal/wagtail_hooks.py calls this)."""
    from .duplicates import DISMISS_ACTION, LINK_ACTION, UNLINK_ACTION

    for step, label in LOG_ACTIONS.items():
        actions.register_action(AUDIT_PREFIX + step, label, label)
    for action, label in (
        (DISMISS_ACTION, gettext_lazy("排除重复线索")),
        (LINK_ACTION, gettext_lazy("关联处罚或检查")),
        (UNLINK_ACTION, gettext_lazy("取消关联处罚或检查")),
    ):
        actions.register_action(action, label, label)


def format_amount(amount) -> str:
    """¥1,000 for whole yuan, ¥1,234.50 otherwise."""
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        return f"¥{int(amount):,}"
    return f"¥{amount:,.2f}"


def parse_amount(value) -> Decimal:
    """A yuan amount from a Decimal, an int or a string ("1000", "1,000.5"); floats are
    refused (binary rounding). Raises TransitionError with the reason."""
    if isinstance(value, bool) or isinstance(value, float):
        raise TransitionError(_("请填写有效的奖励金额。"))
    try:
        amount = Decimal(str(value).strip().replace(",", "").replace("，", ""))
    except (InvalidOperation, ValueError):
        raise TransitionError(_("请填写有效的奖励金额。")) from None
    if not amount.is_finite():
        raise TransitionError(_("请填写有效的奖励金额。"))
    if not REWARD_MINIMUM <= amount <= REWARD_MAXIMUM:
        raise TransitionError(
            _("奖励金额须在 %(low)s 至 %(high)s 之间。")
            % {"low": format_amount(REWARD_MINIMUM), "high": format_amount(REWARD_MAXIMUM)}
        )
    cents = amount.quantize(CENT)
    if cents != amount:
        raise TransitionError(_("奖励金额最多保留两位小数。"))
    return cents


def can_propose(user, lead) -> bool:
    return (
        _may(user, lead, PROPOSE)
        and is_eligible(lead)
        and _status(lead)
        in (
            None,
            LeadReward.Status.PROPOSED,
            LeadReward.Status.REJECTED,
        )
    )


def can_decide(user, lead) -> bool:
    reward = _reward(lead)
    return (
        _may(user, lead, APPROVE)
        and reward is not None
        and reward.status == LeadReward.Status.PROPOSED
        and reward.proposed_by_id != user.pk
    )


def can_pay(user, lead) -> bool:
    return _may(user, lead, PAY) and _status(lead) == LeadReward.Status.APPROVED


def is_eligible(lead) -> bool:
    """A 有奖举报 whose reporter accepted the reward rules, concluded as substantiated."""
    return (
        lead.kind == LeadKind.REWARD
        and lead.reward_consent
        and lead.state in CONCLUDED_STATES
        and lead.outcome in SUBSTANTIATED_OUTCOMES
    )


def propose(user, lead, amount, basis) -> LeadReward:
    """Propose (or revise a pending or rejected proposal): amount in yuan and its basis."""
    _check(user, lead, PROPOSE, _("提出奖励"))
    amount = parse_amount(amount)
    basis = (basis or "").strip()
    if not basis:
        raise TransitionError(_("请填写：%(field)s。") % {"field": _("奖励依据")})
    with transaction.atomic():
        current = _lock(lead)
        if not is_eligible(current):
            raise TransitionError(_not_eligible_message(current))
        reward = LeadReward.objects.select_for_update().filter(lead=current).first()
        if reward and reward.status in (LeadReward.Status.APPROVED, LeadReward.Status.PAID):
            raise TransitionError(
                _("该线索的奖励已“%(status)s”，不能再提出。")
                % {"status": reward.get_status_display()}
            )
        reward = reward or LeadReward(lead=current)
        reward.status = LeadReward.Status.PROPOSED
        reward.amount, reward.basis = amount, basis
        reward.proposed_by, reward.proposed_at = user, timezone.now()
        reward.decided_by = reward.decided_at = None
        reward.decision_note = ""
        reward.save()
        internal = _("提出奖励 %(amount)s。依据：%(basis)s") % {
            "amount": format_amount(amount),
            "basis": basis,
        }
        _record(current, user, "propose", internal, data={"amount": str(amount)})
    return reward


def decide(user, lead, approve: bool, note="") -> LeadReward:
    """Approve or reject the pending proposal. A rejection needs a note, which the reporter
    reads as the reason; an approval's note stays internal."""
    _check(user, lead, APPROVE, _("审批奖励"))
    note = (note or "").strip()
    if not approve and not note:
        raise TransitionError(_("不予奖励须填写理由。"))
    with transaction.atomic():
        current = _lock(lead)
        reward = LeadReward.objects.select_for_update().filter(lead=current).first()
        if reward is None or reward.status != LeadReward.Status.PROPOSED:
            raise TransitionError(_("该线索没有待审批的奖励。"))
        if reward.proposed_by_id == user.pk:
            raise TransitionError(_("奖励须由提出人以外的人员审批。"))
        reward.status = LeadReward.Status.APPROVED if approve else LeadReward.Status.REJECTED
        reward.decided_by, reward.decided_at = user, timezone.now()
        reward.decision_note = note
        reward.save()
        amount = format_amount(reward.amount)
        if approve:
            public = _("经审核，决定给予奖励 %(amount)s。") % {"amount": amount}
            internal = _("批准奖励 %(amount)s。") % {"amount": amount}
        else:
            public = _("经审核，决定不予奖励。理由：%(reason)s") % {"reason": note}
            internal = _("不予奖励（提出金额 %(amount)s）。") % {"amount": amount}
        if note:
            internal += "\n" + note
        step = "approve" if approve else "reject"
        _record(current, user, step, internal, public, data={"amount": str(reward.amount)})
    return reward


def pay(user, lead, reference) -> LeadReward:
    """Record the payment of an approved reward (the bank or voucher reference)."""
    _check(user, lead, PAY, _("登记奖励发放"))
    reference = (reference or "").strip()
    if not reference:
        raise TransitionError(_("请填写：%(field)s。") % {"field": _("发放凭证号")})
    if len(reference) > REFERENCE_MAX_LENGTH:
        raise TransitionError(_("发放凭证号不能超过 %(n)d 个字符。") % {"n": REFERENCE_MAX_LENGTH})
    with transaction.atomic():
        current = _lock(lead)
        reward = LeadReward.objects.select_for_update().filter(lead=current).first()
        if reward is None or reward.status != LeadReward.Status.APPROVED:
            raise TransitionError(_("只能登记已批准奖励的发放。"))
        reward.status = LeadReward.Status.PAID
        reward.paid_by, reward.paid_at = user, timezone.now()
        reward.payment_reference = reference
        reward.save()
        amount = format_amount(reward.amount)
        public = _("奖励 %(amount)s 已发放。") % {"amount": amount}
        internal = _("奖励 %(amount)s 已发放，凭证号：%(reference)s") % {
            "amount": amount,
            "reference": reference,
        }
        _record(current, user, "pay", internal, public, data={"reference": reference})
    return reward


# --- Helpers ----------------------------------------------------------------------------


def _reward(lead):
    try:
        return lead.reward
    except LeadReward.DoesNotExist:
        return None


def _status(lead):
    reward = _reward(lead)
    return reward.status if reward else None


def _may(user, lead, permission) -> bool:
    return bool(
        user and user.is_active and user.has_perm(permission) and access.can_view_lead(user, lead)
    )


def _check(user, lead, permission, label):
    if not access.can_view_lead(user, lead):
        raise TransitionError(_("您无权办理这条线索。"))
    if not user.has_perm(permission):
        raise TransitionError(_("您没有“%(action)s”的权限。") % {"action": label})


def _lock(lead) -> Lead:
    return Lead.objects.select_for_update().get(pk=lead.pk)


def _not_eligible_message(lead) -> str:
    if lead.kind != LeadKind.REWARD:
        return _("只有“有奖举报”可以给予奖励。")
    if not lead.reward_consent:
        return _("举报人未同意奖励规则，不能给予奖励。")
    if lead.state not in CONCLUDED_STATES:
        return _("线索办结后才能提出奖励。")
    return _("只有查实或部分查实的举报可以给予奖励。")


def _record(lead, user, step, internal, public="", data=None):
    event = LeadEvent.objects.create(
        lead=lead,
        kind=LeadEvent.Kind.REWARD,
        public=bool(public),
        public_text=public,
        internal_text=internal,
        actor=user,
    )
    log(
        instance=lead,
        action=AUDIT_PREFIX + step,
        user=user,
        data={**(data or {}), "event": event.pk},
    )
    return event
