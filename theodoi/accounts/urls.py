from django.contrib.auth import views as auth_views
from django.urls import include, path

from theodoi.accounts import views
from theodoi.accounts.forms import LoginForm

# The office's user pages are namespaced "accounts:"; login and logout keep their global names.
user_urlpatterns = [
    path("nguoi-dung/", views.user_list, name="user_list"),
    path("nguoi-dung/them/", views.user_create, name="user_create"),
    path("nguoi-dung/<int:pk>/", views.user_edit, name="user_edit"),
    path("nguoi-dung/co-quan/", views.agency_options, name="agency_options"),
]

urlpatterns = [
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=LoginForm
        ),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include((user_urlpatterns, "accounts"))),
]
