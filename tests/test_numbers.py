"""One rule for every number a form shows: a value a browser can show and post back unchanged,
and Vietnamese-style input ("85,5") still read."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from decimal import Decimal

import lxml.html
import pytest
from django import forms

import theodoi
from tests.conftest import make_quarter
from theodoi.core.forms import DecimalInput, StyledFormMixin
from theodoi.reporting import services


def form_as_browser_posts(html: str, field: str = "version") -> dict[str, list[str]]:
    """What a browser posts for the page's form holding ``field`` when nobody touches it:
    every named input's shown value, checked boxes, selected options and textareas."""
    form = next(f for f in lxml.html.fromstring(html).forms if field in f.fields)
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data


@pytest.fixture
def report(plan, users, agencies):
    period = make_quarter(plan, 2026, 1)
    return services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])


def _value_input(html: str):
    return lxml.html.fromstring(html).xpath("//input[@name='indicators-0-value']")[0]


@pytest.mark.parametrize("typed", ["85.5", "85,5"])
def test_a_typed_decimal_is_shown_as_typed_after_save_and_reload(login, users, report, typed):
    client = login(users["reporter"])
    page = client.get(report.get_absolute_url()).content.decode()
    data = form_as_browser_posts(page)
    data["indicators-0-value"] = [typed]
    response = client.post(report.get_absolute_url(), {**data, "save": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]

    shown = _value_input(client.get(report.get_absolute_url()).content.decode())
    assert shown.get("value") == "85.5"
    assert shown.get("type") == "text" and shown.get("inputmode") == "decimal"
    assert report.indicator_values.get().value == Decimal("85.5")


def test_saving_the_page_unchanged_keeps_every_figure(login, users, report):
    row = report.indicator_values.get()
    row.value = Decimal("12.75")
    row.save()
    client = login(users["reporter"])
    for _ in range(2):  # twice: the second save posts what the first reload showed
        page = client.get(report.get_absolute_url()).content.decode()
        response = client.post(
            report.get_absolute_url(), {**form_as_browser_posts(page), "save": "1"}
        )
        assert response.status_code == 302
    assert report.indicator_values.get().value == Decimal("12.75")


def test_a_refused_number_is_shown_back_as_typed(login, users, report):
    client = login(users["reporter"])
    data = form_as_browser_posts(client.get(report.get_absolute_url()).content.decode())
    data["indicators-0-value"] = ["85,5 phần trăm"]
    response = client.post(report.get_absolute_url(), {**data, "save": "1"})
    assert response.status_code == 422
    assert _value_input(response.content.decode()).get("value") == "85,5 phần trăm"
    assert "Giá trị phải là một số" in response.content.decode()


def test_widget_shows_a_dot_and_no_trailing_zeros():
    widget = DecimalInput()
    assert widget.format_value(Decimal("85.5000")) == "85.5"
    assert widget.format_value(Decimal("100.0000")) == "100"
    assert widget.format_value(Decimal("0.0010")) == "0.001"
    assert widget.format_value(None) is None


def _form_classes():
    for module in pkgutil.walk_packages(theodoi.__path__, "theodoi."):
        if module.name.rsplit(".", 1)[-1] != "forms":
            continue
        for _, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.name:
                yield cls


def test_every_decimal_field_of_every_form_uses_the_one_rule():
    """A form of the app that shows a decimal goes through StyledFormMixin, whose rule turns
    it into a DecimalInput: no form can render "85,5000" into a field a browser empties."""
    checked = 0
    for cls in _form_classes():
        decimals = [
            name
            for name, field in cls.base_fields.items()
            if isinstance(field, forms.DecimalField | forms.FloatField)
        ]
        if not decimals:
            continue
        assert issubclass(cls, StyledFormMixin), f"{cls.__name__} bypasses the number rule"
        checked += 1
    assert checked >= 1
