"""Deadline reminders: to the secretaries of each unit that has not yet done what a deadline asks, a few
days before the unit's own closing time (its extension's, if it has one), once per (unit, deadline, number
of days before, recipient).

`reminders_send` is the one entry point: `python manage.py send_reminders` calls it (cron), and a periodic
task can call it as it is once a task engine is configured. Each reminder's log row (Reminder) is written
before the message, in the message's transaction; its unique constraint makes a second run, even one at
the same moment, skip what the first has sent (the second insert waits for the first's commit, then fails).
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from awards.enums import EDITABLE_DOSSIER_STATES, DossierState
from awards.models import Dossier
from departments.models import Unit, User
from departments.selectors import units_existing_in
from emulation.deadlines import status_of
from emulation.enums import CSTDCS_OR_HIGHER, DeadlineKind, RegistrationState
from emulation.models import Campaign, Deadline, Registration, RegistrationLine
from initiatives.enums import EDITABLE_INITIATIVE_STATES
from initiatives.models import Initiative
from notifications.enums import REMINDER_KINDS
from notifications.models import Reminder
from notifications.services import notification_send, secretaries_of

logger = logging.getLogger(__name__)

SENT_REGISTRATION = (RegistrationState.SUBMITTED, RegistrationState.ACCEPTED)


@dataclass(frozen=True)
class DueReminder:
    unit: Unit
    deadline: Deadline
    days_before: int  # the offset (7, 1…) this reminder is for
    days_left: int  # days from today to the date the plan writes ("trước ngày X")
    closes_at: dt.datetime
    recipient: User


def _registered_units(campaign: Campaign):
    return Registration.objects.filter(campaign=campaign, state__in=SENT_REGISTRATION).values("unit")


def _units_waiting(deadline: Deadline, units):
    """Of `units`, those that have not done what `deadline` asks.

    - registration: no sheet sent (none, a draft, or one returned to them);
    - nominations: registered (a sheet sent), and no dossier of the deadline's phase (any, for a deadline
      without phase) submitted or further on;
    - initiatives: registered someone for CSTĐCS or higher (who needs a recognised initiative), and filed
      no initiative (submitted or further on).
    """
    campaign = deadline.campaign
    if deadline.kind == DeadlineKind.REGISTRATION:
        return units.exclude(pk__in=_registered_units(campaign))
    if deadline.kind == DeadlineKind.NOMINATIONS:
        dossiers = Dossier.objects.filter(campaign=campaign).exclude(
            state__in=(*EDITABLE_DOSSIER_STATES, DossierState.WITHDRAWN)
        )
        if deadline.phase_id:
            dossiers = dossiers.filter(phase=deadline.phase_id)
        return units.filter(pk__in=_registered_units(campaign)).exclude(pk__in=dossiers.values("unit"))
    if deadline.kind == DeadlineKind.INITIATIVES:
        candidates = RegistrationLine.objects.filter(
            registration__campaign=campaign,
            registration__state__in=SENT_REGISTRATION,
            title__code__in=CSTDCS_OR_HIGHER,
        ).values("registration__unit")
        filed = Initiative.objects.filter(campaign=campaign).exclude(state__in=EDITABLE_INITIATIVE_STATES)
        return units.filter(pk__in=candidates).exclude(pk__in=filed.values("unit"))
    return units.none()


def reminder_days() -> list[int]:
    return sorted(set(settings.REMINDER_DAYS))


def reminders_due(today: dt.date | None = None) -> list[DueReminder]:
    """What a run on `today` (default: now) sends. For each open campaign's deadline and each waiting unit,
    the unit's own closing time is read through emulation.deadlines.status_of (an extension moves it);
    with `days_left` days to go, the reminder due is the smallest offset of at least `days_left` (a run
    missed on the 7th day before still sends the 7-day reminder on the 6th, never both it and the 1-day
    one), to each secretary who has not had it."""
    at = timezone.now() if today is None else timezone.make_aware(dt.datetime.combine(today, dt.time(12)))
    today = timezone.localdate(at)
    offsets = reminder_days()
    due = []
    campaigns = Campaign.objects.filter(closed=False, deadlines__kind__in=REMINDER_KINDS).distinct()
    for campaign in campaigns.order_by("year"):
        units = Unit.objects.filter(active=True, pk__in=units_existing_in(campaign.year).values("pk"))
        deadlines = campaign.deadlines.filter(kind__in=REMINDER_KINDS).select_related("campaign", "phase")
        for deadline in deadlines:
            for unit in _units_waiting(deadline, units).order_by("display_order", "name"):
                status = status_of(deadline, unit, at)
                if not status.is_open:
                    continue
                days_left = (status.last_day - today).days + 1
                offset = min((days for days in offsets if days >= days_left), default=None)
                if offset is None:
                    continue
                sent = set(
                    Reminder.objects.filter(unit=unit, deadline=deadline, days_before=offset).values_list(
                        "recipient_id", flat=True
                    )
                )
                due += [
                    DueReminder(unit, deadline, offset, days_left, status.closes_at, recipient)
                    for recipient in secretaries_of([unit])
                    if recipient.pk not in sent
                ]
    return due


def _link(reminder: DueReminder) -> str:
    kind, campaign = reminder.deadline.kind, reminder.deadline.campaign
    if kind == DeadlineKind.REGISTRATION:
        return reverse("emulation:registration-sheet", args=[campaign.year, reminder.unit.code])
    if kind == DeadlineKind.NOMINATIONS:
        return reverse("awards:dossier-list")
    return reverse("initiatives:initiative-list")


def _send(reminder: DueReminder) -> bool:
    """Log and send one reminder in one transaction; False when another run logged it first."""
    closes = timezone.localtime(reminder.closes_at - dt.timedelta(microseconds=1)).date()
    try:
        with transaction.atomic():
            Reminder.objects.create(
                unit=reminder.unit,
                deadline=reminder.deadline,
                days_before=reminder.days_before,
                recipient=reminder.recipient,
                closes_at=reminder.closes_at,
                email=reminder.recipient.email,
            )
            notification_send(
                kind=REMINDER_KINDS[reminder.deadline.kind],
                recipients=[reminder.recipient],
                values={
                    "nam": reminder.deadline.campaign.year,
                    "don_vi": reminder.unit.name,
                    "han": f"{closes + dt.timedelta(days=1):%d/%m/%Y}",
                    "con_lai": reminder.days_left,
                },
                link=_link(reminder),
            )
    except IntegrityError:
        return False
    logger.info(
        "reminder sent: unit %s, deadline %s, %s days before, to %s <%s>",
        reminder.unit.code,
        reminder.deadline.kind,
        reminder.days_before,
        reminder.recipient.username,
        reminder.recipient.email,
    )
    return True


def reminders_send(*, today: dt.date | None = None, dry_run: bool = False) -> tuple[list, list]:
    """Send the reminders due on `today` (default: now). Returns (sent, failed): the reminders this run
    sent, and those whose e-mail could not be sent (not logged, so the next run tries again). With
    `dry_run`, sends and writes nothing and returns what would be sent. Safe to run twice, or twice at once.
    """
    due = reminders_due(today)
    if dry_run:
        return due, []
    sent, failed = [], []
    for reminder in due:
        try:
            if _send(reminder):
                sent.append(reminder)
        except OSError:  # the mail server refused or is down (smtplib's errors are OSErrors)
            logger.exception("reminder not sent to %s", reminder.recipient.username)
            failed.append(reminder)
    return sent, failed
