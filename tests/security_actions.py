"""Every page and API action of the permission matrix, as (name, kind, api, call).

`call(client, world, scope)` performs the action on the scope's object and returns the response;
`kind` names the row of the matrix (tests/security_world.py `expected`). Shared by
tests/test_permissions_matrix.py and bench/bench_security.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Action:
    name: str
    kind: str
    api: bool
    call: Any

    def __str__(self) -> str:
        return self.name


def form_data(form) -> dict:
    """The POST data a browser would send for a form left as it was rendered."""
    data = {}
    for name, bound in ((n, form[n]) for n in form.fields):
        value = bound.value()
        widget = form.fields[name].widget
        if widget.__class__.__name__ == "CheckboxInput":
            if value:
                data[bound.html_name] = "on"
            continue
        if value is None:
            value = ""
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        else:
            data[bound.html_name] = str(value)
    return data


def formset_data(formset) -> dict:
    data = form_data(formset.management_form)
    for form in formset.forms:
        data.update(form_data(form))
    return data


def task_form_data(task, **changes):
    from theodoi.plans.forms import TaskForm

    data = form_data(TaskForm(instance=task, plan=task.plan))
    data.update(changes)
    return data


def plan_form_data(plan, user, **changes):
    from theodoi.plans.forms import PlanForm

    data = form_data(PlanForm(instance=plan, user=user))
    data.update(changes)
    return data


def indicator_form_data(indicator, **changes):
    from theodoi.plans.forms import IndicatorForm

    data = form_data(IndicatorForm(instance=indicator))
    data.update(changes)
    return data


def report_form_data(report, submit=False, **changes):
    from theodoi.reporting.forms import ReportSummaryForm
    from theodoi.reporting.views import _formsets

    tasks, values = _formsets(report)
    data = {"summary": report.summary, "version": report.updated_at.isoformat()}
    data.update(formset_data(tasks))
    data.update(formset_data(values))
    if submit:
        data["submit"] = "1"
    data.update(changes)
    assert ReportSummaryForm  # the summary form's two fields are above
    return data


def _user(client):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    uid = client.session.get("_auth_user_id")
    user = get_user_model().objects.filter(pk=uid).first() if uid else None
    return user or AnonymousUser()


def _s(world, scope):
    return world.scopes[scope]


def _api_json(client, method, url, payload=None):
    return getattr(client, method)(
        url, data=json.dumps(payload or {}), content_type="application/json"
    )


def _get(name: str, kind: str, api: bool, obj: str, path: str) -> Action:
    """An action that GETs `path`, with the pk of the scope's `obj` in place of {}."""
    return Action(name, kind, api, lambda c, w, s: c.get(path.format(getattr(_s(w, s), obj).pk)))


