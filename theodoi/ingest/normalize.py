"""Normalise the text of a plan before it is segmented.

* Unicode NFC, one tone-placement convention ("hoà" → "hòa", "thuỷ" → "thủy", "Uỷ" → "Ủy");
* OCR-style text (few diacritics) is detected and its structural confusions fixed:
  numbering ("Il." → "II.", "I11." → "III."), "S6:" → "Số:", "P" read for "Đ" ("Pé an" →
  "Đé an"), stray marks before list markers;
* blank lines dropped; in the body, lines broken inside a paragraph are joined;
* page numbers, repeated table headers, the "Nơi nhận" and signature block are kept
  but *tagged*, so later stages skip them;
* every normalised line remembers the original line range it came from.  Items report
  1-based line ranges *in the normalised text* (``NormalizedText.text``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from theodoi.textnorm import nfc, search_key

from .body_tables import mark_body_tables, split_cells
from .flat_tables import rebuild_flat_tables

__all__ = ["NLine", "NormalizedText", "normalize", "normalize_tone", "is_ocr_text", "fix_ocr_line"]

_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
_VIET_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")


@dataclass
class NLine:
    text: str
    start: int  # first original line (1-based)
    end: int  # last original line
    tag: str = "text"  # text, page, header_repeat, recipients, signature
    region: str = "body"  # body, closing, appendix
    no: int = 0  # 1-based number in the normalised text
    # a cell of a table rebuilt from flat text (``flat_tables``): its column's role
    # ("tt", "content", "lead", "coord", "output", "deadline", "unit", "year:2025" …)
    cell: str | None = None


@dataclass
class NormalizedText:
    lines: list[NLine] = field(default_factory=list)
    ocr: bool = False

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def content(self, region: str | None = None) -> list[NLine]:
        return [
            ln for ln in self.lines if ln.tag == "text" and (region is None or ln.region == region)
        ]


# -- tone placement ------------------------------------------------------

_TONED_SECOND = "àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ"
_TONE_RX = re.compile(rf"(?<![qQ])([oOuU])([{_TONED_SECOND}])(?![^\W\d_])")


def _move_tone(m: re.Match[str]) -> str:
    first, second = m.group(1), m.group(2)
    decomposed = unicodedata.normalize("NFD", second)
    base = "".join(c for c in decomposed if c not in _TONES)
    marks = "".join(c for c in decomposed if c in _TONES)
    pair = (first.lower(), unicodedata.normalize("NFC", base).lower())
    if pair not in {("o", "a"), ("o", "e"), ("u", "y")}:
        return m.group(0)
    return unicodedata.normalize("NFC", first + marks) + unicodedata.normalize("NFC", base)


def normalize_tone(text: str) -> str:
    """Put the tone mark of open syllables oa/oe/uy on the first vowel: "hoà" → "hòa",
    "khoẻ" → "khỏe", "thuỷ" → "thủy" ("quý" is left alone)."""
    return _TONE_RX.sub(_move_tone, text)


# -- OCR ---------------------------------------------------------------------


def is_ocr_text(text: str) -> bool:
    """Vietnamese text has diacritics on most words; OCR by a non-Vietnamese model
    keeps them on few (under 45 %)."""
    words = re.findall(r"[^\W\d_]{2,}", text[:200000])
    if len(words) < 30:
        return False
    marked = 0
    for w in words:
        if any(c in _VIET_LETTERS for c in w) or any(
            unicodedata.category(c) == "Mn" for c in unicodedata.normalize("NFD", w)
        ):
            marked += 1
    return marked / len(words) < 0.45


_VOWELS_LOWER = "aeiouyàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
_ROMAN_OCR = re.compile(r"^([IVXl1|]{2,4})(?=[.\-|]\s*\S|[.\-]$)")


def _roman_fix(m: re.Match[str]) -> str:
    token = m.group(1)
    if not any(c in "IV" for c in token) or token.isdigit():
        return token
    return token.replace("l", "I").replace("1", "I").replace("|", "I")


def fix_ocr_line(line: str) -> str:
    """Structural OCR repairs on one line (numbering, "Số:", Đ read as P)."""
    s = line
    s = re.sub(r"^[\s~,'`’‘\"•]+(?=(?:[a-zđ¢0-9]{1,2}|[IVX]{1,4})[).]\s)", "", s)
    s = re.sub(r"^\s+", "", s)
    s = _ROMAN_OCR.sub(_roman_fix, s)
    s = re.sub(r"^(?:S[6ố0oôóòb]|S[ôo]́)\s*:", "Số:", s)
    s = re.sub(rf"\bP(?=[{_VOWELS_LOWER}])", "Đ", s)
    s = re.sub(r"\bP(?=[AEIOUYĂÂÊÔƠƯ][a-zđ])", "Đ", s)
    return s


# -- line classification ----------------------------------------------------

MARKER = re.compile(
    r"^(?:[IVX]{1,4}\s*[.\-–:]\s|[IVX]{1,4}\s*[.\-–]$|\d{1,2}(?:\.\d{1,2}){0,3}\s*[.)]\s|\d{1,2}(?:\.\d{1,2}){1,3}\s"
    r"|[a-zđ¢]\s*\)\s|[-+•–*]\s*\S|Căn cứ\b|Thực hiện\b|Theo đề nghị\b|Can c\w+\b|Th\w{1,3}c hi\w{1,3}n\b"
    r"|PHỤ LỤC\b|Phụ lục\b|Nơi nhận|\(Chi tiết|\(Kèm theo)"
)
_END_PUNCT = re.compile(r"[.;:!?]\s*$|\./\.\s*$")
_PAGE_NO = re.compile(r"^\s*\d{1,3}\s*$")
_ROW_START = re.compile(
    r"^(?:[IVX]{1,4}(?:\s|\.|$)|\d{1,3}(?:[.\-]\d{1,3})*\.?(?:\s|$)|\d{1,3}[.,|]\s*\S)"
)
_HEADER_START = re.compile(r"^(?:s\s?tt|tt|stt)\b", re.IGNORECASE)


def _is_closing_start(key: str) -> bool:
    return bool(re.match(r"^no\s?i\s*nh\w{1,3}n\b", key))


def _is_appendix_heading(text: str) -> bool:
    key = search_key(text)
    return bool(re.match(r"^ph[uư]\s*l[uư]c\b", key)) and len(text) < 160


def _is_caps_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 15 and sum(c.isupper() for c in letters) / len(letters) > 0.9


def normalize(text: str) -> NormalizedText:
    """Normalise a whole document; see the module docstring."""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u00a0", " ").replace("\u00ad", "").replace("Ð", "Đ").replace("ð", "đ")
    text = normalize_tone(text)
    ocr = is_ocr_text(text)
    raw_lines = text.split("\n")
    # a table printed as flat text (OCR without geometry): rows of cells from its header
    rebuilt = rebuild_flat_tables(raw_lines)
    numbered = rebuilt or [(i, t, None) for i, t in enumerate(raw_lines)]
    cleaned: list[tuple[int, str]] = []  # (original 1-based line, text)
    cell_roles: list[str | None] = []  # a rebuilt table's cell: its column's role
    for idx, row, roles in numbered:
        # a tab-separated row: one cell per line
        cells = (
            zip(row.split("\t"), roles, strict=False)
            if roles
            else ((c, None) for c in split_cells(row))
        )
        for cell, role in cells:
            line = re.sub(r"[ ]{2,}", " ", cell.replace("\t", " ").rstrip())
            if ocr:
                line = fix_ocr_line(line)
            line = line.strip()
            if line:
                cleaned.append((idx + 1, line))
                cell_roles.append(role)
    blank_ratio = 1 - len(cleaned) / max(1, len(raw_lines))
    blank_separates = blank_ratio < 0.35  # double-spaced text (one blank after each line) does not

    # regions
    regions: list[str] = []
    region = "body"
    for _i, (_orig, line) in enumerate(cleaned):
        key = search_key(line)
        if region == "body" and _is_closing_start(key):
            region = "closing"
        elif region == "appendix" and _is_signature_start(key):
            region = "closing"  # an annex signed at its end: its rows stop here
        elif (
            region != "appendix"
            and _is_appendix_heading(line)
            and _seen_body(regions)
            or region == "closing"
            and _is_caps_heading(line)
            and not _is_signature(key)
        ):
            region = "appendix"
        regions.append(region)
    regions = mark_body_tables([t for _o, t in cleaned], regions)

    out: list[NLine] = []
    prev_orig = 0
    widths = sorted(len(t) for (_o, t), r in zip(cleaned, regions, strict=True) if r == "body")
    full_width = widths[int(len(widths) * 0.8)] if widths else 80
    for (orig, line), reg, role in zip(cleaned, regions, cell_roles, strict=True):
        tag = "text"
        if reg == "closing":
            tag = "signature" if _is_signature(search_key(line)) else "recipients"
        elif reg == "body" and _PAGE_NO.match(line):
            tag = "page"
        gap = orig - prev_orig > 1
        prev_orig = orig
        if (
            reg == "body"
            and tag == "text"
            and out
            and out[-1].region == "body"
            and out[-1].tag == "text"
            and role is None
            and out[-1].cell is None
            and _continues(out[-1].text, line, gap and blank_separates, full_width)
        ):
            last = out[-1]
            joiner = "" if re.search(r"\d-$", last.text) and re.match(r"[A-ZĐ]", line) else " "
            last.text = f"{last.text}{joiner}{line}"
            last.end = orig
            continue
        if tag == "page" and out:
            # a page number inside a paragraph: keep it apart, do not break the paragraph
            out.append(NLine(line, orig, orig, "page", reg))
            continue
        out.append(NLine(line, orig, orig, tag, reg, cell=role))
    # merge paragraphs split by a page number line
    merged: list[NLine] = []
    for ln in out:
        if (
            ln.tag == "text"
            and ln.region == "body"
            and len(merged) >= 2
            and merged[-1].tag == "page"
            and merged[-2].tag == "text"
            and ln.cell is None
            and _continues(merged[-2].text, ln.text, False, full_width)
        ):
            merged[-2].text += " " + ln.text
            merged[-2].end = ln.end
            continue
        merged.append(ln)
    _tag_appendix_noise(merged)
    for no, ln in enumerate(merged, start=1):
        ln.no = no
    return NormalizedText(merged, ocr)


def _seen_body(regions: list[str]) -> bool:
    return len(regions) > 5


def _is_signature_start(key: str) -> bool:
    """The first line of a signature block, told strictly ("TM. ỦY BAN NHÂN DÂN", "KT. GIÁM
    ĐỐC", "CHỦ TỊCH" alone), so that no cell of a table ("TMĐT …") passes for one."""
    return bool(
        re.match(r"^(?:tm|kt|t/m|ttl)\.\s*\S", key)
        or re.fullmatch(r"(?:pho\s+)?(?:chu\s*tich|giam\s*doc|truong\s*ban)", key)
    )


def _is_signature(key: str) -> bool:
    return bool(
        re.match(r"^(?:tm\.?|kt\.?|t/m|ttl\.?|q\.)\s*", key)
        or re.match(r"^(?:pho\s+)?chu\s*tich\b", key)
        or re.match(r"^(?:uy ban nhan dan|ubnd)\s*$", key)
    )


def _continues(prev: str, line: str, blank_gap: bool, full_width: int) -> bool:
    """Is ``line`` the continuation of the paragraph ending with ``prev``?"""
    if blank_gap:
        return False
    if re.match(r"^[-–]\s*[a-zđ]", line):
        return True
    if MARKER.match(line):
        return False
    first = line[:1]
    if first.islower() or first in "(,;\"“”'" or first.isdigit():
        return not _END_PUNCT.search(prev) or first.islower()
    if re.search(r"\d-$|[,(\-–&]$|\b(?:và|của|các|số|ngày|về|tại|theo|với)$", prev):
        return True
    if _END_PUNCT.search(prev):
        return False
    # an upper-case start after a line that ran to full width is a wrapped line
    return len(prev) >= 0.7 * full_width and not _is_caps_heading(line)


def _tag_appendix_noise(lines: list[NLine]) -> None:
    """Tag repeated table headers and page numbers inside appendices."""
    app = [i for i, ln in enumerate(lines) if ln.region == "appendix"]
    first_headers: list[list[str]] = []
    i = 0
    while i < len(app):
        idx = app[i]
        ln = lines[idx]
        key = search_key(ln.text)
        if _is_appendix_heading(ln.text):
            first_headers = []  # headers repeat within one appendix
        if _HEADER_START.match(key) and not _ROW_START.match(ln.text):
            block = [idx]
            j = i + 1
            while j < len(app) and j - i < 40 and not _ROW_START.match(lines[app[j]].text):
                block.append(app[j])
                j += 1
            keys = [search_key(lines[k].text) for k in block]
            repeat = any(fuzz.ratio(keys[0], h[0]) >= 80 for h in first_headers)
            if repeat:
                ref = next(h for h in first_headers if fuzz.ratio(keys[0], h[0]) >= 80)
                n = min(len(ref), len(block))
                for k in block[:n]:
                    lines[k].tag = "header_repeat"
                # lines of the same header printed just before "STT" (OCR column order)
                for back in range(1, 3):
                    p = i - back
                    if p >= 0 and any(
                        fuzz.ratio(search_key(lines[app[p]].text), h) >= 85 for h in ref
                    ):
                        lines[app[p]].tag = "header_repeat"
                # a page number right before a repeated header
                for back in range(1, 4):
                    p = i - back
                    if p >= 0 and _PAGE_NO.match(lines[app[p]].text):
                        lines[app[p]].tag = "page"
                        break
                i += n
                continue
            first_headers.append(keys)
            i = j
            continue
        i += 1
    for k, idx in enumerate(app):
        ln = lines[idx]
        if ln.tag == "text" and _PAGE_NO.match(ln.text):
            nxt = lines[app[k + 1]] if k + 1 < len(app) else None
            if nxt is None or nxt.tag == "header_repeat" or _is_appendix_heading(nxt.text):
                ln.tag = "page"
