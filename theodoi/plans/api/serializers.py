from rest_framework import serializers

from theodoi.core.api.serializers import ModelSerializer
from theodoi.plans.models import Indicator, Plan, PlanReference, Target, Task
from theodoi.plans.selectors import plan_list


class PlanReferenceSerializer(ModelSerializer):
    class Meta:
        model = PlanReference
        fields = ["symbol", "issued_on", "implements"]


class PlanSerializer(ModelSerializer):
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


class TaskSerializer(ModelSerializer):
    group = serializers.StringRelatedField(allow_null=True)

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


class TargetSerializer(ModelSerializer):
    class Meta:
        model = Target
        fields = ["period", "op", "value", "value_max", "raw"]


class IndicatorSerializer(ModelSerializer):
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


class TaskEditSerializer(ModelSerializer):
    """What an office may change on a task; the deadline is parsed from `deadline_raw`."""

    class Meta:
        model = Task
        fields = [
            "id",
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


class TaskCreateSerializer(TaskEditSerializer):
    """A new task: the same fields, and the plan it belongs to (which cannot change later)."""

    class Meta(TaskEditSerializer.Meta):
        fields = ["plan", *TaskEditSerializer.Meta.fields]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            # A plan out of the user's sight is as unknown as one that does not exist (422).
            fields["plan"].queryset = plan_list(user=request.user)
        return fields


class PlanWriteSerializer(ModelSerializer):
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


class IndicatorWriteSerializer(ModelSerializer):
    """What an office may change on an indicator (targets are edited in the plan review)."""

    class Meta:
        model = Indicator
        fields = ["group", "code", "name", "unit_of_measure", "lead", "coordinators", "output"]
