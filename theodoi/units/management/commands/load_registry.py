from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from theodoi.units.services import nation_load, registry_load
from theodoi.units.sources import release_read


class Command(BaseCommand):
    help = (
        "Nạp toàn bộ đơn vị hành chính (34 tỉnh, thành phố và 3.321 xã, phường, đặc khu theo gói "
        "vietnam-provinces; 63 tỉnh trước 01/7/2025 làm đơn vị lịch sử) và cơ quan chuẩn của mỗi "
        "cấp theo danh mục; chạy lại không thay đổi gì. Có FILE: nạp thêm một tệp danh mục "
        "(định dạng registry.json)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="tệp danh mục bổ sung (registry.json)")
        parser.add_argument(
            "--divisions",
            help="tệp nested-divisions.json khác với tệp của gói vietnam-provinces đã cài",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, path=None, divisions=None, no_progress=False, **options):
        for given in (path, divisions):
            if given and not Path(given).is_file():
                raise CommandError(f"Không tìm thấy tệp danh mục: {given}")
        try:
            release = (
                release_read(Path(divisions), label=f"vietnam-provinces (tệp {divisions})")
                if divisions
                else None
            )
            result = nation_load(release=release, progress=not no_progress)
        except (ValueError, KeyError) as exc:
            raise CommandError(f"Dữ liệu đơn vị hành chính không hợp lệ: {exc}") from exc
        self.stdout.write(
            f"{result.release}: {result.provinces} tỉnh, thành phố; {result.communes} xã, phường, "
            f"đặc khu; {result.historical} tỉnh trước sắp xếp. Thêm {result.units_created} đơn vị, "
            f"cập nhật {result.units_updated}, đánh dấu không còn trong danh mục "
            f"{result.units_retired}; thêm {result.agencies_created} cơ quan, cập nhật "
            f"{result.agencies_updated}."
        )
        if path:
            try:
                extra = registry_load(path=Path(path))
            except (ValueError, KeyError) as exc:
                raise CommandError(f"Tệp danh mục không hợp lệ: {exc}") from exc
            self.stdout.write(f"Tệp {path}: {extra.units} đơn vị và {extra.agencies} cơ quan.")
