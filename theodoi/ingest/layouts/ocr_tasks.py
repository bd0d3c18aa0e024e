"""Task tables as OCR prints them: each printed line runs across all columns.  A row
found alone gives its name, first agency and deadline; rows restating body items are
found from the items' words, and their cells read by following the name's words, an
agency's name or a collective lead across lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from ..deadlines import parse_deadline
from ..fields.agencies import (
    COLLECTIVE_PHRASES,
    agency_at,
    collective_run,
    ocr_word,
    phrase_of,
    render_collective,
    word_is,
)
from ..fields.deadline import row_deadline, take_deadline_suffix
from ..fields.namer import AgencyNamer
from ..model import Deadline, Task
from ..segment import Appendix, TableRow, fold
from .align import ordered_pairs


def _ocr_lead(first: str, texts: list[str], registry) -> tuple[str | None, list[str], str]:
    """The lead (the first agency named well into a row line, or a collective cell
    before it), the coordinators after it, and the name's words before it."""
    lead = None
    coords: list[str] = []
    title = first
    if not registry:
        return lead, coords, title
    for li, t in enumerate([first, *texts[1:3]]):
        mentions = registry.find_mentions(t)
        good = [m for m in mentions if m[0] == 0 or len(" ".join(t.split()[: m[0]])) >= 28]
        # a collective cell ("Các sở, ban, ngành, …") before the first
        # named agency is the lead
        cm = re.search(r"\bC\S{1,2}c\s+s\S{0,2}\s*,\s*(?:ban|ng)", t)
        if cm and cm.start() >= 20:
            cw = len(t[: cm.start()].split())
            if not good or cw < good[0][0]:
                lead = "Các sở, ban, ngành"
                if li == 0:
                    title = t[: cm.start()]
                break
        if good:
            lead = good[0][2].display
            coords = [m[2].display for m in good[1:] if m[2].display != lead]
            if li == 0:
                title = " ".join(first.split()[: good[0][0]])
            break
    if lead is None:
        m = re.search(r"\bC\S{1,2}c\s+s\S{0,2}\s*,\s*(?:ban|ng)", first)
        if m and m.start() >= 20:
            lead = "Các sở, ban, ngành"
            title = first[: m.start()]
    return lead, coords, title


def _line_end_deadline(texts: list[str]) -> Deadline:
    """The deadline column when it is the last: the words ending a row's lines."""
    for t in texts[:4]:
        ws = t.split()
        for k in (3, 2, 1):
            if len(ws) >= k:
                d = parse_deadline(" ".join(ws[-k:]), strict=True)
                if d.kind != "unknown":
                    return d
    if len(texts) > 1 and texts[1].split():
        d = parse_deadline(f"{texts[0].split()[-1]} {texts[1].split()[-1]}", strict=True)
        if d.kind != "unknown":
            return d
    return Deadline(raw=None)


def _piped_task(row: TableRow, order: tuple[str, ...], namer: AgencyNamer, skip_code: bool):
    """A one-line row whose cells OCR kept apart by column rules ("|"), as many as the
    header's columns: each cell is its column's."""
    if len(row.lines) != 1 or not order:
        return None
    text = (
        re.sub(r"^\S+\s*[.,]?\s*", "", row.lines[0].text, count=1)
        if skip_code
        else row.lines[0].text
    )
    cells = [c.strip() for c in text.strip(" |").split("|")]
    if len(cells) != len(order) + 1 or not all(cells):
        return None
    got = dict(zip(order, cells[1:], strict=True))
    lead, coords = namer.lead_and_coordinators(got.get("lead"), got.get("coord"))
    return cells[0], lead, coords, got.get("output"), parse_deadline(got.get("deadline"))


