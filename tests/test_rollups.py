"""Today's roll-ups (dashboards.rollups): stored per unit, kept up to date by applying each
change's difference where it happened (dashboards.deltas), recomputed only where a change could
not be applied, and always giving the figures of the live Python evaluation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.test_synth import _figures
from theodoi.accounts.models import User
from theodoi.dashboards import aggregates, rollups
from theodoi.dashboards.models import UnitRollup
from theodoi.dashboards.rollups import rollup_flush, rollup_mark_changed
from theodoi.dashboards.selectors import unit_dashboard
from theodoi.reporting.choices import ReportStatus
from theodoi.reporting.models import Report
from theodoi.reporting.services import report_accept
from theodoi.units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def nation():
    call_command("synth", "--scale", "tiny", "--no-progress", "--seed", "11")
    rollup_flush()  # as at the end of the transaction that built it
    return Unit.objects.get(code="VN")


def _units(nation):
    province = nation.children.order_by("path").first()
    return nation, province, province.children.order_by("path").first()


def _same_as_python(unit):
    today = timezone.localdate()
    python = _figures(unit_dashboard(unit=unit, as_of=today, fast=False))
    stored = _figures(unit_dashboard(unit=unit, as_of=today))
    if unit.parent_id is None:  # the nation ranks its ministries' and provinces' agencies only
        keep = {a[0] for a in stored["agencies"]}
        python["agencies"] = [a for a in python["agencies"] if a[0] in keep]
        for figures in (python, stored):
            figures["agencies"] = sorted((a[0], a[2], a[3], a[4]) for a in figures["agencies"])
    assert stored == python


def _computed_units(monkeypatch) -> list:
    """Record which units each roll-up computation evaluates."""
    calls = []
    real = aggregates.own_task_counts

    def spy(unit, as_of, *, unit_ids=None):
        calls.append(sorted(unit_ids) if unit_ids is not None else ("subtree", unit.pk))
        return real(unit, as_of, unit_ids=unit_ids)

    monkeypatch.setattr(aggregates, "own_task_counts", spy)
    return calls


def test_the_first_dashboard_of_the_day_stores_every_unit_and_the_next_reads_them(
    nation, monkeypatch
):
    today = timezone.localdate()
    calls = _computed_units(monkeypatch)
    unit_dashboard(unit=nation, as_of=today)
    units = Unit.objects.filter(path__startswith=nation.path).count()
    assert UnitRollup.objects.filter(as_of=today, valid=True).count() == units
    assert len(calls) == 1
    for unit in _units(nation):
        unit_dashboard(unit=unit, as_of=today)
    assert len(calls) == 1  # read, not recomputed
    for unit in _units(nation):
        _same_as_python(unit)


def _stored(as_of):
    return {
        pk: (own, tree, board)
        for pk, own, tree, board in UnitRollup.objects.filter(as_of=as_of, valid=True)
        .order_by("unit_id")
        .values_list("unit_id", "own", "tree", "board")
    }


def _changed_by(flush) -> set[int]:
    """The units whose rows ``flush`` rewrote."""
    before = dict(UnitRollup.objects.values_list("unit_id", "changed_at"))
    flush()
    after = dict(UnitRollup.objects.values_list("unit_id", "changed_at"))
    return {pk for pk, at in after.items() if at != before.get(pk)}


def _equal_to_a_full_recomputation(nation):
    """Every unit's stored row equals what a computation from nothing stores."""
    today = timezone.localdate()
    kept = _stored(today)
    assert len(kept) == Unit.objects.count()
    UnitRollup.objects.all().delete()
    rollups.unit_rollup(nation, today)
    assert _stored(today) == kept


