"""Is it open? The one answer for every workflow, page and service: a campaign's deadline for one kind of
work (and phase), for one unit, at one instant, with the unit's extension taken into account.

Pages call `deadline_status` to show what is open; services call `write_guard` inside the transaction of
the write it guards, which also refuses every write to a closed campaign.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import update_logged
from core.formats import vn_date
from departments.models import Unit
from emulation.models import Campaign, Deadline, Extension, Phase


class DeadlineState(models.TextChoices):
    OPEN = "open", gettext_lazy("Open")
    EXTENDED = "extended", gettext_lazy("Open by extension")
    CLOSED = "closed", gettext_lazy("Closed")

    @property
    def colour(self) -> str:
        return {"open": "success", "extended": "warning", "closed": "danger"}[self.value]


@dataclass(frozen=True)
class DeadlineStatus:
    state: DeadlineState
    deadline: Deadline | None  # None: the campaign sets no such deadline, so the work is open
    extension: Extension | None  # the unit's active extension, whether or not it is needed yet

    @property
    def is_open(self) -> bool:
        return self.state != DeadlineState.CLOSED

    @property
    def closes_at(self) -> dt.datetime | None:
        if self.extension is not None:
            return self.extension.due_at
        return self.deadline.due_at if self.deadline else None

    @property
    def last_day(self) -> dt.date | None:
        closes_at = self.closes_at
        return timezone.localtime(closes_at - dt.timedelta(microseconds=1)).date() if closes_at else None

    def days_left(self, at: dt.datetime | None = None) -> int | None:
        """Whole days to the last day allowed; 0 is today, negative once closed."""
        last_day = self.last_day
        return None if last_day is None else (last_day - timezone.localtime(at or timezone.now()).date()).days


def deadline_of(campaign: Campaign, kind: str, phase: Phase | None = None) -> Deadline | None:
    return next((d for d in campaign.deadlines.all() if d.kind == kind and d.phase_id == _pk(phase)), None)


def _pk(phase):
    return phase.pk if phase is not None else None


def deadline_status(
    campaign: Campaign,
    kind: str,
    unit: Unit | None = None,
    phase: Phase | None = None,
    at: dt.datetime | None = None,
    *,
    lock: bool = False,
) -> DeadlineStatus:
    """Open before the deadline's instant; after it, open for `unit` until its active extension's time."""
    deadline = deadline_of(campaign, kind, phase)
    if deadline is None:
        return DeadlineStatus(DeadlineState.OPEN, None, None)
    return status_of(deadline, unit, at, lock=lock)


def status_of(
    deadline: Deadline, unit: Unit | None = None, at: dt.datetime | None = None, *, lock: bool = False
) -> DeadlineStatus:
    extension = None
    if unit is not None:
        extensions = Extension.objects.filter(deadline=deadline, unit=unit, revoked_at__isnull=True)
        extension = (extensions.select_for_update() if lock else extensions).first()
    return status_with(deadline, extension, at)


def status_with(
    deadline: Deadline | None, extension: Extension | None, at: dt.datetime | None = None
) -> DeadlineStatus:
    """The status under `deadline` (None: the campaign sets none) of a unit whose active extension is
    `extension`, read beforehand (a list of many units reads their extensions in one query)."""
    if deadline is None:
        return DeadlineStatus(DeadlineState.OPEN, None, None)
    at = at or timezone.now()
    if at < deadline.due_at:
        return DeadlineStatus(DeadlineState.OPEN, deadline, extension)
    if extension is not None and at < extension.due_at:
        return DeadlineStatus(DeadlineState.EXTENDED, deadline, extension)
    return DeadlineStatus(DeadlineState.CLOSED, deadline, extension)


def refuse_if_closed(campaign: Campaign) -> None:
    if campaign.closed:
        raise ValidationError(
            _("The %(year)s campaign is closed: nothing can be changed.") % {"year": campaign.year},
            code="closed",
        )


def write_guard(
    *, campaign: Campaign, kind: str | None = None, unit: Unit | None = None, phase: Phase | None = None
) -> None:
    """Refuse (ValidationError) a write to a closed campaign, or one that `kind`'s deadline has closed for
    `unit`. The first write that passes only thanks to an extension marks it used; from then on it cannot
    be revoked. Call inside the transaction of the write it guards."""
    refuse_if_closed(campaign)
    if kind is None:
        return
    status = deadline_status(campaign, kind, unit, phase, lock=True)
    if status.state == DeadlineState.EXTENDED:
        if status.extension.used_at is None:
            update_logged(
                Extension.objects.filter(pk=status.extension.pk, used_at__isnull=True), used_at=timezone.now()
            )
        return
    if status.state == DeadlineState.CLOSED:
        raise ValidationError(
            _(
                "The deadline “%(what)s” has passed (before %(date)s). Nothing was saved. "
                "Ask the standing office for an extension if your unit needs one."
            )
            % {"what": status.deadline.get_kind_display(), "date": vn_date(status.deadline.before_date)},
            code="deadline_closed",
        )
