"""What an annex table lists (indicators or tasks) and which columns it has, from its
title and header."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..segment import Appendix, TableRow, fold


@dataclass
class Columns:
    indicator: bool
    years: list[str]
    unit: bool
    ref: str | None
    coord: bool
    output: bool
    deadline: bool
    # the task table's columns after the name, in the header's order (lead, coord,
    # output, deadline); empty when the header names none of them
    order: tuple[str, ...] = ()
    # the header names one column per line: the text keeps one cell per line (Word,
    # a text PDF, an OCR'd page pasted cell by cell), not a row across all columns
    one_per_line: bool = True
    # year columns that state where the unit stands ("Kết quả năm 2024", "Ước thực hiện
    # 2024"), not a target: their values are read past, never kept as targets
    baseline_years: frozenset[str] = frozenset()
    # the time column split in two ("Thời gian thực hiện" | "Bắt đầu" | "Hoàn thành")
    start_end: bool = False


# header wordings of a task table's columns, on folded text: "Chủ trì / Cơ quan chủ trì /
# Đơn vị thực hiện / Đơn vị chủ trì", "Phối hợp", "Thời gian / Thời hạn / Tiến độ / Thời
# gian hoàn thành", "Sản phẩm / Kết quả"; loose vowels for OCR
_COLUMN_WORDS = {
    "lead": r"ch[a-z]{0,2}\s*tr[a-z1]{1,2}\b|(?:c[a-z0]\s*qu[a-z]{1,2}n|d[a-z0]n\s*v[a-z1])\s+th[a-z]{1,3}c\s*hi[a-z]{1,3}n",
    "coord": r"ph[a-z0]{1,3}i\s*h[a-z0]{1,3}p",
    "deadline": r"th[a-z]{1,3}i\s*(?:gi?an|h[a-z]n)\b|thaigian|ti[a-z]n\s*d[a-z]\b",
    "output": r"s[a-z]n\s*ph[a-z]{1,2}m|k[a-z]t\s*qu[a-z]\b",
    # columns whose cells are none of the task's fields: funding, notes
    "other": r"kinh\s*ph[a-z]\b|ngu[a-z]n\s*v[a-z]n\b|d[a-z]\s*to[a-z]n\b|gh[a-z]\s*ch[a-z]\b",
}


_HOLDER = re.compile(r"\b(?:c[a-z0]\s*qu[a-z]{1,2}n|d[a-z0]n\s*v[a-z1])\b")


# any column's header word, to tell a header line naming two columns (a row printed
# across the table) from one naming one
_ANY_COLUMN = re.compile(
    "|".join(
        [
            *_COLUMN_WORDS.values(),
            r"\bs?tt\b",
            r"ch[a-z]\s*ti[a-z]u\b|n[a-z]{1,2}i\s*dung|nhi[a-z]{1,2}m\s*v[a-z]",
            r"d[a-z0]n\s*v[a-z1]\s*t[a-z]nh|\bdvt\b",
            r"\b20\d\d\b",
            r"gh[a-z]\s*ch[a-z]\b",
        ]
    )
)


def one_column_per_line(header: list[str]) -> bool:
    """Whether no header line names two columns."""
    for h in header:
        k = fold(h)
        starts = sorted(m.start() for m in _ANY_COLUMN.finditer(k))
        # two column words apart on one line (not one wrapped name: "Đơn vị chủ trì")
        if len(starts) >= 2 and starts[-1] - starts[0] > 12:
            return False
    return True


def column_order(header: list[str]) -> tuple[str, ...]:
    """The task columns a header names, in its order: the header's lines in turn, and
    on a line from left to right (OCR text prints a header row across all its columns,
    a wrapped header cell's words on the next lines).  A holder word alone ("Cơ quan" |
    "chủ trì" on the next line) places the column whose role the next line starts with."""
    keys = [fold(h) for h in header]
    first: dict[str, tuple[int, int]] = {}
    bare: list[tuple[int, int]] = []
    for li, k in enumerate(keys):
        spans = []
        for role, rx in _COLUMN_WORDS.items():
            for m in re.finditer(rx, k):
                spans.append((m.start(), m.end()))
                if role not in first:
                    first[role] = (li, m.start())
        for m in _HOLDER.finditer(k):
            inside = any(a <= m.start() < b for a, b in spans)
            named = any(0 <= a - m.end() <= 2 for a, _b in spans)
            # a holder alone amid other columns' words: a wrapped cell of a flattened row
            if not inside and not named and any(a > m.end() for a, _b in spans):
                bare.append((li, m.start()))
    # a header word wrapped across lines ("Đơn vị chủ" | "trì")
    joined = " ".join(keys)
    starts = [sum(len(k) + 1 for k in keys[:i]) for i in range(len(keys))]
    for role, rx in _COLUMN_WORDS.items():
        m = None if role in first else re.search(rx, joined)
        if m:
            li = max(i for i, st in enumerate(starts) if st <= m.start())
            first[role] = (li, m.start() - starts[li])
    for role, (li, pos) in sorted(first.items(), key=lambda x: x[1]):
        if li == 0 or pos > 2:
            continue
        before = [b for b in bare if b[0] < li]
        if before:
            first[role] = before[0]
            bare.remove(before[0])
    return tuple(role for role, _at in sorted(first.items(), key=lambda x: x[1]))


# what a year column's header says before its year: a result reached, or a target
_BASELINE_WORDS = re.compile(r"\b(?:ket qua|thuc hien|uoc|hien trang|hien nay|nam goc|co so)\b")
_TARGET_WORDS = re.compile(r"\b(?:muc tieu|ke hoach|chi tieu|phan dau|dat)\b")


def baseline_years(header: list[str]) -> frozenset[str]:
    """The header's years whose column holds a result reached: the words between the year
    before it (or the line's start) and it name a result and no target."""
    found = set()
    for line in header:
        k = fold(line)
        start = 0
        for m in re.finditer(r"\b20\d\d\b", k):
            before = k[start : m.start()]
            start = m.end()
            last_baseline = max((b.end() for b in _BASELINE_WORDS.finditer(before)), default=-1)
            last_target = max((t.end() for t in _TARGET_WORDS.finditer(before)), default=-1)
            if last_baseline > last_target:
                found.add(m.group(0))
    return frozenset(found)


def table_columns(app: Appendix) -> Columns:
    hk = app.header_key + " " + fold(app.title)
    years = re.findall(r"\b(20\d\d)\b", " ".join(h.text for h in app.header))
    ref = re.search(r"stt\s+nhiem\s+vu\s+trong\s+(?:nq|nghi quyet)\s*(\d+)", hk)
    title_k = fold(app.title)
    head_k = fold(" ".join(h.text for h in app.header[:3]))
    # the appendix title says what the table lists ("CÁC CHỈ TIÊU …" / "CÁC NHIỆM VỤ …");
    # the first header lines decide when the title does not
    if re.search(r"chi tieu|muc tieu", title_k) and not re.search(r"nhiem vu", title_k):
        indicator = True
    elif re.search(r"nhiem vu", title_k):
        indicator = False
    else:
        indicator = bool(re.search(r"chi tieu|muc tieu", head_k or hk))
    return Columns(
        indicator=indicator,
        years=years,
        unit="don vi tinh" in hk or "don vi tinh" in hk.replace("pon", "don"),
        ref=f"NQ{ref.group(1)}" if ref else None,
        coord="phoi hop" in hk or "phdi hop" in hk,
        output="san pham" in hk
        or "ket qua can dat" in hk
        or (not indicator and bool(re.search(r"\bket qua\b", app.header_key))),
        deadline=bool(re.search(r"thoi gian|thoi han|thaigian|thoigian|\btien do\b", hk)),
        order=() if indicator else column_order([h.text for h in app.header]),
        one_per_line=one_column_per_line([h.text for h in app.header]),
        baseline_years=baseline_years([h.text for h in app.header]) if indicator else frozenset(),
        start_end=bool(re.search(r"\bbat dau\b", hk) and re.search(r"hoan thanh|ket thuc", hk)),
    )


def row_rest(row: TableRow) -> list[str]:
    first = row.lines[0].text
    rest = re.sub(r"^\S+\s*[.,|]?\s*", "", first, count=1) if first.strip() != row.code else ""
    if re.fullmatch(r"[\d.\-]+", first.strip()):
        rest = ""
    return [rest, *[ln.text for ln in row.lines[1:]]] if rest else [ln.text for ln in row.lines[1:]]


def period_of(group: str | None) -> str | None:
    if not group:
        return None
    m = re.search(r"\b(20\d\d)\b", group)
    return m.group(1) if m else None
