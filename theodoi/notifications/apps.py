from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "theodoi.notifications"
    verbose_name = "Thông báo và nhắc việc"
