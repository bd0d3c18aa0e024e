from rest_framework import serializers

from theodoi.core.api.serializers import ModelSerializer, StrictCharField, StrictDecimalField
from theodoi.core.filters import ID_MAX
from theodoi.reporting.choices import TaskStatus
from theodoi.reporting.models import (
    Evidence,
    IndicatorValue,
    Recommendation,
    Report,
    ReportingPeriod,
    TaskUpdate,
)


class ReportingPeriodSerializer(ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = ["id", "plan", "kind", "label", "start", "end", "due", "is_locked"]


class TaskUpdateSerializer(ModelSerializer):
    class Meta:
        model = TaskUpdate
        fields = [
            "id",
            "task",
            "role",
            "status",
            "progress",
            "result",
            "obstacles",
            "proposals",
            "evidence",
        ]
        read_only_fields = ["task", "role"]


class IndicatorValueSerializer(ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["id", "indicator", "value", "text_value", "source"]
        read_only_fields = ["indicator"]


RECOMMENDATION_FIELDS = [
    "id",
    "text",
    "task_update",
    "addressed_unit",
    "addressed_agency",
    "status",
    "answer",
    "answered_at",
]


class RecommendationSerializer(ModelSerializer):
    class Meta:
        model = Recommendation
        fields = RECOMMENDATION_FIELDS
        read_only_fields = fields


class ReportSerializer(ModelSerializer):
    recommendations = RecommendationSerializer(many=True, read_only=True)
    task_updates = TaskUpdateSerializer(many=True, read_only=True)
    indicator_values = IndicatorValueSerializer(many=True, read_only=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "period",
            "agency",
            "status",
            "summary",
            "difficulties",
            "causes",
            "next_tasks",
            "recommendations",
            "submitted_at",
            "updated_at",
            "reviewed_at",
            "review_comment",
            "version",
            "task_updates",
            "indicator_values",
        ]
        read_only_fields = fields


class TaskUpdateWriteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=TaskStatus.choices, required=False)
    progress = serializers.IntegerField(min_value=0, max_value=100, required=False)
    result = StrictCharField(allow_blank=True, required=False, max_length=10000)
    obstacles = StrictCharField(allow_blank=True, required=False, max_length=10000)
    proposals = StrictCharField(allow_blank=True, required=False, max_length=10000)
    evidence = StrictCharField(allow_blank=True, required=False, max_length=10000)


class IndicatorValueWriteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    value = StrictDecimalField(max_digits=14, decimal_places=4, allow_null=True, required=False)
    text_value = StrictCharField(allow_blank=True, required=False, max_length=255)
    source = StrictCharField(allow_blank=True, required=False, max_length=255)


class ReportWriteSerializer(serializers.Serializer):
    """A report's content as the agency saves it: rows are identified by their id."""

    summary = StrictCharField(
        allow_blank=True,
        max_length=20000,
        required=False,
        help_text="I. Kết quả thực hiện.",
    )
    difficulties = StrictCharField(
        allow_blank=True,
        max_length=20000,
        required=False,
        help_text="II. Tồn tại, hạn chế, khó khăn, vướng mắc.",
    )
    causes = StrictCharField(
        allow_blank=True, max_length=20000, required=False, help_text="III. Nguyên nhân."
    )
    next_tasks = StrictCharField(
        allow_blank=True,
        max_length=20000,
        required=False,
        help_text="IV. Nhiệm vụ, giải pháp kỳ tới.",
    )
    updated_at = serializers.DateTimeField(
        required=False,
        help_text="The report's updated_at as last read; if the report changed since, nothing is "
        "saved and the answer is 409 with the current report.",
    )
    task_updates = TaskUpdateWriteSerializer(many=True, required=False)
    indicator_values = IndicatorValueWriteSerializer(many=True, required=False)


class ReportConflictSerializer(serializers.Serializer):
    """409: the report changed since the client read it; nothing was saved."""

    detail = StrictCharField()
    current = ReportSerializer(help_text="The report as it is now.")


class ReturnSerializer(serializers.Serializer):
    comment = StrictCharField(max_length=5000)


class EvidenceSerializer(ModelSerializer):
    """An evidence file of a report row; ``content_type`` is the type read from its content."""

    class Meta:
        model = Evidence
        fields = [
            "id",
            "task_update",
            "indicator_value",
            "name",
            "content_type",
            "size",
            "sha256",
            "uploaded_at",
            "first_version",
            "removed_at",
            "removed_in_version",
        ]
        read_only_fields = fields


class EvidenceUploadSerializer(serializers.Serializer):
    """A file for one row of the report: a task row (``task_update``) or an indicator row
    (``indicator_value``), exactly one of them."""

    file = serializers.FileField(
        help_text="PDF, DOCX, XLSX, JPG hoặc PNG (loại tệp được kiểm tra theo nội dung)."
    )
    task_update = serializers.IntegerField(min_value=1, max_value=ID_MAX, required=False)
    indicator_value = serializers.IntegerField(min_value=1, max_value=ID_MAX, required=False)


class RecommendationAddSerializer(serializers.Serializer):
    """A recommendation added to a draft: addressed to the agency's unit or a unit above (and
    optionally an agency of it), optionally about a task row of the report."""

    text = StrictCharField(max_length=10000)
    addressed_unit = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    addressed_agency = serializers.IntegerField(
        min_value=1, max_value=ID_MAX, required=False, allow_null=True
    )
    task_update = serializers.IntegerField(
        min_value=1, max_value=ID_MAX, required=False, allow_null=True
    )


class RecommendationReceivedSerializer(ModelSerializer):
    """A recommendation sent to a unit the user is the office of, with its sender."""

    report = serializers.IntegerField(source="report_id", read_only=True)
    agency = serializers.IntegerField(source="report.agency_id", read_only=True)

    class Meta:
        model = Recommendation
        fields = [*RECOMMENDATION_FIELDS[:1], "report", "agency", *RECOMMENDATION_FIELDS[1:]]
        read_only_fields = fields


class RecommendationAnswerSerializer(serializers.Serializer):
    answer = StrictCharField(max_length=10000)
