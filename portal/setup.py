"""Reference data and roles every installation needs; idempotent, run after `migrate`."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .publicity import DEFAULT_PENALTY_TYPES, DEFAULT_POLICIES

DATA_ENTRY = "录入员"
REVIEWER = "审核员"
ADMINISTRATOR = "管理员"
LEAD_HANDLER = "线索办理员"
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
    """Lead categories and evidence types, and the two lead roles: handlers see leads and
    their evidence with the reporter masked; custodians may also reveal the identity."""
    from .intake.defaults import ensure_lead_defaults
    from .models import EvidenceFileType, Lead, LeadCategory

    ensure_lead_defaults()
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    handler, _ = Group.objects.get_or_create(name=LEAD_HANDLER)
    custodian, _ = Group.objects.get_or_create(name=IDENTITY_CUSTODIAN)
    administrator = Group.objects.get(name=ADMINISTRATOR)
    handler.permissions.add(admin_access, *_perms(Lead, ["view", "change"]))
    reveal = Permission.objects.get(
        content_type__app_label="portal", codename="view_reporter_identity"
    )
    custodian.permissions.add(admin_access, reveal, *_perms(Lead, ["view", "change"]))
    administrator.permissions.add(
        *_perms(Lead, ["view", "change"]),
        *_perms(LeadCategory, ["add", "change", "delete", "view"]),
        *_perms(EvidenceFileType, ["add", "change", "delete", "view"]),
    )
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
