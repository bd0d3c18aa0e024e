import datetime as dt

from tests.conftest import make_quarter
from theodoi.plans.models import Task


def test_my_work_lists_the_agencys_tasks_and_indicators(login, users, plan):
    body = login(users["reporter"]).get("/viec-cua-toi/").content.decode()
    assert "Cụ thể hóa nhiệm vụ trong kế hoạch công tác hằng năm" in body  # leads it
    assert "Xây dựng chương trình tuyên truyền" in body  # coordinates it
    assert "Tỷ lệ giao dịch không dùng tiền mặt" in body
    assert "Rà soát thủ tục hành chính" not in body  # not its task


def test_my_work_marks_overdue_tasks(login, users, plan):
    Task.objects.filter(code="1.1").update(due_date=dt.date(2099, 12, 31))
    Task.objects.filter(code="1.2").update(
        deadline_kind="date", deadline_raw="Tháng 1/2020", due_date=dt.date(2020, 1, 31)
    )
    body = login(users["reporter"]).get("/viec-cua-toi/").content.decode()
    assert "1 quá hạn" in body
    assert "badge-overdue" in body


def test_home_sends_reporters_to_my_work(login, users):
    assert login(users["reporter"]).get("/")["Location"] == "/viec-cua-toi/"


def test_user_without_agency_is_told_so(login, users):
    body = login(users["office"]).get("/viec-cua-toi/").content.decode()
    assert "chưa được gán cho cơ quan nào" in body


def test_my_work_lists_periods_to_report(login, users, agencies, plan):

    period = make_quarter(plan, 2026, 2)
    client = login(users["reporter"])
    body = client.get("/viec-cua-toi/").content.decode()
    assert "Quý II/2026" in body and "Lập báo cáo" in body
    client.post(f"/bao-cao/ky/{period.pk}/co-quan/{agencies['kinhte'].pk}/mo/")
    assert "Đang soạn" in client.get("/viec-cua-toi/").content.decode()
