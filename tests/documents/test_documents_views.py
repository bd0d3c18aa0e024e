"""Downloading the consolidated report: scope, content type, Vietnamese file name."""

from __future__ import annotations

import io
import os
from urllib.parse import quote

import pytest
from docx import Document

from theodoi.documents.services import soffice_path
from theodoi.documents.views import DOCX, PDF

URL = "/van-ban/don-vi/{pk}/bao-cao-tong-hop.{ext}"


def test_anonymous_users_are_sent_to_log_in(client, units):
    response = client.get(URL.format(pk=units["commune"].pk, ext="docx"))
    assert response.status_code == 302


def test_unit_outside_scope_is_404(login, users, units, plan):
    client = login(users["other_office"])
    assert client.get(URL.format(pk=units["commune"].pk, ext="docx")).status_code == 404
    assert client.get(URL.format(pk=units["commune"].pk, ext="pdf")).status_code == 404
    assert (
        login(users["nobody"]).get(URL.format(pk=units["commune"].pk, ext="docx")).status_code
        == 404
    )


def test_docx_download(login, users, units, plan):
    client = login(users["office"])
    response = client.get(URL.format(pk=units["commune"].pk, ext="docx") + "?as_of=2026-01-10")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    disposition = response["Content-Disposition"]
    name = "Báo cáo tổng hợp - Xã Vĩnh Lại - 2026-01-10.docx"
    assert disposition.startswith('attachment; filename="Bao cao tong hop - Xa Vinh Lai')
    assert f"filename*=UTF-8''{quote(name, safe='')}" in disposition
    document = Document(io.BytesIO(response.content))
    assert document.tables[0].rows[1].cells[1].text == "Vĩnh Lại, ngày 10 tháng 01 năm 2026"


def test_reporter_sees_the_report_of_a_unit_above_it(login, users, units, plan):
    client = login(users["reporter"])
    response = client.get(URL.format(pk=units["province"].pk, ext="docx"))
    assert response.status_code == 200


def test_bad_date_is_a_bad_request(login, users, units, plan):
    client = login(users["office"])
    response = client.get(URL.format(pk=units["commune"].pk, ext="docx") + "?as_of=31-31-2026")
    assert response.status_code == 400


def test_pdf_download(login, users, units, plan):
    if soffice_path() is None:
        if os.environ.get("THEODOI_REQUIRE_OFFICE"):
            pytest.fail("Thiếu soffice: chạy bash scripts/ensure-office.sh")
        pytest.skip("Thiếu soffice: chạy bash scripts/ensure-office.sh")
    client = login(users["leader"])
    response = client.get(URL.format(pk=units["commune"].pk, ext="pdf") + "?as_of=2026-01-10")
    assert response.status_code == 200
    assert response["Content-Type"] == PDF
    assert response.content.startswith(b"%PDF")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith(".pdf")
