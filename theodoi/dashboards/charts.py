"""Charts a leader reads at a glance, drawn on the server: inline SVG (no JavaScript, nothing
fetched) and, for the consolidated DOCX, the same chart as a PNG (Pillow, when a font with
Vietnamese letters is installed).

Plain Python, no Django: a chart is data (``Chart``: bars made of coloured segments, and the
table of the same figures that the page shows beside it); ``svg`` and ``png`` draw it. The
builders take the dashboard's figures: ``status_chart`` (the evaluation categories),
``progress_chart`` (tasks done by the end of each quarter), ``children_chart`` (sub-units
compared) and ``reports_chart`` (reports received on time per quarter). Every SVG has a title
and a description for screen readers and fits a 390 px wide phone (a 360-unit view box that
scales with its container; labels sit above the bars, not beside them).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

WIDTH = 360
COLOURS = {
    "due_done_on_time": "#198754",
    "due_done_late": "#b8860b",
    "open_within_deadline": "#0d6efd",
    "open_overdue": "#dc3545",
    "continuous": "#6c757d",
    "waiting_condition": "#6f42c1",
    "not_feasible": "#212529",
    "paused": "#adb5bd",
    "on_time": "#198754",
    "late": "#b8860b",
    "missing": "#dc3545",
    "progress": "#198754",
}
STATUS_LABELS = {
    "due_done_on_time": "Hoàn thành đúng hạn",
    "due_done_late": "Hoàn thành quá hạn",
    "open_within_deadline": "Chưa hoàn thành, trong hạn",
    "open_overdue": "Chưa hoàn thành, quá hạn",
    "continuous": "Thường xuyên",
    "waiting_condition": "Chờ điều kiện",
    "not_feasible": "Không thực hiện được",
    "paused": "Tạm dừng",
}
VERDICT_LABELS = {"on_time": "Đúng hạn", "late": "Muộn", "missing": "Chưa gửi"}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
QUARTERS_SHOWN = 8


@dataclass(frozen=True)
class Segment:
    key: str  # a colour of COLOURS
    label: str
    value: float


@dataclass(frozen=True)
class Bar:
    label: str
    segments: tuple[Segment, ...]
    note: str  # the figure written at the end of the bar


@dataclass
class Chart:
    key: str  # unique on the page (element ids)
    title: str
    summary: str  # one sentence: what the chart shows, for screen readers
    bars: list[Bar]
    scale: float  # the value of a full-length bar
    horizontal: bool = True
    headers: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)

    @property
    def legend(self) -> list[tuple[str, str]]:
        seen: dict[str, str] = {}
        for bar in self.bars:
            for segment in bar.segments:
                seen.setdefault(segment.key, segment.label)
        stacked = any(len(bar.segments) > 1 for bar in self.bars)
        return [(COLOURS[k], label) for k, label in seen.items()] if stacked else []


def number(n: float) -> str:
    """1.234 (Vietnamese thousands separator)."""
    return f"{int(round(n)):,}".replace(",", ".")


def percent(part: float, whole: float) -> int | None:
    return round(100 * part / whole) if whole else None


def quarter_label(key: str, *, short: bool = False) -> str:
    """ "2026-1" → "Quý I/2026" (short: "I/2026")."""
    year, q = key.split("-")
    return f"{ROMAN[int(q)]}/{year}" if short else f"Quý {ROMAN[int(q)]}/{year}"


def _quarter_sort(key: str) -> tuple[int, int]:
    year, q = key.split("-")
    return int(year), int(q)


def _quarters_until(first: str, last: str) -> list[str]:
    year, q = _quarter_sort(first)
    end = _quarter_sort(last)
    keys = []
    while (year, q) <= end:
        keys.append(f"{year}-{q}")
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return keys


# -- builders -----------------------------------------------------------------------------------


def status_chart(counts: dict[str, int], *, key: str = "status") -> Chart:
    """Tasks by evaluation category (the Government Office's counts)."""
    total = counts.get("total", 0)
    bars, rows = [], []
    for name, label in STATUS_LABELS.items():
        n = counts.get(name, 0)
        if n or name in ("due_done_on_time", "open_within_deadline", "open_overdue"):
            share = percent(n, total)
            note = f"{number(n)} ({share}%)" if share is not None else number(n)
            bars.append(Bar(label, (Segment(name, label, n),), note))
            rows.append([label, n, f"{share}%" if share is not None else "—"])
    top = max((b.segments[0].value for b in bars), default=0)
    done = counts.get("due_done_on_time", 0) + counts.get("due_done_late", 0)
    return Chart(
        key=key,
        title="Nhiệm vụ theo tình trạng",
        summary=(
            f"{number(total)} nhiệm vụ; {number(done)} đã hoàn thành, "
            f"{number(counts.get('open_overdue', 0))} chưa hoàn thành và đã quá hạn."
        ),
        bars=bars,
        scale=top or 1,
        headers=["Tình trạng", "Số nhiệm vụ", "Tỷ lệ"],
        rows=rows,
    )


def progress_chart(
    done_by_quarter: dict[str, int], total: int, *, today: str, key: str = "progress"
) -> Chart:
    """Share of the tasks done by the end of each quarter (cumulative), the last quarters up
    to ``today``'s ("2026-4")."""
    first = min([*done_by_quarter, today], key=_quarter_sort)
    keys = _quarters_until(first, today)
    cumulative, running = {}, 0
    for q in keys:
        running += done_by_quarter.get(q, 0)
        cumulative[q] = running
    shown = keys[-QUARTERS_SHOWN:]
    bars, rows = [], []
    for q in shown:
        share = percent(cumulative[q], total) or 0
        bars.append(
            Bar(
                quarter_label(q, short=True),
                (Segment("progress", "Đã hoàn thành", share),),
                f"{share}%",
            )
        )
        rows.append([quarter_label(q), done_by_quarter.get(q, 0), cumulative[q], f"{share}%"])
    last = percent(cumulative[today], total) if total else None
    highest = max((b.segments[0].value for b in bars), default=0)
    return Chart(
        key=key,
        title="Tiến độ qua các kỳ: tỷ lệ nhiệm vụ đã hoàn thành tính đến cuối kỳ",
        summary=(
            f"Đến {quarter_label(today)} đã hoàn thành {number(cumulative[today])}/"
            f"{number(total)} nhiệm vụ" + (f" ({last}%)." if last is not None else ".")
        ),
        bars=bars,
        scale=min(100, max(10, math.ceil(highest * 1.25 / 10) * 10)),  # room above the top
        horizontal=False,
        headers=["Kỳ", "Hoàn thành trong kỳ", "Lũy kế", "Tỷ lệ lũy kế"],
        rows=rows,
    )


def children_chart(
    children: list[tuple[str, dict[str, int], float | None]], *, key: str = "children"
) -> Chart:
    """Sub-units compared (in ranking order): each one's tasks as shares by status, and its
    score; a sub-unit without tasks is in the table only."""
    parts = ("due_done_on_time", "due_done_late", "open_within_deadline", "open_overdue")
    bars, rows = [], []
    for name, counts, score in children:
        total = counts.get("total", 0)
        other = total - sum(counts.get(p, 0) for p in parts)
        segments = [Segment(p, STATUS_LABELS[p], counts.get(p, 0)) for p in parts]
        segments.append(Segment("continuous", "Khác (thường xuyên, chờ, tạm dừng…)", other))
        scale = total or 1
        shares = tuple(Segment(s.key, s.label, 100 * s.value / scale) for s in segments)
        done = counts.get("due_done_on_time", 0) + counts.get("due_done_late", 0)
        score_text = "—" if score is None else f"{float(score):.1f}".replace(".", ",")
        if total:
            bars.append(Bar(f"{name} · điểm {score_text}", shares, f"{percent(done, total)}%"))
        rows.append(
            [
                name,
                score_text,
                total,
                done,
                counts.get("open_overdue", 0),
                f"{percent(done, total) or 0}%",
            ]
        )
    return Chart(
        key=key,
        title="So sánh các đơn vị trực thuộc",
        summary=(
            f"{len(bars)} đơn vị có nhiệm vụ, theo thứ tự xếp hạng"
            + (
                f" ({len(children) - len(bars)} đơn vị chưa có nhiệm vụ)"
                if len(bars) < len(children)
                else ""
            )
            + "; mỗi thanh là cơ cấu nhiệm vụ theo tình trạng, số cuối thanh là tỷ lệ đã hoàn thành."
        ),
        bars=bars,
        scale=100,
        headers=["Đơn vị", "Điểm", "Nhiệm vụ", "Đã hoàn thành", "Quá hạn", "Tỷ lệ hoàn thành"],
        rows=rows,
    )


def reports_chart(reports_by_quarter: dict[str, dict[str, int]], *, key: str = "reports") -> Chart:
    """Reports due per quarter (by the quarter their period ends in): on time, late, missing."""
    keys = sorted((q for q in reports_by_quarter if q), key=_quarter_sort)[-QUARTERS_SHOWN:]
    bars, rows = [], []
    top = 1
    for q in keys:
        counts = reports_by_quarter[q]
        due = sum(counts.get(v, 0) for v in VERDICT_LABELS)
        top = max(top, due)
        on_time = percent(counts.get("on_time", 0), due)
        segments = tuple(Segment(v, label, counts.get(v, 0)) for v, label in VERDICT_LABELS.items())
        bars.append(
            Bar(
                quarter_label(q, short=True),
                segments,
                f"{on_time}%" if on_time is not None else "—",
            )
        )
        rows.append(
            [
                quarter_label(q),
                due,
                counts.get("on_time", 0),
                counts.get("late", 0),
                counts.get("missing", 0),
                f"{on_time}%" if on_time is not None else "—",
            ]
        )
    return Chart(
        key=key,
        title="Báo cáo định kỳ nhận đúng hạn theo kỳ",
        summary=(
            f"Báo cáo đến hạn của {len(keys)} kỳ gần nhất: đúng hạn, muộn và chưa gửi; "
            "số trên cột là tỷ lệ đúng hạn."
        ),
        bars=bars,
        scale=top,
        horizontal=False,
        headers=["Kỳ", "Đến hạn", "Đúng hạn", "Muộn", "Chưa gửi", "Tỷ lệ đúng hạn"],
        rows=rows,
    )


def board_charts(board, *, today: str) -> list[Chart]:
    """The charts of a dashboard (dashboards.selectors.Dashboard), in the page's order; a chart
    with nothing to show is left out."""
    charts = [status_chart(board.counts)]
    if board.counts.get("total"):
        charts.append(progress_chart(board.done_by_quarter, board.counts["total"], today=today))
    if board.children:
        charts.append(
            children_chart(
                [(unit.name, counts, score.total) for unit, counts, score in board.children]
            )
        )
    if board.reports_by_quarter:
        charts.append(reports_chart(board.reports_by_quarter))
    return charts


# -- layout: shapes in view-box units, drawn as SVG or PNG ---------------------------------------


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    colour: str
    tip: str = ""


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    size: int = 12
    anchor: str = "start"  # or "middle"
    bold: bool = False


def _box(x: float, y: float, w: float, h: float, segment: Segment) -> Box:
    value = number(segment.value) if segment.value >= 1 else "0"
    return Box(x, y, max(w, 0.0), max(h, 0.0), COLOURS[segment.key], f"{segment.label}: {value}")


def _legend(chart: Chart, y: float) -> tuple[list, float]:
    shapes, x = [], 0.0
    for colour, label in chart.legend:
        width = 16 + 6.6 * len(label)
        if x + width > WIDTH:
            x, y = 0.0, y + 18
        shapes += [Box(x, y - 10, 11, 11, colour), Text(x + 15, y, label, 12)]
        x += width + 8
    return shapes, (y + 14 if shapes else y)


def _horizontal(chart: Chart, top: float) -> tuple[list, float]:
    shapes, y, room = [], top, WIDTH - 84  # room for "1.234 (56%)" after the longest bar
    for bar in chart.bars:
        shapes.append(Text(0, y + 12, bar.label, 13))
        x = 0.0
        for segment in bar.segments:
            w = room * segment.value / chart.scale
            shapes.append(_box(x, y + 17, w, 15, segment))
            x += w
        shapes.append(Text(x + 4, y + 29, bar.note, 12, bold=True))
        y += 40
    return shapes, y


def _vertical(chart: Chart, top: float) -> tuple[list, float]:
    plot = 130.0
    step = WIDTH / max(len(chart.bars), 1)
    width = min(36.0, step - 8)
    base = top + 24 + plot  # headroom for the figure above the highest column
    shapes: list = [Box(0, base, WIDTH, 1, "#6c757d")]
    for i, bar in enumerate(chart.bars):
        x, y = i * step + (step - width) / 2, base
        for segment in bar.segments:
            h = plot * segment.value / chart.scale
            y -= h
            shapes.append(_box(x, y, width, h, segment))
        shapes.append(Text(x + width / 2, y - 5, bar.note, 12, "middle", True))
        shapes.append(Text(x + width / 2, base + 15, bar.label, 11, "middle"))
    return shapes, base + 24


def layout(chart: Chart) -> tuple[list, float]:
    """The chart's boxes and texts, and its height, in a WIDTH-wide view box."""
    shapes, y = _legend(chart, 12)
    if not chart.bars:
        return [*shapes, Text(0, y + 14, "Chưa có số liệu.")], y + 24
    body, height = (_horizontal if chart.horizontal else _vertical)(chart, y)
    return shapes + body, height


def _svg_shape(shape) -> str:
    if isinstance(shape, Box):
        tip = f"<title>{escape(shape.tip)}</title>" if shape.tip else ""
        return (
            f'<rect x="{shape.x:.1f}" y="{shape.y:.1f}" width="{shape.w:.1f}" '
            f'height="{shape.h:.1f}" fill="{shape.colour}">{tip}</rect>'
        )
    weight = ' font-weight="600"' if shape.bold else ""
    return (
        f'<text x="{shape.x:.1f}" y="{shape.y:.1f}" font-size="{shape.size}" '
        f'text-anchor="{shape.anchor}"{weight}>{escape(shape.text)}</text>'
    )


def svg(chart: Chart) -> str:
    """The chart as an inline SVG element (all text escaped: safe to insert in a page)."""
    title_id, desc_id = f"chart-{chart.key}-title", f"chart-{chart.key}-desc"
    shapes, height = layout(chart)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="100%" style="max-width:{WIDTH * 2}px" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" class="chart" data-chart="{chart.key}" '
        'font-family="system-ui, \'Segoe UI\', Roboto, sans-serif" fill="#212529">'
        f'<title id="{title_id}">{escape(chart.title)}</title>'
        f'<desc id="{desc_id}">{escape(chart.summary)}</desc>'
        + "".join(_svg_shape(shape) for shape in shapes)
        + "</svg>"
    )


