"""One FilterSet per model, shared by the page "Thông báo" and the API."""

import django_filters

from theodoi.notifications.choices import NotificationKind
from theodoi.notifications.models import Notification


class NotificationFilterSet(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", label="Chưa đọc"
    )
    kind = django_filters.ChoiceFilter(choices=NotificationKind.choices, label="Loại")

    class Meta:
        model = Notification
        fields = ["unread", "kind"]
