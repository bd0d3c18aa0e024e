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
from pathlib import Path

import numpy as np

from ..errors import IngestError
from ..geometry import (
    Grid,
    Word,
    deskew,
    erase_rulings,
    find_grids,
    find_rulings,
    fix_roman_ones,
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
        except (KeyError, TypeError, ValueError):
            continue
        words.append(Word(x, y, x + w, y + h, word, key))
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
    """Tesseract's lines of the words outside the tables: (top, words), in its order."""
    lines: dict[tuple[int, ...], list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    return [(min(w.y0 for w in ws), ws) for ws in lines.values()]


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
    outside the tables read as a page (tesseract's layout analysis), each table's area as sparse text (every
    cell's words found, a lone row number too)."""
    from PIL import Image

    arr = deskew(np.asarray(gray, dtype=np.uint8))
    rulings = find_rulings(arr, dpi)
    grids = find_grids(rulings, dpi)
    if not grids:
        page = Image.fromarray(arr)
        return page_blocks([], fix_roman_ones(arr, _ocr(page, dpi, workdir, lang, 3)))
    clean = erase_rulings(arr, rulings)
    body = clean.copy()
    words: list[Word] = []
    for grid in grids:
        x0, y0, x1, y1 = _box(grid, arr.shape, 2)
        body[y0:y1, x0:x1] = 255
        crop = Image.fromarray(clean[y0:y1, x0:x1])
        words += _ocr(crop, dpi, workdir, lang, 11, offset=(x0, y0))
    if (body < 128).sum() > 50:  # anything printed outside the tables
        words = _ocr(Image.fromarray(body), dpi, workdir, lang, 3) + words
    outside = place_words(grids, fix_roman_ones(clean, words))
    _read_missed_cells(grids, clean, dpi, workdir, lang)
    return page_blocks(grids, outside)


def _read_missed_cells(grids: list[Grid], clean: np.ndarray, dpi: int, workdir: Path, lang):
    """Cells holding ink but no word (a lone "1" the sparse pass skipped) read again: their
    insides stacked into one strip, one OCR run for the page."""
    from PIL import Image

    inset = max(3, dpi // 50)
    missed = []
    for grid in grids:
        for cell in (c for row in grid.rows for c in row if not c.words):
            y0, y1 = int(cell.y0) + inset, int(cell.y1) - inset
            x0, x1 = int(cell.x0) + inset, int(cell.x1) - inset
            if y1 - y0 < 4 or x1 - x0 < 4:
                continue
            ink = clean[y0:y1, x0:x1] < DARK_INK
            if ink.sum() < 12:
                continue
            rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
            crop = clean[y0 + rows[0] : y0 + rows[-1] + 1, x0 + cols[0] : x0 + cols[-1] + 1]
            missed.append((cell, crop))
    if not missed:
        return
    gap = dpi // 4
    height = sum(c.shape[0] + gap for _, c in missed) + gap
    width = max(c.shape[1] for _, c in missed) + 2 * gap
    strip = np.full((height, width), 255, dtype=np.uint8)
    spans = []
    y = gap
    for cell, crop in missed:
        strip[y : y + crop.shape[0], gap : gap + crop.shape[1]] = crop
        spans.append((y - gap // 2, y + crop.shape[0] + gap // 2, cell))
        y += crop.shape[0] + gap
    for w in _ocr(Image.fromarray(strip), dpi, workdir, lang, 6):
        cell = next((c for a, b, c in spans if a <= w.cy < b), None)
        if cell is not None:
            cell.words.append(w)  # its own box in the strip: the cell's order is kept


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
