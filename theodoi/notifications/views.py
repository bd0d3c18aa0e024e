from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from theodoi.notifications import selectors, services
from theodoi.notifications.filtersets import NotificationFilterSet
from theodoi.notifications.forms import PreferenceForm

BADGE_TARGET = "notifications-badge"
PAGE_SIZE = 20


@login_required
def notification_list(request):
    """The page "Thông báo"; for htmx asking for the menu's badge, the unread count alone."""
    if request.htmx and request.htmx.target == BADGE_TARGET:
        return render(
            request,
            "notifications/_badge.html",
            {"unread": selectors.unread_count(user=request.user)},
        )
    notifications = selectors.notification_list(user=request.user)
    filterset = NotificationFilterSet(request.GET, queryset=notifications)
    shown = filterset.qs if filterset.is_valid() else notifications
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "notifications/notification_list.html",
        {
            "page": page,
            "unread": notifications.filter(read_at__isnull=True).count(),
            "only_unread": filterset.is_valid() and filterset.form.cleaned_data.get("unread"),
            "title": "Thông báo",
        },
    )


def _safe(request, target: str) -> bool:
    return bool(target) and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    )


def _back(request):
    target = request.POST.get("next", "")
    return redirect(target if _safe(request, target) else "notifications:list")


@login_required
@require_POST
def notification_read(request, pk: int):
    """Marks one notification read, then follows its link (or returns to the list)."""
    notification = get_object_or_404(selectors.notification_list(user=request.user), pk=pk)
    services.notification_mark_read(user=request.user, notification=notification)
    if request.POST.get("open") and _safe(request, notification.url):
        return redirect(notification.url)
    return _back(request)


@login_required
@require_POST
def notification_read_all(request):
    count = services.notification_mark_all_read(user=request.user)
    messages.success(request, f"Đã đánh dấu {count} thông báo là đã đọc.")
    return _back(request)


@login_required
def preferences(request):
    """The page "Nhận thông báo": which kinds the user receives by email and in the app."""
    current = selectors.user_preferences(user=request.user)
    form = PreferenceForm(request.POST or None, initial_choices=current)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, choices=form.choices())
        messages.success(request, "Đã lưu lựa chọn nhận thông báo.")
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "title": "Nhận thông báo", "has_email": bool(request.user.email)},
    )
