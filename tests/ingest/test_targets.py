import pytest

from theodoi.ingest.targets import parse_target

CASES = [
    ("≥ 80", ">=", 80, None),
    (">= 80", ">=", 80, None),
    ("> 75", ">", 75, None),
    ("100%", "=", 100, None),
    ("100", "=", 100, None),
    ("Phấn đấu đạt 3%", ">=", 3, None),
    ("Top 20 toàn tỉnh", "top", 20, None),
    ("Đạt", "text", None, None),
    ("80-90%", "range", 80, 90),
    ("≥60%", ">=", 60, None),
    ("đạt trên 30%", ">", 30, None),
    ("tối thiểu 30%", ">=", 30, None),
    ("Phan dau dat 1,5% GRDP", ">=", 1.5, None),
    ("dat tren 90%", ">", 90, None),
    (">0,7", ">", 0.7, None),
]


@pytest.mark.parametrize(("raw", "op", "value", "value_max"), CASES)
def test_target_op_and_value(raw, op, value, value_max):
    t = parse_target(raw)
    assert t is not None
    assert (t.op, t.value, t.value_max) == (op, value, value_max)
    assert t.raw == raw


@pytest.mark.parametrize("raw", ["-", "–", "", None])
def test_dash_means_no_target_for_the_period(raw):
    assert parse_target(raw, "2030") is None


def test_period_is_carried():
    assert parse_target("≥ 95%", "2030").period == "2030"
