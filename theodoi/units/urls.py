from django.urls import path

from theodoi.units import views

app_name = "units"
urlpatterns = [
    path("", views.UnitListView.as_view(), name="unit_list"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("<int:pk>/them-co-quan/", views.agency_create, name="agency_create"),
    path("co-quan/", views.AgencyListView.as_view(), name="agency_list"),
    path("co-quan/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("co-quan/<int:pk>/sua/", views.agency_edit, name="agency_edit"),
]
