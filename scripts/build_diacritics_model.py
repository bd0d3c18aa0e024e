#!/usr/bin/env python3
"""Build the syllable bigram model used by theodoi.ingest.diacritics.

Offline, from clean Vietnamese text already on the machine:

* the clean plan ``shared/corpus/xa-vinh-lai-2025.txt`` (beside the repository),
* the hand-written administrative sentences in
  ``theodoi/ingest/data/diacritics_seed_vi.txt``,
* the Vietnamese message catalogues that ship inside the installed Django
  (``django/**/locale/vi/LC_MESSAGES/*.po``, BSD licence), if present.

Usage::

    python scripts/build_diacritics_model.py            # writes the model
    python scripts/build_diacritics_model.py --evaluate # held-out accuracy only

``--evaluate`` trains without the last fifth of the clean corpus and reports
the syllable accuracy of restoring that held-out part from its bare form.
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

WEIGHT_SEED = 3
WEIGHT_CORPUS = 2
WEIGHT_PO = 1

_MSGSTR = re.compile(r'^msgstr(?:\[\d+\])?\s+"(.*)"\s*$')
_CONTINUATION = re.compile(r'^"(.*)"\s*$')
_PLACEHOLDER = re.compile(r"%\([^)]*\)[sdr]|%[sdr]|\{[^}]*\}|<[^>]+>|&\w+;")


def read_seed(path: Path) -> str:
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    return "\n".join(lines)


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
    for po in sorted(base.glob("**/locale/vi/LC_MESSAGES/*.po")):
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

    lines = corpus_lines(args.corpus)
    seed = read_seed(args.seed)
    po = "" if args.no_django_po else django_po_text()

    if args.evaluate:
        cut = int(len(lines) * 0.8)
        train, held = lines[:cut], lines[cut:]
        data = build([(seed, WEIGHT_SEED), ("\n".join(train), WEIGHT_CORPUS), (po, WEIGHT_PO)])
        model = NgramModel(data["unigrams"], data["bigrams"], data["discount"])
        reference = "\n".join(held)
        restored = restore_diacritics(strip_diacritics(reference), model)
        print(f"held-out syllable accuracy: {syllable_accuracy(reference, restored):.4f}")
        return 0

    data = build([(seed, WEIGHT_SEED), ("\n".join(lines), WEIGHT_CORPUS), (po, WEIGHT_PO)])
    write(data, args.out)
    n_bigrams = sum(len(v) for v in data["bigrams"].values())
    print(
        f"wrote {args.out} ({args.out.stat().st_size} bytes): "
        f"{len(data['unigrams'])} syllables, {n_bigrams} bigrams"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