# -- PNG (for the DOCX) -------------------------------------------------------------------------

FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)
BOLD_FONTS = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf": (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
    ),
}


def _font_path() -> str | None:
    return next((path for path in FONTS if Path(path).is_file()), None)


def png(chart: Chart, *, scale: int = 3) -> bytes | None:
    """The chart as a PNG drawn with Pillow, or None when no font with Vietnamese letters is
    installed (the DOCX then has the table only)."""
    regular = _font_path()
    if regular is None:
        return None
    from PIL import Image, ImageDraw, ImageFont

    bold = BOLD_FONTS.get(regular, regular)
    bold = bold if Path(bold).is_file() else regular
    shapes, height = layout(chart)
    image = Image.new("RGB", (WIDTH * scale, int(height + 8) * scale), "white")
    draw = ImageDraw.Draw(image)
    fonts: dict[tuple[int, bool], ImageFont.FreeTypeFont] = {}
    for shape in shapes:
        if isinstance(shape, Box):
            if shape.w > 0 and shape.h > 0:
                corners = [shape.x, shape.y, shape.x + shape.w, shape.y + shape.h]
                draw.rectangle([c * scale for c in corners], fill=shape.colour)
            continue
        key = (shape.size, shape.bold)
        if key not in fonts:
            fonts[key] = ImageFont.truetype(bold if shape.bold else regular, shape.size * scale)
        draw.text(
            (shape.x * scale, shape.y * scale),
            shape.text,
            fill="#212529",
            font=fonts[key],
            anchor="ms" if shape.anchor == "middle" else "ls",
        )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
