"""The API keeps its own contract: schemathesis finds nothing, the filters refuse what their
schema refuses, every error has its documented status and body, and /api/docs/ renders under
the content security policy."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from rest_framework.authtoken.models import Token

from tests.conftest import make_quarter

ROOT = Path(__file__).resolve().parents[1]
pytest_plugins = ["tests.browser"]  # the browser, page and session fixtures


def _token(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=user).key}"}


def _schema(client) -> dict:
    return yaml.safe_load(client.get("/api/schema/").content)


# --- schemathesis against the live server --------------------------------------------------


def _st() -> str:
    return shutil.which("st", path=str(Path(sys.executable).parent)) or "st"


def _run_schemathesis(url: str, token: str, *extra: str) -> subprocess.CompletedProcess:
    """`st run … --checks all`, bounded in examples, with the project's schemathesis.toml."""
    return subprocess.run(
        [
            _st(),
            "run",
            f"{url}/api/schema/",
            "-H",
            f"Authorization: Token {token}",
            "--checks",
            "all",
            "--max-examples",
            os.environ.get("THEODOI_ST_EXAMPLES", "3"),
            "--workers",
            "1",  # one request at a time: the live server may share one SQLite connection
            "--seed",
            "57",
            "--no-color",
            # The coverage phase (every boundary of every parameter) takes minutes: the suite
            # fuzzes and walks links; THEODOI_ST_PHASES=examples,coverage,fuzzing,stateful runs all.
            "--phases",
            os.environ.get("THEODOI_ST_PHASES", "fuzzing,stateful"),
            *extra,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "SCHEMATHESIS_WAIT_FOR_SCHEMA": "10"},
    )


def _failures(result: subprocess.CompletedProcess) -> str:
    summary = result.stdout.split("SUMMARY")[-1]
    return f"exit {result.returncode}\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}\n{summary}"


@pytest.fixture
def contract_world(transactional_db, users, agencies, plan, draft_plan):
    """A small dataset: a plan with tasks and an indicator, a period, the agency's report."""
    from theodoi.reporting import services

    period = make_quarter(plan, 2026, 1)
    report = services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])
    return {
        "report": report,
        "office": Token.objects.create(user=users["office"]).key,
        "reporter": Token.objects.create(user=users["reporter"]).key,
    }


# The office runs every operation; the reporter those where its role changes the answers
# (its reports, its periods and tasks), to keep the suite's run short.
OPERATIONS = {"office": (), "reporter": ("--include-path-regex", "^/api/(reports|periods|tasks)/")}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("who", ["office", "reporter"])
def test_schemathesis_finds_no_contract_failure(live_server, contract_world, who):
    result = _run_schemathesis(live_server.url, contract_world[who], *OPERATIONS[who])
    assert result.returncode == 0, _failures(result)
    assert re.search(r"Tested: [1-9]\d*", result.stdout), result.stdout[-3000:]


# --- errors: status and body as documented -------------------------------------------------


def test_every_operation_documents_its_errors(client, users):
    client.force_login(users["office"])
    schema = _schema(client)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert "401" in codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            if method in ("post", "put", "patch", "delete"):
                assert {"403", "422"} <= codes, (method, path)
            queries = [p for p in operation.get("parameters", []) if p["in"] == "query"]
            if queries or operation.get("requestBody"):
                assert "400" in codes, (method, path)
    save = schema["paths"]["/api/reports/{id}/save/"]["post"]["responses"]["409"]
    assert save["content"]["application/json"]["schema"]["$ref"].endswith("/ReportConflict")


def test_a_stale_save_answers_the_documented_conflict_body(client, users, agencies, plan):
    from theodoi.reporting import services

    report = services.report_open(
        period=make_quarter(plan, 2026, 1), agency=agencies["kinhte"], user=users["reporter"]
    )
    header = _token(users["reporter"])
    response = client.post(
        f"/api/reports/{report.pk}/save/",
        {"summary": "Của tôi", "updated_at": "2000-01-01T00:00:00Z"},
        content_type="application/json",
        **header,
    )
    assert response.status_code == 409
    body = response.json()
    client.force_login(users["office"])
    conflict = _schema(client)["components"]["schemas"]["ReportConflict"]
    assert set(body) == set(conflict["required"])
    assert body["current"]["agency"] == agencies["kinhte"].pk


def test_a_refused_workflow_step_is_a_422_with_the_reason(client, users, agencies, plan):
    from theodoi.reporting import services

    report = services.report_open(
        period=make_quarter(plan, 2026, 1), agency=agencies["kinhte"], user=users["reporter"]
    )
    office = _token(users["office"])
    response = client.post(f"/api/reports/{report.pk}/accept/", **office)
    # the office does not see an agency's draft: as if it did not exist
    assert response.status_code == 404
    services.report_submit(report=report, user=users["reporter"])
    services.report_accept(report=report, user=users["office"])
    again = client.post(f"/api/reports/{report.pk}/accept/", **office)
    assert again.status_code == 422
    assert again.json() == {"detail": ["Chỉ tiếp nhận được báo cáo đã gửi."]}


