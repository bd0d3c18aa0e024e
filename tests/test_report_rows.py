"""The report form saves each row as it is edited (the row endpoint) and "Gửi báo cáo" then
carries only the version and the rows changed since they were last saved; without JavaScript the
whole form still posts and works."""

from __future__ import annotations

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_quarter
from theodoi.plans.models import Task
from theodoi.reporting import services
from theodoi.reporting.models import Report, ReportEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(plan, users, agencies):
    period = make_quarter(plan, 2026, 1, due=__import__("datetime").date(2099, 12, 15))
    return services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])


def _lead_row(report):
    return report.task_updates.select_related("task").get(task__code="1.2")


def _page(client, report) -> lxml.html.HtmlElement:
    response = client.get(report.get_absolute_url())
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def _row(tree, row) -> dict:
    """The row's card on the page as the script posts it: its URL, version and fields."""
    prefix = "tasks-" if row._meta.model_name == "taskupdate" else "indicators-"
    card = next(
        c
        for c in tree.xpath(f"//*[@data-row][starts-with(@data-prefix, '{prefix}')]")
        if c.xpath(f".//input[@name='{c.get('data-prefix')}-id' and @value='{row.pk}']")
    )
    fields = {}
    for el in card.xpath(".//input[@name] | .//select[@name] | .//textarea[@name]"):
        if el.tag == "select":
            chosen = el.xpath(".//option[@selected]") or el.xpath(".//option")
            fields[el.get("name")] = chosen[0].get("value")
        elif el.tag == "textarea":
            fields[el.get("name")] = el.text or ""
        else:
            fields[el.get("name")] = el.get("value") or ""
    return {
        "url": card.get("hx-post"),
        "version": card.get("data-row-version"),
        "prefix": card.get("data-prefix"),
        "fields": fields,
        "params": card.get("hx-params").split(","),
    }


def _post_row(client, card, **typed):
    data = {**card["fields"], "row_version": card["version"]}
    data.update({f"{card['prefix']}-{name}": value for name, value in typed.items()})
    return client.post(card["url"], data, HTTP_HX_REQUEST="true")


def test_a_row_saved_alone_is_saved_and_says_when(login, users, report):
    client = login(users["reporter"])
    card = _row(_page(client, report), _lead_row(report))
    assert set(card["params"]) == set(card["fields"])  # the script posts this row's fields only
    response = _post_row(client, card, status="in_progress", progress="40", result="Đã họp dân")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Đã lưu lúc" in body and "Đã họp dân" in body
    saved = _lead_row(report)
    assert (saved.status, saved.progress, saved.result) == ("in_progress", 40, "Đã họp dân")
    fresh = Report.objects.get(pk=report.pk)
    assert response["X-Report-Version"] == fresh.updated_at.isoformat()
    assert fresh.updated_at > report.updated_at  # a page opened before is now stale
    assert response["X-Row-Version"] == services.report_row_version(saved)
    assert response["X-Row-Version"] != card["version"]


def test_a_row_saved_unchanged_writes_nothing(login, users, report):
    client = login(users["reporter"])
    card = _row(_page(client, report), _lead_row(report))
    response = _post_row(client, card)
    assert response.status_code == 200
    assert Report.objects.get(pk=report.pk).updated_at == report.updated_at


def test_an_invalid_value_keeps_what_was_typed_and_saves_nothing(login, users, report):
    client = login(users["reporter"])
    card = _row(_page(client, report), _lead_row(report))
    response = _post_row(client, card, progress="150", result="Gõ dở, chưa đúng")
    assert response.status_code == 422
    tree = lxml.html.fromstring(response.content.decode())
    assert tree.xpath(f"//input[@name='{card['prefix']}-progress']/@value") == ["150"]
    assert "Gõ dở, chưa đúng" in tree.text_content()
    assert "Chưa lưu" in tree.xpath("//*[contains(@class, 'row-status')]")[0].text_content()
    assert "100" in tree.xpath("//*[contains(@class, 'invalid-feedback')]")[0].text_content()
    assert tree.xpath("//*[@data-row]/@data-dirty") == ["1"]
    assert _lead_row(report).progress == 0 and _lead_row(report).result == ""


