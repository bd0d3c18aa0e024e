"""The robustness suite: variants of the corpus and test plans (tests/ingest/variants.py)
(units renamed, agencies replaced, items reordered and renumbered, labelled lines made a
table and a table made labelled lines) score within 3
points of their original on every field and ≥ 90 % on leads.  A bounded
set runs here; ``theodoi eval-ingest --variants`` scores them all.  What does not hold yet
is marked ``xfail(strict=True)`` with the figure measured, so the suite stays honest."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import variants as V  # noqa: E402

from theodoi.ingest.agency_catalogue import registry_for_plan  # noqa: E402
from theodoi.ingest.evaluate import evaluate, format_report  # noqa: E402
from theodoi.ingest.pipeline import ingest_text  # noqa: E402

FIELDS = (
    "indicator_recall",
    "indicator_precision",
    "task_recall",
    "task_precision",
    "indicator_lead",
    "task_lead",
    "deadline",
    "target",
)
LEADS = ("indicator_lead", "task_lead")
XFAIL: dict[tuple[str, str], str] = {}  # (plan, variant kind) → the figure measured
CASES = [
    ("tinh-binh-phuoc-2025-ocr", "rename"),
    ("xa-xuan-thanh-2026-ocr", "rename"),
    ("xa-vinh-lai-2025", "agencies"),
    ("bcd-tinh-gia-lai-2026-ocr *", "rename"),
    ("phuong-an-phu-2025 *", "rename"),
    ("phuong-an-phu-2025 *", "agencies"),
    ("xa-tan-hoa-2026 *", "rename"),
    ("xa-tan-hoa-2026 *", "agencies"),
    ("phuong-an-phu-2025 *", "reorder"),
    ("xa-tan-hoa-2026 *", "reorder"),
    ("so-y-te-hai-phong-2025 *", "rename"),  # a DOCX built from renamed constants
    ("xa-dong-lam-2026 *", "agencies"),
    ("xa-dong-lam-2026 *", "agencies-full"),  # duties headed by 11-word names
    ("phuong-an-phu-2025 *", "table"),  # labelled lines made an annex table
    ("phuong-binh-minh-2026 *", "table"),
    ("xa-hoa-an-2026 *", "labelled"),  # an annex table made labelled lines
    ("xa-phu-loc-2026 *", "agencies"),  # labels in other wordings
    ("so-khcn-quang-ngai-2026 *", "rename"),  # leads in a later clause, a department's units
]


@pytest.fixture(scope="module")
def originals():
    found = {p.name: p for p in V.plans()}
    if not found:
        pytest.skip("no corpus or test plan available")
    return found


def _report(name, text, gold):
    plan = ingest_text(text, source_name=name)
    return evaluate(plan.to_dict(), gold, name=name, registry=registry_for_plan(plan))


def _case(plan_name, kind):
    marks = []
    if (plan_name, kind) in XFAIL:
        marks.append(pytest.mark.xfail(strict=True, reason=XFAIL[(plan_name, kind)]))
    return pytest.param(plan_name, kind, marks=marks, id=f"{plan_name.rstrip(' *')}~{kind}")


@pytest.mark.parametrize(("plan_name", "kind"), [_case(*c) for c in CASES])
def test_variant_scores_like_its_original(originals, plan_name, kind):
    plan = originals.get(plan_name)
    if plan is None:
        pytest.skip(f"{plan_name} not available")
    make = {
        "rename": V.rename,
        "agencies": V.replace_agencies,
        "agencies-full": lambda p: V.replace_agencies(p, full=True),
        "reorder": V.reorder,
        "table": V.labelled_to_table,
        "labelled": V.table_to_labelled,
    }[kind]
    variant = make(plan)
    assert variant is not None, f"no {kind} variant of {plan_name}"
    base = _report(plan.name, plan.text, plan.gold)
    got = _report(variant.name, variant.text, variant.gold)
    b, g = base.figures(), got.figures()
    worse = {
        f: (round(g[f] or 0, 3), round(b[f], 3))
        for f in FIELDS
        if b[f] is not None and (g[f] or 0) < b[f] - 0.03
    }
    low = {f: round(g[f], 3) for f in LEADS if g[f] is not None and g[f] < 0.90}
    assert not worse and not low, f"{variant.changes}\n{format_report([base, got], details=True)}"


def test_a_rename_reaches_every_spelling_of_the_name(originals):
    plan = originals.get("tinh-binh-phuoc-2025-ocr")
    if plan is None:
        pytest.skip("corpus not available")
    variant = V.rename(plan)
    (old, new), *_ = variant.changes.items()
    # the OCR'd spellings ("Binh Phuéc", "BINH PHUOC") are gone, the new name is there
    assert not V._spellings(variant.text, old)
    assert V._spellings(variant.text, new)
    assert new in variant.gold["tasks"][0]["title"] or any(
        new in (t.get("lead") or "") for t in variant.gold["tasks"]
    )


def test_labelled_lines_become_rows_and_rows_labelled_lines(originals):
    labelled, table = originals.get("phuong-an-phu-2025 *"), originals.get("xa-hoa-an-2026 *")
    if labelled is None or table is None:
        pytest.skip("test plans not available")
    as_table = V.labelled_to_table(labelled)
    assert "Cơ quan chủ trì:" not in as_table.text
    rows = as_table.text.split("\n")
    at = rows.index("Nội dung nhiệm vụ")
    assert rows[at + 1 : at + 4] == ["Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
    assert rows[rows.index("7") + 2 :][:2] == ["Văn phòng HĐND và UBND phường", "31/12/2025"]
    as_items = V.table_to_labelled(table)
    assert "\nSTT\n" not in as_items.text
    assert "I. CHUYỂN ĐỔI NHẬN THỨC" in as_items.text
    # the row without coordinators: its cells on either side of the lead keep their columns
    item = as_items.text.split("2. Xây dựng chuyên mục")[1].split("\nII.")[0]
    assert "- Thời gian hoàn thành: Tháng 6/2026." in item and "- Sản phẩm: Chuyên mục." in item
    assert "Cơ quan phối hợp" not in item
    assert V.labelled_to_table(table) is None and V.table_to_labelled(labelled) is None
