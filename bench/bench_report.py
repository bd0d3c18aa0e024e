"""Time the consolidated report (dashboard figures + DOCX) for every unit of the demo.

Prints one JSON object per line::

    {"name": "consolidated_docx:<unit>", "value": seconds, "unit": "s", "target": 5.0}

``value`` is the median of 3 runs of ``consolidated_report_data`` + ``build_consolidated_docx``
(the work behind GET /van-ban/don-vi/<pk>/bao-cao-tong-hop.docx). When LibreOffice is installed
(scripts/ensure-office.sh) one more line times the PDF of the largest unit
(``consolidated_pdf:<unit>``, one run, target 15 s).

Runs on a throwaway SQLite database filled by ``theodoi demo_setup`` (created on first use):
``$THEODOI_BENCH_DB`` or /tmp/bench.sqlite3. Run with ``.venv/bin/python bench/bench_report.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DB = Path(os.environ.get("THEODOI_BENCH_DB", "/tmp/bench.sqlite3"))
os.environ["THEODOI_DEV"] = "1"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "theodoi.settings")

TARGET = 5.0
PDF_TARGET = 15.0
RUNS = 3


def _ensure_demo() -> None:
    cli = Path(sys.executable).with_name("theodoi")
    command = [str(cli)] if cli.exists() else [sys.executable, str(ROOT / "manage.py")]
    if DB.exists() and DB.stat().st_size > 0:  # an earlier run's demo: bring its schema up to date
        subprocess.run(
            [*command, "migrate", "--noinput", "-v0"], check=True, cwd=ROOT, env=os.environ
        )
        return
    print(f"bench_report: tạo cơ sở dữ liệu trình diễn {DB}…", file=sys.stderr, flush=True)
    subprocess.run(
        [*command, "demo_setup"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL, env=os.environ
    )


def _emit(name: str, seconds: float, target: float) -> None:
    print(
        json.dumps(
            {"name": name, "value": round(seconds, 4), "unit": "s", "target": target},
            ensure_ascii=False,
        ),
        flush=True,
    )


def main() -> None:
    _ensure_demo()
    import django

    django.setup()

    from theodoi.documents.builders import build_consolidated_docx
    from theodoi.documents.selectors import consolidated_report_data
    from theodoi.documents.services import docx_to_pdf, soffice_path
    from theodoi.plans.models import Task
    from theodoi.units.models import Unit

    as_of = dt.date.today()
    sizes = {}
    for unit in Unit.objects.order_by("path"):
        count = Task.objects.filter(plan__unit__path__startswith=unit.path).count()
        if not count:
            continue
        sizes[unit.pk] = count
        times = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            build_consolidated_docx(consolidated_report_data(unit=unit, as_of=as_of))
            times.append(time.perf_counter() - t0)
        _emit(f"consolidated_docx:{unit.code}", statistics.median(times), TARGET)

    if sizes and soffice_path():
        largest = Unit.objects.get(pk=max(sizes, key=sizes.get))
        t0 = time.perf_counter()
        docx_to_pdf(build_consolidated_docx(consolidated_report_data(unit=largest, as_of=as_of)))
        _emit(f"consolidated_pdf:{largest.code}", time.perf_counter() - t0, PDF_TARGET)


if __name__ == "__main__":
    main()
