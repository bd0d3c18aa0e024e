"""The review page's confirmation of an uncertain item, in Debian's chromium: asked first (a
dismissed dialog changes nothing), saved, and shown confirmed after a reload; publishing is
refused while items remain, with the count and a link back to the review page."""

from __future__ import annotations

import pytest

from tests.conftest import extraction
from theodoi.plans.models import Plan, Task
from theodoi.plans.services import plan_import_extraction

pytest_plugins = ["tests.browser"]  # the browser, page, session and dialogs fixtures
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def flagged(units, agencies):
    data = extraction(title="Kế hoạch đọc từ bản quét", number="41/KH-UBND")
    data["tasks"][0]["flags"] = ["ocr"]
    data["tasks"][2]["flags"] = ["agency", "deadline"]
    return plan_import_extraction(unit=units["commune"], extraction=data).plan


def _state(page, task: Task) -> str:
    return page.get_attribute(f"#task-{task.pk} [data-review-state]", "data-review-state")


def test_an_uncertain_task_is_confirmed_and_stays_confirmed(
    live_server, users, flagged, page, session, dialogs
):
    task = flagged.tasks.get(code="2.1")
    session.login("vp.vinhlai")
    url = f"{live_server.url}/ke-hoach/{flagged.pk}/ra-soat/"
    page.goto(url)
    assert "Còn 2 mục chưa chắc chắn" in page.inner_text("#can-xac-nhan")
    assert _state(page, task) == "uncertain"
    button = f"#task-{task.pk} button:has-text('Xác nhận như đã đọc')"

    dialogs.accept = False
    page.click(button)
    page.wait_for_timeout(300)  # a submission the dialog failed to stop would land by now
    assert "đúng như đã đọc" in dialogs.messages[-1]
    assert not Task.objects.get(pk=task.pk).review_confirmed

    dialogs.accept = True
    with page.expect_navigation():
        page.click(button)
    assert Task.objects.get(pk=task.pk).review_confirmed
    page.goto(url)  # reload: the page shows what was saved
    assert _state(page, task) == "confirmed"
    assert "Còn 1 mục chưa chắc chắn" in page.inner_text("#can-xac-nhan")
    assert page.locator(button).count() == 0


def test_publishing_is_refused_while_items_remain(
    live_server, users, flagged, page, session, dialogs
):
    dialogs.accept = True
    session.login("vp.vinhlai")
    page.goto(f"{live_server.url}/ke-hoach/{flagged.pk}/sua/")
    page.check("[name=is_public]")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    alert = page.inner_text("#con-muc-chua-chac")
    assert "còn 2 mục" in alert
    assert not Plan.objects.get(pk=flagged.pk).is_public
    assert page.is_checked("[name=is_public]")  # what was typed is kept
    with page.expect_navigation():
        page.click("#con-muc-chua-chac a")
    assert page.url.endswith(f"/ke-hoach/{flagged.pk}/ra-soat/#can-xac-nhan")
