#!/usr/bin/env python3
"""Build the syllable bigram model used by theodoi.ingest.diacritics.

Offline, from general Vietnamese text already on the machine, never from a plan of the
corpus (the reader must not remember the files it is measured on):

* the hand-written administrative vocabulary in
  ``theodoi/ingest/data/diacritics_seed_vi.txt``,
* the standard agencies of every level (``units/data/agency_catalogue.json``), the names of
  the provinces and communes of ``vietnam-provinces`` and of the former provinces,
* the seven groups of Resolution 57-NQ/TW (``plans/data/nq57_groups.json``) and the
  synthetic wordings of ``theodoi/synth/names.py``,
* the Vietnamese message catalogues of the project and of the installed Django
  (``**/locale/vi/LC_MESSAGES/*.po``, BSD licence), if present,
* the word list of tesseract's Vietnamese model (``vie.traineddata``, Apache licence; the
  reader's OCR uses it already), one count per syllable, if tesseract is installed.

Usage::

    python scripts/build_diacritics_model.py            # writes the model
    python scripts/build_diacritics_model.py --evaluate # held-out accuracy only

``--evaluate`` reports the syllable accuracy of restoring a clean text (default: the clean
corpus plan beside the repository, which the model is not trained on) from its bare form.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from theodoi.ingest.diacritics import (  # noqa: E402
    MODEL_PATH,
    NgramModel,
    count_ngrams,
    restore_diacritics,
    syllable_accuracy,
)
from theodoi.textnorm import nfc, strip_diacritics  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "xa-vinh-lai-2025.txt"
DEFAULT_SEED = ROOT / "theodoi" / "ingest" / "data" / "diacritics_seed_vi.txt"

WEIGHT_SEED = 6
WEIGHT_NAMES = 1
WEIGHT_PO = 1

_MSGSTR = re.compile(r'^msgstr(?:\[\d+\])?\s+"(.*)"\s*$')
_CONTINUATION = re.compile(r'^"(.*)"\s*$')
_PLACEHOLDER = re.compile(r"%\([^)]*\)[sdr]|%[sdr]|\{[^}]*\}|<[^>]+>|&\w+;")


def read_seed(path: Path) -> str:
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    return "\n".join(lines)


def names_text() -> str:
    """Agency, unit and NQ57 group names and the synthetic wordings, one a line."""
    import ast

    from theodoi.units import sources

    out: list[str] = []
    catalogue = json.loads(sources.CATALOGUE_PATH.read_text(encoding="utf-8"))
    for entry in catalogue["entries"]:
        out += [entry["name"], *entry.get("aliases", [])]
    release = sources.release_read()
    for province in release.provinces:
        out.append(province.name)
        out += [c.name for c in province.communes]
    historical = json.loads(sources.HISTORICAL_PATH.read_text(encoding="utf-8"))
    rows = historical if isinstance(historical, list) else historical.get("provinces", [])
    out += [r["name"] for r in rows if isinstance(r, dict) and "name" in r]
    groups = json.loads((ROOT / "theodoi/plans/data/nq57_groups.json").read_text("utf-8"))
    for group in groups["groups"]:
        out += [group["title"], group["short"], *group.get("keywords", [])]
    tree = ast.parse((ROOT / "theodoi/synth/names.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            out.append(re.sub(r"\{[^}]*\}", " , ", node.value))
    return "\n".join(out)


def tesseract_words() -> str:
    """The syllables of tesseract's Vietnamese word list (``combine_tessdata`` and
    ``dawg2wordlist`` of the tesseract package), each on a line of its own; "" if absent."""
    import shutil
    import subprocess
    import tempfile

    tools = [shutil.which(t) for t in ("combine_tessdata", "dawg2wordlist")]
    candidates = sorted(Path("/usr/share/tesseract-ocr").glob("*/tessdata/vie.traineddata"))
    if not all(tools) or not candidates:
        return ""
    with tempfile.TemporaryDirectory() as tmp:
        prefix = f"{tmp}/vie."
        run = {"check": True, "capture_output": True}
        try:
            subprocess.run([tools[0], "-u", str(candidates[-1]), prefix], **run)
            out = subprocess.run(
                [tools[1], f"{prefix}lstm-unicharset", f"{prefix}lstm-word-dawg", "/dev/stdout"],
                text=True,
                **run,
            ).stdout
        except (OSError, subprocess.CalledProcessError):
            return ""
    words = {w.lower() for w in out.split() if w.isalpha() and strip_diacritics(w) != w}
    return "\n".join(sorted(words))


def corpus_lines(path: Path) -> list[str]:
    """Non-empty lines of the clean corpus (each a wrapped piece of a sentence)."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def django_po_text() -> str:
    """Vietnamese msgstr text of the Django catalogues, one entry a line."""
    spec = importlib.util.find_spec("django")
    if spec is None or not spec.submodule_search_locations:
        return ""
    base = Path(next(iter(spec.submodule_search_locations)))
    chunks: list[str] = []
    catalogues = [*base.glob("**/locale/vi/LC_MESSAGES/*.po")]
    catalogues += (ROOT / "theodoi").glob("**/locale/vi/LC_MESSAGES/*.po")
    for po in sorted(catalogues):
        current: list[str] | None = None
        for raw in po.read_text(encoding="utf-8", errors="replace").splitlines():
            m = _MSGSTR.match(raw)
            if m:
                if current:
                    chunks.append("".join(current))
                current = [m.group(1)]
                continue
            c = _CONTINUATION.match(raw)
            if c and current is not None:
                current.append(c.group(1))
            else:
                if current:
                    chunks.append("".join(current))
                current = None
        if current:
            chunks.append("".join(current))
    cleaned = []
    for chunk in chunks:
        text = _PLACEHOLDER.sub(" , ", chunk.replace("\\n", "\n").replace('\\"', '"'))
        # keep only entries that really are Vietnamese (carry some diacritics)
        if text.strip() and strip_diacritics(text) != text:
            cleaned.append(text)
    return "\n".join(cleaned)


def build(texts: list[tuple[str, int]]) -> dict:
    unigrams, bigrams = count_ngrams((nfc(t), w) for t, w in texts)
    return {"version": 1, "discount": 0.75, "unigrams": unigrams, "bigrams": bigrams}


def write(data: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # mtime=0 keeps the output byte-identical between builds
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write(payload.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--no-django-po", action="store_true")
    parser.add_argument("--evaluate", action="store_true")
    args = parser.parse_args(argv)

    seed = read_seed(args.seed)
    po = "" if args.no_django_po else django_po_text()
    # every line is a phrase of its own: no bigram runs from one line into the next
    texts = [(line, WEIGHT_SEED) for line in seed.splitlines()]
    texts += [(line, WEIGHT_NAMES) for line in names_text().splitlines()]
    texts += [(po, WEIGHT_PO)]
    texts += [(word, WEIGHT_PO) for word in tesseract_words().splitlines()]
    data = build(texts)

    if args.evaluate:
        model = NgramModel(data["unigrams"], data["bigrams"], data["discount"])
        reference = "\n".join(corpus_lines(args.corpus))
        restored = restore_diacritics(strip_diacritics(reference), model)
        print(
            f"syllable accuracy on {args.corpus.name}: {syllable_accuracy(reference, restored):.4f}"
        )
        return 0

    write(data, args.out)
    n_bigrams = sum(len(v) for v in data["bigrams"].values())
    print(
        f"wrote {args.out} ({args.out.stat().st_size} bytes): "
        f"{len(data['unigrams'])} syllables, {n_bigrams} bigrams"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
