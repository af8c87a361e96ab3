"""Reference data and roles every installation needs; idempotent, run after `migrate`."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .publicity import DEFAULT_PENALTY_TYPES, DEFAULT_POLICIES

DATA_ENTRY = "录入员"
REVIEWER = "审核员"
ADMINISTRATOR = "管理员"
LEAD_HANDLER = "线索办理员"
LEAD_SUPERVISOR = "线索负责人"
REWARD_APPROVER = "奖励审批人"
IDENTITY_CUSTODIAN = "举报人信息保管员"
LEGAL_REVIEW_WORKFLOW = "法制审核"


def record_models():
    from .models import RECORD_MODELS

    return list(RECORD_MODELS.values())


def ensure_defaults(sender=None, using="default", verbosity=1, **kwargs):
    with transaction.atomic(using=using):
        ensure_regions()
        ensure_policies()
        ensure_groups()
        ensure_workflow()
        ensure_schedules()
        ensure_lead_setup()


def ensure_regions():
    from .regions import load_regions

    load_regions()


def ensure_policies():
    from .models import PenaltyType, PublicityPolicy

    for key, (published, low, high) in DEFAULT_POLICIES.items():
        if not PublicityPolicy.objects.filter(key=key).exists():
            PublicityPolicy.objects.bulk_create(
                [PublicityPolicy(key=key, published=published, min_months=low, max_months=high)]
            )
    existing = set(PenaltyType.objects.values_list("name", flat=True))
    PenaltyType.objects.bulk_create(
        [
            PenaltyType(name=name, tier=tier, aliases=aliases, sort_order=i)
            for i, (name, tier, aliases) in enumerate(DEFAULT_PENALTY_TYPES)
            if name not in existing
        ]
    )


def _perms(model, actions):
    ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
    codenames = [f"{a}_{model._meta.model_name}" for a in actions]
    return list(Permission.objects.filter(content_type=ct, codename__in=codenames))


def ensure_groups():
    from .models import (
        Authority,
        CalendarAdjustment,
        Facility,
        PenaltyType,
        PublicityPolicy,
        Region,
    )

    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    entry, _ = Group.objects.get_or_create(name=DATA_ENTRY)
    reviewer, _ = Group.objects.get_or_create(name=REVIEWER)
    administrator, _ = Group.objects.get_or_create(name=ADMINISTRATOR)

    entry_perms = [admin_access]
    reviewer_perms = [admin_access]
    admin_perms = [admin_access]
    for model in record_models():
        entry_perms += _perms(model, ["add", "change", "view"])
        reviewer_perms += _perms(model, ["add", "change", "view", "publish", "lock", "unlock"])
        admin_perms += _perms(
            model, ["add", "change", "delete", "view", "publish", "lock", "unlock"]
        )
    for model in (Facility, Authority):
        entry_perms += _perms(model, ["add", "change", "view"])
        reviewer_perms += _perms(model, ["add", "change", "view"])
        admin_perms += _perms(model, ["add", "change", "delete", "view"])
    for model in (Region, PublicityPolicy, PenaltyType, CalendarAdjustment):
        reviewer_perms += _perms(model, ["view"])
        admin_perms += _perms(model, ["add", "change", "delete", "view"])
    entry.permissions.add(*entry_perms)
    reviewer.permissions.add(*reviewer_perms)
    administrator.permissions.add(*admin_perms)


def ensure_workflow():
    """One "法制审核" workflow: a reviewer must approve before a record is published."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowContentType, WorkflowTask

    reviewer = Group.objects.get(name=REVIEWER)
    administrator = Group.objects.get(name=ADMINISTRATOR)
    workflow, _ = Workflow.objects.get_or_create(name=LEGAL_REVIEW_WORKFLOW)
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task, _ = GroupApprovalTask.objects.get_or_create(name=LEGAL_REVIEW_WORKFLOW)
        task.groups.set([reviewer, administrator])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for model in record_models():
        ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
        WorkflowContentType.objects.get_or_create(content_type=ct, defaults={"workflow": workflow})


