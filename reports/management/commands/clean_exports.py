from django.conf import settings
from django.core.management.base import BaseCommand

from reports.services import export_jobs_clean


class Command(BaseCommand):
    help = (
        "Xoá các tệp báo cáo xuất nền cũ hơn EXPORT_RETENTION_DAYS ngày (Celery beat chạy việc này mỗi đêm)."
    )

    def handle(self, *args, **options):
        deleted = export_jobs_clean()
        self.stdout.write(f"Đã xoá {deleted} lượt xuất cũ hơn {settings.EXPORT_RETENTION_DAYS} ngày.")
