"""Reads that depend on who asks. Views start every lookup here: what is not returned is a 404."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from core.formats import vn_date
from departments.enums import LINEAGE_EVENTS, UnitEventKind
from departments.models import (
    DepartmentPeriod,
    Membership,
    Staff,
    StaffYear,
    Unit,
    UnitEvent,
    UnitYear,
    fold_text,
)
from departments.rules import sees_all_units


def units_visible_to(user) -> QuerySet[Unit]:
    if sees_all_units(user):
        return Unit.objects.all()
    if user.is_authenticated and user.is_secretary and user.unit_id:
        return Unit.objects.filter(pk=user.unit_id)
    return Unit.objects.none()


def unit_list(user) -> QuerySet[Unit]:
    # Explicit order: an aggregate query is not guaranteed to keep Meta.ordering's order on PostgreSQL.
    return (
        units_visible_to(user)
        .annotate(
            staff_count=Count("staff", filter=Q(staff__left_on__isnull=True)),
            leader_count=Count("staff", filter=Q(staff__left_on__isnull=True, staff__is_leader=True)),
        )
        .order_by("display_order", "name")
    )


def staff_visible_to(user) -> QuerySet[Staff]:
    return Staff.objects.filter(unit__in=units_visible_to(user)).select_related("unit")


def staff_list(user, *, unit: Unit, search: str = "", include_left: bool = False) -> QuerySet[Staff]:
    qs = staff_visible_to(user).filter(unit=unit)
    if not include_left:
        qs = qs.filter(left_on__isnull=True)
    for word in fold_text(search).split():
        qs = qs.filter(search_text__contains=word)
    return qs


def staff_years(staff: Staff) -> QuerySet[StaffYear]:
    return staff.years.order_by("-year")


def staff_recognised_initiatives(staff: Staff):
    """The recognised initiatives `staff` authored: evidence for the Chiến sĩ thi đua titles."""
    return (
        staff.initiative_authorships.filter(initiative__state="recognised")
        .select_related("initiative__campaign")
        .order_by("-initiative__decision_date")
    )


def staff_of_year(unit: Unit, year: int) -> list[tuple[Staff, StaffYear | None]]:
    """Everyone who belonged to `unit` during `year`, in the unit's order, each with the record of that year
    if there is one: the lines of the unit's yearly sheet."""
    # From the dated memberships: someone moved or merged in during the year is on the sheet of each unit
    # they belonged to (the record of the year is the person's, one for both).
    in_unit = Membership.objects.filter(unit=unit, starts_on__lte=dt.date(year, 12, 31)).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=dt.date(year, 1, 1))
    )
    staff = Staff.objects.filter(pk__in=in_unit.values("staff_id"))
    records = {r.staff_id: r for r in StaffYear.objects.filter(staff__in=staff, year=year)}
    return [(person, records.get(person.pk)) for person in staff]


def unit_grades(year: int, unit_ids) -> dict[int, str]:
    """{unit id: the unit's own task grade for `year`} of the units of `unit_ids` the standing office graded,
    in one query (TTLĐTT, TTLĐXS: Luật 2022 Art 27, 28)."""
    return dict(UnitYear.objects.filter(year=year, unit_id__in=unit_ids).values_list("unit_id", "task_grade"))


def unit_year(unit: Unit, year: int) -> UnitYear | None:
    return UnitYear.objects.filter(unit=unit, year=year).first()


# --- The organisation over time -------------------------------------------------------------------------


def department_on(day: dt.date) -> DepartmentPeriod:
    """The issuing body's names valid on `day` (governing body, name, abbreviation, place). Raises a
    ValidationError naming the date when no period covers it."""
    period = (
        DepartmentPeriod.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .first()
    )
    if period is None:
        raise ValidationError(
            _("No name of the department is recorded for %(date)s: the standing office adds it.")
            % {"date": vn_date(day)},
            code="no_department_period",
        )
    return period


def department_periods() -> QuerySet[DepartmentPeriod]:
    return DepartmentPeriod.objects.order_by("-valid_from")


