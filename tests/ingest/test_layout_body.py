"""Body items, the duties of "TỔ CHỨC THỰC HIỆN", the reporting regime, the merge of a
body item with the annex row restating it."""

from datetime import date

from layout_text import namer, segmented

from theodoi.ingest.layouts.align import ordered_pairs
from theodoi.ingest.layouts.body_items import body_items
from theodoi.ingest.layouts.duties import leads_from_duties
from theodoi.ingest.layouts.merge import merge_restated
from theodoi.ingest.layouts.reporting import reporting_duties
from theodoi.ingest.model import Task

BODY = """I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Đưa thương mại điện tử đến từng hộ kinh doanh.
II. NHIỆM VỤ TRỌNG TÂM NĂM 2026
1. Thương mại điện tử
- Mở gian hàng trực tuyến cho nông sản của hợp tác xã trên sàn thương mại điện tử.
- Hướng dẫn tiểu thương chợ nhận tiền qua mã QR.
2. Y tế số
- Cập nhật hồ sơ sức khỏe điện tử cho người dân khi khám bệnh tại trạm.
3. Tổng kết việc thực hiện kế hoạch và biểu dương điển hình.
III. TỔ CHỨC THỰC HIỆN
1. Phòng Kinh tế chủ trì mở gian hàng trực tuyến cho nông sản, hướng dẫn tiểu thương nhận tiền qua mã QR.
2. Trạm Y tế xã thực hiện cập nhật hồ sơ sức khỏe điện tử của người dân.
3. Phòng Văn hóa - Xã hội tổng hợp, báo cáo định kỳ 6 tháng (trước ngày 15/6) và hằng năm (trước ngày 15/12) về Ủy ban nhân dân xã.
"""


def test_leaves_of_a_task_section_are_tasks_and_a_bare_group_is_one():
    tasks = body_items(segmented(BODY).root)
    # "3. Tổng kết … điển hình.": an item without sub-items that ends like a sentence
    assert [t.code for t in tasks] == ["1.1", "1.2", "2.1", "3"]
    assert tasks[0].group == "1. Thương mại điện tử"
    # "NHIỆM VỤ TRỌNG TÂM NĂM 2026": due by the end of that year
    assert all(t.deadline.due == date(2026, 12, 31) for t in tasks)
    assert not any("Đưa thương mại" in t.title for t in tasks)


def test_a_task_gets_the_lead_whose_duties_say_the_same_thing():
    seg = segmented(BODY)
    tasks = body_items(seg.root)
    leads_from_duties(tasks, seg.root, namer(), False, seg.header.title)
    assert [t.lead for t in tasks[:3]] == ["Phòng Kinh tế", "Phòng Kinh tế", "Trạm Y tế xã"]
    assert tasks[3].lead is None  # no duty says it (reporting is no duty): no guess


def test_the_reporting_regime_is_read_with_due_dates_and_recipient():
    seg = segmented(BODY)
    found = reporting_duties([ln.text for ln in seg.body_lines])
    assert [(r.frequency, r.due) for r in found] == [("semiannual", "15/6"), ("annual", "15/12")]
    assert found[0].recipient.startswith("Ủy ban nhân dân xã")


def _regime(sentence: str):
    return [(r.frequency, r.due) for r in reporting_duties([sentence])]


def test_every_frequency_a_reporting_sentence_lists_is_a_duty():
    assert _regime("Văn phòng tổng hợp, báo cáo UBND xã định kỳ hằng quý, 6 tháng và năm.") == [
        ("quarterly", None),
        ("semiannual", None),
        ("annual", None),
    ]
    assert _regime("Các đơn vị báo cáo định kỳ 6 tháng, năm về Văn phòng.") == [
        ("semiannual", None),
        ("annual", None),
    ]


def test_a_due_date_after_its_frequency_is_read_in_words_too():
    found = _regime("Báo cáo UBND phường định kỳ hằng quý (trước ngày 20 tháng cuối quý).")
    assert found == [("quarterly", "20")]  # day 20 of the quarter's last month
    assert _regime("Báo cáo hằng năm trước ngày 15 tháng 12 về Sở.") == [("annual", "15/12")]
    found = _regime("Các đơn vị báo cáo định kỳ hằng quý trước ngày 15 của tháng cuối quý.")
    assert found == [("quarterly", "15")]


