def test_public_page_shows_only_published_plans(client, plan, draft_plan):
    plan.is_public = True
    plan.save()
    draft_plan.is_public = True  # a draft is never public, even if marked
    draft_plan.save()
    body = client.get("/bang-dieu-khien/cong-khai/").content.decode()
    assert plan.title[:40] in body
    assert draft_plan.title not in body
    assert client.get(f"/bang-dieu-khien/cong-khai/ke-hoach/{plan.pk}/").status_code == 200
    assert client.get(f"/bang-dieu-khien/cong-khai/ke-hoach/{draft_plan.pk}/").status_code == 404


def test_unpublished_plan_is_not_readable_without_login(client, plan):
    assert client.get(f"/bang-dieu-khien/cong-khai/ke-hoach/{plan.pk}/").status_code == 404
    assert client.get(f"/ke-hoach/{plan.pk}/").status_code == 302  # to the login page
    assert client.get("/api/plans/").status_code in (401, 403)


def test_public_plan_page_shows_progress_and_ranking(client, plan):
    plan.is_public = True
    plan.save()
    body = client.get(f"/bang-dieu-khien/cong-khai/ke-hoach/{plan.pk}/").content.decode()
    assert "Xếp hạng cơ quan" in body and "Phòng Kinh tế" in body
