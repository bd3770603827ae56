"""Table-driven tests of the eligibility rules at their edges (DOMAIN.md §6), without the database."""

import datetime as dt

import pytest

from awards.eligibility import person_results, unit_results
from awards.eligibility.base import Parameters, PersonFacts, UnitFacts, overall

R2017, R2024 = "R2017", "R2024"


def person(**facts) -> PersonFacts:
    base = {
        "staff_id": 1,
        "name": "Nguyễn Thị Thu Hà",
        "unit_id": 1,
        "is_leader": False,
        "year": 2018,
        "recruited_on": dt.date(2010, 1, 1),
        "registered_title": "LDTT",
        "task_grade": "HTTNV",
        "discipline": "none",
        "months_served": 12,
        "counted_leave_months": 0,
    }
    return PersonFacts(**{**base, **facts})


def verdicts(regime, title, facts) -> dict[str, str]:
    return {result.code: result.verdict for result in person_results(regime, title, facts)}


@pytest.mark.parametrize(
    ("facts", "regime", "expected"),
    [
        ({"months_served": 10}, R2017, "pass"),  # exactly 10 months
        ({"months_served": 9}, R2017, "fail"),
        ({"months_served": 9, "counted_leave_months": 1}, R2017, "pass"),  # maternity leave counts
        ({"months_served": 4, "counted_leave_months": 6}, R2017, "pass"),
        ({"months_served": 6}, R2024, "pass"),  # 6 months under TT 01/2024
        ({"months_served": 5}, R2024, "fail"),
        ({"months_served": None, "task_grade": None, "discipline": None}, R2017, "review"),
    ],
)
def test_ldtt_months_served(facts, regime, expected):
    assert verdicts(regime, "LDTT", person(**facts))["months"] == expected


@pytest.mark.parametrize(
    ("grade", "expected"),
    [("HTXSNV", "pass"), ("HTTNV", "pass"), ("HTNV", "fail"), ("KHTNV", "fail"), ("", "review")],
)
def test_ldtt_task_grade(grade, expected):
    assert verdicts(R2017, "LDTT", person(task_grade=grade or None))["task_grade"] == expected


@pytest.mark.parametrize(
    ("discipline", "expected"),
    [("none", "pass"), ("reprimand", "fail"), ("warning", "fail"), ("dismissal", "fail")],
)
def test_ldtt_discipline_from_reprimand_up_excludes(discipline, expected):
    assert verdicts(R2017, "LDTT", person(discipline=discipline))["discipline"] == expected


def test_ldtt_discipline_under_r2024_asks_for_review():
    assert verdicts(R2024, "LDTT", person(discipline="reprimand"))["discipline"] == "review"


def test_ldtt_discipline_under_r2024_can_be_switched_off():
    facts = person(discipline="reprimand", params=Parameters(discipline_bars_ldtt=False))

    assert "discipline" not in verdicts(R2024, "LDTT", facts)


def test_ldtt_not_registered_fails():
    assert verdicts(R2017, "LDTT", person(registered_title=None))["registered"] == "fail"


def test_cstdcs_registration_counts_for_ldtt():
    assert verdicts(R2017, "LDTT", person(registered_title="CSTDCS"))["registered"] == "pass"


INITIATIVE_2018 = [("Số hóa sổ hộ tịch", "15/QĐ-STP", 2018)]


@pytest.mark.parametrize(
    ("facts", "regime", "expected"),
    [
        ({"initiatives": INITIATIVE_2018}, R2017, "pass"),
        ({"initiatives": []}, R2017, "fail"),
        ({"initiatives": [("Cũ", "10/QĐ-STP", 2017)]}, R2017, "fail"),  # last year's does not count
        ({"initiatives": [], "task_grade": "HTXSNV"}, R2017, "fail"),  # R2017: the initiative is required
        ({"initiatives": [], "task_grade": "HTXSNV"}, R2024, "pass"),  # R2024: HTXSNV is enough
        ({"initiatives": [], "task_grade": "HTTNV"}, R2024, "fail"),
        ({"initiatives": INITIATIVE_2018, "task_grade": "HTTNV"}, R2024, "pass"),
    ],
)
def test_cstdcs_initiative_or_excellence(facts, regime, expected):
    facts = person(registered_title="CSTDCS", **facts)

    assert overall(person_results(regime, "CSTDCS", facts)) == expected


def test_cstdcs_needs_ldtt_the_same_year():
    facts = person(registered_title="CSTDCS", initiatives=INITIATIVE_2018, task_grade="HTNV")

    assert verdicts(R2017, "CSTDCS", facts) == {"registered": "pass", "ldtt": "fail", "initiative": "pass"}


def test_same_person_judged_differently_under_the_two_regimes():
    # Recruited 8 months before the year end, excellent, no initiative: R2017 refuses, R2024 accepts.
    facts = person(registered_title="CSTDCS", months_served=8, task_grade="HTXSNV", initiatives=[])

    assert (
        overall(person_results(R2017, "CSTDCS", facts)),
        overall(person_results(R2024, "CSTDCS", facts)),
    ) == (
        "fail",
        "pass",
    )


