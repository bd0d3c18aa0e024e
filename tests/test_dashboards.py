import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import make_quarter
from theodoi.dashboards.selectors import unit_dashboard
from theodoi.plans.models import Task
from theodoi.reporting import services


@pytest.fixture
def period(plan):
    return make_quarter(plan, 2025, 3)


def submit_and_accept(users, agencies, period, status="done", progress=100):
    report = services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])
    update = report.task_updates.get(role="lead")
    services.report_save(
        report=report,
        user=users["reporter"],
        summary="",
        task_updates=[{"id": update.pk, "status": status, "progress": progress}],
        indicator_values=[{"id": report.indicator_values.get().pk, "value": 90}],
    )
    services.report_submit(report=report, user=users["reporter"])
    return services.report_accept(report=report, user=users["office"])


def test_counts_follow_the_government_office_classification(plan, units):
    Task.objects.filter(code="1.2").update(deadline_kind="date", due_date=dt.date(2025, 12, 31))
    board = unit_dashboard(unit=units["commune"], as_of=dt.date(2026, 1, 10))
    assert board.counts["open_overdue"] == 2  # 1.1 (10/2025) and 1.2 (12/2025)
    assert board.counts["open_within_deadline"] == 1  # 2.1, due 2030
    assert board.counts["total"] == 3


def test_accepting_a_report_changes_the_dashboard_live(users, agencies, units, plan, period):
    Task.objects.filter(code="1.2").update(deadline_kind="date", due_date=dt.date(2099, 1, 1))
    today = timezone.localdate()
    before = unit_dashboard(unit=units["commune"], as_of=today)
    assert before.counts["due_done_on_time"] == 0
    submit_and_accept(users, agencies, period)
    after = unit_dashboard(unit=units["commune"], as_of=today)
    assert after.counts["due_done_on_time"] == 1
    assert after.indicator_counts["achieved"] == 1  # 90 against ≥ 85
    kinhte = next(a for a in after.agencies if a.agency == agencies["kinhte"])
    assert kinhte.position == 1


def test_as_of_a_past_date_ignores_later_reports(users, agencies, units, plan, period):
    submit_and_accept(users, agencies, period)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    board = unit_dashboard(unit=units["commune"], as_of=yesterday)
    assert board.counts["due_done_on_time"] + board.counts["due_done_late"] == 0


def test_report_completeness_counts_missing_reports(users, agencies, units, plan, period):
    board = unit_dashboard(unit=units["commune"], as_of=dt.date(2025, 10, 1))
    # leads: Phòng Văn hóa - Xã hội (task 1.1), Phòng Kinh tế (1.2 and the indicator)
    assert board.completeness["expected"] == 2
    assert board.completeness["missing"] == 2


def test_province_dashboard_rolls_up_its_communes(login, users, units, plan):
    board = unit_dashboard(unit=units["province"], as_of=dt.date(2026, 1, 10))
    assert board.counts["total"] == 3
    assert {child.code for child, _c, _s in board.children} == {"xa-khac", "xa-vinh-lai"}


def test_dashboard_page_links_figures_to_their_tasks(login, users, units, plan):
    client = login(users["leader"])
    body = client.get(f"/bang-dieu-khien/{units['commune'].pk}/?as_of=2026-01-10").content.decode()
    assert "Chưa hoàn thành, quá hạn" in body
    listing = client.get(
        f"/bang-dieu-khien/{units['commune'].pk}/nhiem-vu/?as_of=2026-01-10&category=open_overdue"
    ).content.decode()
    assert "Xây dựng chương trình tuyên truyền" in listing
    assert "Rà soát thủ tục hành chính" not in listing


def test_dashboard_of_a_unit_outside_scope_is_404(login, users, units):
    assert (
        login(users["other_office"]).get(f"/bang-dieu-khien/{units['commune'].pk}/").status_code
        == 404
    )


def test_bad_as_of_date_falls_back_to_today(login, users, units, plan):
    response = login(users["leader"]).get(f"/bang-dieu-khien/{units['commune'].pk}/?as_of=abc")
    assert response.status_code == 200


