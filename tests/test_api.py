import yaml
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from tests.conftest import make_quarter


def test_openapi_schema_is_valid():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert "/api/tasks/" in schema["paths"]


def test_schema_endpoint_serves_yaml(login, users):
    response = login(users["office"]).get("/api/schema/")
    assert response.status_code == 200
    assert "openapi" in yaml.safe_load(response.content)


def test_api_docs_page_uses_local_assets(login, users):
    body = login(users["office"]).get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/" in body


def test_task_list_answers_as_documented(login, users, plan):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    fields = set(schema["components"]["schemas"]["Task"]["properties"])
    data = login(users["office"]).get("/api/tasks/", {"q": "tuyen truyen"}).json()
    assert data["count"] == 1
    assert set(data["results"][0]) == fields


def test_api_requires_authentication(client):
    assert client.get("/api/plans/").status_code in (401, 403)


def _schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(schema, ref_or_obj):
    if "$ref" in ref_or_obj:
        name = ref_or_obj["$ref"].rsplit("/", 1)[-1]
        return schema["components"]["schemas"][name]
    return ref_or_obj


def test_every_documented_list_endpoint_answers_as_documented(login, users, plan):
    schema = _schema()
    client = login(users["office"])
    checked = 0
    for path, operations in schema["paths"].items():
        if "{" in path or "get" not in operations or path.startswith("/api/schema"):
            continue
        response = client.get(path)
        assert response.status_code == 200, path
        body_schema = operations["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        page = _resolve(schema, body_schema)
        assert set(page["properties"]) <= set(response.json()), path
        item_schema = _resolve(schema, page["properties"]["results"]["items"])
        for item in response.json()["results"]:
            assert set(item) == set(item_schema["properties"]), path
        checked += 1
    assert checked >= 6


def test_office_updates_a_task_through_the_api(login, users, plan):
    task = plan.tasks.get(code="1.2")
    response = login(users["office"]).patch(
        f"/api/tasks/{task.pk}/", {"deadline_raw": "Quý IV/2026"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    task.refresh_from_db()
    assert task.due_date.isoformat() == "2026-12-31"


def test_api_refuses_agency_of_another_unit(login, users, plan, agencies):
    task = plan.tasks.get(code="1.2")
    response = login(users["office"]).patch(
        f"/api/tasks/{task.pk}/",
        {"lead": agencies["other_kinhte"].pk},
        content_type="application/json",
    )
    assert response.status_code == 422  # well formed, refused for what it means
    task.refresh_from_db()
    assert task.lead == agencies["kinhte"]


def test_api_task_writes_are_for_the_plans_office_only(login, users, plan):
    task = plan.tasks.get(code="1.2")
    assert (
        login(users["reporter"])
        .patch(f"/api/tasks/{task.pk}/", {"title": "x"}, content_type="application/json")
        .status_code
        == 403
    )
    assert login(users["other_office"]).delete(f"/api/tasks/{task.pk}/").status_code == 404
    assert type(task).objects.filter(pk=task.pk, title__startswith="Cụ thể").exists()


def test_report_cycle_over_the_api_with_a_token(client, users, agencies, plan):

    from rest_framework.authtoken.models import Token

    from theodoi.reporting import services

    period = make_quarter(plan, 2026, 1)
    report = services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])
    update = report.task_updates.get(role="lead")
    reporter = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=users['reporter'])}"}
    office = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=users['office'])}"}

    bad = client.post(
        f"/api/reports/{report.pk}/save/",
        {"task_updates": [{"id": update.pk, "status": "done", "progress": 40}]},
        content_type="application/json",
        **reporter,
    )
    assert bad.status_code == 422 and "100%" in bad.content.decode()
    ok = client.post(
        f"/api/reports/{report.pk}/save/",
        {"task_updates": [{"id": update.pk, "status": "done", "progress": 100}]},
        content_type="application/json",
        **reporter,
    )
    assert ok.status_code == 200
    assert (
        client.post(f"/api/reports/{report.pk}/submit/", **reporter).json()["status"] == "submitted"
    )
    assert client.post(f"/api/reports/{report.pk}/accept/", **reporter).status_code == 403
    assert client.post(f"/api/reports/{report.pk}/accept/", **office).json()["status"] == "accepted"


def test_revoked_token_no_longer_works(client, users):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=users["office"])
    header = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert client.get("/api/plans/", **header).status_code == 200
    token.delete()
    assert client.get("/api/plans/", **header).status_code == 401


