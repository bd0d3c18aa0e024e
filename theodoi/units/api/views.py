from rest_framework import viewsets

from theodoi.units import selectors
from theodoi.units.api.serializers import AgencySerializer, UnitSerializer
from theodoi.units.filtersets import AgencyFilterSet, UnitFilterSet


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = UnitSerializer
    filterset_class = UnitFilterSet

    def get_queryset(self):
        return selectors.unit_list(user=self.request.user)


class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AgencySerializer
    filterset_class = AgencyFilterSet

    def get_queryset(self):
        return selectors.agency_list(user=self.request.user)
