"""Every form of the app round-trips in Debian's chromium: fill every field with a realistic
value (decimals, Vietnamese text, dates dd/mm/yyyy), save, reload, find every value unchanged;
save again without a change and find nothing changed (no new version, event or audit entry)."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry

from theodoi.plans.models import Indicator, Plan, Task

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


def test_plan_edit_round_trips(live_server, users, plan, page, session):
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
