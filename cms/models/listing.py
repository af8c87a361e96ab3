"""Shared behaviour of the index pages: GET filters, pagination, noindex on filtered views."""

from urllib.parse import urlencode

from django.core.paginator import Paginator

PAGE_SIZE = 10


class ListingMixin:
    """An index page lists its children. Subclasses define `listing(request)` returning
    (queryset, extra context with "selected": {param: value}) and `filter_params`."""

    filter_params: tuple = ()
    filter_labels: dict = {}
    page_size = PAGE_SIZE

    @staticmethod
    def int_param(request, name):
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() and len(value) <= 6 else None

    def listing(self, request):
        raise NotImplementedError

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items, extra = self.listing(request)
        page_obj = Paginator(items, self.page_size).get_page(request.GET.get("page"))
        selected = extra.get("selected", {})
        params = {
            name: _param_value(selected[name]) for name in self.filter_params if name in selected
        }
        context.update(extra)
        context.update(
            {
                "page_obj": page_obj,
                "items": page_obj.object_list,
                "querystring": urlencode(params),
                "is_filtered": bool(selected),
                # Filtered or paginated views are not indexed (robots.txt disallows "?" too).
                "noindex": bool(request.GET),
                "active_filters": [
                    {
                        "label": self.filter_labels.get(name, name),
                        "value": value,
                        "querystring": urlencode({k: v for k, v in params.items() if k != name}),
                    }
                    for name, value in selected.items()
                ],
            }
        )
        return context


class Choice:
    """A selected filter value: `slug` goes in the URL, str() is what visitors read."""

    def __init__(self, slug, label):
        self.slug, self.label = slug, label

    def __str__(self):
        return str(self.label)


def _param_value(value):
    return getattr(value, "slug", value)
