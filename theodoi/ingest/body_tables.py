"""Tables inside the body of a plan, and tables typed as text.

Many plans put their table of indicators or tasks in the body ("II. CHỈ TIÊU" followed by a
table, "III. NHIỆM VỤ" followed by another) rather than in an appendix.  Read as text, such a
table is a header row ("TT", "Nội dung", "Chủ trì", …) and then one row after another; reflowed
as paragraphs, its cells would run together.  Two steps keep it a table:

* :func:`split_cells` — a line typed or pasted with tab-separated cells (what Word and
  spreadsheets give when a table is copied as text), or laid out with wide gaps between its
  columns (a PDF's text laid out as printed), becomes one cell per line, the way the Word
  reader writes a table;
* :func:`mark_body_tables` — a run of body lines that opens with a table's header row is marked
  as region ``"table"``: it is not reflowed, and the segmenter reads it as a table, titled by
  the heading above it (:func:`body_table_groups`).

A run ends at the next heading of the body's own numbering (the roman numeral after the one the
table sits under), at an appendix or at the closing block.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from theodoi.textnorm import strip_diacritics

__all__ = ["split_cells", "mark_body_tables", "body_table_groups"]

# a table's header row opens with its numbering column
_HEADER_START = re.compile(r"^(?:s\s?tt|tt)\b")
# words of the header cells of Vietnamese administrative tables (folded)
_HEADER_WORDS = (
    "noi dung",
    "nhiem vu",
    "chi tieu",
    "chu tri",
    "phoi hop",
    "thoi gian",
    "thoi han",
    "tien do",
    "san pham",
    "ket qua",
    "don vi tinh",
    "don vi thuc hien",
    "co quan",
    "hoan thanh",
    "muc tieu",
    "nam 20",
)
_ROMAN = re.compile(r"^([IVX]{1,5})\s*[.\-–:]\s*(\S.*)$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
_WINDOW = 10  # header cells read after the numbering column's cell


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", strip_diacritics(text).lower()).strip()


# the gap between two columns of a text laid out as printed (pdftotext -layout, a table
# typed with spaces); a justified line widens its spaces by one or two, never to three
_COLUMN_GAP = re.compile(r"(?<=\S) {3,}(?=\S)")


def split_cells(line: str) -> list[str]:
    """The cells of a row whose cells are separated by tabs or by wide gaps (at least two
    of them), one per item; any other line as it is."""
    if line.count("\t") >= 2:
        cells = [c.strip() for c in line.split("\t")]
    elif len(_COLUMN_GAP.findall(line)) >= 2:
        cells = [c.strip() for c in _COLUMN_GAP.split(line)]
    else:
        return [line]
    return [c for c in cells if c] or [line]


def _roman_value(token: str) -> int:
    total = 0
    for a, b in zip(token, [*token[1:], ""], strict=True):
        v = _ROMAN_VALUES[a]
        total += -v if b and _ROMAN_VALUES[b] > v else v
    return total


def _roman_heading(text: str) -> int | None:
    """The number of a body heading "IV. TỔ CHỨC THỰC HIỆN" (its text mostly capitals)."""
    m = _ROMAN.match(text)
    if not m:
        return None
    letters = [c for c in m.group(2) if c.isalpha()]
    if len(letters) < 4 or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return None
    return _roman_value(m.group(1))


def _opens_table(texts: Sequence[str], i: int) -> bool:
    if not _HEADER_START.match(_fold(texts[i])):
        return False
    window = _fold(" ".join(texts[i : i + _WINDOW + 1]))
    return sum(word in window for word in _HEADER_WORDS) >= 2


def mark_body_tables(texts: Sequence[str], regions: list[str]) -> list[str]:
    """``regions`` with the body's table runs marked ``"table"`` (a new list)."""
    out = list(regions)
    section: int | None = None  # the roman heading the lines sit under
    i = 0
    while i < len(texts):
        if out[i] != "body":
            i += 1
            continue
        number = _roman_heading(texts[i])
        if number is not None:
            section = number
        if not _opens_table(texts, i):
            i += 1
            continue
        j = i
        while j < len(texts) and out[j] == "body":
            number = _roman_heading(texts[j])
            if j > i and number is not None and (section is None or number == section + 1):
                break
            out[j] = "table"
            j += 1
        i = j
    return out


def body_table_groups(lines: Sequence) -> list[list]:
    """The body's tables as line groups for the segmenter: each run of ``"table"`` lines,
    after the last body line before it (the heading that titles the table)."""
    groups: list[list] = []
    heading = None
    in_run = False
    for ln in lines:
        if ln.region == "table":
            if not in_run:
                groups.append([heading] if heading is not None else [])
                in_run = True
            if ln.tag == "text":
                groups[-1].append(ln)
        elif ln.tag == "text":
            heading = ln if ln.region == "body" else None
            in_run = False
    return groups
