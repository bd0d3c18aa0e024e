"""Every form of the app round-trips in Debian's chromium: fill every field with a realistic
value (decimals, Vietnamese text, dates dd/mm/yyyy), save, reload, find every value unchanged;
save again without a change and find nothing changed (no new version, event or audit entry)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from tests.conftest import make_quarter
from theodoi.plans.models import Indicator, Plan, Task
from theodoi.reporting import services as reporting
from theodoi.reporting.models import DeadlineExtension, Report, ReportEvent, ReportingPeriod

pytest_plugins = ["tests.browser"]  # browser, page, session, dialogs
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def form_data(page, selector="main form[method=post]"):
    from tests.browser import form_data as read

    return read(page, selector)


def row(model, pk, *m2m):
    """The object's stored values (its change time aside) and its many-to-many ids."""
    values = model.objects.filter(pk=pk).values().get()
    values.pop("updated_at", None)
    obj = model.objects.get(pk=pk)
    for name in m2m:
        values[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
    return values


def save(page, button="main button:has-text('Lưu')"):
    with page.expect_navigation():
        page.click(button)
    assert not page.is_visible(".invalid-feedback"), page.inner_text("main")
    assert not page.is_visible(".alert-danger"), page.inner_text("main")


def round_trip(page, url, snapshot, *, button="main button:has-text('Lưu')", form=None):
    """Save what is filled in on the page at `url`, reload it and find the same values; save
    again unchanged and find the same stored values and no new audit entry."""
    selector = form or "main form[method=post]"
    posted = form_data(page, selector)
    save(page, button)
    page.goto(url)
    assert form_data(page, selector) == posted
    before, entries = snapshot(), LogEntry.objects.count()
    save(page, button)
    assert snapshot() == before
    assert LogEntry.objects.count() == entries
    page.goto(url)
    assert form_data(page, selector) == posted
    return posted


def test_plan_edit_round_trips(live_server, users, plan, page, session, dialogs):
    dialogs.accept = True  # publishing the plan asks first (tests/test_browser_confirm.py)
    session.login("vp.vinhlai")
    url = f"{live_server.url}/ke-hoach/{plan.pk}/sua/"
    page.goto(url)
    page.fill("[name=number]", "15/KH-UBND")
    page.fill("[name=title]", "Kế hoạch thực hiện chuyển đổi số năm 2026 trên địa bàn xã Vĩnh Lại")
    page.fill("[name=issuer]", "Ủy ban nhân dân xã Vĩnh Lại")
    page.fill("[name=issued_on]", "20/09/2025")
    page.select_option("[name=level]", "commune")
    page.select_option("[name=kind]", "programme")
    page.fill("[name=period_start]", "2026")
    page.fill("[name=period_end]", "2030")
    page.check("[name=is_public]")
    posted = round_trip(page, url, lambda: row(Plan, plan.pk))
    assert posted["issued_on"] == ["20/09/2025"]
    stored = Plan.objects.get(pk=plan.pk)
    assert (stored.issued_on, stored.period_start, stored.period_end, stored.is_public) == (
        dt.date(2025, 9, 20),
        2026,
        2030,
        True,
    )
    assert stored.issuer == "Ủy ban nhân dân xã Vĩnh Lại"


def _fill_task(page, agencies):
    page.select_option("[name=group]", label="I. Nâng cao nhận thức")
    page.fill("[name=code]", "1.3")
    page.fill("[name=title]", "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức xã")
    page.select_option("[name=lead]", str(agencies["vhxh"].pk))
    page.select_option(
        "[name=coordinators]", [str(agencies["kinhte"].pk), str(agencies["skhcn"].pk)]
    )
    page.fill("[name=output]", "Ít nhất 2 lớp tập huấn; 95% cán bộ được bồi dưỡng")
    page.fill("[name=deadline_raw]", "Quý II/2026")
    page.fill("[name=parent_ref]", "NQ57:3")
    page.fill("[name=source_ref]", "Mục II.3, trang 4")


def test_task_add_then_edit_round_trips(live_server, users, agencies, plan, page, session):
    session.login("vp.vinhlai")
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/nhiem-vu/them/")
    _fill_task(page, agencies)
    posted = form_data(page)
    save(page)
    task = Task.objects.get(plan=plan, code="1.3")
    assert (task.deadline_kind, task.due_date) == ("date", dt.date(2026, 6, 30))
    url = f"{live_server.url}/ke-hoach/nhiem-vu/{task.pk}/sua/"
    page.goto(url)
    assert form_data(page) == posted

    page.fill("[name=title]", "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức và người dân")
    page.fill("[name=deadline_raw]", "Trước ngày 20/12/2026")
    page.select_option("[name=coordinators]", [str(agencies["kinhte"].pk)])
    round_trip(page, url, lambda: row(Task, task.pk, "coordinators"))
    task.refresh_from_db()
    assert task.due_date == dt.date(2026, 12, 20)
    assert list(task.coordinators.all()) == [agencies["kinhte"]]


def test_indicator_edit_round_trips_and_keeps_its_targets(
    live_server, users, agencies, plan, page, session
):
    indicator = Indicator.objects.get(plan=plan)
    targets = list(indicator.targets.values("period", "op", "value", "raw"))
    session.login("vp.vinhlai")
    url = f"{live_server.url}/ke-hoach/chi-tieu/{indicator.pk}/sua/"
    page.goto(url)
    page.fill("[name=group]", "II. Kinh tế số")
    page.fill("[name=code]", "2a")
    page.fill("[name=name]", "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình")
    page.fill("[name=unit_of_measure]", "%")
    page.select_option("[name=lead]", str(agencies["kinhte"].pk))
    page.select_option("[name=coordinators]", [str(agencies["vhxh"].pk)])
    page.fill("[name=output]", "Báo cáo số liệu hằng quý của Phòng Kinh tế")
    round_trip(page, url, lambda: row(Indicator, indicator.pk, "coordinators"))
    assert list(indicator.targets.values("period", "op", "value", "raw")) == targets
    page.goto(f"{live_server.url}/ke-hoach/chi-tieu/{indicator.pk}/")
    assert page.is_visible("text=≥ 85")


def _periods(plan):
    return list(
        ReportingPeriod.objects.filter(plan=plan)
        .order_by("start", "kind")
        .values_list("kind", "label", "start", "end", "due", "is_locked")
    )


def _create_periods(page):
    page.fill("#id_regime-year", "2026")
    save(page, "button:has-text('Tạo các kỳ trong năm')")
    page.fill("#id_frequency-year", "2027")
    page.select_option("#id_frequency-frequency", "annual")
    page.fill("#id_frequency-due_rule", "30/11")
    save(page, "button:has-text('Tạo kỳ báo cáo')")
    page.fill("#id_adhoc-label", "Báo cáo đột xuất về chuyển đổi số trường học")
    page.fill("#id_adhoc-start", "01/11/2026")
    page.fill("#id_adhoc-end", "30/11/2026")
    page.fill("#id_adhoc-due", "05/12/2026")
    adhoc = form_data(page, "form:has(#id_adhoc-label)")
    save(page, "button:has-text('Tạo đợt báo cáo')")
    return adhoc


def test_period_forms_round_trip(live_server, users, plan, page, session):
    plan.reporting_regime = [
        {"frequency": "semiannual", "due": "15/6", "recipient": "UBND xã", "raw": "6 tháng"}
    ]
    plan.save()
    session.login("vp.vinhlai")
    url = f"{live_server.url}/bao-cao/ke-hoach/{plan.pk}/ky/"
    page.goto(url)
    adhoc = _create_periods(page)
    created = _periods(plan)
    assert {kind for kind, *_ in created} == {"semiannual", "adhoc", "annual"}
    assert (
        "adhoc",
        "Báo cáo đột xuất về chuyển đổi số trường học",
        dt.date(2026, 11, 1),
        dt.date(2026, 11, 30),
        dt.date(2026, 12, 5),
        False,
    ) in created
    assert ("annual", dt.date(2027, 11, 30)) in [(kind, due) for kind, _, _, _, due, _ in created]
    page.goto(url)
    shown = page.inner_text("table tr:has-text('Báo cáo đột xuất về chuyển đổi số trường học')")
    assert shown.split("\t")[2:5] == ["01/11/2026", "30/11/2026", "05/12/2026"]
    assert "30/11/2027" in page.inner_text("table")

    # The same forms sent again create nothing; the refused ad hoc form keeps what was typed.
    entries = LogEntry.objects.count()
    page.fill("#id_regime-year", "2026")
    save(page, "button:has-text('Tạo các kỳ trong năm')")
    assert page.is_visible("text=Đã tạo 0 kỳ báo cáo mới")
    for name, value in adhoc.items():
        if name.startswith("adhoc-"):
            page.fill(f"#id_{name}", value[0])
    with page.expect_navigation():
        page.click("button:has-text('Tạo đợt báo cáo')")
    assert form_data(page, "form:has(#id_adhoc-label)") == adhoc
    assert page.is_visible("form:has(#id_adhoc-label) .alert-danger, .invalid-feedback")
    assert _periods(plan) == created
    assert LogEntry.objects.count() == entries


@pytest.fixture
def report(plan, agencies, users):
    """The economic office's draft report of a quarter: one task, a percentage, a decimal
    and a qualitative indicator."""
    Task.objects.filter(plan=plan, code="1.2").update(
        deadline_kind="date", due_date=dt.date(2026, 12, 31)
    )
    for order, (code, name, unit) in enumerate(
        [
            ("3", "Diện tích đất nông nghiệp ứng dụng công nghệ cao", "ha"),
            ("4", "Mức độ hài lòng của người dân với dịch vụ công trực tuyến", ""),
        ],
        start=10,
    ):
        Indicator.objects.create(
            plan=plan,
            code=code,
            name=name,
            unit_of_measure=unit,
            lead=agencies["kinhte"],
            order=order,
        )
    period = make_quarter(plan, 2026, 4, due=dt.date(2099, 12, 15))
    return reporting.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])


