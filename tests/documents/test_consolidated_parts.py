"""The consolidated DOCX holds the four parts of every report sent in its scope and period, in the
official order, and the recommendations with their addressee and answer (read back with
python-docx)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from tests.conftest import make_quarter, make_user
from theodoi.accounts.choices import Role
from theodoi.documents.builders import build_consolidated_docx
from theodoi.documents.selectors import consolidated_report_data
from theodoi.reporting import services

HEADINGS = [
    "I. KẾT QUẢ THỰC HIỆN",
    "II. TỒN TẠI, HẠN CHẾ, KHÓ KHĂN, VƯỚNG MẮC",
    "III. NGUYÊN NHÂN",
    "IV. NHIỆM VỤ, GIẢI PHÁP KỲ TỚI",
    "V. ĐỀ XUẤT, KIẾN NGHỊ",
]
AS_OF = dt.date(2026, 4, 20)


def _report(period, agency, user, parts, status="submitted"):
    report = services.report_open(period=period, agency=agency, user=user)
    services.report_save(report=report, user=user, task_updates=[], indicator_values=[], **parts)
    if status != "draft":
        services.report_submit(report=report, user=user)
    return report


@pytest.fixture
def world(plan, agencies, users, units):
    period = make_quarter(plan, 2026, 1)
    vhxh = make_user("cb.vhxh", Role.REPORTER, units["commune"], agencies["vhxh"])
    kinhte = _report(
        period,
        agencies["kinhte"],
        users["reporter"],
        {
            "summary": "Kinh tế: 8 doanh nghiệp dùng hóa đơn điện tử.",
            "difficulties": "Kinh tế: thiếu máy chủ.",
            "causes": "Kinh tế: kinh phí giao muộn.",
            "next_tasks": "Kinh tế: mở rộng thanh toán không tiền mặt.",
        },
    )
    answered = services.recommendation_add(
        report=services.report_return(report=kinhte, user=users["office"], comment="Bổ sung"),
        user=users["reporter"],
        text="Đề nghị thành phố hỗ trợ máy chủ.",
        addressed_unit=units["province"],
        addressed_agency=agencies["skhcn"],
        task_update=kinhte.task_updates.order_by("task__order").first(),
    )
    services.recommendation_add(
        report=kinhte,
        user=users["reporter"],
        text="Đề nghị xã bố trí cán bộ chuyên trách.",
        addressed_unit=units["commune"],
    )
    services.report_submit(report=kinhte, user=users["reporter"])
    province_office = make_user("vp.haiphong", Role.OFFICE, units["province"])
    services.recommendation_answer(
        recommendation=answered, user=province_office, answer="Sở KH&CN cấp máy chủ trong quý II."
    )
    services.report_accept(report=kinhte, user=users["office"])
    _report(
        period,
        agencies["vhxh"],
        vhxh,
        {
            "summary": "Văn hóa: 3 đợt tuyên truyền.",
            "difficulties": "",
            "causes": "Văn hóa: người dân lớn tuổi ít dùng điện thoại thông minh.",
            "next_tasks": "",
        },
    )
    earlier = make_quarter(plan, 2025, 4)
    _report(earlier, agencies["kinhte"], users["reporter"], {"summary": "Quý trước: không in."})
    return {"period": period}


def _paragraphs(unit, period=None):
    data = consolidated_report_data(unit=unit, as_of=AS_OF, period=period)
    document = Document(io.BytesIO(build_consolidated_docx(data)))
    return [p.text for p in document.paragraphs if p.text]


def _section(paragraphs, heading):
    start = paragraphs.index(heading)
    later = [paragraphs.index(h) for h in HEADINGS if paragraphs.index(h) > start]
    closing = next(i for i, p in enumerate(paragraphs) if p.startswith("Trên đây là báo cáo"))
    end = min(later) if later else closing
    return paragraphs[start + 1 : end]


def test_the_five_parts_come_in_the_official_order(world, units):
    paragraphs = _paragraphs(units["commune"], world["period"])
    positions = [paragraphs.index(h) for h in HEADINGS]
    assert positions == sorted(positions)


def test_each_part_holds_what_every_agency_that_reported_wrote(world, units):
    paragraphs = _paragraphs(units["commune"], world["period"])
    results = _section(paragraphs, HEADINGS[0])
    assert "Phòng Kinh tế:" in results and "Phòng Văn hóa - Xã hội:" in results
    assert results.index("Phòng Kinh tế:") + 1 == results.index(
        "Kinh tế: 8 doanh nghiệp dùng hóa đơn điện tử."
    )
    assert "Văn hóa: 3 đợt tuyên truyền." in results
    assert "Kinh tế: thiếu máy chủ." in _section(paragraphs, HEADINGS[1])
    causes = _section(paragraphs, HEADINGS[2])
    assert "Kinh tế: kinh phí giao muộn." in causes
    assert "Văn hóa: người dân lớn tuổi ít dùng điện thoại thông minh." in causes
    next_tasks = _section(paragraphs, HEADINGS[3])
    assert "Kinh tế: mở rộng thanh toán không tiền mặt." in next_tasks
    assert "Phòng Văn hóa - Xã hội:" not in next_tasks  # it wrote nothing there
    assert "Quý trước: không in." not in paragraphs  # another period


def test_recommendations_with_their_addressee_and_answer(world, units):
    section = _section(_paragraphs(units["commune"], world["period"]), HEADINGS[4])
    assert section == [
        "1. Đề nghị thành phố hỗ trợ máy chủ. (Phòng Kinh tế kiến nghị Cơ quan thường trực "
        "Thành phố Hải Phòng — Sở Khoa học và Công nghệ, về nhiệm vụ 1.1).",
        f"Trả lời ngày {dt.date.today():%d/%m/%Y}: Sở KH&CN cấp máy chủ trong quý II.",
        "2. Đề nghị xã bố trí cán bộ chuyên trách. (Phòng Kinh tế kiến nghị Cơ quan thường trực "
        "Xã Vĩnh Lại).",
        "Chưa có trả lời.",
    ]


def test_the_province_report_holds_the_communes_that_reported_on_its_plan(
    world, units, agencies, users
):
    """A commune agency given a task of the province's plan reports on it: the province's
    report names it with its commune. What communes wrote on their own plans stays in theirs."""
    from tests.conftest import extraction
    from theodoi.plans.services import plan_activate, plan_import_extraction

    province_plan = plan_activate(
        plan=plan_import_extraction(
            unit=units["province"],
            extraction=extraction(title="Kế hoạch của thành phố", number="5/KH-UBND"),
        ).plan
    )
    province_plan.tasks.filter(code="1.1").update(lead=agencies["kinhte"])
    _report(
        make_quarter(province_plan, 2026, 1),
        agencies["kinhte"],
        users["reporter"],
        {"summary": "Phần việc của xã trong kế hoạch thành phố."},
    )
    results = _section(_paragraphs(units["province"], "Quý I/2026"), HEADINGS[0])
    assert results[results.index("Phòng Kinh tế (Xã Vĩnh Lại):") + 1] == (
        "Phần việc của xã trong kế hoạch thành phố."
    )
    assert "Kinh tế: 8 doanh nghiệp dùng hóa đơn điện tử." not in results


def test_without_a_period_the_latest_period_with_reports_is_taken(world, units):
    paragraphs = _paragraphs(units["commune"])
    assert "Kinh tế: thiếu máy chủ." in paragraphs and "Quý trước: không in." not in paragraphs


def test_a_draft_is_not_printed(world, units, plan, agencies, users):
    period = make_quarter(plan, 2026, 2)
    _report(period, agencies["kinhte"], users["reporter"], {"summary": "Nháp."}, status="draft")
    paragraphs = _paragraphs(units["commune"], period)
    assert "Nháp." not in paragraphs
    assert "Các cơ quan, đơn vị không có đề xuất, kiến nghị." in _section(paragraphs, HEADINGS[4])
