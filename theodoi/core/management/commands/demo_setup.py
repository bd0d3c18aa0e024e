from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from theodoi.core.demo import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Tạo dữ liệu trình diễn: danh mục cơ quan, các kế hoạch mẫu, người dùng và báo cáo."

    def add_arguments(self, parser):
        parser.add_argument(
            "--corpus",
            default=str(settings.CORPUS_DIR),
            help="Thư mục chứa các kế hoạch mẫu (.txt).",
        )

    def handle(self, *args, corpus, **options):
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        result = demo_load(corpus_dir=Path(corpus), progress=self.stdout.write)
        for name in result.skipped:
            self.stderr.write(f"Bỏ qua (không tìm thấy tệp): {name}")
        self.stdout.write("")
        self.stdout.write(f"Đã nạp {len(result.plans)} kế hoạch, {result.reports} báo cáo mẫu:")
        for plan in result.plans:
            self.stdout.write(
                f"  - {plan.number or '(chưa có số)'} · {plan.unit}: "
                f"{plan.tasks.count()} nhiệm vụ, {plan.indicators.count()} chỉ tiêu"
            )
        self.stdout.write("")
        self.stdout.write(f"Tài khoản đăng nhập (mật khẩu chung: {DEMO_PASSWORD}):")
        for login in result.logins:
            self.stdout.write(f"  {login.username:<22} {login.role} — {login.scope}")