def _report_state(report):
    fresh = Report.objects.get(pk=report.pk)
    return (
        (fresh.status, fresh.version, fresh.summary),
        list(fresh.task_updates.order_by("pk").values()),
        list(fresh.indicator_values.order_by("pk").values()),
        ReportEvent.objects.filter(report=report).count(),
    )


def _fill_report(page):
    page.fill(
        "[name=summary]",
        "Quý IV/2026: triển khai đúng kế hoạch; giao dịch không dùng tiền mặt đạt 85,5%.",
    )
    page.select_option("[name=tasks-0-status]", "in_progress")
    page.fill("[name=tasks-0-progress]", "60")
    page.fill(
        "[name=tasks-0-result]",
        "Đã lồng ghép nhiệm vụ chuyển đổi số vào kế hoạch công tác năm 2026",
    )
    page.fill("[name=tasks-0-obstacles]", "Thiếu kinh phí nâng cấp đường truyền")
    page.fill("[name=tasks-0-proposals]", "Đề nghị UBND xã bổ sung kinh phí quý I/2027")
    page.fill("[name=tasks-0-evidence]", "Công văn số 45/UBND-KT ngày 12/10/2026")
    page.fill("[name=indicators-0-value]", "85.5")
    page.fill("[name=indicators-0-source]", "Báo cáo của Phòng Kinh tế")
    page.fill("[name=indicators-1-value]", "12,75")
    page.fill("[name=indicators-1-source]", "Số liệu địa chính xã")
    page.fill("[name=indicators-2-text_value]", "Đạt yêu cầu, người dân hài lòng")
    page.fill("[name=indicators-2-source]", "Khảo sát tháng 11/2026")