def _deadline_then_lead(first: str, namer: AgencyNamer):
    """A row line whose deadline column comes before the lead and whose lead no name
    matches whole (its cell cut: "Phòng Văn hóa - Xã" | "hội"): the first words that
    read as a deadline end the name; the agency named from the words after it leads."""
    words = first.split()
    for i in range(3, len(words)):
        for n in (4, 3, 2, 1):
            d = parse_deadline(" ".join(words[i : i + n]), strict=True)
            if d.kind == "unknown":
                continue
            rest = " ".join(words[i + n :])
            lead = None
            if namer.registry is not None and rest:
                hit = namer.registry.unique_prefix(" ".join(rest.split()[:6]))
                hit = hit or namer.registry.fuzzy_prefix(" ".join(rest.split()[:6]))
                lead = hit.display if hit else None
            return " ".join(words[:i]), d, lead
    return first, Deadline(raw=None), None


def ocr_task(
    row: TableRow,
    group: str | None,
    namer: AgencyNamer,
    *,
    skip_code: bool = True,
    order: tuple[str, ...] = (),
) -> Task:
    """A task from one row of an OCR'd task table read alone.  The header's column order
    (``order``) says where the deadline is: the line's end when it is the last column,
    the name's end when it comes between the name and the lead."""
    piped = _piped_task(row, order, namer, skip_code)
    if piped:
        title, lead, coords, output, deadline = piped
        return Task(
            title=title,
            lines=(row.first, row.last),
            code=row.code,
            group=group,
            lead=lead,
            coordinators=coords,
            output=output,
            deadline=deadline,
        )
    texts = [ln.text.replace("|", " ") for ln in row.lines]
    first = re.sub(r"^\S+\s*", "", texts[0], count=1) if skip_code else texts[0]
    lead, coords, title = _ocr_lead(first, texts, namer.registry)
    deadline = Deadline(raw=None)
    if (
        order
        and "deadline" in order
        and "lead" in order
        and order.index("deadline") < order.index("lead")
    ):
        if lead is None:
            title, deadline, lead = _deadline_then_lead(first, namer)
        else:
            title, found = take_deadline_suffix(title)
            deadline = found or deadline
    if deadline.kind == "unknown":
        deadline = _line_end_deadline(texts)
    return Task(
        title=re.sub(r"\s+", " ", title).strip(" [|") or first,
        lines=(row.first, row.last),
        code=row.code,
        group=group,
        lead=lead,
        coordinators=list(dict.fromkeys(coords)),
        deadline=deadline,
    )


def _title_prefix(words: list[str], title: list[str], j: int) -> tuple[int, int]:
    """How many words at the start of a row line go on the task name (``title`` from
    word ``j``): (words of the line, new position in the title)."""
    i = last = 0
    # the line may start a little further on in the name (a word lost by OCR)
    start = next(
        (jj for jj in range(j, min(j + 4, len(title))) if words and word_is(words[0], title[jj])),
        None,
    )
    if start is None:
        return 0, j
    j = start
    while i < len(words) and j < len(title):
        if word_is(words[i], title[j]) or (len(words[i]) <= 3 and words[i] == title[j]):
            i, j = i + 1, j + 1
        elif j + 1 < len(title) and word_is(words[i], title[j + 1]):
            i, j = i + 1, j + 2
        elif i + 1 < len(words) and word_is(words[i + 1], title[j]):
            i, j = i + 2, j + 1
        elif (
            i + 2 < len(words)
            and j + 2 < len(title)
            and word_is(words[i + 1], title[j + 1])
            and word_is(words[i + 2], title[j + 2])
        ):
            i, j = i + 3, j + 3  # one word misread ("đã" read "di")
        else:
            break
        last = i
    return last, j


_ROW_NUMBER = re.compile(r"^[\s'\"”“|\[*:]*(\d{1,3})\s*[.,|:]?(?=[\s\[|]|$)")


_ROW_GARBLED_NUMBER = re.compile(r"^[\s'\"”“|\[*:]*([0-9oOgl]{1,2})\s*[.,|:]?(?=\s)")


_TABLE_HEADER = re.compile(r"^stt\b|^c\w{1,2} tri hoan thanh|^ch\w{0,2} tri\b")


