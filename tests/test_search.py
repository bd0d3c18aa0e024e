from theodoi.plans.models import Plan
from theodoi.textnorm import search_key


def test_search_key_removes_diacritics_and_folds_case():
    assert search_key("Chuyển  Đổi Số") == "chuyen doi so"
    assert search_key("ĐỀ ÁN") == "de an"


def test_plan_list_search_ignores_diacritics(login, users, plan):
    response = login(users["office"]).get("/ke-hoach/", {"q": "chuyen doi so"})
    assert response.status_code == 200
    assert plan.title in response.content.decode()


def test_plan_list_search_without_match_shows_empty_message(login, users, plan):
    response = login(users["office"]).get("/ke-hoach/", {"q": "khong co gi nhu the"})
    assert "Không có kế hoạch nào phù hợp" in response.content.decode()


def test_task_search_finds_accented_words_from_plain_query(login, users, plan):
    response = login(users["office"]).get("/ke-hoach/nhiem-vu/", {"q": "tuyen truyen"})
    body = response.content.decode()
    assert "Xây dựng chương trình tuyên truyền" in body
    assert "Rà soát thủ tục" not in body


def test_plan_list_htmx_request_returns_only_the_table(login, users, plan):
    response = login(users["office"]).get("/ke-hoach/", {"q": "chuyen"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<table" in body and "<html" not in body


def test_search_key_updated_on_save(plan):
    plan.title = "Kế hoạch Đổi mới sáng tạo"
    plan.save()
    assert Plan.objects.filter(search_key__contains="doi moi sang tao").exists()


def test_plan_list_without_filters_shows_every_visible_plan(login, users, plan):
    body = login(users["office"]).get("/ke-hoach/").content.decode()
    assert plan.title in body and "1 kết quả" in body