def test_report_page_round_trips_figures_and_text(
    live_server, users, report, page, session, dialogs
):
    session.login("cb.kinhte")
    url = f"{live_server.url}/bao-cao/{report.pk}/"
    page.goto(url)
    _fill_report(page)
    posted = form_data(page)
    save(page, "button:has-text('Lưu nháp')")
    shown = dict(
        posted, **{"indicators-1-value": ["12.75"]}
    )  # typed with a comma, shown with a dot
    page.goto(url)
    assert form_data(page) == shown
    values = report.indicator_values.order_by("indicator__order")
    assert [v.value for v in values] == [Decimal("85.5"), Decimal("12.75"), None]

    before = _report_state(report)
    save(page, "button:has-text('Lưu nháp')")
    assert _report_state(report) == before
    page.goto(url)
    assert form_data(page) == shown

    save(page, "button:has-text('Gửi báo cáo')")
    session.logout()
    dialogs.accept = True
    session.login("vp.vinhlai")
    page.goto(url)
    save(page, "button:has-text('Tiếp nhận')")
    assert page.inner_text("#report-status") == "Đã tiếp nhận"
    cards = page.locator(".report-row:has(dt:has-text('Giá trị'))").all_inner_texts()
    figures = " | ".join(" ".join(card.split()) for card in cards)
    # The read-only page shows figures the Vietnamese way (85,5) or as typed (85.5).
    assert re.search(r"Giá trị 85[.,]5\b", figures) and re.search(r"Giá trị 12[.,]75\b", figures)
    assert "Đạt yêu cầu, người dân hài lòng" in figures


