"""Writes to the reward history."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from awards.enums import (
    RecordSource,
    RewardKind,
)
from awards.models import (
    RewardRecord,
)
from core.errors import field_error
from departments.models import Staff, Unit
from emulation.models import Campaign, Title


@transaction.atomic
def reward_record_add(
    *,
    by,
    year: int,
    title: Title,
    decision_number: str,
    staff: Staff | None = None,
    unit: Unit | None = None,
    decision_date: dt.date | None = None,
    issued_by: str = "",
    note: str = "",
    source: str = RecordSource.MANUAL,
    kind: str = RewardKind.ANNUAL,
) -> RewardRecord:
    """Add a title or reward to a person's or a unit's history (one of the two). Refuses a duplicate.

    By hand (`source` MANUAL) only for a year the system runs no campaign for: a campaign's rewards come
    from its decisions, after the council's vote and within the CSTĐCS cap, and from the higher level's
    results recorded on the nominees it proposed. A hand entry for such a year would bypass all of them."""
    if source == RecordSource.MANUAL:
        if not by.has_perm("awards.record_reward"):
            raise PermissionDenied(_("You are not allowed to do this."))
        if Campaign.objects.filter(year=year).exists():
            raise field_error(
                "year",
                _(
                    "The system runs the %(year)s campaign: that year's rewards are written by its "
                    "decisions, not by hand. Entry by hand is for the years before the system."
                )
                % {"year": year},
                "system_year",
            )
    record = RewardRecord(
        year=year,
        title=title,
        staff=staff,
        unit=unit,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        issued_by=issued_by.strip(),
        note=note.strip(),
        source=source,
        kind=kind,
        entered_by=by,
    )
    record.full_clean()
    record.save()
    return record
