"""`theodoi rollup`: compute today's roll-ups of every unit (dashboards.rollups) that are missing
or not valid — after midnight, or after a bulk change that marked everything — ahead of the
first dashboard; changes in between are applied where they happen (dashboards.deltas).
``--verify`` compares every stored row with a full recomputation instead (nothing is stored)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from theodoi.dashboards.models import UnitRollup
from theodoi.dashboards.rollups import unit_rollup
from theodoi.units.models import Unit


def _rows(today) -> dict[int, tuple]:
    return {
        pk: (own, tree, board)
        for pk, own, tree, board in UnitRollup.objects.filter(as_of=today, valid=True)
        .order_by("unit_id")
        .values_list("unit_id", "own", "tree", "board")
    }


class Command(BaseCommand):
    help = "Tính sẵn số liệu tổng hợp hôm nay của mọi đơn vị cho bảng điều khiển."

    def add_arguments(self, parser):
        parser.add_argument(
            "--verify",
            action="store_true",
            help="so số liệu đang lưu với một lần tính lại toàn bộ (không lưu gì)",
        )

    def handle(self, *args, verify: bool = False, **options):
        today = timezone.localdate()
        started = time.perf_counter()
        if verify:
            self._verify(today)
            return
        for root in Unit.objects.filter(parent__isnull=True).order_by("path"):
            unit_rollup(root, today)
        rows = UnitRollup.objects.filter(as_of=today, valid=True).count()
        self.stdout.write(
            f"Đã tính số liệu tổng hợp ngày {today:%d/%m/%Y} cho {rows} đơn vị "
            f"trong {time.perf_counter() - started:.1f} giây."
        )

    def _verify(self, today) -> None:
        """Recompute everything inside a transaction that is rolled back: the stored rows are
        left as they were whatever the result."""
        with transaction.atomic():
            stored = _rows(today)
            UnitRollup.objects.filter(as_of=today).delete()
            for root in Unit.objects.filter(parent__isnull=True).order_by("path"):
                unit_rollup(root, today)
            fresh = _rows(today)
            transaction.set_rollback(True)
        differ = sorted(pk for pk in stored if stored[pk] != fresh.get(pk))
        self.stdout.write(
            f"Đã so {len(stored)} đơn vị có số liệu lưu với {len(fresh)} đơn vị tính lại: "
            f"{len(differ)} khác nhau."
        )
        if differ:
            raise CommandError(f"Số liệu lưu khác số liệu tính lại ở các đơn vị: {differ[:20]}")
