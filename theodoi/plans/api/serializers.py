from rest_framework import serializers

from theodoi.plans.models import Indicator, Plan, PlanReference, Target, Task


class PlanReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanReference
        fields = ["symbol", "issued_on", "implements"]


class PlanSerializer(serializers.ModelSerializer):
    references = PlanReferenceSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "unit",
            "kind",
            "number",
            "issuer",
            "issued_on",
            "title",
            "level",
            "parent",
            "period_start",
            "period_end",
            "status",
            "is_public",
            "references",
        ]


class TaskSerializer(serializers.ModelSerializer):
    group = serializers.StringRelatedField()

    class Meta:
        model = Task
        fields = [
            "id",
            "plan",
            "group",
            "code",
            "title",
            "lead",
            "lead_raw",
            "coordinators",
            "coordinators_raw",
            "output",
            "deadline_raw",
            "deadline_kind",
            "due_date",
            "start_date",
            "end_date",
            "recurrence",
            "condition",
            "parent",
            "parent_ref",
            "source_ref",
        ]


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = ["period", "op", "value", "value_max", "raw"]


class IndicatorSerializer(serializers.ModelSerializer):
    targets = TargetSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "plan",
            "group",
            "code",
            "name",
            "unit_of_measure",
            "lead",
            "lead_raw",
            "coordinators",
            "coordinators_raw",
            "output",
            "targets",
        ]


class TaskWriteSerializer(serializers.ModelSerializer):
    """What an office may set on a task; the deadline is parsed from `deadline_raw`."""

    class Meta:
        model = Task
        fields = [
            "id",
            "plan",
            "group",
            "code",
            "title",
            "lead",
            "coordinators",
            "output",
            "deadline_raw",
            "parent_ref",
            "source_ref",
        ]
        read_only_fields = ["id"]
        extra_kwargs = {
            "title": {"max_length": 20_000},
            "output": {"max_length": 20_000},
        }

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["plan"].read_only = True
        return fields


class PlanWriteSerializer(serializers.ModelSerializer):
    """What an office may change on a plan it manages."""

    class Meta:
        model = Plan
        fields = [
            "number",
            "issuer",
            "issued_on",
            "title",
            "kind",
            "period_start",
            "period_end",
            "status",
            "is_public",
        ]


class IndicatorWriteSerializer(serializers.ModelSerializer):
    """What an office may change on an indicator (targets are edited in the plan review)."""

    class Meta:
        model = Indicator
        fields = ["group", "code", "name", "unit_of_measure", "lead", "coordinators", "output"]
