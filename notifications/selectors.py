from django.db.models import QuerySet

from notifications.models import Notification, Reminder


def notifications_visible_to(user) -> QuerySet[Notification]:
    """A user sees only their own notifications; anyone else's is a 404."""
    return Notification.objects.filter(recipient=user)


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def reminder_list() -> QuerySet[Reminder]:
    return Reminder.objects.select_related("unit", "deadline__campaign", "deadline__phase", "recipient")
