"""Writes for plans, tasks and indicators: typed keyword-only functions, each atomic."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.urls import reverse

from theodoi.plans.choices import DeadlineKind, PlanLevel, PlanStatus, TargetOp
from theodoi.plans.models import (
    Indicator,
    Plan,
    PlanReference,
    SourceDocument,
    Target,
    Task,
    TaskGroup,
)
from theodoi.plans.nq57 import nq57_groups, suggest_group
from theodoi.plans.review import FLAGS as REVIEW_FLAGS
from theodoi.plans.review import uncertain_count
from theodoi.plans.validators import (
    date_outside_plan,
    validate_date_in_range,
    validate_document_number,
)
from theodoi.textnorm import search_key
from theodoi.units.collectives import assignment_collectives
from theodoi.units.models import Agency, Unit
from theodoi.units.selectors import agencies_for_unit

IMPLEMENTED_SYMBOLS = ("57-NQ/TW", "71/NQ-CP", "03/NQ-CP")


class AgencyMatcher:
    """Maps agency names as extracted to the agencies a plan of `unit` may assign."""

    def __init__(self, unit: Unit):
        self._by_key: dict[str, Agency] = {}
        # The unit's own agencies win over same-named ones above it.
        for agency in sorted(agencies_for_unit(unit=unit), key=lambda a: a.unit_id != unit.pk):
            for name in (agency.name, agency.short_name, *agency.aliases):
                if name:
                    self._by_key.setdefault(search_key(name), agency)

    def match(self, name: str | None) -> Agency | None:
        return self._by_key.get(search_key(name)) if name else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ValidationError(f"Giá trị số không hợp lệ: {value!r}") from exc


def _lines(item: dict) -> tuple[int | None, int | None]:
    lines = item.get("lines") or [None, None]
    return lines[0], lines[1]


def _group(plan: Plan, title: str | None, cache: dict[str, TaskGroup]) -> TaskGroup | None:
    if not title:
        return None
    if title not in cache:
        code, _, rest = title.partition(". ")
        is_code = bool(code) and len(code) <= 8 and " " not in code
        cache[title] = TaskGroup.objects.create(
            plan=plan,
            code=code if is_code and rest else "",
            title=rest if is_code and rest else title,
            order=len(cache),
            nq57_code=suggest_group(title),  # the office confirms it in review
        )
    return cache[title]


@transaction.atomic
def task_groups_map(*, plan: Plan, codes: dict[int, int | None]) -> int:
    """Map the plan's task groups (by id) to NQ57 group codes (1–7, None: not mapped) and mark
    them confirmed; returns how many groups changed. A group of another plan or a code outside
    1–7 is refused and nothing is saved. Each changed group is saved (audit log, roll-ups)."""
    groups = {g.pk: g for g in plan.groups.all()}
    valid = {g.code for g in nq57_groups()}
    unknown = [pk for pk in codes if pk not in groups]
    if unknown:
        raise ValidationError("Nhóm nhiệm vụ không thuộc kế hoạch này.")
    if any(code is not None and code not in valid for code in codes.values()):
        raise ValidationError("Nhóm theo Nghị quyết 57 phải là một trong các nhóm từ 1 đến 7.")
    changed = 0
    for pk, code in codes.items():
        group = groups[pk]
        if group.nq57_code == code and group.nq57_confirmed:
            continue
        group.nq57_code, group.nq57_confirmed = code, True
        group.save(update_fields=["nq57_code", "nq57_confirmed"])
        changed += 1
    return changed


@dataclass(frozen=True)
class ImportResult:
    plan: Plan
    created: bool
    notes: list[str] = dataclasses.field(default_factory=list)


class NotAPlanError(ValidationError):
    """The document yields no task and no indicator: it is refused, not stored as a plan."""


def _not_a_plan(extraction: dict, file_name: str | None) -> NotAPlanError:
    doc = extraction.get("document") or {}
    found = [
        f"số {doc['number']}" if doc.get("number") else "",
        f"ngày {doc['date']}" if doc.get("date") else "",
        f"trích yếu «{(doc.get('title') or '')[:120]}»" if doc.get("title") else "",
    ]
    found = [f for f in found if f]
    where = f"Tệp «{file_name}»" if file_name else "Văn bản"
    return NotAPlanError(
        f"Không nhận ra kế hoạch: {where} không có nhiệm vụ hay chỉ tiêu nào đọc được. "
        + (
            f"Đã đọc được: {', '.join(found)}. "
            if found
            else "Không đọc được số, ngày hay trích yếu. "
        )
        + "Hãy kiểm tra đúng tệp văn bản kế hoạch (có phụ lục nhiệm vụ, chỉ tiêu) rồi tải lên lại.",
        code="not_a_plan",
    )


def _checked(value, validator, what: str, notes: list[str]):
    """``value`` when ``validator`` accepts it; otherwise None and a note for the review page
    (a misread number or date is shown to the person who reviews, never stored)."""
    if value in (None, ""):
        return value
    try:
        validator(value)
    except ValidationError as exc:
        notes.append(f"{what} «{value}» không được lưu: {' '.join(exc.messages)}")
        return None
    return value


def _plan_from_extraction(unit, extraction, level, parent, notes: list[str]) -> Plan:
    doc = extraction.get("document") or {}
    title = (doc.get("title") or "").strip()
    if not title:
        raise ValidationError("Văn bản không có trích yếu (tiêu đề kế hoạch).")
    plan = Plan(
        unit=unit,
        number=_checked(
            (doc.get("number") or "")[:64], validate_document_number, "Số, ký hiệu", notes
        )
        or "",
        issuer=(doc.get("issuer") or "")[:255],
        issued_on=_checked(_date(doc.get("date")), validate_date_in_range, "Ngày ban hành", notes),
        title=title,
        level=level or doc.get("level") or unit.level,
        parent=parent,
        status=PlanStatus.DRAFT,
        reporting_regime=[
            {k: r.get(k) for k in ("frequency", "due", "recipient", "raw")}
            for r in extraction.get("reporting") or []
        ],
    )
    if plan.level not in PlanLevel.values:
        plan.level = unit.level
    plan.full_clean(exclude=["search_key"])
    plan.save()
    for ref in doc.get("references") or []:
        symbol = ref["symbol"][:64]
        PlanReference.objects.create(
            plan=plan,
            symbol=symbol,
            issued_on=_checked(_date(ref.get("date")), validate_date_in_range, symbol, notes),
            implements=symbol.upper() in IMPLEMENTED_SYMBOLS,
        )
    return plan


def _deadline_fields(plan: Plan, item: dict, notes: list[str]) -> dict[str, Any]:
    """The task's parsed deadline, or "unknown" (kept as printed) when one of its dates falls
    outside the plan's years: a misread year is flagged for review, not tracked."""
    deadline = item.get("deadline") or {}
    fields = {
        "deadline_raw": (deadline.get("raw") or "")[:255],
        "deadline_kind": deadline.get("kind") or DeadlineKind.UNKNOWN,
        "due_date": _date(deadline.get("due")),
        "start_date": _date(deadline.get("start")),
        "end_date": _date(deadline.get("end")),
        "recurrence": deadline.get("recurrence") or "",
        "condition": (deadline.get("condition") or "")[:500],
    }
    for name in ("due_date", "start_date", "end_date"):
        message = date_outside_plan(plan, fields[name])
        if message:
            notes.append(f"Nhiệm vụ {item.get('code') or ''} «{fields['deadline_raw']}»: {message}")
            fields.update(
                deadline_kind=DeadlineKind.UNKNOWN, due_date=None, start_date=None, end_date=None
            )
            break
    return fields


