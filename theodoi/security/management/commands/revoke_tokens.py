"""`theodoi revoke_tokens USERNAME…` (or `--all`): delete API tokens so they stop working at once."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Thu hồi (xóa) token API của người dùng; token cũ không dùng được nữa."

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="*", help="tên đăng nhập")
        parser.add_argument("--all", action="store_true", help="thu hồi token của mọi người")

    def handle(self, *args, usernames, all, **options):
        from rest_framework.authtoken.models import Token

        if all:
            deleted, _ = Token.objects.all().delete()
            self.stdout.write(f"Đã thu hồi {deleted} token.")
            return
        if not usernames:
            raise CommandError("Hãy nêu tên đăng nhập, hoặc dùng --all.")
        users = get_user_model().objects.filter(username__in=usernames)
        missing = set(usernames) - set(users.values_list("username", flat=True))
        if missing:
            raise CommandError("Không có người dùng: " + ", ".join(sorted(missing)))
        deleted, _ = Token.objects.filter(user__in=users).delete()
        self.stdout.write(f"Đã thu hồi {deleted} token của {', '.join(usernames)}.")