def test_accepting_a_report_applies_its_difference_to_its_unit_and_the_units_above(
    nation, monkeypatch
):
    today = timezone.localdate()
    unit_dashboard(unit=nation, as_of=today)
    report = (
        Report.objects.filter(status=ReportStatus.SUBMITTED, period__plan__unit__level="commune")
        .select_related("period__plan__unit__parent")
        .first()
    )
    commune = report.period.plan.unit
    office = User.objects.get(username=f"office-{commune.code}")
    before = unit_dashboard(unit=commune, as_of=today).completeness
    report_accept(report=report, user=office)
    # Before the commit, this thread sees its own change: computed live, not stored.
    calls = _computed_units(monkeypatch)
    _same_as_python(commune)
    assert calls and UnitRollup.objects.get(unit=commune, as_of=today).valid
    calls.clear()
    changed = _changed_by(rollup_flush)  # the commit: the commune's own figures, once
    assert calls == [[commune.pk]]
    assert changed == {commune.pk, commune.parent_id, nation.pk}
    assert not UnitRollup.objects.filter(as_of=today, valid=False).exists()
    calls.clear()
    for unit in (nation, commune.parent, commune):
        _same_as_python(unit)
    assert calls == []  # every dashboard read its row: nothing recomputed
    assert (
        unit_dashboard(unit=commune, as_of=today).completeness["received"] == (before["received"])
    )  # accepting keeps the report received; the task figures follow the accepted updates
    _equal_to_a_full_recomputation(nation)


def test_submitting_a_report_recomputes_its_units_report_timeliness_only(nation, monkeypatch):
    from theodoi.accounts.models import RoleAssignment
    from theodoi.reporting.services import report_submit

    today = timezone.localdate()
    unit_dashboard(unit=nation, as_of=today)
    report = (
        Report.objects.filter(status=ReportStatus.DRAFT, period__plan__unit__level="commune")
        .select_related("period__plan__unit")
        .order_by("pk")
        .first()
    )
    commune = report.period.plan.unit
    reporter = RoleAssignment.objects.filter(role="reporter", agency=report.agency).first().user
    before = unit_dashboard(unit=commune, as_of=today).completeness
    report_submit(report=report, user=reporter)
    calls = _computed_units(monkeypatch)
    changed = _changed_by(rollup_flush)
    assert calls == []  # no task figure recomputed
    assert changed == {commune.pk, commune.parent_id, nation.pk}
    after = unit_dashboard(unit=commune, as_of=today).completeness
    assert after["received"] == before["received"] + 1
    for unit in (nation, commune.parent, commune):
        _same_as_python(unit)
    _equal_to_a_full_recomputation(nation)


def test_a_computation_that_began_before_a_change_does_not_overwrite_it(nation):
    today = timezone.localdate()
    _nation, province, commune = _units(nation)
    unit_dashboard(unit=nation, as_of=today)
    started = timezone.now() - dt.timedelta(seconds=5)
    found = rollups.unit_rollup(commune, today)
    rollup_mark_changed(unit_ids=[commune.pk])
    rollup_flush()  # the change commits after the computation began…
    applied = UnitRollup.objects.get(unit=commune, as_of=today).computed_at
    rollups._store([found], today, started)  # …and before it stores
    row = UnitRollup.objects.get(unit=commune, as_of=today)
    assert row.valid and row.computed_at == applied
    rollups._store([found], today, timezone.now())
    assert UnitRollup.objects.get(unit=commune, as_of=today).computed_at > applied


def test_a_writer_leaves_a_row_computed_after_it_began_as_it_is(nation):
    """A computation that began after this change committed has seen it already: the writer
    neither applies an older own over it nor touches the rows above."""
    today = timezone.localdate()
    _nation, province, commune = _units(nation)
    unit_dashboard(unit=nation, as_of=today)
    later = timezone.now() + dt.timedelta(hours=1)
    UnitRollup.objects.filter(unit=commune).update(computed_at=later)
    rollup_mark_changed(unit_ids=[commune.pk])
    assert _changed_by(rollup_flush) == set()
    assert UnitRollup.objects.get(unit=commune).computed_at == later


