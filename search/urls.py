from django.urls import path

from . import views

app_name = "search"
urlpatterns = [
    path("", views.results, name="results"),
    path("api/", views.api, name="api"),
    path("suggest/", views.suggestions, name="suggest"),
]
