"""Reads that depend on who asks. Views start every lookup here: what is not returned is a 404."""

from django.db.models import Count, Q, QuerySet

from departments.models import Staff, StaffYear, Unit, UnitYear, fold_text
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
    """Everyone who worked in `unit` during `year`, in the unit's order, each with the record of that year
    if there is one: the lines of the unit's yearly sheet."""
    staff = unit.staff.filter(recruited_on__year__lte=year).filter(
        Q(left_on__isnull=True) | Q(left_on__year__gte=year)
    )
    records = {r.staff_id: r for r in StaffYear.objects.filter(staff__in=staff, year=year)}
    return [(person, records.get(person.pk)) for person in staff]


def unit_grades(year: int, unit_ids) -> dict[int, str]:
    """{unit id: the unit's own task grade for `year`} of the units of `unit_ids` the standing office graded,
    in one query (TTLĐTT, TTLĐXS: Luật 2022 Art 27, 28)."""
    return dict(UnitYear.objects.filter(year=year, unit_id__in=unit_ids).values_list("unit_id", "task_grade"))


def unit_year(unit: Unit, year: int) -> UnitYear | None:
    return UnitYear.objects.filter(unit=unit, year=year).first()
