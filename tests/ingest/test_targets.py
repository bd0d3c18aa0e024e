import pytest

from theodoi.ingest.targets import figures_in_prose, parse_target

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
    # rank and group targets
    ("thuộc nhóm 05 tỉnh, thành phố dẫn đầu", "top", 5, None),
    ("thuoc nhom 05 tinh", "top", 5, None),
    ("Top 20", "top", 20, None),
    ("Thứ bậc <10", "<", 10, None),
    ("Thu bac <10", "<", 10, None),
    # ranges, decimal commas, text
    ("02 - 05%/năm", "range", 2, 5),
    ("1,5%", "=", 1.5, None),
    ("Hoàn thành", "text", None, None),
    # OCR: a digit glued to letters is a misread letter ("gi4" = "giá"), not a figure
    ("danh gi4 chuyén déi 05 tinh", "=", 5, None),
    # OCR "dit" is "dữ", not "đạt"
    ("co so dit 100", "=", 100, None),
]

PROSE = [
    ("Chỉ số DTI thuộc nhóm 05 tỉnh, thành phố dẫn đầu trong cả nước.", [("top", 5, None)]),
    ("thuoc nhom 05 tinh, thanh pho dan dau", [("top", 5, None)]),
    ("vào tăng trưởng kinh tế đạt từ 45% trở lên.", [(">=", 45, None)]),
    ("dat tu 45% tro 1én", [(">=", 45, None)]),
    ("Quy mô kinh tế số đạt tối thiểu 30% GRDP.", [(">=", 30, None)]),
    ("dat tdi thiéu 30% GRDP", [(">=", 30, None)]),
    ("hướng tới tối thiểu đạt 25%.", [(">=", 25, None)]),
    ("có ít nhất 20% hộ", [(">=", 20, None)]),
    ("doanh nghiệp đạt trên 90%.", [(">", 90, None)]),
    ("duy trì trên 0,7", [(">", 0.7, None)]),
    ("phấn đấu đạt 1,5% GRDP", [(">=", 1.5, None)]),
    ("tăng trung bình 02 - 05%/năm", [("range", 2, 5)]),
    ("Có > 40% doanh nghiệp vừa và nhỏ", [(">", 40, None)]),
    ("dưới 5%", [("<", 5, None)]),
    ("không quá 10%", [("<=", 10, None)]),
    # a figure with no comparison in words says nothing
    ("100% học sinh phổ thông tiếp cận với STEM.", []),
    ("đối với 01 - 02 thành phố, thị xã", []),
    ("Phủ sóng 5G toàn tỉnh.", []),
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


@pytest.mark.parametrize(("text", "want"), PROSE)
def test_figures_in_prose(text, want):
    got = [(t.op, t.value, t.value_max) for _pos, t in figures_in_prose(text)]
    assert got == want
