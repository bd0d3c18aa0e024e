"""The header block of a plan: its number ("Số: 57/KH-UBND"), the place-and-date line,
the issuing organ and the organ above it as printed in the top-left block ("UBND TỈNH
NAM ĐỊNH" | "SỞ CÔNG THƯƠNG"), the administrative unit as written ("tỉnh Nam Định",
"xã Hòa Bình") and its level, and the title.

OCR text prints the block's two columns on the same lines ("UY BAN NHAN DAN TINH X
CONG HOA XA HOI …"): the national motto, the number and the place-and-date line are
cut out, what is left is the issuer's block, in order."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from ..folding import fold
from ..model import DocumentHeader
from ..normalize import NLine

_TITLE_LINE = re.compile(
    r"k[eêế]\s*ho[aạ]ch|ke hoach|ch\w{2,4}ng tr\w{1,3}nh h\w{1,3}nh \w{1,4}ng|quy[eế]t [dđ]\w{1,3}nh"
)
_LEGAL_BASIS = re.compile(
    r"^\W*(?:c\w{1,2}n c\w{1,3}|th\w{1,3}c hi\w{1,3}n|theo|v\w{1,2} vi\w{1,2}c)\b"
)
# the right column: the national motto (OCR: "HQI", "Poc 1ap", "Tw do", "phiic"), or the
# Party's name
_MOTTO = re.compile(
    r"c[o0]ng h[o0q][aà]\s+x[aã]\s+h[o0q]i\s+ch[uủ]\s+ngh\w{1,3}a\s+vi[eệ]t\s+nam"
    r"|[dđpj][o0ôj]c\s*[l1]ap\s*-\s*t\w\s*do\s*-\s*h\w{1,2}nh\s*ph\w{1,3}c"
    r"|c[o0]ng h[o0q][aà]\b|[dđp][o0ôj]c\s*[l1]ap\b"
    # a Party organ's header says "ĐẢNG CỘNG SẢN VIỆT NAM" in its place
    r"|[dđp][aả]ng\s+c[o0ộ]ng\s+s[aả]n\s+vi[eệ]t\s+nam"
)
# "Số: 57/KH-UBND"; a Party organ's "Số 15-KH/ĐU" (a hyphen first, often no colon: then
# only where the line starts, so "Nghị quyết số 57-NQ/TW" in a title is no plan's number)
_NUMBER = re.compile(
    r"S[ốo]\s*:\s*([0-9]+)\s*(/)\s*([A-ZĐ][A-ZĐa-z\-]+)"
    r"|^\s*S[ốo]\s*:?\s*([0-9]+)\s*(-)\s*([A-ZĐ][A-ZĐa-z]*/[A-ZĐ][A-ZĐa-z\-]*)"
)
_NUMBER_CUT = re.compile(
    r"\bs[o6]\s*:\s*[0-9]*\s*/?\s*[a-z\-&]*|^\s*s[o6]\s*:?\s*[0-9]+\s*-\s*[a-z]*/[a-z\-]*",
    re.IGNORECASE,
)


def _number(m: re.Match) -> str:
    number, sep, symbol = (g for g in m.groups() if g is not None)
    return f"{number}{sep}{symbol}"


_DATE = (
    re.compile(
        r"(?:^|[\s,])ng\w{1,2}y\s*([0-9/]{1,2})\s*th\w{1,3}ng\s*(\d{1,2})\s*n\w{1,2}m\s*(\d{4})"
    ),
    re.compile(r"(?:^|[\s,])ng\w{1,2}y\s*(\d{1,2})/(\d{1,2})/(\d{4})"),
)
# the heads of organs ("ỦY BAN NHÂN DÂN", "SỞ …", "BAN CHỈ ĐẠO …") and of units
_ORGAN = re.compile(
    r"^(?:uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd|so|ban|phong|van phong|trung tam|"
    r"cong an|bo|chi cuc|cuc|tinh uy|thanh uy|dang uy|mat tran|thuong truc|ban chi dao|"
    r"ban quan ly|doan|hoi|truong|benh vien|chi nhanh)\b"
)
_UNIT = r"(?:tinh|thanh pho|xa|phuong|dac khu|thi tran|thi xa|huyen|quan)"
# a unit and its name, up to the next organ's head ("… THÀNH PHỐ CẦN THƠ SỞ Y TẾ")
_UNIT_RX = re.compile(
    rf"(?:^|\s){_UNIT}\s+(?!nhan dan)(?:(?!(?:so|ban|uy ban|ubnd|van phong|trung tam)\b)"
    rf"[a-z0-9]+(?:\s+|$)){{1,4}}"
)
_UNIT_LEVEL = {
    "tinh": "province",
    "thanh pho": "province",
    "xa": "commune",
    "phuong": "commune",
    "dac khu": "commune",
    "thi tran": "commune",
}


@dataclass
class HeaderBlock:
    """The top-left block as printed: the organs from the highest to the issuer."""

    organs: list[str] = field(default_factory=list)

    @property
    def issuer(self) -> str | None:
        return self.organs[-1] if self.organs else None

    @property
    def superior(self) -> str | None:
        return " ".join(self.organs[:-1]) or None


def make_date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _place_before_date(text: str, at: int) -> str | None:
    """The place of the header's place-and-date line ("Nam Định, ngày 23 tháng 02 năm
    2025") when the "ngày …" at ``at`` is one: a place name — words without digits or
    symbols, the first capitalised — then a comma.  ``None`` for "… số 12-KH/TU, ngày
    05/3/2026" (another document's date) and for a legal basis ("Căn cứ …")."""
    before = text[: at + 1].rstrip()
    if not before.endswith(",") or _LEGAL_BASIS.match(fold(text)):
        return None
    run: list[str] = []
    for w in reversed(before[:-1].split()):
        # a place's words are capitalised: a word in lower case ends it ("… Hạnh phúc
        # Minh Hưng," run together with the motto, "Thành phố Hồ Chí Minh,")
        if not re.fullmatch(r"[^\W\d_]+|[-–]", w) or (w[:1].islower() and run):
            break
        run.append(w)
        if len(run) > 5:
            return None
    while run and not run[-1][:1].isupper():
        run.pop()
    if not run or not run[-1][:1].isupper():
        return None
    return " ".join(reversed(run))


