"""Writes to units and staff. Each service validates, saves atomically and returns the saved object."""

from typing import Any

from django.db import transaction
from django.db.models import F

from core.locking import stale_error
from departments.models import Staff, StaffYear, Unit, fold_text, name_sort_key


def _search_text(staff: Staff) -> str:
    return fold_text(f"{staff.full_name} {staff.code} {staff.position}")


@transaction.atomic
def staff_create(*, unit: Unit, data: dict[str, Any]) -> Staff:
    """Add a staff member to `unit`. Raises ValidationError (nothing written) on bad data."""
    staff = Staff(unit=unit, **data)
    staff.search_text = _search_text(staff)
    staff.sort_key = name_sort_key(staff.full_name)
    staff.full_clean()
    staff.save()
    return staff


@transaction.atomic
def staff_update(*, staff: Staff, version: int, data: dict[str, Any]) -> Staff:
    """Change a staff member read at `version`; refuses if someone saved in between (no lost update)."""
    for field, value in data.items():
        setattr(staff, field, value)
    staff.search_text = _search_text(staff)
    staff.sort_key = name_sort_key(staff.full_name)
    staff.full_clean()
    fields = {name: getattr(staff, name) for name in [*data, "search_text", "sort_key"]}
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
