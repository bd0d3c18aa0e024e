"""Tables from geometry: rulings found on a drawn page, the grid of cells they make,
merged cells, words placed in cells, a cell's lines, strokes of a roman numeral."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from theodoi.ingest.geometry import (
    Word,
    deskew,
    erase_rulings,
    find_grids,
    find_rulings,
    fix_inequalities,
    fix_roman_ones,
    leading_inequality,
    place_words,
    skew_angle,
    stem_count,
    text_lines,
)

DPI = 200


def _page(draw_fn, size=(1200, 900)) -> np.ndarray:
    img = Image.new("L", size, 255)
    draw_fn(ImageDraw.Draw(img))
    return np.asarray(img)


def _table(d, xs, ys, width=2):
    for y in ys:
        d.line([(xs[0], y), (xs[-1], y)], fill=0, width=width)
    for x in xs:
        d.line([(x, ys[0]), (x, ys[-1])], fill=0, width=width)


XS = [100, 300, 700, 1000]
YS = [100, 180, 330, 480]


def test_rulings_of_a_drawn_table_are_found():
    arr = _page(lambda d: _table(d, XS, YS))
    rulings = find_rulings(arr, DPI)
    hs = sorted(round(r.pos) for r in rulings if r.horizontal)
    vs = sorted(round(r.pos) for r in rulings if not r.horizontal)
    assert [abs(a - b) <= 2 for a, b in zip(hs, YS, strict=True)] == [True] * 4
    assert [abs(a - b) <= 2 for a, b in zip(vs, XS, strict=True)] == [True] * 4


def test_text_strokes_and_a_short_underline_are_no_rulings():
    def draw(d):
        d.text((100, 100), "Il1 TỔ CHỨC", fill=0)
        d.line([(100, 300), (150, 300)], fill=0, width=2)  # 0.25 inch

    assert find_rulings(_page(draw), DPI) == []


def test_grid_rows_and_cells():
    grids = find_grids(find_rulings(_page(lambda d: _table(d, XS, YS)), DPI), DPI)
    assert len(grids) == 1
    rows = grids[0].rows
    assert [len(r) for r in rows] == [3, 3, 3]
    first = rows[1][1]
    assert abs(first.x0 - 300) <= 2 and abs(first.x1 - 700) <= 2
    assert abs(first.y0 - 180) <= 2 and abs(first.y1 - 330) <= 2


def test_two_tables_apart_are_two_grids():
    def draw(d):
        _table(d, [100, 400, 700], [50, 150, 250])
        _table(d, [100, 500, 900], [500, 600, 700, 800])

    grids = find_grids(find_rulings(_page(draw), DPI), DPI)
    assert [len(g.rows) for g in grids] == [2, 3]


def test_cell_merged_across_columns_is_one_cell():
    def draw(d):
        _table(d, XS, YS)
        d.line([(300, 182), (300, 328)], fill=255, width=4)  # row 2: columns 1-2 merged

    rows = find_grids(find_rulings(_page(draw), DPI), DPI)[0].rows
    assert [len(r) for r in rows] == [3, 2, 3]
    assert abs(rows[1][0].x1 - 700) <= 2


def test_cell_merged_across_rows_continues_the_cell_above():
    def draw(d):
        _table(d, XS, YS)
        d.line([(102, 330), (298, 330)], fill=255, width=4)  # column 0: rows 2-3 merged

    rows = find_grids(find_rulings(_page(draw), DPI), DPI)[0].rows
    assert [len(r) for r in rows] == [3, 3, 2]
    assert abs(rows[1][0].y1 - 480) <= 2


def test_erased_rulings_leave_white_paper_and_the_text():
    def draw(d):
        _table(d, XS, YS)
        d.rectangle([400, 240, 420, 260], fill=0)  # "text" inside a cell

    arr = _page(draw)
    clean = erase_rulings(arr, find_rulings(arr, DPI))
    assert (clean[240:261, 400:421] == 0).all()
    assert (clean < 128).sum() == 21 * 21


def test_words_go_to_the_cell_of_their_centre():
    grids = find_grids(find_rulings(_page(lambda d: _table(d, XS, YS)), DPI), DPI)
    inside = Word(320, 200, 380, 220, "Phòng")
    spanning = Word(650, 350, 760, 370, "Kinh")  # centre at x=705: the third column
    outside = Word(100, 600, 200, 620, "GIÁM ĐỐC")
    rest = place_words(grids, [inside, spanning, outside])
    assert rest == [outside]
    assert grids[0].rows[1][1].words == [inside]
    assert grids[0].rows[2][2].words == [spanning]


def test_cell_lines_top_to_bottom_left_to_right():
    words = [
        Word(200, 40, 260, 60, "tế"),
        Word(100, 10, 180, 32, "Phòng"),
        Word(200, 12, 260, 30, "Y"),
        Word(100, 42, 180, 60, "Trạm"),
    ]
    assert text_lines(words) == ["Phòng Y", "Trạm tế"]


def _roman(text: str) -> np.ndarray:
    def draw(d):
        x = 20
        for ch in text:
            if ch == "I":
                d.rectangle([x, 20, x + 3, 60], fill=0)
                d.line([(x - 4, 20), (x + 7, 20)], fill=0, width=2)  # serifs touch
                d.line([(x - 4, 60), (x + 7, 60)], fill=0, width=2)
                x += 10
            else:
                d.rectangle([x, 56, x + 3, 60], fill=0)

    return _page(draw, size=(200, 100))


def test_stems_of_iii_are_counted_when_serifs_touch():
    arr = _roman("III.")
    box = Word(14, 18, 60, 62, "II.")
    assert stem_count(arr, box) == 3
    assert fix_roman_ones(arr, [box])[0].text == "III."


def test_a_number_read_as_digits_is_left_alone():
    arr = _roman("II")
    assert fix_roman_ones(arr, [Word(14, 18, 40, 62, "11")])[0].text == "11"


def test_a_skewed_scan_is_turned_level_and_its_table_found():
    img = Image.fromarray(_page(lambda d: _table(d, XS, YS)))
    skewed = np.asarray(img.rotate(1.2, resample=Image.BICUBIC, fillcolor=255))
    assert abs(skew_angle(skewed) + 1.2) <= 0.15
    level = deskew(skewed)
    grids = find_grids(find_rulings(level, DPI), DPI)
    assert [len(r) for r in grids[0].rows] == [3, 3, 3]


def test_a_level_page_is_left_as_it_is():
    arr = _page(lambda d: _table(d, XS, YS))
    assert skew_angle(arr) == 0.0
    assert deskew(arr) is arr


def test_grid_of_a_poor_scan_is_found():
    """Grey noisy paper, a blurred thin line with dropouts, JPEG, 0.7° askew."""
    import io

    from PIL import ImageFilter

    def draw(d):
        _table(d, XS, YS, width=1)
        for x in XS:  # dropouts in every vertical line
            d.line([(x, 250), (x, 262)], fill=255, width=3)
        d.text((320, 200), "Phòng Kinh tế chủ trì", fill=0)

    img = Image.fromarray(_page(draw)).rotate(0.7, resample=Image.BICUBIC, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(0.9))
    noise = np.random.default_rng(7).normal(0, 12, (img.height, img.width))
    arr = np.clip(np.asarray(img) * 0.8 + 30 + noise, 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "JPEG", quality=35)
    poor = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("L"))
    grids = find_grids(find_rulings(deskew(poor), DPI), DPI)
    assert len(grids) == 1
    assert [len(r) for r in grids[0].rows] == [3, 3, 3]


def _glyphs(text: str) -> tuple[np.ndarray, Word]:
    from fixtures.docgen import DEJAVU
    from PIL import ImageFont

    font = ImageFont.truetype(str(DEJAVU), 33)
    img = Image.new("L", (220, 80), 255)
    ImageDraw.Draw(img).text((20, 20), text, font=font, fill=0)
    arr = np.asarray(img)
    ys, xs = np.nonzero(arr < 128)
    read = text.replace("≥", ">").replace("≤", "<").replace(" ", "")
    return arr, Word(int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max()), read)


def test_greater_or_equal_read_as_greater_gets_its_bar_back():
    for text, read in (("≥ 50", "≥ 50"), ("≤ 5", "≤ 5"), ("> 50", ">50")):
        arr, word = _glyphs(text)
        assert fix_inequalities(arr, [word])[0].text == read


def test_a_skipped_sign_before_a_number_is_told_by_its_point():
    for text, sign in (("≥ 80", "≥"), ("≤ 80", "≤"), ("> 80", None), ("80", None)):
        arr, _ = _glyphs(text)
        assert leading_inequality(arr < 128) == sign, text


def test_a_group_rows_capital_i_read_as_one_is_told_apart():
    from fixtures.docgen import DEJAVU
    from PIL import ImageFont

    serif = DEJAVU.with_name("DejaVuSerif.ttf")
    for path in (DEJAVU, serif):
        font = ImageFont.truetype(str(path), 33)
        for ch, read in (("I", "I"), ("1", "1")):
            img = Image.new("L", (100, 80), 255)
            ImageDraw.Draw(img).text((30, 15), ch, font=font, fill=0)
            arr = np.asarray(img)
            ys, xs = np.nonzero(arr < 128)
            word = Word(int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max()), "1")
            assert fix_roman_ones(arr, [word])[0].text == read, (path.name, ch)


def test_iii_read_as_ih_is_three_strokes():
    from fixtures.docgen import DEJAVU
    from PIL import ImageFont

    font = ImageFont.truetype(str(DEJAVU.with_name("DejaVuSerif.ttf")), 33)
    img = Image.new("L", (160, 80), 255)
    ImageDraw.Draw(img).text((20, 15), "III.", font=font, fill=0)
    arr = np.asarray(img)
    ys, xs = np.nonzero(arr < 128)
    word = Word(int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max()), "IH.")
    assert fix_roman_ones(arr, [word])[0].text == "III."
    lone_h = Word(int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max()), "H.")
    assert fix_roman_ones(arr, [lone_h])[0].text == "H."


def test_a_quarters_roman_number_gets_its_lost_i_back():
    from fixtures.docgen import DEJAVU
    from PIL import ImageFont

    font = ImageFont.truetype(str(DEJAVU.with_name("DejaVuSerif.ttf")), 33)
    for printed, read in (("III/2026", "II/2026"), ("II/2026", "II/2026"), ("IV/2026", "IV/2026")):
        img = Image.new("L", (300, 80), 255)
        ImageDraw.Draw(img).text((20, 15), printed, font=font, fill=0)
        arr = np.asarray(img)
        ys, xs = np.nonzero(arr < 128)
        word = Word(int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max()), read)
        assert fix_roman_ones(arr, [word])[0].text == printed
