"""The consolidated report's content, read off the live dashboard.

Every figure comes from ``theodoi.dashboards.selectors.unit_dashboard`` — the very function the
dashboard page calls — so that the signed report and the screen never disagree. Nothing here
evaluates a task or an indicator again; it only words and tabulates what the dashboard holds.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.utils import timezone

from theodoi.dashboards import charts
from theodoi.dashboards.selectors import (
    CATEGORY_LABELS,
    Dashboard,
    IndicatorRow,
    quarter_of,
    unit_dashboard,
)
from theodoi.documents.builders import (
    PORTRAIT_TEXT_MM,
    Appendix,
    BodyParagraph,
    ConsolidatedReport,
)
from theodoi.documents.parts import (
    ReportedParts,
    part_paragraphs,
    recommendation_paragraphs,
    reported_parts,
)
from theodoi.evaluation.rules import CATEGORY_COUNT_KEY
from theodoi.plans.choices import PlanStatus
from theodoi.plans.models import Plan
from theodoi.reporting.models import ReportingPeriod
from theodoi.units.choices import UnitLevel
from theodoi.units.models import Unit

__all__ = [
    "CATEGORY_COUNT_KEYS",
    "consolidated_report_data",
    "issuer_of",
    "place_of",
    "report_filename",
]

CATEGORY_COUNT_KEYS = CATEGORY_COUNT_KEY  # TaskEvaluation.category → key of Dashboard.counts
ACHIEVEMENT_LABELS = {True: "Đạt", False: "Chưa đạt", None: "Chưa đánh giá được"}
UNIT_PREFIXES = ("Thành phố ", "Tỉnh ", "Xã ", "Phường ", "Đặc khu ", "Thị trấn ")
NQ57 = "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"  # noqa: E501


# -- wording helpers ----------------------------------------------------------------------------


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def issuer_of(unit: Unit) -> tuple[str, str, str, str]:
    """(issuer, signing authority, signer's role, number suffix) of a unit's report."""
    if unit.level == UnitLevel.NATIONAL:
        return "BAN CHỈ ĐẠO TRUNG ƯƠNG", "TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", "/BC-BCĐTW"
    return f"ỦY BAN NHÂN DÂN {unit.name.upper()}", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "/BC-UBND"


def place_of(unit: Unit) -> str:
    """The place name printed before the date: "Xã Vĩnh Lại" → "Vĩnh Lại"."""
    if unit.level == UnitLevel.NATIONAL:
        return "Hà Nội"
    for prefix in UNIT_PREFIXES:
        if unit.name.startswith(prefix):
            return unit.name[len(prefix) :]
    return unit.name


def _authority_name(unit: Unit) -> str:
    """ "Ủy ban nhân dân xã Vĩnh Lại" (as written inside a sentence)."""
    if unit.level == UnitLevel.NATIONAL:
        return "Ban Chỉ đạo Trung ương"
    return f"Ủy ban nhân dân {_lower_first(unit.name)}"


def _short_authority(unit: Unit) -> str:
    if unit.level == UnitLevel.NATIONAL:
        return "Ban Chỉ đạo Trung ương"
    return f"UBND {_lower_first(unit.name)}"


def _d(day: dt.date | None) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else ""


def _pct(part: int, whole: int) -> str:
    if not whole:
        return "0%"
    value = round(100 * part / whole, 1)
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def _number(value: Decimal | int | float | None) -> str:
    """Vietnamese notation: 1.234,5 (dot for thousands, comma for decimals)."""
    if value is None:
        return ""
    value = Decimal(value).normalize()
    sign, text = ("-", str(-value)) if value < 0 else ("", f"{value:f}")
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + frac if frac else "")


def _plan_reference(plan: Plan, *, issuer: bool = True) -> str:
    """ "Kế hoạch số 12/KH-UBND ngày 20/9/2025 của Ủy ban nhân dân xã Vĩnh Lại"."""
    kind = plan.get_kind_display()
    parts = [kind]
    parts.append(f"số {plan.number}" if plan.number else "")
    if plan.issued_on:
        parts.append(f"ngày {plan.issued_on.day}/{plan.issued_on.month}/{plan.issued_on.year}")
    if issuer:
        parts.append(f"của {plan.issuer or _authority_name(plan.unit)}")
    return " ".join(p for p in parts if p)


def _period_label(period: ReportingPeriod | str | None, as_of: dt.date) -> str:
    if isinstance(period, ReportingPeriod):
        return period.label
    if period:
        return str(period)
    return f"tính đến ngày {_d(as_of)}"


# -- body ---------------------------------------------------------------------------------------


def _task_paragraphs(board: Dashboard) -> list[BodyParagraph]:
    c = board.counts
    total = c["total"]
    done = c["due_done_on_time"] + c["due_done_late"]
    open_ = c["open_within_deadline"] + c["open_overdue"]
    out = [BodyParagraph("1. Tình hình thực hiện nhiệm vụ", level=2)]
    if not total:
        out.append(BodyParagraph("Chưa có nhiệm vụ nào được theo dõi."))
        return out
    sentences = [
        f"Tổng số nhiệm vụ theo dõi: {total} nhiệm vụ.",
        f"Đã hoàn thành {done} nhiệm vụ ({_pct(done, total)}), trong đó hoàn thành đúng hạn "
        f"{c['due_done_on_time']} nhiệm vụ, hoàn thành quá hạn {c['due_done_late']} nhiệm vụ.",
        f"Chưa hoàn thành {open_} nhiệm vụ ({_pct(open_, total)}), trong đó trong hạn "
        f"{c['open_within_deadline']} nhiệm vụ, quá hạn {c['open_overdue']} nhiệm vụ.",
    ]
    others = [
        f"{label.lower()} {c[CATEGORY_COUNT_KEYS[key]]} nhiệm vụ"
        for key, label in CATEGORY_LABELS.items()
        if key in ("continuous", "waiting_condition", "not_feasible", "paused")
        and c[CATEGORY_COUNT_KEYS[key]]
    ]
    if others:
        sentences.append("Ngoài ra: " + "; ".join(others) + ".")
    sentences.append("Chi tiết theo nhóm nhiệm vụ tại Phụ lục I.")
    out.extend(BodyParagraph(s) for s in sentences)
    return out


def _indicator_paragraphs(board: Dashboard) -> list[BodyParagraph]:
    counts = board.indicator_counts
    total = len(board.indicators)
    out = [BodyParagraph("2. Kết quả thực hiện các chỉ tiêu", level=2)]
    if not total:
        out.append(BodyParagraph("Chưa có chỉ tiêu nào được theo dõi."))
        return out
    out.extend(
        BodyParagraph(s)
        for s in (
            f"Tổng số chỉ tiêu theo dõi: {total} chỉ tiêu.",
            f"Đạt mục tiêu: {counts['achieved']} chỉ tiêu ({_pct(counts['achieved'], total)}).",
            f"Chưa đạt mục tiêu: {counts['not_achieved']} chỉ tiêu.",
            f"Chưa có số liệu hoặc chưa đánh giá được: {counts['no_data']} chỉ tiêu.",
            "Chi tiết tại Phụ lục II.",
        )
    )
    return out


def _reporting_paragraphs(board: Dashboard) -> list[BodyParagraph]:
    c = board.completeness
    out = [BodyParagraph("3. Tình hình gửi báo cáo định kỳ", level=2)]
    if not c["expected"]:
        out.append(BodyParagraph("Chưa có kỳ báo cáo nào đến hạn."))
        return out
    out.extend(
        BodyParagraph(s)
        for s in (
            f"Số báo cáo đến hạn phải gửi: {c['expected']} báo cáo.",
            f"Đã nhận {c['received']} báo cáo ({_pct(c['received'], c['expected'])}), trong đó "
            f"đúng hạn {c['on_time']} báo cáo ({_pct(c['on_time'], c['expected'])}), "
            f"gửi muộn {c['late']} báo cáo.",
            f"Chưa gửi: {c['missing']} báo cáo.",
            "Chi tiết theo từng cơ quan, đơn vị tại Phụ lục IV.",
        )
    )
    return out


def _agency_name(task) -> str:
    return task.lead.name if task.lead_id and task.lead else (task.lead_raw or "Chưa xác định")


def _shortcomings(board: Dashboard) -> list[BodyParagraph]:
    out = [BodyParagraph("II. TỒN TẠI, HẠN CHẾ, KHÓ KHĂN, VƯỚNG MẮC", level=1)]
    overdue = len(board.overdue)
    if overdue:
        by_agency = Counter(_agency_name(r.task) for r in board.overdue)
        top = "; ".join(f"{name} ({n} nhiệm vụ)" for name, n in by_agency.most_common(5))
        out.append(
            BodyParagraph(
                f"Còn {overdue} nhiệm vụ chưa hoàn thành đã quá hạn (chi tiết tại Phụ lục III)."
            )
        )
        out.append(BodyParagraph(f"Các cơ quan chủ trì có nhiều nhiệm vụ quá hạn: {top}."))
    else:
        out.append(BodyParagraph("Không có nhiệm vụ chưa hoàn thành đã quá hạn."))
    if board.at_risk:
        out.append(
            BodyParagraph(
                f"Có {len(board.at_risk)} nhiệm vụ còn trong hạn nhưng tiến độ chậm, có nguy cơ "
                "không hoàn thành đúng hạn."
            )
        )
    if board.completeness["missing"]:
        out.append(
            BodyParagraph(
                f"Còn {board.completeness['missing']} báo cáo định kỳ đã đến hạn nhưng chưa gửi; "
                f"{board.completeness['late']} báo cáo gửi muộn."
            )
        )
    not_achieved = board.indicator_counts["not_achieved"]
    if not_achieved:
        out.append(BodyParagraph(f"Có {not_achieved} chỉ tiêu chưa đạt mục tiêu đề ra."))
    return out


def _next_steps(board: Dashboard) -> list[BodyParagraph]:
    out = [BodyParagraph("IV. NHIỆM VỤ, GIẢI PHÁP KỲ TỚI", level=1)]
    n = 1
    if board.overdue:
        out.append(
            BodyParagraph(
                f"{n}. Các cơ quan chủ trì khẩn trương hoàn thành {len(board.overdue)} nhiệm vụ "
                "đã quá hạn; trường hợp không thể hoàn thành, báo cáo rõ nguyên nhân và đề xuất "
                "gia hạn."
            )
        )
        n += 1
    if board.due_soon:
        out.append(
            BodyParagraph(
                f"{n}. Tập trung thực hiện {len(board.due_soon)} nhiệm vụ đến hạn trong 30 ngày "
                "tới, bảo đảm đúng tiến độ."
            )
        )
        n += 1
    out.append(
        BodyParagraph(
            f"{n}. Các cơ quan, đơn vị gửi báo cáo định kỳ đúng hạn, cập nhật đầy đủ tiến độ "
            "nhiệm vụ và số liệu chỉ tiêu trên hệ thống theo dõi."
        )
    )
    return out


def _official_parts(board: Dashboard, parts: list[ReportedParts]) -> list[BodyParagraph]:
    """The body in the official order: I. results, II. shortcomings and obstacles, III. causes,
    IV. next-period tasks, V. recommendations — each from the dashboard's figures, then what
    every agency and unit that reported wrote in that part."""
    results = part_paragraphs(parts, "summary")
    causes = part_paragraphs(parts, "causes") or [
        BodyParagraph("Các cơ quan, đơn vị chưa nêu nguyên nhân trong báo cáo.")
    ]
    return [
        BodyParagraph("I. KẾT QUẢ THỰC HIỆN", level=1),
        *_task_paragraphs(board),
        *_indicator_paragraphs(board),
        *_reporting_paragraphs(board),
        *(
            [BodyParagraph("4. Kết quả thực hiện của các cơ quan, đơn vị", level=2), *results]
            if results
            else []
        ),
        *_shortcomings(board),
        *part_paragraphs(parts, "difficulties"),
        BodyParagraph("III. NGUYÊN NHÂN", level=1),
        *causes,
        *_next_steps(board),
        *part_paragraphs(parts, "next_tasks"),
        BodyParagraph("V. ĐỀ XUẤT, KIẾN NGHỊ", level=1),
        *recommendation_paragraphs(parts),
    ]


# -- appendices ---------------------------------------------------------------------------------


def _appendix_groups(board: Dashboard, note: str) -> Appendix:
    keys = list(CATEGORY_LABELS)
    rows = []
    for index, (name, counter) in enumerate(board.by_group, start=1):
        rows.append(
            [str(index), name, str(sum(counter.values()))] + [str(counter[k]) for k in keys]
        )
    c = board.counts
    rows.append(["", "Tổng cộng", str(c["total"])] + [str(c[CATEGORY_COUNT_KEYS[k]]) for k in keys])
    return Appendix(
        number="I",
        title=(
            "Tình hình thực hiện nhiệm vụ theo bảy nhóm nhiệm vụ, giải pháp của Nghị quyết 57-NQ/TW"
            if board.groups and board.groups[0].param == "nq57"
            else "Tình hình thực hiện nhiệm vụ theo nhóm"
        ),
        note=note,
        columns=["STT", "Nhóm nhiệm vụ", "Tổng số", *CATEGORY_LABELS.values()],
        rows=rows,
        widths_mm=[12, 88, 15] + [18.5] * len(keys),
        total_rows=[len(rows) - 1],
    )


CHART_NUMBERS = ("V", "VI", "VII", "VIII")


def _appendix_charts(board: Dashboard, note: str) -> list[Appendix]:
    """The dashboard's charts (dashboards.charts, the same figures as the page), each as an
    appendix: the chart as a picture when it can be drawn here, then its table."""
    found = charts.board_charts(board, today=quarter_of(board.as_of))
    appendices = []
    for number, chart in zip(CHART_NUMBERS, found, strict=False):
        first = 60 if chart.key == "children" else 70
        rest = (PORTRAIT_TEXT_MM - first) / max(len(chart.headers) - 1, 1)
        appendices.append(
            Appendix(
                number=number,
                title=chart.title,
                note=note,
                columns=chart.headers,
                rows=[[str(cell) for cell in row] for row in chart.rows],
                widths_mm=[first] + [rest] * (len(chart.headers) - 1),
                landscape=False,
                image_png=charts.png(chart),
                image_alt=chart.summary,
            )
        )
    return appendices


def _target_text(row: IndicatorRow) -> str:
    if row.target is None:
        return ""
    return f"{row.target.raw} ({row.target.period})" if row.target.period else row.target.raw


def _value_text(row: IndicatorRow) -> str:
    if row.value is None:
        return "Chưa có số liệu"
    if row.value.value is not None:
        return _number(row.value.value)
    return row.value.text_value


def _appendix_indicators(board: Dashboard, note: str) -> Appendix:
    rows = []
    for index, row in enumerate(board.indicators, start=1):
        ind = row.indicator
        name = f"{ind.code}. {ind.name}" if ind.code else ind.name
        lead = ind.lead.name if ind.lead_id and ind.lead else ind.lead_raw
        rows.append(
            [
                str(index),
                name,
                ind.unit_of_measure,
                _target_text(row),
                _value_text(row),
                ACHIEVEMENT_LABELS[row.achieved],
                lead,
                "" if row.note.strip().lower() in ("đạt", "chưa đạt") else row.note,
            ]
        )
    counts = board.indicator_counts
    if rows:
        rows.append(
            [
                "",
                f"Tổng cộng: {len(board.indicators)} chỉ tiêu",
                "",
                "",
                "",
                f"Đạt: {counts['achieved']}; chưa đạt: {counts['not_achieved']}; "
                f"chưa đánh giá được: {counts['no_data']}",
                "",
                "",
            ]
        )
    return Appendix(
        number="II",
        title="Kết quả thực hiện các chỉ tiêu so với mục tiêu",
        note=note,
        columns=[
            "STT",
            "Chỉ tiêu",
            "Đơn vị tính",
            "Mục tiêu",
            "Kết quả thực hiện",
            "Đánh giá",
            "Cơ quan chủ trì",
            "Ghi chú",
        ],
        rows=rows,
        widths_mm=[12, 80, 18, 28, 24, 22, 34, 34],
        total_rows=[len(rows) - 1] if rows else [],
        empty_text="Chưa có chỉ tiêu nào được theo dõi.",
        align=["center", "left", "center", "center", "center", "center", "left", "left"],
    )


def _appendix_overdue(board: Dashboard, note: str) -> Appendix:
    rows = []
    for index, row in enumerate(board.overdue, start=1):
        task = row.task
        title = f"{task.code}. {task.title}" if task.code else task.title
        due = _d(row.evaluation.effective_due)
        if task.deadline_raw and task.deadline_raw != due:
            due = f"{due}\n({task.deadline_raw})" if due else task.deadline_raw
        rows.append(
            [
                str(index),
                title,
                task.plan.short_label,
                _agency_name(task),
                task.coordinators_raw,
                due,
                str(row.evaluation.days_overdue),
                f"{row.progress}%",
            ]
        )
    return Appendix(
        number="III",
        title="Danh mục nhiệm vụ chưa hoàn thành đã quá hạn",
        note=note,
        columns=[
            "STT",
            "Nhiệm vụ",
            "Kế hoạch",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời hạn",
            "Số ngày quá hạn",
            "Tiến độ đã báo cáo",
        ],
        rows=rows,
        widths_mm=[12, 88, 24, 34, 34, 26, 18, 18],
        empty_text="Không có nhiệm vụ quá hạn.",
        align=["center", "left", "center", "left", "left", "center", "center", "center"],
    )


def _appendix_completeness(board: Dashboard, note: str) -> Appendix:
    rows = []
    agencies = sorted(
        (a for a in board.agencies if a.reports["on_time"] + a.reports["late"] + a.reports["missing"]),
        key=lambda a: (a.agency.unit.path, a.agency.name),
    )  # fmt: skip
    for index, row in enumerate(agencies, start=1):
        r = row.reports
        expected = r["on_time"] + r["late"] + r["missing"]
        name = row.agency.name
        if row.agency.unit_id != board.unit.pk:
            name = f"{name} ({row.agency.unit.name})"
        rows.append(
            [
                str(index),
                name,
                str(expected),
                str(r["on_time"]),
                str(r["late"]),
                str(r["missing"]),
                _pct(r["on_time"], expected),
            ]
        )
    c = board.completeness
    if rows:
        rows.append(
            [
                "",
                "Tổng cộng",
                str(c["expected"]),
                str(c["on_time"]),
                str(c["late"]),
                str(c["missing"]),
                _pct(c["on_time"], c["expected"]),
            ]
        )
    return Appendix(
        number="IV",
        title="Tình hình gửi báo cáo định kỳ của các cơ quan, đơn vị",
        note=note,
        columns=[
            "STT",
            "Cơ quan, đơn vị",
            "Số báo cáo phải gửi",
            "Đúng hạn",
            "Muộn",
            "Chưa gửi",
            "Tỷ lệ đúng hạn",
        ],
        rows=rows,
        widths_mm=[12, 65, 20, 17, 17, 17, 17],
        total_rows=[len(rows) - 1] if rows else [],
        empty_text="Chưa có kỳ báo cáo nào đến hạn.",
    )


# -- the report ---------------------------------------------------------------------------------


def _recipients(unit: Unit) -> list[str]:
    out = []
    parent = unit.parent
    if parent is not None and parent.level != UnitLevel.NATIONAL:
        out.append(f"{_short_authority(parent)} (để báo cáo)")
    elif parent is not None:
        out.append("Ban Chỉ đạo Trung ương (để báo cáo)")
    if unit.level == UnitLevel.COMMUNE:
        out.append("Thường trực Đảng ủy, HĐND xã (để báo cáo)")
        out.append("Chủ tịch, các Phó Chủ tịch UBND xã")
    elif unit.level == UnitLevel.PROVINCE:
        out.append("Thường trực Tỉnh ủy, HĐND tỉnh (để báo cáo)")
        out.append("Chủ tịch, các Phó Chủ tịch UBND tỉnh")
    out.append("Các cơ quan, đơn vị có liên quan")
    out.append("Lưu: VT")
    return out


def consolidated_report_data(
    *,
    unit: Unit | None = None,
    plan: Plan | None = None,
    as_of: dt.date | None = None,
    period: ReportingPeriod | str | None = None,
    report_date: dt.date | None = None,
    number: str | None = None,
    signer_name: str = "",
    board: Dashboard | None = None,
) -> ConsolidatedReport:
    """The consolidated report of ``unit`` (or of ``plan``'s unit, naming that plan) as of
    ``as_of``.

    Figures are ``unit_dashboard(unit=unit, as_of=as_of)``'s — the unit and everything below
    it, all active plans — passed through ``board`` when the caller already has it.
    ``period`` (a ReportingPeriod or a label such as "Quý III/2026") only names the period;
    without it the title says "tính đến ngày …". ``report_date`` defaults to ``as_of``.
    """
    if unit is None and plan is None:
        raise ValueError("Cần chỉ rõ đơn vị hoặc kế hoạch.")
    unit = unit or plan.unit
    as_of = as_of or timezone.localdate()
    if board is None:
        board = unit_dashboard(unit=unit, as_of=as_of)
    elif board.unit.pk != unit.pk or board.as_of != as_of:
        raise ValueError("Bảng điều khiển đã cho không cùng đơn vị hoặc ngày với báo cáo.")

    if plan is None:
        own = list(Plan.objects.filter(unit=unit, status=PlanStatus.ACTIVE).select_related("unit"))
        # Name the unit's own plan only when the figures are that plan's alone.
        if len(own) == 1 and {r.task.plan_id for r in board.tasks} <= {own[0].pk}:
            plan = own[0]
    period_label = _period_label(period, as_of)
    if plan is not None:
        reference = _plan_reference(plan)
        short = _plan_reference(plan, issuer=plan.unit_id != unit.pk)
        title = f"Kết quả thực hiện {short}\n{period_label[:1].upper() + period_label[1:]}"
        basis = f"Thực hiện {NQ57} và {reference}"
    else:
        scope = "trên địa bàn" if unit.level != UnitLevel.NATIONAL else "trên phạm vi cả nước"
        title = (
            "Kết quả thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị\n"
            f"{scope} {_lower_first(unit.name) if unit.level != UnitLevel.NATIONAL else ''}"
            f" {period_label}"
        ).replace("  ", " ")
        basis = f"Thực hiện {NQ57}"
    issuer, authority, role, suffix = issuer_of(unit)
    basis += (
        f"; {_authority_name(unit)} báo cáo kết quả thực hiện {period_label} "
        f"(số liệu tính đến ngày {_d(as_of)}, tổng hợp từ báo cáo của các cơ quan, đơn vị "
        "đã được tiếp nhận) như sau:"
    )

    body = [
        BodyParagraph(basis),
        *_official_parts(board, reported_parts(unit=unit, as_of=as_of, period=period)),
        BodyParagraph(
            f"Trên đây là báo cáo kết quả thực hiện {period_label} của {_authority_name(unit)}./."
        ),
    ]
    number = number if number is not None else f"{' ' * 8}{suffix}"
    note = f"(Kèm theo Báo cáo số {number} ngày {_d(report_date or as_of)} của {_short_authority(unit)})"  # noqa: E501
    return ConsolidatedReport(
        issuer=issuer,
        number=number,
        place=place_of(unit),
        date=report_date or as_of,
        title=title,
        body=body,
        recipients=_recipients(unit),
        signer_authority=authority,
        signer_role=role,
        signer_name=signer_name,
        appendices=[
            _appendix_groups(board, note),
            _appendix_indicators(board, note),
            _appendix_overdue(board, note),
            _appendix_completeness(board, note),
            *_appendix_charts(board, note),
        ],
    )


def report_filename(unit: Unit, as_of: dt.date, extension: str) -> str:
    """ "Báo cáo tổng hợp - Xã Vĩnh Lại - 2026-11-23.docx"."""
    return f"Báo cáo tổng hợp - {unit.name} - {as_of:%Y-%m-%d}.{extension}"
