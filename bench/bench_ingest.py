"""Time ``ingest_file`` on the corpus plans and on generated plans (text, DOCX, PDF, scan).

Prints one JSON object per line::

    {"name": "ingest:<file>", "value": seconds, "unit": "s", "target": 2.0}

``value`` is the median of 5 runs (3 for the OCR page).  Run with
``.venv/bin/python bench/bench_ingest.py``.  The OCR line is printed only when
tesseract-ocr-vie is installed (scripts/ensure-ocr.sh).
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "ingest"))

from fixtures.docgen import (  # noqa: E402
    CORPUS,
    OUTLINE,
    corpus_section,
    make_docx,
    make_text_pdf,
    render_page,
)

from theodoi.ingest import ingest_file  # noqa: E402
from theodoi.ingest.ocr import ocr_available  # noqa: E402

TARGET = 2.0
RUNS = 5


def _median_time(path: Path, registry, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        ingest_file(path, registry=registry)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _emit(name: str, seconds: float, target: float = TARGET) -> None:
    print(
        json.dumps(
            {"name": f"ingest:{name}", "value": round(seconds, 4), "unit": "s", "target": target},
            ensure_ascii=False,
        ),
        flush=True,
    )


def _synthetic_plan(size: int = 80 * 1024) -> str:
    """A clean plan of about ``size`` bytes: header, many numbered sections, an appendix."""
    head = [
        "ỦY BAN NHÂN DÂN",
        "XÃ VĨNH LẠI",
        "Số: 125/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Vĩnh Lại, ngày 15 tháng 9 năm 2025",
        "KẾ HOẠCH",
        "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
        "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;",
    ]
    romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    body: list[str] = []
    r = 0
    while len("\n".join(head + body).encode()) < size * 0.85:
        body.append(f"{romans[r % len(romans)]}. NHIỆM VỤ VÀ GIẢI PHÁP NHÓM {r + 1}")
        for n in range(1, 6):
            body.append(f"{n}. Nâng cao năng lực chuyển đổi số lĩnh vực {n} của nhóm {r + 1}")
            for k in range(1, 5):
                body.append(
                    f"{n}.{k}. Phòng Văn hóa - Xã hội chủ trì, phối hợp Văn phòng HĐND và UBND "
                    f"xã triển khai nội dung {k}: số hóa hồ sơ, tuyên truyền Nghị quyết số "
                    "57-NQ/TW trên các nền tảng số; hoàn thành trong năm 2025."
                )
        r += 1
    appendix = [
        "PHỤ LỤC I: DANH MỤC CÁC CHỈ TIÊU CỤ THỂ",
        "TT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Kết quả",
    ]
    i = 1
    while len("\n".join(head + body + appendix).encode()) < size:
        appendix += [str(i), f"Tỷ lệ thủ tục hành chính trực tuyến toàn trình số {i}", "%", "≥ 80"]
        i += 1
    return "\n".join(head + body + appendix) + "\n"


def main() -> int:
    registry = None  # the standard agencies of each plan's own unit, as an upload reads it
    for path in sorted(CORPUS.glob("*.txt")):
        _emit(path.name, _median_time(path, registry))
    with tempfile.TemporaryDirectory(prefix="theodoi-bench-") as tmp:
        tmpdir = Path(tmp)
        plan = tmpdir / "ke-hoach-80kb.txt"
        plan.write_text(_synthetic_plan(), encoding="utf-8")
        _emit(plan.name, _median_time(plan, registry))
        vinh_lai = CORPUS / "xa-vinh-lai-2025.txt"
        if vinh_lai.exists():
            lines = [ln.strip() for ln in vinh_lai.read_text(encoding="utf-8").splitlines()]
            lines = [ln for ln in lines if ln]
            pdf = make_text_pdf(tmpdir / "xa-vinh-lai-2025.pdf", lines)
            _emit(pdf.name, _median_time(pdf, registry))
        docx = make_docx(tmpdir / "ke-hoach.docx", outline=OUTLINE * 40)
        _emit(docx.name, _median_time(docx, registry))
        if ocr_available() and vinh_lai.exists():
            head = ["KẾ HOẠCH", "Thực hiện Nghị quyết 57-NQ/TW trên địa bàn xã Vĩnh Lại"]
            page = render_page(
                head + corpus_section(vinh_lai.name, "III. NHIỆM VỤ VÀ GIẢI PHÁP", 25)
            )
            png = tmpdir / "trang-scan.png"
            page.save(png, dpi=(300, 300))
            _emit(png.name, _median_time(png, registry, runs=3), target=5.0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
