"""The chart of a national KPI across units: one bar per unit that has a value, best first,
coloured by whether it reaches the national target, drawn with the dashboards' SVG charts
(``dashboards.charts``: inline SVG from the server, its table beside it)."""

from __future__ import annotations

from theodoi.dashboards.charts import Bar, Chart, Segment

ACHIEVED, NOT_ACHIEVED, UNKNOWN = "on_time", "late", "continuous"  # colours of dashboards.charts
LABELS = {
    ACHIEVED: "Đạt mục tiêu quốc gia",
    NOT_ACHIEVED: "Chưa đạt mục tiêu quốc gia",
    UNKNOWN: "Chưa so được với mục tiêu",
}


def _number(value) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def kpi_chart(board) -> Chart:
    """``board``: a ``kpis.selectors.KpiBoard``."""
    target = board.national_target
    bars, rows = [], []
    for row in board.ranked:
        key = {True: ACHIEVED, False: NOT_ACHIEVED}.get(row.achieved, UNKNOWN)
        value = float(row.value)
        bars.append(
            Bar(
                f"{row.position}. {row.unit.name}",
                (Segment(key, LABELS[key], value),),
                _number(row.value),
            )
        )
        rows.append([row.unit.name, _number(row.value), LABELS[key], row.basis_label])
    top = max([float(r.value) for r in board.ranked] + ([float(target.value)] if target else []))
    unit = board.kpi.unit_of_measure
    goal = f"mục tiêu quốc gia năm {target.year}: {target.raw}" if target else "chưa có mục tiêu"
    return Chart(
        key="kpi",
        title=f"{board.kpi.name} ({unit})",
        summary=(
            f"{len(bars)} đơn vị có số liệu, xếp từ tốt nhất; {goal}; "
            f"{len(board.missing)} đơn vị chưa có số liệu."
        ),
        bars=bars,
        scale=top or 1,
        headers=["Đơn vị", f"Giá trị ({unit})", "So với mục tiêu quốc gia", "Cách lấy giá trị"],
        rows=rows,
    )
