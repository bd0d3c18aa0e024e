from django.apps import AppConfig


class KpisConfig(AppConfig):
    name = "theodoi.kpis"
    verbose_name = "Chỉ tiêu quốc gia, đánh giá hằng năm"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from theodoi.kpis import signals
        from theodoi.kpis.models import AnnualEvaluation, IndicatorKpi

        # who mapped an indicator to which KPI, and who published or withdrew a year's grades
        auditlog.register(IndicatorKpi)
        auditlog.register(AnnualEvaluation, exclude_fields=["rows"])
        signals.connect()
