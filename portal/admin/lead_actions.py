"""Staff actions on one lead (the forms on the lead page): placeholder until built."""


def urlpatterns(viewset) -> list:
    """URL patterns added under /admin/leads/ by LeadViewSet (names: viewset.get_url_name)."""
    return []