def test_a_stale_row_is_refused_with_both_texts_and_a_second_save_overwrites(login, users, report):
    client = login(users["reporter"])
    card = _row(_page(client, report), _lead_row(report))
    # someone else saves the same row meanwhile
    services.report_row_save(
        report=report,
        user=users["reporter"],
        kind="task",
        row_id=_lead_row(report).pk,
        data={"result": "Bản của người khác"},
        version=card["version"],
    )
    response = _post_row(client, card, result="Bản của tôi")
    assert response.status_code == 409
    body = response.content.decode()
    assert "đã được lưu ở nơi khác" in body
    assert "Bản của người khác" in body and "Bản của tôi" in body
    assert _lead_row(report).result == "Bản của người khác"
    # the answer carries the version now saved: saving again after reading is deliberate
    assert response["X-Row-Version"] == services.report_row_version(_lead_row(report))
    again = _post_row(client, {**card, "version": response["X-Row-Version"]}, result="Bản của tôi")
    assert again.status_code == 200
    assert _lead_row(report).result == "Bản của tôi"


def test_a_row_of_a_locked_period_is_refused_with_why_and_keeps_the_text(login, users, report):
    client = login(users["reporter"])
    card = _row(_page(client, report), _lead_row(report))
    services.period_lock(period=report.period, user=users["office"])
    response = _post_row(client, card, result="Viết sau khi khóa")
    assert response.status_code == 409
    body = response.content.decode()
    assert "đã bị khóa" in body and "Viết sau khi khóa" in body
    assert _lead_row(report).result == ""


def test_a_row_of_another_report_is_not_found(login, users, agencies, plan, report):
    client = login(users["reporter"])
    other = services.report_open(
        period=make_quarter(plan, 2026, 2), agency=agencies["kinhte"], user=users["reporter"]
    )
    row = other.task_updates.get(task__code="1.2")
    response = client.post(f"/bao-cao/{report.pk}/dong/nhiem-vu/{row.pk}/", {"x": "1"})
    assert response.status_code == 404
    assert client.get(f"/bao-cao/{report.pk}/dong/khac/{row.pk}/").status_code == 404


def test_someone_who_does_not_report_for_the_agency_cannot_save_a_row(login, users, report):
    card = _row(_page(login(users["reporter"]), report), _lead_row(report))
    client = login(users["office"])
    response = _post_row(client, card, result="Văn phòng sửa hộ")
    assert response.status_code in (403, 404)
    assert _lead_row(report).result == ""


def _changed_post(report, version, **rows):
    data = {"version": version, "rows": "changed"}
    data.update(rows)
    return data


def test_sending_carries_only_the_version_when_every_row_is_saved(login, users, report):
    client = login(users["reporter"])
    card = _row(_page(client, report), _lead_row(report))
    saved = _post_row(client, card, status="in_progress", progress="60", result="Đã triển khai")
    data = _changed_post(report, saved["X-Report-Version"], submit="1")
    response = client.post(report.get_absolute_url(), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    fresh = Report.objects.get(pk=report.pk)
    assert fresh.status == "submitted" and fresh.version == 1
    snapshot = ReportEvent.objects.get(report=report, action="submit").snapshot
    row = next(t for t in snapshot["tasks"] if t["code"] == "1.2")
    assert (row["status"], row["progress"], row["result"]) == ("in_progress", 60, "Đã triển khai")


def test_sending_writes_the_rows_changed_and_leaves_the_others(login, users, report):
    client = login(users["reporter"])
    tree = _page(client, report)
    lead, value = _lead_row(report), report.indicator_values.get()
    others = {
        u.pk: (u.status, u.progress, u.result) for u in report.task_updates.exclude(pk=lead.pk)
    }
    card = _row(tree, value)
    fields = {**card["fields"], f"{card['prefix']}-value": "72,5"}
    data = _changed_post(report, report.updated_at.isoformat(), **fields, summary="Đã họp dân")
    response = client.post(report.get_absolute_url(), {**data, "save": "1"})
    assert response.status_code == 302
    assert str(report.indicator_values.get().value.normalize()) == "72.5"
    fresh = Report.objects.get(pk=report.pk)
    assert fresh.summary == "Đã họp dân" and fresh.status == "draft"
    assert {
        u.pk: (u.status, u.progress, u.result) for u in report.task_updates.exclude(pk=lead.pk)
    } == others


def test_a_part_not_sent_is_left_as_it_is(login, users, report):
    client = login(users["reporter"])
    services.report_save(
        report=report, user=users["reporter"], summary="Đã có", task_updates=[], indicator_values=[]
    )
    version = Report.objects.get(pk=report.pk).updated_at.isoformat()
    response = client.post(
        report.get_absolute_url(), {**_changed_post(report, version), "save": "1"}
    )
    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).summary == "Đã có"


