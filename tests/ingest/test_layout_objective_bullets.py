"""Indicators as bullets of the objectives section with the lead in parentheses, in
clean text and in OCR text without diacritics; a plan with an indicator table keeps
its table's."""

from layout_text import namer, segmented

from theodoi.ingest.extract import extract_all

CLEAN = """I. MỤC TIÊU
1. Đến năm 2027
- Tỷ lệ hộ kinh doanh thanh toán không dùng tiền mặt đạt tối thiểu 70% (Phòng Kinh tế).
- Có ít nhất 04 điểm phát wifi miễn phí tại các thôn (Phòng Văn hóa - Xã hội chủ trì, Công an xã phối hợp).
- Nâng cao nhận thức của người dân về chuyển đổi số.
- Tổ chức 02 hội nghị tuyên truyền (theo kế hoạch riêng).
II. NHIỆM VỤ
1. Tuyên truyền
- Phát thanh trên loa của xã.
"""

OCR = """I. MUC TIEU
- Ty le nguoi dan co ho so suc khoe dien tu dat tren 95% (Tram Y te xa).
- Ty le ho so thu tuc hanh chinh duoc so hoa dat 100% (Cong an xa).
II. NHIEM VU
1. Y te so
- Cap nhat ho so suc khoe dien tu.
"""


def _indicators(text: str):
    indicators, _t, _r = extract_all(segmented(text), namer())
    return indicators


def test_objective_bullets_with_their_lead_are_indicators():
    first, second = _indicators(CLEAN)
    assert first.name.startswith("Tỷ lệ hộ kinh doanh")
    assert (first.lead, first.unit) == ("Phòng Kinh tế", "%")
    assert [(t.period, t.op, t.value) for t in first.targets] == [("2027", ">=", 70.0)]
    assert (second.lead, second.coordinators) == ("Phòng Văn hóa - Xã hội", ["Công an xã"])
    assert [(t.op, t.value) for t in second.targets] == [(">=", 4.0)]


def test_objective_bullets_in_ocr_text():
    first, second = _indicators(OCR)
    assert (first.lead, first.targets[0].op, first.targets[0].value) == ("Trạm Y tế xã", ">", 95)
    assert (second.lead, second.targets[0].value) == ("Công an xã", 100)
    # the plan's title gives the year when no heading does ("… năm 2026")
    assert first.targets[0].period == "2026"


LISTED = """I. MỤC TIÊU
1. Mục tiêu chung: xây dựng chính quyền số, có 03 nhóm giải pháp.
2. Chỉ tiêu cụ thể
a) Tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến đạt từ 80% trở lên.
b) 100% cán bộ, công chức sử dụng chữ ký số.
c) Nâng cao kỹ năng số cho người dân.
II. NHIỆM VỤ
1. Tuyên truyền
"""


def test_under_a_heading_that_lists_targets_a_figure_alone_makes_an_indicator():
    found = _indicators(LISTED)
    assert [(i.code, i.lead) for i in found] == [("a", None), ("b", None)]
    assert [(t.op, t.value) for t in found[0].targets] == [(">=", 80.0)]


def test_outside_such_a_heading_a_figure_without_a_lead_is_no_indicator():
    found = _indicators(LISTED.replace("2. Chỉ tiêu cụ thể", "2. Yêu cầu"))
    assert found == []
