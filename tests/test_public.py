import re


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


def _public_figures(body: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r'data-figure="(\w+)">(\d+)<', body)}


def _ranking(agencies) -> list[tuple]:
    return [(a.agency.pk, a.position, a.score.total) for a in agencies]


def check_public_and_internal_figures_agree(client) -> None:
    """For every public plan of the loaded demo, today: the public page's figures are the
    internal dashboard's. Called by tests/test_demo.py on the demo it builds (building the
    demo loads the whole nation: once for the suite)."""
    from django.utils import timezone

    from theodoi.dashboards.live import plan_summary
    from theodoi.dashboards.rollups import rollup_flush
    from theodoi.dashboards.selectors import TaskFilter, dashboard_task_rows, unit_dashboard
    from theodoi.evaluation.rules import government_office_counts
    from theodoi.plans.models import Plan

    rollup_flush()  # as when the demo's transaction commits
    today = timezone.localdate()
    plans = list(Plan.objects.filter(is_public=True).select_related("unit"))
    assert len(plans) >= 4
    alone = 0
    for plan in plans:
        body = client.get(f"/bang-dieu-khien/cong-khai/ke-hoach/{plan.pk}/").content.decode()
        public = _public_figures(body)
        board = unit_dashboard(unit=plan.unit, as_of=today)  # the internal dashboard, today
        assert board.fast
        rows = list(dashboard_task_rows(board=board, wanted=TaskFilter(plan=plan.pk)))
        internal = government_office_counts(r.evaluation for r in rows)
        assert public["total"] == internal["total"] == plan.tasks.count(), plan
        for key, count_key in [
            ("done_on_time", "due_done_on_time"),
            ("done_late", "due_done_late"),
            ("open_within_deadline", "open_within_deadline"),
            ("open_overdue", "open_overdue"),
            ("continuous", "continuous"),
        ]:
            assert public[key] == internal[count_key], (plan, key)
        what = re.search(r'id="what-is-counted">(.*?)</p>', body, re.S).group(1)
        if "trùng với bảng điều khiển" in what:  # the unit's only active plan: every figure
            alone += 1
            assert public["indicators_achieved"] == board.indicator_counts["achieved"]
            assert public["reports_received"] == board.completeness["received"]
            summary = plan_summary(plan=plan, as_of=today)
            assert summary["completeness"] == board.completeness
            assert summary["indicator_counts"] == board.indicator_counts
            assert _ranking(summary["agencies"]) == _ranking(board.agencies)
        else:  # the page says what it counts differently
            assert "của riêng kế hoạch này" in what or "đã kết thúc" in what
    assert alone >= 3  # the communes' and the province's plans
