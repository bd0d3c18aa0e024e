"""Duties that name their tasks by number: "Phòng Kinh tế: chủ trì các nhiệm vụ 2.1, 2.2;
phối hợp thực hiện nhiệm vụ 1.1", "Giao Phòng Văn hóa - Xã hội chủ trì, phối hợp với …
triển khai nhiệm vụ tại điểm 3 mục III".  A reference in a clause that says "chủ trì"
(or no role at all) makes the agency the task's lead; one in a clause that says only
"phối hợp" makes it a coordinator."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..fields.namer import AgencyNamer
from ..fields.text import plain_key
from ..model import Task
from ..segment import Section
from .duties import duty_agency, org_items

# "2.1", "3", "1.a" (item a of 1)
_CODE = r"\d{1,2}(?:\.\d{1,2}){0,3}(?:\.[a-z]\)?)?"
_CODES = rf"{_CODE}(?:\s*(?:,|;|va|den|-)\s*{_CODE})*"
# "nhiệm vụ 1.1, 1.2", "nhiệm vụ số 3", "các nhiệm vụ tại mục 2.1 và 2.2", "nội dung 2.3"
_BY_NUMBER = re.compile(
    rf"\b(?:nhi\w{{0,2}}m v\w{{1,2}}|n\w{{1,2}}i dung)\s+(?:s\w\s+|t\w{{1,2}}i\s+(?:m\w{{1,2}}c|di\w{{1,2}}m|kho\w{{1,2}}n)\s+)?(?P<codes>{_CODES})\b(?!\s*/)"
)
# "tại điểm 3 mục III", "tại mục 2, phần III", "khoản 1 mục III"
_BY_POINT = re.compile(
    rf"\b(?:di\w{{1,2}}m\s+(?P<letter>[a-z])\s*,?\s*)?(?:di\w{{1,2}}m|kho\w{{1,2}}n|m\w{{1,2}}c)\s+"
    rf"(?P<codes>{_CODES})\s*,?\s*(?:c\w{{1,2}}a\s+)?(?:m\w{{1,2}}c|ph\w{{1,2}}n)\s+(?P<sec>[ivx]{{1,4}})\b"
)
_LEAD_ROLE = re.compile(r"\bch\w{0,2} tr\w{1,2}\b")
_COORD_ROLE = re.compile(r"\bph\w{1,3}i h\w{1,3}p\b")


@dataclass
class _Ref:
    agency: str
    role: str  # lead, coord
    codes: list[str]
    section: str | None  # the roman section a point reference names


def _expand(codes: str) -> list[str]:
    """ "2.1, 2.2 và 2.4" → ["2.1", "2.2", "2.4"]; "1.1 đến 1.3" → 1.1, 1.2, 1.3."""
    out: list[str] = []
    parts = re.split(r"\s*(,|;|va|den|-)\s*", codes)
    for k in range(0, len(parts), 2):
        code = parts[k].strip(".").replace(")", "")
        op = parts[k - 1] if k else ""
        if op in ("den", "-") and out:
            a, b = out[-1].rsplit(".", 1) if "." in out[-1] else ("", out[-1])
            last = code.rsplit(".", 1)[-1]
            if b.isdigit() and last.isdigit() and int(last) - int(b) < 20:
                out += [f"{a}.{n}" if a else str(n) for n in range(int(b) + 1, int(last) + 1)]
                continue
        out.append(code)
    return out


def _role(clause: str, at: int) -> str:
    """The role a clause gives before position ``at``: "chủ trì" leads (so does a clause
    without a role word), "phối hợp" alone coordinates."""
    before = clause[:at]
    lead = [m.start() for m in _LEAD_ROLE.finditer(before)]
    coord = [m.start() for m in _COORD_ROLE.finditer(before)]
    if coord and (not lead or min(coord) < min(lead)):
        return "coord"
    return "lead"


def _references(root: Section, namer: AgencyNamer, ocr: bool) -> list[_Ref]:
    refs: list[_Ref] = []
    for item in org_items(root):
        found = duty_agency(item.title, namer, ocr)
        if not found:
            continue
        agency, start = found
        text = " ".join(plain_key(n.text, ocr) for n in item.walk())[start:]
        for clause in re.split(r";\s|\.\s(?=\D)", text):
            for m in _BY_POINT.finditer(clause):
                codes = _expand(m["codes"])
                if m["letter"]:  # "điểm a khoản 1 mục II": item a of 1
                    codes = [f"{c}.{m['letter']}" for c in codes]
                refs.append(_Ref(agency, _role(clause, m.start()), codes, m["sec"].upper()))
            for m in _BY_NUMBER.finditer(clause):
                if any(r.start() <= m.start("codes") < r.end() for r in _BY_POINT.finditer(clause)):
                    continue
                refs.append(_Ref(agency, _role(clause, m.start()), _expand(m["codes"]), None))
    return refs


def _section_lines(root: Section, code: str | None) -> tuple[int, int] | None:
    for sec in root.children:
        if sec.kind == "roman" and sec.code == code:
            return sec.first, sec.last
    return None


def _named(task: Task, ref: _Ref, span: tuple[int, int] | None) -> bool:
    code = (task.code or "").rstrip(".").replace(")", "")
    if span is not None and not span[0] <= task.lines[0] <= span[1]:
        return False
    return any(code == c or code.startswith(f"{c}.") for c in ref.codes)


def leads_from_references(tasks: list[Task], root: Section, namer: AgencyNamer, ocr: bool) -> int:
    """Leads and coordinators the implementation section gives by task number or point;
    a lead already read from the item itself is kept.  Returns how many tasks got a
    lead."""
    given = 0
    for ref in _references(root, namer, ocr):
        span = _section_lines(root, ref.section) if ref.section else None
        if ref.section and span is None:
            continue
        for t in tasks:
            if not _named(t, ref, span):
                continue
            if ref.role == "lead" and t.lead is None:
                t.lead = ref.agency
                given += 1
            elif ref.role == "coord" and ref.agency not in (t.lead, *t.coordinators):
                t.coordinators.append(ref.agency)
    return given
