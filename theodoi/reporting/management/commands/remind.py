import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from theodoi.reporting.reminders import remind


class Command(BaseCommand):
    help = "Gửi email nhắc báo cáo và nhiệm vụ sắp đến hạn hoặc quá hạn (chạy lại không gửi trùng)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="nhắc trước bao nhiêu ngày")
        parser.add_argument("--today", help="ngày tính (YYYY-MM-DD), mặc định hôm nay")

    def handle(self, *args, days, today, **options):
        if days < 0 or days > 365:
            raise CommandError("--days phải từ 0 đến 365.")
        try:
            as_of = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--today phải có dạng YYYY-MM-DD.") from exc
        result = remind(today=as_of, days=days)
        self.stdout.write(
            f"Đã gửi {result.emails} email ({result.items} việc). "
            f"{result.users_without_email} người dùng chưa có địa chỉ email."
        )
