"""Row-level access to leads (portal/leads/access.py): the office's region subtree, the
office's own and co-handled leads, the leads assigned to a person; provincial and
view-all users see everything. Checked on the queryset, on `can_view_lead`, and by URL
on the lead page, its history, its evidence and the identity reveal."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from portal.leads import workflow
from portal.leads.access import can_view_lead, visible_leads
from portal.models import Lead

from .conftest import REPORTER

pytestmark = pytest.mark.django_db


@pytest.fixture
def leads(make_lead, facility_a, facility_b, lead_regions, lead_offices, county_handler):
    """One lead per way of being (in)visible to 西湖区."""
    make = make_lead
    return {
        "county_a": make(facility=facility_a),
        "county_b": make(facility=facility_b),
        # No facility: the region the reporter chose decides.
        "region_a": make(facility=None, region=lead_regions.county_a),
        "region_city_a": make(facility=None, region=lead_regions.city_a),
        # The facility's region wins over the reporter's.
        "facility_b_region_a": make(facility=facility_b, region=lead_regions.county_a),
        "no_place": make(facility=None, region=None),
        "b_handled_by_a": make(facility=facility_b, office=lead_offices.county_a),
        "b_assigned_to_handler": make(facility=facility_b, handler=county_handler),
        "b_co_handled_by_a": co_handled(make(facility=facility_b), lead_offices),
    }


def co_handled(lead, offices):
    lead.co_offices.set([offices.county_a, offices.county_a_supervision])
    return lead


SEEN_BY = {
    "county_handler": {"county_a", "region_a", "b_handled_by_a", "b_assigned_to_handler",
                       "b_co_handled_by_a"},
    "county_viewer": {"county_a", "region_a", "b_handled_by_a", "b_co_handled_by_a"},
    "other_county_handler": {"county_b", "facility_b_region_a", "b_handled_by_a",
                             "b_assigned_to_handler", "b_co_handled_by_a"},
    "city_supervisor": {"county_a", "region_a", "region_city_a"},
    "no_perm_user": set(),
}  # fmt: skip
EVERYTHING = "everything"


@pytest.mark.parametrize(
    "fixture,seen",
    [*SEEN_BY.items(), ("province_supervisor", EVERYTHING), ("lead_admin", EVERYTHING)],
)
def test_visible_leads_and_can_view_lead_agree(fixture, seen, request, leads):
    user = request.getfixturevalue(fixture)
    expected = set(leads) if seen == EVERYTHING else seen
    visible = list(visible_leads(user))
    assert len(visible) == len(set(visible))  # co-offices do not repeat rows
    names = {name for name, lead in leads.items() if lead in visible}
    assert names == expected
    for name, lead in leads.items():
        assert can_view_lead(user, lead) is (name in expected), name


def test_superuser_sees_all(leads, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    assert visible_leads(root).count() == len(leads)


def test_without_an_office_only_assigned_leads(leads, make_staff, make_lead):
    loner = make_staff("loner", "线索办理员")
    assert list(visible_leads(loner)) == []
    mine = make_lead(handler=loner)
    assert list(visible_leads(loner)) == [mine]
    assert can_view_lead(loner, mine) and not can_view_lead(loner, leads["county_a"])


def test_inactive_users_see_nothing(leads, county_handler):
    county_handler.is_active = False
    county_handler.save()
    assert not visible_leads(county_handler).exists()
    assert not can_view_lead(county_handler, leads["county_a"])


def test_visible_leads_is_one_query_whatever_the_number_of_leads(
    leads, county_handler, make_lead, django_assert_num_queries
):
    county_handler.has_perm("portal.view_lead")  # permissions cached, as in a request
    with django_assert_num_queries(2):  # the user's office, then the leads
        first = len(list(visible_leads(county_handler)))
    for _ in range(3):
        make_lead()
    with django_assert_num_queries(2):
        assert len(list(visible_leads(county_handler))) == first + 3


def test_assigning_a_lead_elsewhere_changes_who_sees_it(
    make_lead, advance, province_supervisor, county_handler, other_county_handler, lead_offices,
    facility_b,
):  # fmt: skip
    lead = advance(make_lead(facility=facility_b), "accepted")
    assert not can_view_lead(county_handler, lead)
    workflow.perform(province_supervisor, lead, "assign", office=lead_offices.county_b,
                     co_offices=[lead_offices.county_a])  # fmt: skip
    assert can_view_lead(county_handler, lead)
    assert can_view_lead(other_county_handler, lead)


# --- By URL -----------------------------------------------------------------------------


def url(name, lead):
    return reverse(f"leads:{name}", args=[lead.pk])


def test_county_user_cannot_open_another_countys_lead_by_url(client, leads, county_handler):
    client.force_login(county_handler)
    hidden = leads["county_b"]
    for name in ("inspect", "history"):
        response = client.get(url(name, hidden))
        assert response.status_code in (403, 404), name
        assert hidden.receipt_number not in response.content.decode()
    response = client.get(url("inspect", leads["county_a"]))
    assert response.status_code == 200
    assert leads["county_a"].receipt_number in response.content.decode()
    missing = Lead.objects.order_by("pk").last().pk + 1
    assert client.get(f"/admin/leads/inspect/{missing}/").status_code == 404


def test_the_listing_shows_only_visible_leads(client, leads, county_handler):
    client.force_login(county_handler)
    page = client.get("/admin/leads/").content.decode()
    for name, lead in leads.items():
        assert (lead.receipt_number in page) is (name in SEEN_BY["county_handler"]), name


def test_assigned_handler_outside_the_region_opens_the_lead(client, leads, county_handler):
    client.force_login(county_handler)
    response = client.get(url("inspect", leads["b_assigned_to_handler"]))
    assert response.status_code == 200


def test_provincial_user_opens_any_lead(client, leads, province_supervisor):
    client.force_login(province_supervisor)
    for lead in leads.values():
        assert client.get(url("inspect", lead)).status_code == 200


def test_identity_reveal_needs_the_permission_and_the_region(
    client, leads, identity_custodian, county_handler, make_staff, lead_offices
):
    reason = "核实举报内容，需要电话联系举报人"
    own, other = leads["county_a"], leads["county_b"]
    # A handler of the same county without the custodian permission: refused.
    client.force_login(county_handler)
    assert client.post(url("reveal", own), {"reason": reason}).status_code == 403
    # A custodian of another county: refused, nothing logged.
    far = make_staff("hs-baomi", "线索办理员", "举报人信息保管员", office=lead_offices.county_b)
    client.force_login(far)
    response = client.post(url("reveal", own), {"reason": reason})
    assert response.status_code in (403, 404)
    assert REPORTER["reporter_phone"] not in response.content.decode()
    # The custodian of the lead's county: shown, and logged with the reason.
    client.force_login(identity_custodian)
    assert client.post(url("reveal", other), {"reason": reason}).status_code in (403, 404)
    response = client.post(url("reveal", own), {"reason": reason})
    assert response.status_code == 200
    assert REPORTER["reporter_phone"] in response.content.decode()
    entries = ModelLogEntry.objects.filter(action="portal.lead.reveal_identity")
    assert [(e.object_id, e.user, e.data["reason"]) for e in entries] == [
        (str(own.pk), identity_custodian, reason)
    ]