def _row_cells(texts: list[str], title: str, namer: AgencyNamer):
    """Lead, coordinators and deadline of one flattened row (``texts``: its lines, the
    row number taken off).  Each line is name | lead | coordinators | output | deadline
    cut at the same height: the name's words are found from the body task's title, the
    lead is the first agency after them, a collective lead is followed across lines."""
    from ..ocr_fix import fix_ocr_line

    title_words = [ocr_word(w) for w in fix_ocr_line(title).split()]
    title_words = [w for w in title_words if w]
    lines = []
    origs = []
    for t in texts:
        raw = t.replace("|", " ").split()
        fixed = fix_ocr_line(" ".join(raw)).split()
        lines.append((fixed, [ocr_word(w, r) for w, r in zip(fixed, raw, strict=False)]))
        origs.append(raw)
    registry = namer.registry
    lead: str | None = None
    coords: list[str] = []
    j = 0
    li = 0
    name_end: list[int] = []
    for _raw, keys in lines:
        used, j = _title_prefix(keys, title_words, j)
        name_end.append(used)
    while li < min(len(lines), 4) and lead is None:
        raw, keys = lines[li]
        start = name_end[li]
        if start == 0 and li == 0 and keys:
            # the name was not recognised: skip what reads as the name's beginning
            chars = 0
            while start < len(raw) and chars < 20:
                chars += len(raw[start]) + 1
                start += 1
            if agency_at(raw, 0, registry, origs[li]) or collective_run(keys, 0, None)[1] >= 2:
                start = 0
        for i in range(max(0, start - 2), len(keys)):
            n, real, states = collective_run(keys, i, None)
            if i >= start and real >= 2 and _collective_done(states, lines, li, i + n, name_end):
                phrase, seps = _follow_collective(lines, li, i, n, states, name_end)
                lead = render_collective(phrase, seps)
                rest_from = (li, i + n)
                break
            hit = agency_at(raw, i, registry, origs[li])
            # the name's last words may have been taken for the agency's first
            if hit is not None and i + hit[1] > start:
                lead = hit[0].display
                rest_from = (li, i + hit[1])
                break
        li += 1
    if lead is not None and registry is not None:
        for k in range(rest_from[0], min(len(lines), rest_from[0] + 6)):
            raw, _keys = lines[k]
            text = " ".join(raw[rest_from[1] :] if k == rest_from[0] else raw[name_end[k] :])
            for _a, _b, res in registry.find_mentions(text):
                if res.display != lead:
                    coords.append(res.display)
    return lead, list(dict.fromkeys(coords)), row_deadline(texts)


# first halves of two-word nouns ("cơ quan", "đơn vị", "địa phương", "thị xã" …): a
# phrase cut after one of them mid-line is running text, not a cell
_HALF_NOUN = frozenset({"co", "don", "dia", "thanh", "thi", "du", "chu", "lien"})


def _collective_done(states: set, lines, li: int, end: int, name_end: list[int]) -> bool:
    words = phrase_of(states)
    keys = lines[li][1]
    if end >= len([k for k in keys]) or not any(keys[end:]):
        return True
    if words[-1] not in _HALF_NOUN:
        return True
    # "Các cơ quan, đơn | vị liên quan": the cell goes on at the next line's start
    if li + 1 < len(lines):
        nxt = lines[li + 1][1]
        for x in range(name_end[li + 1], min(len(nxt), name_end[li + 1] + 2)):
            if collective_run(nxt, x, states)[1] >= 1:
                return True
    return False


def _piece_closed(states: set, raw: list[str], keys: list[str], end: int) -> bool:
    """A collective piece that reads as a whole phrase ("Các sở, ngành") with no comma
    after it and another cell's words after it on the same line ends its cell: the
    next line's "UBND các …" belongs to the next column."""
    if not any(kk == len(COLLECTIVE_PHRASES[p]) for p, kk in states):
        return False
    last = max((y for y in range(end) if keys[y]), default=None)
    if last is None or raw[last][-1:] in ",;":
        return False
    return any(keys[end:])


