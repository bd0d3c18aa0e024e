"""The seven NQ57 groups: the data, the suggestion at import, the office's mapping in review,
and the dashboards above the plans showing the seven groups instead of each plan's headings."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from theodoi.dashboards import selectors
from theodoi.dashboards.selectors import unit_dashboard
from theodoi.plans.models import Task, TaskGroup
from theodoi.plans.nq57 import UNMAPPED_LABEL, nq57_groups, nq57_label, nq57_source, suggest_group
from theodoi.plans.services import task_groups_map


def test_the_seven_groups_are_data_with_their_source():
    groups = nq57_groups()
    assert [g.code for g in groups] == [1, 2, 3, 4, 5, 6, 7]
    assert "57-NQ/TW" in nq57_source()["document"]
    assert nq57_source()["part"].startswith("III.")
    assert groups[6].title.startswith("Tăng cường hợp tác quốc tế")
    assert nq57_label(3) == "3. Đầu tư, hoàn thiện hạ tầng"
    assert nq57_label(None) == UNMAPPED_LABEL


@pytest.mark.parametrize(
    ("heading", "code"),
    [
        # as printed in the corpus plans: full, OCR-damaged, upper case with abbreviations
        ("1. Nâng cao nhận thức, đột phá về đổi mới tư duy, xác định quyết tâm chính trị", 1),
        ("2. thm trương rà soát, bổ sung, hoàn thiện thể chế gắn với nâng cao hiệu lực", 2),
        ("TĂNG CƯỜNG ĐẦU TƯ, HOÀN THIỆN HẠ TẦNG CHO KHCN, ĐMST VÀ CĐS QUỐC GIA", 3),
        ("Phát triển, trọng dụng nhân lực chất lượng cao, nhân tài đáp ứng yêu cầu", 4),
        ("ĐẨY MẠNH CĐS, ỨNG DỤNG KHCN, ĐMST TRONG HOẠT ĐỘNG CỦA CÁC CƠ QUAN TRONG HỆ THỐNG", 5),
        ("Thuc day manh me hoat dong KHCN, DMST va CDS trong doanh nghiep", 6),
        ("7. Tăng c1r0’ng hợp tác quốc tế trong phát triển khoa học, công nghệ", 7),
        # a commune's own wording of group 7 (Xã Vĩnh Lại)
        ("7. Tăng cường phối hợp trong phát triển khoa học, công nghệ, đổi mới sáng tạo", 7),
        # a plan organised by the pillars of digital transformation, numbered otherwise
        ("2. Phát triển nhân lực số phục vụ chuyển đổi số", 4),
        ("4. Phát triển dữ liệu số", 3),
        ("5. Xây dựng chính quyền số gắn với cải cách hành chính", 5),
        ("6. Phát triển Kinh tế số", 6),
    ],
)
def test_a_heading_is_suggested_its_nq57_group(heading, code):
    assert suggest_group(heading) == code


@pytest.mark.parametrize(
    "heading", ["8. Tăng cường giám sát đánh giá", "", "Kinh phí thực hiện", "Chỉ đạo, tạo điều"]
)
def test_a_heading_of_no_group_is_left_unmapped(heading):
    assert suggest_group(heading) is None


def test_import_suggests_the_groups_unconfirmed_and_keeps_the_plans_headings(plan):
    groups = {str(g): g for g in plan.groups.all()}
    assert set(groups) == {"I. Nâng cao nhận thức", "II. Hoàn thiện thể chế"}
    assert groups["I. Nâng cao nhận thức"].nq57_code == 1
    assert groups["II. Hoàn thiện thể chế"].nq57_code == 2
    assert not any(g.nq57_confirmed for g in groups.values())


def test_mapping_confirms_and_changes_codes(plan):
    first, second = plan.groups.order_by("order")
    changed = task_groups_map(plan=plan, codes={first.pk: 1, second.pk: 5})
    assert changed == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.nq57_code, first.nq57_confirmed) == (1, True)
    assert (second.nq57_code, second.nq57_confirmed) == (5, True)
    assert task_groups_map(plan=plan, codes={first.pk: 1, second.pk: 5}) == 0


@pytest.mark.parametrize("bad", ["other_plan", "code"])
def test_a_bad_mapping_changes_nothing(plan, draft_plan, bad):
    first = plan.groups.order_by("order").first()
    foreign = draft_plan.groups.first()
    codes = {first.pk: 3, foreign.pk: 1} if bad == "other_plan" else {first.pk: 3, 9999: None}
    if bad == "code":
        codes = {first.pk: 9}
    with pytest.raises(ValidationError):
        task_groups_map(plan=plan, codes=codes)
    first.refresh_from_db()
    assert (first.nq57_code, first.nq57_confirmed) == (1, False)


def test_the_review_page_offers_a_select_per_group_and_saves_it(login, users, plan):
    client = login(users["office"])
    page = client.get(f"/ke-hoach/{plan.pk}/ra-soat/").content.decode()
    first, second = plan.groups.order_by("order")
    assert f'name="nq57-{first.pk}"' in page and f'name="nq57-{second.pk}"' in page
    assert '<option value="1" selected>1. Nâng cao nhận thức' in page
    response = client.post(
        f"/ke-hoach/{plan.pk}/nhom-nq57/", {f"nq57-{first.pk}": "4", f"nq57-{second.pk}": ""}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.nq57_code, first.nq57_confirmed) == (4, True)
    assert (second.nq57_code, second.nq57_confirmed) == (None, True)


def test_the_review_mapping_refuses_a_wrong_code_and_saves_nothing(login, users, plan):
    client = login(users["office"])
    first = plan.groups.order_by("order").first()
    response = client.post(
        f"/ke-hoach/{plan.pk}/nhom-nq57/", {f"nq57-{first.pk}": "8"}, follow=True
    )
    assert "Chưa lưu thay đổi nào" in response.content.decode()
    first.refresh_from_db()
    assert (first.nq57_code, first.nq57_confirmed) == (1, False)


def test_a_reporter_cannot_map_groups(login, users, plan):
    first = plan.groups.order_by("order").first()
    response = login(users["reporter"]).post(
        f"/ke-hoach/{plan.pk}/nhom-nq57/", {f"nq57-{first.pk}": "7"}
    )
    assert response.status_code in (403, 404)
    first.refresh_from_db()
    assert first.nq57_code == 1


def _groups(board):
    return [(g.label, sum(g.counts.values())) for g in board.groups]


@pytest.mark.parametrize("fast", [False, True])
def test_a_dashboard_above_the_plans_shows_the_seven_groups(units, plan, fast):
    Task.objects.filter(code="2.1").update(group=None)  # a task of no group: not mapped
    board = unit_dashboard(unit=units["province"], as_of=timezone.localdate(), fast=fast)
    labels = [label for label, _n in _groups(board)]
    assert labels == [g.label for g in nq57_groups()] + [UNMAPPED_LABEL]
    assert dict(_groups(board))["1. Nâng cao nhận thức, đổi mới tư duy, quyết tâm chính trị"] == 2
    assert dict(_groups(board))[UNMAPPED_LABEL] == 1
    assert all(g.param == "nq57" for g in board.groups)
    # the plan's own dashboard keeps its headings
    own = unit_dashboard(unit=units["commune"], as_of=timezone.localdate(), fast=fast)
    assert [label for label, _n in _groups(own)] == ["I. Nâng cao nhận thức", "Khác"]


def test_remapping_a_group_shows_on_todays_national_dashboard(units, plan):
    today = timezone.localdate()
    before = dict(_groups(unit_dashboard(unit=units["nation"], as_of=today, fast=True)))
    assert before[nq57_label(2)] == 1 and before[nq57_label(7)] == 0
    group = TaskGroup.objects.get(plan=plan, title="Hoàn thiện thể chế")
    task_groups_map(plan=plan, codes={group.pk: 7})
    after = dict(_groups(unit_dashboard(unit=units["nation"], as_of=today, fast=True)))
    assert after[nq57_label(2)] == 0 and after[nq57_label(7)] == 1
    python = dict(_groups(unit_dashboard(unit=units["nation"], as_of=today, fast=False)))
    assert python == after


@pytest.mark.parametrize("fast", [True, False])
def test_a_seven_groups_figure_links_to_its_tasks(login, users, units, plan, monkeypatch, fast):
    monkeypatch.setattr(selectors, "ROLLUPS_FOR_TODAY", fast)
    client = login(users["leader"])
    base = f"/bang-dieu-khien/{units['province'].pk}"
    board = client.get(f"{base}/").content.decode()
    assert "Theo bảy nhóm nhiệm vụ, giải pháp của Nghị quyết 57-NQ/TW" in board
    assert "category=open_overdue&nq57=2" in board
    body = client.get(f"{base}/nhiem-vu/", {"nq57": "2"}).content.decode()
    assert "Rà soát thủ tục hành chính" in body
    assert "Cụ thể hóa nhiệm vụ" not in body
