from django.contrib import admin

from theodoi.textnorm import search_key
from theodoi.units.models import Agency, Unit
from theodoi.units.services import unit_agencies_ensure


class SearchKeyAdmin(admin.ModelAdmin):
    """Search without diacritics and by abbreviation: every word of the query must appear in
    the object's search key ("ta xua" finds "Xã Tà Xùa", "vh-xh" finds "Phòng VH-XH")."""

    search_fields = ("search_key",)

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_key(search_term))


@admin.register(Unit)
class UnitAdmin(SearchKeyAdmin):
    list_display = ("name", "code", "official_code", "unit_type", "parent", "is_active")
    list_filter = ("level", "unit_type", "is_historical", "is_active")
    list_select_related = ("parent",)
    autocomplete_fields = ["parent", "successor"]
    readonly_fields = ("official_code", "source")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:  # a unit set up by hand gets its level's standard agencies
            unit_agencies_ensure(unit=obj)


@admin.register(Agency)
class AgencyAdmin(SearchKeyAdmin):
    list_display = ("name", "short_name", "kind", "unit", "is_active")
    list_filter = ("kind", "unit__level", "is_active")
    list_select_related = ("unit",)
    autocomplete_fields = ["unit"]
    readonly_fields = ("catalogue_key",)
