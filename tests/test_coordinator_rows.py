"""Coordinators report their part: an agency's report has a row for each task it leads, each
task a collective it belongs to leads (its share) and each task it coordinates; the task's
status stays the lead's, and a task led by a collective follows its members' shares."""

from __future__ import annotations

import pytest

from theodoi.reporting import services
from theodoi.reporting.choices import RowRole, TaskStatus
from theodoi.reporting.selectors import attach_row_parts
from theodoi.reporting.shares import Share, status_from_shares

pytest_plugins = ["tests.collective_world"]


def _open(world, who):
    user = world["users"][who]
    agency = world["agencies"][who]
    return services.report_open(period=world["period"], agency=agency, user=user)


def _roles(report):
    return {u.task.code: u.role for u in report.task_updates.select_related("task")}


def _send(world, who, rows: dict[str, tuple[str, int, str]], *, accept=True):
    """``who`` reports ``rows`` (task code → status, progress, result), submits; the office
    accepts."""
    report = _open(world, who)
    user = world["users"][who]
    updates = {u.task.code: u for u in report.task_updates.select_related("task")}
    services.report_save(
        report=report,
        user=user,
        summary="",
        task_updates=[
            {"id": updates[code].pk, "status": s, "progress": p, "result": r}
            for code, (s, p, r) in rows.items()
        ],
        indicator_values=[],
    )
    services.report_submit(report=report, user=user)
    if accept:
        services.report_accept(report=report, user=world["users"]["office"])
    return report


def test_a_department_has_rows_for_what_it_leads_and_coordinates(world):
    assert _roles(_open(world, "khcn")) == {
        "1": RowRole.LEAD,
        "2": RowRole.COORDINATOR,  # named directly beside "UBND các xã, phường"
        "3": RowRole.LEAD,
        "4": RowRole.COORDINATOR,  # through "Các sở, ban, ngành"
    }


def test_a_task_an_agency_leads_and_coordinates_through_a_group_is_led(world):
    assert _roles(_open(world, "taichinh")) == {"1": RowRole.COORDINATOR, "4": RowRole.LEAD}


def test_a_commune_committee_has_its_share_and_its_coordination_in_the_province_plan(world):
    assert _roles(_open(world, "vinhlai")) == {"2": RowRole.SHARE, "3": RowRole.COORDINATOR}


def test_reopening_a_report_adds_no_second_row(world):
    _open(world, "vinhlai")
    assert _open(world, "vinhlai").task_updates.count() == 2


def test_a_coordinators_report_never_sets_the_tasks_status(world):
    _send(world, "taichinh", {"1": (TaskStatus.DONE, 100, "Đã bố trí kinh phí")})
    task = world["tasks"]["1"]
    task.refresh_from_db()
    assert (task.reported_status, task.reported_progress, task.completed_on) == ("", 0, None)
    _send(world, "khcn", {"1": (TaskStatus.IN_PROGRESS, 40, "Đang xây dựng")})
    task.refresh_from_db()
    assert (task.reported_status, task.reported_progress) == (TaskStatus.IN_PROGRESS, 40)


def test_a_task_led_by_the_communes_follows_their_shares(world):
    task = world["tasks"]["2"]
    _send(world, "vinhlai", {"2": (TaskStatus.DONE, 100, "Số hóa xong")})
    task.refresh_from_db()
    # one commune of two done: half the work, not done
    assert (task.reported_status, task.reported_progress) == (TaskStatus.IN_PROGRESS, 50)
    assert task.completed_on is None
    _send(world, "anlao", {"2": (TaskStatus.DONE, 100, "Số hóa xong")})
    task.refresh_from_db()
    assert (task.reported_status, task.reported_progress) == (TaskStatus.DONE, 100)
    assert task.completed_on is not None


def test_a_share_not_yet_accepted_does_not_count(world):
    _send(world, "vinhlai", {"2": (TaskStatus.IN_PROGRESS, 60, "")}, accept=False)
    task = world["tasks"]["2"]
    task.refresh_from_db()
    assert (task.reported_status, task.reported_progress) == ("", 0)


def test_the_lead_sees_the_parts_sent_beside_its_row(world):
    _send(
        world, "taichinh", {"1": (TaskStatus.IN_PROGRESS, 30, "Đã bố trí kinh phí")}, accept=False
    )
    lead_report = _open(world, "khcn")
    rows = list(lead_report.task_updates.select_related("task").order_by("task__order"))
    attach_row_parts(report=lead_report, updates=rows, user=world["users"]["khcn"])
    by_code = {u.task.code: u for u in rows}
    parts = by_code["1"].parts
    assert [(p.report.agency, p.result, p.progress) for p in parts] == [
        (world["agencies"]["taichinh"], "Đã bố trí kinh phí", 30)
    ]
    # a coordinator's own row shows nobody else's
    assert by_code["2"].parts == []


def test_a_draft_part_is_not_shown_to_the_lead(world):
    taichinh = _open(world, "taichinh")
    row = taichinh.task_updates.get(task=world["tasks"]["1"])
    services.report_save(
        report=taichinh,
        user=world["users"]["taichinh"],
        summary="",
        task_updates=[{"id": row.pk, "result": "Nháp chưa gửi"}],
        indicator_values=[],
    )
    lead_report = _open(world, "khcn")
    rows = list(lead_report.task_updates.all())
    attach_row_parts(report=lead_report, updates=rows, user=world["users"]["khcn"])
    assert all(u.parts == [] for u in rows)


def test_the_office_sees_the_parts_beside_every_row(world):
    _send(world, "vinhlai", {"2": (TaskStatus.IN_PROGRESS, 20, "Vĩnh Lại 20%")}, accept=False)
    anlao = _send(world, "anlao", {"2": (TaskStatus.IN_PROGRESS, 10, "")}, accept=False)
    rows = list(anlao.task_updates.select_related("task"))
    attach_row_parts(report=anlao, updates=rows, user=world["users"]["office"])
    share = next(u for u in rows if u.task.code == "2")
    assert [p.result for p in share.parts] == ["Vĩnh Lại 20%"]


@pytest.mark.parametrize(
    ("shares", "members", "expected"),
    [
        ([], 3, (TaskStatus.NOT_STARTED, 0)),
        ([Share(TaskStatus.DONE, 100)], 2, (TaskStatus.IN_PROGRESS, 50)),
        ([Share(TaskStatus.DONE, 100), Share(TaskStatus.DONE, 100)], 2, (TaskStatus.DONE, 100)),
        (
            [Share(TaskStatus.DONE_LATE, 100), Share(TaskStatus.DONE, 100)],
            2,
            (TaskStatus.DONE_LATE, 100),
        ),
        (
            [Share(TaskStatus.IN_PROGRESS, 99), Share(TaskStatus.DONE, 100)],
            2,
            (TaskStatus.IN_PROGRESS, 99),
        ),
        ([Share(TaskStatus.NOT_STARTED, 0)], 1, (TaskStatus.NOT_STARTED, 0)),
        ([Share(TaskStatus.DONE, 100)], 0, (TaskStatus.NOT_STARTED, 0)),
    ],
)
def test_the_status_of_a_collective_task_from_its_shares(shares, members, expected):
    assert status_from_shares(shares, members) == expected
