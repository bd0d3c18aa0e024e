from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "theodoi.plans"
    verbose_name = "Kế hoạch, nhiệm vụ, chỉ tiêu"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from theodoi.plans import models as m

        for model in (
            m.Plan,
            m.PlanReference,
            m.SourceDocument,
            m.TaskGroup,
            m.Task,
            m.Indicator,
            m.Target,
        ):
            auditlog.register(model, exclude_fields=["search_key"])
