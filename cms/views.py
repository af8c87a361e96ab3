"""sitemap.xml and robots.txt (wired in config/urls.py, outside the language prefix)."""

from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from .sitemaps import SITEMAPS

ROBOTS_DISALLOW = (
    "/admin/",
    "/django-admin/",
    # Filtered, sorted and paginated lists and search results: endless combinations.
    "/*?",
)


@require_GET
@cache_control(max_age=3600, public=True)
def sitemap(request):
    return wagtail_sitemap(request, sitemaps=SITEMAPS, template_name="cms/sitemap.xml")


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines += ["", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
