"""The permission matrix of docs/permissions.md, exhaustively: every role × every scope × every
page and API action. Objects of another scope answer 404 (never 403, never data); objects in
scope that the role may see but not change answer 403.

The world (tests/security_world.py) is built once for the module inside a transaction that is
rolled back at the end; each test runs in its own savepoint, so writes never leak between tests.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings

from tests.security_actions import ACTIONS
from tests.security_world import ROLES, SCOPES, build_world, expected, outcome


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        built = build_world()
        yield built
        transaction.set_rollback(True)


def _client_for(client, world, role):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def _matches(got: str, want: str, kind: str) -> bool:
    if got == want:
        return True
    # Saving a report that was already sent, by its own agency: refused with the reason, a 409
    # that gives back what was typed (page) or a 422 (API); by anyone else: 403.
    return (
        kind == "write_submitted_report"
        and want == "forbidden"
        and got in ("invalid", "status 409")
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS, ids=str)
def test_matrix(world, db, client, action, role):
    """One action by one role on the object of every scope (each in its own savepoint)."""
    c = _client_for(client, world, role)
    wrong = []
    for scope in SCOPES:
        with transaction.atomic():
            response = action.call(c, world, scope)
            transaction.set_rollback(True)
        got = outcome(response, action.api)
        want = expected(action.kind, role, scope)
        if not _matches(got, want, action.kind):
            wrong.append(
                f"{action.name} by {role} on {scope}: expected {want}, got {got} "
                f"({response.status_code} {response.content[:200]!r})"
            )
        elif want == "hidden":
            # A 404 tells nothing about the object: not its title, not even that it exists.
            s = world.scopes[scope]
            body = response.content.decode(errors="replace")
            for secret in (s.plan.title, s.task.title, s.indicator.name):
                if secret in body:
                    wrong.append(f"{action.name} by {role} on {scope}: 404 shows {secret!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", ROLES)
def test_lists_hold_only_objects_in_scope(world, db, client, role):
    """Lists (pages and API) show exactly the objects of the scopes the role reads."""
    from tests.security_world import READ

    c = _client_for(client, world, role)
    readable = READ[role]
    if role == "anonymous":
        assert c.get("/api/plans/").status_code in (401, 403)
        assert c.get("/ke-hoach/").status_code == 302
        return
    want_plans = {world.scopes[s].plan.pk for s in readable}
    if role in ("admin", "office") and readable:
        want_plans |= {world.scopes[s].draft_plan.pk for s in readable}
    if readable:
        want_plans.add(world.private_plan.pk)
    got = {p["id"] for p in c.get("/api/plans/?page_size=500").json()["results"]}
    assert got == want_plans
    got_tasks = {t["plan"] for t in c.get("/api/tasks/?page_size=500").json()["results"]}
    assert got_tasks <= want_plans
    body = c.get("/ke-hoach/").content.decode()
    for scope in SCOPES:
        title = world.scopes[scope].plan.title
        assert (title in body) == (scope in readable), (scope, title)
    units = {u["id"] for u in c.get("/api/units/?page_size=500").json()["results"]}
    for scope in SCOPES:
        assert (world.scopes[scope].unit.pk in units) == (scope in readable), scope


@pytest.mark.parametrize("role", ROLES)
def test_report_lists_hold_only_reports_in_scope(world, db, client, role):
    from tests.security_world import READ_SUBMITTED, WRITE_REPORT

    c = _client_for(client, world, role)
    if role == "anonymous":
        assert c.get("/api/reports/").status_code in (401, 403)
        return
    want = {world.scopes[s].submitted_report.pk for s in READ_SUBMITTED.get(role, set())}
    want |= {world.scopes[s].draft_report.pk for s in WRITE_REPORT.get(role, set())}
    got = {r["id"] for r in c.get("/api/reports/?page_size=500").json()["results"]}
    assert got == want


@pytest.mark.parametrize("role", ROLES)
def test_private_and_draft_plans_are_not_public(world, db, client, role):
    c = _client_for(client, world, role)
    for plan in (world.private_plan, world.scopes["own_unit"].draft_plan):
        assert c.get(f"/bang-dieu-khien/cong-khai/ke-hoach/{plan.pk}/").status_code == 404


def test_token_auth_respects_scope(world, db, client):
    """The API answers the same with a token as with a session."""
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=world.users["office"])
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert (
        client.get(f"/api/plans/{world.scopes['own_unit'].plan.pk}/", **headers).status_code == 200
    )
    assert client.get(f"/api/plans/{world.scopes['other'].plan.pk}/", **headers).status_code == 404
    assert client.get(f"/api/tasks/{world.scopes['above'].task.pk}/", **headers).status_code == 404


def test_ids_from_another_scope_in_form_fields_are_refused(world, db, client):
    """A task's lead chosen from another commune is not a valid choice."""
    from tests.security_actions import task_form_data

    c = _client_for(client, world, "office")
    task = world.scopes["own_unit"].task
    foreign = world.agencies["other"]
    data = task_form_data(task, lead=str(foreign.pk))
    response = c.post(f"/ke-hoach/nhiem-vu/{task.pk}/sua/", data)
    assert response.status_code == 422
    task.refresh_from_db()
    assert task.lead_id != foreign.pk
    api = c.patch(
        f"/api/tasks/{task.pk}/", data={"lead": foreign.pk}, content_type="application/json"
    )
    assert api.status_code == 422  # a rule the schema cannot state
    task.refresh_from_db()
    assert task.lead_id != foreign.pk
