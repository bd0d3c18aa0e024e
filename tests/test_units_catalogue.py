"""Checks on the agency catalogue theodoi/units/data/agency_catalogue.json (plain Python: the
plan reader reads it without Django)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_registry_data import KINDS  # the agency kinds, as AgencyKind lists them
from theodoi.textnorm import search_key

CATALOGUE = (
    Path(__file__).resolve().parents[1] / "theodoi" / "units" / "data" / "agency_catalogue.json"
)
ENTRIES = json.loads(CATALOGUE.read_text(encoding="utf-8"))["entries"]


def _names(level: str) -> set[str]:
    return {n for e in ENTRIES if e["level"] == level for n in (e["name"], *e["aliases"])}


def test_every_entry_has_the_shared_fields_and_a_legal_source():
    keys = [e["key"] for e in ENTRIES]
    assert len(keys) == len(set(keys))
    for entry in ENTRIES:
        assert entry["level"] in {"national", "province", "commune", "any"}, entry
        assert entry["kind"] in KINDS, entry
        assert isinstance(entry["collective"], bool) and isinstance(entry["aliases"], list)
        assert entry["name"].strip() and entry["source"].strip(), entry
        assert entry.get("successor") in (None, *keys), entry


def test_the_kinds_match_the_model_choices():
    from theodoi.units.choices import AgencyKind

    assert set(AgencyKind.values) == KINDS


def test_no_alias_points_to_two_entries_of_one_level():
    seen: dict[tuple[str, str], str] = {}
    for entry in ENTRIES:
        for name in (entry["name"], *entry["aliases"], entry.get("short_name", "")):
            if name:
                key = (entry["level"], search_key(name))
                assert seen.setdefault(key, entry["key"]) == entry["key"], (key, entry["key"])


def test_the_standard_structure_of_each_level_is_there():
    assert {
        "Bộ Khoa học và Công nghệ",
        "Bộ Nội vụ",
        "Ngân hàng Nhà nước Việt Nam",
        "Văn phòng Chính phủ",
        "Thanh tra Chính phủ",
    } <= _names("national")
    assert {
        "Sở Nội vụ",
        "Sở Tài chính",
        "Sở KH&CN",
        "Văn phòng UBND tỉnh",
        "Thanh tra tỉnh",
        "Công an tỉnh",
        "Bộ CHQS tỉnh",
        "Trung tâm Phục vụ hành chính công tỉnh",
        "UBMTTQ tỉnh",
        "Tỉnh Đoàn",
    } <= _names("province")
    assert {
        "VP HĐND-UBND",
        "Phòng Kinh tế",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        "Phòng VH-XH",
        "TTPVHCC",
        "Công an xã",
        "Ban CHQS xã",
        "Trạm Y tế",
        "UBMTTQ",
        "Hội LHPN xã",
        "Hội Nông dân xã",
        "Hội CCB xã",
        "Trường Tiểu học",
    } <= _names("commune")


def test_collective_leads_are_marked_and_never_standard():
    collective = {e["name"] for e in ENTRIES if e["collective"]}
    assert {
        "Các sở, ban, ngành",
        "UBND các xã, phường",
        "Các cơ quan, đơn vị",
        "Các phòng, ban, đơn vị",
    } <= collective
    assert not any(e["standard"] for e in ENTRIES if e["collective"])
