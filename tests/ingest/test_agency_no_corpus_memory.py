"""The reader is written for the family of plans, not for the corpus files: no unit or
place the corpus plans name, and no phrase of six words or more found in one corpus
document only, appears in the package's code, patterns or word lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from theodoi.ingest.agency_catalogue import catalogue_entries
from theodoi.ingest.load import load_text
from theodoi.ingest.normalize import normalize
from theodoi.ingest.segment import segment
from theodoi.ingest.units_of_vietnam import read_plan_unit
from theodoi.textnorm import search_key

CORPUS = Path(__file__).parents[2].parent / "shared" / "corpus"
PACKAGE = Path(__file__).parents[2] / "theodoi" / "ingest"
N = 6


def _words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9]+", " ", search_key(text)).split()


@pytest.fixture(scope="module")
def corpus() -> dict[str, str]:
    texts = {p.name: load_text(p) for p in sorted(CORPUS.glob("*.txt"))}
    if not texts:
        pytest.skip("corpus not available")
    return texts


@pytest.fixture(scope="module")
def code() -> dict[str, str]:
    """The package's code and its word lists (the diacritics model's seed text …)."""
    files = [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.txt")]
    return {str(p.relative_to(PACKAGE)): p.read_text(encoding="utf-8") for p in files}


def _places(texts: dict[str, str]) -> set[str]:
    """The corpus plans' units (from their headers) and the hamlets and wards named."""
    out: set[str] = set()
    for text in texts.values():
        norm = normalize(text)
        head = segment(norm).header
        unit = read_plan_unit(
            issuer=head.issuer, place=head.place, title=head.title, text=norm.text, ocr=norm.ocr
        )
        if unit is not None:
            out |= {unit.place, unit.province_name or ""}
        for m in re.finditer(r"\b(?:ấp|thôn|khu phố|phường)\s+([A-ZĐ]\w+(?:\s[A-ZĐ]\w+)?)", text):
            out.add(m.group(1))
    return {p for p in out if len(search_key(p)) >= 4}


def _catalogue_grams() -> set[tuple[str, ...]]:
    """Phrases of the standard agencies' names: knowledge of the kind, not of a file."""
    out: set[tuple[str, ...]] = set()
    for e in catalogue_entries():
        for name in (e.name, *e.aliases):
            words = _words(name)
            out |= {tuple(words[i : i + N]) for i in range(len(words) - N + 1)}
    return out


def _findings(corpus: dict[str, str], code: dict[str, str]) -> dict[str, list[str]]:
    """Per package file: the corpus places it names and the one-document phrases it holds."""
    grams: dict[tuple[str, ...], set[str]] = {}
    for name, text in corpus.items():
        words = _words(text)
        for i in range(len(words) - N + 1):
            grams.setdefault(tuple(words[i : i + N]), set()).add(name)
    single = {g for g, names in grams.items() if len(names) == 1} - _catalogue_grams()
    places = [" ".join(_words(p)) for p in _places(corpus)]
    found: dict[str, list[str]] = {}
    for path, src in code.items():
        words = _words(src)
        joined = f" {' '.join(words)} "
        hits = [p for p in places if f" {p} " in joined]
        hits += [
            " ".join(words[i : i + N])
            for i in range(len(words) - N + 1)
            if tuple(words[i : i + N]) in single
        ]
        if hits:
            found[path] = hits
    return found


# the agency recognition and the unit reading (this suite's own modules)
RECOGNITION = {"resolve.py", "units_of_vietnam.py", "agency_catalogue.py", "evaluate.py"}


def test_the_corpus_places_are_found(corpus):
    assert len(_places(corpus)) >= len(corpus), "each corpus header names its unit"


def test_agency_recognition_holds_no_corpus_place_or_phrase(corpus, code):
    found = {p: hits for p, hits in _findings(corpus, code).items() if p in RECOGNITION}
    assert not found, found


def test_the_whole_package_holds_no_corpus_place_or_phrase(corpus, code):
    found = _findings(corpus, code)
    assert not found, found
