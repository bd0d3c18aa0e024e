import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from theodoi.ingest.cli import run_ingest
from theodoi.ingest.errors import IngestError
from theodoi.ingest.load import load_text
from theodoi.ingest.pipeline import ingest_text

SAMPLE = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ AN BÌNH Độc lập - Tự do - Hạnh phúc
Số: 12/KH-UBND An Bình, ngày 05 tháng 3 năm 2025
KẾ HOẠCH
Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị
Căn cứ Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ;
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Triển khai đầy đủ các nhiệm vụ.
II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Nâng cao nhận thức
1.1. Tuyên truyền sâu rộng về chuyển đổi số trên hệ thống truyền thanh.
1.2. Phòng Văn hóa - Xã hội chủ trì tổ chức lớp tập huấn kỹ năng số.
III. TỔ CHỨC THỰC HIỆN
Định kỳ hằng năm trước ngày 15/12 các cơ quan báo cáo Ủy ban nhân dân xã (qua Phòng Văn hóa - Xã hội) kết quả thực hiện.
"""


def test_small_plan_end_to_end(small_registry):
    plan = ingest_text(SAMPLE, registry=small_registry)
    assert plan.document.number == "12/KH-UBND"
    assert plan.document.date.isoformat() == "2025-03-05"
    assert [t.code for t in plan.tasks] == ["1.1", "1.2"]
    assert plan.tasks[0].lead is None
    assert plan.tasks[1].lead == "Phòng Văn hóa - Xã hội"
    assert any("chưa có cơ quan chủ trì" in w for w in plan.warnings)
    assert plan.reporting[0].due == "15/12"
    assert {r.symbol for r in plan.document.references} == {"57-NQ/TW", "71/NQ-CP"}


@settings(max_examples=60, deadline=30000)
@given(st.text(max_size=3000))
def test_random_text_never_crashes(text):
    plan = ingest_text(text, registry=None)
    json.loads(plan.to_json())


@settings(max_examples=30, deadline=30000)
@given(
    st.lists(
        st.sampled_from(
            [
                "I. NHIỆM VỤ",
                "1.",
                "a)",
                "- ",
                "1.1",
                "Phòng Kinh tế",
                "≥ 80%",
                "PHỤ LỤC I",
                "TT Chỉ tiêu",
                "2025",
                "Thường xuyên",
                "\n",
                "Nơi nhận:",
            ]
        ),
        max_size=200,
    )
)
def test_structured_noise_never_crashes(parts):
    ingest_text("\n".join(parts), registry=None)


def test_load_rejects_binary_and_empty(tmp_path):
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    empty = tmp_path / "e.txt"
    empty.write_text("   \n")
    for p in (binary, empty, tmp_path / "missing.txt", tmp_path / "plan.pdf"):
        try:
            load_text(p)
        except IngestError as exc:
            assert str(exc)
        else:
            raise AssertionError(p)


def test_load_falls_back_to_cp1258(tmp_path):
    p = tmp_path / "old.txt"
    p.write_bytes("Kê\u0301 hoa\u0323ch".encode("cp1258") + b"\xff\xfe")
    assert load_text(p).startswith("K")


def test_cli_prints_json_and_reports_unreadable_files(tmp_path):
    f = tmp_path / "kh.txt"
    f.write_text(SAMPLE, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert run_ingest([str(f), "--json"], out, err) == 0
    assert json.loads(out.getvalue())["document"]["number"] == "12/KH-UBND"
    out, err = io.StringIO(), io.StringIO()
    assert run_ingest([str(tmp_path / "nope.txt"), "--json"], out, err) == 2
    assert "Không tìm thấy tệp" in err.getvalue()


YEAR_PLAN = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ AN BÌNH Độc lập - Tự do - Hạnh phúc
Số: 15/KH-UBND An Bình, ngày 05 tháng 2 năm 2026
KẾ HOẠCH
Chuyển đổi số trên địa bàn xã năm 2026
I. MỤC TIÊU
- Bảo đảm tối thiểu 90% hộ kinh doanh có hình thức thanh toán số.
II. NHIỆM VỤ TRỌNG TÂM NĂM 2026
1. Phát triển kinh tế số
- Hỗ trợ hộ kinh doanh, hợp tác xã tham gia sàn thương mại điện tử, thanh toán không dùng tiền mặt.
2. Phát triển xã hội số
- Tổ chức tập huấn kỹ năng số cho Tổ công nghệ số cộng đồng tại các thôn.
- Sửa chữa nhà văn hóa thôn.
III. TỔ CHỨC THỰC HIỆN
1. Phòng Kinh tế tham mưu UBND xã nội dung sau:
- Phối hợp hỗ trợ hộ kinh doanh, hợp tác xã tham gia sàn thương mại điện tử.
2. Phòng Văn hóa - Xã hội tham mưu UBND xã nội dung sau:
- Tập huấn kỹ năng số cho Tổ công nghệ số cộng đồng.
3. Các cơ quan, đơn vị định kỳ báo cáo kết quả về UBND xã.
"""


