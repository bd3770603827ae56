"""Writes to units and staff. Each service validates, saves atomically and returns the saved object."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import refuse_duplicate
from core.locking import stale_error
from departments.models import Staff, StaffYear, Unit, UnitYear, fold_text, name_sort_key, position_rank

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
    return staff


@transaction.atomic
def staff_update(*, staff: Staff, version: int, data: dict[str, Any]) -> Staff:
    """Change a staff member read at `version`; refuses if someone saved in between (no lost update)."""
    for field, value in data.items():
        setattr(staff, field, value)
    _set_keys(staff)
    staff.full_clean()
    fields = {name: getattr(staff, name) for name in [*data, *_KEYS]}
    updated = Staff.objects.filter(pk=staff.pk, version=version).update(version=F("version") + 1, **fields)
    if not updated:
        raise stale_error()
    staff.refresh_from_db()
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
    updated = StaffYear.objects.filter(pk=record.pk, version=version).update(version=F("version") + 1, **data)
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
