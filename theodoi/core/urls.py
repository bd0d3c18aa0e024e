from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import path

from theodoi.accounts.permissions import user_agencies
from theodoi.units.views import my_work


@login_required
def home(request):
    if user_agencies(request.user).exists():
        return redirect("my_work")
    return redirect("dashboards:home")


urlpatterns = [
    path("", home, name="home"),
    path("viec-cua-toi/", my_work, name="my_work"),
]
