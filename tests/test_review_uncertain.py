"""The review page of an imported plan lists what the reader was not sure of and which of
a task's six facts are missing; each uncertain item is confirmed or corrected there, and a
plan is not made public while one remains."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import extraction
from theodoi.plans import services
from theodoi.plans.models import Task
from theodoi.plans.review import missing_facts, uncertain_count

pytestmark = pytest.mark.django_db


def flagged_extraction() -> dict:
    data = extraction(title="Kế hoạch có mục chưa chắc chắn", number="31/KH-UBND")
    data["tasks"][0]["flags"] = ["ocr"]
    data["tasks"][2]["flags"] = ["agency", "deadline", "not-a-flag"]
    data["indicators"][0]["flags"] = ["ocr"]
    return data


@pytest.fixture
def flagged(units, agencies):
    return services.plan_import_extraction(
        unit=units["commune"], extraction=flagged_extraction()
    ).plan


def test_the_import_keeps_the_readers_flags_and_drops_unknown_ones(flagged):
    flags = dict(flagged.tasks.values_list("code", "review_flags"))
    assert flags == {"1.1": ["ocr"], "1.2": [], "2.1": ["agency", "deadline"]}
    assert flagged.indicators.get().review_flags == ["ocr"]
    assert uncertain_count(flagged) == 3


def test_a_plan_with_uncertain_items_is_not_made_public(flagged):
    with pytest.raises(ValidationError) as refused:
        services.plan_update(plan=flagged, data={"is_public": True})
    message = " ".join(refused.value.message_dict["is_public"])
    assert "còn 3 mục" in message and f"/ke-hoach/{flagged.pk}/ra-soat/" in message
    flagged.refresh_from_db()
    assert not flagged.is_public


def test_confirming_every_uncertain_item_lets_the_plan_be_made_public(flagged):
    for item in [*flagged.tasks.exclude(review_flags=[]), *flagged.indicators.all()]:
        services.item_review_confirm(item=item)
    assert uncertain_count(flagged) == 0
    services.plan_update(plan=flagged, data={"is_public": True})
    flagged.refresh_from_db()
    assert flagged.is_public


def test_correcting_an_item_in_its_edit_form_reviews_it(flagged):
    task = flagged.tasks.get(code="2.1")
    services.task_update(task=task, data={"lead_raw": "Phòng Kinh tế"})
    task.refresh_from_db()
    assert task.review_confirmed
    assert uncertain_count(flagged) == 2


def test_an_item_with_nothing_uncertain_cannot_be_confirmed(flagged):
    with pytest.raises(ValidationError):
        services.item_review_confirm(item=flagged.tasks.get(code="1.2"))


def test_missing_facts_name_each_of_the_six(flagged):
    full = flagged.tasks.get(code="1.1")
    assert missing_facts(full) == ()
    bare = Task(plan=flagged, title="  ", deadline_raw="")
    assert missing_facts(bare) == (
        "content",
        "lead",
        "coordinators",
        "output",
        "deadline",
        "parent",
    )
    assert missing_facts(flagged.tasks.get(code="1.2")) == ("coordinators", "output", "parent")


def test_the_review_page_lists_the_uncertain_items_and_the_missing_facts(flagged, users, login):
    page = login(users["office"]).get(f"/ke-hoach/{flagged.pk}/ra-soat/")
    html = page.content.decode()
    assert "Còn 3 mục chưa chắc chắn cần xác nhận" in html
    assert "thời hạn chưa đọc được" in html and "không có trong danh mục" in html
    assert "thiếu cơ quan phối hợp, sản phẩm, nhiệm vụ cấp trên" in html
    assert html.count('type="submit">Xác nhận như đã đọc') == 3


def test_the_office_confirms_an_item_on_the_review_page(flagged, users, login):
    task = flagged.tasks.get(code="2.1")
    client = login(users["office"])
    answer = client.post(f"/ke-hoach/nhiem-vu/{task.pk}/xac-nhan-ra-soat/")
    assert answer.status_code == 302 and answer.url.endswith(f"#task-{task.pk}")
    task.refresh_from_db()
    assert task.review_confirmed
    html = client.get(f"/ke-hoach/{flagged.pk}/ra-soat/").content.decode()
    assert "Còn 2 mục chưa chắc chắn" in html


def test_another_units_office_cannot_confirm(flagged, users, login):
    indicator = flagged.indicators.get()
    answer = login(users["other_office"]).post(
        f"/ke-hoach/chi-tieu/{indicator.pk}/xac-nhan-ra-soat/"
    )
    assert answer.status_code in (403, 404)
    indicator.refresh_from_db()
    assert not indicator.review_confirmed


def test_the_edit_form_refuses_publication_with_the_count_and_a_link(flagged, users, login):
    client = login(users["office"])
    form = client.get(f"/ke-hoach/{flagged.pk}/sua/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, bool)}
    data.update(version=form["version"].value(), is_public="on", level=flagged.level)
    answer = client.post(f"/ke-hoach/{flagged.pk}/sua/", data)
    html = answer.content.decode()
    assert answer.status_code == 422
    assert "còn 3 mục" in html and f'href="/ke-hoach/{flagged.pk}/ra-soat/#can-xac-nhan"' in html
    flagged.refresh_from_db()
    assert not flagged.is_public


def test_the_readers_flags_reach_the_review_page(units, agencies, users, login):
    from tests.ingest.test_labelled_annex import HEAD
    from theodoi.ingest.pipeline import ingest_text

    text = HEAD + (
        "1. Số hóa hồ sơ hộ tịch lưu trữ tại xã\n"
        "- Thời gian hoàn thành: sớm nhất có thể.\n"
        "- Cơ quan chủ trì: Công ty Cổ phần Ánh Dương.\n"
        "2. Tập huấn kỹ năng số cho cán bộ thôn\n"
        "- Thời gian hoàn thành: Tháng 5/2026.\n"
        "- Cơ quan chủ trì: Phòng Văn hóa - Xã hội.\n"
    )
    extraction = ingest_text(text).to_dict()
    plan = services.plan_import_extraction(unit=units["commune"], extraction=extraction).plan
    assert dict(plan.tasks.values_list("code", "review_flags")) == {
        "1": ["agency", "deadline"],
        "2": [],
    }
    html = login(users["office"]).get(f"/ke-hoach/{plan.pk}/ra-soat/").content.decode()
    assert "Còn 1 mục chưa chắc chắn cần xác nhận" in html


def test_the_api_refuses_to_publish_with_the_count(flagged, users, login):
    answer = login(users["office"]).patch(
        f"/api/plans/{flagged.pk}/", {"is_public": True}, content_type="application/json"
    )
    assert answer.status_code == 422
    assert "còn 3 mục" in " ".join(answer.json()["detail"])
    flagged.refresh_from_db()
    assert not flagged.is_public