def test_extension_request_and_decision_round_trip(
    live_server, users, agencies, plan, page, session, dialogs
):
    task = Task.objects.get(plan=plan, code="1.2")
    Task.objects.filter(pk=task.pk).update(deadline_kind="date", due_date=dt.date(2026, 6, 30))
    reason = "Chờ kinh phí được phân bổ trong quý III/2026"
    session.login("cb.kinhte")
    page.goto(f"{live_server.url}/ke-hoach/nhiem-vu/{task.pk}/")
    page.click("a:has-text('Đề nghị gia hạn')")
    page.fill("[name=requested_due]", "30/09/2026")
    page.fill("[name=reason]", reason)
    posted = form_data(page)
    save(page, "main button:has-text('Lưu')")
    extension = DeadlineExtension.objects.get(task=task)
    assert (extension.requested_due, extension.reason) == (dt.date(2026, 9, 30), reason)

    # Sent again unchanged: refused with a message, what was typed still there, nothing stored.
    page.goto(f"{live_server.url}/bao-cao/nhiem-vu/{task.pk}/gia-han/")
    page.fill("[name=requested_due]", "30/09/2026")
    page.fill("[name=reason]", reason)
    with page.expect_navigation():
        page.click("main button:has-text('Lưu')")
    assert page.is_visible(".alert-danger")
    assert form_data(page) == posted
    assert DeadlineExtension.objects.filter(task=task).count() == 1
    session.logout()

    session.login("vp.vinhlai")
    page.goto(f"{live_server.url}/bao-cao/gia-han/")
    row = page.inner_text(f"tr:has-text('{reason}')")
    assert "30/06/2026" in row and "30/09/2026" in row
    dialogs.accept = True
    page.select_option("select[name=approve]", "1")
    page.fill("input[name=reason]", "Đồng ý gia hạn đến hết quý III/2026")
    save(page, "button:has-text('Ghi')")
    page.goto(f"{live_server.url}/bao-cao/gia-han/")
    assert page.is_visible("text=Đồng ý gia hạn: Đồng ý gia hạn đến hết quý III/2026")
    assert not page.is_visible("select[name=approve]")  # decided: nothing left to send again
    task.refresh_from_db()
    assert task.due_date == dt.date(2026, 9, 30)


def _fill_template(path, task_update_id):
    from openpyxl import load_workbook

    wb = load_workbook(path)
    tasks, values = wb["Nhiệm vụ"], wb["Chỉ tiêu"]

    def put(ws, row, header, value):
        headers = [c.value for c in ws[1]]
        ws.cell(row=row, column=headers.index(header) + 1).value = value

    # the agency's own task's row (the sheet also lists the task it coordinates)
    row = next(
        r
        for r in range(2, tasks.max_row + 1)
        if tasks.cell(row=r, column=1).value == task_update_id
    )
    put(tasks, row, "Tình trạng", "Đang thực hiện")
    put(tasks, row, "Tiến độ (%)", 40)
    put(tasks, row, "Kết quả", "Đã xây dựng dự thảo kế hoạch công tác năm 2026")
    put(tasks, row, "Khó khăn, vướng mắc", "Nhân lực công nghệ thông tin còn mỏng")
    put(tasks, row, "Kiến nghị, đề xuất", "Tăng cường tập huấn cho cán bộ")
    put(tasks, row, "Văn bản, minh chứng", "Tờ trình số 12/TTr-KT")
    put(values, 2, "Giá trị trong kỳ", 85.5)
    put(values, 2, "Nguồn số liệu", "Hệ thống thanh toán của ngân hàng")
    put(values, 3, "Giá trị trong kỳ", "12,75")
    put(values, 4, "Giá trị định tính", "Chưa khảo sát")
    wb.save(path)


def _download_template(page, base, report, path):
    page.goto(f"{base}/bao-cao/{report.pk}/")
    with page.expect_download() as download:
        page.click("a:has-text('Tải mẫu Excel')")
    download.value.save_as(path)
    return path


def _upload(page, base, report, path):
    page.goto(f"{base}/du-lieu/bao-cao/{report.pk}/nap/")
    page.set_input_files("input[name=file]", path)
    with page.expect_navigation():
        page.click("main button:has-text('Nạp từ Excel')")


