"""Behaviour on the three real plans of the corpus (skipped when the corpus is absent)."""

import json
from pathlib import Path

import jsonschema
import pytest

SCHEMA = Path(__file__).parents[2].parent / "shared" / "contracts" / "plan-extraction.schema.json"


def _validate(plan):
    if not SCHEMA.exists():
        pytest.skip("schema not available")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
        json.loads(plan.to_json())
    )


@pytest.mark.parametrize("fixture", ["vinh_lai", "binh_phuoc", "xuan_thanh"])
def test_output_is_valid_against_the_contract(fixture, request):
    _validate(request.getfixturevalue(fixture))


@pytest.mark.parametrize("fixture", ["vinh_lai", "binh_phuoc", "xuan_thanh"])
def test_line_ranges_point_into_the_normalised_text(fixture, request):
    plan = request.getfixturevalue(fixture)
    n = plan.normalized_text.count("\n") + 1
    for item in [*plan.tasks, *plan.indicators]:
        assert 1 <= item.lines[0] <= item.lines[1] <= n


def test_vinh_lai_counts(vinh_lai):
    assert 55 <= len(vinh_lai.indicators) <= 62  # 29 in appendix I + 29 in appendix II
    assert 100 <= len(vinh_lai.tasks) <= 125


def test_vinh_lai_cashless_indicator(vinh_lai):
    ind = next(
        i for i in vinh_lai.indicators if i.name.startswith("Tỷ lệ giao dịch không dùng tiền mặt")
    )
    assert ind.unit == "%"
    assert [(t.op, t.value) for t in ind.targets] == [(">=", 85)]
    assert ind.lead == "Phòng Kinh tế"


def test_vinh_lai_year_columns_give_one_target_per_period(vinh_lai):
    ind = next(
        i for i in vinh_lai.indicators if i.name.startswith("Tỷ lệ phủ sóng 5G trên địa bàn xã")
    )
    assert [t.period for t in ind.targets] == ["2025", "2030", "2035", "2040", "2045"]
    assert (ind.targets[0].op, ind.targets[0].value) == (">=", 60)
    six_g = next(i for i in vinh_lai.indicators if i.name.startswith("Tỉ lệ phủ sóng 6G"))
    assert [t.period for t in six_g.targets] == ["2035", "2040", "2045"]  # "-" = no target


def test_vinh_lai_task_with_nq71_parent(vinh_lai):
    task = next(t for t in vinh_lai.tasks if t.parent_ref == "NQ71:48")
    assert task.title.startswith("Hoàn thành số hóa quy trình nghiệp vụ")
    assert task.deadline.kind == "continuous"


def test_vinh_lai_appendix_task_columns(vinh_lai):
    task = next(t for t in vinh_lai.tasks if t.title.startswith("Xây dựng cơ sở dữ liệu đất đai"))
    assert task.lead == "Phòng Kinh tế"
    assert task.deadline.kind == "conditional"
    assert task.output == "CSDL"


def test_vinh_lai_reporting_obligation(vinh_lai):
    rep = vinh_lai.reporting[0]
    assert (rep.frequency, rep.due) == ("annual", "30/11")
    assert rep.recipient.startswith("Ủy ban nhân dân xã (qua Phòng Văn hóa - Xã hội)")


def test_vinh_lai_references(vinh_lai):
    symbols = {r.symbol for r in vinh_lai.document.references}
    assert {"57-NQ/TW", "71/NQ-CP", "12-KH/TU"} <= symbols
    assert vinh_lai.document.level == "commune"


def test_vinh_lai_has_no_plan_date(vinh_lai):
    # the header block (number, place and date) was lost in this copy: the title's
    # "Nghị quyết 57-NQ/TW ngày 22/12/2024" is Resolution 57's date, not the plan's
    assert vinh_lai.document.date is None


def test_headings_and_purpose_items_are_not_tasks(vinh_lai):
    titles = [t.title for t in vinh_lai.tasks]
    assert not any(t.startswith("Quán triệt, triển khai thực hiện đầy đủ") for t in titles)
    assert not any(t.startswith("Nơi nhận") for t in titles)


def test_binh_phuoc_header_and_body_tasks(binh_phuoc):
    doc = binh_phuoc.document
    assert doc.number == "57/KH-UBND"
    assert doc.date.isoformat() == "2025-02-23"
    assert doc.level == "province"
    assert 65 <= len(binh_phuoc.tasks) <= 110
    assert {r.frequency for r in binh_phuoc.reporting} >= {"semiannual", "annual"}


def test_xuan_thanh_tasks_and_reporting(xuan_thanh):
    assert xuan_thanh.document.number == "68/KH-UBND"
    assert 18 <= len(xuan_thanh.tasks) <= 24
    rep = xuan_thanh.reporting[0]
    assert rep.frequency == "semiannual"
