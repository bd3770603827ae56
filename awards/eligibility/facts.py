"""Facts for the rules, gathered from our records in a fixed number of queries (none per person)."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from awards.eligibility.base import (
    Bloc,
    Criteria,
    Evidence,
    Hold,
    Parameters,
    PersonFacts,
    UnitFacts,
    Use,
)
from awards.enums import EVIDENCE_LEVEL_OF_AUTHORITY, RewardKind
from awards.models import Nominee, RewardRecord
from awards.selectors import discipline_periods, holds_on
from departments.models import Membership, Staff, StaffYear, Unit, UnitYear
from departments.selectors import unit_grades, unit_lineages, units_existing_in
from emulation.enums import Regime, RegistrationState, TitleCategory, TitleCode
from emulation.legal import campaign_rules
from emulation.models import Campaign, Registration, RegistrationLine, RewardCriteria, Title
from emulation.selectors import bloc_ranks
from initiatives.enums import InitiativeScope, InitiativeState, ResearchLevel
from initiatives.models import InitiativeAuthor
from initiatives.selectors import applied_research_of

# Only a sheet sent to the standing office registers anyone; a draft is still the unit's own work.
SENT = (RegistrationState.SUBMITTED, RegistrationState.ACCEPTED)


def judged_on(year: int) -> dt.date:
    """The day a campaign's candidates are judged on: the year's last day, or today while it runs."""
    return min(timezone.localdate(), dt.date(year, 12, 31))


def _memberships(year: int, day: dt.date, unit_ids: set[int]) -> dict[int, tuple[int, dt.date, int]]:
    """{staff: (unit, joined on, months of the year in a unit before it)} by each person's last membership
    of the year up to `day`: a person who moved is judged by the new unit (NĐ 91/2017 Art 10 k5), and one
    who left during the year by the unit left. One query."""
    start = dt.date(year, 1, 1)
    rows = (
        Membership.objects.filter(starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .filter(staff__in=Membership.objects.filter(unit_id__in=unit_ids).values("staff_id"))
        .order_by("staff_id", "starts_on")
        .values_list("staff_id", "unit_id", "starts_on")
    )
    last: dict[int, tuple[int, dt.date, int]] = {}
    for staff_id, unit_id, starts_on in rows:
        before = last.get(staff_id)
        months = months_between(max(start, before[1]), starts_on) if before else 0
        last[staff_id] = (unit_id, starts_on, months)
    return {staff_id: found for staff_id, found in last.items() if found[0] in unit_ids}


def months_between(first: dt.date, last: dt.date) -> int:
    months = (last.year - first.year) * 12 + last.month - first.month
    return max(months - (last.day < first.day), 0)


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
        title_kinds={
            code: (category == TitleCategory.EMULATION_TITLE, EVIDENCE_LEVEL_OF_AUTHORITY[authority])
            for code, category, authority in Title.objects.values_list("code", "category", "decided_by")
        },
    )


def _past_grades(model, key: str, ids, year: int) -> dict[int, dict[int, str]]:
    """{id: {year: grade}} of the years before `year` (StaffYear by staff, UnitYear by unit)."""
    grades: dict[int, dict[int, str]] = {}
    rows = model.objects.filter(**{f"{key}__in": ids}, year__lt=year, year__gte=year - HISTORY_YEARS).exclude(
        task_grade=""
    )
    for owner, record_year, grade in rows.order_by().values_list(key, "year", "task_grade"):
        grades.setdefault(owner, {})[record_year] = grade
    return grades


def _registrations(campaign: Campaign, ids: list[int]) -> tuple[dict, set, dict]:
    """({staff: title on a sent sheet}, {staff with any line on a sent sheet}, {staff: title on an unsent
    sheet}). A person registered on another unit's sheet (moved since) is still registered."""
    sent, any_line, unsent = {}, set(), {}
    # No ordering: the model's (by unit and name) would join the staff and units for nothing.
    lines = (
        RegistrationLine.objects.filter(registration__campaign=campaign, staff_id__in=ids)
        .order_by()
        .values_list("staff_id", "title__code", "registration__state")
    )
    for staff_id, code, state in lines:
        if state in SENT:
            any_line.add(staff_id)
            if code:
                sent[staff_id] = code
        elif code:
            unsent[staff_id] = code
    return sent, any_line, unsent


