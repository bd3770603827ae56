"""The facts the eligibility rules read, gathered from the records (issue 11): each a case the engine got
wrong before, through the database."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
import time_machine

from awards.eligibility import campaign_eligibility
from awards.eligibility.facts import campaign_facts, parameters
from awards.models import RewardRecord
from awards.services import hold_add, hold_lift
from departments.models import UnitYear
from departments.reorganisation import unit_merge
from departments.services import staff_move
from emulation.enums import Regime, RegistrationState
from emulation.models import Registration, RegistrationLine, RewardCriteria, Title
from emulation.services import campaign_copy
from initiatives.models import ResearchAuthor, ResearchResult
from tests.factories import StaffFactory, StaffYearFactory, UserFactory

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def judged(campaign, **filters) -> dict[tuple[str, str], dict[str, str]]:
    return {
        (j.name, j.title): {r.code: r.verdict for r in j.results}
        for j in campaign_eligibility(campaign, **filters)
    }


@pytest.fixture
def sheet(plan_2018, unit):
    def _sheet(state, *people, code="LDTT", collective=None):
        registration = Registration.objects.create(
            campaign=plan_2018,
            unit=unit,
            state=state,
            collective_title=Title.objects.get(code=collective) if collective else None,
        )
        for person in people:
            RegistrationLine.objects.create(
                registration=registration, staff=person, title=Title.objects.get(code=code)
            )
        return registration

    return _sheet


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (RegistrationState.DRAFT, "fail"),
        (RegistrationState.RETURNED, "fail"),
        (RegistrationState.SUBMITTED, "pass"),
        (RegistrationState.ACCEPTED, "pass"),
    ],
)
def test_only_a_sheet_sent_to_the_office_registers(plan_2018, unit, sheet, state, expected):
    person = StaffFactory(unit=unit, full_name="Lê Thị Hoa")
    StaffYearFactory(staff=person, year=2018)
    sheet(state, person, collective="TTLDTT")

    verdicts = judged(plan_2018)

    assert (
        verdicts[("Lê Thị Hoa", "LDTT")]["registered"],
        verdicts[(unit.name, "TTLDTT")]["registered"],
    ) == (
        expected,
        expected,
    )


@pytest.mark.parametrize(
    ("recruited_on", "months_served", "expected"),
    [
        (dt.date(2018, 8, 1), 12, "fail"),  # a recruit of 01/08 with the default 12 months: 5 months
        (dt.date(2018, 3, 1), 10, "pass"),
        (dt.date(2005, 1, 1), 8, "pass"),  # long-serving, 4 months of sick leave: not excluded
    ],
)
def test_months_are_judged_from_the_recruitment_date(
    plan_2018, unit, sheet, recruited_on, months_served, expected
):
    person = StaffFactory(unit=unit, full_name="Phạm Văn Minh", recruited_on=recruited_on)
    StaffYearFactory(staff=person, year=2018, months_served=months_served)
    sheet(RegistrationState.ACCEPTED, person)

    assert judged(plan_2018)[("Phạm Văn Minh", "LDTT")]["months"] == expected


def test_a_member_who_left_during_the_year_is_out_of_the_units_share(plan_2018, unit, sheet):
    # Three LĐTT of five members is over half; the two LĐTT who left in September do not count: 1 of 3.
    people = [StaffFactory(unit=unit, full_name=f"Cán bộ {i}") for i in range(5)]
    for person in people[:3]:
        StaffYearFactory(staff=person, year=2018, task_grade="HTTNV")
    for person in people[3:]:
        StaffYearFactory(staff=person, year=2018, task_grade="HTNV")
    for person in people[:2]:
        person.left_on = dt.date(2018, 9, 30)
        person.save()
    sheet(RegistrationState.ACCEPTED, *people, collective="TTLDTT")

    assert judged(plan_2018)[(unit.name, "TTLDTT")]["ldtt_share"] == "fail"


@pytest.fixture
def office(db):
    return UserFactory(username="vanphong", is_standing_office=True)


def test_a_pending_hold_fails_every_title_under_r2025(plan_2018, unit, sheet, office):
    plan_2018.regime = Regime.R2025
    plan_2018.save()
    person = StaffFactory(unit=unit, full_name="Võ Thị Lan")
    StaffYearFactory(staff=person, year=2018)
    sheet(RegistrationState.ACCEPTED, person)
    with time_machine.travel(dt.datetime(2018, 11, 10, 9, tzinfo=HCM), tick=False):
        hold = hold_add(
            by=office,
            staff=person,
            kind="inspection",
            reason="Thanh tra công vụ",
            starts_on=dt.date(2018, 10, 1),
        )
        held = judged(plan_2018)[("Võ Thị Lan", "LDTT")]["held"]
        hold_lift(by=office, hold=hold, ends_on=dt.date(2018, 11, 10))
        lifted = judged(plan_2018)[("Võ Thị Lan", "LDTT")]["held"]

    assert (held, lifted) == ("fail", "pass")


def test_applied_research_is_evidence_of_cstdcs(plan_2018, unit, sheet, office):
    person = StaffFactory(unit=unit, full_name="Đặng Văn Nam")
    StaffYearFactory(staff=person, year=2018)
    sheet(RegistrationState.ACCEPTED, person, code="CSTDCS")
    before = judged(plan_2018)[("Đặng Văn Nam", "CSTDCS")]["initiative"]
    research = ResearchResult.objects.create(
        campaign=plan_2018,
        unit=unit,
        title="Đề tài số hóa hộ tịch",
        kind="topic",
        level="base",
        acceptance_decision_number="7/QĐ-STP",
        accepted_on=dt.date(2018, 9, 1),
        applied=True,
        application_note="Áp dụng tại Văn phòng",
        recorded_by=office,
    )
    ResearchAuthor.objects.create(research=research, staff=person, share=Decimal(100))

    assert (before, judged(plan_2018)[("Đặng Văn Nam", "CSTDCS")]["initiative"]) == ("fail", "pass")


@pytest.mark.parametrize(("grade", "expected"), [(None, "review"), ("HTNV", "fail"), ("HTTNV", "pass")])
def test_the_units_own_grade_is_read(plan_2018, unit, sheet, grade, expected):
    person = StaffFactory(unit=unit)
    StaffYearFactory(staff=person, year=2018)
    sheet(RegistrationState.ACCEPTED, person, collective="TTLDTT")
    if grade:
        UnitYear.objects.create(unit=unit, year=2018, task_grade=grade)

    assert judged(plan_2018)[(unit.name, "TTLDTT")]["unit_grade"] == expected


def test_criteria_in_force_on_the_day_judged_come_from_the_reference_data(plan_2018, unit):
    RewardCriteria.objects.create(
        title=Title.objects.get(code="GK_GD"),
        subject="individual",
        valid_from=dt.date(2018, 1, 1),
        decision_number="12/2017/QĐ-UBND",
        min_task_grade="HTXSNV",
        text="Hoàn thành xuất sắc nhiệm vụ.",
    )

    criteria = parameters(plan_2018).criteria

    assert criteria[("GK_GD", "individual")].decision_number == "12/2017/QĐ-UBND"
    assert ("GK_GD", "collective") not in criteria


def test_a_person_who_moved_is_judged_by_the_new_unit(plan_2018, unit, other_unit, office):
    person = StaffFactory(unit=unit, full_name="Hồ Văn Tâm", recruited_on=dt.date(2010, 1, 1))
    StaffYearFactory(staff=person, year=2018)
    with time_machine.travel(dt.datetime(2018, 9, 1, 9, tzinfo=HCM), tick=False):
        staff_move(staff=person, unit=other_unit, on=dt.date(2018, 8, 1), by=office)
    sheet = Registration.objects.create(campaign=plan_2018, unit=unit, state=RegistrationState.ACCEPTED)
    RegistrationLine.objects.create(registration=sheet, staff=person, title=Title.objects.get(code="LDTT"))

    judgement = next(j for j in campaign_eligibility(plan_2018) if j.name == "Hồ Văn Tâm")
    moved = next(r for r in judgement.results if r.code == "moved")

    # Registered on the old unit's sheet, judged by the new one, after 7 months in the old one.
    assert (judgement.unit_id, judgement.registered_title, moved.verdict) == (other_unit.pk, "LDTT", "review")
    assert "7" in moved.message


def test_units_of_the_year_are_judged_not_todays(plan_2018, unit, other_unit, office):
    for owner in (unit, other_unit):
        person = StaffFactory(unit=owner)
        StaffYearFactory(staff=person, year=2018)
        sheet = Registration.objects.create(
            campaign=plan_2018,
            unit=owner,
            state=RegistrationState.ACCEPTED,
            collective_title=Title.objects.get(code="TTLDTT"),
        )
        RegistrationLine.objects.create(
            registration=sheet, staff=person, title=Title.objects.get(code="LDTT")
        )
    unit_merge(units=[other_unit], into=unit, on=dt.date(2025, 7, 1), decision_number="125/QĐ-STP", by=office)
    later = campaign_copy(source=plan_2018, year=2025)

    judged_2018 = {j.name for j in campaign_eligibility(plan_2018) if j.staff_id is None}
    judged_2025 = {
        j.name: {r.code: r.verdict for r in j.results}
        for j in campaign_eligibility(later)
        if j.staff_id is None
    }

    assert judged_2018 == {unit.name, other_unit.name}
    # 2025 has no sheets yet; the merged unit still existed in the first half of the year.
    assert set(judged_2025) == set()
    assert {u.unit_id for u in campaign_facts(later)[1]} == {unit.pk, other_unit.pk}
    ended = next(u for u in campaign_facts(later)[1] if u.unit_id == other_unit.pk)
    assert (ended.dissolved_on, ended.members) == (dt.date(2025, 6, 30), [])


@pytest.mark.parametrize(("counted", "expected"), [(False, {}), (True, {"TTLDXS": {2017}})])
def test_a_merged_units_history_counts_for_its_successor_when_set(
    plan_2018, unit, other_unit, office, counted, expected
):
    RewardRecord.objects.create(
        year=2017,
        title=Title.objects.get(code="TTLDXS"),
        unit=other_unit,
        decision_number="3/QĐ-UBND",
        entered_by=office,
    )
    unit_merge(units=[other_unit], into=unit, on=dt.date(2018, 1, 1), decision_number="1/QĐ-STP", by=office)
    rules = plan_2018.rules
    rules.count_predecessor_history = counted
    rules.save()

    facts = next(u for u in campaign_facts(plan_2018)[1] if u.unit_id == unit.pk)

    assert facts.reward_years == expected
