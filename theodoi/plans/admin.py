from django.contrib import admin

from theodoi.plans.models import (
    Indicator,
    Plan,
    PlanReference,
    SourceDocument,
    Target,
    Task,
    TaskGroup,
    TaskLink,
)


class PlanReferenceInline(admin.TabularInline):
    model = PlanReference
    extra = 0


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "unit", "level", "issued_on", "status", "is_public")
    list_filter = ("level", "status", "is_public")
    search_fields = ("number", "title", "search_key")
    autocomplete_fields = ["unit", "parent"]
    inlines = [PlanReferenceInline]


@admin.register(TaskGroup)
class TaskGroupAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "plan", "order")
    search_fields = ("title",)
    list_select_related = ("plan",)


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "plan", "lead", "deadline_raw", "deadline_kind", "due_date")
    list_filter = ("deadline_kind",)
    search_fields = ("title", "search_key")
    autocomplete_fields = ["plan", "lead", "coordinators", "parent"]
    list_select_related = ("plan", "lead")


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit_of_measure", "plan", "lead")
    search_fields = ("name", "search_key")
    autocomplete_fields = ["plan", "lead", "coordinators"]
    list_select_related = ("plan", "lead")
    inlines = [TargetInline]


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ("original_name", "plan", "sha256", "size", "created_at")
    readonly_fields = ("sha256", "size")


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("indicator", "period", "op", "value", "value_max", "raw")
    list_filter = ("op",)


@admin.register(PlanReference)
class PlanReferenceAdmin(admin.ModelAdmin):
    list_display = ("symbol", "issued_on", "plan", "implements")


@admin.register(TaskLink)
class TaskLinkAdmin(admin.ModelAdmin):
    list_display = ("task", "candidate", "score", "reason", "status")
    list_filter = ("status",)
    raw_id_fields = ("task", "candidate")
