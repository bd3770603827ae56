"""Restore an archive written by `backup` into an empty, migrated database (core.backup)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.backup import backup_restore


class Command(BaseCommand):
    help = (
        "Khôi phục tệp sao lưu (do lệnh backup tạo) vào một cơ sở dữ liệu mới, trống, đã chạy migrate: kiểm "
        "tra mã SHA-256 của từng tệp và các migration, rồi nạp toàn bộ dữ liệu trong một giao dịch và chép "
        "lại các tệp đã tải lên. Từ chối khi cơ sở dữ liệu đã có dữ liệu."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp sao lưu (.tar.gz).")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không có tệp {file}.")
        try:
            result = backup_restore(path)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"Đã khôi phục {result.rows} dòng dữ liệu và {result.files} tệp từ bản sao lưu ngày "
            f"{result.manifest.get('created_at', '')[:10]}."
        )