def test_report_excel_upload_round_trips(live_server, users, report, page, session, tmp_path):
    from openpyxl import load_workbook

    base = live_server.url
    session.login("cb.kinhte")
    filled = _download_template(page, base, report, tmp_path / "bao-cao-quy-iv.xlsx")
    _fill_template(filled, report.task_updates.get(role="lead").pk)
    _upload(page, base, report, filled)
    assert page.url == f"{base}/bao-cao/{report.pk}/"
    shown = form_data(page)
    row = page.get_attribute("[data-task-code='1.2'][data-role=lead]", "data-prefix")
    assert shown[f"{row}-status"] == ["in_progress"] and shown[f"{row}-progress"] == ["40"]
    assert shown[f"{row}-result"] == ["Đã xây dựng dự thảo kế hoạch công tác năm 2026"]
    assert [shown[f"indicators-{i}-value"] for i in range(3)] == [["85.5"], ["12.75"], [""]]
    assert shown["indicators-2-text_value"] == ["Chưa khảo sát"]
    before = _report_state(report)

    _upload(page, base, report, filled)  # the same file again: refused as out of date
    assert page.is_visible("#import-errors")
    assert _report_state(report) == before

    fresh = _download_template(page, base, report, tmp_path / "mau-moi.xlsx")
    values = load_workbook(fresh)["Chỉ tiêu"]
    headers = [c.value for c in values[1]]
    column = headers.index("Giá trị trong kỳ") + 1
    assert [values.cell(row=r, column=column).value for r in (2, 3)] == [85.5, 12.75]
    _upload(page, base, report, fresh)  # the new template sent back unchanged
    assert page.url == f"{base}/bao-cao/{report.pk}/"
    assert _report_state(report) == before
    assert form_data(page) == shown


PLAN_TEXT = """ỦY BAN NHÂN DÂN
XÃ VĨNH LẠI
Số: 21/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Vĩnh Lại, ngày 05 tháng 3 năm 2026

KẾ HOẠCH
Triển khai chuyển đổi số trong trường học trên địa bàn xã năm 2026

Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;

I. MỤC ĐÍCH, YÊU CẦU
Đưa công nghệ số vào dạy và học.

II. NHIỆM VỤ VÀ GIẢI PHÁP

1. Chuyển đổi số trong quản lý trường học

1.1. Triển khai sổ điểm điện tử tại các trường học trên địa bàn xã. Phòng Văn hóa - Xã hội \
chủ trì, phối hợp Phòng Kinh tế thực hiện. Thời hạn: Quý III/2026.

1.2. Tập huấn kỹ năng số cho giáo viên các trường trên địa bàn xã. Phòng Văn hóa - Xã hội \
chủ trì thực hiện. Thời gian hoàn thành: Tháng 9/2026.

III. TỔ CHỨC THỰC HIỆN
Phòng Văn hóa - Xã hội theo dõi, báo cáo kết quả thực hiện về Ủy ban nhân dân xã trước \
ngày 15/12/2026.
"""


def test_plan_upload_round_trips(live_server, users, units, plan, page, session, tmp_path):
    document = tmp_path / "ke-hoach-truong-hoc.txt"
    document.write_text(PLAN_TEXT, encoding="utf-8")
    session.login("vp.vinhlai")

    def upload():
        page.goto(f"{live_server.url}/ke-hoach/nhap/")
        page.set_input_files("input[name=file]", document)
        page.select_option("[name=unit]", str(units["commune"].pk))
        page.select_option("[name=parent]", str(plan.pk))
        with page.expect_navigation(timeout=60_000):
            page.click("button:has-text('Đọc văn bản')")

    upload()
    uploaded = Plan.objects.exclude(pk=plan.pk).get()
    assert page.url.endswith(f"/ke-hoach/{uploaded.pk}/ra-soat/")
    assert (uploaded.number, uploaded.unit, uploaded.parent, uploaded.status) == (
        "21/KH-UBND",
        units["commune"],
        plan,
        "draft",
    )
    assert page.is_visible("text=Triển khai sổ điểm điện tử tại các trường học trên địa bàn xã")
    assert page.is_visible("text=Tập huấn kỹ năng số cho giáo viên")
    page.goto(f"{live_server.url}/ke-hoach/{uploaded.pk}/")
    assert page.is_visible("text=Kế hoạch triển khai chuyển đổi số trong trường học")
    assert page.is_visible("a:has-text('ke-hoach-truong-hoc.txt')")
    assert page.is_visible(f"a[href='/ke-hoach/{plan.pk}/']:has-text('12/KH-UBND')")

    plans, entries = list(Plan.objects.values_list("pk", flat=True)), LogEntry.objects.count()
    upload()  # the same document again: no second plan
    assert page.is_visible("text=Văn bản này đã được nhập trước đây")
    assert list(Plan.objects.values_list("pk", flat=True)) == plans
    assert LogEntry.objects.count() == entries


