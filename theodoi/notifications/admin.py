from django.contrib import admin

from theodoi.notifications.models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "title", "created_at", "read_at", "in_app", "emailed_at")
    list_filter = ("kind", "in_app")
    search_fields = ("user__username", "title", "key")
    readonly_fields = ("created_at",)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "email", "in_app")
    list_filter = ("kind",)
    search_fields = ("user__username",)
