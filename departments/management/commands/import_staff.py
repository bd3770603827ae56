"""Import the staff list from an Excel workbook (the template of the "Nhập cán bộ từ Excel" page)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from departments.staffimport import import_workbook


class Command(BaseCommand):
    help = (
        "Nhập danh sách công chức, viên chức, người lao động từ tệp Excel (theo mẫu tải từ trang “Nhập cán "
        "bộ từ Excel”): tất cả các dòng hoặc không dòng nào; người đã có (cùng mã cán bộ) được cập nhật, "
        "chuyển đơn vị khi mã đơn vị khác. Nhập lại cùng một tệp không thay đổi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp Excel (.xlsx).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ kiểm tra và in kết quả, không ghi gì."
        )

    def handle(self, *args, file, dry_run=False, **options):
        path = Path(file)
        try:
            handle = path.open("rb")
        except OSError as error:
            raise CommandError(f"Không đọc được tệp {file}: {error.strerror}") from error
        with handle:
            try:
                summary = import_workbook(File(handle, name=path.name), dry_run=dry_run)
            except ValidationError as error:
                raise CommandError("\n".join(["Không ghi gì.", *error.messages])) from error
        for title, codes in (
            ("Thêm mới", summary.created),
            ("Cập nhật", summary.updated),
            ("Chuyển đơn vị", summary.moved),
        ):
            if codes:
                self.stdout.write(f"{title}: {', '.join(codes)}")
        self.stdout.write(summary.as_text())
        if dry_run:
            self.stdout.write("Chạy thử (--dry-run): không ghi gì.")
