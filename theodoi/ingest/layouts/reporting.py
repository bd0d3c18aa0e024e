"""The reporting regime: periodic reports ("định kỳ 6 tháng (trước ngày 15/6)", "hằng
năm"), their due dates and recipients."""

from __future__ import annotations

import re

from ..model import ReportingObligation
from ..segment import fold


def reporting_duties(body_lines: list[str]) -> list[ReportingObligation]:
    out: list[ReportingObligation] = []
    for para in body_lines:
        k = fold(para)
        for sm in re.finditer(r"[^.]*b\w{1,2}o c\w{1,2}o[^.]*", k):
            sent_k = sm.group(0)
            sent = para[sm.start() : sm.end()].strip()
            if not re.search(
                r"dinh k\w|h\w{1,2}ng n\w{1,2}m|h\w{1,2}ng qu\w|h\w{1,2}ng th\w{1,2}ng|h\w{1,2}ng tu\w{1,2}n|6 th\w{1,2}ng",
                sent_k,
            ):
                continue
            recipient = _recipient(sent, sent_k)
            found = False
            m6 = re.search(
                r"6 th\w{1,2}ng\s*\(?\s*(?:tr\w{2,3}[ce]\s+)?(?:ng\w{1,2}y\s+)?(\d{1,2}/\d{1,2})",
                sent_k,
            )
            if m6:
                out.append(ReportingObligation("semiannual", sent, m6.group(1), recipient))
                found = True
            two = re.search(
                r"ng\w{1,2}y\s+(\d{1,2})\s+th\w{1,2}ng\s+(\d{1,2})\s+v\w\s+ng\w{1,2}y\s+(\d{1,2})\s+th\w{1,2}ng\s+(\d{1,2})",
                sent_k,
            )
            if two and not found:
                out.append(
                    ReportingObligation(
                        "semiannual",
                        sent,
                        f"{two.group(1)}/{two.group(2)}, {two.group(3)}/{two.group(4)}",
                        recipient,
                    )
                )
                found = True
            ma = re.search(
                r"h\w{1,2}ng n\w{1,2}m\s*\(?\s*(?:tr\w{2,3}[ce]\s+)?(?:ng\w{1,2}y\s+)?(\d{1,2}/\d{1,2})?",
                sent_k,
            )
            if ma and not two:
                out.append(ReportingObligation("annual", sent, ma.group(1), recipient))
                found = True
            for word, freq in (
                ("qu\\w", "quarterly"),
                ("th\\w{1,2}ng", "monthly"),
                ("tu\\w{1,2}n", "weekly"),
            ):
                if re.search(rf"h\w{{1,2}}ng {word}\b", sent_k) and not found:
                    out.append(ReportingObligation(freq, sent, None, recipient))
                    found = True
            if re.search(r"dot xu\w{1,2}t", sent_k):
                out.append(ReportingObligation("adhoc", sent, None, recipient))
    return out


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
    end = re.search(r"\s(?:ket qua|tinh hinh|de tong hop|de|xem xet)\b|[;]", tk)
    # keep a parenthesis "(qua Phòng …)" whole
    if end:
        paren_open = tk[: end.start()].count("(") > tk[: end.start()].count(")")
        if paren_open:
            close = tk.find(")", end.start())
            cut = close + 1 if close >= 0 else end.start()
            return tail[:cut].strip(" ,")
        return tail[: end.start()].strip(" ,")
    return tail.strip(" ,")
