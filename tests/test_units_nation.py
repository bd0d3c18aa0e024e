"""The nation from vietnam-provinces (units.services.nation_load): units, former provinces,
standard agencies, reloading, a newer release, search, and roll-up of a former province."""

from __future__ import annotations

import dataclasses
import json

import pytest
from django.db.models import Max
from django.utils import timezone

from tests.conftest import extraction
from theodoi.accounts.models import User
from theodoi.dashboards.selectors import unit_dashboard
from theodoi.plans.models import Plan
from theodoi.plans.services import plan_activate, plan_import_extraction
from theodoi.units.models import Agency, Unit
from theodoi.units.services import nation_load
from theodoi.units.sources import CATALOGUE_PATH, release_read, release_subset

pytestmark = pytest.mark.django_db

# Sơn La (Tà Xùa), Đà Nẵng (Hội An), Đồng Nai (successor of Bình Phước); communes cut to keep
# the tests fast, the named ones kept.
PROVINCES = {"son-la", "da-nang", "dong-nai"}
KEEP = {"Xã Tà Xùa", "Phường Hội An", "Xã Xuân Thành"}


def _small(release=None):
    release = release or release_read()
    subset = release_subset(release, PROVINCES)
    provinces = tuple(
        dataclasses.replace(
            p, communes=tuple(c for i, c in enumerate(p.communes) if i < 12 or c.name in KEEP)
        )
        for p in subset.provinces
    )
    return dataclasses.replace(subset, provinces=provinces)


@pytest.fixture
def small():
    release = _small()
    nation_load(release=release)
    return release


def _standard_keys(level: str, unit_type: str) -> set[str]:
    entries = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))["entries"]
    return {
        e["key"]
        for e in entries
        if e["level"] == level
        and e["standard"]
        and not e.get("valid_until")
        and unit_type in e.get("unit_types", [unit_type])
    }


def test_provinces_and_communes_get_official_codes_types_and_parents(small):
    son_la = Unit.objects.get(code="son-la")
    assert (son_la.name, son_la.official_code, son_la.unit_type) == ("Tỉnh Sơn La", "14", "tinh")
    assert son_la.parent.code == "VN"
    da_nang = Unit.objects.get(code="da-nang")
    assert (da_nang.name, da_nang.unit_type) == ("Thành phố Đà Nẵng", "thanh-pho")
    ta_xua = Unit.objects.get(name="Xã Tà Xùa")
    assert (ta_xua.parent, ta_xua.unit_type, ta_xua.level) == (son_la, "xa", "commune")
    assert Unit.objects.get(name="Phường Hội An").unit_type == "phuong"
    expected = sum(len(p.communes) for p in small.provinces)
    assert Unit.objects.filter(level="commune").count() == expected


def test_former_province_sits_under_its_successor(small):
    binh_phuoc = Unit.objects.get(code="binh-phuoc")
    dong_nai = Unit.objects.get(code="dong-nai")
    assert binh_phuoc.is_historical and binh_phuoc.successor == dong_nai
    assert binh_phuoc.parent == dong_nai and binh_phuoc.level == "province"
    assert "202/2025/QH15" in binh_phuoc.source
    assert binh_phuoc in dong_nai.descendants_and_self()
    # A former province has the agencies of its time, merged on 1/3/2025.
    assert binh_phuoc.agencies.filter(name="Sở Thông tin và Truyền thông").exists()
    assert not dong_nai.agencies.filter(name="Sở Thông tin và Truyền thông").exists()


def test_every_unit_gets_the_standard_agencies_of_its_level_and_type(small):
    for unit in Unit.objects.filter(level__in=["province", "commune"], is_historical=False):
        keys = set(unit.agencies.values_list("catalogue_key", flat=True))
        assert keys == _standard_keys(unit.level, unit.unit_type), unit
    ta_xua = Unit.objects.get(name="Xã Tà Xùa")
    names = set(ta_xua.agencies.values_list("name", flat=True))
    assert {"Ủy ban nhân dân xã Tà Xùa", "Công an xã Tà Xùa", "Phòng Kinh tế"} <= names
    hoi_an = Unit.objects.get(name="Phường Hội An")
    assert hoi_an.agencies.filter(name="Phòng Kinh tế, Hạ tầng và Đô thị").exists()
    assert not hoi_an.agencies.filter(name="Phòng Kinh tế").exists()


