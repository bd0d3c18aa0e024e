"""What the agencies and units wrote in their reports, for the consolidated report's parts.

Every report of the period sent on the unit's own plans (submitted or accepted) — by its
agencies and by the agencies of the units below that those plans give work to — gives its four
parts — I. kết quả thực hiện; II. tồn tại, hạn chế, khó khăn, vướng mắc;
III. nguyên nhân; IV. nhiệm vụ, giải pháp kỳ tới — and its recommendations (V), each with its
addressee and, once the office addressed answered it, the answer. The unit's own agencies come
first, then the sub-units in the order of the tree, agencies by name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from theodoi.documents.builders import BodyParagraph
from theodoi.reporting.choices import ReportStatus
from theodoi.reporting.models import Recommendation, Report, ReportingPeriod
from theodoi.units.models import Unit

SENT = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
PART_NAMES = ("summary", "difficulties", "causes", "next_tasks")


@dataclass
class RecommendationLine:
    text: str
    sender: str
    addressee: str
    task_code: str = ""
    answer: str = ""
    answered_on: dt.date | None = None


@dataclass
class ReportedParts:
    """One report's texts, under the name of the agency (and its unit when it is below)."""

    heading: str
    texts: dict[str, str]
    recommendations: list[RecommendationLine] = field(default_factory=list)


def _sent_in_scope(unit: Unit) -> QuerySet[Report]:
    """The reports sent on the unit's own plans, by its agencies and by those of the units below
    that the plans give work to. A sub-unit's own plans are its own consolidated report's: the
    figures above take them in, the texts stay with the sub-unit (a national report would
    otherwise print every commune agency's)."""
    return Report.objects.filter(period__plan__unit=unit, status__in=SENT).select_related(
        "agency__unit", "period"
    )


def _period_filter(reports: QuerySet[Report], period, as_of: dt.date) -> Q | None:
    """Which periods the consolidated report covers: a reporting period's dates (the sub-units'
    plans have periods of their own over the same dates), a period's label ("Quý III/2025"), or
    else the latest period begun by ``as_of`` that has a report sent."""
    if isinstance(period, ReportingPeriod):
        return Q(period__start=period.start, period__end=period.end)
    if period and reports.filter(period__label=str(period)).exists():
        return Q(period__label=str(period))
    latest = (
        reports.filter(period__start__lte=as_of)
        .order_by("-period__end", "-period__start")
        .values_list("period__start", "period__end")
        .first()
    )
    if latest is None:
        return None
    return Q(period__start=latest[0], period__end=latest[1])


def _heading(report: Report, unit: Unit) -> str:
    agency = report.agency
    return agency.name if agency.unit_id == unit.pk else f"{agency.name} ({agency.unit.name})"


def _addressee(recommendation: Recommendation) -> str:
    name = f"Cơ quan thường trực {recommendation.addressed_unit.name}"
    if recommendation.addressed_agency is not None:
        name += f" — {recommendation.addressed_agency.name}"
    return name


def reported_parts(
    *, unit: Unit, as_of: dt.date, period: ReportingPeriod | str | None = None
) -> list[ReportedParts]:
    """The reports sent on the unit's plans for the period, in the tree's order."""
    reports = _sent_in_scope(unit)
    which = _period_filter(reports, period, as_of)
    if which is None:
        return []
    chosen = list(reports.filter(which).order_by("agency__unit__path", "agency__name", "id"))
    recommendations = (
        Recommendation.objects.filter(report__in=[r.pk for r in chosen])
        .select_related("addressed_unit", "addressed_agency", "task_update__task")
        .order_by("report_id", "id")
    )
    by_report: dict[int, list[RecommendationLine]] = {}
    for rec in recommendations:
        by_report.setdefault(rec.report_id, []).append(
            RecommendationLine(
                text=rec.text,
                sender="",
                addressee=_addressee(rec),
                task_code=rec.task_update.task.code if rec.task_update_id else "",
                answer=rec.answer,
                answered_on=rec.answered_at.date() if rec.answered_at else None,
            )
        )
    out = []
    for report in chosen:
        heading = _heading(report, unit)
        lines = by_report.get(report.pk, [])
        for line in lines:
            line.sender = heading
        texts = {name: getattr(report, name).strip() for name in PART_NAMES}
        out.append(ReportedParts(heading=heading, texts=texts, recommendations=lines))
    return out


def part_paragraphs(parts: list[ReportedParts], name: str) -> list[BodyParagraph]:
    """One part (``summary``, ``difficulties``…) of every report that wrote it: the agency's
    name, then its text paragraph by paragraph."""
    out = []
    for entry in parts:
        text = entry.texts.get(name, "")
        if not text:
            continue
        out.append(BodyParagraph(f"{entry.heading}:", level=3))
        out.extend(BodyParagraph(line.strip()) for line in text.splitlines() if line.strip())
    return out


def _d(day: dt.date | None) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else ""


def recommendation_paragraphs(parts: list[ReportedParts]) -> list[BodyParagraph]:
    """V. Đề xuất, kiến nghị: each recommendation numbered, with who sent it, to whom, about which
    task, and the answer (or that none has come yet)."""
    out = []
    number = 0
    for entry in parts:
        for line in entry.recommendations:
            number += 1
            about = f", về nhiệm vụ {line.task_code}" if line.task_code else ""
            out.append(
                BodyParagraph(
                    f"{number}. {line.text} ({line.sender} kiến nghị {line.addressee}{about})."
                )
            )
            if line.answer:
                on = f" ngày {_d(line.answered_on)}" if line.answered_on else ""
                out.append(BodyParagraph(f"Trả lời{on}: {line.answer}"))
            else:
                out.append(BodyParagraph("Chưa có trả lời."))
    if not out:
        out.append(BodyParagraph("Các cơ quan, đơn vị không có đề xuất, kiến nghị."))
    return out
