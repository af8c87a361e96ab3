"""Who may see which lead (row-level access), decided in one place.

A user with `portal.view_lead` sees:

- every lead, if they are a superuser, have `portal.view_all_leads`, or work for a
  provincial office (their StaffOffice's office lies in a province-level region);
- otherwise the leads about a place in their office's region subtree (the facility's
  region, else the region given by the reporter), the leads handled (主办) or co-handled
  (分办) by their office, and the leads assigned to them as handler;
- without a StaffOffice, only the leads assigned to them.

`visible_leads` is one queryset (no per-row checks) so that lists, counts and exports
filter in the database; `can_view_lead` answers for one lead with the same rule.
"""

from django.db.models import Q

from ..models import Lead, Region, StaffOffice

VIEW_LEAD_PERMISSION = "portal.view_lead"
VIEW_ALL_PERMISSION = "portal.view_all_leads"


def can_view_leads(user) -> bool:
    return bool(user and user.is_active and user.has_perm(VIEW_LEAD_PERMISSION))


def staff_office(user):
    """The user's StaffOffice with office and region loaded, or None."""
    if not user or not user.pk:
        return None
    return StaffOffice.objects.select_related("office__region").filter(user=user).first()


def scope(user):
    """None: every lead; otherwise the Q a lead must match. Only call for users who pass
    `can_view_leads`."""
    if user.is_superuser or user.has_perm(VIEW_ALL_PERMISSION):
        return None
    membership = staff_office(user)
    q = Q(handler=user)
    if membership is None:
        return q
    office = membership.office
    region = office.region
    if region is not None and region.level == Region.Level.PROVINCE:
        return None
    q |= Q(office=office)
    # A subquery, not a join on co_offices: a join would repeat rows.
    q |= Q(pk__in=Lead.co_offices.through.objects.filter(authority=office).values("lead_id"))
    if region is not None:
        # Region ids of the subtree (code prefix), matched on the indexed foreign keys.
        subtree = Region.objects.filter(code__startswith=region.prefix).values("pk")
        q |= Q(facility__region__in=subtree)
        q |= Q(facility__region__isnull=True, region__in=subtree)
    return q


def visible_leads(user):
    if not can_view_leads(user):
        return Lead.objects.none()
    q = scope(user)
    return Lead.objects.all() if q is None else Lead.objects.filter(q)


def can_view_lead(user, lead) -> bool:
    if not can_view_leads(user):
        return False
    if lead.handler_id is not None and lead.handler_id == user.pk:
        return True
    q = scope(user)
    return q is None or Lead.objects.filter(q, pk=lead.pk).exists()