def _follow_collective(lines, li: int, i: int, n: int, states: set, name_end: list[int]):
    """The words of a collective lead cell that starts at word ``i`` of line ``li`` and
    goes on, one piece per line, after the name's words of the next lines."""
    raw = lines[li][0]
    keys0 = lines[li][1]
    seps = [raw[x][-1:] if raw[x][-1:] in ",;" else "" for x in range(i, i + n) if keys0[x]]
    closed = _piece_closed(states, raw, keys0, i + n)
    for k in range(li + 1, min(len(lines), li + 6)):
        if closed:
            break
        raw, keys = lines[k]
        if not any(kk < len(COLLECTIVE_PHRASES[p]) for p, kk in states):
            break
        found = None
        # the name's last word may be the cell's first ("… phục vụ chuyển | chuyên ngành")
        for x in range(max(0, name_end[k] - 1), len(keys)):
            m, real, st = collective_run(keys, x, states)
            if x < name_end[k] and real < 2:
                continue
            if real >= 2 or (real == 1 and (x + m == len(keys) or len(keys) <= 2)):
                found = (x, m, st)
                break
        if not found:
            break
        x, m, states = found
        seps.extend(raw[y][-1:] if raw[y][-1:] in ",;" else "" for y in range(x, x + m) if keys[y])
        closed = _piece_closed(states, raw, keys, x + m)
    return phrase_of(states), seps


@dataclass
class _FlatTable:
    """The lines of OCR'd task tables, each with its row number as read (or garbled) and
    its text after the number."""

    lines: list
    nums: list[int | None]
    garbled: list[str | None]
    stripped: list[str]
    keys: list[str]

    @classmethod
    def of(cls, apps: list[Appendix]) -> _FlatTable:
        from ..ocr_fix import fix_ocr_line

        lines = sorted(
            {
                ln.no: ln
                for app in apps
                for ln in [*app.header, *(x for r in app.rows for x in r.lines)]
            }.values(),
            key=lambda x: x.no,
        )
        lines = [ln for ln in lines if not _TABLE_HEADER.search(fold(ln.text).strip(" |'"))]
        nums: list[int | None] = []
        garbled: list[str | None] = []
        stripped: list[str] = []
        for ln in lines:
            mm = _ROW_NUMBER.match(ln.text)
            gm = None if mm else _ROW_GARBLED_NUMBER.match(ln.text)
            nums.append(int(mm.group(1)) if mm else None)
            garbled.append(gm.group(1) if gm and re.search(r"\d", gm.group(1)) else None)
            cut = mm or (gm if gm and re.search(r"\d", gm.group(1)) else None)
            rest = ln.text[cut.end() :] if cut else ln.text
            stripped.append(re.sub(r"^[\W_]+", "", rest))
        keys = [fold(fix_ocr_line(s))[:70] for s in stripped]
        return cls(lines, nums, garbled, stripped, keys)


def _number_offset(tsim: list[list[float]], nums: list[int | None]) -> int | None:
    """Do the row numbers follow the body's order?  The row number − task index most
    often seen where the opening words agree, when it holds for most of them."""
    offsets: dict[int, int] = {}
    for a, row in enumerate(tsim):
        for b, s in enumerate(row):
            if s >= 85 and nums[b] is not None:
                offsets[nums[b] - a] = offsets.get(nums[b] - a, 0) + 1
    if offsets:
        best_off, cnt = max(offsets.items(), key=lambda kv: kv[1])
        if cnt >= 3 and cnt >= 0.6 * sum(offsets.values()):
            return best_off
    return None


