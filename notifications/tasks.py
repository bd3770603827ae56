"""The scheduled deadline reminders (CELERY_BEAT_SCHEDULE, daily): the entry point of `send_reminders`."""

from celery import shared_task

from notifications.reminders import reminders_send


@shared_task
def reminders_send_task() -> int:
    """Send today's reminders; safe to run twice (each is logged once). Returns how many were sent."""
    sent, _failed = reminders_send()
    return len(sent)
