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
        output="san pham" in hk or "ket qua can dat" in hk,
        deadline=bool(re.search(r"thoi gian|thoi han|thaigian|thoigian", hk)),
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
