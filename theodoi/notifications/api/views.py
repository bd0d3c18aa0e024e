"""The user's own notifications over the API (read only; marking read is the page's)."""

from rest_framework import viewsets

from theodoi.notifications import selectors
from theodoi.notifications.api.serializers import NotificationSerializer
from theodoi.notifications.filtersets import NotificationFilterSet


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet

    def get_queryset(self):
        return selectors.notification_list(user=self.request.user)