PROVINCIAL = [("Bảng theo dõi hồ sơ", "2950/QĐ-UBND", 2018)]


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        ({2016, 2017}, "pass"),  # with this year's CSTĐCS: three in a row
        ({2017}, "fail"),  # two in a row only
        ({2015, 2017}, "fail"),  # a missing year breaks the run
        ({2016, 2017, 2018}, "pass"),
    ],
)
def test_cstd_tinh_three_consecutive_years(years, expected):
    facts = person(
        registered_title="CSTD_TINH",
        initiatives=INITIATIVE_2018,
        provincial_initiatives=PROVINCIAL,
        cstdcs_years=years,
    )

    assert verdicts(R2017, "CSTD_TINH", facts)["three_years"] == expected


@pytest.mark.parametrize(("initiative_year", "expected"), [(2018, "pass"), (2016, "pass"), (2015, "fail")])
def test_cstd_tinh_provincial_initiative_window(initiative_year, expected):
    facts = person(
        registered_title="CSTD_TINH",
        initiatives=INITIATIVE_2018,
        provincial_initiatives=[("Sáng kiến", "1/QĐ-UBND", initiative_year)],
        cstdcs_years={2016, 2017},
    )

    assert verdicts(R2017, "CSTD_TINH", facts)["provincial_initiative"] == expected


def members(count, *, ldtt, **overrides):
    """`count` members of whom the first `ldtt` meet LĐTT (the rest are graded HTNV)."""
    return [
        person(staff_id=i, name=f"Cán bộ {i}", task_grade="HTTNV" if i < ldtt else "HTNV", **overrides)
        for i in range(count)
    ]


def unit(people, title="TTLDTT") -> UnitFacts:
    return UnitFacts(unit_id=1, name="Văn phòng Sở", year=2018, registered_title=title, members=people)


@pytest.mark.parametrize(
    ("count", "ldtt", "expected"), [(10, 5, "fail"), (10, 6, "pass"), (100, 51, "pass"), (2, 1, "fail")]
)
def test_ttldtt_over_half_of_members_ldtt(count, ldtt, expected):
    results = {r.code: r.verdict for r in unit_results(R2017, "TTLDTT", unit(members(count, ldtt=ldtt)))}

    assert results["ldtt_share"] == expected


@pytest.mark.parametrize(("discipline", "expected"), [("reprimand", "pass"), ("warning", "fail")])
def test_ttldtt_no_member_warned(discipline, expected):
    people = members(4, ldtt=4)
    people[0].discipline = discipline

    results = {r.code: r.verdict for r in unit_results(R2017, "TTLDTT", unit(people))}

    assert results["no_warning"] == expected


@pytest.mark.parametrize(
    ("count", "ldtt", "expected"), [(1000, 699, "fail"), (10, 7, "pass"), (1000, 700, "pass")]
)
def test_ttldxs_at_least_70_percent_ldtt(count, ldtt, expected):
    results = {
        r.code: r.verdict for r in unit_results(R2017, "TTLDXS", unit(members(count, ldtt=ldtt), "TTLDXS"))
    }

    assert results["ldtt_share"] == expected


def test_ttldxs_needs_a_cstdcs_and_everyone_completing_tasks():
    people = members(5, ldtt=5)
    people[0].registered_title = "CSTDCS"
    people[0].initiatives = INITIATIVE_2018
    people[4].task_grade = "KHTNV"

    results = {r.code: r.verdict for r in unit_results(R2017, "TTLDXS", unit(people, "TTLDXS"))}

    assert results == {
        "all_completed": "fail",
        "ldtt_share": "pass",
        "has_cstdcs": "pass",
        "no_warning": "pass",
    }


def test_ttldxs_warning_clause_only_under_r2017():
    people = members(5, ldtt=5)
    people[0].registered_title = "CSTDCS"
    people[0].initiatives = INITIATIVE_2018
    people[1].discipline = "warning"

    r2017 = {r.code for r in unit_results(R2017, "TTLDXS", unit(people, "TTLDXS"))}
    r2024 = {r.code for r in unit_results(R2024, "TTLDXS", unit(people, "TTLDXS"))}

    assert ("no_warning" in r2017, "no_warning" in r2024) == (True, False)


def test_every_result_cites_a_clause():
    facts = person(
        registered_title="CSTD_TINH", initiatives=INITIATIVE_2018, provincial_initiatives=PROVINCIAL
    )

    for regime in (R2017, R2024):
        for title in ("LDTT", "CSTDCS", "CSTD_TINH"):
            results = person_results(regime, title, facts)
            assert results
            assert all(result.citation for result in results)


def test_cstd_tinh_three_years_ending_last_year_when_set():
    facts = person(
        params=Parameters(cstd_tinh_includes_current_year=False),
        registered_title="CSTD_TINH",
        initiatives=[],
        provincial_initiatives=PROVINCIAL,
        cstdcs_years={2016, 2017},
    )

    assert verdicts(R2017, "CSTD_TINH", facts)["three_years"] == "fail"  # 2015 is missing
    facts.cstdcs_years.add(2015)
    assert verdicts(R2017, "CSTD_TINH", facts)["three_years"] == "pass"
