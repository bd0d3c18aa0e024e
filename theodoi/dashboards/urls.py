from django.urls import path

from theodoi.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("cong-khai/", views.public_index, name="public_index"),
    path("cong-khai/ke-hoach/<int:pk>/", views.public_plan, name="public_plan"),
    path("", views.dashboard_home, name="home"),
    path("<int:pk>/", views.unit_view, name="unit"),
    path("<int:pk>/nhiem-vu/", views.unit_tasks, name="unit_tasks"),
    path("<int:pk>/nhiem-vu.csv", views.unit_tasks_export, {"fmt": "csv"}, name="unit_tasks_csv"),
    path(
        "<int:pk>/nhiem-vu.xlsx",
        views.unit_tasks_export,
        {"fmt": "xlsx"},
        name="unit_tasks_xlsx",
    ),
    path("<int:pk>/bao-cao/", views.unit_reports, name="unit_reports"),
    path("<int:pk>/chi-tieu/", views.unit_indicators, name="unit_indicators"),
    path("<int:pk>/xep-hang/", views.unit_ranking, name="unit_ranking"),
    path("phuong-phap-cham-diem/", views.scoring_method, name="method"),
]
