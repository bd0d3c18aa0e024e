"""Field labels: a short phrase naming one field of an item, then a colon ("Đơn vị thực
hiện:", "Cơ quan chủ trì:", "Phối hợp:", "Thời gian hoàn thành:", "Tiến độ:", "Sản
phẩm đầu ra:", "Kết quả:").

The rule is general: a label is made only of field words — an optional holder ("cơ
quan", "đơn vị", "bộ phận"), one role (chủ trì, thực hiện, phối hợp, thời gian, thời hạn,
tiến độ, sản phẩm, kết quả, kinh phí) and optional qualifiers (hoàn thành, đầu ra, dự
kiến …) — read on folded text with loose vowels, so OCR text without diacritics or
with a misread vowel matches too.  A phrase with any other word ("Phòng Kinh tế:",
"Nội dung chính:") is not a label."""

from __future__ import annotations

import re

from ..segment import fold

# loose folded spellings: OCR drops or misreads vowels and diacritics
_CHU_TRI = r"ch[a-z]{0,2}\s*tr[a-z1]{0,2}"
_THUC_HIEN = r"th[a-z]{1,3}c\s*hi[a-z]{1,3}n"
_PHOI_HOP = r"ph[a-z0]{1,3}i\s*h[a-z0]{1,3}p"
_HOLDER = r"(?:c[a-z0]{1,2}\s*qu[a-z]{1,2}n|d[a-z0]{1,2}n\s*v[a-z1]|b[a-z0]{1,2}\s*ph[a-z]{1,2}n)"
_QUALIFIER = (
    r"(?:ho[a-z]{1,2}n\s*th[a-z]{1,3}nh|"
    + _THUC_HIEN
    + r"|d[a-z]{1,2}u\s*ra|d[a-z]\s*ki[a-z]{1,2}n"
    r"|c[a-z]{1,2}n\s*d[a-z]{1,2}t|ch[a-z]{1,2}nh|tr[a-z]{1,2}n\s*kh[a-z]{1,2}i|b[a-z]{1,2}o\s*c[a-z]{1,2}o)"
)
_ROLES = {
    "lead": rf"(?:{_HOLDER}(?:\s*[,/]\s*{_HOLDER})?\s+)?(?:{_CHU_TRI}|{_THUC_HIEN}|ch[a-z]{{1,2}}u\s*tr[a-z]{{1,3}}ch\s*nhi[a-z]{{1,3}}m)"
    r"(?:\s*,\s*(?:theo\s*d[a-z]{1,2}i|d[a-z]{1,2}n\s*d[a-z]{1,2}c)[^:]{0,30})?",
    "coord": rf"(?:{_HOLDER}(?:\s*[,/]\s*{_HOLDER})?\s+)?{_PHOI_HOP}",
    "deadline": r"(?:th[a-z]{1,3}i\s*(?:gi?a[a-z]?n|h[a-z]{1,2}n)|ti[a-z]{1,2}n\s*d[a-z]{1,2})",
    # "Sản phẩm:", "Kết quả:", "Kết quả/sản phẩm:", "Sản phẩm, kết quả:"
    "output": r"(?:s[a-z]{1,2}n\s*ph[a-z]{1,3}m|k[a-z]{1,2}t\s*qu[a-z]{1,2})"
    r"(?:\s*[/,]\s*(?:s[a-z]{1,2}n\s*ph[a-z]{1,3}m|k[a-z]{1,2}t\s*qu[a-z]{1,2}))?",
    # "Giao: Phòng Kinh tế chủ trì, phối hợp với …", "Phân công thực hiện: …": who does it,
    # each agency in the role the value states
    "assign": r"(?:giao|ph[a-z]{1,2}n\s*c[a-z]{1,2}ng)(?:\s+" + _THUC_HIEN + r")?",
    "cost": r"(?:ngu[a-z]{1,2}n\s+)?kinh\s*ph[a-z]{1,2}",
}
_LABEL = "|".join(rf"(?P<{kind}>{rx}(?:\s+{_QUALIFIER}){{0,2}})" for kind, rx in _ROLES.items())
# a label opening a line (after its bullet, which OCR may print "~" or "_"; its colon
# may come out as ";") ...
_LINE_LABEL = re.compile(rf"^[\s\-–—~_+•*]*(?:{_LABEL})\s*[:;]\s*")
# ... or starting a clause of a run-on text ("…. Đơn vị thực hiện: …; Thời hạn: …"):
# after a full stop or a semicolon, never inside a sentence ("… tổ chức thực hiện: …")
_INLINE_LABEL = re.compile(rf"(?:^|[.;]\s*)[\-–—~_+•*]?\s*(?P<at>(?:{_LABEL})\s*:\s*)")

_CAPITAL_LABEL = re.compile(rf"(?<=\s)(?P<at>(?:{_LABEL})\s*:\s*)")


def _kind(m: re.Match) -> str:
    return next(k for k in _ROLES if m.group(k))


def line_label(text: str) -> tuple[str, str] | None:
    """(field kind, value) when ``text`` is a labelled line: kind is lead, coord,
    deadline, output, cost or assign (a value naming the lead and the coordinators)."""
    m = _LINE_LABEL.match(fold(text))
    if not m:
        return None
    return _kind(m), text[m.end() :].strip(" .;,")


def labelled_values(text: str) -> tuple[int, dict[str, str]] | None:
    """The labels in a run-on text: (where the first one starts, kind → value).  A value
    runs to the next label; the first of each kind is kept."""
    key = fold(text)
    found = list(_INLINE_LABEL.finditer(key))
    # a labelled line run into the text above it (its line break lost): a capital
    # letter opens the label ("… phổ thông Cơ quan thực hiện: …"), not running prose
    # ("… tổ chức thực hiện: …")
    taken = {m.start("at") for m in found}
    found += [
        m
        for m in _CAPITAL_LABEL.finditer(key)
        if text[m.start("at")].isupper() and m.start("at") not in taken
    ]
    found.sort(key=lambda m: m.start("at"))
    if not found:
        return None
    values: dict[str, str] = {}
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(text)
        values.setdefault(_kind(m), text[m.end() : end].strip(" .;,"))
    return found[0].start(), values


def is_label(text: str) -> bool:
    return line_label(text) is not None
