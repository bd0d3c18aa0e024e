"""The plan's own unit, read from its header and matched to a real unit of Vietnam."""

from __future__ import annotations

import pytest

from theodoi.ingest.units_of_vietnam import (
    find_commune,
    find_province,
    loose_key,
    read_plan_unit,
)


@pytest.mark.parametrize(
    ("read", "name"),
    [
        ("Xudn Son", "Xuân Sơn"),  # "â" read as "d"
        ("Xuin Son", "Xuân Sơn"),
        ("S¢n La", "Sơn La"),  # "ơ" read as "¢"
        ("Pong Thap", "Đồng Tháp"),  # "Đ" read as "P"
    ],
)
def test_ocr_misreadings_share_the_loose_key(read, name):
    assert loose_key(read) == loose_key(name)


def test_short_names_must_agree_exactly():
    assert find_province("Hue") is not None
    assert find_province("Hai") is None  # not "Huế" by its vowels


def test_a_province_is_found_without_diacritics():
    assert find_province("DA NANG").place == "Đà Nẵng"
    assert find_province("Pong Thap").place == "Đồng Tháp"


def test_a_former_province_is_found_only_when_asked():
    assert find_province("Ha Giang") is None
    old = find_province("Ha Giang", historical=True)
    assert old is not None and old.historical and old.place == "Hà Giang"


def test_a_commune_name_borne_by_several_communes_lists_them_all():
    assert len(find_commune("Tân Hòa", "xã")) > 1
    assert [c.name for c in find_commune("Ta Xua", "xã")] == ["Xã Tà Xùa"]


def test_the_issuer_names_the_commune_and_the_text_its_province():
    unit = read_plan_unit(
        issuer="UY BAN NHAN DAN XA TA XUA",
        place="Ta Xua",
        title="Ke hoach chuyen doi so tren dia ban xa Ta Xua nam 2026",
        text="Thuc hien Ke hoach cua UBND tinh Son La ve chuyen doi so",
        ocr=True,
    )
    assert (unit.level, unit.kind, unit.place, unit.known) == ("commune", "xã", "Tà Xùa", True)
    assert unit.province.place == "Sơn La"
    assert unit.name == "xã Tà Xùa"


def test_a_ward_is_read_from_the_title_when_the_header_has_no_issuer():
    unit = read_plan_unit(
        issuer=None, place=None, title="Kế hoạch chuyển đổi số trên địa bàn phường Hội An", text=""
    )
    assert (unit.kind, unit.place) == ("phường", "Hội An")


def test_a_department_under_a_city_is_an_agency_plan_of_the_city():
    unit = read_plan_unit(
        issuer="UBND THÀNH PHỐ ĐÀ NẴNG SỞ Y TẾ", place="Đà Nẵng", title="Kế hoạch", text=""
    )
    assert (unit.level, unit.kind, unit.place) == ("province", "thành phố", "Đà Nẵng")
    assert unit.issuer_is_agency


def test_a_former_province_plan_keeps_its_province():
    unit = read_plan_unit(
        issuer="UY BAN NHAN DAN TINH HA GIANG", place="Ha Giang", title="Ke hoach", ocr=True
    )
    assert (unit.level, unit.place, unit.known) == ("province", "Hà Giang", True)
    assert unit.unit.historical


def test_an_unknown_unit_is_kept_as_written():
    unit = read_plan_unit(
        issuer="ỦY BAN NHÂN DÂN XÃ MÔ PHỎNG", place="Mô Phỏng", title="Kế hoạch", text=""
    )
    assert (unit.kind, unit.place, unit.known) == ("xã", "Mô Phỏng", False)


def test_no_unit_in_the_header_is_none():
    assert read_plan_unit(issuer=None, place=None, title="Kế hoạch năm 2026", text="") is None
