from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "theodoi.units"
    verbose_name = "Đơn vị hành chính và cơ quan"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from theodoi.units.models import Agency, Unit

        auditlog.register(Unit)
        auditlog.register(Agency)
