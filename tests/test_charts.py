"""Server-drawn charts (dashboards.charts): the figures, their tables, the SVG and the PNG."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from theodoi.dashboards import charts
from theodoi.dashboards.selectors import quarter_of, unit_dashboard

COUNTS = {
    "total": 20,
    "due_done_on_time": 6,
    "due_done_late": 2,
    "open_within_deadline": 7,
    "open_overdue": 4,
    "continuous": 1,
}


def _numbers(svg: str, attribute: str) -> list[float]:
    return [float(v) for v in re.findall(rf'{attribute}="([\d.]+)"', svg)]


def test_status_chart_has_each_category_with_its_share():
    chart = charts.status_chart(COUNTS)
    rows = {row[0]: row[1:] for row in chart.rows}
    assert rows["Hoàn thành đúng hạn"] == [6, "30%"]
    assert rows["Chưa hoàn thành, quá hạn"] == [4, "20%"]
    assert "Tạm dừng" not in rows  # nothing paused: left out
    assert chart.headers == ["Tình trạng", "Số nhiệm vụ", "Tỷ lệ"]
    assert "20 nhiệm vụ; 8 đã hoàn thành, 4 chưa hoàn thành" in chart.summary


def test_progress_chart_is_cumulative_over_every_quarter_up_to_today():
    chart = charts.progress_chart({"2025-3": 2, "2026-1": 3}, 20, today="2026-2")
    assert chart.rows == [
        ["Quý III/2025", 2, 2, "10%"],
        ["Quý IV/2025", 0, 2, "10%"],
        ["Quý I/2026", 3, 5, "25%"],
        ["Quý II/2026", 0, 5, "25%"],
    ]
    assert [b.note for b in chart.bars] == ["10%", "10%", "25%", "25%"]
    assert chart.scale == 40  # the highest column, with room above it


def test_progress_chart_shows_the_last_eight_quarters_counting_the_earlier_ones():
    chart = charts.progress_chart({"2020-1": 4, "2026-4": 1}, 10, today="2026-4")
    assert len(chart.rows) == charts.QUARTERS_SHOWN
    assert chart.rows[0][0] == "Quý I/2025" and chart.rows[0][2] == 4
    assert chart.rows[-1] == ["Quý IV/2026", 1, 5, "50%"]


def test_children_chart_keeps_the_ranking_order_and_shares_add_up():
    chart = charts.children_chart(
        [("Tỉnh B", COUNTS, 80.5), ("Tỉnh A", {"total": 0}, None)], key="children"
    )
    assert [row[0] for row in chart.rows] == ["Tỉnh B", "Tỉnh A"]
    assert chart.rows[0] == ["Tỉnh B", "80,5", 20, 8, 4, "40%"]
    assert sum(s.value for s in chart.bars[0].segments) == pytest.approx(100)
    assert chart.rows[1][1] == "—"
    assert [b.label for b in chart.bars] == ["Tỉnh B · điểm 80,5"]  # no tasks: table only
    assert "(1 đơn vị chưa có nhiệm vụ)" in chart.summary


def test_reports_chart_gives_the_on_time_rate_per_quarter_in_order():
    chart = charts.reports_chart(
        {"2026-2": {"on_time": 1, "late": 1, "missing": 2}, "2026-1": {"on_time": 3}}
    )
    assert chart.rows == [
        ["Quý I/2026", 3, 3, 0, 0, "100%"],
        ["Quý II/2026", 4, 1, 1, 2, "25%"],
    ]


@pytest.mark.parametrize(
    "chart",
    [
        charts.status_chart(COUNTS),
        charts.progress_chart({"2026-1": 5}, 20, today="2026-4"),
        charts.children_chart([(f"Xã số {i}", COUNTS, 50.0) for i in range(40)]),
        charts.reports_chart({"2026-1": {"on_time": 3, "late": 2}}),
    ],
    ids=["status", "progress", "children", "reports"],
)
def test_every_svg_is_labelled_and_fits_its_view_box(chart):
    svg = charts.svg(chart)
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert f'aria-labelledby="chart-{chart.key}-title chart-{chart.key}-desc"' in svg
    assert f'<title id="chart-{chart.key}-title">{chart.title}</title>' in svg
    assert 'width="100%"' in svg  # scales to a 390 px phone
    xs, widths = _numbers(svg, "x"), _numbers(svg, "width")[1:]
    assert max(xs) <= charts.WIDTH and max(widths) <= charts.WIDTH
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_text_in_a_chart_is_escaped():
    chart = charts.children_chart([("<script>alert(1)</script>", COUNTS, 1.0)])
    svg = charts.svg(chart)
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_an_empty_chart_says_so():
    assert "Chưa có số liệu." in charts.svg(charts.reports_chart({}))


def test_png_is_drawn_when_a_font_is_installed():
    data = charts.png(charts.status_chart(COUNTS))
    if charts._font_path() is None:
        assert data is None
    else:
        assert data.startswith(b"\x89PNG")


def test_the_dashboard_shows_its_charts_each_with_its_table(login, users, units, plan):
    body = login(users["leader"]).get(f"/bang-dieu-khien/{units['province'].pk}/").content.decode()
    for key in ("status", "progress", "children"):
        assert f'data-chart="{key}"' in body
        assert f'data-chart-table="{key}"' in body
    assert "Nhiệm vụ theo tình trạng" in body and "Bảng số liệu" in body


def test_board_charts_follow_the_dashboard(units, plan):
    today = timezone.localdate()
    board = unit_dashboard(unit=units["province"], as_of=today)
    found = charts.board_charts(board, today=quarter_of(today))
    assert [c.key for c in found] == ["status", "progress", "children"]
    status = {row[0]: row[1] for row in found[0].rows}
    assert status["Chưa hoàn thành, quá hạn"] == board.counts["open_overdue"]
    children = {row[0]: row[2] for row in found[2].rows}
    assert children == {child.name: counts["total"] for child, counts, _s in board.children}


def test_the_consolidated_docx_has_each_chart_and_its_table(units, plan):
    import io

    from docx import Document

    from theodoi.documents.builders import build_consolidated_docx
    from theodoi.documents.selectors import consolidated_report_data

    today = timezone.localdate()
    board = unit_dashboard(unit=units["province"], as_of=today)
    data = consolidated_report_data(unit=units["province"], as_of=today, board=board)
    document = Document(io.BytesIO(build_consolidated_docx(data)))
    text = "\n".join(p.text for p in document.paragraphs)
    found = charts.board_charts(board, today=quarter_of(today))
    tables = document.tables[-len(found) :]
    for number, chart, table in zip(("V", "VI", "VII"), found, tables, strict=True):
        assert f"Phụ lục {number}" in text and chart.title.upper() in text
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        assert rows == [chart.headers, *[[str(c) for c in row] for row in chart.rows]]
    if charts._font_path() is not None:
        assert len(document.inline_shapes) == len(found)
    # above the plans, appendix I is by the seven groups
    assert "THEO BẢY NHÓM NHIỆM VỤ, GIẢI PHÁP CỦA NGHỊ QUYẾT 57-NQ/TW" in text
