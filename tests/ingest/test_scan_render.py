"""Render variants (tests/ingest/variants_render.py) of the test plan whose tasks are an
annex table: its DOCX rendered to PDF by LibreOffice, rasterised at 200 dpi with no text
layer and read through the scan path; the same pages OCR'd with the English model.

A bounded set (one plan, three pages, rendered once for the module); ``theodoi
eval-ingest --variants --render`` scores every plan.  Skipped when LibreOffice or
tesseract is missing, unless THEODOI_REQUIRE_OCR=1 or THEODOI_REQUIRE_OFFICE=1 (then it
fails): ``scripts/ensure-ocr.sh``, ``scripts/ensure-office.sh``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).parent))
import variants as V  # noqa: E402

from theodoi.ingest.agency_catalogue import registry_for_plan  # noqa: E402
from theodoi.ingest.evaluate import evaluate  # noqa: E402
from theodoi.ingest.pipeline import ingest_text  # noqa: E402

PLAN = "so-y-te-hai-phong-2025 *"
FIELDS = ("task_recall", "task_precision", "task_lead", "deadline")


@pytest.fixture(scope="module")
def render():
    module = V._render_module()
    missing = module.missing_tools()
    if missing:
        msg = f"thiếu {', '.join(missing)}"
        if os.environ.get("THEODOI_REQUIRE_OCR") == "1" or os.environ.get("THEODOI_REQUIRE_OFFICE"):
            pytest.fail(msg)
        pytest.skip(msg)
    return module


@pytest.fixture(scope="module")
def plan():
    return next(p for p in V.plans() if p.name == PLAN)


@pytest.fixture(scope="module")
def variants(render, plan):
    return {v.name.rsplit("~ ", 1)[1]: v for v in render.render_variants(plan, V.Variant)}


def _scores(text: str, gold: dict) -> dict:
    got = ingest_text(text)
    return evaluate(got.to_dict(), gold, name="x", registry=registry_for_plan(got)).figures()


def test_rendered_pages_have_no_text_layer(render, plan):
    pdf_pages = render.rendered(plan).pages
    assert len(pdf_pages) >= 2
    from PIL import Image

    with Image.open(render.rendered(plan).scan) as img:
        assert img.n_frames == len(pdf_pages)
        assert round(img.info["dpi"][0]) == render.DPI


def test_scanned_annex_table_arrives_as_rows_and_cells(render, plan):
    builder = V._module(plan.builder)
    doc = render.scan_document(plan)
    tables = [t for t in doc.tables if t.width == len(builder.TABLE[0])]
    assert len(tables) == 1, [t.rows[:1] for t in doc.tables]
    rows = tables[0].rows
    assert len(rows) == len(builder.TABLE)  # the row cut by the page break is one row
    for got, want in zip(rows, builder.TABLE, strict=True):
        for cell, expected in zip(got, want, strict=True):
            assert fuzz.ratio(" ".join(cell.split()), expected) >= 90, (cell, expected)


def test_scanned_annex_tasks_keep_leads_and_deadlines(variants, plan):
    original = _scores(plan.text, plan.gold)
    scan = _scores(variants["scan"].text, plan.gold)
    assert scan["task_lead"] >= 0.9 and scan["deadline"] >= 0.9, scan
    for field in FIELDS:
        assert scan[field] >= original[field] - 0.03, (field, scan[field], original[field])


def test_pdf_text_layer_scores_as_its_original(variants, plan):
    original = _scores(plan.text, plan.gold)
    pdf = _scores(variants["pdf"].text, plan.gold)
    for field in FIELDS:
        assert pdf[field] >= original[field] - 0.03, (field, pdf[field], original[field])


def test_english_ocr_text_scores_as_its_original(variants, plan):
    original = _scores(plan.text, plan.gold)
    eng = _scores(variants["ocr-eng"].text, plan.gold)
    for field in FIELDS:
        assert eng[field] >= original[field] - 0.03, (field, eng[field], original[field])
