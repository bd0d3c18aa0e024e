"""Parse the "Thời gian hoàn thành" cell of a plan into a typed :class:`Deadline`.

Works on a folded key (no diacritics, lower case) and tolerates the usual OCR
garbling of these few words ("Thuong xuyen", "Hang nim", "Quy 1V/2025").

Conventions (documented choices):

* a month ("Tháng 10/2025", "10/2025") is due on its last day;
* a quarter ("Quý IV/2025") on the last day of the quarter;
* a year ("Năm 2025", "Cuối 2025", "Trong năm 2025", "2025") on 31 December;
* "6 tháng đầu năm 2026" on 30 June 2026, "6 tháng cuối năm" on 31 December;
* "Năm 2026 và những năm tiếp theo" is *recurring annual*, starting 2025-01-01
  with the first due date 2025-12-31;
* "2026-2030" is a *range* from 2026-01-01 to 2030-12-31;
* "Sau khi …", "Khi …", "Theo …" are *conditional*; the condition is the text as read;
* a leading verb ("thực hiện thường xuyên", "triển khai hằng năm") and parentheses are
  not part of the deadline;
* milestones ("Tháng 7/2026 và tháng 12/2026") are due at the last one, and so are quarters
  named together ("Quý I-II/2026", "Quý III, IV/2025": 31 December 2025);
* a date in every year ("Tháng 6 hằng năm", "Trước 15/10 hằng năm", "Quý IV hằng năm") is
  *recurring annual*;
* "Năm 2026 trở đi", "Từ năm 2026 trở đi" are *recurring annual* from that year, like "Năm 2026
  và những năm tiếp theo" ("Từ năm 2026" alone says when a task starts, not when it is due);
* "Đầu năm 2026" is due with the first quarter (31 March), "Giữa năm 2026" with the first half
  (30 June);
* "Q4/2025", "Q.IV/2025" are quarters.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from theodoi.textnorm import search_key

from .model import Deadline

__all__ = ["parse_deadline"]

_NAM = r"n[a-z]{1,2}m"
_HANG = r"h[a-z]{1,2}ng"
_THUONG = r"th[a-z]{2,4}ng"
_XUYEN = r"x[a-z]{2,5}n"
_THANG = r"th[a-z]{1,2}ng"
_QUY = r"(?:qu[yi]|q\.?)"

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_CONTINUOUS = re.compile(
    rf"^(?:nhiem vu\s+)?(?:{_THUONG}\s*{_XUYEN}|lien tuc)(?:\s*,?\s*(?:lien tuc|{_THUONG}\s*{_XUYEN}))?"
    rf"(?:\s+hang nam)?$"
)
# "hằng tháng", never "hàng thương mại" ("ngân hàng thương mại", a coordinator's cell
# before the deadline's): "thương" is no OCR spelling of "tháng"
_RECUR = re.compile(
    rf"^(?:dinh ky\s+)?(?:{_HANG}|moi)\s*(?P<unit>{_NAM}|tuan|(?!thuong\b){_THANG}|{_QUY})\b"
    rf"(?P<rest>.*)$"
)
_ONGOING_FROM = re.compile(
    rf"^(?:tu\s+)?(?:{_NAM}\s+)?(?P<y>\d{{4}})\s+(?:va|v[a-z])\s+(?:nh[a-z]{{2,4}}g|cac)\s+{_NAM}\s+tiep\s+theo$"
    rf"|^(?:tu\s+)?(?:{_NAM}\s+)?(?P<y2>\d{{4}})\s+tro\s+(?:di|ve sau)$"
)
# a date of every year: "tháng 6 hằng năm", "trước 15/10 hằng năm", "quý IV hằng năm"
_ANNUAL_AT = re.compile(
    rf"^(?:(?:truoc|trong|vao|den|cham nhat)\s+)?(?:ng[a-z]{{1,2}}y\s*)?"
    rf"(?:{_THANG}\s*\d{{1,2}}|\d{{1,2}}\s*/\s*\d{{1,2}}|{_QUY}\s*(?:[ivx1]{{1,4}}|\d))"
    rf"\s+(?:{_HANG}|moi)\s+{_NAM}$"
)
# quarters named together: "quý I-II/2026", "quý III, IV/2025", "quý I và II năm 2026"
_QUARTERS = re.compile(
    rf"^(?:(?:truoc|trong|den|hoan thanh)\s+)?{_QUY}\s*(?P<qs>(?:[ivx1]{{1,4}}|\d)"
    rf"(?:\s*(?:-|,|va|den)\s*(?:{_QUY}\s*)?(?:[ivx1]{{1,4}}|\d))+)"
    rf"\s*(?:[/.-]|\s+{_NAM})?\s*(?P<y>\d{{4}})$"
)
_PART_OF_YEAR = re.compile(rf"^(?P<part>dau|giua)\s+{_NAM}\s+(?P<y>\d{{4}})$")
_RANGE = re.compile(
    rf"^(?:giai doan\s+|tu\s+(?:{_NAM}\s+)?|{_NAM}\s+)?(?P<a>\d{{4}})\s*(?:-|den(?:\s+{_NAM})?)\s*(?P<b>\d{{4}})$"
)
# "Từ tháng 01/2026 đến tháng 12/2026", "Tháng 3/2025 - tháng 6/2025"
_MONTH_RANGE = re.compile(
    rf"^(?:tu\s+)?(?:{_THANG}\s*)?(?P<m1>\d{{1,2}})/(?P<y1>\d{{4}})\s*(?:-|den)\s*"
    rf"(?:{_THANG}\s*)?(?P<m2>\d{{1,2}})/(?P<y2>\d{{4}})$"
)
_PREFIX = r"(?:(?:hoan thanh\s+)?(?:truoc|tr[a-z]{2,3}[ce]|den|trong|cham nhat|han)\s+)?"
_FULL_DATE = re.compile(
    rf"^{_PREFIX}(?:ng[a-z]{{1,2}}y\s*)?(?P<d>\d{{1,2}})\s*[/.-]\s*(?P<m>\d{{1,2}})\s*[/.-]\s*(?P<y>\d{{4}})$"
)
_WORDY_DATE = re.compile(
    rf"^{_PREFIX}(?:ng[a-z]{{1,2}}y\s*)?(?P<d>\d{{1,2}})\s+{_THANG}\s+(?P<m>\d{{1,2}})\s+{_NAM}\s+(?P<y>\d{{4}})$"
)
_MONTH = re.compile(
    rf"^{_PREFIX}(?:{_THANG}\s*)?(?P<m>\d{{1,2}})\s*[/.-]\s*(?P<y>\d{{4}})$"
    rf"|^{_PREFIX}{_THANG}\s*(?P<m2>\d{{1,2}})\s+{_NAM}\s+(?P<y2>\d{{4}})$"
)
_QUARTER = re.compile(
    rf"^{_PREFIX}{_QUY}\s*(?P<q>[ivxl1]{{1,4}}|\d)\s*(?:[/.-]|\s+{_NAM})?\s*(?P<y>\d{{4}})$"
)
_HALF = re.compile(rf"^(?:6|sau)\s+{_THANG}\s+(?P<which>dau|cuoi)\s+{_NAM}\s+(?P<y>\d{{4}})$")
_YEAR = re.compile(
    rf"^(?:(?:truoc|trong|cuoi|den|het|den het|hoan thanh)\s+)*(?:{_NAM}\s+)?(?P<y>\d{{4}})$"
)
_CONDITIONAL = re.compile(r"^(?:sau khi|ngay sau khi|khi|theo|tuy theo|tuy thuoc|neu|can cu)\b")
_ADHOC = re.compile(r"^(?:khi co yeu cau|theo yeu cau|dot xuat)")


# a deadline worded as what to do by when: "(thực hiện thường xuyên)", "(hoàn thành
# trong Quý III/2026)", "triển khai hằng năm"
_VERB = re.compile(r"^(?:thuc hien|trien khai|to chuc|duy tri|ban hanh|hoan thanh xong)\s+(?=\S)")


def _fold(raw: str) -> str:
    key = search_key(raw).replace("–", "-").replace("—", "-")
    key = re.sub(r"\s*/\s*", "/", key)
    key = re.sub(r"[.;,:*()]+$", "", key).strip()
    key = re.sub(r"^[(]+", "", key).strip()
    key = _VERB.sub("", key)
    # OCR: "1V" for "IV", "l" for "I" inside a roman numeral after "quy"
    return key


def _month_end(y: int, m: int) -> date | None:
    if not (1 <= m <= 12 and 1900 <= y <= 2200):
        return None
    return date(y, m, calendar.monthrange(y, m)[1])


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _quarter(q: str) -> int | None:
    q = q.replace("1", "i").replace("l", "i")
    return _ROMAN.get(q)


def _parse_key(key: str, raw: str) -> Deadline | None:
    if not key:
        return None
    if _CONTINUOUS.match(key):
        return Deadline(raw=raw, kind="continuous")
    m = _ONGOING_FROM.match(key)
    if m:
        y = int(m["y"] or m["y2"])
        return Deadline(
            raw=raw, kind="recurring", recurrence="annual", start=date(y, 1, 1), due=date(y, 12, 31)
        )
    if _ANNUAL_AT.match(key):
        return Deadline(raw=raw, kind="recurring", recurrence="annual")
    m = _RECUR.match(key)
    if m:
        unit = m["unit"]
        if re.fullmatch(_NAM, unit):
            rec = "annual"
        elif unit == "tuan":
            rec = "weekly"
        elif re.fullmatch(_QUY, unit):
            rec = "quarterly"
        else:
            rec = "monthly"
        return Deadline(raw=raw, kind="recurring", recurrence=rec)
    m = _RANGE.match(key)
    if m:
        a, b = int(m["a"]), int(m["b"])
        if 1900 <= a <= b <= 2200:
            return Deadline(raw=raw, kind="range", start=date(a, 1, 1), end=date(b, 12, 31))
    m = _MONTH_RANGE.match(key)
    if m:
        y1, m1, y2, m2 = int(m["y1"]), int(m["m1"]), int(m["y2"]), int(m["m2"])
        start, end = _safe_date(y1, m1, 1), _month_end(y2, m2)
        if start and end and start < end:
            return Deadline(raw=raw, kind="range", start=start, end=end)
    for rx in (_FULL_DATE, _WORDY_DATE):
        m = rx.match(key)
        if m:
            d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
            if d:
                return Deadline(raw=raw, kind="date", due=d)
    m = _MONTH.match(key)
    if m:
        mm = m["m"] or m["m2"]
        yy = m["y"] or m["y2"]
        d = _month_end(int(yy), int(mm))
        if d:
            return Deadline(raw=raw, kind="date", due=d)
    m = _QUARTER.match(key)
    if m:
        q = _quarter(m["q"])
        if q:
            d = _month_end(int(m["y"]), q * 3)
            if d:
                return Deadline(raw=raw, kind="date", due=d)
    found = _quarters_or_part(key, raw)
    if found:
        return found
    m = _HALF.match(key)
    if m:
        d = _month_end(int(m["y"]), 6 if m["which"] == "dau" else 12)
        if d:
            return Deadline(raw=raw, kind="date", due=d)
    m = _YEAR.match(key)
    if m:
        d = _month_end(int(m["y"]), 12)
        if d:
            return Deadline(raw=raw, kind="date", due=d)
    if _ADHOC.match(key):
        return Deadline(raw=raw, kind="conditional", condition=raw)
    if _CONDITIONAL.match(key):
        return Deadline(raw=raw, kind="conditional", condition=raw)
    return None


def _quarters_or_part(key: str, raw: str) -> Deadline | None:
    """Quarters named together, due with the last; the start or middle of a year."""
    m = _QUARTERS.match(key)
    if m:
        quarters = [_quarter(q) for q in re.findall(r"\b(?:[ivx1]{1,4}|\d)\b", m["qs"])]
        if quarters and all(quarters):
            d = _month_end(int(m["y"]), max(quarters) * 3)
            return Deadline(raw=raw, kind="date", due=d) if d else None
    m = _PART_OF_YEAR.match(key)
    if m:
        d = _month_end(int(m["y"]), 3 if m["part"] == "dau" else 6)
        return Deadline(raw=raw, kind="date", due=d) if d else None
    return None


_SPLIT = re.compile(r"\s+(?:va|hoac|v[a-z])\s+|\s*[;,]\s*")


def parse_deadline(raw: str | None, *, strict: bool = False) -> Deadline:
    """Read a deadline cell. ``strict`` accepts only a whole-cell match (used to find
    where a deadline starts inside a table row); otherwise the first recognisable part
    of a compound phrase ("Tháng 8/2025 và thường xuyên") is used."""
    if raw is None:
        return Deadline(raw=None, kind="unknown")
    text = re.sub(r"\s+", " ", raw).strip()
    if not text:
        return Deadline(raw=None, kind="unknown")
    key = _fold(text)
    found = _parse_key(key, text)
    if found or strict:
        return found or Deadline(raw=text, kind="unknown")
    # compound: "Tháng 8/2025 và thường xuyên", "Hoàn thành trước ngày 20/3/2025"
    parts = [p for p in _SPLIT.split(key) if p]
    read = [d for d in (_parse_key(part, text) for part in parts) if d]
    if len(read) > 1 and all(d.kind == "date" for d in read):
        # milestones ("Tháng 7/2026 và tháng 12/2026"): done at the last one
        return max(read, key=lambda d: d.due)
    if read:
        return read[0]
    m = re.search(r"(\d{1,2}/\d{1,2}/\d{4}|\d{1,2}/\d{4})", key)
    if m:
        found = _parse_key(m.group(1), text)
        if found:
            return found
    return Deadline(raw=text, kind="unknown")
