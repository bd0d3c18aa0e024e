"""The annual evaluation ("đánh giá, xếp loại … hằng năm"): each agency and sub-unit graded in
four bands from its score (``evaluation.scoring``, the dashboards' own score: tasks done on time
or late, tasks overdue, reports on time, reports filled in, indicators achieved) and two limits
on what the score averages away. Plain Python; the rule is explained in docs/evaluation.md
("Đánh giá, xếp loại hằng năm").

=============================  =========================================================
band                           when
=============================  =========================================================
Hoàn thành xuất sắc nhiệm vụ   score ≥ 90, no task overdue, every report due sent on time
Hoàn thành tốt nhiệm vụ        score ≥ 75, tasks overdue ≤ 10 % of the tasks judged on a deadline
Hoàn thành nhiệm vụ            score ≥ 50
Không hoàn thành nhiệm vụ      score < 50
Chưa đủ căn cứ xếp loại        nothing to score (no task due, no report due, no indicator)
=============================  =========================================================

A subject that misses a band's limit gets the next band whose conditions it meets; the reason
says which limit it missed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from enum import StrEnum

from theodoi.evaluation.scoring import DEFAULT, Score, ScoringMethod, rank

__all__ = [
    "BAND_LABELS",
    "DEFAULT_RULE",
    "AnnualResult",
    "AnnualRow",
    "Band",
    "GradingRule",
    "Subject",
    "annual_as_of",
    "annual_evaluation",
    "grade",
]


class Band(StrEnum):
    EXCELLENT = "xuat_sac"
    GOOD = "tot"
    DONE = "hoan_thanh"
    NOT_DONE = "khong_hoan_thanh"
    UNGRADED = "chua_du_can_cu"


BAND_LABELS = {
    Band.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
    Band.GOOD: "Hoàn thành tốt nhiệm vụ",
    Band.DONE: "Hoàn thành nhiệm vụ",
    Band.NOT_DONE: "Không hoàn thành nhiệm vụ",
    Band.UNGRADED: "Chưa đủ căn cứ xếp loại",
}


@dataclass(frozen=True, slots=True)
class GradingRule:
    """Score thresholds (on 100) of the three upper bands and the share of overdue tasks that
    still allows "tốt"."""

    excellent: Decimal = Decimal(90)
    good: Decimal = Decimal(75)
    done: Decimal = Decimal(50)
    good_max_overdue_share: Decimal = Decimal("0.10")

    def __post_init__(self) -> None:
        for name in ("excellent", "good", "done", "good_max_overdue_share"):
            object.__setattr__(self, name, Decimal(str(getattr(self, name))))
        if not Decimal(0) <= self.done <= self.good <= self.excellent <= Decimal(100):
            raise ValueError("thresholds must rise: 0 ≤ done ≤ good ≤ excellent ≤ 100")
        if not Decimal(0) <= self.good_max_overdue_share <= Decimal(1):
            raise ValueError("good_max_overdue_share must be between 0 and 1")


DEFAULT_RULE = GradingRule()


@dataclass(frozen=True, slots=True)
class Grade:
    band: Band
    reason: str

    @property
    def label(self) -> str:
        return BAND_LABELS[self.band]


def _overdue(counts: Mapping[str, int]) -> tuple[int, int]:
    """(open overdue, tasks judged on a deadline) from ``rules.government_office_counts``."""
    overdue = counts.get("open_overdue", 0)
    judged = (
        counts.get("due_done_on_time", 0)
        + counts.get("due_done_late", 0)
        + overdue
        + counts.get("open_within_deadline", 0)
    )
    return overdue, judged


def _reports_all_on_time(score: Score, method: ScoringMethod) -> bool:
    """Every report due was sent on time (or none was due): the criterion earned full points."""
    points = score.parts.get("report_timeliness")
    return points is None or points >= method.report_timeliness


def grade(
    *,
    score: Score,
    counts: Mapping[str, int],
    method: ScoringMethod = DEFAULT,
    rule: GradingRule = DEFAULT_RULE,
) -> Grade:
    """The band of a subject from its score and its task counts (see the module docstring)."""
    if score.total is None:
        return Grade(Band.UNGRADED, "Không có nhiệm vụ, báo cáo hay chỉ tiêu đến hạn để chấm.")
    total = _points(score.total)
    overdue, judged = _overdue(counts)
    missed = []
    if score.total >= rule.excellent:
        if overdue == 0 and _reports_all_on_time(score, method):
            return Grade(Band.EXCELLENT, f"{total} điểm, không nhiệm vụ quá hạn, báo cáo đúng hạn.")
        if overdue:
            missed.append(f"còn {overdue} nhiệm vụ quá hạn")
        if not _reports_all_on_time(score, method):
            missed.append("có báo cáo muộn hoặc chưa gửi")
    if score.total >= rule.good:
        share_ok = judged == 0 or Decimal(overdue) <= rule.good_max_overdue_share * judged
        if share_ok:
            why = f" (chưa xuất sắc: {', '.join(missed)})" if missed else ""
            return Grade(Band.GOOD, f"{total} điểm{why}.")
        missed.append(f"{overdue}/{judged} nhiệm vụ quá hạn, quá {_percent(rule)} cho mức tốt")
    if score.total >= rule.done:
        why = f" (chưa đạt mức trên: {', '.join(missed)})" if missed else ""
        return Grade(Band.DONE, f"{total} điểm{why}.")
    return Grade(Band.NOT_DONE, f"{total} điểm, dưới {rule.done.normalize()}.")


def _points(total: Decimal) -> str:
    """Points as a Vietnamese reader writes them: "87,22"."""
    return f"{total:.2f}".replace(".", ",")


def _percent(rule: GradingRule) -> str:
    return f"{(rule.good_max_overdue_share * 100).normalize()}%"


@dataclass(frozen=True)
class Subject:
    """An agency or a sub-unit to grade: its dashboard counts and score (scoring.score)."""

    kind: str  # "agency" or "unit"
    key: int
    code: str
    name: str
    parent_name: str
    counts: Mapping[str, int]
    score: Score
    indicators: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class AnnualRow:
    kind: str
    key: int
    code: str
    name: str
    parent_name: str
    position: int
    total: Decimal | None
    band: Band
    band_label: str
    reason: str
    done_on_time: int
    done_late: int
    open_overdue: int
    indicators_achieved: int | None

    def as_json(self) -> dict:
        data = asdict(self)
        data["total"] = None if self.total is None else str(self.total)
        data["band"] = str(self.band)
        return data

    @classmethod
    def from_json(cls, data: Mapping) -> AnnualRow:
        total = data.get("total")
        return cls(
            **{
                **data,
                "total": None if total is None else Decimal(total),
                "band": Band(data["band"]),
            }
        )


@dataclass(frozen=True)
class AnnualResult:
    year: int
    as_of: dt.date
    interim: bool  # the year is not over: figures up to ``as_of``
    rows: list[AnnualRow]
    rule: GradingRule = DEFAULT_RULE

    def rule_json(self) -> dict:
        return {k: str(v) for k, v in asdict(self.rule).items()}

    def by_kind(self, kind: str) -> list[AnnualRow]:
        return [r for r in self.rows if r.kind == kind]

    def band_counts(self, kind: str) -> dict[Band, int]:
        counts = dict.fromkeys(Band, 0)
        for row in self.by_kind(kind):
            counts[row.band] += 1
        return counts


def annual_as_of(year: int, today: dt.date) -> tuple[dt.date, bool]:
    """The date the year is judged at: its last day, or today while it runs (interim)."""
    end = dt.date(year, 12, 31)
    return (today, True) if today < end else (end, False)


def _rows(subjects: list[Subject], method: ScoringMethod, rule: GradingRule) -> list[AnnualRow]:
    by_key = {(s.kind, s.key): s for s in subjects}
    rows = []
    for key, position, score in rank({k: s.score for k, s in by_key.items()}):
        s = by_key[key]
        verdict = grade(score=score, counts=s.counts, method=method, rule=rule)
        rows.append(
            AnnualRow(
                kind=s.kind,
                key=s.key,
                code=s.code,
                name=s.name,
                parent_name=s.parent_name,
                position=position,
                total=score.total,
                band=verdict.band,
                band_label=verdict.label,
                reason=verdict.reason,
                done_on_time=s.counts.get("due_done_on_time", 0),
                done_late=s.counts.get("due_done_late", 0),
                open_overdue=s.counts.get("open_overdue", 0),
                indicators_achieved=s.indicators.get("achieved") if s.indicators else None,
            )
        )
    return rows


def annual_evaluation(
    *,
    year: int,
    as_of: dt.date,
    interim: bool,
    agencies: Iterable[Subject],
    units: Iterable[Subject],
    method: ScoringMethod = DEFAULT,
    rule: GradingRule = DEFAULT_RULE,
) -> AnnualResult:
    """Grade the agencies and the sub-units, each list ranked by score (ties share a place)."""
    rows = _rows(list(agencies), method, rule) + _rows(list(units), method, rule)
    return AnnualResult(year=year, as_of=as_of, interim=interim, rows=rows, rule=rule)
