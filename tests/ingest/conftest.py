"""Fixtures for the ingestion tests: plain Python, no Django."""

from __future__ import annotations

from pathlib import Path

import pytest

from theodoi.ingest.pipeline import ingest_file
from theodoi.ingest.resolve import AgencyRegistry

CORPUS = Path(__file__).parents[2].parent / "shared" / "corpus"

SMALL_REGISTRY = {
    "units": [
        {"code": "hai-phong", "name": "Thành phố Hải Phòng", "level": "province", "parent": None},
        {"code": "xa-vinh-lai", "name": "Xã Vĩnh Lại", "level": "commune", "parent": "hai-phong"},
    ],
    "agencies": [
        {
            "unit": "xa-vinh-lai",
            "name": "Phòng Văn hóa - Xã hội",
            "short_name": "Phòng VH-XH",
            "aliases": [],
        },
        {"unit": "xa-vinh-lai", "name": "Phòng Kinh tế", "short_name": None, "aliases": []},
        {
            "unit": "xa-vinh-lai",
            "name": "Trung tâm Phục vụ hành chính công",
            "short_name": "TTPVHCC",
            "aliases": [],
        },
        {
            "unit": "xa-vinh-lai",
            "name": "Văn phòng HĐND và UBND xã",
            "short_name": None,
            "aliases": ["Văn phòng HĐND&UBND"],
        },
        {
            "unit": "xa-vinh-lai",
            "name": "Trung tâm Văn hóa, Thông tin và Thể thao",
            "short_name": "Trung tâm VHTTTT",
            "aliases": [],
        },
        {
            "unit": "xa-vinh-lai",
            "name": "Công an xã Vĩnh Lại",
            "short_name": "Công an xã",
            "aliases": [],
        },
        {
            "unit": "hai-phong",
            "name": "Sở Khoa học và Công nghệ",
            "short_name": "Sở KH&CN",
            "aliases": [],
        },
        {
            "unit": "hai-phong",
            "name": "Văn phòng Ủy ban nhân dân thành phố",
            "short_name": "VPUB",
            "aliases": [],
        },
    ],
}


@pytest.fixture(scope="session")
def small_registry() -> AgencyRegistry:
    return AgencyRegistry.from_data(SMALL_REGISTRY)


def _corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file {name} not available")
    return path


@pytest.fixture(scope="session")
def registry() -> AgencyRegistry | None:
    """None: the reader's own agencies (the catalogue, for the unit each plan names)."""
    return None


@pytest.fixture(scope="session")
def vinh_lai(registry):
    return ingest_file(_corpus_file("xa-vinh-lai-2025.txt"), registry=registry)


@pytest.fixture(scope="session")
def binh_phuoc(registry):
    return ingest_file(_corpus_file("tinh-binh-phuoc-2025-ocr.txt"), registry=registry)


@pytest.fixture(scope="session")
def xuan_thanh(registry):
    return ingest_file(_corpus_file("xa-xuan-thanh-2026-ocr.txt"), registry=registry)