def test_login_keeps_the_user_name_after_a_wrong_password(live_server, users, page, session):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", "cb.kinhte")
    page.fill("#id_password", "sai-mat-khau-roi")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.is_visible("text=Tên đăng nhập hoặc mật khẩu không đúng")
    assert page.input_value("#id_username") == "cb.kinhte"
    assert page.input_value("#id_password") == ""
    session.login("cb.kinhte")
    assert page.url == f"{live_server.url}/viec-cua-toi/"
    assert page.is_visible("nav >> text=cb.kinhte")


def _user_state(username):
    from theodoi.accounts.models import RoleAssignment, User

    user = User.objects.filter(username=username).values().get()
    roles = list(RoleAssignment.objects.filter(user_id=user["id"]).order_by("pk").values())
    return user, roles


def test_user_and_role_page_round_trips(live_server, users, units, agencies, page, session):
    from tests.conftest import PASSWORD

    session.login("vp.vinhlai")
    page.click("nav >> text=Người dùng")
    page.click("a:has-text('Thêm người dùng')")
    page.fill("[name=username]", "cb.vanhoa")
    page.fill("[name=full_name]", "Lê Thị Thu Hà")
    page.fill("[name=email]", "ha.ltt@vinhlai.gov.vn")
    page.fill("[name=password]", PASSWORD)
    page.fill("[name=password_again]", PASSWORD)
    page.select_option("[name=role]", "reporter")
    page.select_option("[name=unit]", str(units["commune"].pk))
    page.select_option("[name=agency]", str(agencies["vhxh"].pk))
    posted = form_data(page)
    save(page)
    shown = form_data(page)
    assert shown == {
        name: posted[name] for name in ("full_name", "email", "role", "unit", "agency")
    } | {"is_active": ["on"]}
    url = page.url

    page.select_option("[name=role]", "leader")
    page.select_option("[name=agency]", "")
    page.fill("[name=full_name]", "Lê Thị Thu Hà (Phó Chủ tịch)")
    round_trip(page, url, lambda: _user_state("cb.vanhoa"))
    user, roles = _user_state("cb.vanhoa")
    assert user["full_name"] == "Lê Thị Thu Hà (Phó Chủ tịch)"
    assert [(r["role"], r["unit_id"], r["agency_id"]) for r in roles] == [
        ("leader", units["commune"].pk, None)
    ]
    page.goto(f"{live_server.url}/nguoi-dung/")
    assert "Lãnh đạo — Xã Vĩnh Lại" in page.inner_text("#user-table tr:has-text('cb.vanhoa')")


def test_list_filter_and_dashboard_date_round_trip(
    live_server, users, units, agencies, plan, page, session
):
    session.login("vp.vinhlai")
    page.goto(f"{live_server.url}/ke-hoach/nhiem-vu/")
    filters = "main form[method=get]"
    page.fill("[name=q]", "tuyên truyền")
    page.select_option("[name=lead]", str(agencies["vhxh"].pk))
    page.select_option("[name=deadline_kind]", "date")
    page.fill("[name=due_before]", "31/12/2025")
    page.click("button:has-text('Lọc')")
    # htmx filters as each field changes and pushes the address; wait for the last one.
    page.wait_for_url(lambda url: "due_before=31" in url and "deadline_kind=date" in url)
    page.wait_for_load_state("networkidle")
    chosen = form_data(page, filters)
    assert page.is_visible("#object-table >> text=Xây dựng chương trình tuyên truyền")
    assert not page.is_visible("#object-table >> text=Rà soát thủ tục hành chính")
    page.reload()
    assert form_data(page, filters) == chosen
    assert chosen["q"] == ["tuyên truyền"] and chosen["due_before"] == ["31/12/2025"]

    page.goto(f"{live_server.url}/bang-dieu-khien/{units['commune'].pk}/")
    page.fill("#id_as_of", "2026-03-31")  # a date input: the browser's own calendar
    page.dispatch_event("#id_as_of", "change")
    page.wait_for_url("**as_of=2026-03-31**")
    page.reload()
    assert page.input_value("#id_as_of") == "2026-03-31"