def test_a_change_without_a_valid_row_above_restales_its_chain(nation):
    today = timezone.localdate()
    _nation, province, commune = _units(nation)
    unit_dashboard(unit=nation, as_of=today)
    UnitRollup.objects.filter(unit=province).delete()
    rollup_mark_changed(unit_ids=[commune.pk])
    rollup_flush()
    stale = UnitRollup.objects.filter(as_of=today, valid=False).values_list("unit_id", flat=True)
    assert set(stale) == {commune.pk, province.pk, nation.pk}
    _same_as_python(nation)
    _equal_to_a_full_recomputation(nation)


def test_a_plan_edit_is_applied_and_a_new_unit_restales_everything(nation):
    today = timezone.localdate()
    _nation, province, commune = _units(nation)
    unit_dashboard(unit=nation, as_of=today)
    plan = commune.plans.first()
    plan.status = "closed"
    plan.save()
    rollup_flush()
    assert not UnitRollup.objects.filter(as_of=today, valid=False).exists()
    assert unit_dashboard(unit=commune, as_of=today).counts["total"] == 0
    for unit in _units(nation):
        _same_as_python(unit)
    _equal_to_a_full_recomputation(nation)
    Unit.objects.create(code="synth-moi", name="Xã mới", level="commune", parent=province)
    rollup_flush()
    assert not UnitRollup.objects.filter(as_of=today, valid=True).exists()


def test_an_nq57_remapping_moves_the_tasks_on_every_dashboard_above(nation):
    from theodoi.plans.nq57 import nq57_label
    from theodoi.plans.services import task_groups_map

    today = timezone.localdate()
    _nation, province, commune = _units(nation)
    before = dict(unit_dashboard(unit=nation, as_of=today).by_group)
    plan = commune.plans.first()
    group = plan.groups.get(nq57_code=7)
    moved = sum(before[nq57_label(7)].values())
    task_groups_map(plan=plan, codes={group.pk: 1})
    rollup_flush()  # as when its transaction commits
    assert not UnitRollup.objects.filter(as_of=today, valid=False).exists()
    after = dict(unit_dashboard(unit=nation, as_of=today).by_group)
    shifted = group.tasks.count()
    assert sum(after[nq57_label(7)].values()) == moved - shifted
    assert sum(after[nq57_label(1)].values()) == sum(before[nq57_label(1)].values()) + shifted
    for unit in _units(nation):
        _same_as_python(unit)
    _equal_to_a_full_recomputation(nation)


def test_rows_stored_in_an_earlier_shape_are_recomputed_not_read(nation):
    today = timezone.localdate()
    unit_dashboard(unit=nation, as_of=today)
    for row in UnitRollup.objects.filter(as_of=today):
        row.tree = {k: v for k, v in row.tree.items() if k not in ("version", "nq57", "done_q")}
        row.save(update_fields=["tree"])
    for unit in _units(nation):
        _same_as_python(unit)
    assert all(
        row.tree.get("version") == rollups.PAYLOAD_VERSION
        for row in UnitRollup.objects.filter(as_of=today, unit__in=_units(nation))
    )


def test_rows_of_earlier_days_are_dropped_when_today_is_stored(nation):
    today = timezone.localdate()
    UnitRollup.objects.create(unit=nation, as_of=today - dt.timedelta(days=1), valid=True)
    unit_dashboard(unit=nation, as_of=today)
    assert not UnitRollup.objects.filter(as_of__lt=today).exists()


def test_the_dashboard_ranks_twenty_agencies_and_links_to_the_whole_ranking(nation, client):
    client.force_login(User.objects.get(username="office-VN"))
    board = unit_dashboard(unit=nation, as_of=timezone.localdate())
    assert len(board.agencies) > 20
    page = client.get(f"/bang-dieu-khien/{nation.pk}/").content.decode()
    assert page.count("data-score=") == 20
    assert f"/bang-dieu-khien/{nation.pk}/xep-hang/" in page
    ranking = client.get(f"/bang-dieu-khien/{nation.pk}/xep-hang/").content.decode()
    assert ranking.count("data-score=") == min(50, len(board.agencies))
    last = board.agencies[min(50, len(board.agencies)) - 1]
    assert f'data-score="{last.agency.pk}"' in ranking


