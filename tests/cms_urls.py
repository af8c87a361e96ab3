"""config.urls plus the CMS's sitemap.xml and robots.txt, until config/urls.py has them."""

from django.urls import path

from cms import views as cms_views
from config.urls import urlpatterns as config_urlpatterns

urlpatterns = [
    path("sitemap.xml", cms_views.sitemap, name="sitemap"),
    path("robots.txt", cms_views.robots_txt, name="robots_txt"),
    *config_urlpatterns,
]
