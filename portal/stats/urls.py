from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:chart>.csv", views.chart_csv, name="csv"),
]
