"""Scanned pages and images read as blocks: tesseract's word boxes (TSV output) and the
ruling lines found on the page (:mod:`theodoi.ingest.geometry`) rebuild each table as rows
and cells; the words outside the tables keep tesseract's lines, in its reading order, with
each table placed where it stands on the page.

The rulings are painted white before the OCR runs (letters touching a cell's border are
read as "|" or lost otherwise).  Every tesseract run has the time limit of
:mod:`theodoi.ingest.ocr`; pages of one file are read two at a time.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import numpy as np

from ..borderless import fill_row_numbers, find_borderless
from ..errors import IngestError
from ..geometry import (
    Grid,
    Word,
    deskew,
    erase_rulings,
    find_grids,
    find_rulings,
    fix_inequalities,
    fix_roman_ones,
    ink_threshold,
    leading_inequality,
    place_words,
    text_lines,
)
from ..ocr import (
    DPI,
    LANG,
    count_image_pages,
    image_frames,
    rasterise_pdf_page,
    require_ocr,
    run_tool,
)
from .blocks import Block, Document, Paragraph, Table, cell_paragraphs, join_pages

__all__ = [
    "tesseract_words",
    "read_page",
    "read_image_file",
    "read_pdf_page",
    "page_image_text",
    "OCR_WORKERS",
]

OCR_WORKERS = 2
DARK_INK = 128
# "III TỔ CHỨC THỰC HIỆN": the dot of a roman heading lost where the I's merged
_ROMAN_HEADING = re.compile(r"^([IVX]{1,4})\s+(\S.*\S)$")


def tesseract_words(
    png: Path, *, dpi: int, lang: str = LANG, psm: int = 3, offset: tuple[int, int] = (0, 0)
) -> list[Word]:
    """Word boxes of one page image (tesseract's TSV), in its reading order; ``psm`` 11
    (sparse text) for a table's cells, ``offset`` where the image stands on the page."""
    proc = run_tool(
        ["tesseract", str(png), "stdout", "-l", lang, "--dpi", str(dpi), "--psm", str(psm), "tsv"],
        "Nhận dạng chữ (OCR)",
    )
    text = proc.stdout.decode("utf-8", "replace")
    words: list[Word] = []
    for row in csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE):
        word = (row.get("text") or "").strip()
        if row.get("level") != "5" or not word:
            continue
        try:
            x, y = int(row["left"]) + offset[0], int(row["top"]) + offset[1]
            w, h = int(row["width"]), int(row["height"])
            key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
            conf = float(row.get("conf") or 0)
        except (KeyError, TypeError, ValueError):
            continue
        words.append(Word(x, y, x + w, y + h, word, key, conf))
    return words


def _cell_text(words: list[Word]) -> str:
    return cell_paragraphs(text_lines(words))


def _grid_blocks(grid: Grid) -> list[Block]:
    """A grid of two columns or more as a table; a framed box as its printed lines."""
    if max((len(r) for r in grid.rows), default=0) < 2:
        lines = (ln for row in grid.rows for c in row for ln in text_lines(c.words))
        return [Paragraph(_dotted_heading(ln)) for ln in lines]
    rows = [[_cell_text(c.words) for c in row] for row in grid.rows]
    return [Table([r for r in rows if any(c.strip() for c in r)])]


def _dotted_heading(line: str) -> str:
    m = _ROMAN_HEADING.match(line)
    if m and m.group(2).isupper() and len(m.group(2).split()) >= 2:
        return f"{m.group(1)}. {m.group(2)}"
    return line


