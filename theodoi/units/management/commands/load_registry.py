from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from theodoi.units.services import REGISTRY_PATH, registry_load


class Command(BaseCommand):
    help = "Nạp danh mục đơn vị hành chính và cơ quan (mặc định: danh mục kèm theo phần mềm)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(REGISTRY_PATH))

    def handle(self, *args, path, **options):
        if not Path(path).is_file():
            raise CommandError(f"Không tìm thấy tệp danh mục: {path}")
        try:
            result = registry_load(path=Path(path))
        except (ValueError, KeyError) as exc:
            raise CommandError(f"Tệp danh mục không hợp lệ: {exc}") from exc
        self.stdout.write(f"Đã nạp {result.units} đơn vị và {result.agencies} cơ quan.")
