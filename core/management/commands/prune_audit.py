import datetime as dt

from auditlog.models import LogEntry
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import translation

from core import audit
from core.models import AuditSeal


class Command(BaseCommand):
    help = (
        "Xoá các mục nhật ký kiểm toán cũ hơn một ngày (chính sách lưu trữ) và niêm phong lại điểm đầu của "
        "chuỗi. Cách duy nhất được phép xoá dòng nhật ký (README, “Audit trail”)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, help="Ngày (YYYY-MM-DD): xoá các mục trước ngày này.")

    def handle(self, *args, before: str, **options):
        try:
            day = dt.date.fromisoformat(before)
        except ValueError as error:
            raise CommandError(f"Ngày không hợp lệ: {before!r} (cần dạng YYYY-MM-DD).") from error
        cutoff = dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
        with translation.override("vi"), transaction.atomic():
            head = audit.locked_head()
            # A broken chain is evidence: pruning might delete the very entry that shows the break.
            count, broken = audit.verify_chain()
            if broken is not None:
                raise CommandError(
                    "Chuỗi nhật ký kiểm toán đang bị phá vỡ; chạy verify_audit, xử lý rồi mới xoá mục cũ."
                )
            if connection.vendor == "postgresql":
                # Only for this transaction: the triggers of core migration 0002 let these deletions through.
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config(%s, 'on', true)", [audit.RETENTION_SETTING])
            # The chain keeps its order: what goes is the run of oldest entries before the first one to keep.
            first_kept = (
                AuditSeal.objects.filter(
                    entry_id__in=LogEntry.objects.filter(timestamp__gte=cutoff).values("pk")
                )
                .order_by("position")
                .first()
            )
            cut = first_kept.position if first_kept else head.position + 1
            start_previous = first_kept.previous_hash if first_kept else head.last_hash
            old = AuditSeal.objects.filter(position__lt=cut)
            entry_ids = list(old.values_list("entry_id", flat=True))
            old.delete()
            LogEntry.objects.filter(pk__in=entry_ids).delete()
            head.start_position, head.start_previous_hash = cut, start_previous
            head.start_hash = audit.anchor_hash(cut, start_previous)
            head.save(update_fields=["start_position", "start_previous_hash", "start_hash"])
            audit.record_access(
                audit.PRUNED, username="prune_audit", before=day.isoformat(), deleted=len(entry_ids)
            )
        self.stdout.write(
            f"Đã xoá {len(entry_ids)} mục nhật ký trước ngày {day:%d/%m/%Y}; "
            f"chuỗi bắt đầu lại tại vị trí {cut}."
        )
