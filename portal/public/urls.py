from django.urls import path

from . import kinds, views  # noqa: F401  (kinds registers the <recordkind:…> converter)

app_name = "public"
urlpatterns = [
    path("records/<recordkind:kind>/", views.record_list, name="list"),
    path("records/<recordkind:kind>/<int:pk>/", views.record_detail, name="detail"),
    path("facilities/<str:key>/", views.facility_profile, name="facility"),
    path("facilities/<str:key>/print/", views.facility_print, name="facility_print"),
]
