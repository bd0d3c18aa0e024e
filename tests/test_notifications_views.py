"""The pages "Thông báo" and "Nhận thông báo", and the menu's unread counter."""

import pytest
from django.urls import reverse

from theodoi.notifications.choices import NotificationKind as K
from theodoi.notifications.models import Notification, NotificationPreference
from theodoi.notifications.selectors import user_preferences

LIST = reverse("notifications:list")
BADGE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "notifications-badge"}


def make(user, n, **extra):
    return [
        Notification.objects.create(
            user=user,
            kind=K.TASK_DUE,
            key=f"k{i}",
            title=f"Việc số {i}",
            url="/viec-cua-toi/",
            **extra,
        )
        for i in range(n)
    ]


@pytest.fixture
def reporter(users):
    return users["reporter"]


def test_the_badge_counts_only_the_users_unread_notifications_shown_in_the_app(
    login, users, reporter
):
    make(reporter, 3)
    Notification.objects.create(
        user=reporter, kind=K.TASK_DUE, key="hidden", title="x", in_app=False
    )
    make(users["office"], 5)
    client = login(reporter)
    assert ">3<" in client.get(LIST, **BADGE).content.decode()
    Notification.objects.filter(user=reporter).update(read_at="2026-03-01T00:00:00Z")
    assert "badge" not in client.get(LIST, **BADGE).content.decode()


def test_the_menu_loads_the_badge_on_every_page(login, reporter):
    page = login(reporter).get(reverse("home"), follow=True).content.decode()
    assert 'id="notifications-badge"' in page and f'hx-get="{LIST}"' in page


def test_the_list_is_paginated_newest_first(login, reporter):
    make(reporter, 25)
    client = login(reporter)
    first = client.get(LIST).content.decode()
    assert "Việc số 24" in first and "Việc số 4<" not in first and "Trang 1/2" in first
    second = client.get(LIST, {"trang": 2}).content.decode()
    assert "Việc số 4<" in second and "Việc số 24" not in second


def test_marking_one_read_follows_its_link(login, reporter):
    note, other = make(reporter, 2)
    response = login(reporter).post(reverse("notifications:read", args=[note.pk]), {"open": "1"})
    assert response.status_code == 302 and response.url == "/viec-cua-toi/"
    note.refresh_from_db()
    other.refresh_from_db()
    assert note.read_at is not None and other.read_at is None


def test_nobody_marks_another_users_notification(login, users, reporter):
    (note,) = make(reporter, 1)
    response = login(users["office"]).post(reverse("notifications:read", args=[note.pk]))
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_all_read_marks_only_the_users_own(login, users, reporter):
    make(reporter, 3)
    make(users["office"], 2)
    client = login(reporter)
    response = client.post(reverse("notifications:read_all"), {"next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == LIST  # no open redirect
    assert not Notification.objects.filter(user=reporter, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=users["office"], read_at__isnull=True).count() == 2
    assert "0 chưa đọc" in client.get(LIST).content.decode()


def test_reading_needs_a_post(login, reporter):
    (note,) = make(reporter, 1)
    assert login(reporter).get(reverse("notifications:read", args=[note.pk])).status_code == 405


def test_the_pages_need_a_login(client):
    assert client.get(LIST).status_code == 302
    assert client.get(reverse("notifications:preferences")).status_code == 302


def test_preferences_are_saved_per_kind(login, reporter):
    client = login(reporter)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert page.count('type="checkbox"') == 2 * len(K) and "checked" in page
    data = {f"{k.value}__email": "on" for k in K} | {f"{k.value}__in_app": "on" for k in K}
    del data["report_due_7__email"], data["draft_stale__in_app"]
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    prefs = user_preferences(user=reporter)
    assert (prefs[K.REPORT_DUE_7].email, prefs[K.REPORT_DUE_7].in_app) == (False, True)
    assert (prefs[K.DRAFT_STALE].email, prefs[K.DRAFT_STALE].in_app) == (True, False)
    assert (prefs[K.TASK_DUE].email, prefs[K.TASK_DUE].in_app) == (True, True)
    assert NotificationPreference.objects.filter(user=reporter).count() == 2  # defaults unstored


def test_the_list_filters_the_unread(login, reporter):
    read, unread = make(reporter, 2)
    Notification.objects.filter(pk=read.pk).update(read_at="2026-03-01T00:00:00Z")
    page = login(reporter).get(LIST, {"unread": "true"}).content.decode()
    assert "Việc số 1<" in page and "Việc số 0<" not in page


def test_the_api_lists_only_the_users_own_notifications(client, users, reporter):
    from rest_framework.authtoken.models import Token

    mine = make(reporter, 2)
    make(users["office"], 3)
    Notification.objects.filter(pk=mine[0].pk).update(read_at="2026-03-01T00:00:00Z")
    auth = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=reporter).key}"}
    body = client.get("/api/notifications/", **auth).json()
    assert sorted(row["id"] for row in body["results"]) == sorted(n.pk for n in mine)
    unread = client.get("/api/notifications/", {"unread": "true"}, **auth).json()
    assert [row["id"] for row in unread["results"]] == [mine[1].pk]
    other = Notification.objects.filter(user=users["office"]).first()
    assert client.get(f"/api/notifications/{other.pk}/", **auth).status_code == 404
    assert client.get("/api/notifications/", {"unread": "oui"}, **auth).status_code == 400


def test_a_notification_link_leaving_the_site_is_not_followed(login, reporter):
    note = Notification.objects.create(
        user=reporter, kind=K.TASK_DUE, key="x", title="Lạ", url="//evil.example/"
    )
    response = login(reporter).post(reverse("notifications:read", args=[note.pk]), {"open": "1"})
    assert response.status_code == 302 and response.url == LIST