def test_the_rollup_command_computes_today_for_every_unit(nation, capsys):
    call_command("rollup")
    units = Unit.objects.count()
    assert UnitRollup.objects.filter(as_of=timezone.localdate(), valid=True).count() == units
    assert f"cho {units} đơn vị" in capsys.readouterr().out


def test_the_rollup_command_verifies_the_stored_rows_without_changing_them(nation, capsys):
    from django.core.management.base import CommandError

    _nation, province, commune = _units(nation)
    call_command("rollup")
    plan = commune.plans.first()
    plan.status = "closed"
    plan.save()
    rollup_flush()  # applied where it happened
    call_command("rollup", "--verify")
    units = Unit.objects.count()
    assert f"Đã so {units} đơn vị có số liệu lưu với {units} đơn vị tính lại: 0 khác nhau" in (
        capsys.readouterr().out
    )
    row = UnitRollup.objects.get(unit=province)
    row.tree["tasks"]["open_overdue"] = row.tree["tasks"].get("open_overdue", 0) + 1
    row.save(update_fields=["tree"])
    with pytest.raises(CommandError, match=str(province.pk)):
        call_command("rollup", "--verify")
    assert UnitRollup.objects.get(unit=province).tree == row.tree  # nothing stored


def test_marks_left_by_a_rolled_back_transaction_are_stored_before_the_next_request(
    nation, monkeypatch
):
    from types import SimpleNamespace

    from theodoi.dashboards import rollups, signals

    today = timezone.localdate()
    _nation, province, commune = _units(nation)
    unit_dashboard(unit=nation, as_of=today)
    rollup_mark_changed(unit_ids=[commune.pk])  # as if its transaction had rolled back
    # the next request starts outside any transaction (here the test's own one stays open)
    monkeypatch.setattr(signals, "connection", SimpleNamespace(in_atomic_block=False))
    # connected to request_started
    changed = _changed_by(lambda: signals._leftover_marks(sender=None))
    assert not rollups._pending()
    assert changed == {commune.pk, province.pk, nation.pk}
    _equal_to_a_full_recomputation(nation)


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_under_one_province_apply_both_changes_without_deadlock():
    """Two transactions committing changes in two communes of one province at the same time
    lock the same province and nation rows: both are applied, neither waits forever, and the
    rows end equal to a full recomputation (PostgreSQL: SQLite runs one writer at a time)."""
    import threading

    from django.db import connection, connections, transaction

    from theodoi.plans.models import Task

    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    call_command("synth", "--scale", "tiny", "--no-progress", "--seed", "11")
    rollup_flush()
    nation = Unit.objects.get(code="VN")
    _nation, province, _commune = _units(nation)
    communes = list(province.children.order_by("path")[:2])
    assert len(communes) == 2
    today = timezone.localdate()
    unit_dashboard(unit=nation, as_of=today)
    barrier, errors = threading.Barrier(2), []

    def write(commune, shift):
        try:
            for round_ in range(3):
                barrier.wait(timeout=30)
                with transaction.atomic():
                    task = Task.objects.filter(plan__unit=commune).order_by("pk")[round_]
                    task.deadline_kind = "date"
                    task.due_date = today + dt.timedelta(days=shift * (round_ + 1))
                    task.save()
        except Exception as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=write, args=(commune, shift))
        for commune, shift in zip(communes, (-20, 15), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert not UnitRollup.objects.filter(as_of=today, valid=False).exists()
    for unit in (nation, province, *communes):
        _same_as_python(unit)
    _equal_to_a_full_recomputation(nation)
