"""Evidence files: type told by content, size limit, hash, kept with the version they were sent
with, downloaded only by those who may read the report."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import make_quarter
from tests.evidence_files import (
    docx_bytes,
    exe_bytes,
    image_bytes,
    pdf_bytes,
    xlsx_bytes,
    zip_bytes,
)
from theodoi.reporting import services
from theodoi.reporting.evidence import DOCX, JPEG, PDF, PNG, XLSX, EvidenceRefused, check_file
from theodoi.reporting.models import Evidence, ReportEvent


def _check(name, content, max_bytes=1024 * 1024):
    import io

    return check_file(name=name, size=len(content), stream=io.BytesIO(content), max_bytes=max_bytes)


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("bien-ban.pdf", pdf_bytes, PDF),
        ("quyet-dinh.docx", docx_bytes, DOCX),
        ("so-lieu.xlsx", xlsx_bytes, XLSX),
        ("anh.jpg", lambda: image_bytes("JPEG"), JPEG),
        ("anh.png", lambda: image_bytes("PNG"), PNG),
    ],
)
def test_each_accepted_kind_is_recognised_by_its_content(name, make, kind):
    content = make()
    checked = _check(name, content)
    assert checked.kind == kind
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.size == len(content)


def test_a_renamed_program_is_refused_with_a_clear_message():
    with pytest.raises(EvidenceRefused) as refused:
        _check("bao-cao.pdf", exe_bytes())
    assert str(refused.value) == (
        "Tệp «bao-cao.pdf» không phải PDF, DOCX, XLSX, JPG hay PNG: không nhận."
    )


def test_a_pdf_that_is_a_zip_is_refused():
    with pytest.raises(EvidenceRefused, match="không phải PDF, DOCX, XLSX, JPG hay PNG"):
        _check("tai-lieu.pdf", zip_bytes())


def test_a_word_document_named_pdf_is_refused_as_not_what_it_claims():
    with pytest.raises(EvidenceRefused, match="mang đuôi .pdf nhưng nội dung là DOCX"):
        _check("tai-lieu.pdf", docx_bytes())


def test_a_file_without_an_extension_gets_the_one_of_its_content():
    assert _check("scan", pdf_bytes()).name == "scan.pdf"


def test_too_large_and_empty_files_are_refused():
    with pytest.raises(EvidenceRefused, match="vượt giới hạn"):
        _check("lon.pdf", pdf_bytes() + b" " * 2048, max_bytes=1024)
    with pytest.raises(EvidenceRefused, match="rỗng"):
        _check("rong.pdf", b"")


@pytest.fixture
def report(plan, agencies, users):
    period = make_quarter(plan, 2026, 1)
    return services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])


def _row(report):
    return report.task_updates.order_by("task__order").first()


def _upload(name="bien-ban.pdf", content=None):
    return SimpleUploadedFile(name, content or pdf_bytes(), content_type="application/pdf")


def test_attach_stores_the_file_under_its_hash(report, users):
    row = _row(report)
    evidence = services.evidence_attach(
        report=report, row=row, user=users["reporter"], upload=_upload()
    )
    assert evidence.task_update == row and evidence.name == "bien-ban.pdf"
    assert evidence.content_type == "application/pdf"
    assert evidence.sha256 == hashlib.sha256(pdf_bytes()).hexdigest()
    assert evidence.file.name == f"minh-chung/{report.pk}/{evidence.sha256}"
    assert evidence.file.read() == pdf_bytes()


def test_the_stored_type_is_the_contents_not_the_senders(report, users):
    row = report.indicator_values.get()
    upload = SimpleUploadedFile("so-lieu.xlsx", xlsx_bytes(), content_type="application/pdf")
    evidence = services.evidence_attach(
        report=report, row=row, user=users["reporter"], upload=upload
    )
    assert evidence.content_type == XLSX.content_type and evidence.indicator_value == row


def test_attaching_the_same_file_twice_keeps_one(report, users):
    row = _row(report)
    first = services.evidence_attach(
        report=report, row=row, user=users["reporter"], upload=_upload()
    )
    again = services.evidence_attach(
        report=report, row=row, user=users["reporter"], upload=_upload()
    )
    assert first.pk == again.pk and report.evidence_files.count() == 1


def test_attach_refuses_a_renamed_program_and_stores_nothing(report, users):
    with pytest.raises(ValidationError, match="không phải PDF, DOCX, XLSX, JPG hay PNG"):
        services.evidence_attach(
            report=report,
            row=_row(report),
            user=users["reporter"],
            upload=_upload("chuong-trinh.pdf", exe_bytes()),
        )
    assert not Evidence.objects.exists()


def test_attach_honours_the_size_setting(report, users, settings):
    settings.THEODOI_EVIDENCE_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="vượt giới hạn"):
        services.evidence_attach(
            report=report, row=_row(report), user=users["reporter"], upload=_upload()
        )


def test_only_the_reporter_attaches_and_only_to_its_own_rows(report, users, plan, agencies):
    with pytest.raises(PermissionDenied):
        services.evidence_attach(
            report=report, row=_row(report), user=users["office"], upload=_upload()
        )
    other = services.report_open(
        period=report.period, agency=agencies["vhxh"], user=_reporter_of(agencies["vhxh"], plan)
    )
    with pytest.raises(ValidationError, match="không thuộc báo cáo"):
        services.evidence_attach(
            report=report, row=other.task_updates.first(), user=users["reporter"], upload=_upload()
        )


def _reporter_of(agency, plan):
    from tests.conftest import make_user
    from theodoi.accounts.choices import Role

    return make_user(f"cb-{agency.pk}", Role.REPORTER, agency.unit, agency)


def test_submitted_versions_keep_their_files(report, users):
    row = _row(report)
    kept = services.evidence_attach(
        report=report, row=row, user=users["reporter"], upload=_upload()
    )
    services.report_submit(report=report, user=users["reporter"])
    kept.refresh_from_db()
    assert kept.first_version == 1
    first = ReportEvent.objects.get(report=report, action="submit", version=1)
    assert first.snapshot["tasks"][0]["files"] == [
        {"id": kept.pk, "name": "bien-ban.pdf", "sha256": kept.sha256}
    ]
    with pytest.raises(ValidationError):  # sent: no longer removable
        services.evidence_remove(evidence=kept, user=users["reporter"])
    services.report_return(report=report, user=users["office"], comment="Bổ sung minh chứng")
    services.evidence_remove(evidence=kept, user=users["reporter"])
    docx = services.evidence_attach(
        report=report, row=row, user=users["reporter"], upload=_upload("qd.docx", docx_bytes())
    )
    services.report_submit(report=report, user=users["reporter"])
    kept.refresh_from_db()
    assert kept.removed_in_version == 2 and kept.file.read() == pdf_bytes()
    second = ReportEvent.objects.get(report=report, action="submit", version=2)
    assert [f["name"] for f in second.snapshot["tasks"][0]["files"]] == ["qd.docx"]
    first.refresh_from_db()
    assert [f["name"] for f in first.snapshot["tasks"][0]["files"]] == ["bien-ban.pdf"]
    docx.refresh_from_db()
    assert docx.first_version == 2


# -- the pages -----------------------------------------------------------------------------------


def _page_attach(client, report, row, upload, **headers):
    url = f"/bao-cao/{report.pk}/minh-chung/task/{row.pk}/"
    return client.post(url, {"file": upload}, **headers)


def test_a_plain_form_post_attaches_and_comes_back_to_the_report(login, report, users):
    client = login(users["reporter"])
    response = _page_attach(client, report, _row(report), _upload())
    assert response.status_code == 302 and response["Location"].startswith(f"/bao-cao/{report.pk}/")
    page = client.get(f"/bao-cao/{report.pk}/").content.decode()
    assert "bien-ban.pdf" in page and "Đã đính kèm tệp «bien-ban.pdf»." in page


def test_an_htmx_post_answers_with_the_rows_file_list(login, report, users):
    client = login(users["reporter"])
    row = _row(report)
    response = _page_attach(client, report, row, _upload(), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and f'id="evidence-task-{row.pk}"' in html
    assert "bien-ban.pdf" in html and "<html" not in html
    refused = _page_attach(
        client, report, row, _upload("setup.pdf", exe_bytes()), HTTP_HX_REQUEST="true"
    )
    assert "Tệp «setup.pdf» không phải PDF, DOCX, XLSX, JPG hay PNG: không nhận." in (
        refused.content.decode()
    )
    assert report.evidence_files.count() == 1


def test_download_is_for_those_who_may_read_the_report(login, report, users, client):
    row = _row(report)
    evidence = services.evidence_attach(
        report=report, row=row, user=users["reporter"], upload=_upload("Biên bản số 1.pdf")
    )
    url = f"/bao-cao/{report.pk}/minh-chung/{evidence.pk}/"
    response = login(users["reporter"]).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n%20s%E1%BB%91%201.pdf"
        in (response["Content-Disposition"])
    )
    # a draft is the agency's own: the office sees it once it is sent
    assert login(users["office"]).get(url).status_code == 404
    services.report_submit(report=report, user=users["reporter"])
    assert login(users["office"]).get(url).status_code == 200
    assert login(users["other_office"]).get(url).status_code == 404
    assert login(users["nobody"]).get(url).status_code == 404


def test_remove_from_a_draft_is_a_soft_remove(login, report, users):
    evidence = services.evidence_attach(
        report=report, row=_row(report), user=users["reporter"], upload=_upload()
    )
    client = login(users["reporter"])
    response = client.post(f"/bao-cao/{report.pk}/minh-chung/{evidence.pk}/go/")
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert evidence.removed_at is not None and evidence.removed_in_version == 1
    assert client.get(f"/bao-cao/{report.pk}/minh-chung/{evidence.pk}/").status_code == 200


# -- the API -------------------------------------------------------------------------------------


def test_api_attaches_lists_and_downloads_evidence(login, report, users):
    client = login(users["reporter"])
    row = _row(report)
    url = f"/api/reports/{report.pk}/evidence/"
    created = client.post(url, {"file": _upload(), "task_update": row.pk})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["task_update"] == row.pk and body["content_type"] == "application/pdf"
    assert body["sha256"] == hashlib.sha256(pdf_bytes()).hexdigest()
    listed = client.get(url).json()
    assert [f["id"] for f in listed] == [body["id"]]
    download = client.get(f"{url}{body['id']}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == pdf_bytes()
    assert client.get(f"{url}{body['id'] + 1000}/").status_code == 404


def test_api_refuses_a_renamed_program_with_422_and_a_json_body_with_415(login, report, users):
    client = login(users["reporter"])
    url = f"/api/reports/{report.pk}/evidence/"
    refused = client.post(
        url, {"file": _upload("x.pdf", exe_bytes()), "task_update": _row(report).pk}
    )
    assert refused.status_code == 422
    assert refused.json()["detail"] == [
        "Tệp «x.pdf» không phải PDF, DOCX, XLSX, JPG hay PNG: không nhận."
    ]
    as_json = client.post(url, {"task_update": 1}, content_type="application/json")
    assert as_json.status_code == 415
    no_row = client.post(url, {"file": _upload()})
    assert no_row.status_code == 422
    assert not Evidence.objects.exists()


def test_api_evidence_of_a_report_out_of_sight_is_404(login, report, users):
    services.evidence_attach(
        report=report, row=_row(report), user=users["reporter"], upload=_upload()
    )
    client = login(users["other_office"])
    assert client.get(f"/api/reports/{report.pk}/evidence/").status_code == 404
    evidence = report.evidence_files.get()
    assert client.get(f"/api/reports/{report.pk}/evidence/{evidence.pk}/").status_code == 404
    assert (
        client.post(f"/api/reports/{report.pk}/evidence/", {"file": _upload()}).status_code == 404
    )


def test_each_row_card_counts_its_files_and_links_to_them(login, report, users):
    row = _row(report)
    services.evidence_attach(report=report, row=row, user=users["reporter"], upload=_upload())
    page = login(users["reporter"]).get(f"/bao-cao/{report.pk}/").content.decode()
    assert f'href="#evidence-task-{row.pk}">Tệp minh chứng (1)</a>' in page


def test_the_history_lists_the_files_each_version_was_sent_with(login, report, users):
    row = _row(report)
    first = services.evidence_attach(
        report=report, row=row, user=users["reporter"], upload=_upload()
    )
    services.report_submit(report=report, user=users["reporter"])
    services.report_return(report=report, user=users["office"], comment="Thay biên bản")
    services.evidence_remove(evidence=first, user=users["reporter"])
    services.evidence_attach(
        report=report, row=row, user=users["reporter"], upload=_upload("moi.docx", docx_bytes())
    )
    services.report_submit(report=report, user=users["reporter"])
    page = login(users["office"]).get(f"/bao-cao/{report.pk}/").content.decode()
    history = page[page.index("Các lần gửi, trả lại, tiếp nhận") :]
    assert history.count(">bien-ban.pdf</a>") == 1 and history.count(">moi.docx</a>") == 1
    assert f'/bao-cao/{report.pk}/minh-chung/{first.pk}/"' in history


def test_the_lead_downloads_the_files_a_coordinator_sent_for_its_task(
    login, report, users, agencies, units
):
    """Task 1.1 is led by Phòng Văn hóa - Xã hội, Phòng Kinh tế coordinates it: the file
    Phòng Kinh tế attaches to its part is the lead's to read beside its row once sent."""
    from tests.conftest import make_user
    from theodoi.accounts.choices import Role

    part = report.task_updates.get(task__code="1.1")
    assert part.role == "coordinator"
    evidence = services.evidence_attach(
        report=report, row=part, user=users["reporter"], upload=_upload("phan-phoi-hop.pdf")
    )
    own = services.evidence_attach(
        report=report,
        row=report.task_updates.get(task__code="1.2"),
        user=users["reporter"],
        upload=_upload("rieng.docx", docx_bytes()),
    )
    lead = make_user("cb.vhxh", Role.REPORTER, units["commune"], agencies["vhxh"])
    lead_report = services.report_open(period=report.period, agency=agencies["vhxh"], user=lead)
    client = login(lead)
    url = f"/bao-cao/{report.pk}/minh-chung/{evidence.pk}/"
    assert client.get(url).status_code == 404  # a draft: nobody else's yet
    services.report_submit(report=report, user=users["reporter"])
    page = client.get(f"/bao-cao/{lead_report.pk}/").content.decode()
    assert f'href="{url}"' in page and "phan-phoi-hop.pdf" in page
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf_bytes()
    api = client.get(f"/api/reports/{report.pk}/evidence/{evidence.pk}/")
    assert api.status_code == 200
    # the lead reads the part's file, not the coordinator's report nor its other files
    assert client.get(f"/bao-cao/{report.pk}/").status_code == 404
    assert client.get(f"/bao-cao/{report.pk}/minh-chung/{own.pk}/").status_code == 404
