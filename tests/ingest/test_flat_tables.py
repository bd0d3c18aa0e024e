"""Tables in OCR text without geometry: the columns read from the header row, each row's
printed lines shared out among them (theodoi.ingest.flat_tables, layouts/flat_*).

Small made-up tables in several wordings: with and without diacritics, with and without
the positions kept, cells wrapped over several lines, a row cut by a page break,
columns in another order, an indicator table with year columns."""

from __future__ import annotations

from theodoi.ingest.flat_tables import rebuild_flat_tables
from theodoi.ingest.layouts.flat_cells import LineState, assign_line, tokens
from theodoi.ingest.layouts.flat_header import flat_header, is_flat_header
from theodoi.ingest.pipeline import ingest_text


def _roles(header: list[str]) -> list[str]:
    return [c.role for c in flat_header(header) or []]


# -- the header row -------------------------------------------------------------


def test_header_words_with_diacritics_give_the_columns_in_order():
    header = ["TT Nội dung Cơ quan chủ trì Cơ quan phối hợp Sản phẩm Thời gian hoàn thành"]
    assert _roles(header) == ["tt", "content", "lead", "coord", "output", "deadline"]


def test_header_words_without_diacritics_as_the_english_model_prints_them():
    header = ["STT Ten nhiem vu | Don vi chu tri | Phoi hop | Ket qua | Thoi han"]
    assert _roles(header) == ["tt", "content", "lead", "coord", "output", "deadline"]


def test_wrapped_header_cells_are_completed_from_the_next_lines():
    header = ["TT Nhiem vu | Don vi chu | Don vi | Tien do", "tri phoi hop"]
    assert _roles(header) == ["tt", "content", "lead", "coord", "deadline"]


def test_reordered_columns_keep_the_header_order():
    header = ["TT Nội dung Thời hạn Đơn vị thực hiện Kết quả"]
    assert _roles(header) == ["tt", "content", "deadline", "lead", "output"]


def test_indicator_header_with_unit_and_years():
    header = ["STT Chỉ tiêu Đơn vị tính 2025 2026 2027 Cơ quan chủ trì"]
    roles = _roles(header)
    assert roles == ["tt", "content", "unit", "year", "year", "year", "lead"]
    assert [c.name for c in flat_header(header)][3:6] == ["2025", "2026", "2027"]


def test_positions_kept_in_the_header_give_each_column_its_offset():
    header = ["TT   Nội dung            Chủ trì        Phối hợp      Thời gian"]
    columns = flat_header(header)
    assert [c.start for c in columns] == [0, 5, 25, 40, 54]


def test_a_sentence_naming_two_columns_is_no_header():
    assert not is_flat_header("Tổ chức thực hiện: Phòng Kinh tế chủ trì, phối hợp các đơn vị")
    assert is_flat_header("STT Nhiệm vụ Chủ trì Phối hợp Thời gian")


# -- a line shared out among the columns --------------------------------------


def _share(lines: list[str], roles: list[str]) -> list[str]:
    state = LineState(roles)
    for k, line in enumerate(lines):
        state.add(assign_line(tokens(line), state, [None] * len(roles), first=k == 0)[1])
    return [" ".join(p) for p in state.pieces]


def test_first_line_cells_open_with_capitals_and_agency_heads():
    roles = ["content", "lead", "coord", "deadline"]
    got = _share(["Xay dung ke hoach Phong Kinh te Cong an xa Quy II/2026"], roles)
    assert got == ["Xay dung ke hoach", "Phong Kinh te", "Cong an xa", "Quy II/2026"]


def test_column_rules_cut_the_line():
    roles = ["content", "lead", "output", "deadline"]
    got = _share(["Cap nhat du lieu dan cu | Cong an xa | Bao cao | Thuong xuyen"], roles)
    assert got == ["Cap nhat du lieu dan cu", "Cong an xa", "Bao cao", "Thuong xuyen"]


# -- whole plans ---------------------------------------------------------------

_HEAD = """UY BAN NHAN DAN XA TAN LAP
So: 12/KH-UBND
Tan Lap, ngay 10 thang 3 nam 2026
KE HOACH
Chuyen doi so xa Tan Lap nam 2026
I. MUC DICH, YEU CAU
1. Day manh chuyen doi so trong hoat dong cua co quan nha nuoc tren dia ban xa.
II. NHIEM VU
Cac nhiem vu cu the tai Phu luc kem theo.
III. TO CHUC THUC HIEN
Cac co quan, don vi to chuc thuc hien va bao cao ket qua ve Van phong HDND va UBND xa.
Noi nhan:
- Nhu tren;
- Luu: VT.
PHU LUC
DANH MUC NHIEM VU CHUYEN DOI SO NAM 2026
"""


def _tasks(text: str) -> list[tuple[str | None, str | None, str | None]]:
    plan = ingest_text(text)
    return [(t.code, t.lead, t.deadline.due and t.deadline.due.isoformat()) for t in plan.tasks]


def test_rows_printed_side_by_side_without_positions():
    table = """TT Noi dung Co quan chu tri Co quan phoi hop Thoi gian
1 Tuyen truyen ve chuyen doi so Phong Van hoa - Xa hoi Cac thon Quy II/2026
2 Cap nhat co so du lieu dan cu Cong an xa Cac thon Thang 6/2026
3 Lap dat wifi cong cong tai nha van hoa Phong Kinh te Doanh nghiep vien thong Nam 2026
"""
    got = _tasks(_HEAD + table)
    assert [g[0] for g in got] == ["1", "2", "3"]
    assert [g[1] for g in got] == ["Phòng Văn hóa - Xã hội", "Công an xã Tân Lập", "Phòng Kinh tế"]
    assert [g[2] for g in got] == ["2026-06-30", "2026-06-30", "2026-12-31"]