def _collective_fields(item: dict) -> dict[str, Any]:
    """A lead or coordinators printed as a group ("UBND các xã, phường"): units.collectives."""
    lead, coordinators = assignment_collectives(item.get("lead"), item.get("coordinators") or [])
    return {"lead_collective": lead, "coordinator_collectives": coordinators}


def _review_flags(item: dict) -> list[str]:
    """What the reader was not sure of (the extraction's ``flags``: "ocr", "agency",
    "deadline"; theodoi.ingest.flags), for the office to confirm or correct."""
    return [f for f in dict.fromkeys(item.get("flags") or []) if f in REVIEW_FLAGS][:8]


def _import_tasks(plan: Plan, items: list[dict], matcher: AgencyMatcher, notes: list[str]):
    groups: dict[str, TaskGroup] = {}
    for order, item in enumerate(items):
        start, end = _lines(item)
        task = Task(
            plan=plan,
            group=_group(plan, item.get("group"), groups),
            code=(item.get("code") or "")[:32],
            title=item["title"],
            lead=matcher.match(item.get("lead")),
            lead_raw=(item.get("lead") or "")[:500],
            coordinators_raw="; ".join(item.get("coordinators") or []),
            **_collective_fields(item),
            output=item.get("output") or "",
            **_deadline_fields(plan, item, notes),
            parent_ref=(item.get("parent_ref") or "")[:64],
            source_ref=(item.get("source_ref") or "")[:255],
            line_start=start,
            line_end=end,
            order=order,
        )
        coordinators = {matcher.match(n) for n in item.get("coordinators") or []} - {None}
        task.review_flags = _review_flags(item)
        task.full_clean(exclude=["plan", "search_key"])
        task.save()
        task.coordinators.set(coordinators)


