"""The ingestion pipeline: load → normalise → segment → extract."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from .agency_catalogue import registry_for_unit
from .display import restore_plan_text
from .extract import AgencyNamer, extract_all
from .flags import flag_items
from .load import PageProgress, load_text, page_progress_from
from .model import ExtractedPlan
from .normalize import normalize
from .recognise import refuse_if_not_a_plan
from .resolve import AgencyRegistry
from .segment import Segmented, segment
from .units_of_vietnam import PlanUnit, read_plan_unit

__all__ = ["ingest_text", "ingest_file"]

Progress = Callable[[str], None]
_USE_DEFAULT = object()


def _level_of(issuer: str | None, unit: dict | None) -> str | None:
    if unit and unit.get("level") in ("national", "province", "commune", "agency"):
        return unit["level"]
    if not issuer:
        return None
    k = issuer.lower()
    if re.search(r"\b(xã|phường|đặc khu|xa|phuong)\b", k):
        return "commune"
    if re.search(r"\b(tỉnh|tinh|thành phố|thanh pho)\b", k):
        return "province"
    return None


def _registry_scope(registry: AgencyRegistry, seg: Segmented, norm) -> tuple:
    """A given registry: the agencies of the unit it knows the plan by (and those above)."""
    probe = " ".join([seg.header.issuer or "", seg.header.title or ""])
    unit = registry.find_unit(seg.header.issuer) or registry.find_unit(probe)
    scoped = registry
    if unit is None and seg.header.issuer and registry.units:
        scoped = registry.national()  # a unit it does not know: agencies stay as written
    if unit:
        scoped = registry.scoped(unit.get("code"))
        if not seg.header.issuer or len(seg.header.issuer) < 8 or norm.ocr:
            name = unit.get("name", "")
            seg.header.issuer = f"UBND {name[:1].lower()}{name[1:]}" if name else seg.header.issuer
    return scoped, unit


def _agency_scope(registry: AgencyRegistry | None, seg: Segmented, norm) -> tuple:
    """(the agencies the plan may name, its unit as ``{"level", "name"}`` or None)."""
    if registry is not None:
        return _registry_scope(registry, seg, norm)
    head = seg.header
    # the organs of the header block apart ("ĐẢNG ỦY XÃ A" above "ỦY BAN NHÂN DÂN XÃ A"):
    # run together, one's unit would run into the next one's name
    organs = "; ".join(o for o in (head.superior, head.organ) if o) or head.issuer
    plan_unit: PlanUnit | None = read_plan_unit(
        issuer=organs, place=head.place, title=head.title, text=norm.text, ocr=norm.ocr
    )
    if plan_unit is None:
        return registry_for_unit(None, on=head.date), None
    if not head.issuer or len(head.issuer) < 8 or (norm.ocr and not plan_unit.issuer_is_agency):
        head.issuer = f"UBND {plan_unit.name}"
    level = "agency" if plan_unit.issuer_is_agency else plan_unit.level
    return registry_for_unit(plan_unit, on=head.date), {"level": level, "name": plan_unit.name}


def ingest_text(
    text: str,
    *,
    registry: AgencyRegistry | None = None,
    source_name: str | None = None,
    progress: Progress | None = None,
) -> ExtractedPlan:
    """Read a plan from its text.  Agencies are recognised from the catalogue of standard
    agencies per level, instantiated for the plan's own unit read from its header
    (:func:`~theodoi.ingest.agency_catalogue.registry_for_unit`); a ``registry`` given
    replaces that (a test's or an office's own list)."""
    report = progress or (lambda _msg: None)
    report("normalise")
    norm = normalize(text)
    report("segment")
    seg = segment(norm)
    warnings: list[str] = []
    scoped, unit = _agency_scope(registry, seg, norm)
    if not seg.header.issuer:
        m = re.search(
            r"(Ủy ban nhân dân|UBND)\s+(xã|phường|tỉnh|thành phố|huyện|đặc khu)\s+((?:[A-ZĐÂ][\wà-ỹ]*\s?){1,3})",
            " ".join(ln.text for ln in seg.body_lines[:12]),
        )
        if m:
            seg.header.issuer = f"UBND {m.group(2)} {m.group(3).strip()}"
    seg.header.level = _level_of(seg.header.issuer, unit)
    report("extract")
    namer = AgencyNamer(scoped, warnings)
    indicators, tasks, reporting = extract_all(seg, namer)
    if norm.ocr:
        warnings.insert(0, "Văn bản có vẻ là kết quả OCR (thiếu dấu tiếng Việt); cần rà soát lại.")
    if not tasks:
        warnings.append("Không tìm thấy nhiệm vụ nào.")
    if not indicators:
        warnings.append("Không tìm thấy chỉ tiêu nào.")
    plan = ExtractedPlan(
        document=seg.header,
        indicators=indicators,
        tasks=tasks,
        reporting=reporting,
        warnings=warnings,
        source_name=source_name,
        ocr=norm.ocr,
        normalized_text=norm.text,
    )
    flag_items(plan, namer)
    if norm.ocr:
        report("display")
        restore_plan_text(plan)
    return plan


def ingest_file(
    path: str | Path,
    *,
    registry: AgencyRegistry | None = None,
    progress: Progress | None = None,
    page_progress: PageProgress | None = None,
) -> ExtractedPlan:
    """Load ``path`` (raises :class:`IngestError` when unreadable) and read the plan.

    ``page_progress(done, total, message)`` is called after each page read (PDF, scans)."""
    report = progress or (lambda _msg: None)
    report("load")
    if page_progress is None and progress is not None:
        page_progress = page_progress_from(progress)
    text = load_text(path, progress=page_progress)
    refuse_if_not_a_plan(text, Path(path).name)  # a file that is no plan is not read for minutes
    return ingest_text(text, registry=registry, source_name=Path(path).name, progress=progress)
