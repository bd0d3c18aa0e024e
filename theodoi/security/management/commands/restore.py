"""`theodoi restore FILE [--yes] [--force]`: put a backup back.

Asks for confirmation unless --yes; refuses to overwrite a database that holds data unless
--force.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from theodoi.security.backup import (
    BackupError,
    database_is_empty,
    read_manifest,
    restore_backup,
)


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và tệp đính kèm từ một bản sao lưu."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", "-y", action="store_true", help="không hỏi xác nhận")
        parser.add_argument(
            "--force", action="store_true", help="ghi đè cả khi cơ sở dữ liệu đang có dữ liệu"
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, archive, yes=False, force=False, database="default", **options):
        path = Path(archive)
        if not path.exists():
            raise CommandError(f"Không có tệp {path}.")
        try:
            manifest = read_manifest(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not database_is_empty(database) and not force:
            raise CommandError(
                "Cơ sở dữ liệu đang có dữ liệu: khôi phục sẽ ghi đè toàn bộ. "
                "Dùng --force nếu chắc chắn."
            )
        if not yes:
            self.stdout.write(
                f"Khôi phục bản sao lưu {path} (tạo lúc {manifest['created']}) "
                "sẽ thay toàn bộ dữ liệu hiện có. Gõ 'co' để tiếp tục: "
            )
            answer = sys.stdin.readline().strip().lower()
            if answer not in ("co", "có", "yes", "y"):
                raise CommandError("Đã hủy khôi phục.")
        try:
            result = restore_backup(path, alias=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Đã khôi phục cơ sở dữ liệu và {result['media_restored']} tệp đính kèm từ {path}."
        )
