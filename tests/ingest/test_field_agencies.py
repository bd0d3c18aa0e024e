"""Agency names in OCR'd cells and collective leads."""

from theodoi.ingest.fields.agencies import collective_at, ocr_word, render_collective
from theodoi.ingest.fields.namer import AgencyNamer
from theodoi.ingest.resolve import AgencyRegistry


def test_ocr_misreadings_of_cac_and_so_fold_to_their_words():
    assert ocr_word("C4c") == "cac"
    assert ocr_word("S¢") == "so"
    assert ocr_word("Phòng") == "phong"


def test_a_collective_lead_is_read_from_its_words():
    words = "Hoàn thành 100% Cac so, nganh, dia phuong".split()
    assert collective_at(words, 2) == "Các sở, ngành, địa phương"


def test_a_collective_is_shown_with_diacritics():
    assert render_collective(["cac", "don", "vi", "lien", "quan"], []) == "Các đơn vị liên quan"


def test_an_unknown_agency_is_kept_as_written_and_flagged_once():
    warnings: list[str] = []
    namer = AgencyNamer(AgencyRegistry([{"unit": "x", "name": "Phòng Kinh tế"}]), warnings)
    assert namer.name("Phòng Kinh tế") == "Phòng Kinh tế"
    assert namer.name("Ban Quản lý chợ Đồng Lâm") == "Ban Quản lý chợ Đồng Lâm"
    namer.name("Ban Quản lý chợ Đồng Lâm")
    assert len([w for w in warnings if "Ban Quản lý chợ" in w]) == 1


def test_a_head_word_opening_a_phrase_opens_no_agency():
    from theodoi.ingest.fields.namer import opens_agency

    for phrase in (
        "Hội nghị được tổ chức",
        "Ban hành quy chế",
        "Tổ chức tập huấn",
        "Trường hợp cần thiết",
        "Báo cáo kết quả",
        "Hoi nghi so ket",
    ):
        assert not opens_agency(phrase), phrase
    for name in (
        "Hội Nông dân xã",
        "Ban Chỉ đạo",
        "Tổ công nghệ số cộng đồng",
        "Trường Tiểu học số 1",
        "Chi cục Kiểm lâm",
        "Kho bạc Nhà nước khu vực",
    ):
        assert opens_agency(name), name
