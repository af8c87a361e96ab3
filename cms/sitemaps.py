"""sitemap.xml: every live public Wagtail page, plus the record lists and statistics.

URLs are built on the request's host (which ALLOWED_HOSTS has validated) so the sitemap
matches the address the portal is reached at, whatever the Wagtail Site record says.
"""

from urllib.parse import urlsplit, urlunsplit

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from .home import RECORD_LIST_URLS, STATISTICS_URL


class PageSitemap(WagtailSitemap):
    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        if self.request is not None:
            for url in urls:
                url["location"] = self._on_request_host(url["location"])
        return urls

    def _on_request_host(self, location):
        parts = urlsplit(location)
        return urlunsplit(
            (self.request.scheme, self.request.get_host(), parts.path or "/", parts.query, "")
        )


class RecordListSitemap(DjangoSitemap):
    """The public record lists and the statistics page (served by portal, not Wagtail)."""

    changefreq = "daily"
    priority = 0.8

    def items(self):
        return [*RECORD_LIST_URLS.values(), STATISTICS_URL]

    def location(self, item):
        return item


SITEMAPS = {"pages": PageSitemap, "records": RecordListSitemap}
