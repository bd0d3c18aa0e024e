from auditlog.models import LogEntry

from theodoi.plans.models import Plan, Task


def task_form(task, **overrides):
    data = {
        "group": task.group_id or "",
        "code": task.code,
        "title": task.title,
        "lead": task.lead_id or "",
        "coordinators": [a.pk for a in task.coordinators.all()],
        "output": task.output,
        "deadline_raw": task.deadline_raw,
        "parent_ref": task.parent_ref,
        "source_ref": task.source_ref,
        "version": task.updated_at.isoformat(),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_office_edits_task_and_deadline_is_reparsed(login, users, plan):
    task = plan.tasks.get(code="1.2")
    response = login(users["office"]).post(
        f"/ke-hoach/nhiem-vu/{task.pk}/sua/", task_form(task, deadline_raw="Quý IV/2025")
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.deadline_kind, task.due_date.isoformat()) == ("date", "2025-12-31")
    assert LogEntry.objects.get_for_object(task).filter(action=LogEntry.Action.UPDATE).exists()


def test_empty_title_is_refused_in_vietnamese(login, users, plan):
    task = plan.tasks.get(code="1.2")
    response = login(users["office"]).post(
        f"/ke-hoach/nhiem-vu/{task.pk}/sua/", task_form(task, title="   ")
    )
    assert response.status_code == 422
    assert "không được để trống" in response.content.decode()
    task.refresh_from_db()
    assert task.title.startswith("Cụ thể hóa")


def test_too_long_code_is_refused(login, users, plan):
    task = plan.tasks.get(code="1.2")
    response = login(users["office"]).post(
        f"/ke-hoach/nhiem-vu/{task.pk}/sua/", task_form(task, code="9" * 40)
    )
    assert response.status_code == 422
    assert "tối đa 32 kí tự" in response.content.decode()
    task.refresh_from_db()
    assert task.code == "1.2"


def test_agency_of_another_unit_is_refused(login, users, plan, agencies):
    task = plan.tasks.get(code="1.2")
    response = login(users["office"]).post(
        f"/ke-hoach/nhiem-vu/{task.pk}/sua/", task_form(task, lead=agencies["other_kinhte"].pk)
    )
    assert response.status_code == 422
    assert "lựa chọn hợp lệ" in response.content.decode()
    task.refresh_from_db()
    assert task.lead == agencies["kinhte"]


def test_stale_form_is_refused_and_changes_nothing(login, users, plan):
    task = plan.tasks.get(code="1.2")
    form = task_form(task, title="Bản sửa của người thứ hai")
    Task.objects.get(pk=task.pk).save()  # someone else saved in between
    response = login(users["office"]).post(f"/ke-hoach/nhiem-vu/{task.pk}/sua/", form)
    assert response.status_code == 422
    assert "người khác thay đổi" in response.content.decode()
    task.refresh_from_db()
    assert task.title != "Bản sửa của người thứ hai"


def test_wrong_date_type_on_plan_form(login, users, plan):
    response = login(users["office"]).post(
        f"/ke-hoach/{plan.pk}/sua/",
        {
            "number": plan.number,
            "title": plan.title,
            "issued_on": "ngày mai",
            "level": plan.level,
            "kind": plan.kind,
            "status": plan.status,
            "version": plan.updated_at.isoformat(),
        },
    )
    assert response.status_code == 422
    assert "Nhập một ngày hợp lệ" in response.content.decode()
    plan.refresh_from_db()
    assert plan.issued_on.isoformat() == "2025-09-20"


def test_plan_period_end_before_start_is_refused(login, users, plan):
    response = login(users["office"]).post(
        f"/ke-hoach/{plan.pk}/sua/",
        {
            "number": plan.number,
            "title": plan.title,
            "level": plan.level,
            "kind": plan.kind,
            "status": plan.status,
            "period_start": 2030,
            "period_end": 2025,
            "version": plan.updated_at.isoformat(),
        },
    )
    assert response.status_code == 422
    assert Plan.objects.get(pk=plan.pk).period_start is None


def test_add_task_then_delete_after_confirmation(login, users, plan, agencies):
    client = login(users["office"])
    response = client.post(
        f"/ke-hoach/{plan.pk}/nhiem-vu/them/",
        {
            "title": "Nhiệm vụ mới",
            "lead": agencies["kinhte"].pk,
            "deadline_raw": "Hằng năm",
        },
    )
    assert response.status_code == 302
    task = plan.tasks.get(title="Nhiệm vụ mới")
    assert (task.deadline_kind, task.recurrence) == ("recurring", "annual")
    confirm = client.get(f"/ke-hoach/nhiem-vu/{task.pk}/xoa/")
    assert "Xác nhận xóa" in confirm.content.decode()
    assert Task.objects.filter(pk=task.pk).exists()
    client.post(f"/ke-hoach/nhiem-vu/{task.pk}/xoa/")
    assert not Task.objects.filter(pk=task.pk).exists()


def test_draft_plan_is_confirmed_by_its_office(login, users, draft_plan):
    client = login(users["other_office"])
    client.post(f"/ke-hoach/{draft_plan.pk}/xac-nhan/")
    draft_plan.refresh_from_db()
    assert draft_plan.status == "active"


def test_indicator_lead_from_another_unit_is_refused(login, users, plan, agencies):
    indicator = plan.indicators.get()
    response = login(users["office"]).post(
        f"/ke-hoach/chi-tieu/{indicator.pk}/sua/",
        {
            "name": indicator.name,
            "code": indicator.code,
            "lead": agencies["other_kinhte"].pk,
            "version": indicator.updated_at.isoformat(),
        },
    )
    assert response.status_code == 422
    indicator.refresh_from_db()
    assert indicator.lead == agencies["kinhte"]


def test_indicator_edit_saves_valid_input(login, users, plan, agencies):
    indicator = plan.indicators.get()
    response = login(users["office"]).post(
        f"/ke-hoach/chi-tieu/{indicator.pk}/sua/",
        {
            "name": "Tỷ lệ thanh toán không dùng tiền mặt",
            "code": "2",
            "lead": agencies["vhxh"].pk,
            "unit_of_measure": "%",
            "version": indicator.updated_at.isoformat(),
        },
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name, indicator.lead) == (
        "Tỷ lệ thanh toán không dùng tiền mặt",
        agencies["vhxh"],
    )


def test_conflict_shows_the_other_persons_change_and_a_second_save_is_deliberate(
    login, users, plan
):
    task = plan.tasks.get(code="1.2")
    mine = task_form(task, output="Báo cáo của tôi")
    other = Task.objects.get(pk=task.pk)
    other.output = "Kế hoạch của người kia"
    other.save()
    client = login(users["office"])
    response = client.post(f"/ke-hoach/nhiem-vu/{task.pk}/sua/", mine)
    body = response.content.decode()
    assert response.status_code == 422
    assert "Kế hoạch của người kia" in body and "Báo cáo của tôi" in body  # both shown
    task.refresh_from_db()
    assert task.output == "Kế hoạch của người kia"  # nothing lost
    import re

    version = re.search(r'name="version" value="([^"]+)"', body).group(1)
    client.post(f"/ke-hoach/nhiem-vu/{task.pk}/sua/", {**mine, "version": version})
    task.refresh_from_db()
    assert task.output == "Báo cáo của tôi"  # saved after reading the other's change
