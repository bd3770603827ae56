"""Facts for the rules, gathered from our records in a fixed number of queries."""

import datetime as dt

from awards.eligibility.base import Parameters, PersonFacts, UnitFacts
from awards.models import RewardRecord
from departments.models import Staff, StaffYear, Unit
from emulation.enums import TitleCode
from emulation.legal import campaign_rules
from emulation.models import Campaign, Registration, RegistrationLine
from initiatives.enums import InitiativeScope, InitiativeState
from initiatives.models import InitiativeAuthor


def _employed_in(year: int):
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return Staff.objects.filter(recruited_on__lte=end).exclude(left_on__lt=start)


def campaign_facts(
    campaign: Campaign, *, unit: Unit | None = None
) -> tuple[list[PersonFacts], list[UnitFacts]]:
    year = campaign.year
    rules = campaign_rules(campaign)
    params = Parameters(
        discipline_bars_ldtt=rules.discipline_bars_ldtt,
        provincial_initiative_years=rules.provincial_initiative_years,
        cstd_tinh_includes_current_year=rules.cstd_tinh_includes_current_year,
    )
    units = Unit.objects.filter(active=True).order_by("display_order", "name")
    if unit is not None:
        units = units.filter(pk=unit.pk)
    staff = list(
        _employed_in(year).filter(unit__in=units).order_by("position_rank", "-is_leader", "sort_key")
    )
    ids = [person.pk for person in staff]
    records = {r.staff_id: r for r in StaffYear.objects.filter(staff_id__in=ids, year=year)}
    registered = dict(
        RegistrationLine.objects.filter(
            registration__campaign=campaign, staff_id__in=ids, title__isnull=False
        ).values_list("staff_id", "title__code")
    )
    collective = dict(
        Registration.objects.filter(campaign=campaign, collective_title__isnull=False).values_list(
            "unit_id", "collective_title__code"
        )
    )
    initiatives: dict[int, list] = {}
    provincial: dict[int, list] = {}
    for author in InitiativeAuthor.objects.filter(
        staff_id__in=ids, initiative__state=InitiativeState.RECOGNISED
    ).select_related("initiative__campaign"):
        initiative = author.initiative
        entry = (initiative.title, initiative.decision_number, initiative.campaign.year)
        initiatives.setdefault(author.staff_id, []).append(entry)
        if initiative.scope == InitiativeScope.PROVINCIAL:
            number = initiative.provincial_decision_number or initiative.decision_number
            provincial.setdefault(author.staff_id, []).append(
                (initiative.title, number, initiative.campaign.year)
            )
    cstdcs_years: dict[int, set] = {}
    for staff_id, record_year in RewardRecord.objects.filter(
        staff_id__in=ids, title__code=TitleCode.CSTDCS
    ).values_list("staff_id", "year"):
        cstdcs_years.setdefault(staff_id, set()).add(record_year)
    people = []
    for person in staff:
        record = records.get(person.pk)
        people.append(
            PersonFacts(
                staff_id=person.pk,
                name=person.full_name,
                unit_id=person.unit_id,
                is_leader=person.is_leader,
                year=year,
                recruited_on=person.recruited_on,
                registered_title=registered.get(person.pk),
                task_grade=(record.task_grade or None) if record else None,
                discipline=record.discipline if record else None,
                months_served=record.months_served if record else None,
                counted_leave_months=record.counted_leave_months if record else 0,
                initiatives=initiatives.get(person.pk, []),
                provincial_initiatives=provincial.get(person.pk, []),
                cstdcs_years=cstdcs_years.get(person.pk, set()),
                params=params,
            )
        )
    unit_facts = [
        UnitFacts(
            unit_id=u.pk,
            name=u.name,
            year=year,
            registered_title=collective.get(u.pk),
            members=[p for p in people if p.unit_id == u.pk],
        )
        for u in units
    ]
    return people, unit_facts
