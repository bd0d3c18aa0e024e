"""What the review page of an imported plan shows beside each item: what the reader was not
sure of (its ``review_flags``) and which of the six facts of a task is missing. Plain reads
of a plan the caller may already manage; writes are in ``plans.services``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from theodoi.plans.choices import DeadlineKind
from theodoi.plans.models import Indicator, Plan, Task

# the reader's flags (theodoi.ingest.flags) and the import's, as the office reads them
FLAGS = {
    "ocr": "chữ đọc từ bản quét (OCR), dấu tiếng Việt được khôi phục tự động",
    "agency": "có cơ quan không có trong danh mục (giữ như văn bản)",
    "deadline": "thời hạn chưa đọc được (giữ như văn bản)",
}

# the six facts of a task, in the order a plan states them
FACTS = ("content", "lead", "coordinators", "output", "deadline", "parent")
FACT_LABELS = {
    "content": "nội dung",
    "lead": "cơ quan chủ trì",
    "coordinators": "cơ quan phối hợp",
    "output": "sản phẩm",
    "deadline": "thời hạn",
    "parent": "nhiệm vụ cấp trên",
}


@dataclass(frozen=True)
class ReviewState:
    flags: tuple[str, ...]  # the labels of what the reader was not sure of
    missing: tuple[str, ...]  # the labels of the facts the document did not give
    uncertain: bool  # flagged and not yet confirmed


def _uncertain_q() -> Q:
    return ~Q(review_flags=[]) & Q(review_confirmed=False)


def uncertain_count(plan: Plan) -> int:
    """Tasks and indicators of ``plan`` still uncertain (flagged, neither confirmed nor
    corrected)."""
    return (
        Task.objects.filter(_uncertain_q(), plan=plan).count()
        + Indicator.objects.filter(_uncertain_q(), plan=plan).count()
    )


def missing_facts(task: Task) -> tuple[str, ...]:
    """Which of content, lead, coordinators, output, deadline and parent task ``task`` lacks
    (coordinators read with ``prefetch_related`` when the caller lists many tasks)."""
    has = {
        "content": bool(task.title.strip()),
        "lead": bool(task.lead_id or task.lead_collective or task.lead_raw.strip()),
        "coordinators": bool(
            task.coordinators_raw.strip()
            or task.coordinator_collectives
            or (task.pk and task.coordinators.all())
        ),
        "output": bool(task.output.strip()),
        "deadline": bool(task.deadline_raw.strip() or task.deadline_kind != DeadlineKind.UNKNOWN),
        "parent": bool(task.parent_id or task.parent_ref.strip()),
    }
    return tuple(f for f in FACTS if not has[f])


def review_state(item: Task | Indicator) -> ReviewState:
    flags = tuple(FLAGS.get(f, f) for f in item.review_flags or [])
    missing = missing_facts(item) if isinstance(item, Task) else ()
    return ReviewState(
        flags=flags,
        missing=tuple(FACT_LABELS[f] for f in missing),
        uncertain=bool(flags) and not item.review_confirmed,
    )
