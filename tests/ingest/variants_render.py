"""Render variants: a plan as it arrives on paper.

* ``pdf``: the plan's DOCX rendered to PDF by LibreOffice, read from its text layer (a
  ruled table through pdfplumber's table finder);
* ``scan``: the plan's DOCX (a test plan's builder; a text plan written one paragraph per
  line, its tab-separated rows a Word table) rendered to PDF by LibreOffice, rasterised at
  :data:`DPI` dpi in grey with no text layer, and read through the scan path (``theodoi.ingest.loaders.scan``: tables rebuilt
  from ruling lines and word boxes) as a multi-page TIFF upload;
* ``ocr-eng``: the same pages OCR'd with tesseract's English model as one block per page
  (``--psm 6``: a line across the page, a table row's cells side by side, no marks) — how
  the corpus's OCR texts were made — and read as text.

The gold is the original's.  Renders are slow (LibreOffice, then OCR of every page): each
is made once per process and kept in a temporary directory (:func:`rendered`).
``missing_tools()`` names what is not installed (``scripts/ensure-ocr.sh``,
``scripts/ensure-office.sh``).  Plain Python; loaded by path from ``variants.py``.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from theodoi.documents.services import docx_to_pdf, soffice_path
from theodoi.ingest.load import load_text
from theodoi.ingest.loaders.blocks import Document, document_text
from theodoi.ingest.loaders.scan import page_image_text, read_image_file
from theodoi.ingest.ocr import ocr_available

__all__ = ["DPI", "missing_tools", "rendered", "render_variants", "Rendered"]

DPI = 200
KINDS = ("pdf", "scan", "ocr-eng")
_DIR = tempfile.TemporaryDirectory(prefix="theodoi-render-")
_CACHE: dict[tuple[str, int | None], Rendered] = {}


@dataclass
class Rendered:
    pdf: Path
    pages: list[Path]  # PNG per page, DPI dpi, grey, no text layer
    scan: Path  # the pages as one multi-page TIFF (the upload a scanner makes)


def missing_tools() -> list[str]:
    missing = []
    if soffice_path() is None:
        missing.append("LibreOffice (scripts/ensure-office.sh)")
    if not shutil.which("pdftoppm"):
        missing.append("poppler-utils (scripts/ensure-ocr.sh)")
    if not ocr_available():
        missing.append("tesseract-ocr-vie (scripts/ensure-ocr.sh)")
    elif "eng" not in _langs():
        missing.append("tesseract-ocr-eng (scripts/ensure-ocr.sh)")
    return missing


def _langs() -> set[str]:
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False)
    return {ln.strip() for ln in (out.stdout + out.stderr).splitlines()}


def _module(script: Path):
    name = "_render_" + re.sub(r"\W", "_", script.stem)
    spec = importlib.util.spec_from_file_location(name, script)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _docx_of(plan, out: Path) -> Path:
    """The plan's DOCX: a test plan's builder, else its text one paragraph per line, the
    rows of a table written with tabs as a ruled Word table."""
    if plan.builder is not None:
        return _module(plan.builder).build(out / "plan")
    import docx

    doc = docx.Document()
    rows: list[list[str]] = []
    for line in [*plan.text.splitlines(), ""]:
        if "\t" in line:  # a row of a table written with tabs: a Word table
            rows.append([c.strip() for c in line.split("\t")])
            continue
        if rows:
            _add_table(doc, rows)
            rows = []
        if line.strip():
            doc.add_paragraph(line.strip())
    path = out / "plan.docx"
    doc.save(path)
    return path


def _add_table(doc, rows: list[list[str]]) -> None:
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value


def _rasterise(pdf: Path, out: Path, max_pages: int | None) -> list[Path]:
    cmd = ["pdftoppm", "-r", str(DPI), "-gray", "-png"]
    if max_pages:
        cmd += ["-f", "1", "-l", str(max_pages)]
    subprocess.run([*cmd, str(pdf), str(out / "page")], check=True, timeout=600)
    return sorted(out.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def _tiff(pages: list[Path], path: Path) -> Path:
    from PIL import Image

    images = [Image.open(p).convert("L") for p in pages]
    images[0].save(
        path,
        save_all=True,
        append_images=images[1:],
        dpi=(DPI, DPI),
        compression="tiff_deflate",
    )
    return path


def rendered(plan, *, max_pages: int | None = None) -> Rendered:
    """The plan rendered to PDF and rasterised (made once per process)."""
    key = (plan.name, max_pages)
    if key not in _CACHE:
        out = Path(tempfile.mkdtemp(dir=_DIR.name))
        docx_path = _docx_of(plan, out)
        pdf = out / "plan.pdf"
        pdf.write_bytes(docx_to_pdf(docx_path.read_bytes()))
        pages = _rasterise(pdf, out, max_pages)
        _CACHE[key] = Rendered(pdf, pages, _tiff(pages, out / "scan.tif"))
    return _CACHE[key]


@functools.cache
def _scan_document(scan: Path) -> Document:
    return read_image_file(scan)


def scan_document(plan, *, max_pages: int | None = None) -> Document:
    """The blocks the scan loader reads from the scanned pages (read once per process)."""
    return _scan_document(rendered(plan, max_pages=max_pages).scan)


def scan_text(plan, *, max_pages: int | None = None) -> str:
    """What the loader reads from the scanned pages (``load_text`` of an image is this)."""
    return document_text(scan_document(plan, max_pages=max_pages))


def pdf_text(plan, *, max_pages: int | None = None) -> str:
    """What the loader reads from the PDF's text layer (every page)."""
    return load_text(rendered(plan, max_pages=max_pages).pdf)


def eng_text(plan, *, max_pages: int | None = None) -> str:
    """The pages OCR'd with the English model, one block per page."""
    pages = rendered(plan, max_pages=max_pages).pages
    return "\n".join(page_image_text(p, dpi=DPI, lang="eng", psm=6) for p in pages)


def render_variants(plan, variant_cls, *, max_pages: int | None = None) -> list:
    """The ``pdf``, ``scan`` and ``ocr-eng`` variants of ``plan`` (``variant_cls``: variants.Variant)."""
    if missing_tools():
        return []
    made = []
    for kind, read in (("pdf", pdf_text), ("scan", scan_text), ("ocr-eng", eng_text)):
        text = read(plan, max_pages=max_pages)
        how = "DOCX → PDF (text layer)" if kind == "pdf" else f"DOCX → PDF → {DPI} dpi → {kind}"
        changes = {"render": how}
        made.append(variant_cls(f"{plan.name} ~ {kind}", plan.name, text, plan.gold, changes))
    return made
