from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, viewsets

from theodoi.accounts.permissions import can_manage_unit
from theodoi.plans import selectors, services
from theodoi.plans.api.serializers import (
    IndicatorSerializer,
    PlanSerializer,
    TaskSerializer,
    TaskWriteSerializer,
)
from theodoi.plans.filtersets import IndicatorFilterSet, PlanFilterSet, TaskFilterSet
from theodoi.plans.forms import apply_deadline
from theodoi.units.selectors import agencies_for_unit


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet

    def get_queryset(self):
        return selectors.plan_list(user=self.request.user).prefetch_related("references")


class TaskViewSet(viewsets.ModelViewSet):
    """Tasks; offices change their plans' tasks through the same services as the pages."""

    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet

    def get_queryset(self):
        return selectors.task_list(user=self.request.user).prefetch_related("coordinators")

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return TaskWriteSerializer
        return TaskSerializer

    def _check(self, plan):
        if not can_manage_unit(self.request.user, plan.unit):
            raise exceptions.PermissionDenied("Chỉ cơ quan thường trực của kế hoạch mới sửa được.")

    def _data(self, serializer, plan):
        data = dict(serializer.validated_data)
        data.pop("plan", None)
        agencies = set(agencies_for_unit(unit=plan.unit).values_list("pk", flat=True))
        chosen = [data.get("lead"), *(data.get("coordinators") or [])]
        if any(a is not None and a.pk not in agencies for a in chosen):
            raise exceptions.ValidationError(
                {"lead": ["Cơ quan không thuộc đơn vị của kế hoạch hoặc cấp trên."]}
            )
        if "deadline_raw" in data:
            data.update(apply_deadline(data["deadline_raw"] or ""))
        if data.get("lead") is not None:
            data["lead_raw"] = data["lead"].name
        return data

    def perform_create(self, serializer):
        plan = serializer.validated_data["plan"]
        if not selectors.plan_list(user=self.request.user).filter(pk=plan.pk).exists():
            raise exceptions.NotFound()
        self._check(plan)
        serializer.instance = _service(
            services.task_create, plan=plan, data=self._data(serializer, plan)
        )

    def perform_update(self, serializer):
        task = serializer.instance
        self._check(task.plan)
        serializer.instance = _service(
            services.task_update, task=task, data=self._data(serializer, task.plan)
        )

    def perform_destroy(self, instance):
        self._check(instance.plan)
        services.task_delete(task=instance)


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet

    def get_queryset(self):
        return selectors.indicator_list(user=self.request.user).prefetch_related("coordinators")


def _service(fn, **kwargs):
    try:
        return fn(**kwargs)
    except DjangoValidationError as exc:
        raise exceptions.ValidationError({"detail": exc.messages}) from exc
