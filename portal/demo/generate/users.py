"""Demo back-office staff, one per role, with a known password (hence DEBUG only)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ...setup import (
    DATA_ENTRY,
    IDENTITY_CUSTODIAN,
    LEAD_HANDLER,
    LEAD_SUPERVISOR,
    REVIEWER,
    REWARD_APPROVER,
)

DEMO_PASSWORD = "demo-password-2026"
DEMO_USERS = (
    ("luru", DATA_ENTRY, "演示录入员"),
    ("shenhe", REVIEWER, "演示审核员"),
    ("banli", LEAD_HANDLER, "演示线索办理员"),
    ("baomi", IDENTITY_CUSTODIAN, "演示举报人信息保管员"),
    ("fuze", LEAD_SUPERVISOR, "演示线索负责人"),
    ("jiangli", REWARD_APPROVER, "演示奖励审批人"),
)


def ensure_demo_users() -> dict:
    """Back-office staff for the demo, one per role; the password is printed by the command."""
    User = get_user_model()
    users = {}
    for username, group_name, title in DEMO_USERS:
        user, _ = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        user.first_name = title
        user.is_staff = True
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        group, _ = Group.objects.get_or_create(name=group_name)
        user.groups.add(group)
        users[username] = user
    return users
