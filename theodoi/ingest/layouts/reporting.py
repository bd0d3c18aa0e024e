"""The reporting regime: periodic reports ("định kỳ 6 tháng (trước ngày 15/6)", "hằng
năm"), their due dates and recipients."""

from __future__ import annotations

import re

from ..model import ReportingObligation
from ..segment import fold

# the frequencies a reporting sentence lists ("định kỳ hằng quý, 6 tháng và hằng năm",
# "định kỳ 6 tháng, năm"); a bare "quý" or "năm" counts only in the list after "định kỳ"
_FREQUENCIES = (
    ("semiannual", r"\b(?:6|sau) th\w{1,2}ng(?: d\w{1,2}u n\w{1,2}m)?"),
    ("quarterly", r"\b(?:h\w{1,2}ng qu\w|quy)\b(?!\s*(?:[ivx]+\b|\d))"),
    ("monthly", r"\bh\w{1,2}ng th\w{1,2}ng\b"),
    ("weekly", r"\bh\w{1,2}ng tu\w{1,2}n\b"),
    ("annual", r"\b(?:h\w{1,2}ng n\w{1,2}m|(?:ca )?nam)\b(?!\s*\d)"),
)
_MARKED = re.compile(r"^(?:h\w{1,2}ng|6|sau|c\w)\b")
# the due date right after a frequency: "(trước ngày 15/6)", "trước ngày 20 tháng cuối quý",
# "trước ngày 15 của tháng cuối quý"
_DUE_AFTER = re.compile(
    r"\s*[(,]?\s*(?:tr\w{2,3}[ce]\s+|ch\w{1,2}m nh\w{1,2}t\s+)?(?:ng\w{1,2}y\s+)?"
    r"(\d{1,2}/\d{1,2}|\d{1,2}\s+(?:c\w{1,2}\s+)?th\w{1,2}ng\s+(?:\d{1,2}\b|cu\w{1,2}i\s+\w+))"
)
_TWO_DATES = re.compile(
    r"ng\w{1,2}y\s+(\d{1,2})\s+th\w{1,2}ng\s+(\d{1,2})\s+v\w\s+ng\w{1,2}y\s+(\d{1,2})\s+th\w{1,2}ng\s+(\d{1,2})"
)
_REGULAR = re.compile(
    r"dinh k\w|h\w{1,2}ng (?:n\w{1,2}m|qu\w|th\w{1,2}ng|tu\w{1,2}n)|6 th\w{1,2}ng"
)


def _due(sent: str, k: str, at: int) -> str | None:
    m = _DUE_AFTER.match(k, at)
    if not m:
        return None
    raw = sent[m.start(1) : m.end(1)]
    dm = re.fullmatch(r"(\d{1,2})\s+th\S+\s+(\d{1,2})", raw)
    if dm:
        return f"{dm.group(1)}/{dm.group(2)}"
    # "ngày 20 tháng cuối quý": the day of the period's last month, as a rule says it ("20")
    last = re.fullmatch(r"(\d{1,2})\s+(?:c\S{1,2}\s+)?th\S+\s+cu\S+\s+\S+", raw)
    return last.group(1) if last else raw


# "6 tháng (trước ngày 10/6) và năm (trước ngày 10/12)": a frequency listed right after
# another one read
_LISTED = re.compile(r"\s*(?:\([^()]{0,40}\))?\s*(?:,|;|va|v\w|hoac)\s*")


def _listed_after(sent: str, k: str, taken: list[tuple[int, int]], at: int) -> bool:
    if not sent[at : at + 1].islower():  # "… 6 tháng và Việt Nam"
        return False
    return any(end <= at and _LISTED.fullmatch(k, end, at) for _start, end in taken)


def _frequencies(sent: str, k: str) -> list[tuple[str, str | None]]:
    """(frequency, due) for each frequency the sentence lists, in its order."""
    anchor = re.search(r"dinh k\w", k)
    found: list[tuple[int, str, str | None]] = []
    taken: list[tuple[int, int]] = []
    for freq, rx in _FREQUENCIES:
        for m in re.finditer(rx, k):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if (
                not _MARKED.match(m.group(0))
                and not _listed_after(sent, k, taken, m.start())
                and (
                    anchor is None
                    or not 0 <= m.start() - anchor.end() <= 60
                    or not sent[m.start() : m.start() + 1].islower()  # "Việt Nam", "Hà Nam"
                )
            ):
                continue
            taken.append(m.span())
            found.append((m.start(), freq, _due(sent, k, m.end())))
            break
    return [(freq, due) for _at, freq, due in sorted(found)]


def _sentence_duties(sent: str, k: str) -> list[ReportingObligation]:
    recipient = _recipient(sent, k)
    out = []
    listed = _frequencies(sent, k)
    two = _TWO_DATES.search(k)
    if two:
        # "định kỳ ngày 15 tháng 6 và ngày 15 tháng 12 hằng năm": twice a year, one duty
        dates = f"{two.group(1)}/{two.group(2)}, {two.group(3)}/{two.group(4)}"
        listed = [("semiannual", dates)] + [
            (f, d) for f, d in listed if f not in ("semiannual", "annual")
        ]
    for freq, due in listed:
        out.append(ReportingObligation(freq, sent, due, recipient))
    if re.search(r"dot xu\w{1,2}t", k):
        out.append(ReportingObligation("adhoc", sent, None, recipient))
    return out


def reporting_duties(body_lines: list[str]) -> list[ReportingObligation]:
    """The plan's periodic reports, one per frequency: the first sentence naming it, its
    due date and recipient filled from a later one when the first does not say them."""
    by_freq: dict[str, ReportingObligation] = {}
    for para in body_lines:
        k = fold(para)
        for sm in re.finditer(r"[^.]*b\w{1,2}o c\w{1,2}o[^.]*", k):
            sent_k = sm.group(0)
            if not _REGULAR.search(sent_k) and "dot xu" not in sent_k:
                continue
            sent = para[sm.start() : sm.end()].strip()
            lead = len(sm.group(0)) - len(sm.group(0).lstrip())
            sent_k = sent_k[lead:].rstrip()[: len(sent)]
            for duty in _sentence_duties(sent, sent_k):
                have = by_freq.setdefault(duty.frequency, duty)
                have.due = have.due or duty.due
                have.recipient = have.recipient or duty.recipient
    return list(by_freq.values())


def _recipient(sent: str, k: str) -> str | None:
    k = fold(sent)  # same length as ``sent``: spans map back
    m = re.search(
        r"b\w{1,2}o c\w{1,2}o[^;]*?\s(?:ve|cho|gui)\s+((?:uy ban|ubnd|so|s|phong|van phong|ban)\s.*)",
        k,
    )
    m = m or re.search(r"b\w{1,2}o c\w{1,2}o\s+((?:uy ban|ubnd|so|phong|van phong|ban)\b.*)", k)
    if not m:
        return None
    start = m.start(1)
    tail = sent[start:]
    tk = k[start:]
    end = re.search(
        r"\s(?:ket qua|tinh hinh|de tong hop|de|xem xet|dinh k\w|h\w{1,2}ng (?:qu\w|n\w{1,2}m|"
        r"th\w{1,2}ng)|truoc ngay)\b|[;]",
        tk,
    )
    # keep a parenthesis "(qua Phòng …)" whole
    if end:
        paren_open = tk[: end.start()].count("(") > tk[: end.start()].count(")")
        if paren_open:
            close = tk.find(")", end.start())
            cut = close + 1 if close >= 0 else end.start()
            return tail[:cut].strip(" ,")
        return tail[: end.start()].strip(" ,")
    return tail.strip(" ,")
