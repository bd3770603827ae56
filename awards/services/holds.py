"""Writes of holds ("tạm hoãn xét") and discipline periods (NĐ 152/2025 Art 4 k4), by the standing office."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import DisciplinePeriod, StaffHold
from core.audit import update_logged
from core.errors import field_error, refuse_duplicate
from core.formats import vn_date
from core.validators import check_document_number
from departments.models import Staff


def _refuse_future(value: dt.date, *, field: str) -> None:
    # A hold or a discipline period is recorded once it has begun: a date ahead is a typing error.
    if value > timezone.localdate():
        raise field_error(
            field, _("The date %(date)s is in the future.") % {"date": vn_date(value)}, "future_date"
        )


@transaction.atomic
def hold_add(
    *, by, staff: Staff, kind: str, reason: str, starts_on: dt.date, document: str = ""
) -> StaffHold:
    """Hold a person from consideration from `starts_on` (today or before) for `kind`. Refuses a second open
    hold of the same kind for the same person."""
    if not by.has_perm("awards.record_hold"):
        raise PermissionDenied(_("You are not allowed to do this."))
    if not reason.strip():
        raise field_error("reason", _("Write why the person is held."), "no_reason")
    _refuse_future(starts_on, field="starts_on")
    hold = StaffHold(
        staff=staff,
        kind=kind,
        reason=reason.strip(),
        starts_on=starts_on,
        document=document.strip(),
        recorded_by=by,
    )
    hold.full_clean(validate_constraints=False)
    duplicate = ValidationError(_("This person is already held for this reason."), code="duplicate")
    if StaffHold.objects.filter(staff=staff, kind=kind, ends_on__isnull=True).exists():
        raise duplicate
    with refuse_duplicate(duplicate):  # the same hold recorded twice at the same moment
        hold.save()
    return hold


@transaction.atomic
def hold_lift(*, by, hold: StaffHold, ends_on: dt.date) -> StaffHold:
    """Lift a hold as of `ends_on` (the person may be considered again from that day): not before it
    started, not in the future, once."""
    if not by.has_perm("awards.record_hold"):
        raise PermissionDenied(_("You are not allowed to do this."))
    hold = StaffHold.objects.select_for_update().get(pk=hold.pk)
    if hold.ends_on is not None:
        raise ValidationError(_("This hold is already lifted."), code="already_lifted")
    _refuse_future(ends_on, field="ends_on")
    if ends_on < hold.starts_on:
        raise field_error(
            "ends_on",
            _("A hold cannot be lifted before it started (%(date)s).") % {"date": vn_date(hold.starts_on)},
            "before_start",
        )
    update_logged(StaffHold.objects.filter(pk=hold.pk), ends_on=ends_on, lifted_by=by)
    hold.refresh_from_db()
    return hold


@transaction.atomic
def discipline_period_add(
    *, by, staff: Staff, level: str, decision_number: str, starts_on: dt.date, ends_on: dt.date
) -> DisciplinePeriod:
    """Record a disciplinary measure in effect from `starts_on` until `ends_on` (the day it has been served).
    Refuses a start in the future, an end not after the start, and a period overlapping another of the
    same person (the person's row is locked, so two at once cannot both pass)."""
    if not by.has_perm("awards.record_hold"):
        raise PermissionDenied(_("You are not allowed to do this."))
    decision_number = check_document_number(decision_number, field="decision_number")
    _refuse_future(starts_on, field="starts_on")
    if ends_on <= starts_on:
        raise field_error("ends_on", _("A discipline period must end after it starts."), "ends_before_start")
    Staff.objects.select_for_update().filter(pk=staff.pk).first()
    overlapping = (
        DisciplinePeriod.objects.filter(staff=staff, starts_on__lt=ends_on, ends_on__gt=starts_on)
        .order_by("starts_on")
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            _("%(name)s is already under discipline from %(start)s to %(end)s (decision %(number)s).")
            % {
                "name": staff.full_name,
                "start": vn_date(overlapping.starts_on),
                "end": vn_date(overlapping.ends_on),
                "number": overlapping.decision_number,
            },
            code="overlap",
        )
    period = DisciplinePeriod(
        staff=staff,
        level=level,
        decision_number=decision_number,
        starts_on=starts_on,
        ends_on=ends_on,
        recorded_by=by,
    )
    period.full_clean()
    period.save()
    return period
