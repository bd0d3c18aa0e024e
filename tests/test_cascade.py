import pytest
from django.core.exceptions import PermissionDenied

from tests.conftest import extraction
from theodoi.plans import cascade
from theodoi.plans.models import Task, TaskLink
from theodoi.plans.services import plan_activate, plan_import_extraction


@pytest.fixture
def national_plan(units):
    data = extraction(title="Chương trình hành động của Chính phủ", number="71/NQ-CP")
    data["tasks"] = [
        {
            "code": "2",
            "title": "Xây dựng chương trình chuyên biệt về KHCN, ĐMST và CĐS trên "
            "đài phát thanh và mạng xã hội",
            "lead": None,
            "deadline": {"raw": None, "kind": "unknown"},
            "lines": [1, 2],
        },
        {
            "code": "48",
            "title": "Hoàn thành số hóa quy trình nghiệp vụ nội bộ, hồ sơ tài liệu",
            "lead": None,
            "deadline": {"raw": None, "kind": "unknown"},
            "lines": [3, 4],
        },
    ]
    data["indicators"] = []
    plan = plan_import_extraction(unit=units["nation"], extraction=data, level="national").plan
    return plan_activate(plan=plan)


def test_printed_reference_is_suggested_with_full_confidence(users, plan, national_plan):
    added = cascade.task_link_suggest(plan=plan, user=users["office"])
    assert added >= 1
    link = TaskLink.objects.get(task__code="1.1", reason__startswith="Tham chiếu")
    assert (link.candidate.code, link.score) == ("2", 100)


def test_confirming_a_link_sets_the_parent_and_rejects_the_others(users, plan, national_plan):
    cascade.task_link_suggest(plan=plan, user=users["office"])
    link = TaskLink.objects.get(task__code="1.1", candidate__code="2")
    cascade.task_link_decide(link=link, user=users["office"], confirm=True)
    task = Task.objects.get(pk=link.task_id)
    assert task.parent.code == "2"
    assert not TaskLink.objects.filter(task=task, status="suggested").exists()


def test_only_the_plans_office_may_link(users, plan, national_plan):
    with pytest.raises(PermissionDenied):
        cascade.task_link_suggest(plan=plan, user=users["reporter"])


def test_national_task_rolls_up_its_implementing_tasks(login, users, plan, national_plan):
    parent = national_plan.tasks.get(code="2")
    Task.objects.filter(plan=plan, code="1.1").update(parent=parent)
    descendants = cascade.task_descendants(parent)
    assert [t.code for t in descendants] == ["1.1"]
    superuser = users["leader"]
    superuser.is_superuser = True
    superuser.save()
    body = login(superuser).get(parent.get_absolute_url()).content.decode()
    assert "Triển khai ở cấp dưới (1 nhiệm vụ)" in body
    assert "Xã Vĩnh Lại" in body


def test_links_page_suggests_and_confirms(login, users, plan, national_plan):
    client = login(users["office"])
    client.post(f"/ke-hoach/{plan.pk}/lien-ket/", {"action": "suggest"})
    link = TaskLink.objects.get(task__code="1.1", candidate__code="2")
    client.post(f"/ke-hoach/{plan.pk}/lien-ket/", {"action": "confirm", "link": link.pk})
    assert Task.objects.get(plan=plan, code="1.1").parent_id == link.candidate_id