def test_loading_twice_changes_nothing(small):
    counts = Unit.objects.count(), Agency.objects.count()
    stamps = (
        Unit.objects.aggregate(m=Max("updated_at"))["m"],
        Agency.objects.aggregate(m=Max("updated_at"))["m"],
    )
    again = nation_load(release=small)
    assert not again.changed
    assert (Unit.objects.count(), Agency.objects.count()) == counts
    assert (
        Unit.objects.aggregate(m=Max("updated_at"))["m"],
        Agency.objects.aggregate(m=Max("updated_at"))["m"],
    ) == stamps


def _newer(release, *, rename: str, new_name: str, drop: str):
    provinces = []
    for p in release.provinces:
        communes = tuple(
            dataclasses.replace(c, name=new_name) if c.name == rename else c
            for c in p.communes
            if c.name != drop
        )
        provinces.append(dataclasses.replace(p, communes=communes))
    # The whole list of that (smaller) world: units outside it are retired.
    return dataclasses.replace(
        release, label="vietnam-provinces 2026.1.0", provinces=tuple(provinces), complete=True
    )


def test_newer_release_renames_marks_missing_units_and_keeps_their_plans(small):
    gone = Unit.objects.get(name="Xã Xuân Thành")
    plan = plan_import_extraction(unit=gone, extraction=extraction()).plan
    renamed = Unit.objects.get(name="Xã Tà Xùa")
    police = renamed.agencies.get(catalogue_key="cong-an-xa")
    own = Agency.objects.get(unit=renamed, catalogue_key="phong-kinh-te")
    own.name = "Phòng Kinh tế xã Tà Xùa"  # the office renamed it: kept
    own.save()

    result = nation_load(
        release=_newer(small, rename="Xã Tà Xùa", new_name="Xã Tà Xùa Mới", drop="Xã Xuân Thành")
    )

    assert result.units_retired == 1 and result.units_created == 0
    gone.refresh_from_db()
    assert not gone.is_active and Plan.objects.filter(pk=plan.pk, unit=gone).exists()
    renamed.refresh_from_db()
    assert renamed.name == "Xã Tà Xùa Mới" and renamed.official_code == "03868"
    police.refresh_from_db()
    assert police.name == "Công an xã Tà Xùa Mới"
    own.refresh_from_db()
    assert own.name == "Phòng Kinh tế xã Tà Xùa"
    assert Unit.objects.filter(search_key__contains="ta xua moi").get() == renamed


def test_a_partial_release_retires_nothing(small):
    result = nation_load(release=release_subset(small, {"son-la"}))
    assert result.units_retired == 0 and not result.changed
    assert not Unit.objects.filter(is_active=False).exists()


def test_registry_file_after_the_nation_adds_aliases_not_duplicates(small):
    from theodoi.units.services import registry_load

    before = Agency.objects.filter(unit__code="dong-nai").count()
    registry_load()
    dong_nai = Unit.objects.get(code="dong-nai")
    assert dong_nai.parent.code == "VN" and dong_nai.official_code == "75"
    assert Unit.objects.get(code="binh-phuoc").parent == dong_nai  # not moved back
    # The file names Đồng Nai's UBND and Sở KH&CN, both standard: no new agency.
    assert Agency.objects.filter(unit=dong_nai).count() == before
    ubnd = dong_nai.agencies.get(catalogue_key="uy-ban-nhan-dan-tinh")
    assert "UBND tỉnh Đồng Nai" in ubnd.aliases


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser(username="quantri", password="mat-khau-quan-tri-2025")
    client.force_login(user)
    return client