def test_wrapped_cells_interleaved_over_a_rows_lines():
    table = """TT Nhiem vu | Don vi chu | Don vi | Thoi han
tri phoi hop
1 Tuyen truyen | Phong Van | Cac thon | Quy
ve chuyen doi | hoa - Xa hoi | va to dan | II/2026
so cho nguoi
dan tren dia
ban
2 Cap nhat co | Cong an xa | Cac thon | Thang
so du lieu | 6/2026
dan cu
3 So hoa ho so | Van phong | Cac bo | Nam 2026
hanh chinh | HDND va | phan chuyen
cua xa | UBND xa | mon
"""
    got = _tasks(_HEAD + table)
    assert [g[1] for g in got] == [
        "Phòng Văn hóa - Xã hội",
        "Công an xã Tân Lập",
        "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
    ]
    assert [g[2] for g in got] == ["2026-06-30", "2026-06-30", "2026-12-31"]
    titles = [t.title.lower() for t in ingest_text(_HEAD + table).tasks]
    assert "dia ban" in titles[0] or "địa bàn" in titles[0]


def test_a_row_cut_by_a_page_break_and_the_header_printed_again():
    table = """TT Nhiem vu | Chu tri | Phoi hop | Thoi gian
1 Tuyen truyen | Phong Van | Cac thon | Quy
ve chuyen doi | hoa - Xa hoi | | II/2026
2
TT Nhiem vu | Chu tri | Phoi hop | Thoi gian
so cho nguoi dan
2 Cap nhat co | Cong an xa | Cac thon | Thang
so du lieu | | | 6/2026
"""
    got = _tasks(_HEAD + table)
    assert [g[0] for g in got] == ["1", "2"]
    assert [g[1] for g in got] == ["Phòng Văn hóa - Xã hội", "Công an xã Tân Lập"]
    plan = ingest_text(_HEAD + table)
    assert "nguoi dan" in plan.tasks[0].title.lower() or "người dân" in plan.tasks[0].title.lower()


def test_reordered_columns_deadline_before_lead():
    table = """STT Noi dung Thoi han Don vi thuc hien Ket qua
1 Tuyen truyen ve chuyen doi so Quy II/2026 Phong Van hoa - Xa hoi Bao cao
2 Cap nhat co so du lieu dan cu Thang 6/2026 Cong an xa Du lieu
"""
    got = _tasks(_HEAD + table)
    assert [g[1] for g in got] == ["Phòng Văn hóa - Xã hội", "Công an xã Tân Lập"]
    assert [g[2] for g in got] == ["2026-06-30", "2026-06-30"]


def test_positions_kept_give_each_piece_the_column_above_it():
    table = (
        "TT   Noi dung                 Chu tri              Thoi gian\n"
        "1    Tuyen truyen ve          Phong Van hoa -      Quy II/2026\n"
        "     chuyen doi so            Xa hoi\n"
        "2    Cap nhat du lieu         Cong an xa           Thang 6/2026\n"
        "     dan cu\n"
    )
    rebuilt = rebuild_flat_tables(table.splitlines())
    rows = [r for r in rebuilt if r[2]]
    assert [r[1].split("\t") for r in rows] == [
        ["1", "Tuyen truyen ve chuyen doi so", "Phong Van hoa - Xa hoi", "Quy II/2026"],
        ["2", "Cap nhat du lieu dan cu", "Cong an xa", "Thang 6/2026"],
    ]
    assert rows[0][2] == ("tt", "content", "lead", "deadline")
    got = _tasks(_HEAD + table)
    assert [g[1] for g in got] == ["Phòng Văn hóa - Xã hội", "Công an xã Tân Lập"]


def test_indicator_table_with_years_and_a_lead():
    table = """PHU LUC
CAC CHI TIEU CHUYEN DOI SO NAM 2026
STT Chi tieu Don vi tinh 2025 2026 Co quan chu tri
1 Ty le ho so xu ly truc tuyen % 80 90 Van phong HDND va UBND xa
2 Ty le nguoi dan co tai khoan dinh danh % 70 85 Cong an xa
"""
    plan = ingest_text(_HEAD + table)
    got = {i.code: i for i in plan.indicators}
    assert set(got) >= {"1", "2"}
    assert got["2"].lead == "Công an xã Tân Lập"
    assert [(t.period, t.value) for t in got["1"].targets] == [("2025", 80.0), ("2026", 90.0)]


def test_indicator_table_without_year_columns_takes_the_figure_opening_the_name():
    table = """PHU LUC
PHAN CONG THUC HIEN CAC CHI TIEU NAM 2026
STT Chi tieu Co quan chu tri Co quan phoi hop Thoi gian
1 100% ho so xu ly tren moi truong mang Van phong HDND va UBND xa Cac thon Thuong xuyen
2 Tren 80% ho gia dinh co nguoi dung dich vu cong Cong an xa Cac thon Nam 2026
"""
    plan = ingest_text(_HEAD + table)
    got = {i.code: i for i in plan.indicators}
    assert got["2"].lead == "Công an xã Tân Lập"
    assert [(t.op, t.value) for t in got["1"].targets] == [("=", 100.0)]


def test_a_rule_or_a_mark_before_the_numbering_column_is_read_past():
    assert _roles(["| STT Nhiem vu | Chu tri | Phoi hop | Thoi han"]) == _roles(
        ["'STT Nhiem vu | Chu tri | Phoi hop | Thoi han"]
    )
    assert _roles(["| STT Nhiem vu | Chu tri | Phoi hop | Thoi han"])[:3] == [
        "tt",
        "content",
        "lead",
    ]
