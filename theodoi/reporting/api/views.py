"""Reports over the API: the same services, permissions and validation as the pages."""

import threading

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from theodoi.core.api.exceptions import Unprocessable
from theodoi.core.filters import ID_MAX
from theodoi.reporting import selectors, services
from theodoi.reporting.api.serializers import (
    EvidenceSerializer,
    EvidenceUploadSerializer,
    RecommendationAddSerializer,
    RecommendationAnswerSerializer,
    RecommendationReceivedSerializer,
    RecommendationSerializer,
    ReportConflictSerializer,
    ReportingPeriodSerializer,
    ReportSerializer,
    ReportWriteSerializer,
    ReturnSerializer,
)
from theodoi.reporting.evidence import KINDS as EVIDENCE_KINDS
from theodoi.reporting.filtersets import (
    RecommendationFilterSet,
    ReportFilterSet,
    ReportingPeriodFilterSet,
)
from theodoi.reporting.models import Report


def _call(fn, **kwargs):
    """Run a service, turning its errors into API errors: a rule it refuses is a 422 with the
    Vietnamese message (the request was well formed), a right it denies a 403."""
    try:
        return fn(**kwargs)
    except DjangoValidationError as exc:
        raise Unprocessable({"detail": exc.messages}) from exc
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc)) from exc


_ANSWERS = threading.local()


class RecommendationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Recommendations sent to the units the user is the office of (once their report is sent),
    and their answers."""

    serializer_class = RecommendationReceivedSerializer
    filterset_class = RecommendationFilterSet

    def get_queryset(self):
        return selectors.recommendations_received(user=self.request.user)

    @extend_schema(
        request=RecommendationAnswerSerializer, responses=RecommendationReceivedSerializer
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        recommendation = self.get_object()
        data = RecommendationAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answered = _call(
            services.recommendation_answer,
            recommendation=recommendation,
            user=request.user,
            answer=data.validated_data["answer"],
        )
        return Response(RecommendationReceivedSerializer(answered).data)


def _recommendation_targets(report: Report, data: dict) -> dict:
    """The unit, agency and task row a recommendation names, by id (422 for an unknown one)."""
    from theodoi.units.models import Agency, Unit

    found = {"addressed_unit": Unit.objects.filter(pk=data["addressed_unit"]).first()}
    if found["addressed_unit"] is None:
        raise Unprocessable({"addressed_unit": ["Không có đơn vị mang mã số này."]})
    if data.get("addressed_agency") is not None:
        found["addressed_agency"] = Agency.objects.filter(pk=data["addressed_agency"]).first()
        if found["addressed_agency"] is None:
            raise Unprocessable({"addressed_agency": ["Không có cơ quan mang mã số này."]})
    if data.get("task_update") is not None:
        found["task_update"] = report.task_updates.filter(pk=data["task_update"]).first()
        if found["task_update"] is None:
            raise Unprocessable({"task_update": ["Nhiệm vụ này không thuộc báo cáo."]})
    return found


ERROR_BODY = inline_serializer("EvidenceError", {"detail": serializers.CharField()})
ERROR_LIST = inline_serializer(
    "EvidenceRefused", {"detail": serializers.ListField(child=serializers.CharField())}
)


class ReportingPeriodViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ReportingPeriodSerializer
    filterset_class = ReportingPeriodFilterSet

    def get_queryset(self):
        return selectors.period_list(user=self.request.user).order_by("plan_id", "start")


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet

    def get_queryset(self):
        reports = selectors.report_list(user=self.request.user).order_by(
            "-period__due", "agency_id"
        )
        if self.action in ("list", "retrieve"):
            return reports.prefetch_related("task_updates", "indicator_values", "recommendations")
        # An action checks only that the report is visible (see _act): the service reads it again.
        return reports.select_related(None).only("id", "summary")

    def filter_queryset(self, queryset):
        # The filters narrow the list; a report's actions find it by id among the visible ones.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def _answer(self, report: Report) -> dict:
        """The report as it is now (after a service changed it), as ReportSerializer gives it.

        Building a ModelSerializer's fields costs more than writing one report with them, so
        each thread keeps one serializer (with its nested ones) and reuses its fields: writing
        an instance changes nothing in the serializer."""
        prefetch_related_objects([report], "task_updates", "indicator_values", "recommendations")
        serializer = getattr(_ANSWERS, "serializer", None)
        if serializer is None:
            serializer = _ANSWERS.serializer = ReportSerializer()
        return serializer.to_representation(report)

    @extend_schema(
        request=ReportWriteSerializer,
        responses={200: ReportSerializer, 409: ReportConflictSerializer},
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
                difficulties=data.validated_data.get("difficulties"),
                causes=data.validated_data.get("causes"),
                next_tasks=data.validated_data.get("next_tasks"),
                task_updates=data.validated_data.get("task_updates", []),
                indicator_values=data.validated_data.get("indicator_values", []),
            )
        return Response(self._answer(report))

    def _act(self, service, **kwargs) -> Response:
        """Run a step of the workflow on the report the URL names and answer with it.

        The service reads the report under a row lock and checks the user's right to take the
        step, so the report is not read once more beforehand. Only a refused step looks at
        whether the user may see the report at all: one they may not see answers 404, as if it
        did not exist, whatever the service said."""
        if not str(self.kwargs["pk"]).isdigit():
            raise exceptions.NotFound()
        named = Report(pk=int(self.kwargs["pk"]))  # the service reads it, locked
        try:
            report = _call(service, report=named, user=self.request.user, **kwargs)
        except Report.DoesNotExist as exc:
            raise exceptions.NotFound() from exc
        except exceptions.APIException:
            self.get_object()
            raise
        return Response(self._answer(report))

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._act(services.report_submit)

    @extend_schema(request=ReturnSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        self.get_object()  # a report the user may not see answers 404 before its form is read
        data = ReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._act(services.report_return, comment=data.validated_data["comment"])

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._act(services.report_accept)

    @extend_schema(
        summary="Thêm đề xuất, kiến nghị vào báo cáo đang soạn",
        request=RecommendationAddSerializer,
        responses={201: RecommendationSerializer},
    )
    @action(detail=True, methods=["post"], url_path="recommendations")
    def recommendations(self, request, pk=None):
        report = self._visible_report()
        data = RecommendationAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        recommendation = _call(
            services.recommendation_add,
            report=report,
            user=request.user,
            text=data.validated_data["text"],
            **_recommendation_targets(report, data.validated_data),
        )
        return Response(
            RecommendationSerializer(recommendation).data, status=status.HTTP_201_CREATED
        )

    # -- evidence files ---------------------------------------------------------------------

    def _visible_report(self) -> Report:
        if not str(self.kwargs["pk"]).isdigit():
            raise exceptions.NotFound()
        try:
            return selectors.report_list(user=self.request.user).get(pk=int(self.kwargs["pk"]))
        except Report.DoesNotExist as exc:
            raise exceptions.NotFound() from exc

    @extend_schema(
        summary="Tệp minh chứng của báo cáo",
        request=None,
        responses=EvidenceSerializer(many=True),
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="evidence",
        parser_classes=[MultiPartParser],
        pagination_class=None,
        filterset_class=None,
    )
    def evidence(self, request, pk=None):
        report = self._visible_report()
        files = report.evidence_files.order_by("uploaded_at", "id")
        return Response(EvidenceSerializer(files, many=True).data)

    @extend_schema(
        summary="Đính kèm tệp minh chứng vào một dòng của báo cáo",
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={
            201: EvidenceSerializer,
            415: OpenApiResponse(
                response=ERROR_BODY,
                description="Thân yêu cầu phải là multipart/form-data.",
            ),
            422: OpenApiResponse(
                response=ERROR_LIST,
                description="Tệp không phải PDF, DOCX, XLSX, JPG hay PNG (xét theo nội dung), "
                "vượt giới hạn dung lượng, dòng không thuộc báo cáo, hoặc báo cáo không còn "
                "sửa được.",
            ),
        },
    )
    @evidence.mapping.post
    def evidence_attach(self, request, pk=None):
        report = self._visible_report()
        data = EvidenceUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = _evidence_row(report, data.validated_data)
        evidence = _call(
            services.evidence_attach,
            report=report,
            row=row,
            user=request.user,
            upload=data.validated_data["file"],
        )
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Tải tệp minh chứng (loại tệp đã lưu, tên gốc)",
        request=None,
        parameters=[
            OpenApiParameter(
                "evidence_id", int, OpenApiParameter.PATH, description="Mã tệp minh chứng."
            )
        ],
        responses={
            (200, kind.content_type): OpenApiResponse(OpenApiTypes.BINARY)
            for kind in EVIDENCE_KINDS
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"evidence/(?P<evidence_id>[0-9]{1,18})",
        pagination_class=None,
        filterset_class=None,
    )
    def evidence_download(self, request, pk=None, evidence_id=None):
        from theodoi.reporting.views import evidence_file_response

        pk = str(self.kwargs["pk"])
        if not pk.isdigit() or int(pk) > ID_MAX or int(evidence_id) > ID_MAX:
            raise exceptions.NotFound()  # an id no row can have (the database's integer)
        evidence = (
            selectors.evidence_list(user=request.user)
            .filter(pk=int(evidence_id), report_id=int(self.kwargs["pk"]))
            .first()
        )
        if evidence is None:
            raise exceptions.NotFound()
        try:
            return evidence_file_response(evidence)
        except Http404 as exc:
            raise exceptions.NotFound() from exc


def _evidence_row(report: Report, data: dict):
    """The row an upload names: exactly one of a task row and an indicator row of the report."""
    task_update, indicator_value = data.get("task_update"), data.get("indicator_value")
    if (task_update is None) == (indicator_value is None):
        raise Unprocessable({"detail": ["Hãy chỉ rõ một dòng: task_update hoặc indicator_value."]})
    rows = (
        report.task_updates.filter(pk=task_update)
        if task_update is not None
        else report.indicator_values.filter(pk=indicator_value)
    )
    row = rows.first()
    if row is None:
        raise Unprocessable({"detail": ["Dòng này không thuộc báo cáo."]})
    return row