def test_an_unknown_address_under_the_api_is_a_json_404(client, users):
    response = client.get("/api/tasks/abc/", **_token(users["office"]))
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}
    assert client.get("/api/khong-co/").status_code == 401


def test_a_number_sent_for_a_text_is_refused_and_changes_nothing(client, users, plan):
    indicator = plan.indicators.get()
    response = client.patch(
        f"/api/indicators/{indicator.pk}/",
        {"output": 5},
        content_type="application/json",
        **_token(users["office"]),
    )
    assert response.status_code == 400
    assert response.json() == {"output": ["Cần một chuỗi ký tự."]}
    indicator.refresh_from_db()
    assert indicator.output != "5"


def test_a_form_encoded_body_is_refused_as_undocumented(client, users, plan):
    task = plan.tasks.get(code="1.2")
    response = client.patch(
        f"/api/tasks/{task.pk}/",
        "title=x",
        content_type="application/x-www-form-urlencoded",
        **_token(users["office"]),
    )
    assert response.status_code == 415
    task.refresh_from_db()
    assert task.title != "x"


def test_a_task_plan_cannot_be_changed_and_is_not_in_the_update_schema(client, users, plan):
    client.force_login(users["office"])
    edit = _schema(client)["components"]["schemas"]["PatchedTaskEditRequest"]
    assert "plan" not in edit["properties"]
    create = _schema(client)["components"]["schemas"]["TaskCreateRequest"]
    assert "plan" in create["required"]


# --- filters: enums, ids, empties ----------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/plans/?level=hanh-tinh",
        "/api/plans/?status=xyz",
        "/api/agencies/?kind=xyz",
        "/api/units/?level=xyz",
        "/api/periods/?kind=xyz",
        "/api/reports/?status=xyz",
        "/api/tasks/?deadline_kind=xyz",
    ],
)
def test_an_unknown_enum_value_is_a_400_that_names_the_filter(client, users, plan, url):
    response = client.get(url, **_token(users["office"]))
    assert response.status_code == 400
    name = url.split("?")[1].split("=")[0]
    assert "không phải là một trong các lựa chọn" in response.json()[name][0]


def test_the_page_shows_an_unknown_enum_value_as_an_error_not_a_500(login, users, plan):
    response = login(users["office"]).get("/ke-hoach/", {"level": "hanh-tinh"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Điều kiện lọc không hợp lệ" in body
    assert "hanh-tinh" in body


def test_the_schema_lists_each_filters_enum(client, users):
    from theodoi.plans.choices import PlanLevel

    client.force_login(users["office"])
    parameters = _schema(client)["paths"]["/api/plans/"]["get"]["parameters"]
    level = next(p for p in parameters if p["name"] == "level")
    assert set(level["schema"]["enum"]) == set(PlanLevel.values)


def test_an_unknown_id_is_a_422_and_a_malformed_one_a_400(client, users, plan):
    header = _token(users["office"])
    unknown = client.get("/api/tasks/", {"lead": 999_999}, **header)
    assert unknown.status_code == 422
    assert "Không có mục nào" in unknown.json()["lead"][0]
    assert client.get("/api/tasks/", {"lead": "-3"}, **header).status_code == 400
    assert client.get("/api/tasks/", {"plan": "1.5"}, **header).status_code == 400


def test_an_empty_filter_or_page_is_refused_by_the_api_but_not_by_the_page(login, users, plan):
    client = login(users["office"])
    assert client.get("/api/plans/", {"status": ""}).status_code == 400
    assert client.get("/api/tasks/", {"page": "0"}).status_code == 400
    assert client.get("/api/tasks/", {"page": "99"}).status_code == 404
    assert client.get("/ke-hoach/", {"status": "", "level": ""}).status_code == 200


# --- /api/docs/ under the content security policy ------------------------------------------


def test_the_docs_page_loads_only_scripts_its_policy_allows(login, users):
    client = login(users["office"])
    response = client.get("/api/docs/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    body = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), "an inline script"
    assert "<style" not in body
    sources = re.findall(r'<script[^>]*\bsrc="([^"]+)"', body)
    assert len(sources) == 3
    for src in sources:
        assert src.startswith("/"), src  # same origin: 'self'
        script = client.get(src.replace("&amp;", "&"))
        assert script.status_code == 200, src
    init = client.get("/api/docs/?script=")
    assert "javascript" in init["Content-Type"]
    assert "/api/schema/" in init.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_docs_render_in_the_browser_without_a_policy_violation(
    live_server, users, plan, page, session
):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.on("pageerror", lambda error: messages.append(str(error)))
    session.login("vp.vinhlai")
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".opblock-summary-path:has-text('/api/tasks/')")
    assert page.is_visible("text=theodoi API")
    assert not [m for m in messages if "Content Security Policy" in m or "Refused" in m], messages
