from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from departments.models import Unit
from emulation.models import Campaign
from reports.registry import EXPORTERS, PAPER_FORMATS, parse_document_date
from reports.services import export_content


class Command(BaseCommand):
    help = "Xuất báo cáo (Excel, PDF hoặc Word) của một phong trào thi đua, giống tệp tải về từ trang web."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(EXPORTERS), help="Loại báo cáo.")
        parser.add_argument("--campaign", type=int, required=True, help="Năm của phong trào thi đua.")
        parser.add_argument("--format", choices=sorted(PAPER_FORMATS), required=True, dest="fmt")
        parser.add_argument("--output", required=True, help="Đường dẫn tệp cần ghi.")
        parser.add_argument("--unit", help="Mã đơn vị: chỉ xuất số liệu của đơn vị này.")
        parser.add_argument("--date", help="Ngày của văn bản (dd/mm/yyyy); mặc định: hôm nay.")

    def handle(self, *args, kind, campaign, fmt, output, unit=None, date=None, **options):
        exporter = EXPORTERS[kind]
        if fmt not in exporter.formats:
            raise CommandError(f"Báo cáo {kind} không có định dạng {fmt}.")
        try:
            campaign_obj = Campaign.objects.get(year=campaign)
        except Campaign.DoesNotExist as error:
            raise CommandError(f"Không có phong trào thi đua năm {campaign}.") from error
        unit_obj = None
        if unit:
            unit_obj = Unit.objects.filter(code=unit).first()
            if unit_obj is None:
                raise CommandError(f"Không có đơn vị mã {unit}.")
        try:
            on_date = parse_document_date(date)
            content = export_content(
                exporter=exporter, campaign=campaign_obj, unit=unit_obj, on_date=on_date, fmt=fmt
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        Path(output).write_bytes(content)
        self.stdout.write(f"Đã ghi {output} ({len(content):,} byte).".replace(",", "."))
