"""Items with labelled lines in an annex (no table header): the labels are the item's
fields, whatever their wording and order, bulleted or not; and a coordinator's cell
that ends in "hàng thương mại" is no "hằng tháng" deadline."""

from __future__ import annotations

import pytest

from theodoi.ingest.deadlines import parse_deadline
from theodoi.ingest.pipeline import ingest_text

HEAD = """ỦY BAN NHÂN DÂN
XÃ TÂN AN
Số: 08/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Tân An, ngày 05 tháng 3 năm 2026
KẾ HOẠCH
Chuyển đổi số trên địa bàn xã năm 2026
I. MỤC ĐÍCH, YÊU CẦU
1. Triển khai đồng bộ các nhiệm vụ chuyển đổi số.
II. NHIỆM VỤ
Các nhiệm vụ tại Phụ lục kèm theo.
Nơi nhận:
- Lưu: VT.
PHỤ LỤC
DANH MỤC NHIỆM VỤ
"""

LAYOUTS = {
    "bulleted, deadline first": """1. Số hóa hồ sơ hộ tịch lưu trữ tại xã
- Thời gian hoàn thành: Quý III/2026.
- Cơ quan chủ trì: Công an xã.
2. Tập huấn kỹ năng số cho cán bộ thôn
- Thời gian hoàn thành: Tháng 5/2026.
- Cơ quan chủ trì: Phòng Văn hóa - Xã hội.
""",
    "plain, other wording": """1. Số hóa hồ sơ hộ tịch lưu trữ tại xã
Đơn vị thực hiện: Công an xã.
Thời hạn: Quý III/2026.
2. Tập huấn kỹ năng số cho cán bộ thôn
Đơn vị thực hiện: Phòng Văn hóa - Xã hội.
Thời hạn: Tháng 5/2026.
""",
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_an_annex_of_labelled_items_gives_each_task_its_fields(layout):
    plan = ingest_text(HEAD + LAYOUTS[layout])
    got = [(t.lead, t.deadline.due.isoformat() if t.deadline.due else None) for t in plan.tasks]
    assert got == [("Công an xã Tân An", "2026-09-30"), ("Phòng Văn hóa - Xã hội", "2026-05-31")]
    assert all("Thời" not in t.title and "chủ trì" not in t.title for t in plan.tasks)


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        ("Các ngân hàng thương mại trên địa bàn Năm 2025", "unknown"),
        ("hàng thương mại", "unknown"),
        ("Hằng tháng", "recurring"),
        ("hang thang", "recurring"),
    ],
)
def test_a_bank_is_no_monthly_deadline(cell, kind):
    assert parse_deadline(cell, strict=True).kind == kind
