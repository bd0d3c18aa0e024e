"""Items with labelled lines: the labels are fields of the item above them, never items
of their own; clean text and OCR text without diacritics alike."""

from datetime import date

import pytest
from layout_text import namer, segmented

from theodoi.ingest.extract import extract_all

CLEAN = """I. MỤC ĐÍCH, YÊU CẦU
1. Mỗi nhiệm vụ có đơn vị thực hiện và thời hạn.
II. NHIỆM VỤ CỤ THỂ
1. Thương mại điện tử
1.1. Mở gian hàng trực tuyến cho nông sản của hợp tác xã.
- Đơn vị thực hiện: Phòng Kinh tế.
- Phối hợp: Công an xã.
- Thời gian hoàn thành: Quý III/2026.
- Sản phẩm đầu ra: 20 gian hàng.
1.2. Tập huấn kỹ năng bán hàng qua mạng cho tiểu thương
- Nội dung: bán hàng qua mạng xã hội.
- Nội dung: thanh toán bằng mã QR.
- Chủ trì: Phòng Văn hóa - Xã hội
- Tiến độ: Thường xuyên
III. TỔ CHỨC THỰC HIỆN
1. Phòng Kinh tế tổng hợp, báo cáo kết quả.
"""

# a steering committee's items, OCR text without diacritics, under a section whose
# title does not say "nhiệm vụ": the labelled lines make it the task section
OCR = """I. MUC DICH, YEU CAU
1. Phan cong ro co quan chu tri va thoi han cua tung noi dung.
II. CAC HOAT DONG TRONG NAM
1. Kiem tra viec cap nhat ho so suc khoe dien tu tai tram y te.
- Co quan chu tri: Tram Y te xa.
- Co quan phoi hop: Cong an xa.
- Thoi han: Truoc ngay 30/9/2026.
2. Tong ket hoat dong cua Ban Chi dao.
- Don vi thuc hien: Phong Van hoa - Xa hoi.
- Thoi gian thuc hien: Thang 7/2026 va thang 12/2026.
III. TO CHUC THUC HIEN
1. Cac thanh vien thuc hien nhiem vu duoc giao.
"""


def _tasks(text: str):
    seg = segmented(text)
    _indicators, tasks, _reporting = extract_all(seg, namer())
    return tasks


def test_labelled_lines_are_fields_of_the_item_above():
    tasks = _tasks(CLEAN)
    assert [t.code for t in tasks] == ["1.1", "1.2"]
    first, second = tasks
    assert first.title == "Mở gian hàng trực tuyến cho nông sản của hợp tác xã"
    assert (first.lead, first.coordinators) == ("Phòng Kinh tế", ["Công an xã"])
    assert first.deadline.due == date(2026, 9, 30)
    assert first.output == "20 gian hàng"
    assert second.lead == "Phòng Văn hóa - Xã hội"
    assert second.deadline.kind == "continuous"


def test_an_item_with_fields_keeps_its_other_sub_items_as_its_content():
    second = _tasks(CLEAN)[1]
    assert "thanh toán bằng mã QR" in second.title
    assert "Chủ trì" not in second.title


def test_labelled_items_in_ocr_text_without_diacritics():
    tasks = _tasks(OCR)
    assert [t.code for t in tasks] == ["1", "2"]
    first, second = tasks
    assert first.lead == "Trạm Y tế xã"
    assert first.coordinators == ["Công an xã"]
    assert first.deadline.due == date(2026, 9, 30)
    assert second.lead == "Phòng Văn hóa - Xã hội"
    # milestones: done at the last one
    assert second.deadline.due == date(2026, 12, 31)
    assert not any("thuc hien:" in t.title.lower() for t in tasks)


@pytest.mark.parametrize(
    ("item", "label"),
    [("1.", "-"), ("1.", "+"), ("1.", ""), ("a)", "-"), ("-", "+")],
)
def test_labels_under_any_item_marker_with_any_bullet(item, label):
    bullet = f"{label} " if label else ""
    text = (
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Bảo đảm tiến độ.\nII. NHIỆM VỤ\n"
        f"{item} Số hóa sổ hộ tịch lưu trữ.\n"
        f"{bullet}Đơn vị thực hiện: Công an xã.\n"
        f"{bullet}Thời hạn: 30/6/2026.\n"
        f"{item.replace('1', '2').replace('a', 'b')} Mở gian hàng trực tuyến cho hợp tác xã.\n"
        f"{bullet}Chủ trì: Phòng Kinh tế.\n"
        f"{bullet}Tiến độ: Quý IV/2026.\n"
        "III. TỔ CHỨC THỰC HIỆN\n1. Các cơ quan thực hiện nhiệm vụ được giao.\n"
    )
    tasks = _tasks(text)
    assert [(t.title, t.lead, t.deadline.due) for t in tasks] == [
        ("Số hóa sổ hộ tịch lưu trữ", "Công an xã", date(2026, 6, 30)),
        ("Mở gian hàng trực tuyến cho hợp tác xã", "Phòng Kinh tế", date(2026, 12, 31)),
    ]


ASSIGNED = """I. MỤC ĐÍCH, YÊU CẦU
1. Rõ việc, rõ người.
II. NHIỆM VỤ CỤ THỂ
1. Xây dựng cơ sở dữ liệu hộ kinh doanh của xã
- Chủ trì thực hiện: Phòng Kinh tế
- Kết quả/sản phẩm: Cơ sở dữ liệu hộ kinh doanh
- Thời hạn: Quý III/2026
2. Triển khai thanh toán không dùng tiền mặt tại chợ
- Giao: Phòng Văn hóa - Xã hội chủ trì, phối hợp với Công an xã
- Sản phẩm, kết quả: Chợ không dùng tiền mặt
- Thời gian: Quý IV/2026
III. TỔ CHỨC THỰC HIỆN
1. Phòng Kinh tế tổng hợp, báo cáo kết quả.
"""


def test_a_combined_output_label_and_a_label_giving_who_does_what():
    first, second = _tasks(ASSIGNED)
    assert first.title == "Xây dựng cơ sở dữ liệu hộ kinh doanh của xã"
    assert first.output == "Cơ sở dữ liệu hộ kinh doanh"
    assert (second.lead, second.coordinators) == ("Phòng Văn hóa - Xã hội", ["Công an xã"])
    assert second.output == "Chợ không dùng tiền mặt"
    assert second.deadline.due == date(2026, 12, 31)
