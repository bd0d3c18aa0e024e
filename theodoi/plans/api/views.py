from rest_framework import viewsets

from theodoi.plans import selectors
from theodoi.plans.api.serializers import IndicatorSerializer, PlanSerializer, TaskSerializer
from theodoi.plans.filtersets import IndicatorFilterSet, PlanFilterSet, TaskFilterSet


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet

    def get_queryset(self):
        return selectors.plan_list(user=self.request.user).prefetch_related("references")


class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet

    def get_queryset(self):
        return selectors.task_list(user=self.request.user).prefetch_related("coordinators")


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet

    def get_queryset(self):
        return selectors.indicator_list(user=self.request.user).prefetch_related("coordinators")
