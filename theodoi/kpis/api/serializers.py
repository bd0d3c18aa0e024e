from rest_framework import serializers

from theodoi.accounts.permissions import visible_units
from theodoi.kpis.models import Kpi


class KpiTargetSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    op = serializers.CharField()
    value = serializers.CharField()
    value_max = serializers.CharField(allow_null=True)
    raw = serializers.CharField()


class KpiSerializer(serializers.ModelSerializer):
    targets = KpiTargetSerializer(many=True, read_only=True)

    class Meta:
        model = Kpi
        fields = [
            "code",
            "name",
            "unit_of_measure",
            "direction",
            "targets",
            "document",
            "document_title",
            "article",
            "restated_in",
        ]


class _UnitField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return visible_units(self.context["request"].user)


class KpiValuesQuerySerializer(serializers.Serializer):
    unit = _UnitField(
        required=False,
        help_text="Đơn vị có các đơn vị trực thuộc được so sánh (mặc định: đơn vị của người dùng).",
    )
    as_of = serializers.DateField(required=False, help_text="Tính đến ngày (mặc định: hôm nay).")


class _KpiInfoSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    unit_of_measure = serializers.CharField()
    direction = serializers.ChoiceField(choices=["higher", "lower"])
    source = serializers.DictField(child=serializers.CharField())


class _UnitInfoSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class _ValueSerializer(serializers.Serializer):
    unit_code = serializers.CharField()
    unit_name = serializers.CharField()
    position = serializers.IntegerField(allow_null=True)
    value = serializers.CharField(allow_null=True)
    basis = serializers.ChoiceField(choices=["own", "merged", "sub_units"], allow_null=True)
    basis_count = serializers.IntegerField()
    indicator_id = serializers.IntegerField(allow_null=True)
    unit_target = serializers.CharField(allow_null=True)
    achieved = serializers.BooleanField(allow_null=True)
    reported_at = serializers.DateTimeField(allow_null=True)
    missing = serializers.ChoiceField(choices=["not_reported", "not_mapped"], allow_null=True)


class KpiValuesSerializer(serializers.Serializer):
    """The export keyed by the national KPI code (kpis.exports.kpi_json)."""

    kpi_code = serializers.CharField()
    kpi = _KpiInfoSerializer()
    as_of = serializers.DateField()
    unit = _UnitInfoSerializer()
    national_target = KpiTargetSerializer(allow_null=True)
    unit_value = _ValueSerializer(allow_null=True, help_text="Giá trị của chính đơn vị.")
    values = _ValueSerializer(many=True)