def test_report_and_indicator_figures_link_to_their_records(login, users, units, plan, period):
    client = login(users["leader"])
    base = f"/bang-dieu-khien/{units['commune'].pk}"
    board = client.get(f"{base}/?as_of=2025-10-01").content.decode()
    assert f"{base}/bao-cao/?as_of=2025-10-01&verdict=missing" in board
    missing = client.get(f"{base}/bao-cao/?as_of=2025-10-01&verdict=missing").content.decode()
    assert "Phòng Kinh tế" in missing and "Phòng Văn hóa - Xã hội" in missing
    no_data = client.get(f"{base}/chi-tieu/?as_of=2025-10-01&achieved=no_data").content.decode()
    assert "Tỷ lệ giao dịch không dùng tiền mặt" in no_data
    achieved = client.get(f"{base}/chi-tieu/?as_of=2025-10-01&achieved=achieved").content.decode()
    assert "Tỷ lệ giao dịch không dùng tiền mặt" not in achieved


def test_scoring_weights_come_from_settings(settings, users, agencies, units, plan, period):
    submit_and_accept(users, agencies, period)
    today = timezone.localdate()
    default = unit_dashboard(unit=units["commune"], as_of=today)
    settings.THEODOI_SCORING = {
        "report_timeliness": 0,
        "report_completeness": 0,
        "indicator_achievement": 0,
        "no_overdue": 0,
    }
    only_tasks = unit_dashboard(unit=units["commune"], as_of=today)
    pick = {a.agency: a.score.total for a in default.agencies}
    pick2 = {a.agency: a.score.total for a in only_tasks.agencies}
    assert pick != pick2


def test_unknown_scoring_setting_is_refused():
    from theodoi.evaluation.scoring import method_from_mapping

    with pytest.raises(ValueError, match="weight_of_nothing"):
        method_from_mapping({"weight_of_nothing": 3})


@pytest.mark.parametrize("fast", [False, True])
def test_group_and_agency_figures_link_to_their_tasks(login, users, units, plan, monkeypatch, fast):
    from theodoi.dashboards import selectors

    # the roll-ups (today's dashboards) or the Python path (any other date)
    monkeypatch.setattr(selectors, "ROLLUPS_FOR_TODAY", fast)
    Task.objects.filter(code="1.2").update(deadline_kind="date", due_date=dt.date(2020, 1, 1))
    client = login(users["leader"])
    base = f"/bang-dieu-khien/{units['commune'].pk}"
    board = client.get(f"{base}/").content.decode()
    assert "group=I.%20N%C3%A2ng%20cao%20nh%E1%BA%ADn%20th%E1%BB%A9c" in board
    body = client.get(
        f"{base}/nhiem-vu/", {"category": "open_overdue", "group": "I. Nâng cao nhận thức"}
    ).content.decode()
    assert "Cụ thể hóa nhiệm vụ" in body  # 1.2, in group I, overdue
    assert "Rà soát thủ tục hành chính" not in body  # group II
    by_lead = client.get(
        f"{base}/nhiem-vu/", {"category": "open_overdue", "lead": agencies_lead(plan)}
    ).content.decode()
    assert "Cụ thể hóa nhiệm vụ" in by_lead


def agencies_lead(plan):
    return plan.tasks.get(code="1.2").lead_id


@pytest.mark.parametrize(
    ("who", "unit"), [("reporter", "commune"), ("office", "commune"), ("leader", "province")]
)
def test_the_dashboard_opens_on_the_users_own_unit(login, users, units, who, unit):
    response = login(users[who]).get("/bang-dieu-khien/")
    assert response.status_code == 302
    assert response["Location"] == f"/bang-dieu-khien/{units[unit].pk}/"


def test_the_dashboard_of_a_user_without_a_role_says_so(login, users):
    response = login(users["nobody"]).get("/bang-dieu-khien/")
    assert response.status_code == 200
    assert "chưa được phân quyền" in response.content.decode()


def test_the_dashboards_modules_import_each_other_without_a_circle():
    """dashboards/selectors.py is a façade over types, live and rolled: every import inside the
    app, at the top or within a function, runs one way."""
    import ast
    from pathlib import Path

    import theodoi.dashboards as app

    root = Path(app.__file__).parent
    graph = {}
    for path in root.rglob("*.py"):
        name = ".".join(path.relative_to(root).with_suffix("").parts)
        imported = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith("theodoi.dashboards."):
                    imported.add(node.module.removeprefix("theodoi.dashboards."))
                elif node.module == "theodoi.dashboards":
                    imported |= {alias.name for alias in node.names}
        graph[name] = imported
    assert {"types", "live", "rolled", "selectors"} <= set(graph)

    def visit(name, trail):
        assert name not in trail, " → ".join([*trail, name])
        for other in graph.get(name, ()):
            visit(other, [*trail, name])

    for name in graph:
        visit(name, [])
