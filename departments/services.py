"""Writes to units and staff. Each service validates, saves atomically and returns the saved object."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import update_logged
from core.errors import refuse_duplicate
from core.formats import vn_date
from core.locking import stale_error
from departments.models import (
    DepartmentPeriod,
    Membership,
    Staff,
    StaffYear,
    Unit,
    UnitYear,
    fold_text,
    name_sort_key,
    position_rank,
)

ONE_DAY = dt.timedelta(days=1)

# The columns derived from a staff member's name and post, kept for searching and ordering.
_KEYS = ("search_text", "sort_key", "position_rank")


def _set_keys(staff: Staff) -> None:
    staff.search_text = fold_text(f"{staff.full_name} {staff.code} {staff.position}")
    staff.sort_key = name_sort_key(staff.full_name)
    staff.position_rank = position_rank(staff.position)


@transaction.atomic
def staff_create(*, unit: Unit, data: dict[str, Any]) -> Staff:
    """Add a staff member to `unit`. Raises ValidationError (nothing written) on bad data."""
    staff = Staff(unit=unit, **data)
    _set_keys(staff)
    staff.full_clean()
    staff.save()
    if not unit.exists_on(staff.recruited_on):
        raise ValidationError(_unit_missing(unit, staff.recruited_on), code="unit_missing")
    _membership_write(Membership(staff=staff, unit=unit, starts_on=staff.recruited_on, ends_on=staff.left_on))
    return staff


@transaction.atomic
def staff_update(*, staff: Staff, version: int, data: dict[str, Any]) -> Staff:
    """Change a staff member read at `version`; refuses if someone saved in between (no lost update).
    The unit changes only through staff_move (a dated move); the first membership follows the
    recruitment date and the last one the leaving date."""
    if "unit" in data and data["unit"] != staff.unit:
        raise ValidationError(
            _("A person changes unit through “Move to another unit”, with the date of the move."),
            code="unit_changed",
        )
    data = {field: value for field, value in data.items() if field != "unit"}
    for field, value in data.items():
        setattr(staff, field, value)
    _set_keys(staff)
    staff.full_clean()
    fields = {name: getattr(staff, name) for name in [*data, *_KEYS]}
    updated = update_logged(
        Staff.objects.filter(pk=staff.pk, version=version), version=F("version") + 1, **fields
    )
    if not updated:
        raise stale_error()
    staff.refresh_from_db()
    _memberships_follow_dates(staff)
    return staff


@transaction.atomic
def staff_year_save(*, staff: Staff, year: int, version: int | None, data: dict[str, Any]) -> StaffYear:
    """Create the record of `staff` for `year` (version None) or update it if read at `version`."""
    if version is None:
        record = StaffYear(staff=staff, year=year, **data)
        record.full_clean()
        record.save()
        return record
    record = StaffYear.objects.get(staff=staff, year=year)
    for field, value in data.items():
        setattr(record, field, value)
    record.full_clean()
    updated = update_logged(
        StaffYear.objects.filter(pk=record.pk, version=version), version=F("version") + 1, **data
    )
    if not updated:
        raise stale_error()
    record.refresh_from_db()
    return record


@dataclass(frozen=True)
class YearRow:
    """One line of a unit's yearly sheet: the record of `staff` to write, read at `version` (None: new)."""

    staff: Staff
    version: int | None
    data: dict[str, Any]
    # Where the line came from, to name it in an error: the staff member's name, or "Dòng 7" of a workbook.
    label: str = ""


@transaction.atomic
def staff_years_save_all(*, year: int, rows: list[YearRow]) -> int:
    """Write every row of a unit's yearly sheet, or none: a refused row rolls all of them back and the
    error names each refused row. Returns the number of records written."""
    errors = []
    for row in rows:
        try:
            staff_year_save(staff=row.staff, year=year, version=row.version, data=row.data)
        except ValidationError as error:
            errors.extend(f"{row.label or row.staff.full_name}: {message}" for message in error.messages)
    if errors:
        raise ValidationError(errors, code="rows_refused")
    return len(rows)


