"""Facts for the rules, gathered from our records in a fixed number of queries (none per person)."""

import datetime as dt

from django.utils import timezone

from awards.eligibility.base import Bloc, Criteria, Evidence, Parameters, PersonFacts, UnitFacts
from awards.models import RewardRecord
from departments.models import Staff, StaffYear, Unit, UnitYear
from emulation.enums import RegistrationState, TitleCode
from emulation.legal import campaign_rules
from emulation.models import Campaign, Registration, RegistrationLine, RewardCriteria
from emulation.selectors import bloc_ranks
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


# How far back earlier years are read (grades for the criteria of rewards, titles for CSTĐ cấp tỉnh).
HISTORY_YEARS = 10


def criteria_on(day: dt.date) -> dict[tuple[str, str], Criteria]:
    """The criteria of every form of reward in force on `day`, by (title code, subject), in one query."""
    in_force = {}
    rows = RewardCriteria.objects.filter(valid_from__lte=day).select_related("title", "prior_reward_title")
    for row in rows.order_by("valid_from"):  # a later set replaces an earlier one
        in_force[(row.title.code, row.subject)] = Criteria(
            decision_number=row.decision_number,
            min_task_grade=row.min_task_grade or None,
            consecutive_years=row.consecutive_years,
            prior_title=row.prior_reward_title.code if row.prior_reward_title else None,
            text=row.text,
        )
    return in_force


def parameters(campaign: Campaign) -> Parameters:
    rules = campaign_rules(campaign)
    return Parameters(
        discipline_bars_ldtt=rules.discipline_bars_ldtt,
        provincial_initiative_years=rules.provincial_initiative_years,
        cstd_tinh_includes_current_year=rules.cstd_tinh_includes_current_year,
        registration_per_title=rules.registration_per_title,
        provincial_initiative_for_cstdcs=rules.provincial_initiative_for_cstdcs,
        ldtt_min_months=rules.ldtt_min_months_recruited,
        criteria=criteria_on(judged_on(campaign.year)),
    )


def _past_grades(model, key: str, ids, year: int) -> dict[int, dict[int, str]]:
    """{id: {year: grade}} of the years before `year` (StaffYear by staff, UnitYear by unit)."""
    grades: dict[int, dict[int, str]] = {}
    rows = model.objects.filter(**{f"{key}__in": ids}, year__lt=year, year__gte=year - HISTORY_YEARS).exclude(
        task_grade=""
    )
    for owner, record_year, grade in rows.values_list(key, "year", "task_grade"):
        grades.setdefault(owner, {})[record_year] = grade
    return grades


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
    units = list(units)
    unit_ids = [u.pk for u in units]
    staff = list(
        _employed_in(year).filter(unit_id__in=unit_ids).order_by("position_rank", "-is_leader", "sort_key")
    )
    ids = [person.pk for person in staff]
    records = {r.staff_id: r for r in StaffYear.objects.filter(staff_id__in=ids, year=year)}
    past_grades = _past_grades(StaffYear, "staff_id", ids, year)
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
                past_grades=past_grades.get(person.pk, {}),
                training_months=record.training_months if record else 0,
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
    unit_grades = dict(
        UnitYear.objects.filter(unit_id__in=unit_ids, year=year).values_list("unit_id", "task_grade")
    )
    unit_past = _past_grades(UnitYear, "unit_id", unit_ids, year)
    blocs = bloc_ranks(campaign, unit_ids)
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
                task_grade=unit_grades.get(u.pk) or None,
                past_grades=unit_past.get(u.pk, {}),
                bloc=Bloc(*blocs[u.pk]) if u.pk in blocs else None,
                params=params,
            )
        )
    return people, unit_facts
