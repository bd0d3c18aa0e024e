"""Tables of a PDF's text layer found by pdfplumber's table finder (ruling lines and
rectangles), as table blocks placed where they stand on the page.

pdfplumber reads the page again (it wraps pdfminer.six), so it is opened only for the
pages whose drawing holds at least two horizontal rulings; a page without a ruled table
is read by the band ordering of ``pdf_reader`` alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .blocks import Table, cell_paragraphs

__all__ = ["PlacedTable", "PdfTables"]


@dataclass
class PlacedTable:
    """A table and its box in PDF coordinates (y grows upwards, as pdfminer gives)."""

    x0: float
    bottom: float
    x1: float
    top: float
    table: Table

    def holds(self, x: float, y: float) -> bool:
        return self.x0 - 1 <= x <= self.x1 + 1 and self.bottom - 1 <= y <= self.top + 1


class PdfTables:
    """The ruled tables of the pages of one PDF (pdfplumber opened on the first ask)."""

    def __init__(self, path: Path):
        self.path = path
        self._pdf = None

    def page(self, page_no: int) -> list[PlacedTable]:
        """Tables of page ``page_no`` (1-based), top to bottom; none when pdfplumber cannot
        read the page (the band ordering reads it then)."""
        try:
            if self._pdf is None:
                import pdfplumber

                self._pdf = pdfplumber.open(self.path)
            page = self._pdf.pages[page_no - 1]
            found = page.find_tables()
            height = float(page.height)
            placed = []
            for t in found:
                rows = [[cell_paragraphs((c or "").split("\n")) for c in r] for r in t.extract()]
                rows = [r for r in rows if any(c for c in r)]
                if len(rows) < 1 or max(len(r) for r in rows) < 2:
                    continue
                x0, top, x1, bottom = t.bbox
                placed.append(PlacedTable(x0, height - bottom, x1, height - top, Table(rows)))
        except Exception:  # noqa: BLE001 - a page pdfplumber cannot read keeps the band order
            return []
        return sorted(placed, key=lambda p: -p.top)

    def close(self) -> None:
        if self._pdf is not None:
            pdf, self._pdf = self._pdf, None
            try:
                pdf.close()  # it walks the pages: a malformed one raises here too
            except Exception:  # noqa: BLE001 - the file is released below all the same
                stream = getattr(pdf, "stream", None)
                if stream is not None:
                    stream.close()