def test_two_dates_a_year_are_one_half_yearly_duty():
    sentence = "Định kỳ ngày 10 tháng 6 và ngày 10 tháng 12 hằng năm, báo cáo kết quả về UBND xã."
    assert _regime(sentence) == [("semiannual", "10/6, 10/12")]


def test_words_that_only_look_like_frequencies_are_none():
    # "thông qua", "Việt Nam", "Quý II/2026" name no reporting frequency
    assert _regime("Báo cáo định kỳ thông qua Mặt trận Tổ quốc Việt Nam trong Quý II/2026.") == []


def test_one_duty_per_frequency_with_what_later_sentences_add():
    found = reporting_duties(
        ["Các phòng báo cáo hằng quý.", "Văn phòng báo cáo UBND xã hằng quý (trước ngày 25/3)."]
    )
    assert [(r.frequency, r.due, r.recipient) for r in found] == [("quarterly", "25/3", "UBND xã")]


def test_ordered_pairs_keep_the_order_of_both_lists():
    sims = [[90, 0, 0], [0, 0, 80], [0, 85, 0]]
    # (1, 2) and (2, 1) cross: only the stronger one is kept
    assert ordered_pairs(sims) == [(0, 0), (2, 1)]
    assert ordered_pairs([[0, 70], [75, 0]]) == [(1, 0)]


def test_an_annex_row_restating_a_body_item_keeps_its_cells_and_the_fuller_text():
    body = [
        Task(
            title="Mở gian hàng trực tuyến cho nông sản của hợp tác xã trên sàn thương mại điện tử",
            lines=(5, 5),
        )
    ]
    row = Task(
        title="Mở gian hàng trực tuyến cho nông sản của hợp tác xã",
        lines=(40, 42),
        lead="Phòng Kinh tế",
    )
    rest, merged = merge_restated(body, [row], False)
    assert rest == []
    assert merged[0].lead == "Phòng Kinh tế"
    assert merged[0].title.endswith("sàn thương mại điện tử")


GIVEN = """ỦY BAN NHÂN DÂN
XÃ AN BÌNH
Số: 5/KH-UBND
An Bình, ngày 5 tháng 4 năm 2025
KẾ HOẠCH
Chuyển đổi số năm 2025
I. MỤC ĐÍCH
1. Bảo đảm tiến độ.
II. NHIỆM VỤ
1. Giao Phòng Kinh tế chủ trì, phối hợp với Công an xã và Phòng Văn hóa - Xã hội rà soát hạ tầng mạng.
2. Đảng ủy giao Công an xã làm sạch dữ liệu dân cư.
3. Giao nhiệm vụ cho các thôn rà soát hộ nghèo.
III. TỔ CHỨC THỰC HIỆN
Các phòng thực hiện.
"""


def test_the_agency_an_item_gives_the_work_to_is_its_lead():
    from theodoi.ingest.pipeline import ingest_text

    leads = [t.lead for t in ingest_text(GIVEN).tasks]
    assert leads[0] == "Phòng Kinh tế"
    assert leads[1].startswith("Công an xã")
    assert leads[2] is None, "'giao nhiệm vụ cho các thôn' names no agency"


def test_the_agencies_an_item_says_its_lead_works_with_are_its_coordinators():
    from theodoi.ingest.pipeline import ingest_text

    first = ingest_text(GIVEN).tasks[0]
    assert [c.split(" xã")[0] for c in first.coordinators] == ["Công an", "Phòng Văn hóa - Xã hội"]


def test_a_frequency_listed_after_another_counts_without_dinh_ky():
    sentence = "Văn phòng tổng hợp báo cáo 6 tháng (trước ngày 10/6) và năm (trước ngày 10/12) gửi UBND tỉnh."
    assert _regime(sentence) == [("semiannual", "10/6"), ("annual", "10/12")]
    assert _regime("Báo cáo kết quả 6 tháng và Việt Nam.") == [("semiannual", None)]
