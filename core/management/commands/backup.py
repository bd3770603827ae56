"""Back up the database and the uploaded files into one archive (core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.backup import backup_write


class Command(BaseCommand):
    help = (
        "Sao lưu toàn bộ cơ sở dữ liệu và các tệp đã tải lên (MEDIA_ROOT) vào một tệp .tar.gz, kèm bảng kê "
        "(phiên bản, ngày, loại cơ sở dữ liệu, các migration, mã kiểm tra SHA-256 của từng tệp)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help=(
                "Tệp sao lưu cần ghi (mặc định: thidua-backup-NĂMTHÁNGNGÀY-GIỜPHÚT.tar.gz ở thư mục "
                "hiện tại)."
            ),
        )

    def handle(self, *args, output=None, **options):
        path = Path(output or f"thidua-backup-{timezone.localtime():%Y%m%d-%H%M}.tar.gz")
        if not path.parent.is_dir():
            raise CommandError(f"Không có thư mục {path.parent} để ghi tệp sao lưu.")
        manifest = backup_write(path)
        rows = sum(manifest["rows"].values())
        files = len(manifest["files"]) - 1
        self.stdout.write(f"Đã sao lưu {rows} dòng dữ liệu và {files} tệp vào {path}.")
