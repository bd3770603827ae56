import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from core.formats import vn_date
from notifications.reminders import reminders_send


def _date(value: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()  # noqa: DTZ007 -- a calendar date, no time
        except ValueError:
            continue
    raise CommandError(f"--today: not a date: {value!r} (write 2018-01-08 or 08/01/2018)")


class Command(BaseCommand):
    help = (
        "Send the deadline reminders due today to the units that have not acted (once each); "
        "run it daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list what would be sent, send nothing")
        parser.add_argument("--today", type=_date, help="run as on this date (YYYY-MM-DD or DD/MM/YYYY)")

    def handle(self, *args, dry_run=False, today=None, **options):
        sent, failed = reminders_send(today=today, dry_run=dry_run)
        verb = "would send" if dry_run else "sent"
        for reminder in sent:
            self.stdout.write(
                f"{verb}: {reminder.unit.code} — {reminder.deadline.get_kind_display()} "
                f"(closes {vn_date(reminder.closes_at, with_time=True)}), "
                f"{reminder.days_before} days before, "
                f"to {reminder.recipient.username} <{reminder.recipient.email or '-'}>"
            )
        for reminder in failed:
            self.stderr.write(
                f"not sent (mail server): {reminder.unit.code} to {reminder.recipient.username}"
            )
        self.stdout.write(f"{len(sent)} reminder(s) {verb}, {len(failed)} failed.")
        if failed:
            raise CommandError("some reminders could not be sent; the next run tries them again")
