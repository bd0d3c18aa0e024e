"""Checks on the reference registry theodoi/units/data/registry.json.

Plain pytest: no Django import, so it runs with ``-p no:django``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "theodoi" / "units" / "data" / "registry.json"
CORPUS = Path("/work/shared/corpus")

LEVELS = {"national", "province", "commune"}
PARENT_LEVEL = {"national": None, "province": "national", "commune": "province"}
KINDS = {
    "government_office",
    "ministry",
    "party",
    "people_council",
    "people_committee",  # theodoi.units.choices.AgencyKind.PEOPLE_COMMITTEE
    "department",
    "commune_office",
    "commune_division",
    "police",
    "military",
    "public_service",
    "school",
    "bank",
    "enterprise",
    "mass_organisation",
    "other",
}

_DASHES = re.compile(r"[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D-]")
_SPACES = re.compile(r"\s+")


def norm(text: str) -> str:
    """NFC, every dash -> " - ", whitespace folded, case folded."""
    text = unicodedata.normalize("NFC", text)
    text = _DASHES.sub("-", text)
    text = re.sub(r"\s*-\s*", " - ", text)
    return _SPACES.sub(" ", text).strip().casefold()


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    without = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return without.replace("đ", "d").replace("Đ", "D")


def dkey(text: str) -> str:
    """Diacritics-free matching key, as the app uses for OCR text."""
    return norm(strip_diacritics(norm(text)))


def forms(agency: dict) -> list[str]:
    return [agency["name"], agency.get("short_name") or "", *agency.get("aliases", [])]


@pytest.fixture(scope="module")
def registry() -> dict:
    return json.loads(REGISTRY.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def units(registry) -> dict[str, dict]:
    return {u["code"]: u for u in registry["units"]}


@pytest.fixture(scope="module")
def by_unit(registry) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for agency in registry["agencies"]:
        grouped[agency["unit"]].append(agency)
    return grouped


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, list):
        for item in obj:
            yield from _strings(item)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield key
            yield from _strings(value)


# --- structure -------------------------------------------------------------------------------


def test_valid_json_utf8_nfc():
    raw = REGISTRY.read_bytes()
    text = raw.decode("utf-8")  # strict: raises on invalid UTF-8
    data = json.loads(text)
    assert set(data) == {"units", "agencies"}
    assert isinstance(data["units"], list) and data["units"]
    assert isinstance(data["agencies"], list) and data["agencies"]
    assert unicodedata.normalize("NFC", text) == text, "file is not NFC"
    for s in _strings(data):
        assert unicodedata.normalize("NFC", s) == s, s
        assert s == s.strip() and "  " not in s, f"stray whitespace: {s!r}"


def test_unit_fields_and_codes(registry):
    codes = [u["code"] for u in registry["units"]]
    assert len(codes) == len(set(codes)), "duplicate unit code"
    for u in registry["units"]:
        assert {"code", "name", "level", "parent"} <= set(u)
        assert u["level"] in LEVELS, u
        assert u["code"] == "VN" or re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", u["code"]), u["code"]
        assert len(u["code"]) <= 64 and u["name"]


def test_every_unit_parent_exists_and_levels_chain(units):
    roots = [u for u in units.values() if u["parent"] is None]
    assert [r["code"] for r in roots] == ["VN"]
    assert units["VN"]["level"] == "national"
    for u in units.values():
        if u["parent"] is None:
            continue
        assert u["parent"] in units, f"{u['code']}: missing parent {u['parent']}"
        assert units[u["parent"]]["level"] == PARENT_LEVEL[u["level"]], u["code"]


def test_unit_names_unique_per_parent(units):
    seen = defaultdict(set)
    for u in units.values():
        key = dkey(u["name"])
        assert key not in seen[u["parent"]], u["name"]
        seen[u["parent"]].add(key)


def test_expected_units_present(units):
    assert units["binh-phuoc"]["name"] == "Tỉnh Bình Phước"
    assert units["hai-phong"]["name"] == "Thành phố Hải Phòng"
    assert units["dong-nai"]["name"] == "Tỉnh Đồng Nai"
    assert units["xa-vinh-lai"]["parent"] == "hai-phong"
    assert units["xa-xuan-thanh"]["parent"] == "dong-nai"
    for code in ("binh-phuoc", "hai-phong", "dong-nai"):
        assert units[code]["level"] == "province"
    for code in ("xa-vinh-lai", "xa-xuan-thanh"):
        assert units[code]["level"] == "commune"


# --- agencies --------------------------------------------------------------------------------


def test_agency_fields(registry):
    for a in registry["agencies"]:
        assert {"unit", "name", "short_name", "aliases", "kind"} <= set(a), a
        assert a["kind"] in KINDS, a
        assert isinstance(a["aliases"], list)
        assert a["name"] and len(a["name"]) <= 255
        assert len(a["short_name"]) <= 100
        assert all(isinstance(x, str) and x for x in a["aliases"]), a["name"]


def test_every_agency_unit_exists(registry, units):
    for a in registry["agencies"]:
        assert a["unit"] in units, f"{a['name']}: unknown unit {a['unit']}"


def test_names_nfc_and_unique_per_unit(by_unit):
    for unit, agencies in by_unit.items():
        names = [a["name"] for a in agencies]
        for n in names:
            assert unicodedata.normalize("NFC", n) == n
        assert len(names) == len(set(names)), f"{unit}: duplicate agency name"
        lowered = [n.casefold() for n in names]
        assert len(lowered) == len(set(lowered)), f"{unit}: names differ only by case"


def test_no_alias_shared_by_two_agencies_of_a_unit(by_unit):
    for unit, agencies in by_unit.items():
        owner: dict[str, str] = {}
        for a in agencies:
            for form in {f.lower() for f in forms(a) if f}:
                assert owner.setdefault(form, a["name"]) == a["name"], (
                    f"{unit}: {form!r} used by {owner[form]!r} and {a['name']!r}"
                )


def test_diacritics_free_keys_unique_per_unit(by_unit):
    for unit, agencies in by_unit.items():
        owner: dict[str, str] = {}
        for a in agencies:
            for key in {dkey(f) for f in forms(a) if f}:
                assert owner.setdefault(key, a["name"]) == a["name"], (
                    f"{unit}: key {key!r} used by {owner[key]!r} and {a['name']!r}"
                )


def test_aliases_are_not_redundant_or_diacritics_free(by_unit):
    """Aliases add something, and OCR forms without diacritics are left to the matcher."""
    for agencies in by_unit.values():
        for a in agencies:
            assert len(a["aliases"]) == len(set(a["aliases"])), a["name"]
            assert a["name"] not in a["aliases"], a["name"]
            assert a["short_name"] not in a["aliases"], a["name"]
            for alias in a["aliases"]:
                if strip_diacritics(a["name"]) != a["name"]:  # name has marks, alias should too
                    plain = strip_diacritics(alias) == alias
                    assert not (plain and re.search(r"[a-z]{2,} [a-z]{2,}", alias)), alias


def test_no_collective_phrases(registry):
    for a in registry["agencies"]:
        for form in forms(a):
            low = form.casefold()
            assert not low.startswith(("các ", "cac ")), form
            assert "liên quan" not in low and "đơn vị có" not in low, form


def test_every_unit_has_its_people_committee(units, by_unit):
    for code, u in units.items():
        if u["level"] == "national":
            continue
        committees = [a for a in by_unit[code] if a["kind"] == "people_committee"]
        assert len(committees) == 1, code
        place = re.sub(r"^(Tỉnh|Thành phố|Xã|Phường|Đặc khu) ", "", u["name"])
        assert committees[0]["name"].startswith("Ủy ban nhân dân"), committees[0]["name"]
        assert committees[0]["name"].endswith(place), committees[0]["name"]
        assert committees[0]["short_name"].startswith("UBND")


# --- mentions copied verbatim from the corpus ------------------------------------------------

VL = "xa-vinh-lai-2025.txt"
BP = "tinh-binh-phuoc-2025-ocr.txt"
XT = "xa-xuan-thanh-2026-ocr.txt"

# (file, unit the mention resolves in, text exactly as printed; line breaks inside a table
#  cell are folded to one space)
MENTIONS: list[tuple[str, str, str]] = [
    # clean text, with diacritics
    (VL, "hai-phong", "Sở Khoa học và Công nghệ"),
    (VL, "hai-phong", "Sở Khoa học - Công nghệ"),
    (VL, "hai-phong", "Sở Khoa học và Công nghệ"),
    (VL, "hai-phong", "Sở Giáo dục và Đào tạo"),
    (VL, "hai-phong", "Sở Giáo dục và Đào tạo"),
    (VL, "hai-phong", "Sở Y tế"),
    (VL, "hai-phong", "Công an thành phố"),
    (VL, "hai-phong", "UBND thành phố"),
    (VL, "hai-phong", "Ủy ban nhân dân thành phố"),
    (VL, "hai-phong", "Ủy ban nhân dân thành phố"),
    (VL, "xa-vinh-lai", "Ủy ban nhân dân xã Vĩnh Lại"),
    (VL, "xa-vinh-lai", "Ủy ban nhân dân xã"),
    (VL, "xa-vinh-lai", "UBND xã"),
    (VL, "xa-vinh-lai", "TT Đảng ủy"),
    (VL, "xa-vinh-lai", "TT HĐND xã"),
    (VL, "xa-vinh-lai", "Phòng Văn hóa – Xã hội"),
    (VL, "xa-vinh-lai", "Phòng Văn hóa - Xã hội"),
    (VL, "xa-vinh-lai", "Phòng Văn hóa - Xã hội xã"),
    (VL, "xa-vinh-lai", "Phòng Văn hóa – Xã hội"),
    (VL, "xa-vinh-lai", "Phòng Văn hóa - Xã hội"),
    (VL, "xa-vinh-lai", "Phòng Kinh tế"),
    (VL, "xa-vinh-lai", "Phòng Kinh Tế"),
    (VL, "xa-vinh-lai", "Phòng Tài chính"),
    (VL, "xa-vinh-lai", "Văn phòng HĐND và UBND"),
    (VL, "xa-vinh-lai", "Văn phòng HĐND&UBND"),
    (VL, "xa-vinh-lai", "Văn phòng HĐND&UBND xã"),
    (VL, "xa-vinh-lai", "Trung tâm phục vụ hành chính công"),
    (VL, "xa-vinh-lai", "Trung tâm phục vụ hành chính công"),
    (VL, "xa-vinh-lai", "Trung tâm VHTTTT"),
    (VL, "xa-vinh-lai", "Trung tâm Văn hóa TTTT"),
    (VL, "xa-vinh-lai", "Công an xã"),
    (VL, "xa-vinh-lai", "Ban Chỉ huy Quân sự xã"),
    (VL, "xa-vinh-lai", "Ban Chỉ huy Quân sự xã"),
    # OCR outputs: matched on the diacritics-free key, as the app does
    (BP, "VN", "Chinh phu"),
    (BP, "VN", "Van phong Chinh phu"),
    (BP, "VN", "Bo KH&CN"),
    (BP, "VN", "BO TT&TT"),
    (BP, "binh-phuoc", "UBND tinh Binh Phuoc"),
    (BP, "binh-phuoc", "Uy ban nhan dan tinh"),
    (BP, "binh-phuoc", "VPUBND"),
    (BP, "binh-phuoc", "Van phong UBND tinh"),
    (BP, "binh-phuoc", "SKHCN"),
    (BP, "binh-phuoc", "STTTT"),
    (BP, "binh-phuoc", "So Khoa hoc va Cong nghé"),
    (BP, "binh-phuoc", "So Noi vu"),
    (BP, "binh-phuoc", "So Tai chinh"),
    (BP, "binh-phuoc", "Cong an tinh"),
    (BP, "binh-phuoc", "BHXH tinh"),
    (BP, "binh-phuoc", "TTTU"),
    (BP, "binh-phuoc", "TT HDND tinh"),
    (BP, "binh-phuoc", "BTT UBMTTQVN tinh"),
    (BP, "binh-phuoc", "Ban Tuyén giao Tinh uy"),
    (XT, "dong-nai", "UBND tinh"),
    (XT, "xa-xuan-thanh", "Uy ban nhan dan xa Xuan Thanh"),
    (XT, "xa-xuan-thanh", "Phong Van hoa- Xa hoi"),
    (XT, "xa-xuan-thanh", "Phong VH-XH"),
    (XT, "xa-xuan-thanh", "Phong Kinh té"),
    (XT, "xa-xuan-thanh", "Cong an xa"),
    (XT, "xa-xuan-thanh", "Tram Y té xa"),
]


def test_enough_clean_mentions():
    clean = {text for fname, _, text in MENTIONS if not fname.endswith("-ocr.txt")}
    assert len([m for m in MENTIONS if not m[0].endswith("-ocr.txt")]) >= 30
    assert len(clean) >= 25
    assert len(MENTIONS) >= 50


@pytest.mark.parametrize(("fname", "unit", "text"), MENTIONS)
def test_mention_matches_an_agency(by_unit, fname, unit, text):
    agencies = by_unit[unit]
    if fname.endswith("-ocr.txt"):
        hits = [a["name"] for a in agencies if any(dkey(f) == dkey(text) for f in forms(a) if f)]
    else:
        hits = [a["name"] for a in agencies if any(norm(f) == norm(text) for f in forms(a) if f)]
    assert len(hits) == 1, f"{text!r} in {unit}: {hits}"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not available")
@pytest.mark.parametrize("fname", sorted({m[0] for m in MENTIONS}))
def test_mentions_are_verbatim(fname):
    text = unicodedata.normalize("NFC", (CORPUS / fname).read_text(encoding="utf-8"))
    folded = _SPACES.sub(" ", text)
    for f, _, mention in MENTIONS:
        if f == fname:
            assert mention in folded, f"{mention!r} not found in {fname}"
