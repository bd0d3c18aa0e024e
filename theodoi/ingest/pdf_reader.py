"""Text of a PDF: the text layer (pdfminer.six) in reading order, OCR for scanned pages.

Reading order follows what ``pdftotext`` gives for administrative plans: the text lines of
a page are grouped into *blocks* (lines of one paragraph or one table cell: same column,
close together, not separated by a ruling line), blocks whose vertical extents overlap
form a *band* (a table row, or the two columns of the national header), and bands are
read top to bottom, blocks in a band left to right.  A table therefore comes out one cell
per line (wrapped lines of a cell kept together) in row order, like the corpus text.  A
ruled table is read by pdfplumber's table finder instead (``loaders/pdf_tables``): each cell
whole, its wrapped lines joined, a row cut by a page break joined again.

A page with (almost) no text layer, or whose glyphs have no Unicode mapping (``(cid:N)``),
is scanned: it is rasterised at 300 dpi and read with tesseract (``vie``) through the scan
loader (``loaders/scan``: its tables rebuilt from the ruling lines and word boxes, a table
cut by a page break joined again).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from .errors import IngestError
from .loaders.blocks import Block, Document, Paragraph, document_text, join_pages
from .loaders.pdf_tables import PdfTables, PlacedTable
from .loaders.scan import read_pdf_page
from .ocr import require_ocr, require_pdftoppm

__all__ = ["read_pdf", "read_pdf_document", "MAX_PDF_PAGES", "ENCRYPTED_PDF"]

MAX_PDF_PAGES = 2000
OCR_WORKERS = max(1, min(4, os.cpu_count() or 1))  # tesseract runs, one thread each
ENCRYPTED_PDF = "Tệp PDF được đặt mật khẩu: hãy gỡ mật khẩu (hoặc in lại ra PDF) rồi tải lên."
_MIN_TEXT_CHARS = 20  # fewer non-space characters on a page with an image → scanned
_CID = re.compile(r"\(cid:\d+\)")

PageProgress = Callable[[int, int, str], None]


@dataclass
class _Line:
    x0: float
    y0: float  # bottom (PDF coordinates grow upwards)
    x1: float
    y1: float  # top
    text: str

    @property
    def height(self) -> float:
        return max(1.0, self.y1 - self.y0)


@dataclass
class _Block:
    lines: list[_Line]
    x0: float
    y0: float
    x1: float
    y1: float

    def add(self, ln: _Line) -> None:
        self.lines.append(ln)
        self.x0, self.x1 = min(self.x0, ln.x0), max(self.x1, ln.x1)
        self.y0, self.y1 = min(self.y0, ln.y0), max(self.y1, ln.y1)


def _corrupt(name: str) -> IngestError:
    return IngestError(f"Tệp PDF {name} bị hỏng hoặc không đầy đủ, không đọc được.")


def _collect(layout) -> tuple[list[_Line], list[tuple[float, float, float]], bool]:
    """Text lines, horizontal rulings (y, x0, x1) and whether the page holds an image."""
    from pdfminer.layout import LTCurve, LTFigure, LTImage, LTTextBox, LTTextLine

    lines: list[_Line] = []
    rulings: list[tuple[float, float, float]] = []
    has_image = False

    def visit(obj) -> None:
        nonlocal has_image
        if isinstance(obj, LTTextLine):
            text = obj.get_text().rstrip("\n")
            if text.strip():
                lines.append(_Line(obj.x0, obj.y0, obj.x1, obj.y1, text))
            return
        if isinstance(obj, LTTextBox):
            for child in obj:
                visit(child)
            return
        if isinstance(obj, LTImage):
            has_image = True
            return
        if isinstance(obj, LTCurve):  # LTLine and LTRect are curves
            w, h = obj.x1 - obj.x0, obj.y1 - obj.y0
            if w > 8 and h < 3:
                rulings.append(((obj.y0 + obj.y1) / 2, obj.x0, obj.x1))
            elif w > 8 and h >= 3 and type(obj).__name__ == "LTRect":
                rulings.append((obj.y0, obj.x0, obj.x1))
                rulings.append((obj.y1, obj.x0, obj.x1))
            return
        if isinstance(obj, LTFigure):
            for child in obj:
                visit(child)

    for obj in layout:
        visit(obj)
    return lines, rulings, has_image


def _ruled_between(upper: _Line, lower: _Line, rulings) -> bool:
    lo, hi = lower.y1 - 1.0, upper.y0 + 1.0
    x0, x1 = max(upper.x0, lower.x0), min(upper.x1, lower.x1)
    for y, rx0, rx1 in rulings:
        if lo <= y <= hi and rx0 <= x0 + 2 and rx1 >= min(x1, x0 + 4) - 2:
            return True
    return False


def _same_block(block: _Block, ln: _Line, rulings) -> bool:
    last = block.lines[-1]
    gap = last.y0 - ln.y1
    if gap > 0.8 * max(last.height, ln.height) or gap < -0.5 * ln.height:
        return False
    overlap = min(last.x1, ln.x1) - max(last.x0, ln.x0)
    if overlap <= 0:
        return False
    aligned = (
        abs(last.x0 - ln.x0) < 4
        or abs((last.x0 + last.x1) / 2 - (ln.x0 + ln.x1) / 2) < 4
        or abs(last.x1 - ln.x1) < 4
        or overlap > 0.5 * max(last.x1 - last.x0, ln.x1 - ln.x0)
    )
    return aligned and not _ruled_between(last, ln, rulings)


def _page_text(lines: list[_Line], rulings) -> str:
    """Order the lines of one page (see the module docstring)."""
    lines = sorted(lines, key=lambda ln: (-ln.y1, ln.x0))
    blocks: list[_Block] = []
    for ln in lines:
        # the most recent block that this line continues (same column, just below)
        for block in reversed(blocks[-12:]):
            if _same_block(block, ln, rulings):
                block.add(ln)
                break
        else:
            blocks.append(_Block([ln], ln.x0, ln.y0, ln.x1, ln.y1))
    blocks.sort(key=lambda b: (-b.y1, b.x0))
    bands: list[list[_Block]] = []
    low = 0.0
    for b in blocks:
        # a block joins the band when it overlaps it vertically by more than a sliver
        if bands and b.y1 - 0.3 * b.lines[0].height > low:
            bands[-1].append(b)
            low = min(low, b.y0)
        else:
            bands.append([b])
            low = b.y0
    out: list[str] = []
    for band in bands:
        for b in sorted(band, key=lambda b: b.x0):
            out.extend(ln.text.strip() for ln in b.lines)
    return "\n".join(out)


def _paragraphs(lines: list[_Line], rulings) -> list[Block]:
    return [Paragraph(t) for t in _page_text(lines, rulings).split("\n") if t]


def _page_blocks(lines: list[_Line], rulings, placed: list[PlacedTable]) -> list[Block]:
    """A text page's blocks: its ruled tables (pdfplumber) as tables, the lines outside
    them in band order before, between and after them."""
    if not placed:
        return _paragraphs(lines, rulings)

    def centre(ln: _Line) -> tuple[float, float]:
        return (ln.x0 + ln.x1) / 2, (ln.y0 + ln.y1) / 2

    rest = [ln for ln in lines if not any(p.holds(*centre(ln)) for p in placed)]
    blocks: list[Block] = []
    for table in placed:  # top to bottom
        above = [ln for ln in rest if centre(ln)[1] > table.top]
        rest = [ln for ln in rest if centre(ln)[1] <= table.top]
        blocks += _paragraphs(above, rulings)
        blocks.append(table.table)
    return blocks + _paragraphs(rest, rulings)


def _page_count(doc) -> int:
    from pdfminer.pdftypes import resolve1

    try:
        pages = resolve1(doc.catalog.get("Pages"))
        count = int(resolve1(pages.get("Count")))
        if count > 0:
            return count
    except Exception:  # noqa: BLE001 - any broken tree: count them instead
        pass
    return 0


def _pages(fp, name: str) -> list:
    """The pages of an open PDF; refused when encrypted, broken or too long."""
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        parser = PDFParser(fp)
        doc = PDFDocument(parser, password="")
    except PDFPasswordIncorrect as exc:
        raise IngestError(ENCRYPTED_PDF) from exc
    except PDFEncryptionError as exc:
        raise IngestError(ENCRYPTED_PDF) from exc
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds on bad input
        if "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower():
            raise IngestError(ENCRYPTED_PDF) from exc
        raise _corrupt(name) from exc
    try:
        pages = list(PDFPage.create_pages(doc))
    except Exception as exc:  # noqa: BLE001
        raise _corrupt(name) from exc
    total = len(pages) or _page_count(doc)
    if not pages:
        raise _corrupt(name)
    if total > MAX_PDF_PAGES:
        raise IngestError(f"Tệp PDF {name} quá dài ({total} trang, tối đa {MAX_PDF_PAGES}).")
    return pages


def read_pdf(path: Path, progress: PageProgress | None = None) -> str:
    """Text of the PDF ``path`` page by page; ``progress(done, total, message)`` per page."""
    return document_text(read_pdf_document(path, progress))


def read_pdf_document(path: Path, progress: PageProgress | None = None) -> Document:
    """Blocks of the PDF ``path``: text pages in band order with their ruled tables, scanned
    pages through the scan loader; a table cut by a page break is one table."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

    name = path.name
    with open(path, "rb") as fp:
        pages = _pages(fp, name)
        rsrc = PDFResourceManager(caching=True)
        # boxes_flow=None: lines are ordered here (_page_text), pdfminer's box grouping is
        # not needed and is the slow part of its layout analysis
        laparams = LAParams(line_margin=0.5, char_margin=2.0, boxes_flow=None)
        device = PDFPageAggregator(rsrc, laparams=laparams)
        interpreter = PDFPageInterpreter(rsrc, device)
        texts: list[list[Block]] = [[] for _ in pages]
        ocr_jobs: dict[Future[list[Block]], int] = {}
        pool: ThreadPoolExecutor | None = None
        workdir: tempfile.TemporaryDirectory[str] | None = None
        tables = PdfTables(path)
        scanned: list[int] = []
        done = 0

        def report(no: int, message: str) -> None:
            nonlocal done
            done += 1
            if progress:
                progress(done, len(pages), message)

        def collect_ocr(block: bool) -> None:
            finished = list(as_completed(ocr_jobs)) if block else [f for f in ocr_jobs if f.done()]
            for fut in finished:
                no = ocr_jobs.pop(fut)
                texts[no - 1] = fut.result()
                report(no, f"OCR trang {no}/{len(pages)}")

        try:
            for no, page in enumerate(pages, start=1):
                try:
                    interpreter.process_page(page)
                    layout = device.get_result()
                    lines, rulings, has_image = _collect(layout)
                except Exception as exc:  # noqa: BLE001
                    if "password" in str(exc).lower():
                        raise IngestError(ENCRYPTED_PDF) from exc
                    raise IngestError(f"Trang {no} của tệp PDF {name} bị hỏng.") from exc
                raw = "".join(ln.text for ln in lines)
                unmapped = len(_CID.findall(raw))
                visible = len(re.sub(r"\s", "", _CID.sub("", raw)))
                if (visible < _MIN_TEXT_CHARS and has_image) or unmapped > visible:
                    # scanned page (or glyphs without Unicode): rasterise and OCR, two at once
                    require_ocr()
                    require_pdftoppm()
                    if pool is None:
                        workdir = tempfile.TemporaryDirectory(prefix="theodoi-pdf-")
                        pool = ThreadPoolExecutor(max_workers=OCR_WORKERS)
                    ocr_jobs[pool.submit(read_pdf_page, path, no, Path(workdir.name))] = no
                    scanned.append(no)
                else:  # a text layer (or a blank page)
                    placed = tables.page(no) if len(rulings) >= 2 else []
                    texts[no - 1] = _page_blocks(lines, rulings, placed)
                    report(no, f"Đọc trang {no}/{len(pages)}")
                collect_ocr(block=False)
            collect_ocr(block=True)
        finally:
            tables.close()
            if pool is not None:
                for fut in ocr_jobs:
                    fut.cancel()
                pool.shutdown(wait=True)
            if workdir is not None:
                workdir.cleanup()
    return Document(join_pages(texts), ocr=bool(scanned))
