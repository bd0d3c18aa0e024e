"""Linking each level's tasks to the tasks of the plan it implements, and rolling up.

Suggestions come from printed references first ("Stt nhiệm vụ trong NQ 71" → "NQ71:48"), then
from text similarity with the tasks of the parent plan; a person confirms or rejects each one.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from rapidfuzz import fuzz, process

from theodoi.accounts.permissions import can_manage_unit
from theodoi.plans.models import Plan, PlanReference, Task, TaskLink
from theodoi.textnorm import search_key

MIN_SIMILARITY = 72
MAX_SUGGESTIONS_PER_TASK = 3
_REF = re.compile(r"^(?P<doc>[A-Za-zĐđ]+)\s*(?P<num>\d+)\s*:\s*(?P<code>[\w.]+)$")


def _plans_for_reference(doc: str, number: str) -> QuerySet[Plan]:
    """Plans whose number is the referenced document, e.g. NQ 71 → "71/NQ-CP"."""
    return Plan.objects.filter(
        Q(number__istartswith=f"{number}/") | Q(number__istartswith=f"{number}-")
    ).filter(number__icontains=doc[:2])


def _referenced_task(task: Task) -> Task | None:
    match = _REF.match(task.parent_ref.strip()) if task.parent_ref else None
    if not match:
        return None
    plans = _plans_for_reference(match["doc"], match["num"]).exclude(pk=task.plan_id)
    return Task.objects.filter(plan__in=plans, code=match["code"]).first()


def _parent_plans(plan: Plan) -> list[Plan]:
    parents = [plan.parent] if plan.parent else []
    symbols = PlanReference.objects.filter(plan=plan, implements=True).values_list(
        "symbol", flat=True
    )
    for symbol in symbols:
        parents.extend(Plan.objects.filter(number__iexact=symbol).exclude(pk=plan.pk))
    return list(dict.fromkeys(parents))


@transaction.atomic
def task_link_suggest(*, plan: Plan, user) -> int:
    """Suggest parent tasks for every unlinked task of `plan`; returns how many were added."""
    if not can_manage_unit(user, plan.unit):
        raise PermissionDenied("Chỉ cơ quan thường trực của kế hoạch mới thực hiện được.")
    candidates = list(Task.objects.filter(plan__in=_parent_plans(plan)))
    keys = {c.pk: search_key(c.title) for c in candidates}
    added = 0
    for task in plan.tasks.filter(parent__isnull=True):
        existing = set(task.parent_links.values_list("candidate_id", flat=True))
        found: list[tuple[Task, int, str]] = []
        referenced = _referenced_task(task)
        if referenced is not None:
            found.append((referenced, 100, f"Tham chiếu in trong văn bản: {task.parent_ref}"))
        if keys:
            for _key, similarity, pk in process.extract(
                search_key(task.title),
                keys,
                scorer=fuzz.token_set_ratio,
                limit=MAX_SUGGESTIONS_PER_TASK,
            ):
                if similarity >= MIN_SIMILARITY:
                    candidate = next(c for c in candidates if c.pk == pk)
                    found.append((candidate, int(similarity), "Nội dung tương tự"))
        for candidate, score, reason in found:
            if candidate.pk in existing or candidate.pk == task.pk:
                continue
            TaskLink.objects.create(task=task, candidate=candidate, score=score, reason=reason)
            existing.add(candidate.pk)
            added += 1
    return added


@transaction.atomic
def task_link_decide(*, link: TaskLink, user, confirm: bool) -> TaskLink:
    # The task first, then the link: two links of one task decided at once are decided one after
    # the other (the second finds itself rejected by the first). Locking the links first, each
    # decision would hold its link and wait for the other's: a deadlock.
    Task.objects.select_for_update().filter(pk=link.task_id).first()
    link = (
        TaskLink.objects.select_for_update(of=("self",))
        .select_related("task__plan__unit")
        .get(pk=link.pk)
    )
    if not can_manage_unit(user, link.task.plan.unit):
        raise PermissionDenied("Chỉ cơ quan thường trực của kế hoạch mới thực hiện được.")
    if link.status != TaskLink.Status.SUGGESTED:
        raise ValidationError("Đề xuất này đã được xử lý.")
    link.status = TaskLink.Status.CONFIRMED if confirm else TaskLink.Status.REJECTED
    link.decided_by = user
    link.save()
    if confirm:
        task = link.task
        task.parent = link.candidate
        task.save(update_fields=["parent", "updated_at", "search_key"])
        link.task.parent_links.filter(status=TaskLink.Status.SUGGESTED).exclude(pk=link.pk).update(
            status=TaskLink.Status.REJECTED, decided_by=user
        )
    return link


def task_descendants(task: Task) -> list[Task]:
    """Every task implementing `task`, at every level below, breadth first."""
    found: list[Task] = []
    frontier = [task.pk]
    seen = {task.pk}
    while frontier:
        children = list(
            Task.objects.filter(parent_id__in=frontier)
            .select_related("plan__unit", "lead")
            .order_by("plan__unit__path", "order")
        )
        children = [c for c in children if c.pk not in seen]
        seen.update(c.pk for c in children)
        found.extend(children)
        frontier = [c.pk for c in children]
    return found