def test_sending_a_stale_version_keeps_the_rows_typed_and_marks_them_unsaved(login, users, report):
    client = login(users["reporter"])
    tree = _page(client, report)
    card = _row(tree, _lead_row(report))
    services.report_save(
        report=report,
        user=users["reporter"],
        summary="Tab khác",
        task_updates=[],
        indicator_values=[],
    )
    fields = {**card["fields"], f"{card['prefix']}-result": "Nội dung tôi vừa gõ"}
    data = _changed_post(report, report.updated_at.isoformat(), **fields, submit="1")
    response = client.post(report.get_absolute_url(), data)
    assert response.status_code == 422
    page = lxml.html.fromstring(response.content.decode())
    assert "đã được thay đổi ở nơi khác" in page.text_content()
    assert "Nội dung tôi vừa gõ" in page.text_content()
    mine = page.xpath(f"//*[@id='row-{card['prefix']}']")[0]
    assert mine.get("data-dirty") == "1"
    assert Report.objects.get(pk=report.pk).status == "draft"
    assert _lead_row(report).result == ""


def test_an_invalid_row_sent_is_shown_on_the_whole_form(login, users, report):
    client = login(users["reporter"])
    card = _row(_page(client, report), _lead_row(report))
    fields = {
        **card["fields"],
        f"{card['prefix']}-status": "done",
        f"{card['prefix']}-progress": "50",
    }
    data = _changed_post(report, report.updated_at.isoformat(), **fields, submit="1")
    response = client.post(report.get_absolute_url(), data)
    assert response.status_code == 422
    assert "tiến độ phải là 100%" in response.content.decode()
    assert Report.objects.get(pk=report.pk).status == "draft"


def test_without_javascript_the_whole_form_still_saves_and_sends(login, users, report):
    from tests.test_numbers import form_as_browser_posts

    client = login(users["reporter"])
    data = form_as_browser_posts(client.get(report.get_absolute_url()).content.decode())
    card = _row(_page(client, report), _lead_row(report))
    data[f"{card['prefix']}-progress"] = ["35"]
    data[f"{card['prefix']}-status"] = ["in_progress"]
    data["submit"] = ["1"]
    response = client.post(report.get_absolute_url(), data)
    assert response.status_code == 302
    assert _lead_row(report).progress == 35
    assert Report.objects.get(pk=report.pk).status == "submitted"


def _submit_queries(client, report) -> int:
    data = _changed_post(report, Report.objects.get(pk=report.pk).updated_at.isoformat())
    with CaptureQueriesContext(connection) as queries:
        response = client.post(report.get_absolute_url(), {**data, "submit": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return len(queries.captured_queries)


def _api_submit_queries(user, report) -> int:
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(user)
    with CaptureQueriesContext(connection) as queries:
        response = api.post(f"/api/reports/{report.pk}/submit/")
    assert response.status_code == 200, response.content[:500]
    return len(queries.captured_queries)


def test_a_page_submission_costs_no_query_per_row_and_about_what_the_api_costs(
    login, users, agencies, plan
):
    client = login(users["reporter"])
    small = services.report_open(
        period=make_quarter(plan, 2026, 1), agency=agencies["kinhte"], user=users["reporter"]
    )
    for i in range(20):
        Task.objects.create(plan=plan, code=f"9.{i}", title=f"Việc {i}", lead=agencies["kinhte"])
    large = services.report_open(
        period=make_quarter(plan, 2026, 2), agency=agencies["kinhte"], user=users["reporter"]
    )
    assert large.task_updates.count() == small.task_updates.count() + 20
    page_small, page_large = _submit_queries(client, small), _submit_queries(client, large)
    assert page_large == page_small
    api = services.report_open(
        period=make_quarter(plan, 2026, 3), agency=agencies["kinhte"], user=users["reporter"]
    )
    # the page adds its session, the report read within the user's scope, the version check under
    # the lock, and the savepoint of the transaction around the save and the submission
    assert page_large <= _api_submit_queries(users["reporter"], api) + 7


def test_the_row_endpoint_shows_the_row_as_the_page_does(login, users, report):
    client = login(users["reporter"])
    card = _row(_page(client, report), _lead_row(report))
    response = client.get(card["url"], HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    alone = _row(lxml.html.fromstring(response.content.decode()), _lead_row(report))
    assert alone == card
