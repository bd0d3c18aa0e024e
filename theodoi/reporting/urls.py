from django.urls import path

from theodoi.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/xu-ly/", views.report_review, name="report_review"),
    path("<int:pk>/de-nghi/", views.report_office_request, name="report_office_request"),
    path("ke-hoach/<int:plan_pk>/ky/", views.plan_periods, name="plan_periods"),
    path("ky/<int:pk>/", views.period_detail, name="period_detail"),
    path("ky/<int:pk>/khoa/", views.period_lock, name="period_lock"),
    path("ky/<int:pk>/mo-khoa/", views.period_unlock, name="period_unlock"),
    path("ky/<int:period_pk>/co-quan/<int:agency_pk>/mo/", views.report_open, name="report_open"),
    path("nhiem-vu/<int:task_pk>/gia-han/", views.extension_request, name="extension_request"),
    path("gia-han/", views.extension_list, name="extension_list"),
]
