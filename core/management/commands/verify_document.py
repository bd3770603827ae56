from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.signing import MODIFIED, VALID, signature_check

EXIT_MODIFIED, EXIT_UNKNOWN = 1, 2


def _yes(value: bool) -> str:
    return "có" if value else "KHÔNG"


class Command(BaseCommand):
    help = (
        "Kiểm tra chữ ký số của một tệp PDF (bất kỳ bản sao nào của quyết định đã ký): người ký, thời gian "
        "ký, chữ ký còn nguyên vẹn và bao trùm toàn bộ tệp không, chứng thư có nối tới chứng thư gốc tin cậy "
        "(SIGNING_TRUST_ROOTS) không. Trả mã 0 khi hợp lệ, 1 khi tệp đã bị sửa, 2 khi không xác định được."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp PDF cần kiểm tra.")

    def handle(self, *args, file, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(
                f"Không đọc được tệp {file}: {error.strerror}.", returncode=EXIT_UNKNOWN
            ) from error
        report = signature_check(data)
        self.stdout.write(f"Tệp: {file}")
        self.stdout.write(f"SHA-256: {report.sha256}")
        if report.signer:
            signed_at = (
                timezone.localtime(report.signed_at).strftime("%d/%m/%Y %H:%M:%S")
                if report.signed_at
                else "?"
            )
            self.stdout.write(f"Người ký: {report.signer} (số hiệu chứng thư {report.serial})")
            self.stdout.write(f"Thời gian ký (người ký khai): {signed_at}")
            self.stdout.write(f"Chữ ký nguyên vẹn: {_yes(report.intact)}")
            self.stdout.write(f"Chữ ký bao trùm toàn bộ tệp: {_yes(report.whole_file)}")
            self.stdout.write(f"Chứng thư nối tới chứng thư gốc tin cậy: {_yes(report.trusted)}")
        if report.status == VALID:
            self.stdout.write(self.style.SUCCESS("Kết quả: HỢP LỆ — văn bản không bị sửa đổi sau khi ký."))
            return
        if report.status == MODIFIED:
            raise CommandError(f"Kết quả: ĐÃ BỊ SỬA ĐỔI — {report.problem}", returncode=EXIT_MODIFIED)
        raise CommandError(f"Kết quả: KHÔNG XÁC ĐỊNH — {report.problem}", returncode=EXIT_UNKNOWN)