def _row_sims(
    flat: _FlatTable, tsim: list[list[float]], is_group: list[bool], off: int | None
) -> list[list[float]]:
    """Text similarity, raised where the row number is the task's (or a garbled read of
    it)."""

    def sim(a: int, b: int) -> float:
        s = tsim[a][b]
        if off is None or is_group[b]:
            return s
        want = a + off
        if flat.nums[b] == want:
            return s + 25 if s else 70.0
        g = flat.garbled[b]
        if (
            s
            and g
            and len(g) == len(str(want))
            and any(x == y for x, y in zip(g, str(want), strict=False))
        ):
            return s + 10
        return s

    return [[sim(a, b) for b in range(len(flat.lines))] for a in range(len(tsim))]


def _row_starts(
    anchors: list[tuple[int, int]],
    flat: _FlatTable,
    tsim: list[list[float]],
    is_group: list[bool],
    off: int | None,
) -> list[int]:
    """Where each anchored row starts: a tall name cell prints its first line above the
    row number."""
    starts: list[int] = []
    for a, b in anchors:
        floor = starts[-1] + 1 if starts else 0
        s = b
        for jj in (b - 1, b - 2):
            if jj < floor or is_group[jj]:
                continue
            if (tsim[a][jj] and flat.nums[jj] is None) or (
                off is not None and flat.nums[jj] == a + off
            ):
                s = jj
                break
        starts.append(s)
    return starts


def _title_sims(wants: list[str], keys: list[str]) -> list[list[float]]:
    """How well each body task's opening words match each line (``fuzz.partial_ratio``,
    0 under 72; a line given as "" matches nothing), every pair in one C call."""
    if not wants or not keys:
        return [[0.0] * len(keys) for _ in wants]
    sims = process.cdist(wants, keys, scorer=fuzz.partial_ratio, score_cutoff=72, dtype=np.float64)
    blank = [not k for k in keys]
    return [[0.0 if blank[b] else s for b, s in enumerate(row)] for row in sims.tolist()]


def link_ocr_rows(body: list[Task], apps: list[Appendix], namer: AgencyNamer) -> int:
    """Give body tasks the lead, coordinators and deadline of the appendix row restating
    them.  OCR flattens the table: each printed line runs across all columns, row
    numbers are garbled or printed below a tall cell's first line.  A body task's row
    starts at the line opening with the task's words or carrying its row number (row
    numbers follow the body's order when the opening words say so); the row runs to the
    next row's start.  Returns how many tasks were linked."""
    from ..ocr_fix import fix_ocr_line

    flat = _FlatTable.of(apps)
    keys = flat.keys
    m = len(flat.lines)
    # group headings of the body restated as table rows end a task's row
    groups = {
        fold(fix_ocr_line(re.sub(r"^[\w.]+\.\s", "", t.group or ""))) for t in body if t.group
    }
    is_group = [
        len(k) >= 25 and any(fuzz.partial_ratio(k[:50], g) >= 85 for g in groups if len(g) > 30)
        for k in keys
    ]
    wants = [fold(fix_ocr_line(t.title))[:45] for t in body]
    tsim = _title_sims(
        wants, [k if not g and len(k) >= 15 else "" for k, g in zip(keys, is_group, strict=True)]
    )
    off = _number_offset(tsim, flat.nums)
    anchors = ordered_pairs(_row_sims(flat, tsim, is_group, off))
    starts = _row_starts(anchors, flat, tsim, is_group, off)
    for k, (a, _b) in enumerate(anchors):
        s = starts[k]
        end = starts[k + 1] if k + 1 < len(starts) else min(m, s + 14)
        region = list(range(s, end))
        cut = next((x for x in region[1:] if is_group[x]), None)
        if cut is not None:
            region = region[: region.index(cut)]
        task = body[a]
        lead, coords, deadline = _row_cells([flat.stripped[x] for x in region], task.title, namer)
        task.lead = lead
        task.coordinators = coords
        if deadline.kind != "unknown":
            task.deadline = deadline
        first, last = flat.lines[region[0]].no, flat.lines[region[-1]].no
        task.lines = (min(task.lines[0], first), max(task.lines[1], last))
    return len(anchors)
