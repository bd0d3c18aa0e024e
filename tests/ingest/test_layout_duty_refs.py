"""Leads given in "TỔ CHỨC THỰC HIỆN" by task number or point, deadlines closing the
items in parentheses; in clean text and in OCR text without diacritics."""

from datetime import date

from layout_text import namer, segmented

from theodoi.ingest.extract import extract_all

CLEAN = """I. MỤC ĐÍCH, YÊU CẦU
1. Bảo đảm tiến độ.
II. NHIỆM VỤ CỤ THỂ
1. Kinh tế số
1.1. Đưa nông sản của hợp tác xã lên sàn thương mại điện tử (hoàn thành trong Quý III/2026).
1.2. Vận động tiểu thương chợ thanh toán bằng mã QR (thực hiện thường xuyên).
1.3. Khảo sát nhu cầu bán hàng trực tuyến của hộ kinh doanh (tháng 5/2026).
2. Xã hội số
2.1. Cập nhật hồ sơ sức khỏe điện tử cho người dân (hằng quý).
2.2. Xây dựng điểm truy cập internet tại nhà văn hóa thôn (trước ngày 30/11/2026).
III. TỔ CHỨC THỰC HIỆN
1. Phòng Kinh tế: chủ trì các nhiệm vụ 1.1 đến 1.3; phối hợp thực hiện nhiệm vụ 2.2.
2. Giao Phòng Văn hóa - Xã hội chủ trì, phối hợp với Trạm Y tế xã triển khai các nhiệm vụ tại điểm 2 mục II.
"""

OCR = """I. MUC DICH, YEU CAU
1. Bao dam tien do.
II. NHIEM VU TRONG TAM
1. Chinh quyen so
a) So hoa ho so thu tuc hanh chinh tai Bo phan Mot cua (hoan thanh trong Quy II/2026).
b) Cap nhat cong thong tin dien tu cua xa (hang thang).
2. An ninh mang
a) Huong dan nguoi dan phong chong lua dao tren khong gian mang (thuc hien thuong xuyen).
III. TO CHUC THUC HIEN
1. Phong Van hoa - Xa hoi: chu tri cac nhiem vu tai diem 1 muc II.
2. Cong an xa chu tri thuc hien nhiem vu tai muc 2 phan II.
"""


def _tasks(text: str):
    _i, tasks, _r = extract_all(segmented(text), namer())
    return {t.code: t for t in tasks}


def test_leads_by_task_number_range_and_point():
    tasks = _tasks(CLEAN)
    assert [tasks[c].lead for c in ("1.1", "1.2", "1.3")] == ["Phòng Kinh tế"] * 3
    assert tasks["2.1"].lead == tasks["2.2"].lead == "Phòng Văn hóa - Xã hội"
    # "phối hợp thực hiện nhiệm vụ 2.2": a coordinator, not the lead
    assert "Phòng Kinh tế" in tasks["2.2"].coordinators


def test_deadlines_in_parentheses_in_clean_text():
    tasks = _tasks(CLEAN)
    assert tasks["1.1"].deadline.due == date(2026, 9, 30)
    assert tasks["1.2"].deadline.kind == "continuous"
    assert tasks["1.3"].deadline.due == date(2026, 5, 31)
    assert tasks["2.1"].deadline.recurrence == "quarterly"
    assert tasks["2.2"].deadline.due == date(2026, 11, 30)
    assert tasks["1.1"].title.endswith("sàn thương mại điện tử")


def test_leads_by_point_and_deadlines_in_parentheses_in_ocr_text():
    tasks = _tasks(OCR)
    assert set(tasks) == {"1.a)", "1.b)", "2.a)"}
    assert tasks["1.a)"].lead == tasks["1.b)"].lead == "Phòng Văn hóa - Xã hội"
    assert tasks["2.a)"].lead == "Công an xã"
    assert tasks["1.a)"].deadline.due == date(2026, 6, 30)
    assert tasks["1.b)"].deadline.recurrence == "monthly"
    assert tasks["2.a)"].deadline.kind == "continuous"


LETTERS = """I. MỤC ĐÍCH, YÊU CẦU
1. Bảo đảm tiến độ.
II. NHIỆM VỤ, GIẢI PHÁP
1. Hạ tầng số
a) Lắp camera giám sát tại các nút giao thông chính (Quý III/2026).
b) Phủ sóng wifi công cộng tại nhà văn hóa các thôn (Quý IV/2026).
2. Dịch vụ số
a) Số hóa bản đồ chiếu sáng công cộng (năm 2026).
III. TỔ CHỨC THỰC HIỆN
1. Giao Công an xã chủ trì thực hiện nội dung tại điểm a khoản 1 mục II.
2. Phòng Kinh tế chủ trì các nhiệm vụ tại khoản 2, mục II; phối hợp với Công an xã thực hiện nhiệm vụ 1.a.
3. Phòng Văn hóa - Xã hội phủ sóng wifi công cộng tại nhà văn hóa các thôn.
"""


def test_a_point_of_a_clause_and_a_lettered_task_number():
    tasks = _tasks(LETTERS)
    assert tasks["1.a)"].lead == "Công an xã"
    assert tasks["1.a)"].coordinators == ["Phòng Kinh tế"]
    assert tasks["2.a)"].lead == "Phòng Kinh tế"
    # an agency's whole name and a verb no list holds ("phủ sóng"): read by content
    assert tasks["1.b)"].lead == "Phòng Văn hóa - Xã hội"
