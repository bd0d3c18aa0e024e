import pytest


def test_anonymous_user_is_sent_to_login(client, plan):
    response = client.get(f"/ke-hoach/{plan.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_office_of_another_commune_gets_404_for_plan(login, users, plan):
    response = login(users["other_office"]).get(f"/ke-hoach/{plan.pk}/")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


def test_drafts_are_hidden_from_leaders_above(login, users, draft_plan):
    assert login(users["leader"]).get(f"/ke-hoach/{draft_plan.pk}/").status_code == 404


def test_office_sees_its_own_draft(login, users, draft_plan):
    assert login(users["other_office"]).get(f"/ke-hoach/{draft_plan.pk}/").status_code == 200


def test_leader_reads_lower_units_active_plan(login, users, plan):
    assert login(users["leader"]).get(f"/ke-hoach/{plan.pk}/").status_code == 200


@pytest.mark.parametrize("who", ["leader", "reporter", "other_office"])
def test_only_the_plans_office_may_edit_tasks(login, users, plan, who):
    task = plan.tasks.get(code="1.1")
    response = login(users[who]).post(f"/ke-hoach/nhiem-vu/{task.pk}/sua/", {"title": "x"})
    assert response.status_code in (403, 404)
    task.refresh_from_db()
    assert task.title == "Xây dựng chương trình tuyên truyền về chuyển đổi số"


def test_user_without_role_sees_no_plans(login, users, plan):
    body = login(users["nobody"]).get("/ke-hoach/").content.decode()
    assert plan.title not in body


def test_api_hides_other_units_objects(login, users, plan):
    client = login(users["other_office"])
    assert client.get(f"/api/plans/{plan.pk}/").status_code == 404
    assert client.get("/api/tasks/").json()["count"] == 0


def test_the_plan_above_is_linked_only_for_those_who_may_open_it(login, users, units, plan):
    """The commune office does not read the province's plan (docs/permissions.md): its name is
    shown, not a link to a page that would answer 404. The commune's reporters read it."""
    from tests.conftest import extraction
    from theodoi.plans.models import Plan, Task
    from theodoi.plans.services import plan_activate, plan_import_extraction

    above = plan_activate(
        plan=plan_import_extraction(
            unit=units["province"],
            extraction=extraction(title="Kế hoạch của thành phố", number="5/KH-UBND"),
        ).plan
    )
    Plan.objects.filter(pk=plan.pk).update(parent=above)
    task = plan.tasks.get(code="1.2")
    Task.objects.filter(pk=task.pk).update(parent=above.tasks.get(code="1.2"))
    plan_link = f'href="/ke-hoach/{above.pk}/"'
    task_link = f'href="{above.tasks.get(code="1.2").get_absolute_url()}"'

    office = login(users["office"])
    assert office.get(f"/ke-hoach/{above.pk}/").status_code == 404
    body = office.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "Kế hoạch của thành phố" in body and plan_link not in body
    assert task_link not in office.get(task.get_absolute_url()).content.decode()

    reporter = login(users["reporter"])
    assert reporter.get(f"/ke-hoach/{above.pk}/").status_code == 200
    assert plan_link in reporter.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert task_link in reporter.get(task.get_absolute_url()).content.decode()