@transaction.atomic
def unit_year_save(*, unit: Unit, year: int, task_grade: str, note: str, by, version: int | None) -> UnitYear:
    """Record the standing office's grade of `unit` for `year` (version None: the first time), or change
    the one read at `version`. Refused, nothing written, for anyone but the standing office, for a year not
    yet begun, without a grade, or on a stale form."""
    if not by.has_perm("departments.grade_unit"):
        raise PermissionDenied(_("You are not allowed to do this."))
    if year > timezone.localdate().year:
        raise ValidationError(_("A year that has not begun cannot be graded."), code="future")
    record = UnitYear.objects.select_for_update().filter(unit=unit, year=year).first()
    if (record is None) != (version is None) or (record is not None and record.version != version):
        raise stale_error()
    record = record or UnitYear(unit=unit, year=year)
    record.task_grade, record.note = task_grade, note.strip()
    if record.pk:
        record.version += 1
    record.full_clean()
    # A first grade saved twice at the same moment: the second finds the row the first made.
    with refuse_duplicate(stale_error()):
        record.save()
    return record


# --- The department's names over time ----------------------------------------------------------------


@transaction.atomic
def department_period_change(*, on: dt.date, data: dict[str, Any]) -> DepartmentPeriod:
    """From `on`, the department is named by `data` (governing_body, name, abbreviation, place_name,
    decision_number, note): the open period ends the day before, a new open period begins. Refuses,
    writing nothing, when `on` is not after the open period's start or a later period exists."""
    current = DepartmentPeriod.objects.select_for_update().filter(valid_to__isnull=True).first()
    if current is not None:
        if on <= current.valid_from:
            raise ValidationError(
                _("The new names must begin after %(date)s, when the current ones began.")
                % {"date": vn_date(current.valid_from)},
                code="overlap",
            )
        current.valid_to = on - ONE_DAY
        current.full_clean()
        current.save(update_fields=["valid_to", "updated_at"])
    period = DepartmentPeriod(valid_from=on, **data)
    period.full_clean()
    period.save()
    return period


# --- Dated membership of units -------------------------------------------------------------------------


def _unit_missing(unit: Unit, day: dt.date) -> str:
    return _("The unit %(unit)s does not exist on %(date)s.") % {"unit": unit.name, "date": vn_date(day)}


def _membership_write(membership: Membership) -> Membership:
    """Save `membership` unless it overlaps another of the same person (the caller holds the staff lock),
    then keep Staff.unit equal to the person's last membership."""
    membership.full_clean()
    others = Membership.objects.filter(staff=membership.staff_id).exclude(pk=membership.pk)
    others = others.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=membership.starts_on))
    if membership.ends_on is not None:
        others = others.filter(starts_on__lte=membership.ends_on)
    clash = others.select_related("unit").first()
    if clash:
        raise ValidationError(
            _("%(name)s would be in two units on one day: already in %(unit)s from %(date)s.")
            % {"name": membership.staff.full_name, "unit": clash.unit.name, "date": vn_date(clash.starts_on)},
            code="membership_overlap",
        )
    membership.save()
    last = Membership.objects.filter(staff=membership.staff_id).order_by("-starts_on").first()
    update_logged(Staff.objects.filter(pk=membership.staff_id).exclude(unit=last.unit_id), unit=last.unit_id)
    return membership


def _lock_staff(staff: Staff) -> Staff:
    return Staff.objects.select_for_update().get(pk=staff.pk)


def _memberships_follow_dates(staff: Staff) -> None:
    """The first membership starts on the recruitment date, the last one ends on the leaving date."""
    staff = _lock_staff(staff)
    memberships = list(staff.memberships.order_by("starts_on"))
    if not memberships:
        return
    first, last = memberships[0], memberships[-1]
    if first.starts_on != staff.recruited_on:
        first.starts_on = staff.recruited_on
        _membership_write(first)
    if last.ends_on != staff.left_on:
        if staff.left_on is not None and staff.left_on < last.starts_on:
            raise ValidationError(
                _("The leaving date cannot be before the person joined %(unit)s on %(date)s.")
                % {"unit": last.unit.name, "date": vn_date(last.starts_on)},
                code="left_before_move",
            )
        last.ends_on = staff.left_on
        _membership_write(last)


