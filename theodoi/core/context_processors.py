from theodoi.accounts.permissions import is_office, user_agencies


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_is_office": is_office(user),
        "nav_has_agency": user_agencies(user).exists(),
    }
