from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tests.conftest import make_user
from theodoi.accounts.choices import Role
from theodoi.plans.models import Plan, Task
from theodoi.plans.services import task_merge, task_split
from theodoi.units.models import Unit
from theodoi.units.services import registry_load

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
VINH_LAI = CORPUS / "xa-vinh-lai-2025.txt"
needs_corpus = pytest.mark.skipif(not VINH_LAI.exists(), reason="corpus not present")


@pytest.fixture
def registry_office(db):
    registry_load()
    return make_user("vp.that", Role.OFFICE, Unit.objects.get(code="xa-vinh-lai"))


def upload(client, content: bytes, name: str, unit):
    return client.post(
        "/ke-hoach/nhap/",
        {
            "file": SimpleUploadedFile(name, content),
            "unit": unit.pk,
        },
    )


@needs_corpus
def test_uploaded_plan_becomes_a_draft_with_source_lines(client, registry_office):
    client.force_login(registry_office)
    unit = Unit.objects.get(code="xa-vinh-lai")
    response = upload(client, VINH_LAI.read_bytes(), "xa-vinh-lai.txt", unit)
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert plan.status == "draft" and plan.indicators.count() >= 55
    review = client.get(response["Location"]).content.decode()
    assert "Tỷ lệ giao dịch không dùng tiền mặt" in review
    assert "│" in review  # numbered source lines beside the items
    task = plan.tasks.exclude(lead=None).first()
    assert task.lead.unit.code in {"xa-vinh-lai", "hai-phong", "VN"}


@needs_corpus
def test_same_document_uploaded_twice_is_not_duplicated(client, registry_office):
    client.force_login(registry_office)
    unit = Unit.objects.get(code="xa-vinh-lai")
    upload(client, VINH_LAI.read_bytes(), "a.txt", unit)
    upload(client, VINH_LAI.read_bytes(), "b.txt", unit)
    assert Plan.objects.count() == 1


@pytest.mark.parametrize(
    "content,name,message",
    [
        (b"\x00\x01\x02binary", "ke-hoach.txt", ""),
        (b"abc", "ke-hoach.exe", "Định dạng tệp chưa được hỗ trợ"),
        (b"PK\x03\x04 not really a docx", "ke-hoach.docx", ""),
        (b"%PDF-1.4 broken", "ke-hoach.pdf", ""),
    ],
)
def test_unreadable_upload_gives_a_clear_error_and_stores_nothing(
    client, registry_office, content, name, message
):
    client.force_login(registry_office)
    response = upload(client, content, name, Unit.objects.get(code="xa-vinh-lai"))
    assert response.status_code == 422
    body = response.content.decode()
    assert "invalid-feedback" in body and message in body
    assert Plan.objects.count() == 0


def test_upload_for_a_unit_outside_scope_is_refused(client, registry_office):
    client.force_login(registry_office)
    other = Unit.objects.get(code="binh-phuoc")
    response = upload(client, b"KE HOACH\n1. Nhiem vu", "k.txt", other)
    assert response.status_code == 422
    assert Plan.objects.count() == 0


def test_upload_page_is_for_offices_only(login, users):
    assert login(users["reporter"]).get("/ke-hoach/nhap/").status_code == 403


def test_merge_fills_blanks_and_removes_the_other(plan):
    a, b = plan.tasks.get(code="1.1"), plan.tasks.get(code="2.1")
    a.output = ""
    a.save()
    b.output = "Báo cáo"
    b.save()
    kept = task_merge(keep=a, remove=b)
    assert kept.output == "Báo cáo"
    assert not Task.objects.filter(pk=b.pk).exists()


def test_split_moves_the_part_into_a_new_task(plan):
    task = plan.tasks.get(code="1.1")
    task.title = "Xây dựng chương trình tuyên truyền; Tổ chức hội nghị quán triệt"
    task.save()
    new = task_split(task=task, second_title="Tổ chức hội nghị quán triệt")
    task.refresh_from_db()
    assert task.title == "Xây dựng chương trình tuyên truyền"
    assert (new.title, new.lead_id, new.order) == (
        "Tổ chức hội nghị quán triệt",
        task.lead_id,
        task.order + 1,
    )


@needs_corpus
def test_import_command_stores_a_draft(db, capsys):
    registry_load()
    call_command("import_plan", str(VINH_LAI), unit="xa-vinh-lai")
    assert "Đã lưu kế hoạch dự thảo" in capsys.readouterr().out
    assert Plan.objects.get().status == "draft"
