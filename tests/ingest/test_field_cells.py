"""Cells of a row printed one cell per line."""

from layout_text import namer

from theodoi.ingest.fields.cells import is_value_line, split_cells


def test_a_wrapped_cell_line_joins_the_cell_above():
    cells = split_cells(
        ["Tổ chức tập huấn kỹ năng", "bán hàng trực tuyến", "Phòng Kinh tế"], namer()
    )
    assert cells == ["Tổ chức tập huấn kỹ năng bán hàng trực tuyến", "Phòng Kinh tế"]


def test_an_agency_after_a_value_on_one_line_is_its_own_cell():
    assert split_cells(["≥ 80 Phòng Kinh tế"], namer()) == ["≥ 80", "Phòng Kinh tế"]


def test_value_lines():
    assert is_value_line("≥ 80")
    assert is_value_line("%")
    assert not is_value_line("Phòng Kinh tế")


def test_a_place_name_inside_an_agency_does_not_open_another_cell():
    from theodoi.ingest.fields.namer import AgencyNamer
    from theodoi.ingest.resolve import AgencyRegistry

    registry = AgencyRegistry(
        [
            {"unit": "t", "name": "Công an thành phố Hải Phòng"},
            {"unit": "t", "name": "Phòng Kinh tế"},
        ]
    )
    cells = split_cells(
        ["Công an thành phố Hải Phòng", "Dữ liệu được kết nối"], AgencyNamer(registry, [])
    )
    assert cells[0] == "Công an thành phố Hải Phòng"