def _import_indicators(plan: Plan, items: list[dict], matcher: AgencyMatcher) -> None:
    for order, item in enumerate(items):
        start, end = _lines(item)
        indicator = Indicator(
            plan=plan,
            group=(item.get("group") or "")[:500],
            code=(item.get("code") or "")[:32],
            name=item["name"],
            unit_of_measure=(item.get("unit") or "")[:100],
            lead=matcher.match(item.get("lead")),
            lead_raw=(item.get("lead") or "")[:500],
            coordinators_raw="; ".join(item.get("coordinators") or []),
            **_collective_fields(item),
            output=item.get("output") or "",
            line_start=start,
            line_end=end,
            order=order,
        )
        coordinators = {matcher.match(n) for n in item.get("coordinators") or []} - {None}
        indicator.review_flags = _review_flags(item)
        indicator.full_clean(exclude=["plan", "search_key"])
        indicator.save()
        indicator.coordinators.set(coordinators)
        for target in item.get("targets") or []:
            Target.objects.create(
                indicator=indicator,
                period=(target.get("period") or "")[:32],
                op=target.get("op") or TargetOp.TEXT,
                value=_decimal(target.get("value")),
                value_max=_decimal(target.get("value_max")),
                raw=target["raw"][:500],
            )


@transaction.atomic
def plan_import_extraction(
    *,
    unit: Unit,
    extraction: dict,
    level: str | None = None,
    file_name: str | None = None,
    content: bytes | None = None,
    parent: Plan | None = None,
    source_text: str = "",
) -> ImportResult:
    """Store an extracted plan (the ingest JSON contract) as a draft plan of `unit`.

    All or nothing: any invalid item rolls the whole import back; a document with no task and
    no indicator is refused (NotAPlanError). The same source document (by SHA-256) is never
    imported twice: the existing plan is returned instead. Values that cannot be right (a
    number not shaped like a document number, a date outside the plan's years) are not stored
    and are listed among the document's warnings for review.
    """
    digest = hashlib.sha256(content).hexdigest() if content is not None else None
    if digest:
        existing = SourceDocument.objects.filter(sha256=digest).select_related("plan").first()
        if existing:
            return ImportResult(plan=existing.plan, created=False)
    if not extraction.get("tasks") and not extraction.get("indicators"):
        raise _not_a_plan(extraction, file_name)

    notes: list[str] = []
    plan = _plan_from_extraction(unit, extraction, level, parent, notes)
    matcher = AgencyMatcher(unit)
    _import_tasks(plan, extraction.get("tasks") or [], matcher, notes)
    _import_indicators(plan, extraction.get("indicators") or [], matcher)
    if digest:
        SourceDocument.objects.create(
            plan=plan,
            file=ContentFile(content, name=file_name or "ke-hoach.txt"),
            original_name=(file_name or "ke-hoach.txt")[:255],
            sha256=digest,
            size=len(content),
            text=source_text,
            warnings=[*notes, *(extraction.get("warnings") or [])][:500],
        )
    return ImportResult(plan=plan, created=True, notes=notes)


