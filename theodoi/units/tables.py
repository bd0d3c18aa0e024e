import django_tables2 as tables

from theodoi.units.models import Agency


class AgencyTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name="Tên cơ quan")
    short_name = tables.Column(verbose_name="Viết tắt")
    kind = tables.Column(verbose_name="Loại")
    unit = tables.Column(linkify=True, verbose_name="Đơn vị hành chính")

    class Meta:
        model = Agency
        fields = ("name", "short_name", "kind", "unit")
        empty_text = "Không có cơ quan nào."
