from django.urls import path

from theodoi.exchange import views

app_name = "exchange"
urlpatterns = [
    path("ke-hoach/<int:plan_pk>/", views.plan_exports, name="plan_exports"),
    path(
        "ke-hoach/<int:plan_pk>/nhiem-vu.xlsx",
        views.plan_tasks,
        {"fmt": "xlsx"},
        name="plan_tasks_xlsx",
    ),
    path(
        "ke-hoach/<int:plan_pk>/nhiem-vu.csv",
        views.plan_tasks,
        {"fmt": "csv"},
        name="plan_tasks_csv",
    ),
    path(
        "ke-hoach/<int:plan_pk>/nhiem-vu.json",
        views.plan_tasks,
        {"fmt": "json"},
        name="plan_tasks_json",
    ),
    path(
        "ke-hoach/<int:plan_pk>/chi-tieu.xlsx",
        views.plan_indicators,
        {"fmt": "xlsx"},
        name="plan_indicators_xlsx",
    ),
    path(
        "ke-hoach/<int:plan_pk>/chi-tieu.csv",
        views.plan_indicators,
        {"fmt": "csv"},
        name="plan_indicators_csv",
    ),
    path(
        "ke-hoach/<int:plan_pk>/chi-tieu.json",
        views.plan_indicators,
        {"fmt": "json"},
        name="plan_indicators_json",
    ),
    path("bao-cao/<int:report_pk>/mau.xlsx", views.report_template, name="report_template"),
    path("bao-cao/<int:report_pk>/nap/", views.report_import, name="report_import"),
]
