"""Whole-nation registry load: ``theodoi load_registry`` (34 provinces, 3,321 communes, the
former provinces, every unit's standard agencies) into an empty database, then again.

Prints one JSON object per line::

    {"name": "registry_load_seconds", "value": seconds, "unit": "s", "target": 60, ...}
    {"name": "registry_reload_seconds", "value": seconds, "unit": "s", "target": 60, ...}

The first is a fresh load (migrations not counted); the second a reload that must change
nothing (``"changed": false``). Database: a throwaway SQLite file in a temporary directory,
or ``--database-url URL`` (an empty database: it is migrated and filled). Run with
``.venv/bin/python bench/bench_registry.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 60.0


def run(env: dict, *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "theodoi.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return time.perf_counter() - started, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'registry.sqlite3'}"
        env = {**os.environ, "DATABASE_URL": url, "THEODOI_DEV": "1"}
        run(env, "migrate", "--verbosity", "0")
        engine = "postgresql" if url.startswith("postgres") else "sqlite"
        for name in ("registry_load_seconds", "registry_reload_seconds"):
            seconds, out = run(env, "load_registry", "--no-progress")
            changed = not (
                "Thêm 0 đơn vị, cập nhật 0" in out and "thêm 0 cơ quan, cập nhật 0" in out
            )
            line = {"name": name, "value": round(seconds, 2), "unit": "s", "target": TARGET}
            print(json.dumps({**line, "changed": changed, "database": engine}), flush=True)


if __name__ == "__main__":
    main()
