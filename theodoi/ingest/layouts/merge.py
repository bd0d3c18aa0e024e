"""The merge of a body item with the annex row that restates it: the row keeps its
cells, the item gives its fuller wording."""

from __future__ import annotations

from rapidfuzz import fuzz

from theodoi.textnorm import search_key

from ..model import Task
from .align import ordered_pairs


def merge_restated(
    body: list[Task], appendix: list[Task], ocr: bool
) -> tuple[list[Task], list[Task]]:
    """Merge appendix tasks into the body tasks they restate (ordered alignment).
    Returns (body tasks left unmatched, appendix tasks with matched body text)."""
    if not body or not appendix:
        return body, appendix
    full = [search_key(t.title) for t in body]
    bk = [k[:160] for k in full]
    ak = [search_key(t.title)[:300] for t in appendix]
    n, m = len(body), len(appendix)
    threshold = 62 if ocr else 80

    def sim(i: int, j: int) -> float:
        if ocr:
            s = fuzz.partial_ratio(bk[i][:70], ak[j])
            return s if s >= threshold else 0.0
        # the row restates the item's opening words, or one of its later clauses
        # word for word ("Rà soát …; phấn đấu bố trí …" → row "Phấn đấu bố trí …")
        shared = fuzz.token_set_ratio(bk[i], ak[j])
        inside = fuzz.partial_ratio(ak[j][:80], full[i]) if len(ak[j]) >= 40 else 0.0
        if (shared >= threshold and inside >= 75) or inside >= 90:
            return (shared + inside) / 2
        return 0.0

    pairs = {j: i for i, j in ordered_pairs([[sim(i, j) for j in range(m)] for i in range(n)])}
    out: list[Task] = []
    used = set(pairs.values())
    for j, a in enumerate(appendix):
        if j in pairs:
            b = body[pairs[j]]
            a.title = b.title if (ocr or len(b.title) >= len(a.title) * 0.6) else a.title
            a.group = a.group or b.group
            a.lines = b.lines if ocr else a.lines
        out.append(a)
    rest = [t for k, t in enumerate(body) if k not in used]
    return rest, out
