"""Who may see which lead (row-level): placeholder with issue 5's rule (everyone with the
view permission sees every lead) until the office/region rules are built."""

from ..models import Lead

VIEW_LEAD_PERMISSION = "portal.view_lead"


def can_view_leads(user) -> bool:
    return bool(user and user.is_active and user.has_perm(VIEW_LEAD_PERMISSION))


def visible_leads(user):
    if not can_view_leads(user):
        return Lead.objects.none()
    return Lead.objects.all()


def can_view_lead(user, lead) -> bool:
    return can_view_leads(user)
