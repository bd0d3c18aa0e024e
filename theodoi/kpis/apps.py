from django.apps import AppConfig


class KpisConfig(AppConfig):
    name = "theodoi.kpis"
    verbose_name = "Chỉ tiêu quốc gia, đánh giá hằng năm"

    def ready(self) -> None:
        from theodoi.kpis import signals

        signals.connect()
