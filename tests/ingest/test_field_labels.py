"""Field labels: a short phrase of field words and a colon, in any wording, with or
without diacritics."""

import pytest

from theodoi.ingest.fields.labels import labelled_values, line_label

LABELS = [
    ("- Đơn vị thực hiện: Văn phòng Sở.", "lead", "Văn phòng Sở"),
    ("- Đơn vị chủ trì: Phòng Quản lý thương mại", "lead", "Phòng Quản lý thương mại"),
    ("Cơ quan chủ trì: Sở Nội vụ", "lead", "Sở Nội vụ"),
    ("+ Chủ trì: Công an xã", "lead", "Công an xã"),
    ("- Co quan chu tri, theo doi: So Tai chinh", "lead", "So Tai chinh"),
    ("- Phối hợp: Các hiệp hội doanh nghiệp.", "coord", "Các hiệp hội doanh nghiệp"),
    ("- Cơ quan/đơn vị phối hợp: Sở Tài chính", "coord", "Sở Tài chính"),
    ("- Don vi phoi hop: Cong an tinh", "coord", "Cong an tinh"),
    ("- Thời gian hoàn thành: Quý II/2026.", "deadline", "Quý II/2026"),
    ("- Thoi gian thuc hien: Thuong xuyen", "deadline", "Thuong xuyen"),
    ("- Thời hạn : 30/6/2026", "deadline", "30/6/2026"),
    ("- Tiến độ: Hằng quý", "deadline", "Hằng quý"),
    ("- Sản phẩm: Quy chế sửa đổi", "output", "Quy chế sửa đổi"),
    ("- Sản phẩm đầu ra: Báo cáo", "output", "Báo cáo"),
    ("- Ket qua: 04 lop boi duong", "output", "04 lop boi duong"),
    ("- Kinh phí: ngân sách xã", "cost", "ngân sách xã"),
    # OCR: the bullet read "~", the colon read ";", a vowel misread
    ("~ Co quan chi tri; So Noi vu", "lead", "So Noi vu"),
    ("_ Thdi gian hoan thanh: Thang 6/2026", "deadline", "Thang 6/2026"),
]


@pytest.mark.parametrize(("line", "kind", "value"), LABELS)
def test_a_labelled_line_gives_its_field(line, kind, value):
    assert line_label(line) == (kind, value)


@pytest.mark.parametrize(
    "line",
    [
        "Phòng Kinh tế: chủ trì các nhiệm vụ 2.1, 2.2",
        "- Nội dung chính: tuyên truyền trên loa truyền thanh",
        "- Tổ chức thực hiện tốt các nhiệm vụ sau:",
        "Mở gian hàng trực tuyến cho nông sản",
    ],
)
def test_other_lines_are_not_labels(line):
    assert line_label(line) is None


def test_labels_in_a_run_on_text_are_read_up_to_the_next():
    start, values = labelled_values(
        "Số hóa sổ hộ tịch. Đơn vị thực hiện: Văn phòng; Thời hạn: Quý III/2026."
    )
    assert start == len("Số hóa sổ hộ tịch")
    assert values == {"lead": "Văn phòng", "deadline": "Quý III/2026"}


def test_a_label_line_kept_as_a_paragraph_with_an_ocr_bullet():
    start, values = labelled_values("Kiem tra cac xa. ~ Co quan chu tri: So Noi vu")
    assert values == {"lead": "So Noi vu"}
    assert start == len("Kiem tra cac xa")


def test_a_phrase_inside_a_sentence_is_not_a_label():
    assert labelled_values("Các phòng tổ chức thực hiện: tuyên truyền, vận động") is None


def test_a_labelled_line_run_into_the_line_above_opens_with_a_capital():
    text = "Xây dựng kho học liệu số Cơ quan thực hiện: Phòng Giáo dục Thời gian: Tháng 12/2026"
    start, values = labelled_values(text)
    assert text[:start].strip() == "Xây dựng kho học liệu số"
    assert values == {"lead": "Phòng Giáo dục", "deadline": "Tháng 12/2026"}
    _start, values = labelled_values("Xay dung kho hoc lieu so Co quan thuc hien: Phong Giao duc")
    assert values == {"lead": "Phong Giao duc"}
    # in lower case it is running prose
    assert labelled_values("Các trường tổ chức thực hiện: tập huấn, bồi dưỡng") is None