def test_office_publishes_a_plan_through_the_api(login, users, plan):
    response = login(users["office"]).patch(
        f"/api/plans/{plan.pk}/", {"is_public": True}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    plan.refresh_from_db()
    assert plan.is_public


def test_plan_api_write_is_refused_outside_the_office(login, users, plan):
    assert (
        login(users["leader"])
        .patch(f"/api/plans/{plan.pk}/", {"is_public": True}, content_type="application/json")
        .status_code
        == 403
    )
    assert (
        login(users["other_office"])
        .patch(f"/api/plans/{plan.pk}/", {"is_public": True}, content_type="application/json")
        .status_code
        == 404
    )
    plan.refresh_from_db()
    assert not plan.is_public


def test_plan_api_refuses_end_before_start(login, users, plan):
    response = login(users["office"]).patch(
        f"/api/plans/{plan.pk}/",
        {"period_start": 2030, "period_end": 2025},
        content_type="application/json",
    )
    assert response.status_code == 422


def test_indicator_api_update_checks_the_agencys_unit(login, users, plan, agencies):
    indicator = plan.indicators.get()
    client = login(users["office"])
    bad = client.patch(
        f"/api/indicators/{indicator.pk}/",
        {"lead": agencies["other_kinhte"].pk},
        content_type="application/json",
    )
    assert bad.status_code == 422
    ok = client.patch(
        f"/api/indicators/{indicator.pk}/",
        {"lead": agencies["vhxh"].pk},
        content_type="application/json",
    )
    assert ok.status_code == 200
    indicator.refresh_from_db()
    assert indicator.lead == agencies["vhxh"]


def test_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    assert (tmp_path / "s.yml").stat().st_size > 1000


def test_api_report_save_with_a_stale_version_is_a_conflict(client, users, agencies, plan):
    from rest_framework.authtoken.models import Token

    from theodoi.reporting import services

    report = services.report_open(
        period=make_quarter(plan, 2026, 1), agency=agencies["kinhte"], user=users["reporter"]
    )
    header = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=users['reporter'])}"}
    seen = client.get(f"/api/reports/{report.pk}/", **header).json()["updated_at"]
    services.report_save(
        report=report,
        user=users["reporter"],
        summary="Người kia đã sửa",
        task_updates=[],
        indicator_values=[],
    )
    response = client.post(
        f"/api/reports/{report.pk}/save/",
        {"summary": "Của tôi", "updated_at": seen},
        content_type="application/json",
        **header,
    )
    assert response.status_code == 409
    assert response.json()["current"]["summary"] == "Người kia đã sửa"
    report.refresh_from_db()
    assert report.summary == "Người kia đã sửa"


def test_report_submit_answers_as_a_read_would_without_reading_the_report_again(
    client, users, agencies, plan, django_assert_max_num_queries
):
    from rest_framework.authtoken.models import Token

    from theodoi.reporting import services

    period = make_quarter(plan, 2026, 1)
    report = services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])
    reporter = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=users['reporter'])}"}
    # token, roles, the locked report, its task rows, the update, the audit entry, its
    # indicator rows, the event: the answer reuses the rows the step read
    with django_assert_max_num_queries(10):
        submitted = client.post(f"/api/reports/{report.pk}/submit/", **reporter)
    assert submitted.status_code == 200
    read = client.get(f"/api/reports/{report.pk}/", **reporter)
    assert submitted.json() == read.json()
    assert read.json()["status"] == "submitted" and read.json()["task_updates"]


def test_report_steps_on_a_report_out_of_sight_answer_404_and_change_nothing(
    client, users, agencies, plan
):
    from rest_framework.authtoken.models import Token

    from theodoi.reporting import services
    from theodoi.reporting.models import Report

    period = make_quarter(plan, 2026, 1)
    report = services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])
    office = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=users['office'])}"}
    # the plan's office does not see an agency's draft: no step on it, not even a refusal
    assert client.post(f"/api/reports/{report.pk}/submit/", **office).status_code == 404
    assert client.post(f"/api/reports/{report.pk}/accept/", **office).status_code == 404
    assert client.post("/api/reports/999999/submit/", **office).status_code == 404
    assert client.post("/api/reports/abc/submit/", **office).status_code == 404
    assert Report.objects.get(pk=report.pk).status == "draft"
