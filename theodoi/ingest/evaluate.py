"""Measure what the reader extracts against hand-written gold annotations.

Gold files (``tests/ingest/gold/<document-stem>.json``) have the shape of
``plan-extraction.schema.json`` restricted to the fields that are scored::

    {"indicators": [{"code", "name", "unit", "targets": [{"period", "op", "value"}], "lead"}],
     "tasks": [{"code", "title", "lead", "deadline": {"kind", "due", "end"?}}]}

``name``/``title`` are *prefixes* of the item's text.  A key left out of a gold item
means "not annotated" (e.g. an OCR cell that cannot be read) and is not scored;
``"lead": null`` means the document names no lead, and is scored.

Matching: a gold item and an extracted item are paired by their text (rapidfuzz on
diacritics-free lower-case text, the gold prefix against the beginning of the
extracted text) with a bonus when their codes agree ("I.12" agrees with "12");
pairs are taken best first, each item used once.

Scores per document:

* recall = matched gold items / gold items; precision = matched extracted items /
  extracted items (indicators and tasks separately);
* lead right: matched items whose lead agrees (registry-aware comparison), over the
  matched items where gold or extraction names a lead;
* deadline right: kind agrees and, when the gold gives them, ``due``/``end`` agree;
  over matched tasks with an annotated deadline, leaving out pairs that are both
  "unknown";
* target right: per gold target of a matched indicator, an extracted target of the
  same period (when both give one) with the same op and value (and value_max).

Plain Python, no Django.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from rapidfuzz import fuzz

from theodoi.textnorm import search_key

from .resolve import AgencyRegistry, agency_key

__all__ = [
    "Score",
    "Report",
    "evaluate",
    "format_report",
    "run_eval_ingest",
    "DEFAULT_GOLD_DIR",
    "DEFAULT_CORPUS_DIR",
]

DEFAULT_GOLD_DIR = Path(__file__).resolve().parents[2] / "tests" / "ingest" / "gold"
DEFAULT_CORPUS_DIR = Path(__file__).resolve().parents[3] / "shared" / "corpus"
# plans of the same family outside the corpus (other units, other layouts), each with
# its gold file beside it: ``<stem>.json`` and ``<stem>.txt``/``.docx``, or a
# ``<stem>.py`` whose ``build(path)`` writes the document (a DOCX made at run time)
DEFAULT_FIXTURE_DIR = (
    Path(__file__).resolve().parents[2] / "tests" / "ingest" / "fixtures" / "plans"
)

_MATCH = 72.0  # text similarity needed without a code agreement
_MATCH_WITH_CODE = 45.0  # … and with one
_CODE_BONUS = 15.0


@dataclass
class Score:
    right: int = 0
    total: int = 0

    @property
    def rate(self) -> float | None:
        return self.right / self.total if self.total else None

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += int(ok)

    def __str__(self) -> str:
        r = self.rate
        return "  -  " if r is None else f"{100 * r:5.1f}% ({self.right}/{self.total})"


@dataclass
class Report:
    """Scores of one document."""

    name: str = ""
    indicator_recall: Score = field(default_factory=Score)
    indicator_precision: Score = field(default_factory=Score)
    task_recall: Score = field(default_factory=Score)
    task_precision: Score = field(default_factory=Score)
    indicator_lead: Score = field(default_factory=Score)
    task_lead: Score = field(default_factory=Score)
    deadline: Score = field(default_factory=Score)
    target: Score = field(default_factory=Score)
    unit: Score = field(default_factory=Score)
    problems: list[str] = field(default_factory=list)

    @property
    def lead(self) -> Score:
        return Score(
            self.indicator_lead.right + self.task_lead.right,
            self.indicator_lead.total + self.task_lead.total,
        )

    def figures(self) -> dict[str, float | None]:
        """Rates by name (None when nothing was scored)."""
        return {
            "indicator_recall": self.indicator_recall.rate,
            "indicator_precision": self.indicator_precision.rate,
            "task_recall": self.task_recall.rate,
            "task_precision": self.task_precision.rate,
            "indicator_lead": self.indicator_lead.rate,
            "task_lead": self.task_lead.rate,
            "lead": self.lead.rate,
            "deadline": self.deadline.rate,
            "target": self.target.rate,
            "unit": self.unit.rate,
        }


# -- comparison helpers ------------------------------------------------------------


def _key(text: str | None) -> str:
    k = search_key(text or "")
    k = re.sub(r"[^a-z0-9%]+", " ", k)
    return " ".join(k.split())


def _code(code: Any) -> str:
    c = str(code or "").strip().lower()
    c = re.sub(r"\s+", "", c)
    return c.strip(".)")


def _codes_agree(a: Any, b: Any) -> bool:
    x, y = _code(a), _code(b)
    if not x or not y:
        return False
    return x == y or x.endswith("." + y) or y.endswith("." + x)


def _similarity(gold_text: str, text: str) -> float:
    g = _key(gold_text)[:110]
    t = _key(text)
    if not g or not t:
        return 0.0
    head = t[: len(g) + 40]
    scores = [fuzz.ratio(g, t[: len(g)]), fuzz.token_set_ratio(g, head)]
    if len(g) >= 25:
        scores.append(fuzz.partial_ratio(g, t[:400]))
    return max(scores)


def _same_agency(a: str | None, b: str | None, registry: AgencyRegistry | None = None) -> bool:
    """Same name, or two names of one catalogue agency ("Công an xã" and "Công an xã
    Tà Xùa" in that commune's plan; a former name and the catalogue's)."""
    if not a or not b:
        return not a and not b
    ka, kb = agency_key(a), agency_key(b)
    if ka == kb or fuzz.ratio(ka, kb) >= 90:
        return True
    if registry is None:
        return False
    ra, rb = registry.resolve(a), registry.resolve(b)
    return ra.kind == rb.kind == "agency" and ra.name == rb.name


def _same_number(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-6


def _target_ok(g: dict, e: dict) -> bool:
    if (g.get("op") or None) != (e.get("op") or None):
        return False
    if g.get("op") == "text":
        return True
    if not _same_number(g.get("value"), e.get("value")):
        return False
    if g.get("op") == "range":
        return _same_number(g.get("value_max"), e.get("value_max"))
    return True


def _match(gold: list[dict], got: list[dict], text_field: str) -> list[tuple[int, int]]:
    cands: list[tuple[float, int, int]] = []
    for i, g in enumerate(gold):
        for j, e in enumerate(got):
            sim = _similarity(g.get(text_field) or "", e.get(text_field) or "")
            code_ok = _codes_agree(g.get("code"), e.get("code"))
            if sim >= _MATCH or (code_ok and sim >= _MATCH_WITH_CODE):
                cands.append((sim + (_CODE_BONUS if code_ok else 0.0), i, j))
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_g: set[int] = set()
    used_e: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _s, i, j in cands:
        if i in used_g or j in used_e:
            continue
        used_g.add(i)
        used_e.add(j)
        pairs.append((i, j))
    return sorted(pairs)


def _label(item: dict, text_field: str) -> str:
    return f"{item.get('code') or '-'} {str(item.get(text_field) or '')[:60]}"


# -- evaluation ------------------------------------------------------------------


def _pair_items(gold: list, extracted: list, field: str, kind: str, problems: list) -> list:
    """Match gold items to extracted ones; the unmatched on either side become problems."""
    pairs = _match(gold, extracted, field)
    matched_g = {i for i, _ in pairs}
    matched_e = {j for _, j in pairs}
    problems.extend(
        f"{kind} missed: {_label(g, field)}" for i, g in enumerate(gold) if i not in matched_g
    )
    problems.extend(
        f"{kind} extra: {_label(e, field)}" for j, e in enumerate(extracted) if j not in matched_e
    )
    return pairs


def evaluate(
    extracted: dict, gold: dict, *, name: str = "", registry: AgencyRegistry | None = None
) -> Report:
    """Score one extracted plan (``ExtractedPlan.to_dict()``) against its gold annotation;
    leads are compared as agencies of ``registry`` (the plan's, see
    :func:`~theodoi.ingest.agency_catalogue.registry_for_plan`) when given."""
    rep = Report(name=name)
    g_ind = gold.get("indicators", [])
    e_ind = extracted.get("indicators", [])
    pairs = _pair_items(g_ind, e_ind, "name", "indicator", rep.problems)
    rep.indicator_recall = Score(len(pairs), len(g_ind))
    rep.indicator_precision = Score(len(pairs), len(e_ind))
    for i, j in pairs:
        g, e = g_ind[i], e_ind[j]
        if "lead" in g and (g["lead"] or e.get("lead")):
            ok = _same_agency(g["lead"], e.get("lead"), registry)
            rep.indicator_lead.add(ok)
            if not ok:
                rep.problems.append(
                    f"indicator lead {g.get('code')}: {e.get('lead')!r} ≠ {g['lead']!r}"
                )
        if "unit" in g:
            rep.unit.add(_key(g["unit"]) == _key(e.get("unit")))
        for gt in g.get("targets") or []:
            cands = [
                t
                for t in e.get("targets") or []
                if not (gt.get("period") and t.get("period")) or gt["period"] == t["period"]
            ]
            ok = any(_target_ok(gt, t) for t in cands)
            rep.target.add(ok)
            if not ok:
                got = [(t.get("period"), t.get("op"), t.get("value")) for t in cands]
                rep.problems.append(
                    f"target {g.get('code')} {gt.get('period')}: {got} ≠ "
                    f"{(gt.get('op'), gt.get('value'), gt.get('value_max'))}"
                )
    g_tasks = gold.get("tasks", [])
    e_tasks = extracted.get("tasks", [])
    pairs = _pair_items(g_tasks, e_tasks, "title", "task", rep.problems)
    rep.task_recall = Score(len(pairs), len(g_tasks))
    rep.task_precision = Score(len(pairs), len(e_tasks))
    for i, j in pairs:
        g, e = g_tasks[i], e_tasks[j]
        if "lead" in g and (g["lead"] or e.get("lead")):
            ok = _same_agency(g["lead"], e.get("lead"), registry)
            rep.task_lead.add(ok)
            if not ok:
                rep.problems.append(f"task lead {g.get('code')}: {e.get('lead')!r} ≠ {g['lead']!r}")
        gd = g.get("deadline")
        if gd is not None:
            ed = e.get("deadline") or {}
            g_kind = gd.get("kind") or "unknown"
            e_kind = ed.get("kind") or "unknown"
            if g_kind == "unknown" and e_kind == "unknown":
                continue
            ok = g_kind == e_kind
            if ok and gd.get("due"):
                ok = gd["due"] == ed.get("due")
            if ok and gd.get("end"):
                ok = gd["end"] == ed.get("end")
            rep.deadline.add(ok)
            if not ok:
                rep.problems.append(
                    f"deadline {g.get('code')} {str(g.get('title'))[:40]}: "
                    f"{e_kind} {ed.get('due') or ed.get('end')} (raw {ed.get('raw')!r}) ≠ "
                    f"{g_kind} {gd.get('due') or gd.get('end')}"
                )
    return rep


_COLUMNS = [
    ("ind rec", "indicator_recall"),
    ("ind prec", "indicator_precision"),
    ("task rec", "task_recall"),
    ("task prec", "task_precision"),
    ("ind lead", "indicator_lead"),
    ("task lead", "task_lead"),
    ("deadline", "deadline"),
    ("target", "target"),
]


def format_report(reports: Report | list[Report], *, details: bool = False) -> str:
    """A readable table, one row per document (and the problems when ``details``)."""
    if isinstance(reports, Report):
        reports = [reports]
    width = max([len(r.name) for r in reports] + [8])
    head = f"{'document':<{width}} | " + " | ".join(f"{c:>16}" for c, _ in _COLUMNS)
    lines = [head, "-" * len(head)]
    for r in reports:
        cells = [f"{str(getattr(r, attr)):>16}" for _, attr in _COLUMNS]
        lines.append(f"{r.name:<{width}} | " + " | ".join(cells))
    if details:
        for r in reports:
            if r.problems:
                lines.append("")
                lines.append(f"{r.name}:")
                lines.extend(f"  {p}" for p in r.problems)
    return "\n".join(lines)


def evaluate_corpus(gold_dir: Path, corpus_dir: Path) -> list[Report]:
    """Read every corpus document that has a gold file and score it."""
    from .agency_catalogue import registry_for_plan
    from .pipeline import ingest_file

    reports = []
    for gold_path in sorted(Path(gold_dir).glob("*.json")):
        doc = Path(corpus_dir) / f"{gold_path.stem}.txt"
        if not doc.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        plan = ingest_file(doc)
        reports.append(
            evaluate(plan.to_dict(), gold, name=gold_path.stem, registry=registry_for_plan(plan))
        )
    return reports


def _fixture_document(gold_path: Path, tmp: Path) -> Path | None:
    for ext in (".txt", ".docx", ".pdf"):
        doc = gold_path.with_suffix(ext)
        if doc.exists():
            return doc
    builder = gold_path.with_suffix(".py")
    if not builder.exists():
        return None
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"_plan_{gold_path.stem}", builder)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return Path(module.build(tmp / gold_path.stem))


def evaluate_fixtures(fixture_dir: Path) -> list[Report]:
    """Score the out-of-corpus plans of ``fixture_dir`` (see :data:`DEFAULT_FIXTURE_DIR`)."""
    import tempfile

    from .agency_catalogue import registry_for_plan
    from .pipeline import ingest_file

    reports = []
    with tempfile.TemporaryDirectory(prefix="theodoi-eval-") as tmp:
        for gold_path in sorted(Path(fixture_dir).glob("*.json")):
            doc = _fixture_document(gold_path, Path(tmp))
            if doc is None:
                continue
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            plan = ingest_file(doc)
            reports.append(
                evaluate(
                    plan.to_dict(),
                    gold,
                    name=f"{gold_path.stem} *",
                    registry=registry_for_plan(plan),
                )
            )
    return reports


VARIANTS_PATH = DEFAULT_GOLD_DIR.parent / "variants.py"


def _variants_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("_theodoi_variants", VARIANTS_PATH)
    if spec is None or spec.loader is None or not VARIANTS_PATH.exists():
        return None
    import sys

    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def evaluate_variants(corpus_dir: Path, fixture_dir: Path, *, render: bool = False) -> list[Report]:
    """Every plan, then each of its variants (tests/ingest/variants.py: units renamed,
    agencies replaced; ``render``: scanned and English-OCR'd renders too) scored against
    the variant's own gold."""
    from .agency_catalogue import registry_for_plan
    from .pipeline import ingest_text

    module = _variants_module()
    if module is None:
        return []
    reports = []
    for plan in module.plans(Path(corpus_dir), Path(fixture_dir)):
        for name, text, gold in [(plan.name, plan.text, plan.gold)] + [
            (v.name, v.text, v.gold) for v in module.variants_of(plan, render=render)
        ]:
            got = ingest_text(text, source_name=name)
            reports.append(
                evaluate(got.to_dict(), gold, name=name, registry=registry_for_plan(got))
            )
    return reports


def run_eval_ingest(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    """``theodoi eval-ingest [--gold DIR] [--corpus DIR] [--fixtures DIR] [--details] [--json]
    [--variants]``.  Documents marked "*" are out-of-corpus plans (``--fixtures``); with
    ``--variants``, each plan's variants ("<plan> ~ rename", "~ agencies") follow it.
    Exit status 0, or 2 when the directories are missing or hold no scored document."""
    parser = argparse.ArgumentParser(
        prog="theodoi eval-ingest",
        description="Đo kết quả đọc kế hoạch so với bản chú giải chuẩn (gold).",
    )
    parser.add_argument("--gold", default=str(DEFAULT_GOLD_DIR), help="thư mục tệp gold *.json")
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS_DIR), help="thư mục văn bản *.txt")
    parser.add_argument(
        "--fixtures",
        default=str(DEFAULT_FIXTURE_DIR),
        help="thư mục kế hoạch ngoài bộ văn bản mẫu (gold *.json bên cạnh); '' để bỏ qua",
    )
    parser.add_argument("--details", action="store_true", help="liệt kê từng sai khác")
    parser.add_argument(
        "--variants",
        action="store_true",
        help="chấm cả các biến thể của từng kế hoạch (đổi tên đơn vị, đổi cơ quan) cạnh bản gốc",
    )
    parser.add_argument(
        "--render",
        action="store_true",
        help="với --variants: cả bản in ra PDF, quét ở 200 dpi (đọc như bản scan) và bản OCR "
        "bằng mô hình tiếng Anh (chậm: LibreOffice và OCR từng trang)",
    )
    parser.add_argument("--json", action="store_true", help="in số liệu dạng JSON")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 2)
    gold_dir, corpus_dir = Path(args.gold), Path(args.corpus)
    for d in (gold_dir, corpus_dir):
        if not d.is_dir():
            stderr.write(f"Lỗi: không có thư mục {d}\n")
            return 2
    if args.variants:
        reports = evaluate_variants(
            corpus_dir, Path(args.fixtures or DEFAULT_FIXTURE_DIR), render=args.render
        )
    else:
        reports = evaluate_corpus(gold_dir, corpus_dir)
        if reports and args.fixtures and Path(args.fixtures).is_dir():
            reports += evaluate_fixtures(Path(args.fixtures))
    if not reports:
        stderr.write(f"Lỗi: không có văn bản nào trong {corpus_dir} có tệp gold trong {gold_dir}\n")
        return 2
    if args.json:
        stdout.write(
            json.dumps({r.name: r.figures() for r in reports}, ensure_ascii=False, indent=2) + "\n"
        )
    else:
        stdout.write(format_report(reports, details=args.details) + "\n")
    return 0
