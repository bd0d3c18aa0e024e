"""Tables without ruling lines found from word boxes (theodoi.ingest.borderless; no OCR
here): columns from the white rivers the lines share, rows from the row-number column or
the line spacing, a group row across the table, where a table ends, what is no table."""

from __future__ import annotations

import numpy as np

from theodoi.ingest.borderless import fill_row_numbers, find_borderless
from theodoi.ingest.geometry import Cell, Grid, Word

DPI = 200
CHAR = 18  # a letter's width, px
COLS = [100, 260, 900, 1250]  # where each column's text starts


def _words(pieces: list[tuple[int, str]], y: int) -> list[Word]:
    out = []
    for x, text in pieces:
        for w in text.split():
            out.append(Word(x, y, x + CHAR * len(w), y + 30, w))
            x += CHAR * len(w) + 12
    return out


def _row(y: int, *cells: str, cols: list[int] = COLS) -> list[Word]:
    return _words([(x, c) for x, c in zip(cols, cells, strict=False) if c], y)


def _texts(grid: Grid) -> list[list[str]]:
    return [[" ".join(w.text for w in c.words) for c in row] for row in grid.rows]


def _task_table(y: int = 300) -> list[Word]:
    return [
        *_row(y, "TT", "Nhiệm vụ", "Chủ trì", "Thời hạn"),
        *_row(y + 60, "1", "Số hóa hồ sơ thủ tục", "Văn phòng", "Quý III/2026"),
        *_row(y + 100, "", "hành chính tại Bộ phận", "UBND xã"),
        *_row(y + 160, "2", "Phổ biến kỹ năng số", "Phòng Kinh tế", "Thường xuyên"),
        *_row(y + 220, "3", "Thanh toán số tại chợ", "Phòng Kinh tế", "Năm 2026"),
    ]


def test_columns_from_rivers_and_rows_from_the_number_column():
    (grid,) = find_borderless(_task_table(), DPI)
    assert _texts(grid) == [
        ["TT", "Nhiệm vụ", "Chủ trì", "Thời hạn"],
        ["1", "Số hóa hồ sơ thủ tục hành chính tại Bộ phận", "Văn phòng UBND xã", "Quý III/2026"],
        ["2", "Phổ biến kỹ năng số", "Phòng Kinh tế", "Thường xuyên"],
        ["3", "Thanh toán số tại chợ", "Phòng Kinh tế", "Năm 2026"],
    ]


def test_a_paragraph_across_the_page_ends_the_table():
    para = "Các phòng chuyên môn căn cứ nhiệm vụ được giao tổ chức triển khai thực hiện"
    words = _task_table() + _words([(100, para)], 600) + _words([(100, "nghiêm túc.")], 640)
    (grid,) = find_borderless(words, DPI)
    assert len(grid.rows) == 4 and grid.y1 < 600


def test_rows_from_line_spacing_without_a_number_column():
    cols = [100, 500, 900, 1250]
    words = [
        *_row(300, "Nội dung", "Chủ trì", "Phối hợp", "Thời hạn", cols=cols),
        *_row(370, "Số hóa hồ sơ", "Văn phòng", "Công an xã", "Quý I", cols=cols),
        *_row(405, "hành chính", "UBND xã", cols=cols),
        *_row(475, "Phổ biến kỹ năng", "Phòng Kinh tế", "Đoàn xã", "Năm 2026", cols=cols),
        *_row(545, "Thanh toán số", "Phòng Kinh tế", "Các hộ", "Quý IV", cols=cols),
    ]
    (grid,) = find_borderless(words, DPI)
    assert [r[0] for r in _texts(grid)] == [
        "Nội dung",
        "Số hóa hồ sơ hành chính",
        "Phổ biến kỹ năng",
        "Thanh toán số",
    ]


