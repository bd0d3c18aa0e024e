from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "theodoi.dashboards"
    verbose_name = "Bảng điều khiển, đánh giá, xếp hạng"

    def ready(self) -> None:
        from theodoi.dashboards import signals

        signals.connect()