@pytest.mark.parametrize("query", ["ta xua", "TA XUA", "Tà Xùa"])
def test_units_found_without_diacritics_in_page_api_and_admin(small, admin_client, query):
    page = admin_client.get("/don-vi/", {"q": query}).content.decode()
    assert "Xã Tà Xùa" in page and "Phường Hội An" not in page
    api = admin_client.get("/api/units/", {"q": query}).json()
    assert [u["name"] for u in api["results"]] == ["Xã Tà Xùa"]
    admin = admin_client.get("/quan-tri/units/unit/", {"q": query}).content.decode()
    assert "Xã Tà Xùa" in admin and "Phường Hội An" not in admin


def test_whole_phrase_matches_come_first(small):
    from theodoi.units.filtersets import UnitFilterSet

    son_la = Unit.objects.get(code="son-la")  # its path sorts before Tà Xùa's
    Unit.objects.create(code="xa-a-tam-xuan", name="Xã Tam Xuân", level="commune", parent=son_la)
    found = [u.name for u in UnitFilterSet({"q": "ta xua"}, queryset=Unit.objects.all()).qs]
    assert found == ["Xã Tà Xùa", "Xã Tam Xuân"]


def test_agencies_found_by_abbreviation(small, admin_client):
    ta_xua = Unit.objects.get(name="Xã Tà Xùa")
    api = admin_client.get("/api/agencies/", {"q": "vh-xh", "unit": ta_xua.pk}).json()
    assert [a["name"] for a in api["results"]] == ["Phòng Văn hóa - Xã hội"]
    page = admin_client.get("/don-vi/co-quan/", {"q": "vh-xh", "unit_q": "ta xua"})
    body = page.content.decode()
    assert body.count("Phòng Văn hóa - Xã hội</a>") == 1 and "Xã Tà Xùa</a>" in body
    admin = admin_client.get("/quan-tri/units/agency/", {"q": "ttpvhcc"}).content.decode()
    assert "Trung tâm Phục vụ hành chính công" in admin


def test_unit_list_is_paginated(small, admin_client):
    body = admin_client.get("/don-vi/", {"level": "commune"}).content.decode()
    assert "page=2" in body


def test_plan_of_a_former_province_rolls_up_into_its_successor(small):
    binh_phuoc = Unit.objects.get(code="binh-phuoc")
    data = extraction(title="Kế hoạch chuyển đổi số năm 2025 của tỉnh", number="57/KH-UBND")
    for item in data["tasks"] + data["indicators"]:
        item["lead"] = "Sở Khoa học và Công nghệ"
    plan = plan_activate(plan=plan_import_extraction(unit=binh_phuoc, extraction=data).plan)
    assert plan.unit == binh_phuoc
    assert plan.tasks.filter(lead__unit=binh_phuoc).count() == len(data["tasks"])
    today = timezone.localdate()
    for fast in (False, True):
        board = unit_dashboard(unit=Unit.objects.get(code="dong-nai"), as_of=today, fast=fast)
        assert board.counts["total"] == len(data["tasks"]), (fast, board.counts)
        assert any(c.code == "binh-phuoc" for c, _counts, _s in board.children), fast


def test_successor_office_reads_the_former_province_and_not_the_reverse(small):
    from theodoi.accounts.choices import Role
    from theodoi.accounts.models import RoleAssignment
    from theodoi.accounts.permissions import visible_units

    dong_nai, binh_phuoc = Unit.objects.get(code="dong-nai"), Unit.objects.get(code="binh-phuoc")
    successor_office = User.objects.create_user(username="vp.dongnai", password="x-2025-mat-khau")
    RoleAssignment.objects.create(user=successor_office, role=Role.OFFICE, unit=dong_nai)
    former_office = User.objects.create_user(username="vp.binhphuoc", password="x-2025-mat-khau")
    RoleAssignment.objects.create(user=former_office, role=Role.OFFICE, unit=binh_phuoc)
    assert visible_units(successor_office).filter(pk=binh_phuoc.pk).exists()
    assert list(visible_units(former_office)) == [binh_phuoc]
