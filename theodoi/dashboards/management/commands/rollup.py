"""`theodoi rollup`: compute today's roll-ups of every unit (dashboards.rollups) ahead of the
first dashboard of the day — run it from a timer just after midnight (docs/deployment.md)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from theodoi.dashboards.models import UnitRollup
from theodoi.dashboards.rollups import unit_rollup
from theodoi.units.models import Unit


class Command(BaseCommand):
    help = "Tính sẵn số liệu tổng hợp hôm nay của mọi đơn vị cho bảng điều khiển."

    def handle(self, *args, **options):
        today = timezone.localdate()
        started = time.perf_counter()
        for root in Unit.objects.filter(parent__isnull=True).order_by("path"):
            unit_rollup(root, today)
        rows = UnitRollup.objects.filter(as_of=today, valid=True).count()
        self.stdout.write(
            f"Đã tính số liệu tổng hợp ngày {today:%d/%m/%Y} cho {rows} đơn vị "
            f"trong {time.perf_counter() - started:.1f} giây."
        )
