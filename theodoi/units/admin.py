from django.contrib import admin

from theodoi.units.models import Agency, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "parent")
    list_filter = ("level",)
    search_fields = ("name", "code", "search_key")
    autocomplete_fields = ["parent"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "unit", "is_active")
    list_filter = ("kind", "unit__level", "is_active")
    search_fields = ("name", "short_name", "search_key")
    autocomplete_fields = ["unit"]
