"""``theodoi ingest FILE [--json] [--registry PATH]`` (wired into the console script by the lead)."""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from .errors import IngestError
from .load import tqdm_progress
from .pipeline import ingest_file
from .resolve import load_registry

__all__ = ["run_ingest"]


def run_ingest(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    """Run the ingest command; returns the exit status (0 ok, 2 unreadable input)."""
    parser = argparse.ArgumentParser(
        prog="theodoi ingest", description="Đọc một kế hoạch và in cấu trúc trích xuất."
    )
    parser.add_argument("file")
    parser.add_argument(
        "--json", action="store_true", help="in JSON theo plan-extraction.schema.json"
    )
    parser.add_argument(
        "--registry",
        help="tệp JSON danh mục cơ quan thay cho danh mục cơ quan chuẩn "
        "(mặc định: các cơ quan chuẩn của đơn vị ghi ở phần đầu kế hoạch)",
    )
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 2)
    registry = None
    try:
        if args.registry:
            try:
                registry = load_registry(args.registry)
            except (OSError, ValueError) as exc:
                raise IngestError(
                    f"Không đọc được danh mục cơ quan {args.registry}: {exc}"
                ) from exc
        with tqdm_progress(file=stderr) as page_progress:
            plan = ingest_file(args.file, registry=registry, page_progress=page_progress)
    except IngestError as exc:
        stderr.write(f"Lỗi: {exc}\n")
        return 2
    if args.json:
        stdout.write(json.dumps(plan.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        doc = plan.document
        stdout.write(f"{doc.title}\n")
        stdout.write(
            f"Số: {doc.number or '-'}  Cơ quan ban hành: {doc.issuer or '-'}  Ngày: {doc.date or '-'}\n"
        )
        stdout.write(
            f"Chỉ tiêu: {len(plan.indicators)}  Nhiệm vụ: {len(plan.tasks)}  Báo cáo định kỳ: {len(plan.reporting)}\n"
        )
        for w in plan.warnings:
            stdout.write(f"! {w}\n")
    return 0