PAGE_ACTIONS = [
    # reads
    _get("page plan", "read", False, "plan", "/ke-hoach/{}/"),
    _get("page task", "read", False, "task", "/ke-hoach/nhiem-vu/{}/"),
    _get("page indicator", "read", False, "indicator", "/ke-hoach/chi-tieu/{}/"),
    _get("page plan links", "read", False, "plan", "/ke-hoach/{}/lien-ket/"),
    _get("page periods", "read", False, "plan", "/bao-cao/ke-hoach/{}/ky/"),
    _get("page period", "read", False, "period", "/bao-cao/ky/{}/"),
    _get("page unit", "read", False, "unit", "/don-vi/{}/"),
    _get("page agency", "read", False, "agency", "/don-vi/co-quan/{}/"),
    _get("page dashboard", "read", False, "unit", "/bang-dieu-khien/{}/"),
    _get("page dashboard tasks", "read", False, "unit", "/bang-dieu-khien/{}/nhiem-vu/"),
    _get("page dashboard ranking", "read", False, "unit", "/bang-dieu-khien/{}/xep-hang/"),
    _get("page exports", "read", False, "plan", "/du-lieu/ke-hoach/{}/"),
    _get("page tasks csv", "read", False, "plan", "/du-lieu/ke-hoach/{}/nhiem-vu.csv"),
    _get("page draft plan", "read_draft_plan", False, "draft_plan", "/ke-hoach/{}/"),
    # changes
    _get("page plan edit form", "change", False, "plan", "/ke-hoach/{}/sua/"),
    Action(
        "page plan edit",
        "change",
        False,
        lambda c, w, s: c.post(
            f"/ke-hoach/{_s(w, s).plan.pk}/sua/",
            plan_form_data(_s(w, s).plan, _user(c), issuer="UBND (đã sửa)"),
        ),
    ),
    Action(
        "page task edit",
        "change",
        False,
        lambda c, w, s: c.post(
            f"/ke-hoach/nhiem-vu/{_s(w, s).task.pk}/sua/",
            task_form_data(_s(w, s).task, title="Nội dung đã sửa"),
        ),
    ),
    Action(
        "page task add",
        "change",
        False,
        lambda c, w, s: c.post(
            f"/ke-hoach/{_s(w, s).plan.pk}/nhiem-vu/them/",
            {"title": "Nhiệm vụ mới", "code": "9.9", "version": ""},
        ),
    ),
    Action(
        "page task delete",
        "change",
        False,
        lambda c, w, s: c.post(f"/ke-hoach/nhiem-vu/{_s(w, s).task.pk}/xoa/"),
    ),
    Action(
        "page indicator edit",
        "change",
        False,
        lambda c, w, s: c.post(
            f"/ke-hoach/chi-tieu/{_s(w, s).indicator.pk}/sua/",
            indicator_form_data(_s(w, s).indicator, unit_of_measure="%"),
        ),
    ),
    _get("page plan review", "change", False, "plan", "/ke-hoach/{}/ra-soat/"),
    Action(
        "page task split",
        "change",
        False,
        lambda c, w, s: c.post(
            f"/ke-hoach/nhiem-vu/{_s(w, s).task.pk}/tach/", {"second_title": "Phần tách"}
        ),
    ),
    Action(
        "page plan links suggest",
        "change",
        False,
        lambda c, w, s: c.post(f"/ke-hoach/{_s(w, s).plan.pk}/lien-ket/", {"action": "suggest"}),
    ),
    Action(
        "page activate draft",
        "read_draft_plan",
        False,
        lambda c, w, s: c.post(f"/ke-hoach/{_s(w, s).draft_plan.pk}/xac-nhan/"),
    ),
    # periods
    Action(
        "page periods generate",
        "periods",
        False,
        lambda c, w, s: c.post(
            f"/bao-cao/ke-hoach/{_s(w, s).plan.pk}/ky/",
            {"action": "frequency", "frequency-year": 2027, "frequency-frequency": "quarterly"},
        ),
    ),
    Action(
        "page period lock",
        "periods",
        False,
        lambda c, w, s: c.post(f"/bao-cao/ky/{_s(w, s).period.pk}/khoa/"),
    ),
    # reports
    _get("page draft report", "read_draft_report", False, "draft_report", "/bao-cao/{}/"),
    _get(
        "page submitted report", "read_submitted_report", False, "submitted_report", "/bao-cao/{}/"
    ),
    Action(
        "page report save",
        "write_draft_report",
        False,
        lambda c, w, s: c.post(
            f"/bao-cao/{_s(w, s).draft_report.pk}/",
            report_form_data(_s(w, s).draft_report, summary="Đã làm"),
        ),
    ),
    Action(
        "page report submit",
        "write_draft_report",
        False,
        lambda c, w, s: c.post(
            f"/bao-cao/{_s(w, s).draft_report.pk}/",
            report_form_data(_s(w, s).draft_report, submit=True),
        ),
    ),
    _get(
        "page report excel template",
        "read_draft_report",
        False,
        "draft_report",
        "/du-lieu/bao-cao/{}/mau.xlsx",
    ),
    Action(
        "page submitted report save",
        "write_submitted_report",
        False,
        lambda c, w, s: c.post(
            f"/bao-cao/{_s(w, s).submitted_report.pk}/",
            report_form_data(_s(w, s).submitted_report, summary="Sửa sau khi gửi"),
        ),
    ),
    Action(
        "page report accept",
        "review",
        False,
        lambda c, w, s: c.post(
            f"/bao-cao/{_s(w, s).submitted_report.pk}/xu-ly/", {"action": "accept"}
        ),
    ),
    Action(
        "page report return",
        "review",
        False,
        lambda c, w, s: c.post(
            f"/bao-cao/{_s(w, s).submitted_report.pk}/xu-ly/",
            {"action": "return", "comment": "Bổ sung số liệu"},
        ),
    ),
    Action(
        "page report open",
        "report_open",
        False,
        lambda c, w, s: c.post(
            f"/bao-cao/ky/{_s(w, s).period2.pk}/co-quan/{w.agencies['own_agency'].pk}/mo/"
        ),
    ),
    _get("page extension request", "extension", False, "task", "/bao-cao/nhiem-vu/{}/gia-han/"),
    # public
    _get("page public plan", "public", False, "plan", "/bang-dieu-khien/cong-khai/ke-hoach/{}/"),
]

