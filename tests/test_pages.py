import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/ke-hoach/?unit=abc",
        "/ke-hoach/?page=9999",
        "/ke-hoach/?sort=khong-co",
        "/ke-hoach/?level=xyz",
        "/ke-hoach/nhiem-vu/?due_before=31/02/2025",
        "/ke-hoach/nhiem-vu/?lead=999999",
        "/ke-hoach/chi-tieu/?q=" + "a" * 500,
        "/don-vi/co-quan/?kind=zzz",
        "/ke-hoach/999999/",
        "/ke-hoach/nhiem-vu/999999/sua/",
        "/khong-ton-tai/",
    ],
)
def test_bad_query_or_missing_object_never_gives_500(login, users, plan, url):
    response = login(users["office"]).get(url)
    assert response.status_code in (200, 404)


def test_plan_page_shows_tasks_by_group_and_indicators(login, users, plan):
    body = login(users["office"]).get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "Nâng cao nhận thức" in body and "Hoàn thiện thể chế" in body
    assert "Tỷ lệ giao dịch không dùng tiền mặt" in body
    assert "≥ 85" in body


@pytest.mark.parametrize("name", ["task", "indicator", "agency", "unit"])
def test_detail_pages_render(login, users, plan, agencies, units, name):
    target = {
        "task": plan.tasks.first(),
        "indicator": plan.indicators.first(),
        "agency": agencies["kinhte"],
        "unit": units["commune"],
    }[name]
    response = login(users["office"]).get(target.get_absolute_url())
    assert response.status_code == 200


def test_static_assets_are_served_by_the_app(client):
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/htmx-2.0.11.min.js")
    assert finders.find("vendor/bootstrap-5.3.9.min.css")


def test_pages_reference_no_external_assets(login, users, plan):
    body = login(users["office"]).get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "http://" not in body.replace("http://www.w3.org", "")
    assert "https://" not in body


def test_login_page_is_vietnamese(client):
    body = client.get("/dang-nhap/").content.decode()
    assert "Đăng nhập" in body and "Mật khẩu" in body


def test_wrong_password_message(client, users):
    response = client.post("/dang-nhap/", {"username": "vp.vinhlai", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_admin_lists_every_model(admin_client):
    from django.contrib import admin

    from theodoi.plans import models as plan_models
    from theodoi.reporting import models as reporting_models
    from theodoi.units import models as unit_models

    for module in (plan_models, reporting_models, unit_models):
        for model in vars(module).values():
            if (
                isinstance(model, type)
                and getattr(model, "_meta", None)
                and model.__module__ == module.__name__
                and not model._meta.abstract
            ):
                assert admin.site.is_registered(model), model
    assert admin_client.get("/quan-tri/plans/task/").status_code == 200


def test_source_document_downloads_for_readers_only(login, users, plan):
    source = plan.sources.get()
    response = login(users["office"]).get(f"/ke-hoach/van-ban/{source.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"noi dung ke hoach"
    assert login(users["other_office"]).get(f"/ke-hoach/van-ban/{source.pk}/").status_code == 404


def test_task_page_shows_its_change_history(login, users, plan):
    task = plan.tasks.get(code="1.1")
    task.output = "Chương trình đã sửa"
    task.save()
    body = login(users["office"]).get(task.get_absolute_url()).content.decode()
    assert "Lịch sử thay đổi" in body and "Chương trình đã sửa" in body


def test_a_long_plan_title_is_shortened_at_a_word_with_an_ellipsis(plan):
    plan.title = (
        "Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW (sửa đổi, bổ sung) "
        "về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"
    )
    shown = str(plan)
    assert shown.startswith(f"{plan.number} — Chương trình hành động")
    assert shown.endswith("…")
    assert all(word in plan.title.split() for word in shown[:-1].split(" — ", 1)[1].split())
