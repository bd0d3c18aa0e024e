from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "theodoi.accounts"
    verbose_name = "Người dùng và vai trò"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from theodoi.accounts.models import RoleAssignment, User

        auditlog.register(User, exclude_fields=["password", "last_login"])
        auditlog.register(RoleAssignment)
