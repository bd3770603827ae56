from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.documents import FORMATS
from departments.models import Unit
from emulation.models import Campaign
from reports.registry import EXPORTERS


class Command(BaseCommand):
    help = "Xuất báo cáo (Excel, PDF hoặc Word) của một phong trào thi đua, giống tệp tải về từ trang web."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(EXPORTERS), help="Loại báo cáo.")
        parser.add_argument("--campaign", type=int, required=True, help="Năm của phong trào thi đua.")
        parser.add_argument("--format", choices=sorted(FORMATS), required=True, dest="fmt")
        parser.add_argument("--output", required=True, help="Đường dẫn tệp cần ghi.")
        parser.add_argument("--unit", help="Mã đơn vị: chỉ xuất số liệu của đơn vị này.")

    def handle(self, *args, kind, campaign, fmt, output, unit=None, **options):
        try:
            campaign_obj = Campaign.objects.get(year=campaign)
        except Campaign.DoesNotExist as error:
            raise CommandError(f"Không có phong trào thi đua năm {campaign}.") from error
        unit_obj = None
        if unit:
            unit_obj = Unit.objects.filter(code=unit).first()
            if unit_obj is None:
                raise CommandError(f"Không có đơn vị mã {unit}.")
        content = FORMATS[fmt](EXPORTERS[kind].build(campaign_obj, unit=unit_obj))
        Path(output).write_bytes(content)
        self.stdout.write(f"Đã ghi {output} ({len(content):,} byte).".replace(",", "."))