def _uses(initiative_ids, research_ids) -> tuple[dict[int, tuple], dict[int, tuple]]:
    """The nominations still holding each initiative and research result as evidence, in one query."""
    by_initiative: dict[int, list[Use]] = {}
    by_research: dict[int, list[Use]] = {}
    rows = (
        Nominee.objects.filter(
            Q(initiative_id__in=initiative_ids) | Q(research_id__in=research_ids), Nominee.HOLDS_EVIDENCE
        )
        .order_by()
        .values_list(
            "initiative_id",
            "research_id",
            "staff_id",
            "staff__full_name",
            "dossier__unit__name",
            "dossier__campaign__year",
            "title__code",
            "title__short_name",
            "title__category",
            "title__decided_by",
        )
    )
    for initiative_id, research_id, staff_id, name, unit, year, code, short, category, authority in rows:
        use = Use(
            staff_id=staff_id,
            year=year,
            title=code,
            emulation_title=category == TitleCategory.EMULATION_TITLE,
            level=EVIDENCE_LEVEL_OF_AUTHORITY[authority],
            where=f"{short} {year} — {name or unit}",
        )
        if initiative_id in initiative_ids:
            by_initiative.setdefault(initiative_id, []).append(use)
        if research_id in research_ids:
            by_research.setdefault(research_id, []).append(use)
    return (
        {key: tuple(value) for key, value in by_initiative.items()},
        {key: tuple(value) for key, value in by_research.items()},
    )


def _evidence(ids: list[int]) -> dict[int, list[Evidence]]:
    """Each person's recognised initiatives and accepted, applied research results, with their uses."""
    authorships = list(
        InitiativeAuthor.objects.filter(
            staff_id__in=ids, initiative__state=InitiativeState.RECOGNISED
        ).select_related("initiative__campaign")
    )
    research = applied_research_of(ids)
    initiative_uses, research_uses = _uses(
        {a.initiative_id for a in authorships}, {r.pk for found in research.values() for r in found}
    )
    evidence: dict[int, list] = {}
    for author in authorships:
        initiative = author.initiative
        provincial = initiative.scope == InitiativeScope.PROVINCIAL
        evidence.setdefault(author.staff_id, []).append(
            Evidence(
                title=initiative.title,
                number=(provincial and initiative.provincial_decision_number) or initiative.decision_number,
                year=initiative.campaign.year,
                provincial=provincial,
                on=initiative.decision_date,
                uses=initiative_uses.get(initiative.pk, ()),
            )
        )
    for staff_id, results in research.items():
        evidence.setdefault(staff_id, []).extend(
            Evidence(
                title=result.title,
                number=result.acceptance_decision_number,
                year=result.campaign.year,
                provincial=result.level != ResearchLevel.BASE,
                research=True,
                on=result.accepted_on,
                uses=research_uses.get(result.pk, ()),
            )
            for result in results
        )
    return evidence


def _reward_years(owner: str, ids, *, regime: str) -> dict[int, dict[str, set[int]]]:
    """{staff or unit (`owner`): {title code: years}} of the reward history. Under NĐ 152/2025 (Art 4 k3)
    ad-hoc and thematic rewards are no basis of higher merit awards: left out."""
    records = RewardRecord.objects.filter(**{f"{owner}__in": ids})
    if regime == Regime.R2025:
        records = records.filter(kind=RewardKind.ANNUAL)
    years: dict[int, dict[str, set[int]]] = {}
    for owner_id, code, year in records.order_by().values_list(owner, "title__code", "year"):
        years.setdefault(owner_id, {}).setdefault(code, set()).add(year)
    return years


def _with_predecessors(found: dict[int, dict], lineages: dict[int, list[int]], unit_id: int, merge) -> dict:
    """A unit's history with its predecessors' (merged or split into it), when the campaign counts it."""
    combined = dict(found.get(unit_id, {}))
    for predecessor in lineages.get(unit_id, []):
        for key, value in found.get(predecessor, {}).items():
            combined[key] = merge(combined.get(key), value)
    return combined


def _holds(day: dt.date, ids: list[int]) -> dict[int, list[Hold]]:
    return {
        staff_id: [Hold(hold.get_kind_display(), hold.starts_on, hold.reason) for hold in holds]
        for staff_id, holds in holds_on(day, ids).items()
    }


def _discipline_periods(ids: list[int]) -> dict[int, list[tuple[dt.date, dt.date]]]:
    # A period is served on `ends_on`: what is achieved from that day counts again (its last day is the eve).
    return {
        staff_id: [(period.starts_on, period.ends_on - dt.timedelta(days=1)) for period in periods]
        for staff_id, periods in discipline_periods(ids).items()
    }


