"""Target figures worded in the objectives section ("đạt tối thiểu 30% GRDP"): where a
table cell is silent about the comparison, or OCR garbled its figure, the wording
decides."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ..model import Indicator
from ..segment import Section, fold
from ..targets import figures_in_prose
from .text import plain_key

_OBJECTIVE_SECTION = re.compile(r"\b(?:muc tieu|chi tieu)\b")


_PERIOD_TITLE = re.compile(r"\bn\w{1,3}m\s+(20\d\d)\b")


_SIGNS = re.compile(r"[<>≥≤=]")


def _objective_clauses(root: Section) -> list[tuple[str | None, str]]:
    """(period, clause) for each clause of the objectives section ("MỤC TIÊU", "CÁC CHỈ
    TIÊU CHỦ YẾU"); the period is the year of the enclosing "Đến năm 2030" heading.  An
    item's clauses include its sub-items (a wrapped "- 05%/năm" line), and prose is cut
    at sentence ends and semicolons."""
    out: list[tuple[str | None, str]] = []
    for sec in root.children:
        if sec.kind != "roman" or not _OBJECTIVE_SECTION.search(plain_key(sec.title, True)):
            continue

        def visit(node: Section, period: str | None) -> None:
            m = _PERIOD_TITLE.search(fold(node.title))
            own = node.text
            if m and len(node.title) < 40:
                period = m.group(1)
                own = " ".join(node.paragraphs)
            kids = [c for c in node.children if c.kind in ("dash", "plus")]
            rest = node.children
            if kids and node.kind == "letter" and all(not c.children for c in kids):
                rest = [c for c in node.children if c not in kids]
                for c in kids:
                    # "… tăng bình quân 03" | "- 06%/năm": a range wrapped at its dash
                    glue = " - " if re.search(r"\d$", own) and c.text[:1].isdigit() else " "
                    own = f"{own}{glue}{c.text}"
            for clause in re.split(r"(?<=[a-z\w%)])[.;]\s+(?=\S)", own):
                if clause.strip():
                    out.append((period, clause.strip()))
            for c in rest:
                visit(c, period)

        for c in sec.children:
            visit(c, None)
    return out


def _same_digits(a: float, b: float) -> bool:
    """1.5 and 15: a decimal comma lost by OCR."""

    def digits(x: float) -> str:
        return re.sub(r"\D", "", f"{x:g}").lstrip("0")

    return a != b and digits(a) == digits(b)


def targets_from_objectives(indicators: list[Indicator], root: Section, ocr: bool) -> None:
    """The objectives section words most table figures ("đạt tối thiểu 30% GRDP", "thuộc
    nhóm 05 tỉnh, thành phố dẫn đầu", "tăng bình quân 03 - 06%/năm").  Where the table
    cell is silent about the comparison ("30%", a bare "=90"), or OCR could only print
    ">" for "≥", or lost the cell's figure or its decimal comma, the objective's wording
    decides.  A clause goes to the indicator whose name it resembles most."""
    figures = []
    for period, clause in _objective_clauses(root):
        key = plain_key(clause, ocr)
        for _pos, fig in figures_in_prose(clause):
            figures.append((period, key, fig))
    if not figures:
        return
    names = [plain_key(ind.name, ocr) for ind in indicators]
    keys = sorted({key for _p, key, _f in figures})
    score_of = {
        (key, ii): fuzz.token_set_ratio(key, name) for key in keys for ii, name in enumerate(names)
    }

    def clear_best(key: str, ii: int) -> bool:
        """The clause and the indicator are each other's best match by a margin."""
        score = score_of[key, ii]
        others = [score_of[key, j] for j in range(len(names)) if j != ii]
        rivals = [score_of[k, ii] for k in keys if k != key]
        return score >= max(others, default=0) + 10 and score > max(rivals, default=0)

    pairs = []
    for fi, (period, key, fig) in enumerate(figures):
        for ii, ind in enumerate(indicators):
            if len(names[ii]) < 8:
                continue
            score = score_of[key, ii]
            for t in ind.targets:
                if period and t.period and period != t.period:
                    continue
                explicit = bool(_SIGNS.search(t.raw)) and t.op != "="
                if t.op == "text" or t.value is None:
                    need, value_ok = 70.0, True
                elif t.value == fig.value:
                    need, value_ok = 50.0, True
                elif ocr and _same_digits(t.value, fig.value) and not explicit:
                    need, value_ok = 60.0, True
                elif ocr and not explicit and t.op == "=":
                    # the cell's figure is garbled ("0% /năm 5.5" for "02-05%/năm")
                    need, value_ok = 70.0, clear_best(key, ii)
                else:
                    value_ok = False
                if not value_ok or score < need:
                    continue
                if fig.op == ">=":
                    ok = t.op in ("=", "text", ">=") or (ocr and t.op == ">")
                else:
                    ok = t.op in ("=", "text")
                if ok:
                    pairs.append((score, fi, id(t), t, fig))
    used_f: set[int] = set()
    used_t: set[int] = set()
    for _score, fi, tid, t, fig in sorted(pairs, key=lambda p: -p[0]):
        if fi in used_f or tid in used_t:
            continue
        used_f.add(fi)
        used_t.add(tid)
        t.op, t.value, t.value_max = fig.op, fig.value, fig.value_max