def _refuse_publishing_uncertain(plan: Plan) -> None:
    """A plan is made public only when no item the reader was unsure of waits for review."""
    remaining = uncertain_count(plan)
    if remaining:
        raise ValidationError(
            {
                "is_public": f"Chưa công khai được: còn {remaining} mục đọc từ văn bản chưa "
                "chắc chắn (chữ OCR, cơ quan hoặc thời hạn chưa nhận ra) chưa được xác nhận. "
                f"Hãy rà soát và xác nhận từng mục tại trang Rà soát kế hoạch "
                f"({plan_review_path(plan)}) rồi công khai lại."
            }
        )


def plan_review_path(plan: Plan) -> str:
    return reverse("plans:plan_review", args=[plan.pk])


@transaction.atomic
def plan_update(*, plan: Plan, data: dict[str, Any]) -> Plan:
    if data.get("is_public") and not Plan.objects.filter(pk=plan.pk, is_public=True).exists():
        _refuse_publishing_uncertain(plan)
    for field, value in data.items():
        setattr(plan, field, value)
    plan.full_clean(exclude=["search_key"])
    plan.save()
    return plan


@transaction.atomic
def plan_activate(*, plan: Plan) -> Plan:
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError("Chỉ kế hoạch đang ở trạng thái dự thảo mới xác nhận được.")
    if not plan.tasks.exists() and not plan.indicators.exists():
        raise ValidationError(
            "Kế hoạch chưa có nhiệm vụ hay chỉ tiêu nào: không xác nhận được. "
            "Hãy thêm nhiệm vụ, chỉ tiêu hoặc nhập lại đúng văn bản kế hoạch."
        )
    plan.status = PlanStatus.ACTIVE
    plan.save(update_fields=["status", "updated_at"])
    return plan


def _task_save(task: Task, data: dict[str, Any]) -> Task:
    coordinators = data.pop("coordinators", None)
    for field, value in data.items():
        setattr(task, field, value)
    task.full_clean(exclude=["search_key"])
    task.save()
    if coordinators is not None:
        task.coordinators.set(coordinators)
    return task


@transaction.atomic
def task_create(*, plan: Plan, data: dict[str, Any]) -> Task:
    last = plan.tasks.order_by("-order").values_list("order", flat=True).first()
    return _task_save(Task(plan=plan, order=(last or 0) + 1), dict(data))


@transaction.atomic
def task_update(*, task: Task, data: dict[str, Any]) -> Task:
    """Save the office's edit; an item the reader was unsure of is reviewed by it."""
    if task.review_flags and not task.review_confirmed:
        data = {**data, "review_confirmed": True}
    return _task_save(task, dict(data))


@transaction.atomic
def item_review_confirm(*, item: Task | Indicator) -> Task | Indicator:
    """The office confirms an item the reader was unsure of, as read (or as corrected)."""
    if not item.review_flags:
        raise ValidationError("Mục này không có điểm nào cần xác nhận.")
    if not item.review_confirmed:
        item.review_confirmed = True
        item.save(update_fields=["review_confirmed", "updated_at"])
    return item


@transaction.atomic
def task_delete(*, task: Task) -> None:
    task.delete()


@transaction.atomic
def indicator_update(*, indicator: Indicator, data: dict[str, Any]) -> Indicator:
    coordinators = data.pop("coordinators", None)
    if indicator.review_flags and not indicator.review_confirmed:
        indicator.review_confirmed = True  # the office's edit reviews it
    for field, value in data.items():
        setattr(indicator, field, value)
    indicator.full_clean(exclude=["search_key"])
    indicator.save()
    if coordinators is not None:
        indicator.coordinators.set(coordinators)
    return indicator


