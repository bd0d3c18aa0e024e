"""A scanned page's blocks from its word boxes and grids (no OCR run here): the lines in
the OCR's order, each table where it stands, a framed box as its lines, a cell's wrapped
lines joined (a date cut by a narrow column too)."""

from __future__ import annotations

from theodoi.ingest.geometry import Cell, Grid, Word
from theodoi.ingest.loaders.blocks import Paragraph, Table
from theodoi.ingest.loaders.scan import page_blocks


def _line(text: str, y: int, key: int) -> list[Word]:
    out, x = [], 100
    for w in text.split():
        out.append(Word(x, y, x + 20 * len(w), y + 30, w, (key, 1, 1)))
        x += 20 * len(w) + 15
    return out


def _grid(y0: int, cells: list[list[list[Word]]], widths=(200, 600)) -> Grid:
    rows = []
    y = y0
    for r, row in enumerate(cells):
        x = 100
        out = []
        for c, words in enumerate(row):
            cell = Cell(x, y, x + widths[c], y + 100, r, c)
            cell.words.extend(words)
            out.append(cell)
            x += widths[c]
        rows.append(out)
        y += 100
    return Grid(100, y0, 100 + sum(widths[: len(cells[0])]), y, rows)


def test_table_stands_between_the_lines_above_and_below_it():
    above = _line("PHỤ LỤC", 100, 1)
    below = _line("GIÁM ĐỐC", 600, 2)
    grid = _grid(
        300,
        [
            [_line("TT", 310, 9), _line("Thời hạn", 310, 9)],
            [
                _line("1", 410, 9),
                _line("31/12/202", 410, 9) + [Word(300, 450, 320, 480, "5", (9, 1, 2))],
            ],
        ],
    )
    blocks = page_blocks([grid], above + below)
    assert [type(b) for b in blocks] == [Paragraph, Table, Paragraph]
    assert blocks[0].line == "PHỤ LỤC" and blocks[2].line == "GIÁM ĐỐC"
    assert blocks[1].rows == [["TT", "Thời hạn"], ["1", "31/12/2025"]]


def test_a_cells_wrapped_lines_make_one_paragraph_and_a_bullet_starts_one():
    cell = (
        _line("Số hóa hồ sơ", 310, 9)
        + [
            Word(100, 350, 200, 380, "hành", (9, 1, 2)),
            Word(215, 350, 300, 380, "chính", (9, 1, 2)),
        ]
        + [Word(100, 390, 120, 420, "-", (9, 1, 3)), Word(135, 390, 235, 420, "bước", (9, 1, 3))]
    )
    grid = _grid(300, [[_line("1", 310, 9), cell]])
    table = page_blocks([grid], [])[0]
    assert table.rows == [["1", "Số hóa hồ sơ hành chính\n- bước"]]


def test_a_framed_box_is_its_lines_not_a_table():
    box = _grid(
        100,
        [[_line("III TỔ CHỨC THỰC HIỆN", 110, 9) + _line("Văn phòng chủ trì", 150, 9)]],
        widths=(800,),
    )
    blocks = page_blocks([box], [])
    assert [b.line for b in blocks] == ["III. TỔ CHỨC THỰC HIỆN", "Văn phòng chủ trì"]
