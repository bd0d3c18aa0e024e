"""Unlocking a reporting period: offices of the plan only, and its reports are editable again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tests.conftest import make_quarter
from theodoi.reporting import services
from theodoi.reporting.models import ReportingPeriod

pytestmark = pytest.mark.django_db


@pytest.fixture
def locked(plan, users):
    period = make_quarter(plan, 2026, 4, due=dt.date(2099, 12, 15))
    return services.period_lock(period=period, user=users["office"])


def test_the_office_unlocks_a_period_and_the_lock_mark_goes(users, locked):
    services.period_unlock(period=locked, user=users["office"])
    fresh = ReportingPeriod.objects.get(pk=locked.pk)
    assert (fresh.is_locked, fresh.locked_at, fresh.locked_by) == (False, None, None)


@pytest.mark.parametrize("who", ["reporter", "leader", "other_office"])
def test_no_one_else_unlocks_it(users, locked, who):
    with pytest.raises(PermissionDenied):
        services.period_unlock(period=locked, user=users[who])
    assert ReportingPeriod.objects.get(pk=locked.pk).is_locked


def test_a_reporter_posting_to_the_unlock_address_is_refused(login, users, locked):
    response = login(users["reporter"]).post(f"/bao-cao/ky/{locked.pk}/mo-khoa/")
    assert response.status_code in (403, 404)
    assert ReportingPeriod.objects.get(pk=locked.pk).is_locked


def test_a_locked_report_becomes_editable_again_after_unlocking(users, agencies, locked):
    report = services.report_open(period=locked, agency=agencies["kinhte"], user=users["reporter"])
    assert not report.is_editable
    services.period_unlock(period=locked, user=users["office"])
    report.refresh_from_db()
    report.period.refresh_from_db()
    assert report.is_editable
