import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from theodoi.notifications.choices import NotificationKind
from theodoi.reporting.reminders import remind


class Command(BaseCommand):
    help = (
        "Nhắc việc theo từng mốc (báo cáo còn 7, 3, 1 ngày, quá hạn; báo cáo chờ tiếp nhận; "
        "bản nháp lâu chưa cập nhật; nhiệm vụ sắp đến hạn): thông báo trong ứng dụng và email. "
        "Chạy lại không nhắc trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="ngày tính (YYYY-MM-DD), mặc định hôm nay")
        parser.add_argument(
            "--dry-run", action="store_true", help="chỉ đếm, không ghi thông báo, không gửi email"
        )

    def handle(self, *args, date, dry_run, **options):
        try:
            as_of = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--date phải có dạng YYYY-MM-DD, ví dụ 2026-03-08.") from exc
        result = remind(today=as_of, dry_run=dry_run)
        prefix = "Chạy thử (không ghi, không gửi): sẽ tạo" if dry_run else "Đã tạo"
        lines = [
            f"{prefix} {result.notifications} thông báo mới ngày {as_of:%d/%m/%Y}, "
            f"{result.in_app} hiện trong ứng dụng; {result.emails} email "
            f"({result.emailed_items} việc)."
        ]
        for kind in NotificationKind:
            if result.by_kind.get(kind):
                lines.append(f"  - {kind.label}: {result.by_kind[kind]}")
        if result.users_without_email:
            lines.append(f"{result.users_without_email} người dùng chưa có địa chỉ email.")
        if result.failed_users:
            lines.append(
                f"Không gửi được email cho {len(result.failed_users)} người dùng "
                f"({', '.join(result.failed_users[:10])}): sẽ thử lại lần chạy sau."
            )
        self.stdout.write("\n".join(lines))
