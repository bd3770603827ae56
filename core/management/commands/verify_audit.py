from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from core.audit import verify_chain


class Command(BaseCommand):
    help = (
        "Kiểm tra chuỗi băm của nhật ký kiểm toán: báo mục đầu tiên bị sửa, bị xoá hoặc bị chèn sai thứ tự."
    )

    def handle(self, *args, **options):
        with translation.override("vi"):
            count, broken = verify_chain()
            if broken is None:
                self.stdout.write(f"Chuỗi nhật ký kiểm toán toàn vẹn: {count} mục.")
                return
            where = []
            if broken.entry_id is not None:
                where.append(f"mục nhật ký số {broken.entry_id}")
            if broken.position is not None:
                where.append(f"vị trí {broken.position} trong chuỗi")
            raise CommandError(
                f"Chuỗi nhật ký kiểm toán bị phá vỡ tại {', '.join(where) or 'cuối chuỗi'}: {broken.reason}. "
                f"{count} mục trước đó còn nguyên vẹn."
            )
