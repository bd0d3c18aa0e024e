"""`theodoi backup [--output FILE]`: the database and the media files in one archive."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from theodoi.security.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu (PostgreSQL: pg_dump; SQLite: sao lưu trực tuyến) và tệp đính kèm."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="tệp .tar.gz (mặc định: backups/theodoi-…)")
        parser.add_argument("--database", default="default")

    def handle(self, *args, output=None, database="default", **options):
        if not output:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            output = Path("backups") / f"theodoi-{stamp}.tar.gz"
        try:
            path = create_backup(Path(output), alias=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã sao lưu vào {path} ({path.stat().st_size:,} byte).")
