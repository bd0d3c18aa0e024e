from django.urls import path

from theodoi.units import views

app_name = "units"
urlpatterns = [
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("co-quan/", views.AgencyListView.as_view(), name="agency_list"),
    path("co-quan/<int:pk>/", views.agency_detail, name="agency_detail"),
]
