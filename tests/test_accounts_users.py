"""The office's user and role page: scoped to its units, never beyond its own powers."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from tests.conftest import PASSWORD
from theodoi.accounts import services
from theodoi.accounts.choices import Role
from theodoi.accounts.models import User

pytestmark = pytest.mark.django_db


def test_an_office_lists_the_users_of_its_unit_only(login, users):
    page = login(users["office"]).get("/nguoi-dung/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "cb.kinhte" in body
    assert "vp.khac" not in body
    assert "lanhdao" not in body  # a role over the province, above the commune office


def test_a_reporter_may_not_open_the_user_page(login, users):
    assert login(users["reporter"]).get("/nguoi-dung/").status_code == 403


def test_an_office_creates_a_reporter_of_one_of_its_agencies(login, users, units, agencies):
    response = login(users["office"]).post(
        "/nguoi-dung/them/",
        {
            "username": "cb.vhxh",
            "full_name": "Nguyễn Thị Hương",
            "email": "huong@vinhlai.gov.vn",
            "password": PASSWORD,
            "password_again": PASSWORD,
            "role": Role.REPORTER,
            "unit": units["commune"].pk,
            "agency": agencies["vhxh"].pk,
        },
    )
    assert response.status_code == 302
    created = User.objects.get(username="cb.vhxh")
    assert created.check_password(PASSWORD)
    assert [(r.role, r.agency_id) for r in created.roles.all()] == [
        (Role.REPORTER, agencies["vhxh"].pk)
    ]


def test_an_office_may_not_create_a_user_in_another_commune(login, users, units):
    response = login(users["office"]).post(
        "/nguoi-dung/them/",
        {
            "username": "vp.moi",
            "password": PASSWORD,
            "password_again": PASSWORD,
            "role": Role.OFFICE,
            "unit": units["other"].pk,
        },
    )
    assert response.status_code == 422
    assert "không thuộc phạm vi bạn quản lý" in response.content.decode()
    assert not User.objects.filter(username="vp.moi").exists()


def test_a_reporter_without_agency_is_refused_with_a_message(users, units):
    with pytest.raises(ValidationError) as exc:
        services.user_create(
            actor=users["office"],
            username="cb.moi",
            password=PASSWORD,
            role=Role.REPORTER,
            unit=units["commune"],
        )
    assert "Cán bộ báo cáo phải thuộc một cơ quan." in exc.value.messages
    assert not User.objects.filter(username="cb.moi").exists()


def test_an_office_may_not_give_the_administrator_role(users, units):
    with pytest.raises(PermissionDenied):
        services.user_create(
            actor=users["office"],
            username="qt.moi",
            password=PASSWORD,
            role=Role.ADMIN,
            unit=units["commune"],
        )


def test_a_weak_or_taken_password_or_name_is_refused(users, units):
    with pytest.raises(ValidationError) as weak:
        services.user_create(
            actor=users["office"],
            username="vp.moi",
            password="123",
            role=Role.OFFICE,
            unit=units["commune"],
        )
    with pytest.raises(ValidationError) as taken:
        services.user_create(
            actor=users["office"],
            username="CB.KINHTE",
            password=PASSWORD,
            role=Role.OFFICE,
            unit=units["commune"],
        )
    assert "password" in weak.value.error_dict
    assert taken.value.messages == [services.USERNAME_TAKEN]


def test_changing_a_role_logs_it_and_an_unchanged_save_logs_nothing(login, users, units):
    client = login(users["office"])
    reporter = users["reporter"]
    data = {
        "full_name": "Trần Văn Bình",
        "email": "",
        "is_active": "on",
        "role": Role.LEADER,
        "unit": units["commune"].pk,
        "agency": "",
    }
    assert client.post(f"/nguoi-dung/{reporter.pk}/", data).status_code == 302
    assert [(r.role, r.agency_id) for r in reporter.roles.all()] == [(Role.LEADER, None)]
    entries = LogEntry.objects.count()
    assert client.post(f"/nguoi-dung/{reporter.pk}/", data).status_code == 302
    assert LogEntry.objects.count() == entries


def test_an_office_does_not_change_its_own_role(login, users, units):
    office = users["office"]
    response = login(office).post(
        f"/nguoi-dung/{office.pk}/",
        {"is_active": "on", "role": Role.LEADER, "unit": units["commune"].pk},
    )
    assert response.status_code == 422
    assert office.roles.get().role == Role.OFFICE


def test_a_user_outside_the_office_scope_is_a_404(login, users):
    assert login(users["office"]).get(f"/nguoi-dung/{users['other_office'].pk}/").status_code == 404


def test_the_agency_list_holds_only_the_chosen_units_agencies(login, users, units, agencies):
    from theodoi.units.models import Agency

    province_office = users["leader"]  # a leader of the province made an office of it below
    province_office.roles.update(role=Role.OFFICE)
    client = login(province_office)
    empty = client.get("/nguoi-dung/them/").content.decode()
    assert "Phòng Văn hóa - Xã hội" not in empty  # no unit chosen yet: no agency listed
    options = client.get(f"/nguoi-dung/co-quan/?unit={units['commune'].pk}").content.decode()
    assert "Phòng Văn hóa - Xã hội" in options and "Sở Khoa học" not in options
    other = Agency.objects.filter(unit=units["other"]).count()
    assert options.count("<option") == 1 + Agency.objects.filter(unit=units["commune"]).count()
    assert other >= 1
    refused = client.post(
        "/nguoi-dung/them/",
        {"unit": units["commune"].pk, "role": Role.REPORTER, "agency": agencies["other_kinhte"].pk},
    )
    assert "không thuộc phạm vi" in refused.content.decode() or refused.status_code == 422
