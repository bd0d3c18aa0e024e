"""Typed result of reading one plan document.

``ExtractedPlan.to_dict()`` produces exactly the shape of
``/work/shared/contracts/plan-extraction.schema.json``; ``to_json()`` serialises it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

Lines = tuple[int, int]


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@dataclass
class Deadline:
    """When a task is due. ``kind``: date, recurring, continuous, range, conditional, unknown."""

    raw: str | None
    kind: str = "unknown"
    due: date | None = None
    start: date | None = None
    end: date | None = None
    recurrence: str | None = None  # weekly, monthly, quarterly, annual
    condition: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "raw": self.raw,
            "kind": self.kind,
            "due": _iso(self.due),
            "start": _iso(self.start),
            "end": _iso(self.end),
            "recurrence": self.recurrence,
            "condition": self.condition,
        }


@dataclass
class Target:
    """One target value of an indicator, for one period (year) or for the whole plan."""

    raw: str
    op: str | None = None  # >=, >, <=, <, =, top, range, text
    value: float | None = None
    value_max: float | None = None
    period: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "raw": self.raw,
            "op": self.op,
            "value": self.value,
            "value_max": self.value_max,
        }


@dataclass
class Indicator:
    name: str
    lines: Lines
    code: str | None = None
    group: str | None = None
    unit: str | None = None
    targets: list[Target] = field(default_factory=list)
    lead: str | None = None
    coordinators: list[str] = field(default_factory=list)
    output: str | None = None
    # what a person must check (theodoi.ingest.flags): "ocr", "agency", "deadline"
    flags: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "group": self.group,
            "name": self.name,
            "unit": self.unit,
            "targets": [t.to_dict() for t in self.targets],
            "lead": self.lead,
            "coordinators": list(self.coordinators),
            "output": self.output,
            "lines": [self.lines[0], self.lines[1]],
            "flags": list(self.flags),
        }


@dataclass
class Task:
    title: str
    lines: Lines
    deadline: Deadline = field(default_factory=lambda: Deadline(raw=None))
    code: str | None = None
    group: str | None = None
    lead: str | None = None
    coordinators: list[str] = field(default_factory=list)
    output: str | None = None
    parent_ref: str | None = None
    source_ref: str | None = None
    flags: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "group": self.group,
            "title": self.title,
            "lead": self.lead,
            "coordinators": list(self.coordinators),
            "output": self.output,
            "parent_ref": self.parent_ref,
            "source_ref": self.source_ref,
            "deadline": self.deadline.to_dict(),
            "lines": [self.lines[0], self.lines[1]],
            "flags": list(self.flags),
        }


@dataclass
class ReportingObligation:
    """A reporting duty stated in the plan (e.g. annual report before 30/11)."""

    frequency: str  # weekly, monthly, quarterly, semiannual, annual, adhoc
    raw: str
    due: str | None = None
    recipient: str | None = None
    lines: Lines | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "frequency": self.frequency,
            "due": self.due,
            "recipient": self.recipient,
            "raw": self.raw,
        }


@dataclass
class Reference:
    symbol: str
    date: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"symbol": self.symbol, "date": _iso(self.date)}


@dataclass
class DocumentHeader:
    title: str
    number: str | None = None
    issuer: str | None = None
    level: str | None = None  # national, province, commune, agency
    date: date | None = None
    place: str | None = None
    references: list[Reference] = field(default_factory=list)
    # the header block as printed: the issuing organ ("SỞ CÔNG THƯƠNG"), the organ above
    # it ("UBND TỈNH NAM ĐỊNH"), the administrative unit as written ("tỉnh Nam Định")
    organ: str | None = None
    superior: str | None = None
    unit: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "issuer": self.issuer,
            "level": self.level,
            "date": _iso(self.date),
            "title": self.title,
            "references": [r.to_dict() for r in self.references],
        }


@dataclass
class ExtractedPlan:
    document: DocumentHeader
    indicators: list[Indicator] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    reporting: list[ReportingObligation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source_name: str | None = None
    ocr: bool = False
    normalized_text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document.to_dict(),
            "reporting": [r.to_dict() for r in self.reporting],
            "indicators": [i.to_dict() for i in self.indicators],
            "tasks": [t.to_dict() for t in self.tasks],
            "warnings": list(self.warnings),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
