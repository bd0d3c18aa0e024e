"""Weighty actions ask first, in Debian's chromium: a dismissed dialog changes nothing in the
database, an accepted one does what the button says."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import extraction, make_quarter
from theodoi.plans.models import Plan, Task
from theodoi.plans.services import plan_import_extraction
from theodoi.reporting import services as reporting
from theodoi.reporting.models import DeadlineExtension, Report, ReportingPeriod

pytest_plugins = ["tests.browser"]  # the browser, page, session and dialogs fixtures
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def cancel_then_confirm(page, dialogs, act, state, *, asks: str):
    """`act` once with the dialog dismissed (nothing may change), once accepted (it must).
    Returns the state before and after."""
    before = state()
    asked = len(dialogs.messages)
    dialogs.accept = False
    act()
    page.wait_for_timeout(300)  # a submission the dialog failed to stop would land by now
    assert len(dialogs.messages) == asked + 1, "no confirmation was asked"
    assert asks in dialogs.messages[-1]
    assert state() == before
    dialogs.accept = True
    with page.expect_navigation():
        act()
    after = state()
    assert after != before
    return before, after


@pytest.fixture
def draft(units, agencies):
    """A draft plan of the commune, to review before confirming it."""
    return plan_import_extraction(
        unit=units["commune"],
        extraction=extraction(title="Kế hoạch ứng dụng trí tuệ nhân tạo", number="15/KH-UBND"),
    ).plan


def test_locking_and_unlocking_a_period_ask_first(live_server, users, plan, page, session, dialogs):
    period = make_quarter(plan, 2026, 4, due=dt.date(2099, 12, 15))

    def state():
        row = ReportingPeriod.objects.get(pk=period.pk)
        return row.is_locked, row.updated_at

    session.login("vp.vinhlai")
    page.goto(f"{live_server.url}/bao-cao/ky/{period.pk}/")
    cancel_then_confirm(
        page, dialogs, lambda: page.click("button:has-text('Khóa kỳ báo cáo')"), state, asks="Khóa"
    )
    assert state()[0] is True
    cancel_then_confirm(
        page,
        dialogs,
        lambda: page.click("button:has-text('Mở khóa kỳ báo cáo')"),
        state,
        asks="Mở khóa",
    )
    assert state()[0] is False
    assert page.is_visible("button:has-text('Khóa kỳ báo cáo')")


def test_confirming_a_plan_asks_first(live_server, users, draft, page, session, dialogs):
    def state():
        return Plan.objects.filter(pk=draft.pk).values_list("status", "updated_at").get()

    session.login("vp.vinhlai")
    page.goto(f"{live_server.url}/ke-hoach/{draft.pk}/ra-soat/")
    dialogs.accept = False
    page.click("button:has-text('Xác nhận kế hoạch')")
    page.wait_for_timeout(300)
    assert state()[0] == "draft"
    page.goto(f"{live_server.url}/ke-hoach/{draft.pk}/")
    cancel_then_confirm(
        page,
        dialogs,
        lambda: page.click("button:has-text('Xác nhận kế hoạch')"),
        state,
        asks="Xác nhận kế hoạch",
    )
    assert state()[0] == "active"
    assert len(dialogs.messages) == 3


def _tasks(plan):
    return list(Task.objects.filter(plan=plan).order_by("order", "id").values_list("pk", "title"))


def test_merging_and_splitting_tasks_ask_first(live_server, users, draft, page, session, dialogs):
    first, second, _ = (pk for pk, _ in _tasks(draft))
    session.login("vp.vinhlai")
    review = f"{live_server.url}/ke-hoach/{draft.pk}/ra-soat/"
    page.goto(review)
    cancel_then_confirm(
        page,
        dialogs,
        lambda: page.click(f"#task-{second} button:has-text('Gộp với mục trên')"),
        lambda: _tasks(draft),
        asks="Gộp",
    )
    assert first not in [pk for pk, _ in _tasks(draft)]

    page.goto(f"{live_server.url}/ke-hoach/nhiem-vu/{second}/tach/")
    page.fill("textarea[name=second_title]", "Tổ chức hội nghị quán triệt về chuyển đổi số")
    _, after = cancel_then_confirm(
        page,
        dialogs,
        lambda: page.click("button:has-text('Lưu')"),
        lambda: _tasks(draft),
        asks="Tách",
    )
    assert "Tổ chức hội nghị quán triệt về chuyển đổi số" in [title for _, title in after]


def test_deleting_a_task_asks_first(live_server, users, draft, page, session, dialogs):
    first, second, _ = (pk for pk, _ in _tasks(draft))
    session.login("vp.vinhlai")
    page.goto(f"{live_server.url}/ke-hoach/{draft.pk}/ra-soat/")
    cancel_then_confirm(
        page,
        dialogs,
        lambda: page.click(f"#task-{first} button:has-text('Xóa')"),
        lambda: _tasks(draft),
        asks="Xóa nhiệm vụ",
    )
    assert first not in [pk for pk, _ in _tasks(draft)]

    page.goto(f"{live_server.url}/ke-hoach/nhiem-vu/{second}/xoa/")  # the page without script
    cancel_then_confirm(
        page,
        dialogs,
        lambda: page.click("main button:has-text('Xóa')"),
        lambda: _tasks(draft),
        asks="Xóa",
    )
    assert second not in [pk for pk, _ in _tasks(draft)]


def _submitted_report(plan, agencies, users):
    period = make_quarter(plan, 2026, 4, due=dt.date(2099, 12, 15))
    report = reporting.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])
    return reporting.report_submit(report=report, user=users["reporter"])


def test_returning_and_accepting_a_report_ask_first(
    live_server, users, agencies, plan, page, session, dialogs
):
    report = _submitted_report(plan, agencies, users)

    def state():
        return Report.objects.filter(pk=report.pk).values_list("status", "updated_at").get()

    session.login("vp.vinhlai")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/")
    dialogs.accept = False
    page.click("button:has-text('Tiếp nhận')")
    page.wait_for_timeout(300)
    assert dialogs.messages and "Tiếp nhận" in dialogs.messages[-1]
    assert state()[0] == "submitted"
    page.fill("textarea[name=comment]", "Đề nghị bổ sung số liệu quý IV")
    cancel_then_confirm(
        page,
        dialogs,
        lambda: page.click("button:has-text('Trả lại để sửa')"),
        state,
        asks="Trả lại",
    )
    assert state()[0] == "returned"

    reporting.report_submit(report=report, user=users["reporter"])
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/")
    cancel_then_confirm(
        page, dialogs, lambda: page.click("button:has-text('Tiếp nhận')"), state, asks="Tiếp nhận"
    )
    assert state()[0] == "accepted"


def test_sending_a_report_asks_first_and_a_no_sends_nothing(
    live_server, users, agencies, plan, page, session, dialogs
):
    period = make_quarter(plan, 2026, 4, due=dt.date(2099, 12, 15))
    report = reporting.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])

    def state():
        return Report.objects.filter(pk=report.pk).values_list("status", "version").get()

    session.login("cb.kinhte")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/")
    dialogs.accept_submit = False
    cancel_then_confirm(
        page,
        dialogs,
        lambda: page.click("#report-actions button:has-text('Gửi báo cáo')"),
        state,
        asks="Gửi báo cáo",
    )
    assert state() == ("submitted", 1)


def test_deciding_an_extension_asks_first(
    live_server, users, agencies, plan, page, session, dialogs
):
    task = Task.objects.get(plan=plan, code="1.2")
    Task.objects.filter(pk=task.pk).update(deadline_kind="date", due_date=dt.date(2026, 6, 30))
    task.refresh_from_db()
    extension = reporting.extension_request(
        task=task,
        agency=agencies["kinhte"],
        user=users["reporter"],
        requested_due=dt.date(2026, 9, 30),
        reason="Chờ kinh phí được phân bổ",
    )

    def state():
        row = DeadlineExtension.objects.get(pk=extension.pk)
        return row.status, Task.objects.get(pk=task.pk).due_date

    session.login("vp.vinhlai")
    page.goto(f"{live_server.url}/bao-cao/gia-han/")
    page.select_option("select[name=approve]", "1")
    cancel_then_confirm(
        page, dialogs, lambda: page.click("button:has-text('Ghi')"), state, asks="gia hạn"
    )
    assert state() == ("approved", dt.date(2026, 9, 30))


def test_confirming_a_task_link_asks_first(live_server, users, units, plan, page, session, dialogs):
    from theodoi.plans import cascade
    from theodoi.plans.models import TaskLink
    from theodoi.plans.services import plan_activate

    data = extraction(title="Chương trình hành động của Chính phủ", number="71/NQ-CP")
    data["indicators"] = []
    data["tasks"] = [
        {
            "code": "2",
            "title": "Xây dựng chương trình chuyên biệt về chuyển đổi số trên đài phát thanh",
            "lead": None,
            "deadline": {"raw": None, "kind": "unknown"},
            "lines": [1, 2],
        }
    ]
    national = plan_import_extraction(unit=units["nation"], extraction=data, level="national")
    plan_activate(plan=national.plan)
    cascade.task_link_suggest(plan=plan, user=users["office"])
    link = TaskLink.objects.get(task__code="1.1", candidate__code="2")

    def state():
        return (
            TaskLink.objects.get(pk=link.pk).status,
            Task.objects.get(pk=link.task_id).parent_id,
        )

    session.login("vp.vinhlai")
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/lien-ket/")
    button = f"tr:has(input[name=link][value='{link.pk}']) button:has-text('Xác nhận')"
    cancel_then_confirm(page, dialogs, lambda: page.click(button), state, asks="liên kết")
    assert state() == ("confirmed", link.candidate_id)


def test_publishing_a_plan_asks_first_and_other_edits_do_not(
    live_server, users, plan, page, session, dialogs
):
    def state():
        return Plan.objects.filter(pk=plan.pk).values_list("is_public", "title").get()

    session.login("vp.vinhlai")
    url = f"{live_server.url}/ke-hoach/{plan.pk}/sua/"
    page.goto(url)
    page.check("[name=is_public]")
    cancel_then_confirm(
        page, dialogs, lambda: page.click("main button:has-text('Lưu')"), state, asks="công khai"
    )
    assert state()[0] is True

    asked = len(dialogs.messages)
    page.goto(url)
    page.fill("[name=title]", "Kế hoạch thực hiện chuyển đổi số trên địa bàn xã năm 2026")
    with page.expect_navigation():
        page.click("main button:has-text('Lưu')")
    assert len(dialogs.messages) == asked  # the publication did not change: nothing to ask
    assert state() == (True, "Kế hoạch thực hiện chuyển đổi số trên địa bàn xã năm 2026")