@transaction.atomic
def staff_move(*, staff: Staff, unit: Unit, on: dt.date, by=None) -> Membership:
    """`staff` belongs to `unit` from `on`: the open membership ends the day before (a person whose unit
    was dissolved just joins `unit`). Refuses, writing nothing, when the open membership began on or after
    `on`, the person already is in `unit` or has left, or `unit` does not exist on `on`."""
    staff = _lock_staff(staff)
    if staff.left_on is not None:
        raise ValidationError(
            _("%(name)s has left: a person who has left cannot be moved.") % {"name": staff.full_name},
            code="has_left",
        )
    if not unit.exists_on(on):
        raise ValidationError(_unit_missing(unit, on), code="unit_missing")
    current = staff.memberships.filter(ends_on__isnull=True).select_related("unit").first()
    if current is None:
        # The person's unit was dissolved: they join `unit` from `on` (the overlap check still applies).
        return _membership_write(Membership(staff=staff, unit=unit, starts_on=on))
    if current.unit_id == unit.pk:
        raise ValidationError(
            _("%(name)s is already in %(unit)s.") % {"name": staff.full_name, "unit": unit.name},
            code="same_unit",
        )
    if on <= current.starts_on:
        raise ValidationError(
            _("The move must be after %(date)s, when %(name)s joined %(unit)s.")
            % {"date": vn_date(current.starts_on), "name": staff.full_name, "unit": current.unit.name},
            code="membership_overlap",
        )
    current.ends_on = on - ONE_DAY
    _membership_write(current)
    return _membership_write(Membership(staff=staff, unit=unit, starts_on=on))


# --- Staff from a workbook -----------------------------------------------------------------------------


class _DryRun(Exception):
    """Rolls a dry run's writes back after they were all checked."""


@transaction.atomic
def staff_import(*, lines: list, dry_run: bool = False, on: dt.date | None = None):
    """Write the staff lines read from a workbook (departments.staffimport.read_staff_workbook), all or
    none: a person matched by staff code is updated (staff_update) and moved when the unit differs
    (staff_move, from the line's date or `on`, default today); anyone else is created (staff_create), so
    memberships stay right. A code already used by someone of another name is refused. Raises
    ValidationError naming every refused row, with nothing written. `dry_run` checks every line the same way,
    then writes nothing. Returns the ImportSummary."""
    from departments.staffimport import STAFF_FIELDS, ImportSummary

    on = on or timezone.localdate()
    summary = ImportSummary(dry_run=dry_run)
    errors = []
    existing = {staff.code: staff for staff in Staff.objects.filter(code__in=[line.code for line in lines])}
    try:
        with transaction.atomic():
            for line in lines:
                staff = existing.get(line.code)
                try:
                    with transaction.atomic():
                        if staff is None:
                            staff_create(unit=line.unit, data={"code": line.code, **line.data})
                            summary.created.append(line.code)
                            continue
                        if fold_text(" ".join(staff.full_name.split())) != fold_text(line.data["full_name"]):
                            raise ValidationError(
                                _("this staff code belongs to another person, %(name)s.")
                                % {"name": staff.full_name}
                            )
                        moved = staff.unit_id != line.unit.pk
                        if moved:
                            staff_move(staff=staff, unit=line.unit, on=line.moved_on or on)
                            staff.refresh_from_db()
                        changes = {
                            name: line.data[name]
                            for name in STAFF_FIELDS
                            if getattr(staff, name) != line.data[name]
                        }
                        if changes:
                            staff_update(staff=staff, version=staff.version, data=changes)
                        if moved or changes:
                            summary.updated.append(line.code)
                            if moved:
                                summary.moved.append(line.code)
                        else:
                            summary.unchanged.append(line.code)
                except ValidationError as error:
                    errors.append(f"{line.label}: " + " ".join(error.messages))
            if errors:
                raise ValidationError(errors, code="rows_refused")
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return summary