def test_tasks_of_a_one_year_section_are_due_at_its_end(small_registry):
    plan = ingest_text(YEAR_PLAN, registry=small_registry)
    assert len(plan.tasks) == 3
    assert all(t.deadline.kind == "date" for t in plan.tasks)
    assert {t.deadline.due.isoformat() for t in plan.tasks} == {"2026-12-31"}


def test_leads_come_from_the_implementation_section(small_registry):
    plan = ingest_text(YEAR_PLAN, registry=small_registry)
    leads = [t.lead for t in plan.tasks]
    assert leads[0] == "Phòng Kinh tế"
    assert leads[1] == "Phòng Văn hóa - Xã hội"
    assert leads[2] is None  # no agency's duties say this


def test_unique_prefix_names_one_agency(small_registry):
    res = small_registry.unique_prefix("Phòng Văn hóa -")
    assert res is not None and res.name == "Phòng Văn hóa - Xã hội"
    assert small_registry.unique_prefix("Trung tâm") is None  # too short, and two agencies


def _objectives(items: list[str]):
    from theodoi.ingest.segment import Section

    root = Section("root", "", "", 0, 0)
    sec = Section("roman", "II", "CÁC CHỈ TIÊU CHỦ YẾU", 1, 1, parent=root)
    year = Section("num", "1", "Đến năm 2030", 2, 2, parent=sec)
    root.children.append(sec)
    sec.children.append(year)
    for i, text in enumerate(items):
        year.children.append(Section("letter", "abcdeg"[i], text, 3 + i, 3 + i, parent=year))
    return root


OBJECTIVE_CASES = [
    # (objective, table cell, OCR?, expected (op, value, value_max))
    ("Quy mô kinh tế số đạt tối thiểu 30% GRDP.", "30%", False, (">=", 30, None)),
    ("Quy mô kinh tế số đạt tối thiểu 30% GRDP.", "> 30", True, (">=", 30, None)),
    # a digital table's ">" is what the author typed
    ("Quy mô kinh tế số đạt tối thiểu 30% GRDP.", "> 30", False, (">", 30, None)),
    ("Quy mô kinh tế số thuộc nhóm 05 tỉnh, thành phố dẫn đầu.", "05", True, ("top", 5, None)),
    # an explicit sign in the cell stays
    ("Quy mô kinh tế số thuộc nhóm 25 tỉnh, thành phố dẫn đầu.", "<25", True, ("<", 25, None)),
    ("Quy mô kinh tế số phấn đấu đạt 1,5% GRDP.", "15", True, (">=", 1.5, None)),
    ("Quy mô kinh tế số tăng trung bình 02 - 05%/năm.", "0%", True, ("range", 2, 5)),
    ("Quy mô kinh tế số duy trì trên 0,7.", "Khá", True, (">", 0.7, None)),
    # another indicator's figure is not taken
    ("Tỷ lệ hộ gia đình có cáp quang đạt tối thiểu 30%.", "30%", False, ("=", 30, None)),
]


def test_objectives_refine_table_targets():
    from theodoi.ingest.fields.targets import targets_from_objectives as _targets_from_objectives
    from theodoi.ingest.model import Indicator
    from theodoi.ingest.targets import parse_target

    for objective, cell, ocr, want in OBJECTIVE_CASES:
        ind = Indicator(
            name="Quy mô kinh tế số",
            lines=(1, 1),
            targets=[parse_target(cell, "2030")],
        )
        other = Indicator(
            name="Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo",
            lines=(2, 2),
            targets=[parse_target("> 90", "2030")],
        )
        _targets_from_objectives([ind, other], _objectives([objective]), ocr)
        t = ind.targets[0]
        assert (t.op, t.value, t.value_max) == want, (objective, cell, ocr)


HEADER_DATES = [
    # (first lines, expected date, expected place)
    (
        "ỦY BAN NHÂN DÂN\nXÃ AN BÌNH\nSố: 12/KH-UBND An Bình, ngày 05 tháng 3 năm 2025\nKẾ HOẠCH\n"
        "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị\n",
        "2025-03-05",
        "An Bình",
    ),
    (
        "Số: 57 /KH-UBND Binh Phuéc, ngdy 23 thang 02 ndm 2025\nKE HOACH\nTrién khai Nghi quyét\n",
        "2025-02-23",
        "Binh Phuéc",
    ),
    (
        "Số: 3/KH-UBND Bà Rịa - Vũng Tàu, ngày 02/01/2025\nKẾ HOẠCH\nVề chuyển đổi số\n",
        "2025-01-02",
        "Bà Rịa - Vũng Tàu",
    ),
    # the header block was lost: the title's and the legal bases' dates are other
    # documents' dates, never the plan's
    (
        "KẾ HOẠCH\nThực hiện Nghị quyết 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị\n"
        "Căn cứ Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị;\n"
        "Thực hiện Kế hoạch số 12-KH/TU, ngày 26/8/2025 của Ban Thường vụ Thành ủy;\n",
        None,
        None,
    ),
    (
        "Căn cứ Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị;\nI. MỤC TIÊU\n",
        None,
        None,
    ),
]


