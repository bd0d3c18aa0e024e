"""Diacritics restoration: plain pytest, no Django."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from theodoi.ingest.diacritics import (
    MODEL_PATH,
    get_model,
    restore_diacritics,
    syllable_accuracy,
)
from theodoi.textnorm import strip_diacritics

# Written for this test; none of these sentences is in the training text.
HELD_OUT = """\
Ủy ban nhân dân huyện giao Phòng Nội vụ rà soát chức năng, nhiệm vụ của các đơn vị sự nghiệp.
Sở Tài chính thẩm định dự toán kinh phí thực hiện các nhiệm vụ chuyển đổi số năm 2026.
Tổ công nghệ số cộng đồng hướng dẫn người cao tuổi cài đặt ứng dụng định danh điện tử.
Các trường học tổ chức cuộc thi sáng tạo khoa học kỹ thuật dành cho học sinh trung học.
Đến hết năm 2026, toàn bộ hồ sơ thủ tục hành chính của xã được số hóa và lưu trữ điện tử.
Cán bộ, công chức phải hoàn thành khóa bồi dưỡng kỹ năng số trước ngày 30 tháng 6.
Trung tâm dữ liệu của tỉnh bảo đảm an toàn thông tin theo cấp độ đã được phê duyệt.
Doanh nghiệp nhỏ và vừa được hỗ trợ chi phí thuê phần mềm quản lý bán hàng.
Ban Chỉ đạo tỉnh kiểm tra tiến độ triển khai các chỉ tiêu chuyển đổi số tại cơ sở.
Người dân có thể nộp hồ sơ và thanh toán phí, lệ phí trực tuyến trên Cổng dịch vụ công quốc gia.
Văn phòng Ủy ban nhân dân tỉnh tổng hợp kết quả và báo cáo Chủ tịch Ủy ban nhân dân tỉnh.
Đề nghị các sở, ngành phối hợp chặt chẽ trong việc chia sẻ dữ liệu dùng chung.
Hội đồng nhân dân tỉnh ban hành Nghị quyết về chính sách hỗ trợ đổi mới sáng tạo.
Kinh phí nghiên cứu khoa học được bố trí từ ngân sách nhà nước và nguồn xã hội hóa.
Các đơn vị báo cáo kết quả thực hiện Kế hoạch về Sở Khoa học và Công nghệ trước ngày 15 tháng 12.
Phát triển nguồn nhân lực công nghệ thông tin đáp ứng yêu cầu chuyển đổi số của địa phương.
Tăng cường công tác tuyên truyền để người dân hiểu rõ lợi ích của dịch vụ công trực tuyến.
Hoàn thiện cơ sở dữ liệu đất đai và kết nối với hệ thống thông tin của tỉnh.
Thủ trưởng các cơ quan chịu trách nhiệm về kết quả thực hiện nhiệm vụ được giao.
Ứng dụng trí tuệ nhân tạo trong giám sát giao thông và quản lý đô thị thông minh.
"""


def test_model_file_is_small_and_loads():
    assert MODEL_PATH.exists()
    assert MODEL_PATH.stat().st_size < 5 * 1024 * 1024
    model = get_model()
    assert len(model.unigrams) > 500
    assert get_model() is model  # loaded once


def test_held_out_syllable_accuracy():
    restored = restore_diacritics(strip_diacritics(HELD_OUT))
    accuracy = syllable_accuracy(HELD_OUT, restored)
    assert accuracy >= 0.85, accuracy


@pytest.mark.parametrize(
    ("bare", "expected"),
    [
        ("chuyen doi so", "chuyển đổi số"),
        ("Nghi quyet so 57-NQ/TW", "Nghị quyết số 57-NQ/TW"),
        ("Uy ban nhan dan tinh", "Ủy ban nhân dân tỉnh"),
        ("So Khoa hoc va Cong nghe", "Sở Khoa học và Công nghệ"),
        ("KE HOACH", "KẾ HOẠCH"),
        ("dich vu cong truc tuyen", "dịch vụ công trực tuyến"),
        ("co so du lieu", "cơ sở dữ liệu"),
    ],
)
def test_examples(bare, expected):
    assert restore_diacritics(bare) == expected


def test_keeps_layout_numbers_codes_and_marked_words():
    text = (
        "II. MUC TIEU\n\n1. Muc tieu chung: đạt 100% ho so (TTHC) truoc 31/12/2025;\r\n  a) Ket noi"
    )
    out = restore_diacritics(text)
    assert out.splitlines() == [
        "II. MỤC TIÊU",
        "",
        "1. Mục tiêu chung: đạt 100% hồ sơ (TTHC) trước 31/12/2025;",
        "  a) Kết nối",
    ]
    assert "\r\n" in out
    assert strip_diacritics(out) == strip_diacritics(text)


def test_unknown_words_left_as_read():
    assert restore_diacritics("Zalo Facebook xyzzy") == "Zalo Facebook xyzzy"
    assert restore_diacritics("") == ""


def test_a_d_made_from_ocr_p_does_not_keep_the_junk_accents_around_it():
    from theodoi.ingest.display import restore

    # "Đẩy mạnh … truyền thông về …": OCR read "PAy … truyén thong vé", normalising made "ĐAy"
    line = "1. ĐAy manh cong tac thong tin, truyén thong vé chuyén doi sé"
    assert restore(line) == "1. Đẩy mạnh công tác thông tin, truyền thông về chuyển đổi số"
    assert restore_diacritics("Đoàn thanh nien") == "Đoàn thanh niên"  # real marks kept


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_random_text_never_raises_and_keeps_lines(text):
    out = restore_diacritics(text)
    assert len(out.splitlines()) == len(text.splitlines())
    assert out.count("\n") == text.count("\n")
