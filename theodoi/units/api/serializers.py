from rest_framework import serializers

from theodoi.units.models import Agency, Unit


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "name",
            "level",
            "unit_type",
            "official_code",
            "parent",
            "is_historical",
            "successor",
            "is_active",
        ]


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = [
            "id",
            "unit",
            "name",
            "short_name",
            "kind",
            "aliases",
            "is_active",
            "catalogue_key",
        ]
