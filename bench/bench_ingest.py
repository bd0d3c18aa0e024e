"""Time ``ingest_file`` on the corpus plans and on generated plans (text, DOCX, PDF, scan).

Prints one JSON object per line::

    {"name": "ingest:<file>", "value": seconds, "unit": "s", "target": 2.0}

``value`` is the median of 5 runs (3 for the OCR page, 1 for the 10-page scan: LibreOffice's
PDF of a plan with a ruled task table, rasterised at 200 dpi, read through the scan path, its
borderless-table detection on).  The 80 KB texts and the scan also print their CPU seconds
(``…:cpu``): on a machine shared with other work the wall time says more about the others.  Run with
``.venv/bin/python bench/bench_ingest.py``.  The OCR line is printed only when
tesseract-ocr-vie is installed (scripts/ensure-ocr.sh).
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
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

from theodoi.documents.services import soffice_path  # noqa: E402
from theodoi.ingest import ingest_file  # noqa: E402
from theodoi.ingest.diacritics import _restore_with_packaged_model  # noqa: E402
from theodoi.ingest.fields.agencies import phrase_words_read_in  # noqa: E402
from theodoi.ingest.ocr import ocr_available  # noqa: E402
from theodoi.ingest.ocr_fix import fix_ocr_line  # noqa: E402
from theodoi.textnorm import _short_key  # noqa: E402

TARGET = 2.0
RUNS = 5


def _forget() -> None:
    """Each run reads as a first upload would: the remembered lines and names are dropped."""
    for fn in (fix_ocr_line, _restore_with_packaged_model, _short_key, phrase_words_read_in):
        fn.cache_clear()


def _median_time(path: Path, registry, runs: int = RUNS, cpu: list | None = None) -> float:
    """The median wall time of ``runs`` reads; ``cpu`` gets their median CPU time (this
    process's: what the reader costs on a machine shared with other work)."""
    times, cpus = [], []
    for _ in range(runs):
        _forget()
        t0, c0 = time.perf_counter(), time.process_time()
        ingest_file(path, registry=registry)
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    if cpu is not None:
        cpu.append(statistics.median(cpus))
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
        cpu: list[float] = []
        _emit(plan.name, _median_time(plan, registry, cpu=cpu))
        _emit(f"{plan.name}:cpu", cpu[0])
        # the reader is linear: a 1 MB text takes what 13 plans of 80 KB take
        big = tmpdir / "ke-hoach-1mb.txt"
        big.write_text(_synthetic_plan(1024 * 1024), encoding="utf-8")
        _emit(big.name, _median_time(big, registry, runs=1), target=TARGET * 1024 / 80)
        ocr = CORPUS / "tinh-binh-phuoc-2025-ocr.txt"
        if ocr.exists():  # OCR'd text of 80 KB and of 1 MB: the corpus's OCR plan repeated
            text = ocr.read_text(encoding="utf-8") + "\n"
            ocr_80 = tmpdir / "ke-hoach-ocr-80kb.txt"
            ocr_80.write_text((text * 2).encode()[: 80 * 1024].decode(errors="ignore"))
            cpu = []
            _emit(ocr_80.name, _median_time(ocr_80, registry, runs=3, cpu=cpu))
            _emit(f"{ocr_80.name}:cpu", cpu[0])
            big_ocr = tmpdir / "ke-hoach-ocr-1mb.txt"
            big_ocr.write_text(text * (1024 * 1024 // len(text.encode())), encoding="utf-8")
            _emit(big_ocr.name, _median_time(big_ocr, registry, runs=1), target=60.0)
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
        if ocr_available() and vinh_lai.exists() and soffice_path() and shutil.which("pdftoppm"):
            scan = _ten_page_scan(tmpdir, vinh_lai)
            cpu0 = _cpu()
            _emit(scan.name, _median_time(scan, registry, runs=1), target=60.0)
            # the CPU seconds it took (tesseract's too): the wall time of a machine of its own
            _emit(f"{scan.name}:cpu", _cpu() - cpu0, target=60.0)
    return 0


def _cpu() -> float:
    """CPU seconds of this process and of the tools it ran (tesseract, LibreOffice)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _ten_page_scan(tmpdir: Path, source: Path) -> Path:
    """A 10-page scan: the plan's text and a ruled task table as Word writes them, turned
    into PDF by LibreOffice and rasterised at 200 dpi in grey (no text layer), as a
    multi-page TIFF."""
    import docx
    from PIL import Image

    from theodoi.documents.services import docx_to_pdf

    doc = docx.Document()
    for line in source.read_text(encoding="utf-8").splitlines()[:260]:
        if line.strip():
            doc.add_paragraph(line.strip())
    rows = [["TT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn"]] + [
        [
            str(i),
            f"Số hóa hồ sơ thủ tục hành chính nhóm {i}",
            "Văn phòng HĐND và UBND xã",
            "Phòng Kinh tế",
            f"Quý {1 + i % 4}/2026",
        ]
        for i in range(1, 41)
    ]
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    src = tmpdir / "scan-10.docx"
    doc.save(src)
    pdf = tmpdir / "scan-10.pdf"
    pdf.write_bytes(docx_to_pdf(src.read_bytes()))
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "200",
            "-gray",
            "-png",
            "-f",
            "1",
            "-l",
            "10",
            str(pdf),
            str(tmpdir / "scan"),
        ],
        check=True,
    )
    pages = [Image.open(p) for p in sorted(tmpdir.glob("scan-*.png"))]
    if len(pages) < 10:
        raise SystemExit(f"bench: the scan has {len(pages)} pages, not 10")
    out = tmpdir / "ke-hoach-scan-10-trang.tif"
    pages[0].save(
        out, save_all=True, append_images=pages[1:10], dpi=(200, 200), compression="tiff_deflate"
    )
    return out


if __name__ == "__main__":
    raise SystemExit(main())
