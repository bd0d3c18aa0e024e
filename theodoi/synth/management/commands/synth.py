"""`theodoi synth`: generate a synthetic nation (see theodoi/synth/generator.py)."""

from __future__ import annotations

import datetime as dt
import json
import time

from django.core.management.base import BaseCommand, CommandError

from theodoi.synth.generator import (
    SYNTH_PASSWORD,
    SynthConfig,
    SynthError,
    delete_synthetic,
    exists,
    synth_run,
)


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mô phỏng trên các đơn vị thật (34 tỉnh, 3.321 xã và cơ quan chuẩn theo danh "
        "mục): kế hoạch các cấp, người dùng, 8 quý báo cáo, để thử tải và đo hiệu năng. Tên kế "
        "hoạch kết thúc bằng '(dữ liệu mô phỏng)'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", default="full", choices=["tiny", "small", "medium", "full"])
        parser.add_argument("--provinces", type=int, help="số tỉnh (tối đa 34)")
        parser.add_argument(
            "--communes-per-province", type=int, help="số xã mỗi tỉnh (mặc định: 3.321 xã chia đều)"
        )
        parser.add_argument("--tasks", type=int, help="số nhiệm vụ mỗi kế hoạch tỉnh, xã")
        parser.add_argument("--national-tasks", type=int, help="số nhiệm vụ kế hoạch quốc gia")
        parser.add_argument("--indicators", type=int, help="số chỉ tiêu mỗi kế hoạch")
        parser.add_argument("--quarters", type=int, help="số quý báo cáo (mặc định 8)")
        parser.add_argument("--seed", type=int, default=57)
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, help="ngày hiện tại (YYYY-MM-DD)"
        )
        parser.add_argument("--force", action="store_true", help="xóa dữ liệu mô phỏng cũ trước")
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument("--json", action="store_true", help="in thống kê dạng JSON")

    def handle(self, *args, **options):
        try:
            cfg = SynthConfig.for_scale(
                options["scale"],
                provinces=options["provinces"],
                communes_per_province=options["communes_per_province"],
                tasks=options["tasks"],
                national_tasks=options["national_tasks"],
                indicators=options["indicators"],
                quarters=options["quarters"],
                seed=options["seed"],
                today=options["today"],
            )
        except (SynthError, TypeError) as exc:
            raise CommandError(str(exc)) from exc
        if not 1 <= cfg.provinces <= 34:
            raise CommandError("--provinces phải từ 1 đến 34.")
        started = time.perf_counter()
        if exists():
            if not options["force"]:
                raise CommandError(
                    'Đã có dữ liệu mô phỏng (kế hoạch "(dữ liệu mô phỏng)"). Dùng --force để xóa và '
                    "tạo lại."
                )
            delete_synthetic(log=lambda s: self.stderr.write(s))
        try:
            stats = synth_run(cfg, progress=not options["no_progress"])
        except SynthError as exc:
            raise CommandError(str(exc)) from exc
        total = round(time.perf_counter() - started, 2)
        if options["json"]:
            self.stdout.write(json.dumps({"seconds": total, **stats.seconds, **stats.rows}))
            return
        self.stdout.write(f"Đã tạo quốc gia mô phỏng trong {total} giây:")
        for name, count in stats.rows.items():
            self.stdout.write(f"  {name}: {count}")
        self.stdout.write(
            f"Đăng nhập: office-VN (văn phòng cấp quốc gia), office-<mã đơn vị>, "
            f"rep-<mã đơn vị>-<số> — mật khẩu {SYNTH_PASSWORD}"
        )
