"""/report/ and /track/ (inside i18n_patterns: /en/report/… in English)."""

from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("report/", views.choose, name="report"),
    path("report/complaint/", views.report_form, {"kind": "complaint"}, name="complaint"),
    path("report/violation/", views.report_form, {"kind": "violation"}, name="violation"),
    path("report/reward/", views.report_form, {"kind": "reward"}, name="reward"),
    path("report/nominate/", views.report_form, {"kind": "nominate"}, name="nominate"),
    path("report/receipt/", views.receipt, name="receipt"),
    path("report/facilities/", views.facilities, name="facilities"),
    path("track/", views.track, name="track"),
    path("track/progress/", views.progress, name="progress"),
    path("track/progress/add/", views.add_information, name="add"),
]
