from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from theodoi.ingest.errors import IngestError
from theodoi.plans.services import plan_import_file
from theodoi.units.models import Unit


class Command(BaseCommand):
    help = "Đọc một văn bản kế hoạch và lưu thành kế hoạch dự thảo của một đơn vị."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--unit", required=True, help="mã đơn vị ban hành, ví dụ xa-vinh-lai")

    def handle(self, *args, file, unit, **options):
        from theodoi.ingest.load import tqdm_progress

        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp: {file}")
        target = Unit.objects.filter(code=unit).first()
        if target is None:
            raise CommandError(f"Không có đơn vị mã '{unit}'. Xem danh mục: theodoi load_registry")
        try:
            with tqdm_progress(file=self.stderr._out) as page_progress:
                result = plan_import_file(
                    unit=target, path=path, file_name=path.name, page_progress=page_progress
                )
        except IngestError as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        plan = result.plan
        if not result.created:
            self.stdout.write(f"Văn bản đã được nhập trước đây: kế hoạch #{plan.pk} ({plan}).")
            return
        self.stdout.write(
            f"Đã lưu kế hoạch dự thảo #{plan.pk}: {plan.tasks.count()} nhiệm vụ, "
            f"{plan.indicators.count()} chỉ tiêu, {len(result.warnings)} cảnh báo."
        )