def campaign_facts(
    campaign: Campaign, *, unit: Unit | None = None, unit_ids=None
) -> tuple[list[PersonFacts], list[UnitFacts]]:
    """The facts of everyone who belonged to a unit of `campaign`'s year (optionally one unit, or the units
    of `unit_ids`), each under the unit of their last membership of the year, and of the units that existed
    in it. A fixed number of queries; every grouping is one pass over dicts (none per unit)."""
    year = campaign.year
    day = judged_on(year)
    year_end = dt.date(year, 12, 31)
    params = parameters(campaign)
    rules = campaign_rules(campaign)
    units = units_existing_in(year).order_by("display_order", "name")
    if unit is not None:
        units = units.filter(pk=unit.pk)
    if unit_ids is not None:
        units = units.filter(pk__in=list(unit_ids))
    units = list(units)
    unit_pks = {u.pk for u in units}
    memberships = _memberships(year, day, unit_pks)
    # Everyone who ever belonged to these units, as a subquery: the province's 30,000 ids as a list would
    # cost more to send (and to plan) than the rows themselves. The few extra people are never looked up.
    ids = Membership.objects.filter(unit_id__in=unit_pks).values("staff_id")
    # Rows as tuples, not model instances: 30,000 people and their records at province scale.
    staff = [
        row
        for row in Staff.objects.filter(pk__in=ids)
        .order_by("position_rank", "-is_leader", "sort_key", "pk")
        .values_list("pk", "full_name", "is_leader", "recruited_on", "left_on")
        if row[0] in memberships
    ]
    records = {
        row[0]: row[1:]
        for row in StaffYear.objects.filter(staff_id__in=ids, year=year).values_list(
            "staff_id", "task_grade", "training_months", "discipline", "months_served", "counted_leave_months"
        )
    }
    past_grades = _past_grades(StaffYear, "staff_id", ids, year)
    registered, registered_any, unsent = _registrations(campaign, ids)
    evidence = _evidence(ids)
    reward_years = _reward_years("staff_id", ids, regime=campaign.regime)
    holds = _holds(day, ids)
    periods = _discipline_periods(ids)
    people = []
    for pk, full_name, is_leader, recruited_on, left_on in staff:
        record = records.get(pk)
        grade, training, discipline, months_served, leave = record or ("", 0, None, None, 0)
        rewards = reward_years.get(pk, {})
        unit_id, _joined, months_before = memberships[pk]
        people.append(
            PersonFacts(
                staff_id=pk,
                name=full_name,
                unit_id=unit_id,
                is_leader=is_leader,
                year=year,
                recruited_on=recruited_on,
                registered_title=registered.get(pk),
                registered_any=pk in registered_any,
                unsent_title=unsent.get(pk),
                task_grade=grade or None,
                past_grades=past_grades.get(pk, {}),
                training_months=training,
                discipline=discipline,
                months_served=months_served,
                counted_leave_months=leave,
                left_on=left_on if left_on and left_on < year_end else None,
                months_in_previous_unit=months_before,
                initiatives=evidence.get(pk, []),
                cstdcs_years=rewards.get(TitleCode.CSTDCS, set()),
                reward_years=rewards,
                holds=holds.get(pk, []),
                discipline_periods=periods.get(pk, []),
                params=params,
            )
        )
    by_unit: dict[int, list[PersonFacts]] = {}
    for person in people:
        by_unit.setdefault(person.unit_id, []).append(person)
    return people, _unit_facts(campaign, units, by_unit, params, rules.count_predecessor_history)


def _unit_facts(campaign, units: list[Unit], by_unit: dict, params: Parameters, predecessors: bool):
    year = campaign.year
    year_end = dt.date(year, 12, 31)
    lineages = unit_lineages() if predecessors else {}
    unit_ids = [u.pk for u in units]
    history_ids = {*unit_ids, *(p for u in unit_ids for p in lineages.get(u, []))}
    sheets = {
        sheet.unit_id: sheet
        for sheet in Registration.objects.filter(campaign=campaign, unit_id__in=unit_ids).select_related(
            "collective_title"
        )
    }
    grades = unit_grades(year, unit_ids)
    past = _past_grades(UnitYear, "unit_id", history_ids, year)
    rewards = _reward_years("unit_id", history_ids, regime=campaign.regime)
    blocs = bloc_ranks(campaign, unit_ids)
    facts = []
    for u in units:
        sheet = sheets.get(u.pk)
        title = sheet.collective_title.code if sheet and sheet.collective_title else None
        facts.append(
            UnitFacts(
                unit_id=u.pk,
                name=u.name,
                year=year,
                registered_title=title if sheet and sheet.state in SENT else None,
                unsent_title=title if sheet and sheet.state not in SENT else None,
                members=by_unit.get(u.pk, []),
                task_grade=grades.get(u.pk) or None,
                past_grades=_with_predecessors(past, lineages, u.pk, lambda mine, theirs: mine or theirs),
                reward_years=_with_predecessors(
                    rewards, lineages, u.pk, lambda mine, theirs: (mine or set()) | theirs
                ),
                bloc=Bloc(*blocs[u.pk]) if u.pk in blocs else None,
                dissolved_on=u.valid_to if u.valid_to and u.valid_to <= year_end else None,
                params=params,
            )
        )
    return facts
