from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from awards.demo import decisions_ensure, rewards_ensure
from emulation import demo
from emulation.models import Campaign
from initiatives.demo import initiatives_ensure


class Command(BaseCommand):
    help = (
        "Nạp kế hoạch thi đua năm 2018 cùng dữ liệu mẫu (đơn vị, công chức, viên chức, kết quả các năm), "
        "tạo phong trào thi đua cho năm chỉ định từ kế hoạch 2018 và các tài khoản demo (chỉ khi DEBUG bật). "
        "Chạy lại nhiều lần không tạo thêm dữ liệu trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            type=int,
            help="Năm của phong trào thi đua cần tạo (mặc định: năm gần nhất chưa qua hạn đăng ký 15/01).",
        )

    def handle(self, *args, year=None, **options):
        year = year or demo.default_demo_year(timezone.now())
        try:
            with transaction.atomic():
                result = demo.seed_demo(year=year, with_accounts=settings.DEBUG)
                if settings.DEBUG:
                    # The demo initiatives name the demo council and secretaries: only with the logins.
                    plan = Campaign.objects.get(year=demo.SOURCE_YEAR)
                    rewards_ensure(campaign=plan)
                    with demo.deadlines_ahead(plan):
                        initiatives_ensure(campaign=plan)
                        decisions_ensure(campaign=plan)
                demo.reorganisation_2025_ensure(plan=Campaign.objects.get(year=demo.SOURCE_YEAR))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

        self.stdout.write(
            f"Đã nạp kế hoạch thi đua năm {demo.SOURCE_YEAR}: {len(demo.UNITS)} đơn vị, "
            f"{result.staff_count} công chức, viên chức và người lao động."
        )
        if result.campaign_created:
            self.stdout.write(f"Đã tạo phong trào thi đua năm {year} từ kế hoạch năm {demo.SOURCE_YEAR}.")
        else:
            self.stdout.write(f"Phong trào thi đua năm {year} đã có, giữ nguyên.")

        if not settings.DEBUG:
            self.stdout.write(
                self.style.WARNING(
                    "DEBUG đang tắt nên không tạo tài khoản demo: mật khẩu chung chỉ dùng khi chạy thử."
                )
            )
            return
        self._print_accounts(result.accounts)
        self._demo_ca()

    def _demo_ca(self):
        """The demo's signing certificate (README, "Signed decisions"), created once under var/demo-ca/, when
        the settings point there (DEBUG without SIGNING_PKCS12_PATH)."""
        from pathlib import Path

        from core.demo_ca import SIGNER_FILE, demo_ca_create

        folder = Path(settings.DEMO_CA_DIR)
        if Path(settings.SIGNING_PKCS12_PATH) != folder / SIGNER_FILE or (folder / SIGNER_FILE).exists():
            return
        demo_ca_create(output=folder, password=settings.SIGNING_PKCS12_PASSWORD, signer_name="Lê Văn Hòa")
        self.stdout.write(
            f"Đã tạo chứng thư ký số CHỈ DÙNG THỬ cho Giám đốc (ký số quyết định) tại {folder}."
        )

    def _print_accounts(self, accounts):
        units = {spec.code: spec.name for spec in demo.UNITS}
        rows = [("Tên đăng nhập", "Họ và tên", "Vai trò", "Đơn vị")]
        for account in accounts:
            unit = units[account.unit_code] if account.unit_code else "—"
            rows.append(
                (
                    account.username,
                    f"{account.last_name} {account.first_name}",
                    demo.account_roles(account),
                    unit,
                )
            )
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Tài khoản demo (mật khẩu chung: {demo.DEMO_PASSWORD}):"))
        for row in rows:
            # The last column is the longest and needs no padding.
            cells = [row[column].ljust(widths[column]) for column in range(3)]
            self.stdout.write("  ".join([*cells, row[3]]))
