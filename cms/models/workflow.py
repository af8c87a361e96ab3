"""Two-person publishing of typical cases.

- `CaseReviewTask`: a group approval that its own submitter cannot approve, so "published
  only after a second person approves" holds even for someone who is both a communications
  editor and an approver (or a superuser who submits for review).
- `TwoPersonPublishingMixin` (on CaseIndexPage and CasePage): nobody but a superuser
  publishes directly; the page is published only while a `CaseReviewTask` approval finishes
  the workflow. Approvers keep the publish permission for unpublishing (撤下) a case.
"""

import contextvars

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupApprovalTask, PagePermissionTester

# (page id, user id) while an approval of that page by that user is being processed.
_approving = contextvars.ContextVar("cms_case_approval", default=None)


class CaseReviewTask(GroupApprovalTask):
    @staticmethod
    def _submitted_by(obj, user):
        state = getattr(obj, "current_workflow_state", None)
        return state is not None and state.requested_by_id == user.pk

    def get_actions(self, obj, user):
        if self._submitted_by(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user)

    def on_action(self, task_state, user, action_name, **kwargs):
        workflow_state = task_state.workflow_state
        if action_name == "approve" and workflow_state.requested_by_id == user.pk:
            raise PermissionDenied
        token = _approving.set((str(workflow_state.object_id), user.pk))
        try:
            return super().on_action(task_state, user, action_name, **kwargs)
        finally:
            _approving.reset(token)

    @classmethod
    def get_description(cls):
        return _("指定用户组的成员审核通过后发布；提交人不能审核自己提交的内容。")

    class Meta:
        verbose_name = _("双人审核任务")
        verbose_name_plural = _("双人审核任务")


class CaseReviewPermissionTester(PagePermissionTester):
    def can_publish(self):
        if not self.user.is_active:
            return False
        if self.user.is_superuser:
            return super().can_publish()
        return _approving.get() == (str(self.page.pk), self.user.pk)

    def can_publish_subpage(self):
        return self.user.is_active and self.user.is_superuser and super().can_publish_subpage()


class TwoPersonPublishingMixin:
    def permissions_for_user(self, user):
        return CaseReviewPermissionTester(user, self)