def test_plan_date_comes_only_from_the_place_and_date_line():
    for text, want_date, want_place in HEADER_DATES:
        body = text + "I. NHIỆM VỤ\n1. Tuyên truyền về chuyển đổi số.\n"
        doc = ingest_text(body, registry=None).document
        got = doc.date.isoformat() if doc.date else None
        assert (got, doc.place) == (want_date, want_place), text


CONTINUES = [
    # (line so far, next line, same cell?)
    ("Phòng Văn hóa", "- Xã hội", True),
    ("phù hợp với quy định của Bộ", "GDĐT quy định tại thông tư số", True),
    ("quy định tại thông tư số", "02/2025/TT-BGDĐT ngày", True),
    ("Kế hoạch số", "57/KH-UBND", True),
    # "số" ends "hạ tầng số" (digital): the next cell begins
    ("Hạ tầng số", "Tiên tiến, hiện đại, dung", False),
    ("Phòng Văn hóa - Xã hội", "Sở Khoa học và Công nghệ;", False),
]


def test_cell_continuation():
    from theodoi.ingest.fields.cells import continues_cell as _continues_cell

    for prev, nxt, want in CONTINUES:
        assert _continues_cell(prev, nxt) is want, (prev, nxt)


def test_a_figure_cell_is_never_an_agency(small_registry):
    from theodoi.ingest.extract import AgencyNamer

    namer = AgencyNamer(small_registry, [])
    assert not namer.is_agency("≥ 95 đối với cơ sở giáo dục mầm non và các cơ quan quản lý")
    assert not namer.is_agency("100% các cơ quan, đơn vị")
    assert namer.is_agency("Các cơ quan chuyên môn, đơn vị liên quan")
    assert namer.is_agency("Phòng Văn hóa - Xã hội")


def _ocr_table(lines: list[str]):
    from theodoi.ingest.normalize import NLine
    from theodoi.ingest.segment import Appendix, TableRow

    nl = [NLine(t, i, i, no=i) for i, t in enumerate(lines, start=1)]
    header = [nl[0]]
    rows: list = []
    for ln in nl[1:]:
        if ln.text[:1].isdigit():
            rows.append(TableRow(ln.text.split()[0].rstrip(".|"), [ln]))
        else:
            rows[-1].lines.append(ln)
    return Appendix(title="Phụ lục I CÁC CHỈ TIÊU CỤ THỂ", first=0, header=header, rows=rows)


OCR_LEADS = [
    # (table lines, the lead of each row) — the lead cell garbled, cut or glued by OCR
    (
        [
            "Stt Chi tieu Don vi tinh Ket qua Co quan chu tri",
            "1. | Ty le nguoi dan co ho so suc khoe dien tu % > 95 S¢Y te",
            "2. | Xep hang chi so DTI Thu bac 05 o5 118ng tin va Truyen thong",
            "3. | Ty le can bo co chuyen mon % >25 Cac s, nganh, dia phuong",
        ],
        ["Sở Y tế", "Sở Thông tin và Truyền thông", "Các sở, ngành, địa phương"],
    ),
    (
        # a tall lead cell printed from above its row's line: "Chi nhanh Ngan hang Nha
        # nuoc" ends row 6, "tinh Binh Phuoc" is on row 7's line
        [
            "Stt Chi tieu Don vi tinh Ket qua Co quan chu tri",
            "6. | Ty le su dung dich vu cong truc tuyen % > 90 So Thong tin va Truyen thong",
            "s A . A o Chi nhanh Ngan hang Nha nuoc",
            "7. | Ty le giao dich khong dung tien mat % >90 tinh Binh Phuoc",
        ],
        ["Sở Thông tin và Truyền thông", "Chi nhánh Ngân hàng Nhà nước tỉnh Bình Phước"],
    ),
]


def test_ocr_indicator_leads_from_garbled_cells():
    from theodoi.ingest.extract import AgencyNamer
    from theodoi.ingest.layouts.ocr_indicators import ocr_indicator_table as _ocr_indicator_table
    from theodoi.ingest.resolve import AgencyRegistry

    registry = AgencyRegistry(
        [
            {"unit": "p", "name": "Sở Y tế"},
            {"unit": "p", "name": "Sở Thông tin và Truyền thông"},
            {"unit": "p", "name": "Sở Khoa học và Công nghệ"},
            {"unit": "p", "name": "Chi nhánh Ngân hàng Nhà nước tỉnh Bình Phước"},
        ]
    )
    for lines, leads in OCR_LEADS:
        got = _ocr_indicator_table(_ocr_table(lines), AgencyNamer(registry, []))
        assert [i.lead for i in got] == leads