API_ACTIONS = [
    _get("api plan", "read", True, "plan", "/api/plans/{}/"),
    _get("api task", "read", True, "task", "/api/tasks/{}/"),
    _get("api indicator", "read", True, "indicator", "/api/indicators/{}/"),
    _get("api period", "read", True, "period", "/api/periods/{}/"),
    _get("api unit", "read", True, "unit", "/api/units/{}/"),
    _get("api agency", "read", True, "agency", "/api/agencies/{}/"),
    _get("api draft plan", "read_draft_plan", True, "draft_plan", "/api/plans/{}/"),
    Action(
        "api task patch",
        "change",
        True,
        lambda c, w, s: _api_json(
            c, "patch", f"/api/tasks/{_s(w, s).task.pk}/", {"title": "Sửa qua API"}
        ),
    ),
    Action(
        "api task delete",
        "change",
        True,
        lambda c, w, s: c.delete(f"/api/tasks/{_s(w, s).task.pk}/"),
    ),
    Action(
        "api task create",
        "change",
        True,
        lambda c, w, s: _api_json(
            c, "post", "/api/tasks/", {"plan": _s(w, s).plan.pk, "title": "Mới qua API"}
        ),
    ),
    _get("api draft report", "read_draft_report", True, "draft_report", "/api/reports/{}/"),
    _get(
        "api submitted report",
        "read_submitted_report",
        True,
        "submitted_report",
        "/api/reports/{}/",
    ),
    Action(
        "api report save",
        "write_draft_report",
        True,
        lambda c, w, s: _api_json(
            c, "post", f"/api/reports/{_s(w, s).draft_report.pk}/save/", {"summary": "API"}
        ),
    ),
    Action(
        "api report submit",
        "write_draft_report",
        True,
        lambda c, w, s: c.post(f"/api/reports/{_s(w, s).draft_report.pk}/submit/"),
    ),
    Action(
        "api submitted report save",
        "write_submitted_report",
        True,
        lambda c, w, s: _api_json(
            c, "post", f"/api/reports/{_s(w, s).submitted_report.pk}/save/", {"summary": "x"}
        ),
    ),
    Action(
        "api report accept",
        "review",
        True,
        lambda c, w, s: c.post(f"/api/reports/{_s(w, s).submitted_report.pk}/accept/"),
    ),
    Action(
        "api report return",
        "review",
        True,
        lambda c, w, s: _api_json(
            c,
            "post",
            f"/api/reports/{_s(w, s).submitted_report.pk}/return/",
            {"comment": "Bổ sung"},
        ),
    ),
]

ACTIONS = PAGE_ACTIONS + API_ACTIONS