def _existing_on(day: dt.date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def units_existing_on(day: dt.date) -> QuerySet[Unit]:
    """The units that exist on `day` (neither created later nor ended before)."""
    return Unit.objects.filter(_existing_on(day))


def units_existing_in(year: int) -> QuerySet[Unit]:
    """The units that existed on at least one day of `year`: the lines of that year's reports."""
    return Unit.objects.filter(
        (Q(valid_from__isnull=True) | Q(valid_from__lte=dt.date(year, 12, 31)))
        & (Q(valid_to__isnull=True) | Q(valid_to__gte=dt.date(year, 1, 1)))
    )


def unit_name_on(unit: Unit, day: dt.date) -> str:
    """The unit's name on `day`: the old name of the first rename after that day, else the current name."""
    rename = (
        UnitEvent.objects.filter(units=unit, kind=UnitEventKind.RENAMED, date__gt=day)
        .order_by("date")
        .first()
    )
    return rename.old_name if rename else unit.name


def unit_names_on(day: dt.date) -> dict[int, str]:
    """{unit id: name on `day`} of the units renamed after `day` (one query); any other unit's name on
    `day` is its current name. For papers that list many units: `names.get(unit.pk, unit.name)`."""
    names: dict[int, str] = {}
    renames = UnitEvent.units.through.objects.filter(
        unitevent__kind=UnitEventKind.RENAMED, unitevent__date__gt=day
    ).order_by("-unitevent__date", "-unitevent_id")
    # The earliest rename after `day` holds the name of that day: written last, it wins.
    for unit_id, old_name in renames.values_list("unit_id", "unitevent__old_name"):
        names[unit_id] = old_name
    return names


def unit_predecessors(unit: Unit) -> list[int]:
    """The ids of the units that live on in `unit` through merges and splits, transitively (nearest
    first): their history is the unit's history too. One query per generation."""
    found: list[int] = []
    frontier = [unit.pk]
    while frontier:
        parents = (
            UnitEvent.units.through.objects.filter(
                unitevent__kind__in=LINEAGE_EVENTS, unitevent__successors__in=frontier
            )
            .exclude(unit_id__in=[unit.pk, *found])
            .values_list("unit_id", flat=True)
            .distinct()
        )
        frontier = sorted(set(parents))
        found.extend(frontier)
    return found


def unit_lineages() -> dict[int, list[int]]:
    """{unit id: ids of its predecessors, transitively} of every unit that has any, in one query: what
    unit_predecessors gives one unit, for all of them (the eligibility engine)."""
    parents: dict[int, set[int]] = {}
    links = UnitEvent.units.through.objects.filter(unitevent__kind__in=LINEAGE_EVENTS).values_list(
        "unit_id", "unitevent__successors"
    )
    for predecessor, successor in links:
        if successor is not None and successor != predecessor:
            parents.setdefault(successor, set()).add(predecessor)
    lineages = {}
    for unit_id in parents:
        found, frontier = [], [unit_id]
        while frontier:
            frontier = sorted({p for child in frontier for p in parents.get(child, ())} - {unit_id, *found})
            found.extend(frontier)
        lineages[unit_id] = found
    return lineages


def units_by_ids(ids: list[int]) -> list[Unit]:
    """The units of `ids`, in the order of `ids`."""
    found = Unit.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def unit_events(unit: Unit) -> QuerySet[UnitEvent]:
    """The events that touched `unit`, as one of the units affected or as a successor."""
    return (
        UnitEvent.objects.filter(Q(units=unit) | Q(successors=unit))
        .distinct()
        .prefetch_related("units", "successors")
        .order_by("date", "pk")
    )


def _covering(day: dt.date) -> Q:
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def unit_of(staff: Staff, on: dt.date) -> int | None:
    """The id of the unit `staff` belonged to on `on`, or None (not yet recruited, or gone)."""
    return Membership.objects.filter(_covering(on), staff=staff).values_list("unit_id", flat=True).first()


def units_on(on: dt.date, staff_ids=None) -> dict[int, int]:
    """{staff id: unit id} of everyone who belonged to a unit on `on` (or only `staff_ids`): ONE query,
    for the eligibility engine's thousands of people."""
    memberships = Membership.objects.filter(_covering(on))
    if staff_ids is not None:
        memberships = memberships.filter(staff_id__in=staff_ids)
    return dict(memberships.values_list("staff_id", "unit_id"))


def members_on(unit: Unit, on: dt.date) -> QuerySet[Staff]:
    """The people who belonged to `unit` on `on`."""
    return Staff.objects.filter(pk__in=Membership.objects.filter(_covering(on), unit=unit).values("staff_id"))


def staff_memberships(staff: Staff) -> QuerySet[Membership]:
    return staff.memberships.select_related("unit").order_by("starts_on")


def staff_counts_in(year: int, unit_ids=None) -> dict[int, int]:
    """{unit id: how many people worked in it during `year`}, from the dated memberships (not today's
    roster): everyone with a membership overlapping the year, each counted once, in the unit of their last
    membership of that year (someone moved in June counts in the new unit; someone who left in March
    counts in the unit they left). One aggregate query: the province's 30,000 memberships stay in SQL."""
    overlapping = Membership.objects.filter(starts_on__lte=dt.date(year, 12, 31)).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=dt.date(year, 1, 1))
    )
    later = overlapping.filter(staff_id=OuterRef("staff_id")).filter(
        Q(starts_on__gt=OuterRef("starts_on")) | Q(starts_on=OuterRef("starts_on"), pk__gt=OuterRef("pk"))
    )
    last = overlapping.filter(~Exists(later))  # each person's last membership of the year
    if unit_ids is not None:
        last = last.filter(unit_id__in=unit_ids)  # ids, or a subquery of them
    return dict(last.order_by().values("unit_id").annotate(count=Count("pk")).values_list("unit_id", "count"))
