from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.enums import NotificationKind


class Notification(models.Model):
    """One message to one user, shown under the bell until read; the same text went by e-mail."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    subject = models.CharField(_("subject"), max_length=255)
    text = models.TextField(_("text"))
    link = models.CharField(_("link"), max_length=255, blank=True)  # a path of this site, from reverse()
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The bell's count: a user's unread ones.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self):
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class MessageTemplate(models.Model):
    """The standing office's wording of one kind of message; the default in notifications/messages.py is
    used while none is stored. Its placeholders are checked against the kind's when saved."""

    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices, unique=True)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")

    def __str__(self):
        return self.get_kind_display()

    def clean(self):
        from notifications.messages import check_message

        check_message(self.kind, subject=self.subject, body=self.body)


class Reminder(models.Model):
    """The log of a deadline reminder: which unit, for which deadline, how many days before, to whom, when.
    Written before the reminder is sent, in the same transaction: the unique constraint makes a second
    run (even one running at the same moment) skip what the first has sent."""

    unit = models.ForeignKey(
        "departments.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.ForeignKey(
        "emulation.Deadline", verbose_name=_("deadline"), on_delete=models.CASCADE, related_name="+"
    )
    days_before = models.PositiveSmallIntegerField(_("days before"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="+"
    )
    closes_at = models.DateTimeField(_("closes at"))  # the unit's own closing time, its extension's if any
    email = models.EmailField(_("e-mail address"), blank=True)  # "" when the recipient has none
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "deadline", "days_before", "recipient"], name="reminder_once_per_offset"
            ),
        ]

    def __str__(self):
        return f"{self.unit} — {self.deadline} — {self.days_before}"
