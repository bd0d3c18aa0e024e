"""An office adds its own agencies and renames them within the rules (units.services)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from theodoi.plans.services import AgencyMatcher
from theodoi.units.models import Agency
from theodoi.units.services import agency_create, agency_update

pytestmark = pytest.mark.django_db


def test_office_adds_a_school_of_its_commune_and_plans_find_it(units, users):
    school = agency_create(
        unit=units["commune"],
        user=users["office"],
        name="Trường  Tiểu học Vĩnh Lại ",
        kind="school",
        aliases=["TH Vĩnh Lại", "TH Vĩnh Lại", ""],
    )
    assert school.name == "Trường Tiểu học Vĩnh Lại" and school.aliases == ["TH Vĩnh Lại"]
    assert AgencyMatcher(units["commune"]).match("truong tieu hoc vinh lai") == school


def test_an_office_cannot_add_to_another_unit_and_nothing_is_stored(units, users):
    with pytest.raises(PermissionDenied):
        agency_create(unit=units["commune"], user=users["other_office"], name="X", kind="other")
    assert not Agency.objects.filter(name="X").exists()


def test_a_name_already_in_the_unit_is_refused_whatever_its_accents(units, users, agencies):
    with pytest.raises(ValidationError, match="đã có cơ quan"):
        agency_create(
            unit=units["commune"], user=users["office"], name="Phong kinh te", kind="other"
        )


def test_renaming_keeps_the_former_name_as_an_alias(units, users, agencies):
    agency = agency_update(
        agency=agencies["kinhte"],
        user=users["office"],
        name="Phòng Kinh tế, Hạ tầng và Đô thị",
        short_name="Phòng KT-HT&ĐT",
        kind="commune_division",
        aliases=[],
        is_active=True,
    )
    assert agency.name == "Phòng Kinh tế, Hạ tầng và Đô thị"
    assert "Phòng Kinh tế" in agency.aliases
    assert AgencyMatcher(units["commune"]).match("Phòng Kinh tế") == agency


def test_renaming_onto_a_sibling_name_changes_nothing(units, users, agencies):
    with pytest.raises(ValidationError):
        agency_update(
            agency=agencies["kinhte"],
            user=users["office"],
            name="Phòng Văn hóa - Xã hội",
            short_name="",
            kind="commune_division",
            aliases=[],
            is_active=True,
        )
    agencies["kinhte"].refresh_from_db()
    assert agencies["kinhte"].name == "Phòng Kinh tế"


def test_agency_pages_add_and_edit_for_the_office_only(login, units, users, agencies):
    office = login(users["office"])
    page = office.get(f"/don-vi/{units['commune'].pk}/").content.decode()
    assert "Thêm cơ quan" in page
    response = office.post(
        f"/don-vi/{units['commune'].pk}/them-co-quan/",
        {"name": "Trạm Y tế xã Vĩnh Lại", "kind": "public_service", "aliases": "Trạm Y tế"},
    )
    assert response.status_code == 302
    added = Agency.objects.get(unit=units["commune"], name="Trạm Y tế xã Vĩnh Lại")
    refused = office.post(f"/don-vi/{units['commune'].pk}/them-co-quan/", {"name": "", "kind": "x"})
    assert refused.status_code == 422
    edit = office.post(
        f"/don-vi/co-quan/{added.pk}/sua/",
        {"name": "Trạm Y tế Vĩnh Lại", "kind": "public_service", "is_active": "on"},
    )
    assert edit.status_code == 302
    added.refresh_from_db()
    assert added.name == "Trạm Y tế Vĩnh Lại" and "Trạm Y tế xã Vĩnh Lại" in added.aliases
    reporter = login(users["reporter"])
    assert reporter.get(f"/don-vi/co-quan/{added.pk}/sua/").status_code == 403
    denied = reporter.post(
        f"/don-vi/co-quan/{added.pk}/sua/", {"name": "Khác", "kind": "other", "is_active": "on"}
    )
    assert denied.status_code == 403
    added.refresh_from_db()
    assert added.name == "Trạm Y tế Vĩnh Lại"


def test_a_unit_set_up_by_hand_gets_its_standard_agencies(client, units):
    from theodoi.accounts.models import User
    from theodoi.units.models import Unit

    admin = User.objects.create_superuser(username="quantri", password="mat-khau-quan-tri-2025")
    client.force_login(admin)
    response = client.post(
        "/quan-tri/units/unit/add/",
        {
            "code": "phuong-moi",
            "name": "Phường Mới",
            "level": "commune",
            "unit_type": "phuong",
            "parent": units["province"].pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = Unit.objects.get(code="phuong-moi")
    names = set(unit.agencies.values_list("name", flat=True))
    assert {"Ủy ban nhân dân phường Mới", "Phòng Kinh tế, Hạ tầng và Đô thị"} <= names
    assert "Phòng Kinh tế" not in names