def test_a_group_row_across_the_table_is_one_cell_after_its_number():
    rows = _task_table()
    group = _words([(100, "I"), (260, "Nhiệm vụ về chính quyền số trên địa bàn toàn xã")], 330)
    words = [w for w in rows if w.y0 == 300] + group + [w for w in rows if w.y0 > 300]
    (grid,) = find_borderless([w for w in words], DPI)
    assert _texts(grid)[1] == ["I", "Nhiệm vụ về chính quyền số trên địa bàn toàn xã"]
    assert len(grid.rows) == 5


def test_a_signature_in_the_first_column_after_the_rows_is_no_row():
    words = _task_table() + _words([(100, "CHỦ TỊCH")], 580)
    (grid,) = find_borderless(words, DPI)
    assert _texts(grid)[-1][0] == "3" and grid.y1 < 580


def test_a_header_block_of_two_columns_is_no_table():
    words = [
        *_words([(100, "ỦY BAN NHÂN DÂN"), (900, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")], 100),
        *_words([(100, "XÃ ĐÔNG SƠN"), (900, "Độc lập - Tự do - Hạnh phúc")], 140),
        *_words([(100, "Số: 88/KH-UBND"), (900, "Đông Sơn, ngày 12 tháng 3 năm 2026")], 200),
    ]
    assert find_borderless(words, DPI) == []


def test_running_text_is_no_table():
    text = "Tổ chức triển khai đồng bộ các nhiệm vụ chuyển đổi số trên địa bàn xã"
    assert (
        find_borderless([w for k in range(8) for w in _words([(100, text)], 100 + 40 * k)], DPI)
        == []
    )


def test_a_row_whose_number_the_ocr_skipped_is_told_by_its_ink():
    words = [w for w in _task_table() if w.text != "2"]
    ink = np.zeros((1000, 1600), dtype=bool)
    ink[465:490, 102:115] = True  # the "2" the OCR did not read
    (grid,) = find_borderless(words, DPI, ink)
    assert [r[1] for r in _texts(grid)][2] == "Phổ biến kỹ năng số"
    assert _texts(grid)[2][0] == ""  # left for the loader to read again
    (merged,) = find_borderless(words, DPI)
    assert len(merged.rows) == 3  # without the ink, row 2 goes on row 1


def _number_grid(numbers: list[str]) -> Grid:
    rows = []
    for r, n in enumerate(numbers):
        cells = [Cell(0, r * 50, 50, r * 50 + 40, r, 0), Cell(50, r * 50, 500, r * 50 + 40, r, 1)]
        cells[0].words.append(Word(5, r * 50, 30, r * 50 + 30, n))
        cells[1].words.append(Word(60, r * 50, 200, r * 50 + 30, "nội dung"))
        rows.append(cells)
    return Grid(0, 0, 500, 50 * len(numbers), rows)


def test_a_row_number_read_wrong_between_its_neighbours_is_restored():
    grid = _number_grid(["TT", "1", "2", "Ð", "4", "I)", "6"])
    fill_row_numbers(grid)
    assert [r[0].words[0].text for r in grid.rows] == ["TT", "1", "2", "3", "4", "5", "6"]


def test_row_numbers_set_at_the_middle_of_their_rows_keep_their_rows_whole():
    words = [
        *_row(300, "TT", "Nhiệm vụ", "Chủ trì", "Thời hạn"),
        *_row(370, "", "Số hóa hồ sơ thủ tục", "Văn phòng"),
        *_row(410, "1", "hành chính tại Bộ phận", "UBND xã", "Quý III/2026"),
        *_row(450, "", "Một cửa của xã"),
        *_row(520, "", "Phổ biến kỹ năng số"),
        *_row(560, "2", "cho người dân qua tổ", "Phòng Kinh tế", "Thường xuyên"),
        *_row(600, "", "công nghệ số cộng đồng"),
    ]
    (grid,) = find_borderless(words, DPI)
    assert [r[:2] for r in _texts(grid)] == [
        ["TT", "Nhiệm vụ"],
        ["1", "Số hóa hồ sơ thủ tục hành chính tại Bộ phận Một cửa của xã"],
        ["2", "Phổ biến kỹ năng số cho người dân qua tổ công nghệ số cộng đồng"],
    ]
