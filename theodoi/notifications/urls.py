from django.urls import path

from theodoi.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/doc/", views.notification_read, name="read"),
    path("doc-het/", views.notification_read_all, name="read_all"),
    path("nhan-thong-bao/", views.preferences, name="preferences"),
]
