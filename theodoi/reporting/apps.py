from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "theodoi.reporting"
    verbose_name = "Kỳ báo cáo và báo cáo"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from theodoi.reporting import models as m

        for model in (
            m.ReportingPeriod,
            m.Report,
            m.TaskUpdate,
            m.IndicatorValue,
            m.DeadlineExtension,
            m.Evidence,
            m.Recommendation,
        ):
            auditlog.register(model)
