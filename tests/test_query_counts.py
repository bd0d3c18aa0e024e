"""Pages read a bounded number of queries whatever the size of their scope (no N+1).

Each page is read on a tiny synthetic nation (`theodoi synth --scale tiny`) and again after the
nation has grown; the number of queries must not grow with it.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.accounts.models import User
from theodoi.plans.models import Plan
from theodoi.units.models import Unit

pytestmark = pytest.mark.django_db


def _nation(communes: int):
    call_command(
        "synth",
        "--scale",
        "tiny",
        "--no-progress",
        "--force",
        "--communes-per-province",
        str(communes),
        "--tasks",
        str(4 * communes),
    )
    nation = Unit.objects.get(code="VN")
    province = nation.children.order_by("code").first()
    commune = province.children.order_by("code").first()
    return nation, province, commune


def _pages(nation, province, commune):
    office = User.objects.get(username="office-VN")
    reporter = User.objects.filter(username__startswith=f"rep-{commune.code}-").first()
    plan = Plan.objects.get(unit=commune)
    return [
        ("dashboard national", office, reverse("dashboards:unit", args=[nation.pk])),
        ("dashboard province", office, reverse("dashboards:unit", args=[province.pk])),
        ("dashboard commune", office, reverse("dashboards:unit", args=[commune.pk])),
        ("dashboard tasks", office, reverse("dashboards:unit_tasks", args=[province.pk])),
        ("plan page", office, reverse("plans:plan_detail", args=[plan.pk])),
        ("task list", office, reverse("plans:task_list")),
        ("my work", reporter, reverse("my_work")),
    ]


def _count(client, user, url) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


LIMITS = {
    "dashboard national": 25,
    "dashboard province": 25,
    "dashboard commune": 25,
    "dashboard tasks": 25,
    "plan page": 20,
    "task list": 12,
    "my work": 15,
}


def test_page_queries_are_bounded_and_do_not_grow_with_the_scope(client):
    small = {name: _count(client, u, url) for name, u, url in _pages(*_nation(2))}
    large = {name: _count(client, u, url) for name, u, url in _pages(*_nation(6))}
    for name, count in large.items():
        assert count <= LIMITS[name], (name, count)
        assert count <= small[name] + 4, (name, small[name], count)


@pytest.mark.parametrize("fast", [False, True])
def test_dashboard_query_count(client, django_assert_max_num_queries, settings, fast, monkeypatch):
    nation, province, _commune = _nation(3)
    # the roll-ups: a handful of statements for the whole nation; or the Python path
    monkeypatch.setattr("theodoi.dashboards.selectors.ROLLUPS_FOR_TODAY", fast)
    client.force_login(User.objects.get(username="office-VN"))
    with django_assert_max_num_queries(25):
        assert client.get(reverse("dashboards:unit", args=[nation.pk])).status_code == 200
    with django_assert_max_num_queries(25):
        url = reverse("dashboards:unit_tasks", args=[province.pk]) + "?category=open_overdue"
        assert client.get(url).status_code == 200
