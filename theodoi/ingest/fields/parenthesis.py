"""Who and when in a closing parenthesis: "… (Văn phòng UBND phường, thường xuyên).",
"… (Phòng Kinh tế chủ trì, Công an xã phối hợp; Quý II/2026)".  The parenthesis is read as
its parts (split at ";" and ","): the parts that are deadlines give the deadline, the others
name the lead and the coordinators, in the roles they state."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..deadlines import parse_deadline
from ..model import Deadline

__all__ = ["ClosingParenthesis", "closing_parenthesis", "lead_cells"]

_CLOSING = re.compile(r"\s*\((?P<inner>[^()]{4,240})\)\s*[.;]?\s*$")
# "(Phòng Kinh tế chủ trì, Công an xã phối hợp)"
_ROLE_SPLIT = re.compile(r"\s+(?:ch\w{1,2} tr\w{1,2})\s*[,;]?\s*", re.IGNORECASE)
_COORD_WORD = re.compile(r"\s*(?:ph\w{1,3}i h\w{1,3}p)\s*$", re.IGNORECASE)


def lead_cells(who: str) -> tuple[str, str | None]:
    """(lead cell, coordinators cell) of a parenthesis naming agencies."""
    parts = _ROLE_SPLIT.split(who, maxsplit=1)
    if len(parts) == 2:
        return parts[0], _COORD_WORD.sub("", parts[1]) or None
    return who, None


@dataclass
class ClosingParenthesis:
    text: str  # the item's text without the parenthesis
    who: str  # the parts naming agencies, as written
    deadline: Deadline | None


def closing_parenthesis(text: str) -> ClosingParenthesis | None:
    """The agencies (and deadline) a text's closing parenthesis names, or None when it names
    none of them (an explanation in parentheses)."""
    m = _CLOSING.search(text)
    if not m:
        return None
    who: list[str] = []
    deadline = None
    for part in re.split(r"\s*;\s*", m["inner"].strip(" .")):
        pieces = [p.strip() for p in re.split(r"\s*,\s*", part) if p.strip()]
        # the deadline is the last pieces of a part ("Phòng Kinh tế, năm 2026")
        for k in range(len(pieces)):
            d = parse_deadline(", ".join(pieces[k:]), strict=True)
            if d.kind != "unknown":
                deadline = deadline or d
                pieces = pieces[:k]
                break
        if pieces:
            who.append(", ".join(pieces))
    if not who:
        return None
    return ClosingParenthesis(text[: m.start()].rstrip(" ,;"), "; ".join(who), deadline)
