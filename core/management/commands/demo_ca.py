import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.demo_ca import demo_ca_create

PASSWORD_ENV = "SIGNING_PKCS12_PASSWORD"


class Command(BaseCommand):
    help = (
        "Tạo tổ chức cấp chứng thư CHỈ DÙNG THỬ: chứng thư gốc (root-ca.pem), chứng thư và khóa"
        " người ký trong tệp PKCS#12 (signer.p12), để chạy thử, kiểm thử ký số quyết định. Mật khẩu của "
        f"tệp PKCS#12 lấy từ --password hoặc biến môi trường {PASSWORD_ENV}."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="Thư mục ghi các tệp (tạo nếu chưa có).")
        parser.add_argument("--password", help=f"Mật khẩu của tệp PKCS#12 (mặc định: biến {PASSWORD_ENV}).")
        parser.add_argument(
            "--signer-name", default="Nguyễn Văn An", help="Họ tên người ký ghi trong chứng thư."
        )

    def handle(self, *args, output, password=None, signer_name, **options):
        password = password or os.environ.get(PASSWORD_ENV, "")
        if not password:
            raise CommandError(f"Cần mật khẩu cho tệp PKCS#12: dùng --password hoặc biến {PASSWORD_ENV}.")
        paths = demo_ca_create(output=Path(output), password=password, signer_name=signer_name)
        self.stdout.write(f"Chứng thư gốc: {paths.root}")
        self.stdout.write(f"Chứng thư và khóa người ký (PKCS#12): {paths.signer}")
        self.stdout.write(
            f"Cấu hình: SIGNING_PKCS12_PATH={paths.signer} SIGNING_TRUST_ROOTS={paths.root} "
            f"và {PASSWORD_ENV} (mật khẩu vừa dùng)."
        )
