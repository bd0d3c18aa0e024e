from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from theodoi.accounts.permissions import home_unit
from theodoi.core.filters import ID_MAX
from theodoi.kpis import exports, selectors
from theodoi.kpis.api.serializers import (
    KpiSerializer,
    KpiValuesQuerySerializer,
    KpiValuesSerializer,
)
from theodoi.kpis.models import Kpi


class KpiViewSet(viewsets.ReadOnlyModelViewSet):
    """The national KPIs and their values in the sub-units of a unit, keyed by KPI code."""

    serializer_class = KpiSerializer
    lookup_field = "code"
    lookup_value_regex = "[A-Z0-9_]{1,40}"
    filter_backends = []

    def get_queryset(self):
        return Kpi.objects.order_by("code")

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "unit",
                {"type": "integer", "minimum": 1, "maximum": ID_MAX},
                description="Mã số (id) của đơn vị có các đơn vị trực thuộc được so sánh "
                "(mặc định: đơn vị của người dùng).",
            ),
            OpenApiParameter(
                "as_of",
                {"type": "string", "format": "date"},
                description="Tính đến ngày, dạng YYYY-MM-DD (mặc định: hôm nay).",
            ),
        ],
        responses=KpiValuesSerializer,
    )
    @action(detail=True, methods=["get"])
    def values(self, request, code=None):
        kpi = self.get_object()
        query = KpiValuesQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        unit = query.validated_data.get("unit") or home_unit(request.user)
        if unit is None:
            raise Http404("Bạn chưa được giao phạm vi đơn vị nào.")
        as_of = query.validated_data.get("as_of") or timezone.localdate()
        board = selectors.kpi_board(user=request.user, kpi=kpi, unit=unit, as_of=as_of)
        return Response(exports.kpi_json(board))
