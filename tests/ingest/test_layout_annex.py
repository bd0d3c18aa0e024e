"""Annex tables read from cells: what the table lists, its columns, its rows."""

from datetime import date

from layout_text import namer, segmented

from theodoi.ingest.layouts.annex_indicators import indicator_table
from theodoi.ingest.layouts.annex_tasks import annex_tasks
from theodoi.ingest.layouts.columns import table_columns

TASKS = """I. NHIỆM VỤ
Các nhiệm vụ cụ thể tại Phụ lục kèm theo.
II. TỔ CHỨC THỰC HIỆN
1. Phòng Kinh tế theo dõi, tổng hợp.

PHỤ LỤC
DANH MỤC NHIỆM VỤ NĂM 2026
TT
Nhiệm vụ
Đơn vị chủ trì
Đơn vị phối hợp
Sản phẩm
Thời hạn
I
PHÁT TRIỂN KINH TẾ SỐ
1
Mở gian hàng trực tuyến cho sản phẩm của hợp tác xã
Phòng Kinh tế
Công an xã
Gian hàng hoạt động
Quý III/2026
2
Tập huấn kỹ năng số cho hộ kinh doanh
Phòng Văn hóa - Xã hội
Phòng Kinh tế
Lớp tập huấn
Thường xuyên
"""

INDICATORS = """I. MỤC TIÊU
Các chỉ tiêu tại Phụ lục.

PHỤ LỤC
CÁC CHỈ TIÊU CHỦ YẾU
TT
Chỉ tiêu
Đơn vị tính
Năm 2026
Năm 2027
Cơ quan chủ trì
1
Tỷ lệ hộ kinh doanh thanh toán không dùng tiền mặt
%
≥ 60
≥ 80
Phòng Kinh tế
2
Tỷ lệ người dân có hồ sơ sức khỏe điện tử
%
90
100
Trạm Y tế xã
"""


def test_a_task_table_is_told_from_its_title_and_header():
    seg = segmented(TASKS)
    cols = table_columns(seg.appendices[0])
    assert not cols.indicator
    assert cols.coord and cols.output and cols.deadline


def test_an_indicator_table_has_year_columns_and_a_unit():
    seg = segmented(INDICATORS)
    cols = table_columns(seg.appendices[0])
    assert cols.indicator and cols.unit
    assert cols.years == ["2026", "2027"]


def test_task_rows_give_lead_coordinators_output_and_deadline():
    seg = segmented(TASKS)
    app = seg.appendices[0]
    tasks = annex_tasks(app, table_columns(app), namer(), False)
    assert [t.code for t in tasks] == ["I.1", "I.2"]
    first, second = tasks
    assert first.lead == "Phòng Kinh tế"
    assert first.coordinators == ["Công an xã"]
    assert first.output == "Gian hàng hoạt động"
    assert first.deadline.due == date(2026, 9, 30)
    assert first.group == "PHÁT TRIỂN KINH TẾ SỐ"
    assert second.lead == "Phòng Văn hóa - Xã hội"
    assert second.deadline.kind == "continuous"


def test_indicator_rows_give_one_target_per_year():
    seg = segmented(INDICATORS)
    app = seg.appendices[0]
    found = indicator_table(app, table_columns(app), namer())
    assert [i.lead for i in found] == ["Phòng Kinh tế", "Trạm Y tế xã"]
    targets = [(t.period, t.op, t.value) for t in found[0].targets]
    assert targets == [("2026", ">=", 60.0), ("2027", ">=", 80.0)]
    assert found[1].unit == "%"


WHOLE_LINE_CELLS = """PHỤ LỤC
DANH MỤC NHIỆM VỤ NĂM 2026
TT
Nhiệm vụ
Đơn vị chủ trì
Đơn vị phối hợp
Sản phẩm
Thời hạn
1
Triển khai bệnh án điện tử tại trạm y tế
Trạm Y tế xã
Công an xã; các cơ sở khám bệnh
Bệnh án điện tử được triển khai
Quý IV/2026
2
Kết nối dữ liệu hộ tịch với Cổng dịch vụ công
Phòng Văn hóa - Xã hội
Công an xã
Dữ liệu được kết nối
Thực hiện thường xuyên
"""


def test_a_cell_per_line_keeps_each_field_whole():
    """An output ending in a verb keeps it ("… được triển khai" | "Quý IV/2026"), and the
    coordinator cell gives every agency it lists, however the cells around it read."""
    seg = segmented("I. NHIỆM VỤ\nTại Phụ lục.\n\n" + WHOLE_LINE_CELLS)
    app = seg.appendices[0]
    first, second = annex_tasks(app, table_columns(app), namer(), False)
    assert first.output == "Bệnh án điện tử được triển khai"
    assert first.deadline.raw == "Quý IV/2026" and first.deadline.due == date(2026, 12, 31)
    assert first.coordinators == ["Công an xã", "các cơ sở khám bệnh"]
    assert second.output == "Dữ liệu được kết nối" and second.deadline.kind == "continuous"


def test_an_annex_signed_at_its_end_keeps_its_last_rows_deadline():
    signed = TASKS + "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn A\n"
    seg = segmented(signed)
    app = seg.appendices[0]
    last = annex_tasks(app, table_columns(app), namer(), False)[-1]
    assert last.deadline.raw == "Thường xuyên" and last.deadline.kind == "continuous"
    assert last.output == "Lớp tập huấn"