def _date_line(text: str) -> tuple[date | None, str, int] | None:
    """(date, place, where the place starts) of a place-and-date line."""
    k = fold(text)
    dm = _DATE[0].search(k) or _DATE[1].search(k)
    if not dm:
        return None
    where = _place_before_date(text, dm.start())
    if not where:
        return None
    day = dm.group(1).replace("/", "1")
    found = make_date(dm.group(3), dm.group(2), day) if day.isdigit() and day != "0" else None
    return found, where, text.rfind(where, 0, dm.start() + 1)


def _left_pieces(lines: list[NLine]) -> list[str]:
    """What the header lines hold of the top-left block: the motto, the number and the
    place-and-date line cut out."""
    pieces: list[str] = []
    for ln in lines:
        text = ln.text[:400]
        found = _date_line(text)
        if found:
            text = text[: found[2]]
        k = fold(text)
        cut = [(m.start(), m.end()) for rx in (_MOTTO, _NUMBER_CUT) for m in rx.finditer(k)]
        last = 0
        for a, b in sorted(cut):
            if a >= last:
                pieces.append(text[last:a])
                last = b
        pieces.append(text[last:])
    out = []
    for p in pieces:
        p = p.strip(" -–_|").lstrip(".,")
        # the block's lines are short: a long piece is running text, not the block
        if p and len(p) <= 90 and re.search(r"[^\W\d_]{2,}", p) and not re.search(r"\d", p):
            out.append(re.sub(r"\s+", " ", p))
    return out


def header_block(lines: list[NLine]) -> HeaderBlock:
    """The organs of the top-left block: an organ starts with an organ's head word
    ("SỞ", "BAN", "ỦY BAN NHÂN DÂN"); a piece that does not (a unit "XÃ HÒA BÌNH", a
    name's wrapped end "CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO") goes on the organ before it."""
    block = HeaderBlock()
    for piece in _left_pieces(lines):
        k = fold(piece).strip()
        rest = piece
        # "UY BAN NHAN DAN TINH X BAN CHI DAO …": a second organ on the same line
        m = re.search(rf"\s(?={_ORGAN.pattern[1:]})", k[12:]) if _UNIT_RX.search(k) else None
        if m and _ORGAN.match(k):
            at = 12 + m.start()
            tail = k[at:].strip()
            if _ORGAN.match(tail) and not re.match(_UNIT, tail):
                block.organs.append(piece[:at].strip())
                rest = piece[at:].strip()
                k = fold(rest)
        if _ORGAN.match(k) or not block.organs:
            block.organs.append(rest)
        else:
            block.organs[-1] = f"{block.organs[-1]} {rest}"
    return block


def written_unit(*texts: str | None) -> tuple[str | None, str | None]:
    """The first administrative unit named in ``texts`` as written ("xã Hòa Bình",
    "tỉnh Nam Định", from "UBND TỈNH NAM ĐỊNH" or "… trên địa bàn xã Tân Lập") and its
    level."""
    for text in texts:
        if not text:
            continue
        k = fold(text)
        for m in _UNIT_RX.finditer(k):
            a, b = m.start() + (1 if k[m.start()] == " " else 0), m.end()
            words = text[a:b].split()
            kind = (
                next(u for u in _UNIT_LEVEL if fold(" ".join(words)).startswith(u))
                if any(fold(" ".join(words)).startswith(u) for u in _UNIT_LEVEL)
                else None
            )
            head = len(kind.split()) if kind else 1
            name = [w for w in words[head:] if w[:1].isupper()]
            if not name:
                continue
            shown = " ".join(w.lower() for w in words[:head])
            shown += " " + " ".join(w if not w.isupper() else w.capitalize() for w in name)
            return shown, _UNIT_LEVEL.get(kind or "")
    return None, None


