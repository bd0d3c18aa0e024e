from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "theodoi.security"
    verbose_name = "An toàn, bảo mật"

    def ready(self) -> None:
        from theodoi.security import signals  # noqa: F401