def ensure_lead_setup():
    """Lead categories, evidence types, time limits, risk factors, the lead roles and the
    lead schedules (docs/leads.md).

    Roles: 线索办理员 handle leads; 线索负责人 also dispatch (交办, 转办, 移送, extend) and
    propose rewards; 奖励审批人 approve and pay rewards; 举报人信息保管员 may reveal a
    reporter's identity (with a reason, logged); 管理员 may do everything but reveal, and
    edits the time limits, risk weights and staff offices. Which leads a person sees is
    decided by their office (StaffOffice, portal/leads/access.py), not by the role.
    """
    from .intake.defaults import ensure_lead_defaults
    from .leads.deadlines import ensure_time_limits
    from .leads.risk import ensure_risk_factors
    from .models import (
        EvidenceFileType,
        FacilityRisk,
        Lead,
        LeadCategory,
        LeadReward,
        LeadTimeLimit,
        RiskFactor,
        StaffOffice,
    )

    ensure_lead_defaults()
    ensure_time_limits()
    ensure_risk_factors()
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )

    def lead_perms(*codenames):
        return list(
            Permission.objects.filter(content_type__app_label="portal", codename__in=codenames)
        )

    handler, _ = Group.objects.get_or_create(name=LEAD_HANDLER)
    supervisor, _ = Group.objects.get_or_create(name=LEAD_SUPERVISOR)
    approver, _ = Group.objects.get_or_create(name=REWARD_APPROVER)
    custodian, _ = Group.objects.get_or_create(name=IDENTITY_CUSTODIAN)
    administrator = Group.objects.get(name=ADMINISTRATOR)
    view_leads = _perms(Lead, ["view", "change"])
    handler.permissions.add(admin_access, *view_leads, *lead_perms("handle_lead"))
    supervisor.permissions.add(
        admin_access,
        *view_leads,
        *lead_perms("handle_lead", "dispatch_lead", "propose_reward"),
        *_perms(FacilityRisk, ["view"]),
        *_perms(LeadReward, ["view"]),
    )
    approver.permissions.add(
        admin_access,
        *view_leads,
        *lead_perms("approve_reward", "pay_reward"),
        *_perms(LeadReward, ["view"]),
    )
    custodian.permissions.add(admin_access, *view_leads, *lead_perms("view_reporter_identity"))
    administrator.permissions.add(
        *view_leads,
        *lead_perms(
            "handle_lead",
            "dispatch_lead",
            "propose_reward",
            "approve_reward",
            "pay_reward",
            "view_all_leads",
        ),  # fmt: skip
        *_perms(LeadCategory, ["add", "change", "delete", "view"]),
        *_perms(EvidenceFileType, ["add", "change", "delete", "view"]),
        *_perms(LeadTimeLimit, ["add", "change", "view"]),
        *_perms(RiskFactor, ["add", "change", "delete", "view"]),
        *_perms(StaffOffice, ["add", "change", "delete", "view"]),
        *_perms(FacilityRisk, ["view"]),
        *_perms(LeadReward, ["view"]),
    )
    ensure_lead_schedules()


def ensure_lead_schedules():
    from django_q.models import Schedule

    Schedule.objects.get_or_create(
        name="intake_purge_pending",
        defaults={"func": "portal.intake.pending.purge_stale", "schedule_type": Schedule.HOURLY},
    )
    Schedule.objects.get_or_create(
        name="intake_followups",
        defaults={
            "func": "portal.intake.tasks.requeue_pending",
            "schedule_type": Schedule.MINUTES,
            "minutes": 5,
        },
    )
    # Daily, early in the working day: staff reminders and reporter notices; then the
    # facility risk scores.
    Schedule.objects.get_or_create(
        name="lead_reminders",
        defaults={
            "func": "portal.leads.reminders.run_daily",
            "schedule_type": Schedule.DAILY,
            "next_run": _next_local(datetime.time(7, 30)),
        },
    )
    Schedule.objects.get_or_create(
        name="facility_risk",
        defaults={
            "func": "portal.leads.risk.recompute_all",
            "schedule_type": Schedule.DAILY,
            "next_run": _next_local(datetime.time(2, 0)),
        },
    )


def _next_local(at):
    """The next time the local clock shows `at`."""
    from django.utils import timezone

    now = timezone.localtime()
    run = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    return run if run > now else run + datetime.timedelta(days=1)


def ensure_schedules():
    """django-q2 schedules: scheduled publishing, and the search sweep (issue 4)."""
    from django_q.models import Schedule

    Schedule.objects.get_or_create(
        name="publish_scheduled",
        defaults={
            "func": "django.core.management.call_command",
            "args": "'publish_scheduled'",
            "schedule_type": Schedule.MINUTES,
            "minutes": 1,
        },
    )
