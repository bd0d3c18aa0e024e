"""The consolidated report as DOCX: Decree 30/2020 layout, and figures equal to the dashboard's."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from theodoi.dashboards.selectors import CATEGORY_LABELS, unit_dashboard
from theodoi.documents.builders import (
    MOTTO,
    NATIONAL_NAME,
    Appendix,
    BodyParagraph,
    ConsolidatedReport,
    build_consolidated_docx,
    issuer_lines,
    vietnamese_date,
)
from theodoi.documents.selectors import CATEGORY_COUNT_KEYS, consolidated_report_data
from theodoi.reporting import services
from theodoi.reporting.models import ReportingPeriod

APPENDIX_TABLES = slice(2, 6)  # header table, closing table, then appendices I–IV


@pytest.fixture
def period(plan):
    return ReportingPeriod.objects.create(
        plan=plan,
        kind="quarterly",
        label="Quý III/2025",
        start=dt.date(2025, 7, 1),
        end=dt.date(2025, 9, 30),
        due=dt.date(2025, 9, 15),
    )


@pytest.fixture
def reported(users, agencies, period):
    """Phòng Kinh tế reports (late) task 1.2 done and the indicator at 90; the office accepts."""
    report = services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])
    update = report.task_updates.get(role="lead")
    services.report_save(
        report=report,
        user=users["reporter"],
        summary="",
        task_updates=[{"id": update.pk, "status": "done", "progress": 100}],
        indicator_values=[{"id": report.indicator_values.get().pk, "value": 90}],
    )
    services.report_submit(report=report, user=users["reporter"])
    return services.report_accept(report=report, user=users["office"])


def _open(data) -> Document:
    return Document(io.BytesIO(build_consolidated_docx(data)))


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.fixture
def as_of():
    return timezone.localdate()


@pytest.fixture
def document_and_board(units, plan, reported, as_of):
    board = unit_dashboard(unit=units["commune"], as_of=as_of)
    data = consolidated_report_data(
        unit=units["commune"], as_of=as_of, period="Quý III/2025", signer_name="Nguyễn Văn An"
    )
    return _open(data), board


def test_header_follows_decree_30(document_and_board, as_of):
    document, _board = document_and_board
    header = document.tables[0]
    left, right = header.rows[0].cells
    assert left.text.strip().replace("\n", " ") == "ỦY BAN NHÂN DÂN XÃ VĨNH LẠI"
    assert left.paragraphs[0].runs[0].bold
    assert right.paragraphs[0].text == NATIONAL_NAME
    assert right.paragraphs[0].runs[0].bold
    motto = right.paragraphs[1]
    assert motto.text == MOTTO == "Độc lập - Tự do - Hạnh phúc"
    assert motto.runs[0].bold and motto.runs[0].underline
    number, date = header.rows[1].cells
    assert number.text.startswith("Số:") and number.text.endswith("/BC-UBND")
    assert date.text == vietnamese_date("Vĩnh Lại", as_of)
    assert date.paragraphs[0].runs[0].italic
    # Borderless header table.
    borders = header._tbl.tblPr.xpath("./w:tblBorders/*")
    assert borders and all(b.get(qn("w:val")) == "nil" for b in borders)


def test_title_body_and_signature(document_and_board):
    document, board = document_and_board
    paragraphs = [p for p in document.paragraphs if p.text]
    title = next(p for p in paragraphs if p.text == "BÁO CÁO")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.runs[0].bold
    subject = paragraphs[paragraphs.index(title) + 1]
    assert subject.text.startswith("Kết quả thực hiện Kế hoạch số 12/KH-UBND")
    body = [p for p in paragraphs if p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY]
    assert body and body[-1].text.endswith("./.")
    text = "\n".join(p.text for p in body)
    assert f"Tổng số nhiệm vụ theo dõi: {board.counts['total']} nhiệm vụ." in text
    assert f"quá hạn {board.counts['open_overdue']} nhiệm vụ." in text
    assert f"Số báo cáo đến hạn phải gửi: {board.completeness['expected']} báo cáo." in text
    assert f"Chưa gửi: {board.completeness['missing']} báo cáo." in text

    closing = document.tables[1]
    recipients, signature = closing.rows[0].cells
    title_run = recipients.paragraphs[0].runs[0]
    assert recipients.paragraphs[0].text == "Nơi nhận:"
    assert title_run.bold and title_run.italic and title_run.font.size.pt == 12
    assert recipients.paragraphs[-1].text == "- Lưu: VT."
    assert all(r.font.size.pt == 11 for p in recipients.paragraphs[1:] for r in p.runs)
    lines = [p.text for p in signature.paragraphs if p.text]
    assert lines == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An"]
    assert all(p.runs[0].bold for p in signature.paragraphs if p.text)


def test_times_new_roman_a4_and_margins(document_and_board):
    document, _board = document_and_board
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["Normal"].font.size.pt == 14
    runs = [r for p in document.paragraphs for r in p.runs]
    runs += [
        r for t in document.tables for row in t.rows for c in row.cells
        for p in c.paragraphs for r in p.runs
    ]  # fmt: skip
    assert runs and all(r.font.name in (None, "Times New Roman") for r in runs)
    assert all(13 <= r.font.size.pt <= 14 for p in document.paragraphs for r in p.runs if r.text)
    first = document.sections[0]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    assert first.orientation == WD_ORIENT.PORTRAIT
    for section in document.sections:
        assert 20 <= round(section.top_margin.mm) <= 25
        assert 20 <= round(section.bottom_margin.mm) <= 25
        assert 30 <= round(section.left_margin.mm) <= 35
        assert 15 <= round(section.right_margin.mm) <= 20
    # Appendices I–III are wide: landscape sections; then one portrait section per chart.
    assert len(document.sections) == 5 + len(document.tables[6:])
    assert all(s.orientation == WD_ORIENT.PORTRAIT for s in document.sections[5:])
    assert document.sections[1].orientation == WD_ORIENT.LANDSCAPE
    assert round(document.sections[1].page_width.mm) == 297


def test_appendix_tables_equal_the_dashboard(document_and_board):
    document, board = document_and_board
    groups, indicators, overdue, completeness = document.tables[APPENDIX_TABLES]
    text = _all_text(document)
    for number in ("I", "II", "III", "IV"):
        assert f"Phụ lục {number}" in text

    # I: tasks by group and status.
    rows = _rows(groups)
    assert rows[0][3:] == list(CATEGORY_LABELS.values())
    for row, (name, counter) in zip(rows[1:-1], board.by_group, strict=True):
        assert row[1] == name
        assert [int(v) for v in row[3:]] == [counter[k] for k in CATEGORY_LABELS]
    total = rows[-1]
    assert total[1] == "Tổng cộng" and int(total[2]) == board.counts["total"] == 3
    assert [int(v) for v in total[3:]] == [
        board.counts[CATEGORY_COUNT_KEYS[k]] for k in CATEGORY_LABELS
    ]
    assert board.counts["open_overdue"] >= 1  # 1.1, due 10/2025, never reported

    # II: indicators against targets.
    rows = _rows(indicators)
    assert len(rows) == 1 + len(board.indicators) + 1
    name, unit, target, value, verdict = rows[1][1:6]
    assert name == "2. Tỷ lệ giao dịch không dùng tiền mặt"
    assert (unit, target, value, verdict) == ("%", "≥ 85 (2030)", "90", "Đạt")
    assert board.indicators[0].achieved is True

    # III: overdue tasks with their lead agencies and days overdue.
    rows = _rows(overdue)[1:]
    assert len(rows) == len(board.overdue)
    for row, task_row in zip(rows, board.overdue, strict=True):
        assert task_row.task.title in row[1]
        assert row[3] == (task_row.task.lead.name if task_row.task.lead else task_row.task.lead_raw)
        assert int(row[6]) == task_row.evaluation.days_overdue > 0
    assert any("Xây dựng chương trình tuyên truyền" in row[1] for row in rows)

    # IV: report completeness per agency.
    rows = _rows(completeness)
    body, total = rows[1:-1], rows[-1]
    c = board.completeness
    assert [int(v) for v in total[2:6]] == [c["expected"], c["on_time"], c["late"], c["missing"]]
    assert sum(int(r[2]) for r in body) == c["expected"]
    by_name = {r[1]: r for r in body}
    assert by_name["Phòng Kinh tế"][2:6] == ["1", "0", "1", "0"]  # submitted after 15/9/2025
    assert by_name["Phòng Văn hóa - Xã hội"][2:6] == ["1", "0", "0", "1"]


def test_report_figures_come_from_the_given_dashboard(units, plan, as_of):
    board = unit_dashboard(unit=units["commune"], as_of=as_of)
    board.counts["total"] = 999  # the report prints what the dashboard holds, not a recount
    data = consolidated_report_data(unit=units["commune"], as_of=as_of, board=board)
    groups = _rows(_open(data).tables[APPENDIX_TABLES][0])
    assert groups[-1][2] == "999"
    with pytest.raises(ValueError):
        consolidated_report_data(unit=units["province"], as_of=as_of, board=board)


def test_a_unit_with_several_plans_below_is_reported_on_resolution_57(units, plan, as_of):
    data = consolidated_report_data(unit=units["province"], as_of=as_of)
    assert data.issuer == "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG"
    assert data.place == "Hải Phòng"
    assert data.title.startswith("Kết quả thực hiện Nghị quyết số 57-NQ/TW")
    assert "tính đến ngày" in data.title


def test_builder_alone_without_django_data():
    data = ConsolidatedReport(
        issuer="ỦY BAN NHÂN DÂN XÃ VĨNH LẠI",
        parent_issuer="ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG",
        number="  /BC-UBND",
        place="Vĩnh Lại",
        date=dt.date(2026, 2, 5),
        title="Kết quả thực hiện Kế hoạch số 12/KH-UBND\nQuý I/2026",
        body=[BodyParagraph("I. KẾT QUẢ", level=1), BodyParagraph("Nội dung.")],
        recipients=["Như trên", "Lưu: VT"],
        signer_authority="TM. ỦY BAN NHÂN DÂN",
        signer_role="CHỦ TỊCH",
        appendices=[
            Appendix("I", "Hẹp", ["STT", "Tên", "Số"], [], widths_mm=[10, 60, 20]),
            Appendix("II", "Rộng", ["STT", "Tên"], [["1", "a"]], widths_mm=[100, 200]),
        ],
    )
    document = _open(data)
    header = document.tables[0].rows[0].cells[0]
    assert header.paragraphs[0].text == "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG"
    assert not header.paragraphs[0].runs[0].bold
    assert document.tables[0].rows[1].cells[1].text == "Vĩnh Lại, ngày 05 tháng 02 năm 2026"
    assert [s.orientation for s in document.sections] == [
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.LANDSCAPE,
    ]
    assert _rows(document.tables[2])[1][0] == "Không có."
    assert document.tables[1].rows[0].cells[0].paragraphs[1].text == "- Như trên;"


def test_vietnamese_date_and_issuer_lines():
    assert vietnamese_date("Vĩnh Lại", dt.date(2026, 11, 23)) == (
        "Vĩnh Lại, ngày 23 tháng 11 năm 2026"
    )
    assert vietnamese_date("Hà Nội", dt.date(2026, 1, 9)) == "Hà Nội, ngày 09 tháng 01 năm 2026"
    assert vietnamese_date("Hà Nội", dt.date(2026, 3, 9)) == "Hà Nội, ngày 09 tháng 3 năm 2026"
    assert issuer_lines("ỦY BAN NHÂN DÂN XÃ VĨNH LẠI") == ["ỦY BAN NHÂN DÂN", "XÃ VĨNH LẠI"]
    assert issuer_lines("Bộ Nội vụ") == ["BỘ NỘI VỤ"]


def test_table_row_and_paragraph_properties_are_in_schema_order(document_and_board):
    """Word refuses a document whose property elements are out of the ECMA-376 order."""
    from theodoi.documents.builders import _P_PR, _TBL_PR, _TR_PR

    document, _board = document_and_board
    body = document.element.body
    for tag, order in (("w:tblPr", _TBL_PR), ("w:trPr", _TR_PR), ("w:pPr", _P_PR)):
        names = [qn(n) for n in order]
        elements = body.iter(qn(tag))
        checked = 0
        for element in elements:
            positions = [names.index(child.tag) for child in element if child.tag in names]
            assert positions == sorted(positions), (tag, [c.tag for c in element])
            checked += 1
        assert checked
