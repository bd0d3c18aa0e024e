from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from theodoi.accounts.models import RoleAssignment
from theodoi.core.demo import DEMO_PASSWORD, demo_load
from theodoi.plans.models import Plan


class Command(BaseCommand):
    help = "Tạo dữ liệu trình diễn: danh mục cơ quan, các kế hoạch mẫu, người dùng và báo cáo."

    def add_arguments(self, parser):
        parser.add_argument(
            "--corpus",
            default=str(settings.CORPUS_DIR),
            help="Thư mục chứa các kế hoạch mẫu (.txt).",
        )
        parser.add_argument(
            "--reset", action="store_true", help="Xóa toàn bộ dữ liệu hiện có rồi tạo lại."
        )

    def handle(self, *args, corpus, reset, **options):
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        if reset:
            call_command("flush", verbosity=0, interactive=False)
        if Plan.objects.exists():
            self.stdout.write("Cơ sở dữ liệu đã có dữ liệu; giữ nguyên (dùng --reset để tạo lại).")
            self._print_logins(
                (r.user.username, r.get_role_display(), str(r.agency or r.unit))
                for r in RoleAssignment.objects.select_related("user", "unit", "agency").order_by(
                    "user__username"
                )
            )
            return
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
        self._print_logins((login.username, login.role, login.scope) for login in result.logins)

    def _print_logins(self, rows):
        self.stdout.write("")
        self.stdout.write(f"Tài khoản đăng nhập (mật khẩu chung: {DEMO_PASSWORD}):")
        for username, role, scope in rows:
            self.stdout.write(f"  {username:<22} {role} — {scope}")