_ISSUES = re.compile(
    rf"\b(?:uy ban nhan dan|ubnd)\s+{_UNIT}\s+(?:[a-z0-9]+\s+){{1,3}}?(?=ban hanh|xay dung|tr\w{{1,2}}n)"
)


def _issuer_in_text(lines: list[NLine]) -> list[str]:
    """A plan printed without its header block names its issuer in the preamble:
    "Ủy ban nhân dân xã X xây dựng (ban hành) Kế hoạch …"."""
    for ln in lines:
        text = ln.text[:600]
        m = _ISSUES.search(fold(text))
        if m:
            return [text[m.start() : m.end()].strip()]
    return []


def header_level(block: HeaderBlock, unit_level: str | None) -> str | None:
    """The issuer's level: an "ỦY BAN NHÂN DÂN" (or council) of a unit is that unit's;
    any other organ (a Sở, a Ban Chỉ đạo, a Phòng) is an agency."""
    if not block.issuer:
        return unit_level
    if re.match(r"^(?:uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd)\b", fold(block.issuer)):
        return unit_level
    return "agency"


def _title(lines: list[NLine]) -> tuple[str, int, int | None]:
    """(title, index of the first line after it, index of the title line)."""
    for i, ln in enumerate(lines[:20]):
        if not _TITLE_LINE.fullmatch(fold(ln.text).strip()):
            continue
        doc_type = ln.text.strip().capitalize()
        j = i + 1
        parts: list[str] = []
        while j < len(lines) and j <= i + 3:
            t = lines[j].text
            kk = fold(t)
            if re.match(r"^(can c\w{1,2}|theo de nghi)\b", kk) or re.match(r"^[IVX]+\s*[.\-]", t):
                break
            if parts and re.match(r"^th\w{1,3}c hi\w{1,3}n\b", kk):
                break
            parts.append(t)
            j += 1
            if len(" ".join(parts)) > 60:
                break
        sub = " ".join(parts).strip()
        return (f"{doc_type} {sub[:1].lower()}{sub[1:]}" if sub else doc_type), j, i
    return (lines[0].text if lines else ""), (1 if lines else 0), None


# the document type in capitals inside a line: the text lost the header's line breaks
_TYPE_INSIDE = re.compile(
    r"(?:^|\s)(K[EÊẾ] HO[AẠ]CH|CH[UƯ][OƠ]NG TR[IÌ]NH H[AÀ]NH [DĐ][OỘ]NG)(?:\s|$)"
)


def _split_merged(lines: list[NLine]) -> tuple[list[NLine], list[int]]:
    """The first lines, one run together ("UBND … Số: 45/KH-UBND …, ngày … KẾ HOẠCH
    Chuyển đổi số …") cut at the document type, and for each line the index of the
    line it comes from."""
    out: list[NLine] = []
    origin: list[int] = []
    for i, ln in enumerate(lines):
        m = _TYPE_INSIDE.search(ln.text) if i < 12 else None
        if m is None or ln.text.strip() == m.group(1):
            out.append(ln)
            origin.append(i)
            continue
        for piece in (ln.text[: m.start(1)], m.group(1), ln.text[m.end(1) :]):
            if piece.strip():
                out.append(replace(ln, text=piece.strip()))
                origin.append(i)
    return out, origin


def parse_header(lines: list[NLine]) -> tuple[DocumentHeader, int]:
    """Header fields from the first lines; returns (header, index of first line after
    the title)."""
    lines, origin = _split_merged(lines)
    title, title_end, title_at = _title(lines)
    head = lines[:14] if title_at is None else lines[: min(title_at, 14)]
    number = doc_date = place = None
    for ln in lines[:14]:
        m = _NUMBER.search(ln.text)
        if m and number is None:
            number = _number(m)
    for ln in head:
        found = _date_line(ln.text[:400])
        if found and doc_date is None and place is None:
            doc_date, place = found[0], found[1]
    block = header_block(head[:6])
    if not block.organs:
        block.organs = _issuer_in_text(lines[title_end : title_end + 12])
    unit, unit_level = written_unit(block.issuer, block.superior, title)
    header = DocumentHeader(
        title=title,
        number=number,
        # the block as printed, from the organ above to the issuer ("UBND TỈNH NAM ĐỊNH
        # SỞ CÔNG THƯƠNG"): the unit is read from all of it
        issuer=" ".join(block.organs) or None,
        date=doc_date,
        place=place,
        organ=block.issuer,
        superior=block.superior,
        unit=unit,
        level=header_level(block, unit_level),
    )
    return header, (origin[title_end - 1] + 1 if title_end else 0)