@dataclass(frozen=True)
class FileImportResult:
    plan: Plan
    created: bool
    warnings: list[str]


def plan_import_file(
    *,
    unit: Unit,
    path,
    file_name: str,
    level: str | None = None,
    parent: Plan | None = None,
    page_progress=None,
) -> FileImportResult:
    """Read a plan document through the ingestion pipeline and store it as a draft plan.

    Raises theodoi.ingest.IngestError (with a Vietnamese message) when the file cannot be read;
    nothing is stored then. The same document imported again returns the existing plan.
    """
    from pathlib import Path

    from theodoi.ingest.pipeline import ingest_file

    content = Path(path).read_bytes()
    digest = hashlib.sha256(content).hexdigest()
    existing = SourceDocument.objects.filter(sha256=digest).select_related("plan").first()
    if existing:
        return FileImportResult(plan=existing.plan, created=False, warnings=[])
    # agencies by kind: the catalogue's, for the unit the plan's header names
    extracted = ingest_file(path, page_progress=page_progress)
    result = plan_import_extraction(
        unit=unit,
        extraction=extracted.to_dict(),
        level=level,
        file_name=file_name,
        content=content,
        parent=parent,
        source_text=extracted.normalized_text,
    )
    return FileImportResult(
        plan=result.plan,
        created=result.created,
        warnings=[*result.notes, *extracted.warnings],
    )


@transaction.atomic
def task_merge(*, keep: Task, remove: Task) -> Task:
    """Merge `remove` into `keep` (same plan): blanks of `keep` are filled from `remove`,
    the source line ranges are joined, coordinators are united, then `remove` is deleted."""
    if keep.plan_id != remove.plan_id or keep.pk == remove.pk:
        raise ValidationError("Chỉ gộp được hai nhiệm vụ khác nhau của cùng một kế hoạch.")
    for field in (
        "code",
        "output",
        "deadline_raw",
        "parent_ref",
        "source_ref",
        "lead_raw",
        "coordinators_raw",
    ):
        if not getattr(keep, field) and getattr(remove, field):
            setattr(keep, field, getattr(remove, field))
    if keep.lead_id is None and remove.lead_id is not None:
        keep.lead_id = remove.lead_id
    if keep.deadline_kind == DeadlineKind.UNKNOWN and remove.deadline_kind != DeadlineKind.UNKNOWN:
        for field in (
            "deadline_kind",
            "due_date",
            "start_date",
            "end_date",
            "recurrence",
            "condition",
        ):
            setattr(keep, field, getattr(remove, field))
    starts = [v for v in (keep.line_start, remove.line_start) if v]
    ends = [v for v in (keep.line_end, remove.line_end) if v]
    keep.line_start = min(starts) if starts else None
    keep.line_end = max(ends) if ends else None
    keep.save()
    keep.coordinators.add(*remove.coordinators.all())
    remove.delete()
    return keep


@transaction.atomic
def task_split(*, task: Task, second_title: str) -> Task:
    """Split a task in two: `second_title` (a part of its content) becomes a new task with the
    same lead, coordinators and deadline, placed right after it."""
    second_title = second_title.strip()
    if not second_title:
        raise ValidationError("Nhập nội dung của nhiệm vụ tách ra.")
    if second_title in task.title and second_title != task.title.strip():
        task.title = task.title.replace(second_title, "").strip(" ;,.\n") or task.title
        task.save()
    Task.objects.filter(plan=task.plan, order__gt=task.order).update(order=models.F("order") + 1)
    new = Task.objects.get(pk=task.pk)
    new.pk = None
    new.id = None
    new.title = second_title
    new.code = f"{task.code}b" if task.code else ""
    new.order = task.order + 1
    new._state.adding = True
    new.full_clean(exclude=["search_key"])
    new.save()
    new.coordinators.set(task.coordinators.all())
    return new
