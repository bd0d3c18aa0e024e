"""Agencies recognised from the catalogue of standard agencies, instantiated for the unit
the plan's header names — never from a memory of plans read before."""

from __future__ import annotations

from datetime import date

import pytest

from theodoi.ingest.agency_catalogue import catalogue_entries, registry_for_unit
from theodoi.ingest.pipeline import ingest_text
from theodoi.ingest.units_of_vietnam import find_commune, read_plan_unit


@pytest.fixture(scope="module")
def ta_xua():
    unit = read_plan_unit(
        issuer="ỦY BAN NHÂN DÂN XÃ TÀ XÙA",
        place="Tà Xùa",
        title="Kế hoạch",
        text="Thực hiện Kế hoạch của UBND tỉnh Sơn La",
    )
    return registry_for_unit(unit, on=date(2026, 3, 1))


@pytest.fixture(scope="module")
def da_nang():
    unit = read_plan_unit(
        issuer="ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG", place="Đà Nẵng", title="Kế hoạch", text=""
    )
    return registry_for_unit(unit, on=date(2026, 3, 1))


def test_the_catalogue_is_read():
    levels = {e.level for e in catalogue_entries()}
    assert {"national", "province", "commune"} <= levels


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Công an xã", "Công an xã Tà Xùa"),  # the unit's name from the catalogue's unit_name
        ("Ban CHQS xã", "Ban Chỉ huy Quân sự xã Tà Xùa"),
        ("Phòng VH-XH", "Phòng Văn hóa - Xã hội"),
        ("Phong Van hoa - Xa hoi", "Phòng Văn hóa - Xã hội"),  # no diacritics
        ("TTPVHCC", "Trung tâm Phục vụ hành chính công"),
        ("S¢ Khoa hoc va Cong nghé", "Sở Khoa học và Công nghệ"),  # the province's Sở
        ("UBND tỉnh", "Ủy ban nhân dân tỉnh Sơn La"),
    ],
)
def test_a_communes_agencies_and_its_provinces(ta_xua, raw, name):
    res = ta_xua.resolve(raw)
    assert (res.kind, res.name) == ("agency", name)


@pytest.mark.parametrize(
    ("read", "name"),
    [
        # the kinds of confusion of tesseract's English model on Vietnamese
        ("Phong Vin hoa - X3 hoi", "Phòng Văn hóa - Xã hội"),  # a marked vowel misread
        ("S6 Khoa hoc va Cong nghé", "Sở Khoa học và Công nghệ"),  # "ở" read as "6"
        ("S¢ Y t¢", "Sở Y tế"),  # … as "¢"
        ("Cong an xd", "Công an xã Tà Xùa"),  # "xã" read as "xd"
        ("Tram Y t€ x&", "Trạm Y tế xã Tà Xùa"),
        ("Pang uy xa", "Đảng ủy xã Tà Xùa"),  # "Đ" read as "P"
        ("Trung tdm Phuc vu hanh chinh cong", "Trung tâm Phục vụ hành chính công"),
    ],
)
def test_ocr_damaged_names_are_recognised(ta_xua, read, name):
    res = ta_xua.resolve(read)
    assert (res.kind, res.name) == ("agency", name)


def test_a_city_speaks_of_itself_as_thanh_pho(da_nang):
    assert da_nang.resolve("Công an thành phố").name == "Công an thành phố Đà Nẵng"
    assert da_nang.resolve("UBND thành phố").name == "Ủy ban nhân dân thành phố Đà Nẵng"


def test_a_short_slip_is_not_another_agency(ta_xua):
    # "thanh toan" (payment) is one letter from "Thành đoàn", and no agency
    assert ta_xua.resolve("thanh toan").kind != "agency"


def test_an_agency_merged_away_is_matched_after_the_usual_ones():
    unit = read_plan_unit(issuer="UBND TỈNH SƠN LA", place=None, title="", text="")
    units = {e["name"]: e["unit"] for e in registry_for_unit(unit, on=date(2026, 1, 1)).entries}
    assert units["Sở Khoa học và Công nghệ"] == "province"
    assert units["Sở Thông tin và Truyền thông"] == "province~"  # merged on 1/3/2025


def test_without_a_unit_the_generic_names_are_known():
    reg = registry_for_unit(None)
    assert reg.resolve("Phòng Kinh tế").name == "Phòng Kinh tế"
    assert reg.resolve("Sở Y tế").name == "Sở Y tế"


PLAN = """ỦY BAN NHÂN DÂN
XÃ TÀ XÙA
Số: 12/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Tà Xùa, ngày 05 tháng 3 năm 2026

KẾ HOẠCH
Chuyển đổi số trên địa bàn xã Tà Xùa năm 2026

I. MỤC ĐÍCH, YÊU CẦU
1. Triển khai các nhiệm vụ chuyển đổi số của tỉnh Sơn La trên địa bàn xã.

II. NHIỆM VỤ CỤ THỂ
1. Số hóa hồ sơ hộ tịch lưu trữ tại xã.
Cơ quan chủ trì: Phòng Văn hóa - Xã hội.
Cơ quan phối hợp: Công an xã; Hợp tác xã Chè Tuyết Shan.
Thời gian hoàn thành: Quý IV/2026.

2. Hướng dẫn người dân cài đặt ứng dụng định danh điện tử.
Cơ quan chủ trì: Công an xã.
Cơ quan phối hợp: Đoàn Thanh niên xã.
Thời gian hoàn thành: Thường xuyên.
"""


def test_a_plan_of_an_unseen_commune_names_its_own_agencies():
    plan = ingest_text(PLAN)
    assert plan.document.level == "commune"
    leads = [t.lead for t in plan.tasks]
    assert leads == ["Phòng Văn hóa - Xã hội", "Công an xã Tà Xùa"]
    coords = {c for t in plan.tasks for c in t.coordinators}
    assert "Công an xã Tà Xùa" in coords
    assert "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Tà Xùa" in coords


def test_an_agency_the_catalogue_lacks_is_kept_as_read_and_flagged():
    plan = ingest_text(PLAN)
    coords = {c for t in plan.tasks for c in t.coordinators}
    assert "Hợp tác xã Chè Tuyết Shan" in coords
    assert any("Hợp tác xã Chè Tuyết Shan" in w for w in plan.warnings)


def test_the_commune_is_the_real_one():
    assert [c.name for c in find_commune("Tà Xùa", "xã")] == ["Xã Tà Xùa"]


def test_eval_compares_leads_as_catalogue_agencies(ta_xua):
    from theodoi.ingest.evaluate import evaluate

    gold = {"tasks": [{"code": "1", "title": "Số hóa hồ sơ hộ tịch", "lead": "Công an xã"}]}

    def scored(lead):
        got = {"tasks": [{"code": "1", "title": "Số hóa hồ sơ hộ tịch", "lead": lead}]}
        return evaluate(got, gold, registry=ta_xua).task_lead.rate

    assert scored("Công an xã Tà Xùa") == 1.0  # the same agency, named with its unit
    assert scored("Ban Chỉ huy Quân sự xã Tà Xùa") == 0.0
