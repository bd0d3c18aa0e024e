"""The KPI suggester (plain Python): a plan's indicator, as printed or OCR'd, finds the national
KPI it measures when the words and the unit of measure agree, and nothing otherwise."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from theodoi.kpis.catalogue import national_kpis, parse_catalogue, target_for
from theodoi.kpis.suggest import kpi_score, suggest_kpi, unit_kind, units_compatible


@dataclass(frozen=True)
class K:
    code: str
    name: str
    unit_of_measure: str
    keywords: tuple[str, ...] = ()


# Made-up catalogue: the suggester must not depend on the real one's wording.
CATALOGUE = [
    K("WIDGETS", "Tỷ lệ hộ gia đình dùng máy lọc nước", "%", ("máy lọc nước",)),
    K("BUDGET", "Chi ngân sách cho thư viện", "% tổng chi ngân sách"),
    K("GDP", "Quy mô kinh tế biển", "% GDP"),
    K("COUNT", "Số thư viện xã", "thư viện"),
    K("NET4", "Phủ sóng 4G cho người dân", "% dân số"),
]


def test_the_same_indicator_written_without_diacritics_or_in_capitals_is_found():
    for name in (
        "Tỷ lệ hộ gia đình dùng máy lọc nước",
        "TY LE HO GIA DINH DUNG MAY LOC NUOC",
        "Ti le ho gia dinh dung may loc nuoc tren dia ban xa",
    ):
        found = suggest_kpi(name=name, unit_of_measure="%", kpis=CATALOGUE)
        assert found is not None and found.code == "WIDGETS", name


def test_a_catalogue_phrase_inside_a_longer_indicator_is_enough():
    found = suggest_kpi(
        name="Phấn đấu 100% hộ nghèo được hỗ trợ máy lọc nước trước năm 2027",
        unit_of_measure="%",
        kpis=CATALOGUE,
    )
    assert found is not None and found.code == "WIDGETS"


def test_an_indicator_measuring_something_else_gets_no_suggestion():
    assert (
        suggest_kpi(name="Tỷ lệ trẻ em được tiêm chủng", unit_of_measure="%", kpis=CATALOGUE)
        is None
    )


def test_an_incompatible_unit_of_measure_is_never_suggested():
    # the same words, but a count cannot measure a share
    assert (
        suggest_kpi(
            name="Tỷ lệ hộ gia đình dùng máy lọc nước", unit_of_measure="hộ", kpis=CATALOGUE
        )
        is None
    )
    found = suggest_kpi(name="Số thư viện xã", unit_of_measure="thư viện", kpis=CATALOGUE)
    assert found is not None and found.code == "COUNT"
    assert suggest_kpi(name="Số thư viện xã", unit_of_measure="%", kpis=CATALOGUE) is None


def test_another_technology_generation_is_not_the_same_kpi():
    assert (
        suggest_kpi(name="Phủ sóng 5G cho người dân", unit_of_measure="% dân số", kpis=CATALOGUE)
        is None
    )
    found = suggest_kpi(
        name="Phu song 4G cho nguoi dan", unit_of_measure="% dan so", kpis=CATALOGUE
    )
    assert found is not None and found.code == "NET4"


@pytest.mark.parametrize(
    ("unit", "kind"),
    [
        ("%", ("percent", "")),
        ("% dân số", ("percent", "")),
        ("% GRDP", ("percent", "gdp")),
        ("%GDP", ("percent", "gdp")),
        ("% tổng chi ngân sách nhà nước", ("percent", "budget")),
        ("%/năm", ("percent", "per_year")),
        ("Doanh nghiệp", ("count", "doanh nghiep")),
        ("", ("", "")),
    ],
)
def test_units_of_measure_are_read_as_a_dimension_and_what_a_share_is_of(unit, kind):
    assert unit_kind(unit) == kind


def test_shares_of_different_wholes_are_not_compatible_but_a_plain_share_is():
    assert units_compatible("% GRDP", "% GDP")
    assert units_compatible("%", "% GDP")
    assert units_compatible("", "% GDP")
    assert not units_compatible("% tổng chi ngân sách", "% GDP")
    assert not units_compatible("%/năm", "% GDP")
    assert not units_compatible("doanh nghiệp", "%")


def test_the_score_is_higher_for_the_right_kpi_than_for_a_neighbour():
    name = "Chi ngan sach hang nam cho thu vien"
    assert kpi_score(name, CATALOGUE[1]) > kpi_score(name, CATALOGUE[0])


def test_the_real_catalogue_has_unique_codes_sources_and_targets():
    kpis = national_kpis()
    assert len({k.code for k in kpis}) == len(kpis) >= 10
    for kpi in kpis:
        assert kpi.document in ("57-NQ/TW", "71/NQ-CP") and kpi.article
        assert kpi.targets and all(t.raw for t in kpi.targets)


def test_a_catalogue_with_a_code_twice_or_an_unknown_source_is_refused():
    item = {
        "code": "A",
        "name": "x",
        "unit_of_measure": "%",
        "direction": "higher",
        "targets": [],
        "document": "D",
        "article": "1",
    }
    source = {"documents": {"D": "Văn bản D"}}
    with pytest.raises(ValueError, match="twice"):
        parse_catalogue({"source": source, "kpis": [item, item]})
    with pytest.raises(ValueError, match="source"):
        parse_catalogue({"source": source, "kpis": [{**item, "document": "E"}]})


def test_the_target_of_a_year_is_the_nearest_later_one_else_the_last():
    kpi = next(k for k in national_kpis() if k.code == "KINH_TE_SO")
    assert target_for(kpi.targets, 2026).year == 2030
    assert target_for(kpi.targets, 2031).year == 2045
    assert target_for(kpi.targets, 2050).year == 2045
