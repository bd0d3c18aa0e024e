from auditlog.models import LogEntry


def _edit(client, plan):
    task = plan.tasks.get(code="1.2")
    client.post(
        f"/ke-hoach/nhiem-vu/{task.pk}/sua/",
        {
            "code": task.code,
            "title": "Tiêu đề mới",
            "lead": task.lead_id,
            "deadline_raw": task.deadline_raw,
            "version": task.updated_at.isoformat(),
        },
        HTTP_X_FORWARDED_FOR="6.6.6.6",
        REMOTE_ADDR="10.1.2.3",
    )
    return LogEntry.objects.get_for_object(task).filter(action=LogEntry.Action.UPDATE).latest("pk")


def test_a_forged_forwarded_for_header_is_not_logged_without_a_proxy(login, users, plan):
    entry = _edit(login(users["office"]), plan)
    assert entry.remote_addr == "10.1.2.3"


def test_behind_a_proxy_the_forwarded_address_is_logged(login, users, plan, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    entry = _edit(login(users["office"]), plan)
    assert entry.remote_addr == "6.6.6.6"
