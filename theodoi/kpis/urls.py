from django.urls import path

from theodoi.kpis import views

app_name = "kpis"
urlpatterns = [
    path("chi-tieu-quoc-gia/", views.kpi_list, name="kpi_list"),
    path("chi-tieu-quoc-gia/<str:code>.csv", views.kpi_export, {"fmt": "csv"}, name="kpi_csv"),
    path("chi-tieu-quoc-gia/<str:code>.json", views.kpi_export, {"fmt": "json"}, name="kpi_json"),
    path("chi-tieu-quoc-gia/<str:code>/", views.kpi_detail, name="kpi_detail"),
    path("ke-hoach/<int:pk>/chi-tieu-quoc-gia/", views.plan_kpis_map, name="plan_kpis_map"),
    path(
        "ke-hoach/<int:pk>/chi-tieu-quoc-gia/goi-y/",
        views.plan_kpis_suggest,
        name="plan_kpis_suggest",
    ),
    path("danh-gia-hang-nam/", views.annual_home, name="annual_home"),
    path("danh-gia-hang-nam/<int:pk>/<str:year>/", views.annual_view, name="annual"),
    path(
        "danh-gia-hang-nam/<int:pk>/<str:year>.csv",
        views.annual_export,
        {"fmt": "csv"},
        name="annual_csv",
    ),
    path(
        "danh-gia-hang-nam/<int:pk>/<str:year>.xlsx",
        views.annual_export,
        {"fmt": "xlsx"},
        name="annual_xlsx",
    ),
    path(
        "danh-gia-hang-nam/<int:pk>/<str:year>/cong-bo/",
        views.annual_publish,
        name="annual_publish",
    ),
    path("cong-khai/danh-gia-hang-nam/", views.public_annual_list, name="public_annual_list"),
    path("cong-khai/danh-gia-hang-nam/<int:pk>/", views.public_annual, name="public_annual"),
]
