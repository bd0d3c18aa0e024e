"""Target figures worded in the objectives section decide a silent table cell."""

from layout_text import segmented

from theodoi.ingest.fields.targets import targets_from_objectives
from theodoi.ingest.model import Indicator, Target

BODY = """I. MỤC TIÊU
1. Đến năm 2026
- Tỷ lệ hộ kinh doanh sử dụng thanh toán không dùng tiền mặt đạt tối thiểu 70%.
- Số hợp tác xã bán hàng trên sàn thương mại điện tử đạt 12.
II. NHIỆM VỤ
1. Tuyên truyền
- Phát thanh trên loa của xã.
"""


def test_an_objective_worded_at_least_gives_the_cell_its_comparison():
    seg = segmented(BODY)
    ind = Indicator(
        name="Tỷ lệ hộ kinh doanh sử dụng thanh toán không dùng tiền mặt",
        lines=(1, 1),
        targets=[Target(raw="70", op="=", value=70.0, period="2026")],
    )
    other = Indicator(
        name="Số hợp tác xã bán hàng trên sàn thương mại điện tử",
        lines=(2, 2),
        targets=[Target(raw="12", op="=", value=12.0, period="2026")],
    )
    targets_from_objectives([ind, other], seg.root, False)
    assert (ind.targets[0].op, ind.targets[0].value) == (">=", 70.0)
    assert other.targets[0].op == "="
