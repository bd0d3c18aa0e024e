from django.urls import path

from theodoi.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/dong/<str:kind>/<int:row_pk>/", views.report_row, name="report_row"),
    path("<int:pk>/xu-ly/", views.report_review, name="report_review"),
    path("<int:pk>/de-nghi/", views.report_office_request, name="report_office_request"),
    path(
        "<int:pk>/minh-chung/<str:kind>/<int:row_pk>/",
        views.evidence_attach,
        name="evidence_attach",
    ),
    path(
        "<int:pk>/minh-chung/<int:evidence_pk>/go/",
        views.evidence_remove,
        name="evidence_remove",
    ),
    path(
        "<int:pk>/minh-chung/<int:evidence_pk>/",
        views.evidence_download,
        name="evidence_download",
    ),
    path("<int:pk>/kien-nghi/", views.recommendation_add, name="recommendation_add"),
    path(
        "<int:pk>/kien-nghi/<int:recommendation_pk>/go/",
        views.recommendation_remove,
        name="recommendation_remove",
    ),
    path("kien-nghi/", views.recommendation_list, name="recommendation_list"),
    path("ke-hoach/<int:plan_pk>/ky/", views.plan_periods, name="plan_periods"),
    path("ky/<int:pk>/", views.period_detail, name="period_detail"),
    path("ky/<int:pk>/khoa/", views.period_lock, name="period_lock"),
    path("ky/<int:pk>/mo-khoa/", views.period_unlock, name="period_unlock"),
    path("ky/<int:period_pk>/co-quan/<int:agency_pk>/mo/", views.report_open, name="report_open"),
    path("nhiem-vu/<int:task_pk>/gia-han/", views.extension_request, name="extension_request"),
    path("gia-han/", views.extension_list, name="extension_list"),
]
