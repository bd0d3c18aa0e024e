import django_tables2 as tables

from theodoi.units.models import Agency, Unit


class AgencyTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name="Tên cơ quan")
    short_name = tables.Column(verbose_name="Viết tắt")
    kind = tables.Column(verbose_name="Loại")
    unit = tables.Column(linkify=True, verbose_name="Đơn vị hành chính")

    class Meta:
        model = Agency
        fields = ("name", "short_name", "kind", "unit")
        empty_text = "Không có cơ quan nào."


class UnitTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name="Tên đơn vị")
    unit_type = tables.Column(verbose_name="Loại")
    official_code = tables.Column(verbose_name="Mã hành chính")
    parent = tables.Column(linkify=True, verbose_name="Cấp trên")
    is_active = tables.BooleanColumn(verbose_name="Còn trong danh mục")

    class Meta:
        model = Unit
        fields = ("name", "unit_type", "official_code", "parent", "is_active")
        empty_text = "Không có đơn vị nào."
