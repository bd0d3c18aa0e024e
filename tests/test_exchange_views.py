"""Plan exports and the report template round trip: download, fill, upload, store or refuse."""

import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tests.conftest import make_quarter, make_user
from theodoi.accounts.choices import Role
from theodoi.exchange import services as exchange
from theodoi.plans.models import Task
from theodoi.reporting import services
from theodoi.reporting.models import ReportEvent

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def period(plan):
    return make_quarter(plan, 2026, 1)


@pytest.fixture
def report(plan, agencies, users, period):
    Task.objects.create(
        plan=plan,
        code="3.1",
        title="Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        lead=agencies["kinhte"],
        deadline_raw="Năm 2026",
        order=100,
    )
    # rows it leads only (a coordinator's row for 1.1 is tests/test_coordinator_rows.py's)
    plan.tasks.get(code="1.1").coordinators.remove(agencies["kinhte"])
    return services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])


def _wb(content: bytes):
    return load_workbook(io.BytesIO(content))


def _bytes(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _template(client, report):
    response = client.get(f"/du-lieu/bao-cao/{report.pk}/mau.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    return _wb(response.content)


def _upload(client, report, content: bytes, name="bao-cao.xlsx"):
    return client.post(
        f"/du-lieu/bao-cao/{report.pk}/nap/",
        {"file": SimpleUploadedFile(name, content, content_type=XLSX)},
    )


def _state(report):
    return (
        list(report.task_updates.order_by("pk").values_list("status", "progress", "result")),
        list(report.indicator_values.order_by("pk").values_list("value", "text_value", "source")),
        ReportEvent.objects.filter(report=report).count(),
    )


# ----------------------------------------------------------------------------- plan exports


def test_tasks_xlsx_has_vietnamese_headers_dates_and_numbers(login, users, plan):
    response = login(users["office"]).get(f"/du-lieu/ke-hoach/{plan.pk}/nhiem-vu.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    ws = _wb(response.content)["Nhiệm vụ"]
    assert [c.value for c in ws[1]] == exchange.TASK_HEADERS
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    assert set(rows) == {"1.1", "1.2", "2.1"}
    first = rows["1.1"]
    assert first[1].value == "I. Nâng cao nhận thức"
    assert first[3].value == "Phòng Văn hóa - Xã hội"
    assert first[4].value == "Phòng Kinh tế"
    assert first[7].value == dt.datetime(2025, 10, 31) and first[7].number_format == "DD/MM/YYYY"
    assert first[8].value == "Chưa báo cáo"
    assert first[9].value == 0 and first[9].data_type == "n"
    assert ws.freeze_panes == "A2"


def test_indicators_xlsx_has_targets_per_period(login, users, plan):
    response = login(users["office"]).get(f"/du-lieu/ke-hoach/{plan.pk}/chi-tieu.xlsx")
    wb = _wb(response.content)
    assert wb.sheetnames == ["Chỉ tiêu", "Mục tiêu"]
    ws = wb["Chỉ tiêu"]
    headers = [c.value for c in ws[1]]
    assert headers[:4] == ["TT", "Nhóm", "Tên chỉ tiêu", "Đơn vị tính"]
    assert "Mục tiêu 2030" in headers
    assert ws.cell(row=2, column=headers.index("Mục tiêu 2030") + 1).value == "≥ 85"
    targets = wb["Mục tiêu"]
    assert [c.value for c in targets[2]][3:6] == ["2030", "≥", 85]


def test_csv_exports_have_bom_and_vietnamese_headers(login, users, plan):
    client = login(users["office"])
    tasks = client.get(f"/du-lieu/ke-hoach/{plan.pk}/nhiem-vu.csv")
    assert tasks.status_code == 200 and tasks["Content-Type"].startswith("text/csv")
    assert tasks.content.startswith(b"\xef\xbb\xbf")
    lines = tasks.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(",")[:3] == ["TT", "Nhóm nhiệm vụ", "Nội dung nhiệm vụ"]
    assert "31/10/2025" in lines[1]
    indicators = client.get(f"/du-lieu/ke-hoach/{plan.pk}/chi-tieu.csv")
    assert indicators.content.startswith(b"\xef\xbb\xbf")
    assert "Tên chỉ tiêu" in indicators.content.decode("utf-8-sig").splitlines()[0]


def test_json_exports(login, users, plan):
    client = login(users["office"])
    tasks = json.loads(client.get(f"/du-lieu/ke-hoach/{plan.pk}/nhiem-vu.json").content)
    assert tasks["plan"]["number"] == "12/KH-UBND"
    first = next(t for t in tasks["tasks"] if t["code"] == "1.1")
    assert first["due_date"] == "2025-10-31" and first["lead"] == "Phòng Văn hóa - Xã hội"
    indicators = json.loads(client.get(f"/du-lieu/ke-hoach/{plan.pk}/chi-tieu.json").content)
    assert indicators["indicators"][0]["targets"][0] == {
        "period": "2030",
        "op": ">=",
        "value": 85,
        "value_max": None,
        "raw": "≥ 85",
    }


def test_exported_titles_that_look_like_formulas_are_neutralised(login, users, plan):
    plan.tasks.filter(code="1.1").update(title='=HYPERLINK("http://x","y")')
    plan.tasks.filter(code="1.2").update(title="@SUM(A1)")
    client = login(users["office"])
    content = client.get(f"/du-lieu/ke-hoach/{plan.pk}/nhiem-vu.xlsx").content
    ws = _wb(content)["Nhiệm vụ"]
    titles = {r[0].value: r[2] for r in ws.iter_rows(min_row=2)}
    assert titles["1.1"].value == '\'=HYPERLINK("http://x","y")'
    assert titles["1.2"].value == "'@SUM(A1)"
    assert titles["1.1"].data_type == titles["1.2"].data_type == "s"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    csv_text = client.get(f"/du-lieu/ke-hoach/{plan.pk}/nhiem-vu.csv").content.decode("utf-8-sig")
    assert "'@SUM(A1)" in csv_text and ",@SUM" not in csv_text


@pytest.mark.parametrize(
    "suffix",
    [
        "nhiem-vu.xlsx",
        "chi-tieu.xlsx",
        "nhiem-vu.csv",
        "chi-tieu.csv",
        "nhiem-vu.json",
        "chi-tieu.json",
        "",
    ],
)
@pytest.mark.parametrize("who", ["other_office", "nobody"])
def test_exports_outside_scope_are_404(login, users, plan, who, suffix):
    response = login(users[who]).get(f"/du-lieu/ke-hoach/{plan.pk}/{suffix}")
    assert response.status_code == 404


def test_draft_plan_of_another_unit_is_404_and_anonymous_is_sent_to_login(
    client, login, users, plan, draft_plan
):
    assert client.get(f"/du-lieu/ke-hoach/{plan.pk}/nhiem-vu.xlsx").status_code == 302
    leader = login(users["leader"])
    assert leader.get(f"/du-lieu/ke-hoach/{draft_plan.pk}/nhiem-vu.xlsx").status_code == 404
    assert leader.get(f"/du-lieu/ke-hoach/{plan.pk}/nhiem-vu.xlsx").status_code == 200


def test_plan_exports_page_links_every_format(login, users, plan):
    page = login(users["reporter"]).get(f"/du-lieu/ke-hoach/{plan.pk}/").content.decode()
    for suffix in ("nhiem-vu.xlsx", "chi-tieu.xlsx", "nhiem-vu.csv", "chi-tieu.json"):
        assert f"/du-lieu/ke-hoach/{plan.pk}/{suffix}" in page
    assert "Tải Excel nhiệm vụ" in page


# ----------------------------------------------------------------------------- template


def test_template_layout(login, users, report):
    wb = _template(login(users["reporter"]), report)
    assert wb.sheetnames == ["Nhiệm vụ", "Chỉ tiêu", "meta"]
    tasks, values, meta = wb["Nhiệm vụ"], wb["Chỉ tiêu"], wb["meta"]
    assert meta.sheet_state == "hidden"
    assert tasks.column_dimensions["A"].hidden and values.column_dimensions["A"].hidden
    assert [c.value for c in tasks[1]][:6] == [
        "ID",
        "TT",
        "Nội dung nhiệm vụ",
        "Thời hạn",
        "Tình trạng",
        "Tiến độ (%)",
    ]
    assert [r[1].value for r in tasks.iter_rows(min_row=2)] == ["1.2", "3.1"]
    assert tasks["E2"].value == "Chưa triển khai" and tasks["F2"].value == 0
    assert tasks["C2"].protection.locked and not tasks["E2"].protection.locked
    kinds = {dv.type: str(dv.sqref) for dv in tasks.data_validations.dataValidation}
    assert kinds == {"list": "E2:E3", "whole": "F2:F3"}
    status_list = next(
        dv for dv in tasks.data_validations.dataValidation if dv.type == "list"
    ).formula1
    assert "Hoàn thành quá hạn" in status_list
    assert "decimal" in {dv.type for dv in values.data_validations.dataValidation}
    assert values["E2"].value == "2030: ≥ 85"
    pairs = {r[0].value: r[1].value for r in meta.iter_rows(min_row=2)}
    assert pairs["report_id"] == report.pk
    report.refresh_from_db()
    assert pairs["version"] == report.updated_at.isoformat()


def test_round_trip_export_fill_upload_stores(login, users, report):
    client = login(users["reporter"])
    wb = _template(client, report)
    tasks, values = wb["Nhiệm vụ"], wb["Chỉ tiêu"]
    tasks["E2"], tasks["F2"] = "Hoàn thành", 100
    tasks["G2"] = "Đã cụ thể hóa trong kế hoạch năm 2026"
    tasks["J2"] = "Kế hoạch 15/KH-UBND"
    tasks["E3"], tasks["F3"] = "đang thực hiện", "40"  # labels are matched loosely
    tasks["H3"] = "'=thiếu kinh phí"  # as written back by our own neutralised export
    values["F2"], values["H2"] = 62.5, "Phòng Kinh tế"
    response = _upload(client, report, _bytes(wb))
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "Đã nạp dữ liệu từ Excel: 2 nhiệm vụ, 1 chỉ tiêu." in page

    updates = {u.task.code: u for u in report.task_updates.select_related("task")}
    assert (updates["1.2"].status, updates["1.2"].progress) == ("done", 100)
    assert updates["1.2"].result == "Đã cụ thể hóa trong kế hoạch năm 2026"
    assert updates["1.2"].evidence == "Kế hoạch 15/KH-UBND"
    assert (updates["3.1"].status, updates["3.1"].progress) == ("in_progress", 40)
    assert updates["3.1"].obstacles == "=thiếu kinh phí"
    value = report.indicator_values.get()
    assert (value.value, value.source) == (Decimal("62.5"), "Phòng Kinh tế")
    assert ReportEvent.objects.filter(report=report, action="save").count() == 1

    # The next template shows the stored values, neutralised again where needed.
    again = _template(client, report)["Nhiệm vụ"]
    assert again["E2"].value == "Hoàn thành" and again["H3"].value == "'=thiếu kinh phí"

    # The first file is now stale: uploading it again is refused.
    stale = _upload(client, report, _bytes(wb))
    assert stale.status_code == 422
    assert "báo cáo đã được thay đổi sau khi tải mẫu này" in stale.content.decode()


def test_three_deliberate_errors_are_all_listed_and_nothing_is_stored(login, users, report):
    client = login(users["reporter"])
    wb = _template(client, report)
    tasks, values = wb["Nhiệm vụ"], wb["Chỉ tiêu"]
    tasks["E2"] = "Xong rồi"
    tasks["G2"] = "Kết quả sẽ không được lưu"
    tasks["F3"] = 150
    values["F2"] = "N/A"
    before = _state(report)
    report.refresh_from_db()
    version = report.updated_at

    result = exchange.report_import_xlsx(report=report, user=users["reporter"], content=_bytes(wb))
    assert [str(e) for e in result.errors] == [
        "Sheet Nhiệm vụ, dòng 2, cột Tình trạng: “Xong rồi” không có trong danh mục tình trạng "
        "(Chưa triển khai, Đang thực hiện, Hoàn thành, Hoàn thành quá hạn, Quá hạn, "
        "Không thực hiện được, Tạm dừng)",
        "Sheet Nhiệm vụ, dòng 3, cột Tiến độ: phải là số nguyên từ 0 đến 100",
        "Sheet Chỉ tiêu, dòng 2, cột Giá trị: phải là một số (ví dụ 85 hoặc 85,5); ghi chú "
        "bằng chữ để ở cột Giá trị định tính",
    ]

    response = _upload(client, report, _bytes(wb))
    assert response.status_code == 422
    html = response.content.decode()
    assert "có 3 lỗi, chưa lưu dữ liệu nào." in html
    assert "Sheet Nhiệm vụ, dòng 3, cột Tiến độ: phải là số nguyên từ 0 đến 100" in html
    assert _state(report) == before
    report.refresh_from_db()
    assert report.updated_at == version


def _errors(report, user, wb_or_bytes):
    content = wb_or_bytes if isinstance(wb_or_bytes, bytes) else _bytes(wb_or_bytes)
    return [
        str(e)
        for e in exchange.report_import_xlsx(report=report, user=user, content=content).errors
    ]


def test_done_with_progress_below_100_and_other_cell_errors(login, users, report):
    reporter = users["reporter"]
    wb = _template(login(reporter), report)
    tasks, values = wb["Nhiệm vụ"], wb["Chỉ tiêu"]
    tasks["E2"], tasks["F2"] = "Hoàn thành", 90
    tasks["E3"], tasks["F3"] = "", 12.5
    values["F2"], values["G2"] = "85,5", "x" * 300
    assert _errors(report, reporter, wb) == [
        "Sheet Nhiệm vụ, dòng 2, cột Tiến độ: nhiệm vụ đã hoàn thành thì tiến độ phải là 100",
        "Sheet Nhiệm vụ, dòng 3, cột Tình trạng: chưa chọn tình trạng",
        "Sheet Nhiệm vụ, dòng 3, cột Tiến độ: phải là số nguyên từ 0 đến 100",
        "Sheet Chỉ tiêu, dòng 2, cột Giá trị định tính: dài 300 ký tự, vượt quá 255 ký tự",
    ]


def test_rows_not_of_this_report_and_formulas_are_refused(login, users, report, plan, period):
    reporter = users["reporter"]
    wb = _template(login(reporter), report)
    tasks = wb["Nhiệm vụ"]
    tasks["A3"] = 999999
    tasks["A4"], tasks["E4"], tasks["F4"] = "", "Đang thực hiện", 10  # a row added by hand
    tasks["G2"] = "=1+1"  # a real formula cell
    assert _errors(report, reporter, wb) == [
        "Sheet Nhiệm vụ, dòng 2, cột Kết quả: ô chứa công thức; hãy nhập giá trị "
        "(hoặc dán dạng Giá trị)",
        "Sheet Nhiệm vụ, dòng 3, cột ID: mã dòng 999999 không thuộc báo cáo này",
        "Sheet Nhiệm vụ, dòng 4, cột ID: không có mã dòng hợp lệ: không thêm dòng mới và "
        "không sửa cột ID của mẫu",
    ]


def test_template_of_another_report_is_refused(login, users, agencies, report, period):
    vhxh = make_user("cb.vhxh", Role.REPORTER, agencies["vhxh"].unit, agencies["vhxh"])
    other = services.report_open(period=period, agency=agencies["vhxh"], user=vhxh)
    content = _template(login(users["reporter"]), report)
    errors = _errors(other, vhxh, _bytes(content))
    assert errors[0].startswith(
        f"Sheet meta, dòng 3: tệp mẫu này là của báo cáo số {report.pk}, không phải báo cáo "
        f"đang nạp (số {other.pk})"
    )
    assert any("mã dòng" in e and "không thuộc báo cáo này" in e for e in errors)


def test_missing_sheet_and_missing_column(login, users, report):
    reporter = users["reporter"]
    wb = _template(login(reporter), report)
    del wb["Chỉ tiêu"]
    wb["Nhiệm vụ"]["F1"] = "Ghi chú"
    assert _errors(report, reporter, wb) == [
        "Thiếu sheet “Chỉ tiêu” của mẫu báo cáo.",
        "Sheet Nhiệm vụ, dòng 1, cột Tiến độ: thiếu cột “Tiến độ (%)” ở dòng tiêu đề",
    ]


def test_corrupt_or_wrong_or_too_large_files_get_a_clear_error(login, users, report):
    client = login(users["reporter"])
    before = _state(report)
    for content in (b"TT,Noi dung\n1,abc\n", b"PK\x03\x04 hong", b""):
        response = _upload(client, report, content or b"x", name="Báo cáo quý I.xlsx")
        assert response.status_code == 422
        assert "không phải là tệp Excel .xlsx hợp lệ hoặc đã bị hỏng" in response.content.decode()
        assert "Tệp «Báo cáo quý I.xlsx» có 1 lỗi" in response.content.decode()
    big = b"PK" + b"0" * (5 * 1024 * 1024 + 1)
    response = _upload(client, report, big)
    assert response.status_code == 422 and "Tệp quá lớn" in response.content.decode()
    assert "Tệp quá lớn" in _errors(report, users["reporter"], big)[0]
    assert _state(report) == before


def test_import_page_and_permissions(client, login, users, agencies, report):
    reporter = login(users["reporter"])
    page = reporter.get(f"/du-lieu/bao-cao/{report.pk}/nap/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert f"/du-lieu/bao-cao/{report.pk}/mau.xlsx" in html
    empty = reporter.post(f"/du-lieu/bao-cao/{report.pk}/nap/", {})
    assert empty.status_code == 422
    assert "Tệp Excel (.xlsx) không được để trống." in empty.content.decode()

    # A draft is not visible to the office at all; a submitted one is visible but not editable.
    office = login(users["office"])
    assert office.get(f"/du-lieu/bao-cao/{report.pk}/mau.xlsx").status_code == 404
    services.report_submit(report=report, user=users["reporter"])
    assert office.get(f"/du-lieu/bao-cao/{report.pk}/mau.xlsx").status_code == 403
    assert office.get(f"/du-lieu/bao-cao/{report.pk}/nap/").status_code == 403
    reporter = login(users["reporter"])
    assert reporter.get(f"/du-lieu/bao-cao/{report.pk}/mau.xlsx").status_code == 403
    for who in ("other_office", "nobody"):
        assert login(users[who]).get(f"/du-lieu/bao-cao/{report.pk}/nap/").status_code == 404
