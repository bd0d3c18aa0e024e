from theodoi.units.models import Agency, Unit
from theodoi.units.services import registry_load


def test_registry_loads_every_unit_and_agency_and_is_idempotent(db):
    first = registry_load()
    second = registry_load()
    assert first == second
    assert Unit.objects.count() == first.units
    assert Agency.objects.count() == first.agencies
    commune = Unit.objects.get(code="xa-vinh-lai")
    assert [u.code for u in commune.ancestors()] == ["VN", "hai-phong"]


def test_registry_agencies_are_searchable_without_diacritics(db):
    registry_load()
    found = Agency.objects.filter(unit__code="xa-vinh-lai", search_key__contains="van hoa - xa hoi")
    assert found.filter(name="Phòng Văn hóa - Xã hội").exists()
