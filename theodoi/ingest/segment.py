"""Cut a normalised plan into its parts: header, legal bases (references), numbered
body sections, and appendices with their tables.

Body numbering follows the administrative style: ``I.`` (roman) > ``1.`` > ``1.1.`` >
``a)`` > ``-`` > ``+``.  OCR letters are read in sequence ("¢)" → c, "1)" → l, "0)" → o,
")" with the letter lost → the expected letter).

Tables are kept as *rows of lines*: a row starts at its "TT/STT" cell (a number or
roman numeral at the start of a line); what the cells are is decided in ``extract``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .body_tables import body_table_groups
from .folding import fold
from .layouts.header import make_date as _mkdate
from .layouts.header import parse_header
from .model import DocumentHeader, Reference
from .normalize import NLine, NormalizedText

__all__ = [
    "Section",
    "TableRow",
    "Appendix",
    "Segmented",
    "segment",
    "fold",
    "find_references",
]

_LETTERS = "abcdđeghiklmnopqrstuvwxy"
_OCR_LETTER = {
    "¢": "c",
    "0": "o",
    "1": "li",
    "S": "s",
    "K": "k",
    "d": "dđ",
    "": "*",
    "l": "li",
    "I": "li",
}
_KIND_RANK = {"roman": 0, "num": 1, "dotted": 2, "letter": 4, "dash": 5, "plus": 6}


@dataclass
class Section:
    kind: str  # root, roman, num, dotted, letter, dash, plus
    code: str  # "III", "1", "1.1", "a", "-"
    title: str  # text of the line carrying the marker (without the marker)
    first: int  # normalised line number
    last: int
    paragraphs: list[str] = field(default_factory=list)  # extra paragraphs after the title
    children: list[Section] = field(default_factory=list)
    parent: Section | None = field(default=None, repr=False)

    @property
    def rank(self) -> float:
        if self.kind == "root":
            return -1
        if self.kind == "dotted":
            return 1 + self.code.count(".")
        return _KIND_RANK[self.kind]

    @property
    def text(self) -> str:
        return " ".join([self.title, *self.paragraphs]).strip()

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass
class TableRow:
    code: str  # as printed (sequence-corrected for OCR)
    lines: list[NLine]
    is_group: bool = False  # roman-numbered group row ("I", "II" …)

    @property
    def first(self) -> int:
        return self.lines[0].no

    @property
    def last(self) -> int:
        return self.lines[-1].no


@dataclass
class Appendix:
    title: str
    first: int
    header: list[NLine] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)

    @property
    def header_key(self) -> str:
        return fold(" ".join(h.text for h in self.header))


@dataclass
class Segmented:
    header: DocumentHeader
    root: Section
    appendices: list[Appendix]
    body_lines: list[NLine]
    closing_lines: list[NLine]
    ocr: bool


# -- header -------------------------------------------------------------------

_SYMBOL = re.compile(
    r"(?<![\w/])(\d{1,4})\s*([-/])\s*((?:\d{4}\s*/\s*)?[A-ZĐ][A-Za-zĐđ]*\d*(?:\s*[-/&]\s*[A-ZĐ][A-Za-zĐđ0-9&]*){0,3})"
)
_DATE_AFTER = re.compile(
    r"^[\s,]*(?:ng[a-zàáạảãâầấậẩẫ]{1,3}y)\s*(\d{1,2})\s*(?:/|-|\.|\s+th[a-zá]{1,3}ng\s+)\s*(\d{1,2})"
    r"\s*(?:/|-|\.|\s*n[a-zăằắặẳẵ]{1,3}m\s+)\s*(\d{4})",
    re.IGNORECASE,
)


def find_references(text: str, *, exclude: str | None = None) -> list[Reference]:
    """Document symbols (57-NQ/TW, 71/NQ-CP, 193/2025/QH15, 12-KH/TU …) with the date that
    follows them ("ngày 05/3/2026", "ngày 05 tháng 3 năm 2026")."""
    refs: dict[str, Reference] = {}
    for m in _SYMBOL.finditer(text):
        suffix = re.sub(r"\s+", "", m.group(3))
        if not re.search(r"[A-ZĐ]{2,}", suffix):
            continue
        if m.group(2) == "-" and "/" not in suffix:
            continue
        if m.group(2) == "/" and not re.search(r"[A-ZĐ]", suffix):
            continue
        symbol = f"{m.group(1)}{m.group(2)}{suffix}".rstrip("-/")
        if exclude and symbol.replace(" ", "") == exclude.replace(" ", ""):
            continue
        dm = _DATE_AFTER.match(text[m.end() : m.end() + 40])
        d = _mkdate(dm.group(3), dm.group(2), dm.group(1)) if dm else None
        if symbol in refs:
            if refs[symbol].date is None and d:
                refs[symbol].date = d
            continue
        refs[symbol] = Reference(symbol=symbol, date=d)
    return list(refs.values())


# -- sections ----------------------------------------------------------------

_ROMAN_RX = re.compile(r"^([IVX]{1,4})\s*[.\-–:]\s*(.*)$")
_DOTTED_RX = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(.*)$")
_NUM_RX = re.compile(r"^(\d{1,2})\s*[.)]\s*(.*)$")
_LETTER_RX = re.compile(r"^([a-zđ¢0-9SKlI]?)\s*\)\s*(.*)$")
_DASH_RX = re.compile(r"^([-–•*])\s*(.*)$")
_PLUS_RX = re.compile(r"^(\+)\s*(.*)$")


def _next_letter(prev: str | None) -> str:
    if prev is None or prev not in _LETTERS:
        return "a"
    i = _LETTERS.index(prev)
    return _LETTERS[min(i + 1, len(_LETTERS) - 1)]


def _letter_of(token: str, expected: str, ocr: bool) -> str | None:
    if token in _LETTERS and (token == expected or not ocr):
        return token
    cands = _OCR_LETTER.get(token, "")
    if cands == "*" or expected in cands:
        return expected
    if token in _LETTERS:
        return token
    return None


def _classify(text: str, last_letter: str | None, ocr: bool, in_letters: bool):
    m = _ROMAN_RX.match(text)
    if m and (m.group(2)[:1].isupper() or not m.group(2)):
        return "roman", m.group(1), m.group(2)
    m = _DOTTED_RX.match(text)
    if m:
        return "dotted", m.group(1), m.group(2)
    m = _LETTER_RX.match(text)
    if m and m.group(2):
        token = m.group(1)
        if not (token.isdigit() and not in_letters and token not in ("0", "1")) or in_letters:
            letter = _letter_of(token, _next_letter(last_letter), ocr)
            if letter and (token not in "01" or in_letters or token == ""):
                return "letter", letter, m.group(2)
    m = _NUM_RX.match(text)
    if m and m.group(2)[:1] and not m.group(2)[:1].isdigit():
        return "num", m.group(1), m.group(2)
    m = _DASH_RX.match(text)
    if m and m.group(2):
        return "dash", "-", m.group(2)
    m = _PLUS_RX.match(text)
    if m and m.group(2):
        return "plus", "+", m.group(2)
    return None


def _build_sections(lines: list[NLine], ocr: bool) -> Section:
    root = Section("root", "", "", lines[0].no if lines else 1, lines[-1].no if lines else 1)
    stack = [root]
    last_letter: dict[int, str | None] = {}
    for ln in lines:
        top = stack[-1]
        in_letters = any(s.kind == "letter" for s in stack) or bool(
            top.children and top.children[-1].kind == "letter"
        )
        cls = _classify(ln.text, last_letter.get(id(_letter_parent(stack))), ocr, in_letters)
        if cls is None:
            stack[-1].paragraphs.append(ln.text)
            for s in stack:
                s.last = ln.no
            continue
        kind, code, rest = cls
        node = Section(kind, code, rest.strip(), ln.no, ln.no)
        while len(stack) > 1 and stack[-1].rank >= node.rank:
            stack.pop()
        node.parent = stack[-1]
        stack[-1].children.append(node)
        if kind == "letter":
            last_letter[id(stack[-1])] = code
        if kind in ("roman", "num", "dotted"):
            last_letter[id(node)] = None
        stack.append(node)
        for s in stack:
            s.last = ln.no
    return root


def _letter_parent(stack: list[Section]) -> Section:
    for s in reversed(stack):
        if s.kind != "letter" and s.kind not in ("dash", "plus"):
            return s
    return stack[0]


# -- appendices ----------------------------------------------------------------

_HEADER_START = re.compile(r"^(?:s\s?tt|tt)\b", re.IGNORECASE)
_ROW_CODE = re.compile(
    r"^(?P<code>[IVX]{1,4}|\d{1,3}(?:\s*[.\-]\s*\d{1,3})*)(?P<sep>\s*[.,|]?)(?:\s+|$)(?P<rest>.*)$"
)
_OCR_ROW_CODE = re.compile(
    r"^[\s'\"”“|\[]*(?P<code>[0-9oOgIl|”]{1,3})(?P<sep>[.,|:]?)(?:\s+|$)(?P<rest>.*)$"
)
_OCR_DIGIT = str.maketrans({"o": "0", "O": "0", "g": "9", "I": "1", "l": "1", "|": "1", "”": "2"})


def _is_appendix_title(ln: NLine) -> bool:
    k = fold(ln.text)
    return bool(re.match(r"^ph[uư]\s*l[uư]c\b", k)) or (
        sum(c.isupper() for c in ln.text if c.isalpha())
        > 0.9 * max(1, sum(c.isalpha() for c in ln.text))
        and len(ln.text) > 25
    )


def _split_appendices(lines: list[NLine]) -> list[list[NLine]]:
    groups: list[list[NLine]] = []
    for ln in lines:
        if re.match(r"^ph[uư]\s*l[uư]c\b", fold(ln.text)) or not groups:
            groups.append([ln])
        else:
            groups[-1].append(ln)
    return groups


_OCR_GROUP = re.compile(r"^[|\[(]*([IVXl1|]{1,4})[.|\s\[]+(?:\S+\s+){0,3}?n\w{1,2}m\s+(20\d\d)\b")
_OCR_LOST_TENS = re.compile(
    r"^[\s'\"”“|\[]*(?P<code>[0-9oOg”]{1,2})[.,|:]?\s*[|\[]?\s*(?P<rest>.*)$"
)


def _ocr_row_start(ln: NLine, expected: int) -> tuple[str, bool] | None:
    """OCR drops or garbles the digits of a row number ("0." for 20, "o4," for 24,
    "”7" for 27): a short numeric-looking token whose last digit is the expected one,
    followed by cell text, starts the expected row.  "Il Đến năm 2045" is a group row."""
    text = ln.text
    g = _OCR_GROUP.match(fold(text))
    if g and len(text) < 60:
        return g.group(1).upper().replace("L", "I").replace("1", "I").replace("|", "I"), True
    m = _OCR_LOST_TENS.match(text)
    if not m or len(text) < 25 or not m.group("rest")[:1].isalpha():
        return None
    raw = m.group("code").translate(_OCR_DIGIT)
    if not raw.isdigit() or raw[-1] != str(expected)[-1]:
        return None
    if expected >= 10 and len(raw) == 1 and raw[0] == str(expected)[-1]:
        return str(expected), False
    if len(raw) == len(str(expected)):
        return str(expected), False
    return None


def _row_start(ln: NLine, expected: int | None, ocr: bool) -> tuple[str, bool] | None:
    """(code, is_group) when ``ln`` starts a table row."""
    text = ln.text
    if ocr and expected is not None:
        g = _OCR_GROUP.match(fold(text))
        if g and len(text) < 60:
            return _ocr_row_start(ln, expected)
    m = _ROW_CODE.match(text)
    if m:
        code = re.sub(r"\s+", "", m.group("code"))
        rest = m.group("rest")
        if re.fullmatch(r"[IVX]{1,4}", code):
            if rest[:1].isupper() or rest[:1].isdigit() or not rest or rest[:1] in "|":
                return code, True
            return None
        first = int(re.split(r"[.\-]", code)[0]) if re.split(r"[.\-]", code)[0].isdigit() else -1
        if first > 300 or first < 0:
            return None
        if ocr and expected is not None and not (first == expected or 0 < first - expected <= 2):
            # numbering restarts only after a group row (which resets ``expected``)
            return _ocr_row_start(ln, expected)
        if re.fullmatch(r"\d{4}", code):
            return None
        # "1 Tỷ lệ…", "1.1", "2.", "1-3.", "12."
        if not rest or rest[:1].isupper() or rest[:1] in "|[\"“'" or m.group("sep").strip():
            if expected is None or not ocr or _near(first, expected):
                return code, False
            return None
        return None
    if ocr and expected is not None:
        lost = _ocr_row_start(ln, expected)
        if lost:
            return lost
        m = _OCR_ROW_CODE.match(text)
        if m and len(text) > 25:
            raw = m.group("code").translate(_OCR_DIGIT)
            if raw.isdigit() and (
                int(raw) == expected
                or (len(raw) == len(str(expected)) and raw[-1] == str(expected)[-1])
            ):
                return str(expected), False
            if (
                raw
                and len(raw) == len(str(expected))
                and sum(a == b for a, b in zip(raw, str(expected), strict=False)) >= len(raw) - 1
                and len(raw) > 1
            ):
                return str(expected), False
    return None


# a value or a capitalised unit of measure ("%", "≥ 80", "Hồ sơ")
_VALUE_CELL = re.compile(r"^(?:[≥≤<>=]=?\s*)?\d+(?:[.,]\d+)?\s*%?$|^%$|^[A-ZĐ][^\W\d]{1,14}$")
# a unit of measure in lower case ("điểm", "hộ"), or the last word of a wrapped cell
_LOWER_WORD = re.compile(r"^[^\W\dA-ZĐ][^\W\d]{0,9}$")


def _value_run(prev: str, text: str, expected: int, units: bool = False) -> bool:
    """A bare number after a unit or a value cell ("%" | "≥ 80" | "100" | "100") is the
    next year's value of the same row (tables with one column per year), not a row
    number, unless it is the number the next row should have."""
    t = text.strip()
    if not re.fullmatch(r"\d{1,3}", t) or int(t) == expected:
        return False
    prev = prev.strip()
    if units and _LOWER_WORD.match(prev):
        # in a table with a unit column, a number far from the next row's ("120" where
        # row 4 is due) after a unit in lower case ("điểm", "hộ") is a value
        return not _near(int(t), expected)
    return bool(_VALUE_CELL.match(prev))


def _near(n: int, expected: int) -> bool:
    return n == expected or n == 1 or 0 < n - expected <= 2


def _cell_rows(lines: list[NLine]) -> tuple[list[NLine], list[NLine], list[TableRow]] | None:
    """A table rebuilt from flat text (its lines carry their cells' roles): a row opens
    at its numbering cell; None for any other table."""
    first = next((i for i, ln in enumerate(lines) if ln.cell is not None), None)
    if first is None:
        return None
    head = next((i for i in range(first) if _HEADER_START.match(fold(lines[i].text))), first)
    rows: list[TableRow] = []
    for ln in lines[first:]:
        if ln.tag != "text":
            continue
        if ln.cell == "tt":
            code = ln.text.strip(" .")
            rows.append(TableRow(code, [ln], bool(re.fullmatch(r"[IVX]{1,4}", code))))
        elif rows and ln.cell is not None:
            rows[-1].lines.append(ln)
    return lines[:head], lines[head:first], rows


def _table_rows(lines: list[NLine], ocr: bool) -> tuple[list[NLine], list[TableRow], list[NLine]]:
    """Split an appendix body into (title lines, header lines, rows)."""
    rebuilt = _cell_rows(lines)
    if rebuilt is not None:
        return rebuilt
    title: list[NLine] = []
    header: list[NLine] = []
    rows: list[TableRow] = []
    i = 0
    while i < len(lines) and not _HEADER_START.match(fold(lines[i].text)):
        i += 1
    if i == len(lines):
        # no "TT/STT" header: rows start at the first row code
        i = 0
        while i < len(lines) and _row_start(lines[i], None, ocr) is None:
            title.append(lines[i])
            i += 1
    else:
        title = lines[:i]
        while i < len(lines) and (
            not header
            or _row_start(lines[i], None, ocr) is None
            or re.fullmatch(r"\d{4}", lines[i].text.strip())
        ):
            header.append(lines[i])
            i += 1
            if len(header) > 40:
                break
    expected = 1
    prev = ""
    units = bool(re.search(r"\bdon vi tinh\b|\bdvt\b", fold(" ".join(h.text for h in header))))
    for ln in lines[i:]:
        if ln.tag != "text":
            continue
        start = _row_start(ln, expected, ocr)
        if start and not ocr and _value_run(prev, ln.text, expected, units):
            start = None
        prev = ln.text
        if start:
            code, is_group = start
            rows.append(TableRow(code, [ln], is_group))
            if is_group and ocr:
                expected = 1
            if not is_group:
                head = re.split(r"[.\-]", code)[0]
                if head.isdigit() and "." not in code.strip("."):
                    expected = int(head) + 1
                elif head.isdigit() and re.fullmatch(r"\d+-\d+\.?", code):
                    expected = int(code.split("-")[1].strip(".")) + 1
            continue
        if rows:
            rows[-1].lines.append(ln)
        else:
            header.append(ln)
    return title, header, rows


def segment(norm: NormalizedText) -> Segmented:
    body = norm.content("body")
    closing = [ln for ln in norm.lines if ln.region == "closing"]
    app_lines = [ln for ln in norm.lines if ln.region == "appendix" and ln.tag == "text"]
    header, title_end = parse_header(body)
    # preamble: from the title to the first roman heading
    start = title_end
    first_roman = next(
        (i for i, ln in enumerate(body) if i >= start and _ROMAN_RX.match(ln.text)), len(body)
    )
    preamble = " ".join(ln.text for ln in body[:first_roman])
    header.references = find_references(preamble, exclude=header.number)
    root = _build_sections(body[first_roman:], norm.ocr)
    appendices: list[Appendix] = []
    # the body's own tables first (in the order of the text), then the appendices
    for group in [*body_table_groups(norm.lines), *_split_appendices(app_lines)]:
        title_lines, head, rows = _table_rows(group, norm.ocr)
        title = " ".join(ln.text for ln in title_lines[:3]).strip()
        appendices.append(Appendix(title=title, first=group[0].no, header=head, rows=rows))
    return Segmented(header, root, appendices, body, closing, norm.ocr)
