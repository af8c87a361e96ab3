"""Roles and the two-person review of typical cases; idempotent, run after `migrate`.

- 宣传编辑 (communications editors): add and edit pages under the case index, upload and
  choose images and documents. No publish permission: a case goes live only through
- the "典型案例审核" workflow, whose one task (`CaseReviewTask`) is approved by a member of
  宣传审核 (approvers, who may also write, edit and unpublish, but not publish directly), never by its
  submitter.

The workflow and the page permissions are attached to every CaseIndexPage: existing ones
after each migrate, new ones when they are created (see `cms.apps`).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

COMMS_EDITOR = "宣传编辑"
COMMS_APPROVER = "宣传审核"
CASE_WORKFLOW = "典型案例审核"

EDITOR_PAGE_PERMISSIONS = ("add", "change")
# "publish" lets approvers unpublish (撤下) a case; publishing itself is refused to everyone
# but superusers outside an approval (cms.models.workflow.CaseReviewPermissionTester).
APPROVER_PAGE_PERMISSIONS = ("add", "change", "publish")
COLLECTION_PERMISSIONS = {
    "wagtailimages": ("add_image", "choose_image"),
    "wagtaildocs": ("add_document", "choose_document"),
}


def ensure_cms_defaults(sender=None, using="default", apps=None, **kwargs):
    if apps is not None:
        try:  # after migrating backwards, these tables may not exist
            apps.get_model("cms", "CaseReviewTask")
            apps.get_model("cms", "CaseIndexPage")
        except LookupError:
            return
    with transaction.atomic(using=using):
        ensure_case_review()


def ensure_case_review():
    from .models import CaseIndexPage

    editor, approver = ensure_groups()
    workflow = ensure_workflow(approver)
    for index_page in CaseIndexPage.objects.all():
        attach_case_index(index_page, workflow, editor, approver)
    return workflow


def ensure_groups():
    from wagtail.models import Collection, GroupCollectionPermission

    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    editor, _ = Group.objects.get_or_create(name=COMMS_EDITOR)
    approver, _ = Group.objects.get_or_create(name=COMMS_APPROVER)
    root = Collection.get_first_root_node()
    for group in (editor, approver):
        group.permissions.add(access_admin)
        if root is None:
            continue
        for app_label, codenames in COLLECTION_PERMISSIONS.items():
            for permission in Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            ):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root, permission=permission
                )
    return editor, approver


def ensure_workflow(approver):
    from wagtail.models import Workflow, WorkflowTask

    from .models import CaseReviewTask

    workflow, _ = Workflow.objects.get_or_create(name=CASE_WORKFLOW)
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task = CaseReviewTask.objects.filter(name=CASE_WORKFLOW).first()
        if task is None:
            task = CaseReviewTask.objects.create(name=CASE_WORKFLOW)
        task.groups.add(approver)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def attach_case_index(index_page, workflow=None, editor=None, approver=None):
    """Assign the case workflow and the editors' page permissions to one case index.

    An administrator's later choice (another workflow on this page) is kept."""
    from wagtail.models import GroupPagePermission, WorkflowPage

    if workflow is None or editor is None or approver is None:
        editor, approver = ensure_groups()
        workflow = ensure_workflow(approver)
    page = index_page.page_ptr if hasattr(index_page, "page_ptr") else index_page
    WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})
    grants = ((editor, EDITOR_PAGE_PERMISSIONS), (approver, APPROVER_PAGE_PERMISSIONS))
    for group, actions in grants:
        for action in actions:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=f"{action}_page"
            )
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def on_case_index_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        attach_case_index(instance)