def _paragraph_lines(words: list[Word]) -> list[tuple[float, list[Word]]]:
    """Tesseract's lines of the words outside the tables: (top, words), in its order; a
    line read again (:func:`_read_missed_lines`) before the first line below it."""
    lines: dict[tuple[int, ...], list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    ordered: list[tuple[float, list[Word]]] = []
    missed: list[tuple[float, list[Word]]] = []
    for key, ws in lines.items():
        (missed if key and key[0] >= 10**6 else ordered).append((min(w.y0 for w in ws), ws))
    for top, ws in sorted(missed, key=lambda m: m[0]):
        at = next((i for i, (t, _) in enumerate(ordered) if t > top), len(ordered))
        ordered.insert(at, (top, ws))
    return ordered


def page_blocks(grids: list[Grid], outside: list[Word]) -> list[Block]:
    """The page's blocks: tesseract's lines in its order, each table before the first line
    below its top."""
    pending = sorted(grids, key=lambda g: g.y0)
    blocks: list[Block] = []
    for top, ws in _paragraph_lines(outside):
        while pending and pending[0].y0 <= top:
            blocks.extend(_grid_blocks(pending.pop(0)))
        line = " ".join(w.text for w in sorted(ws, key=lambda w: w.x0))
        blocks.append(Paragraph(_dotted_heading(line)))
    for grid in pending:
        blocks.extend(_grid_blocks(grid))
    return blocks


def _ocr(img, dpi: int, workdir: Path, lang: str, psm: int, offset=(0, 0)) -> list[Word]:
    with tempfile.NamedTemporaryFile(suffix=".png", dir=workdir, delete=False) as f:
        png = Path(f.name)
    try:
        img.save(png, dpi=(dpi, dpi))
        return tesseract_words(png, dpi=dpi, lang=lang, psm=psm, offset=offset)
    finally:
        png.unlink(missing_ok=True)


def _box(grid: Grid, shape: tuple[int, int], pad: int) -> tuple[int, int, int, int]:
    return (
        max(0, int(grid.x0) - pad),
        max(0, int(grid.y0) - pad),
        min(shape[1], int(grid.x1) + pad + 1),
        min(shape[0], int(grid.y1) + pad + 1),
    )


def read_page(gray, dpi: int, workdir: Path, *, lang: str = LANG) -> list[Block]:
    """Blocks of one page image (a PIL image in grey), turned level first: the text
    outside the tables read as a page (tesseract's layout analysis), each table's area as
    sparse text (every cell's words found, a lone row number too); what either skipped is
    read again in a strip."""
    from PIL import Image

    arr = deskew(np.asarray(gray, dtype=np.uint8))
    rulings = find_rulings(arr, dpi)
    grids = find_grids(rulings, dpi)
    if not grids:
        words = fix_roman_ones(arr, _ocr(Image.fromarray(arr), dpi, workdir, lang, 3))
        words = fix_inequalities(arr, words)
        words += _read_missed_lines(arr, [], words, dpi, workdir, lang)
        return page_blocks(*_with_borderless([], words, arr, dpi, workdir, lang))
    clean = erase_rulings(arr, rulings)
    body = clean.copy()
    words: list[Word] = []
    for grid in grids:
        x0, y0, x1, y1 = _box(grid, arr.shape, 2)
        body[y0:y1, x0:x1] = 255
        crop = Image.fromarray(clean[y0:y1, x0:x1])
        found = _ocr(crop, dpi, workdir, lang, 11, offset=(x0, y0))
        # line keys of their own run: never one of the page's lines
        words += [replace(w, line=(-1 - len(words), *w.line)) for w in found]
    if (body < 128).sum() > 50:  # anything printed outside the tables
        words = _ocr(Image.fromarray(body), dpi, workdir, lang, 3) + words
    words = fix_inequalities(clean, fix_roman_ones(clean, words))
    outside = place_words(grids, words)
    _read_missed_cells(grids, clean, dpi, workdir, lang)
    outside += _read_missed_lines(body, grids, outside, dpi, workdir, lang)
    return page_blocks(*_with_borderless(grids, outside, clean, dpi, workdir, lang))


def _with_borderless(
    grids: list[Grid], outside: list[Word], page: np.ndarray, dpi: int, workdir: Path, lang: str
) -> tuple[list[Grid], list[Word]]:
    """The ruled tables and the tables printed without rulings found among the words
    outside them, from the same OCR run's word boxes (only a cell holding ink and no
    word, a row number the page's OCR skipped, is read again, in one strip); the words
    left outside every table."""
    found = find_borderless(outside, dpi, page < ink_threshold(page))
    if not found:
        return grids, outside
    taken = {id(w) for g in found for row in g.rows for c in row for w in c.words}
    rest = [w for w in outside if id(w) not in taken]
    _read_missed_cells(found, page, dpi, workdir, lang)
    for grid in found:
        for row in grid.rows:
            if len(row) < len(grid.rows[0]):  # a group row's "I" read again as "|"
                row[0].words[:] = fix_roman_ones(page, row[0].words)
        fill_row_numbers(grid)
    return sorted([*grids, *found], key=lambda g: g.y0), rest


def _ocr_crops(
    crops: list[tuple[int, int, np.ndarray]], dpi: int, workdir: Path, lang: str
) -> list[list[Word]]:
    """Pieces of the page (left, top, pixels) stacked into one strip and read in one OCR
    run; the words of each piece, in page coordinates."""
    from PIL import Image

    if not crops:
        return []
    gap = dpi // 4
    height = sum(c.shape[0] + gap for _, _, c in crops) + gap
    width = max(c.shape[1] for _, _, c in crops) + 2 * gap
    strip = np.full((height, width), 255, dtype=np.uint8)
    spans = []
    y = gap
    for x0, y0, crop in crops:
        strip[y : y + crop.shape[0], gap : gap + crop.shape[1]] = crop
        spans.append((y - gap // 2, y + crop.shape[0] + gap // 2, x0 - gap, y0 - y))
        y += crop.shape[0] + gap
    found: list[list[Word]] = [[] for _ in crops]
    for w in _ocr(Image.fromarray(strip), dpi, workdir, lang, 6):
        i = next((i for i, (a, b, _, _) in enumerate(spans) if a <= w.cy < b), None)
        if i is not None:
            _, _, dx, dy = spans[i]
            found[i].append(replace(w, x0=w.x0 + dx, x1=w.x1 + dx, y0=w.y0 + dy, y1=w.y1 + dy))
    return found


def _ink_box(ink: np.ndarray) -> tuple[int, int, int, int] | None:
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if not len(rows):
        return None
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def _read_missed_cells(grids: list[Grid], clean: np.ndarray, dpi: int, workdir: Path, lang):
    """Cells holding ink but no word (a lone "1" the sparse pass skipped) read again, all
    in one strip."""
    inset = max(3, dpi // 50)
    cells, crops = [], []
    for grid in grids:
        for cell in (c for row in grid.rows for c in row if not c.words):
            y0, y1 = int(cell.y0) + inset, int(cell.y1) - inset
            x0, x1 = int(cell.x0) + inset, int(cell.x1) - inset
            if y1 - y0 < 4 or x1 - x0 < 4:
                continue
            ink = clean[y0:y1, x0:x1] < DARK_INK
            box = _ink_box(ink) if ink.sum() >= 12 else None
            if box is None:
                continue
            bx0, by0, bx1, by1 = box
            cells.append(cell)
            crops.append((x0 + bx0, y0 + by0, clean[y0 + by0 : y0 + by1, x0 + bx0 : x0 + bx1]))
    for cell, words in zip(cells, _ocr_crops(crops, dpi, workdir, lang), strict=True):
        cell.words.extend(fix_inequalities(clean, words))


def _bands(rows: np.ndarray, max_gap: int) -> list[tuple[int, int]]:
    """Runs of true rows (gaps up to ``max_gap`` closed): (first, end)."""
    out: list[list[int]] = []
    for y in np.flatnonzero(rows).tolist():
        if out and y - out[-1][1] <= max_gap + 1:
            out[-1][1] = y + 1
        else:
            out.append([y, y + 1])
    return [(a, b) for a, b in out]


def _read_missed_lines(
    arr: np.ndarray, grids: list[Grid], words: list[Word], dpi: int, workdir: Path, lang: str
) -> list[Word]:
    """Printed lines outside the tables that the page's OCR skipped (short lines of
    figures such as "≥ 50" are taken for pictures), read again in one strip; their
    words carry line keys of their own (block 10⁶ + i)."""
    thr = ink_threshold(arr)
    covered = np.zeros(arr.shape, dtype=bool)
    pad = max(2, dpi // 40)
    for w in words:
        covered[max(0, w.y0 - pad) : w.y1 + pad + 1, max(0, w.x0 - pad) : w.x1 + pad + 1] = True
    for g in grids:
        covered[
            max(0, int(g.y0) - pad) : int(g.y1) + pad + 1,
            max(0, int(g.x0) - pad) : int(g.x1) + pad + 1,
        ] = True
    ink = (arr < thr) & ~covered
    crops = []
    for y0, y1 in _bands(ink.sum(axis=1) >= 2, 2):
        if not dpi // 25 <= y1 - y0 <= dpi // 2:
            continue
        for x0, x1 in _bands(ink[y0:y1].any(axis=0), dpi // 5):
            piece = ink[y0:y1, x0:x1]
            if piece.sum() >= 40 and x1 - x0 >= dpi // 20:
                crops.append((x0, y0, arr[y0:y1, x0:x1]))
    out: list[Word] = []
    for i, found in enumerate(_ocr_crops(crops, dpi, workdir, lang)):
        good = [w for w in found if w.conf >= 60 and any(c.isalnum() for c in w.text)]
        good = sorted(fix_inequalities(arr, good), key=lambda w: w.x0)
        x0, y0, crop = crops[i]
        if good and good[0].x0 - x0 > dpi // 20 and good[0].text[:1] not in "≥≤":
            sign = leading_inequality(crop[:, : good[0].x0 - x0] < thr)
            if sign:  # "≥ 50" read as "50"
                first = good[0]
                good.insert(0, Word(x0, first.y0, x0 + 1, first.y1, sign, first.line))
        out += [replace(w, line=(10**6 + i, 1, 1)) for w in good]
    return out


def page_image_text(png: Path, *, dpi: int, lang: str = LANG, psm: int = 3) -> str:
    """The flat text tesseract prints for a page image (no table rebuilt); ``psm`` 6 reads
    the page as one block, a table row's cells side by side on a line."""
    require_ocr()
    proc = run_tool(
        ["tesseract", str(png), "stdout", "-l", lang, "--dpi", str(dpi), "--psm", str(psm)],
        "Nhận dạng chữ (OCR)",
    )
    return proc.stdout.decode("utf-8", "replace").replace("\f", "\n").rstrip() + "\n"


def read_image_file(
    path: Path, progress: Callable[[int, int, str], None] | None = None
) -> Document:
    """Every page (frame) of an image file as blocks, two pages at a time."""
    require_ocr()
    total = count_image_pages(path)
    with (
        tempfile.TemporaryDirectory(prefix="theodoi-scan-") as tmp,
        ThreadPoolExecutor(max_workers=OCR_WORKERS) as pool,
    ):
        try:
            futures = [
                pool.submit(read_page, page, dpi, Path(tmp)) for page, dpi in image_frames(path)
            ]
        except IngestError:
            raise
        except (OSError, ValueError, SyntaxError, EOFError) as exc:
            raise IngestError(f"Tệp ảnh {path.name} bị hỏng hoặc không đọc được.") from exc
        pages: list[list[Block]] = []
        for i, fut in enumerate(futures, start=1):
            pages.append(fut.result())
            if progress:
                progress(i, total, f"OCR ảnh trang {i}/{total}")
    return Document(join_pages(pages), ocr=True)


def read_pdf_page(pdf: Path, page_no: int, workdir: Path) -> list[Block]:
    """Page ``page_no`` (1-based) of a scanned PDF, rasterised at 300 dpi, as blocks."""
    require_ocr()
    from PIL import Image

    png = rasterise_pdf_page(pdf, page_no, workdir, dpi=DPI)
    try:
        with Image.open(png) as img:
            gray = img.convert("L")
        return read_page(gray, DPI, workdir)
    finally:
        png.unlink(missing_ok=True)
