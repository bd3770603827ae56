import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from emulation import demo
from home.scale import MIN_UNIT_SIZE, PASSWORD, scale_refusal, seed_scale


class Command(BaseCommand):
    help = (
        "Nạp bộ dữ liệu quy mô tỉnh (TỔNG HỢP, chỉ để đo hiệu năng và dùng thử): các đơn vị, công chức, "
        "viên chức với bốn năm kết quả, một phong trào thi đua đi hết từ đăng ký đến quyết định khen thưởng, "
        "sáng kiến, hồ sơ, phiên họp Hội đồng, lịch sử khen thưởng. Ghi hàng loạt (bulk_create, COPY trên "
        "PostgreSQL) nên không qua các dịch vụ, save() và nhật ký kiểm toán. Chỉ chạy trên một cơ sở dữ liệu "
        "mới (vừa migrate). Cùng tham số và --seed cho cùng dữ liệu."
    )

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=1009, help="Số đơn vị (mặc định 1009).")
        parser.add_argument(
            "--staff", type=int, default=30080, help="Số công chức, viên chức (mặc định 30080)."
        )
        parser.add_argument("--seed", type=int, default=12, help="Hạt giống ngẫu nhiên (mặc định 12).")
        parser.add_argument(
            "--year",
            type=int,
            default=demo.SOURCE_YEAR,
            help=f"Năm của phong trào (mặc định {demo.SOURCE_YEAR}, chính kế hoạch mẫu; năm khác: bản sao).",
        )

    def handle(self, *args, units, staff, seed, year, **options):
        if units < 1:
            raise CommandError("Số đơn vị phải ít nhất là 1.")
        if staff < MIN_UNIT_SIZE * units:
            raise CommandError(
                f"Cần ít nhất {MIN_UNIT_SIZE} người mỗi đơn vị: {units} đơn vị cần từ "
                f"{MIN_UNIT_SIZE * units} công chức, viên chức trở lên."
            )
        if refusal := scale_refusal():
            raise CommandError(refusal)
        started = time.perf_counter()
        try:
            result = seed_scale(units=units, staff=staff, seed=seed, year=year)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        seconds = time.perf_counter() - started

        counts = ", ".join(f"{name} {number}" for name, number in result.counts.items())
        self.stdout.write(f"Đã nạp bộ dữ liệu quy mô tỉnh (phong trào năm {result.campaign.year}): {counts}.")
        self.stdout.write(f"Thời gian: {seconds:.1f} s")
        self.stdout.write(self.style.SUCCESS(f"Tài khoản (mật khẩu chung: {PASSWORD}):"))
        for username, role, unit in result.accounts:
            self.stdout.write(f"  {username:<14} {role:<34} {unit}")
