"""The facts the eligibility rules read, gathered from the records (issue 11): each a case the engine got
wrong before, through the database."""

import datetime as dt

import pytest

from awards.eligibility import campaign_eligibility
from emulation.enums import RegistrationState
from emulation.models import Registration, RegistrationLine, Title
from tests.factories import StaffFactory, StaffYearFactory


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
