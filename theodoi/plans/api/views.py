from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, mixins, viewsets

from theodoi.accounts.permissions import can_manage_unit
from theodoi.core.api.exceptions import Unprocessable
from theodoi.plans import selectors, services
from theodoi.plans.api.serializers import (
    IndicatorSerializer,
    IndicatorWriteSerializer,
    PlanSerializer,
    PlanWriteSerializer,
    TaskCreateSerializer,
    TaskEditSerializer,
    TaskSerializer,
)
from theodoi.plans.filtersets import IndicatorFilterSet, PlanFilterSet, TaskFilterSet
from theodoi.plans.forms import apply_deadline
from theodoi.units.selectors import agencies_for_unit


class OfficeUpdateMixin(mixins.UpdateModelMixin):
    """PUT/PATCH for the office of the object's plan, through a service."""

    write_serializer_class = None

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return self.write_serializer_class
        return self.serializer_class

    def plan_of(self, instance):
        return instance.plan

    def perform_update(self, serializer):
        plan = self.plan_of(serializer.instance)
        if not can_manage_unit(self.request.user, plan.unit):
            raise exceptions.PermissionDenied("Chỉ cơ quan thường trực của kế hoạch mới sửa được.")
        serializer.instance = _service(
            self.update_service, serializer.instance, dict(serializer.validated_data)
        )

    def update_service(self, instance, data):  # pragma: no cover - every subclass overrides
        raise NotImplementedError


class PlanViewSet(OfficeUpdateMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PlanSerializer
    write_serializer_class = PlanWriteSerializer
    filterset_class = PlanFilterSet

    def get_queryset(self):
        return selectors.plan_list(user=self.request.user).prefetch_related("references")

    def plan_of(self, instance):
        return instance

    def update_service(self, instance, data):
        return services.plan_update(plan=instance, data=data)


class TaskViewSet(viewsets.ModelViewSet):
    """Tasks; offices change their plans' tasks through the same services as the pages."""

    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet

    def get_queryset(self):
        return selectors.task_list(user=self.request.user).prefetch_related("coordinators")

    def get_serializer_class(self):
        if self.action == "create":
            return TaskCreateSerializer
        if self.action in ("update", "partial_update"):
            return TaskEditSerializer
        return TaskSerializer

    def _check(self, plan):
        if not can_manage_unit(self.request.user, plan.unit):
            raise exceptions.PermissionDenied("Chỉ cơ quan thường trực của kế hoạch mới sửa được.")

    def _data(self, serializer, plan):
        data = {k: v for k, v in serializer.validated_data.items() if k != "plan"}
        _check_agencies(plan, data)
        if "deadline_raw" in data:
            data.update(apply_deadline(data["deadline_raw"] or ""))
        if data.get("lead") is not None:
            data["lead_raw"] = data["lead"].name
        return data

    def create(self, request, *args, **kwargs):
        check = self.get_serializer(data=request.data)
        if not check.is_valid() and any(
            error.code == "does_not_exist" for error in check.errors.get("plan", [])
        ):
            raise exceptions.NotFound()  # a plan out of sight is as absent as a missing one
        return super().create(request, *args, **kwargs)

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
        _service(services.task_delete, task=instance)


class IndicatorViewSet(OfficeUpdateMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = IndicatorSerializer
    write_serializer_class = IndicatorWriteSerializer
    filterset_class = IndicatorFilterSet

    def update_service(self, instance, data):
        _check_agencies(instance.plan, data)
        if data.get("lead") is not None:
            data["lead_raw"] = data["lead"].name
        return services.indicator_update(indicator=instance, data=data)

    def get_queryset(self):
        return selectors.indicator_list(user=self.request.user).prefetch_related("coordinators")


def _service(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except DjangoValidationError as exc:
        raise Unprocessable({"detail": exc.messages}) from exc


def _check_agencies(plan, data) -> None:
    """Lead and coordinators must be agencies of the plan's unit or the units above it."""
    agencies = set(agencies_for_unit(unit=plan.unit).values_list("pk", flat=True))
    chosen = [data.get("lead"), *(data.get("coordinators") or [])]
    if any(a is not None and a.pk not in agencies for a in chosen):
        raise Unprocessable({"lead": ["Cơ quan không thuộc đơn vị của kế hoạch hoặc cấp trên."]})
