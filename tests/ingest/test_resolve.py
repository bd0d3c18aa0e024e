import pytest

from theodoi.ingest.resolve import AgencyRegistry, is_collective, split_agencies


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
        ("So Khoa hoc va Cong nghe", "Sở Khoa học và Công nghệ"),
        ("VPUB", "Văn phòng Ủy ban nhân dân thành phố"),
        ("Phòng VH-XH", "Phòng Văn hóa - Xã hội"),
        ("Phòng Văn hóa – Xã hội", "Phòng Văn hóa - Xã hội"),
        ("TTPVHCC", "Trung tâm Phục vụ hành chính công"),
        ("Trung tâm phục vụ hành chính công", "Trung tâm Phục vụ hành chính công"),
        ("Trung tâm VHTTTT", "Trung tâm Văn hóa, Thông tin và Thể thao"),
        ("Văn phòng HĐND&UBND", "Văn phòng HĐND và UBND xã"),
        ("Công an xã", "Công an xã Vĩnh Lại"),
    ],
)
def test_resolves_abbreviations_and_missing_diacritics(small_registry, raw, name):
    res = small_registry.resolve(raw)
    assert res.kind == "agency" and res.name == name


def test_collective_phrase_is_kept_as_read(small_registry):
    res = small_registry.resolve("Các cơ quan chuyên môn, đơn vị liên quan.")
    assert res.kind == "collective" and res.name is None
    assert res.display == "Các cơ quan chuyên môn, đơn vị liên quan"


def test_unknown_agency_is_kept_as_read(small_registry):
    res = small_registry.resolve("Phòng Nội vụ")
    assert res.kind == "unknown" and res.display == "Phòng Nội vụ"


@pytest.mark.parametrize(
    ("cell", "parts"),
    [
        ("Các cơ quan chuyên môn, đơn vị liên quan.", ["Các cơ quan chuyên môn, đơn vị liên quan"]),
        ("Văn phòng HĐND và UBND", ["Văn phòng HĐND và UBND"]),
        (
            "Sở Khoa học và Công nghệ, các đơn vị liên quan",
            ["Sở Khoa học và Công nghệ", "các đơn vị liên quan"],
        ),
        (
            "Công an thành phố; Các cơ quan chuyên môn, đơn vị liên quan.",
            ["Công an thành phố", "Các cơ quan chuyên môn, đơn vị liên quan"],
        ),
        (
            "Các sở, ban, ngành, UBND các huyện, thị xã, thành phố",
            ["Các sở, ban, ngành", "UBND các huyện, thị xã, thành phố"],
        ),
    ],
)
def test_split_coordinators_on_semicolons_and_agency_commas(cell, parts):
    assert split_agencies(cell) == parts


def test_is_collective():
    assert is_collective("các đơn vị liên quan")
    assert not is_collective("Phòng Kinh tế")


def test_registry_scoped_to_unit_and_ancestors(small_registry):
    scoped = small_registry.scoped("xa-vinh-lai")
    assert {e["unit"] for e in scoped.entries} == {"xa-vinh-lai", "hai-phong"}


def test_empty_registry_resolves_nothing():
    assert AgencyRegistry([]).resolve("Phòng Kinh tế").kind == "unknown"


FRAGMENT_REGISTRY = AgencyRegistry.from_data(
    {
        "units": [
            {"code": "VN", "name": "Việt Nam", "level": "national"},
            {"code": "p", "name": "Tỉnh Bình Phước", "level": "province", "parent": "VN"},
        ],
        "agencies": [
            {"unit": "p", "name": "Sở Thông tin và Truyền thông"},
            {"unit": "p", "name": "Sở Khoa học và Công nghệ"},
            {"unit": "p", "name": "Sở Tài chính"},
            {"unit": "p", "name": "Sở Y tế"},
            {"unit": "p", "name": "Trung tâm Phục vụ hành chính công"},
            {"unit": "p", "name": "Thường trực Đảng ủy"},
            {"unit": "VN", "name": "Bộ Thông tin và Truyền thông"},
            {"unit": "VN", "name": "Bộ Khoa học và Công nghệ"},
        ],
    }
).scoped("p")


@pytest.mark.parametrize(
    ("piece", "name"),
    [
        # the end or the middle of a cell cut across lines
        ("tin va Truyén thong", "Sở Thông tin và Truyền thông"),
        ("noc va ~ong nghe", "Sở Khoa học và Công nghệ"),
        ("vu hanh chinh", "Trung tâm Phục vụ hành chính công"),
        ("Trung tdm Phuc 9", "Trung tâm Phục vụ hành chính công"),
        # a name whose words ran together
        ("SoYte", "Sở Y tế"),
        ("S¢Y te", "Sở Y tế"),
        ("So Thongtinva", "Sở Thông tin và Truyền thông"),
        ("So Khoahocva", "Sở Khoa học và Công nghệ"),
        ("khoahocva", "Sở Khoa học và Công nghệ"),
        # not a piece of any name
        ("Thuong", None),
        ("Thuong xuyén", None),
        ("Doanh nghiép vién thong", None),
        ("dan va", None),
    ],
)
def test_fragment_of_an_ocr_cell(piece, name):
    res = FRAGMENT_REGISTRY.fragment(piece)
    assert (res.name if res else None) == name


@pytest.mark.parametrize(
    ("start", "name"),
    [
        # "Sở …" and "Bộ …" begin alike once OCR garbles the first word: the plan's
        # own unit's agency
        ("S& Khoa hoc va", "Sở Khoa học và Công nghệ"),
        ("S& ThQng tin va", "Sở Thông tin và Truyền thông"),
        ("Bo Khoa hoc va Cong", "Bộ Khoa học và Công nghệ"),
        ("Trung tdm Phuc", "Trung tâm Phục vụ hành chính công"),
    ],
)
def test_fuzzy_prefix_prefers_the_plans_own_unit(start, name):
    res = FRAGMENT_REGISTRY.fuzzy_prefix(start)
    assert res is not None and res.name == name
