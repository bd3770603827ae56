"""Apply a reorganisation of units described in a JSON file (format in README.md), all or nothing."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.formats import vn_date
from departments.reorganisation import unit_reorganise


class Command(BaseCommand):
    help = (
        "Áp dụng việc sắp xếp lại đơn vị (thành lập, đổi tên, sáp nhập, chia tách, giải thể) mô tả trong "
        "tệp JSON: tất cả hoặc không gì cả; in ra những gì đã thay đổi."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp JSON mô tả các sự kiện (xem README).")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ in ra, không ghi gì.")

    def handle(self, *args, file, dry_run=False, **options):
        try:
            described = json.loads(Path(file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Không đọc được tệp {file}: {error}") from error
        steps = described.get("events") if isinstance(described, dict) else described
        if not isinstance(steps, list) or not steps:
            raise CommandError("Tệp phải có danh sách sự kiện “events”.")
        try:
            with transaction.atomic():
                done = unit_reorganise(steps=steps)
                self._print(done)
                if dry_run:
                    transaction.set_rollback(True)
        except ValidationError as error:
            raise CommandError("Không ghi gì. " + " ".join(error.messages)) from error
        if dry_run:
            self.stdout.write("Chạy thử (--dry-run): không ghi gì.")

    def _print(self, done):
        moved = 0
        for change in done:
            event = change.event
            units = ", ".join(f"{unit.code} ({unit.name})" for unit in event.units.all())
            line = f"{vn_date(event.date)} {event.get_kind_display()} {units}"
            if event.old_name:
                line += f": “{event.old_name}” → “{event.new_name}”"
            successors = ", ".join(unit.code for unit in event.successors.all())
            if successors:
                line += f" → {successors}"
            self.stdout.write(f"{line} — {event.decision_number}")
            for staff, source, target in change.moved:
                self.stdout.write(
                    f"  {staff.code} {staff.full_name}: {source.code} → {target.code if target else '—'}"
                )
            moved += len(change.moved)
        self.stdout.write(f"Tổng cộng: {len(done)} sự kiện, {moved} lượt người chuyển đơn vị.")
