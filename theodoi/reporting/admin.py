from django.contrib import admin

from theodoi.reporting.models import (
    DeadlineExtension,
    Evidence,
    IndicatorValue,
    Recommendation,
    Report,
    ReportEvent,
    ReportingPeriod,
    TaskUpdate,
)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ("label", "plan", "kind", "start", "end", "due", "is_locked")
    list_filter = ("kind", "is_locked")


class TaskUpdateInline(admin.TabularInline):
    model = TaskUpdate
    extra = 0
    autocomplete_fields = ["task"]


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    autocomplete_fields = ["indicator"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("agency", "period", "status", "submitted_at")
    list_filter = ("status",)
    inlines = [TaskUpdateInline, IndicatorValueInline]


@admin.register(TaskUpdate)
class TaskUpdateAdmin(admin.ModelAdmin):
    list_display = ("task", "report", "status", "progress")
    list_filter = ("status",)


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ("indicator", "report", "value", "text_value")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportEvent)
class ReportEventAdmin(ReadOnlyAdmin):
    list_display = ("report", "action", "actor", "at", "version")
    list_filter = ("action",)


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(admin.ModelAdmin):
    list_display = ("task", "agency", "current_due", "requested_due", "status", "decided_at")
    list_filter = ("status",)


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("name", "report", "content_type", "size", "uploaded_at", "removed_at")
    search_fields = ("name", "sha256")


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ("report", "addressed_unit", "addressed_agency", "status", "answered_at")
    list_filter = ("status",)
    raw_id_fields = ("report", "task_update", "addressed_unit", "addressed_agency")
