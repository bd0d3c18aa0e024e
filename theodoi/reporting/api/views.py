"""Reports over the API: the same services, permissions and validation as the pages."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from theodoi.reporting import selectors, services
from theodoi.reporting.api.serializers import (
    ReportingPeriodSerializer,
    ReportSerializer,
    ReportWriteSerializer,
    ReturnSerializer,
)
from theodoi.reporting.models import Report


def _call(fn, **kwargs):
    """Run a service, turning its errors into API errors (400 with the Vietnamese message)."""
    try:
        return fn(**kwargs)
    except DjangoValidationError as exc:
        raise exceptions.ValidationError({"detail": exc.messages}) from exc
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc)) from exc


class ReportingPeriodViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ReportingPeriodSerializer
    filterset_fields = ["plan", "kind"]

    def get_queryset(self):
        return selectors.period_list(user=self.request.user).order_by("plan_id", "start")


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReportSerializer
    filterset_fields = ["period", "agency", "status"]

    def get_queryset(self):
        reports = selectors.report_list(user=self.request.user).order_by(
            "-period__due", "agency_id"
        )
        if self.action in ("list", "retrieve"):
            return reports.prefetch_related("task_updates", "indicator_values")
        # The actions only check that the report is visible: the service reads it again, locked.
        return reports.select_related(None).only("id", "summary")

    def filter_queryset(self, queryset):
        # The filters narrow the list; a report's actions find it by id among the visible ones.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def _answer(self, report: Report) -> dict:
        """The report as it is now (after a service changed it), as ReportSerializer gives it."""
        prefetch_related_objects([report], "task_updates", "indicator_values")
        return ReportSerializer(report).data

    @extend_schema(
        request=ReportWriteSerializer, responses={200: ReportSerializer, 409: ReportSerializer}
    )
    @action(detail=True, methods=["post"])
    def save(self, request, pk=None):
        report = self.get_object()
        data = ReportWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        seen = data.validated_data.get("updated_at")
        with transaction.atomic():
            current = Report.objects.select_for_update().get(pk=report.pk)
            if seen is not None and current.updated_at != seen:
                return Response(
                    {
                        "detail": "Báo cáo đã được thay đổi sau lần bạn đọc: chưa lưu gì.",
                        "current": self._answer(current),
                    },
                    status=status.HTTP_409_CONFLICT,
                )
            report = _call(
                services.report_save,
                report=report,
                user=request.user,
                summary=data.validated_data.get("summary", report.summary),
                task_updates=data.validated_data.get("task_updates", []),
                indicator_values=data.validated_data.get("indicator_values", []),
            )
        return Response(self._answer(report))

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = _call(services.report_submit, report=self.get_object(), user=request.user)
        return Response(self._answer(report))

    @extend_schema(request=ReturnSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        data = ReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = _call(
            services.report_return,
            report=self.get_object(),
            user=request.user,
            comment=data.validated_data["comment"],
        )
        return Response(self._answer(report))

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        report = _call(services.report_accept, report=self.get_object(), user=request.user)
        return Response(self._answer(report))
