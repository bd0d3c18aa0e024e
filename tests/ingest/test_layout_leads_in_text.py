"""Leads an item's own text names in a later sentence or clause ("…. Phòng Kinh tế chủ trì,
phối hợp với …", "…; giao Trung tâm … chủ trì thực hiện; thời gian hoàn thành: …")."""

from datetime import date

from layout_text import namer, segmented

from theodoi.ingest.extract import extract_all

BODY = """I. MỤC ĐÍCH
1. Rõ việc, rõ người.
II. NHIỆM VỤ
1. Hoàn thiện thể chế
a) Rà soát các quy định về thương mại điện tử của xã. Phòng Kinh tế chủ trì, phối hợp với Công an xã thực hiện, hoàn thành trong Quý II/2026.
b) Xây dựng cơ sở dữ liệu hộ kinh doanh; giao Phòng Văn hóa - Xã hội chủ trì thực hiện; thời gian hoàn thành: tháng 10/2026.
c) Số hóa hồ sơ hộ tịch đã lưu trữ, thực hiện thường xuyên; Công an xã chủ trì.
d) Tuyên truyền về vai trò của Phòng Kinh tế chủ trì các hoạt động chuyển đổi số trong năm 2026.
III. TỔ CHỨC THỰC HIỆN
1. Các cơ quan báo cáo hằng quý.
"""


def _tasks():
    _indicators, tasks, _reporting = extract_all(segmented(BODY), namer())
    return {t.code: t for t in tasks}


def test_a_later_sentence_names_the_lead_and_its_coordinators():
    a = _tasks()["1.a)"]
    assert a.title == "Rà soát các quy định về thương mại điện tử của xã"
    assert (a.lead, a.coordinators) == ("Phòng Kinh tế", ["Công an xã"])
    assert a.deadline.due == date(2026, 6, 30)


def test_a_clause_giving_the_work_between_the_content_and_a_labelled_deadline():
    b = _tasks()["1.b)"]
    assert b.title == "Xây dựng cơ sở dữ liệu hộ kinh doanh"
    assert b.lead == "Phòng Văn hóa - Xã hội"
    assert b.deadline.due == date(2026, 10, 31)


def test_the_last_clause_names_the_lead_and_the_text_before_it_closes_with_the_deadline():
    c = _tasks()["1.c)"]
    assert c.lead == "Công an xã" and c.deadline.kind == "continuous"
    assert "chủ trì" not in c.title


def test_an_agency_inside_the_first_sentence_is_content_not_the_lead():
    d = _tasks()["1.d)"]
    assert d.title.startswith("Tuyên truyền về vai trò của Phòng Kinh tế")
