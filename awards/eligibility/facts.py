"""Facts for the rules, gathered from our records in a fixed number of queries (none per person)."""

import datetime as dt

from django.utils import timezone

from awards.eligibility.base import Evidence, Parameters, PersonFacts, UnitFacts
from awards.models import RewardRecord
from departments.models import Staff, StaffYear, Unit
from emulation.enums import RegistrationState, TitleCode
from emulation.legal import campaign_rules
from emulation.models import Campaign, Registration, RegistrationLine
from initiatives.enums import InitiativeScope, InitiativeState
from initiatives.models import InitiativeAuthor

# Only a sheet sent to the standing office registers anyone; a draft is still the unit's own work.
SENT = (RegistrationState.SUBMITTED, RegistrationState.ACCEPTED)


def judged_on(year: int) -> dt.date:
    """The day a campaign's candidates are judged on: the year's last day, or today while it runs."""
    return min(timezone.localdate(), dt.date(year, 12, 31))


def _employed_in(year: int):
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return Staff.objects.filter(recruited_on__lte=end).exclude(left_on__lt=start)


def parameters(campaign: Campaign) -> Parameters:
    rules = campaign_rules(campaign)
    return Parameters(
        discipline_bars_ldtt=rules.discipline_bars_ldtt,
        provincial_initiative_years=rules.provincial_initiative_years,
        cstd_tinh_includes_current_year=rules.cstd_tinh_includes_current_year,
    )


def _registrations(campaign: Campaign, ids: list[int]) -> tuple[dict, set, dict]:
    """({staff: title on a sent sheet}, {staff with any line on a sent sheet}, {staff: title on an unsent
    sheet}). A person registered on another unit's sheet (moved since) is still registered."""
    sent, any_line, unsent = {}, set(), {}
    lines = RegistrationLine.objects.filter(registration__campaign=campaign, staff_id__in=ids).values_list(
        "staff_id", "title__code", "registration__state"
    )
    for staff_id, code, state in lines:
        if state in SENT:
            any_line.add(staff_id)
            if code:
                sent[staff_id] = code
        elif code:
            unsent[staff_id] = code
    return sent, any_line, unsent


def _evidence(ids: list[int]) -> dict[int, list[Evidence]]:
    evidence: dict[int, list] = {}
    authors = InitiativeAuthor.objects.filter(
        staff_id__in=ids, initiative__state=InitiativeState.RECOGNISED
    ).select_related("initiative__campaign")
    for author in authors:
        initiative = author.initiative
        provincial = initiative.scope == InitiativeScope.PROVINCIAL
        evidence.setdefault(author.staff_id, []).append(
            Evidence(
                title=initiative.title,
                number=(provincial and initiative.provincial_decision_number) or initiative.decision_number,
                year=initiative.campaign.year,
                provincial=provincial,
                on=initiative.decision_date,
            )
        )
    return evidence


def _reward_years(ids: list[int]) -> dict[int, dict[str, set[int]]]:
    years: dict[int, dict[str, set[int]]] = {}
    for staff_id, code, year in RewardRecord.objects.filter(staff_id__in=ids).values_list(
        "staff_id", "title__code", "year"
    ):
        years.setdefault(staff_id, {}).setdefault(code, set()).add(year)
    return years


def campaign_facts(
    campaign: Campaign, *, unit: Unit | None = None
) -> tuple[list[PersonFacts], list[UnitFacts]]:
    year = campaign.year
    params = parameters(campaign)
    units = Unit.objects.filter(active=True).order_by("display_order", "name")
    if unit is not None:
        units = units.filter(pk=unit.pk)
    staff = list(
        _employed_in(year).filter(unit__in=units).order_by("position_rank", "-is_leader", "sort_key")
    )
    ids = [person.pk for person in staff]
    records = {r.staff_id: r for r in StaffYear.objects.filter(staff_id__in=ids, year=year)}
    registered, registered_any, unsent = _registrations(campaign, ids)
    evidence = _evidence(ids)
    reward_years = _reward_years(ids)
    sheets = {
        sheet.unit_id: sheet
        for sheet in Registration.objects.filter(campaign=campaign, unit__in=units).select_related(
            "collective_title"
        )
    }
    year_end = dt.date(year, 12, 31)
    people = []
    for person in staff:
        record = records.get(person.pk)
        rewards = reward_years.get(person.pk, {})
        people.append(
            PersonFacts(
                staff_id=person.pk,
                name=person.full_name,
                unit_id=person.unit_id,
                is_leader=person.is_leader,
                year=year,
                recruited_on=person.recruited_on,
                registered_title=registered.get(person.pk),
                registered_any=person.pk in registered_any,
                unsent_title=unsent.get(person.pk),
                task_grade=(record.task_grade or None) if record else None,
                discipline=record.discipline if record else None,
                months_served=record.months_served if record else None,
                counted_leave_months=record.counted_leave_months if record else 0,
                left_on=person.left_on if person.left_on and person.left_on < year_end else None,
                initiatives=evidence.get(person.pk, []),
                cstdcs_years=rewards.get(TitleCode.CSTDCS, set()),
                reward_years=rewards,
                params=params,
            )
        )
    by_unit: dict[int, list[PersonFacts]] = {}
    for person in people:
        by_unit.setdefault(person.unit_id, []).append(person)
    unit_facts = []
    for u in units:
        sheet = sheets.get(u.pk)
        title = sheet.collective_title.code if sheet and sheet.collective_title else None
        unit_facts.append(
            UnitFacts(
                unit_id=u.pk,
                name=u.name,
                year=year,
                registered_title=title if sheet and sheet.state in SENT else None,
                unsent_title=title if sheet and sheet.state not in SENT else None,
                members=by_unit.get(u.pk, []),
                params=params,
            )
        )
    return people, unit_facts
