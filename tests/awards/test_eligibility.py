"""Table-driven tests of the eligibility rules at their edges (DOMAIN.md §6, §8), without the database."""

import datetime as dt

import pytest

from awards.eligibility import person_results, unit_results
from awards.eligibility.base import (
    Bloc,
    Criteria,
    Evidence,
    Hold,
    Parameters,
    PersonFacts,
    UnitFacts,
    Use,
    months_to_year_end,
    overall,
)

R2017, R2024, R2025 = "R2017", "R2024", "R2025"
REGIMES = (R2017, R2024, R2025)


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
    ("recruited_on", "months"),
    [
        (dt.date(2018, 3, 1), 10),
        (dt.date(2018, 3, 2), 9),
        (dt.date(2018, 7, 1), 6),
        (dt.date(2018, 7, 2), 5),
        (dt.date(2018, 12, 31), 0),
        (dt.date(2017, 12, 31), 12),
    ],
)
def test_months_to_year_end_counts_whole_months(recruited_on, months):
    assert months_to_year_end(recruited_on, 2018) == months


@pytest.mark.parametrize(
    ("recruited_on", "regime", "expected"),
    [
        (dt.date(2018, 3, 1), R2017, "pass"),  # exactly 10 months before the year's end
        (dt.date(2018, 3, 2), R2017, "fail"),
        (dt.date(2018, 7, 1), R2024, "pass"),  # 6 months under TT 01/2024
        (dt.date(2018, 7, 2), R2024, "fail"),
        (dt.date(2018, 7, 1), R2025, "pass"),
        (dt.date(2018, 7, 2), R2025, "fail"),
    ],
)
def test_ldtt_months_from_the_recruitment_date(recruited_on, regime, expected):
    assert verdicts(regime, "LDTT", person(recruited_on=recruited_on))["months"] == expected


def test_ldtt_recruit_of_august_with_default_months_fails_under_r2017():
    # The case: recruited 01/08 with the yearly record's default 12 months served.
    facts = person(recruited_on=dt.date(2018, 8, 1), months_served=12)

    assert verdicts(R2017, "LDTT", facts)["months"] == "fail"


def test_ldtt_long_serving_person_absent_on_sick_leave_is_not_excluded():
    # 8 months served, 4 of sick leave: absence does not exclude (the 40-day rule is gone, DOMAIN rule 6).
    facts = person(recruited_on=dt.date(2005, 5, 1), months_served=8, counted_leave_months=0)

    assert overall(person_results(R2017, "LDTT", facts)) == "pass"


@pytest.mark.parametrize(("months", "expected"), [(11, None), (12, "review")])
def test_ldtt_training_of_a_year_or_more_is_judged_on_study_results(months, expected):
    assert verdicts(R2017, "LDTT", person(training_months=months)).get("training") == expected


@pytest.mark.parametrize(("months", "expected"), [(5, None), (6, "review")])
def test_ldtt_six_months_in_the_previous_unit_need_its_comments(months, expected):
    assert verdicts(R2024, "LDTT", person(months_in_previous_unit=months)).get("moved") == expected


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


def test_ldtt_discipline_under_r2024_asks_for_review_and_under_r2025_excludes():
    facts = person(discipline="reprimand")

    assert (verdicts(R2024, "LDTT", facts)["discipline"], verdicts(R2025, "LDTT", facts)["discipline"]) == (
        "review",
        "fail",
    )


def test_ldtt_discipline_under_r2024_can_be_switched_off():
    facts = person(discipline="reprimand", params=Parameters(discipline_bars_ldtt=False))

    assert "discipline" not in verdicts(R2024, "LDTT", facts)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ((dt.date(2017, 3, 1), dt.date(2017, 12, 31)), "pass"),  # ended before the year
        ((dt.date(2017, 3, 1), dt.date(2018, 1, 1)), "fail"),  # ends on the year's first day
        ((dt.date(2018, 12, 31), None), "fail"),  # starts on its last day
        ((dt.date(2019, 1, 1), None), "pass"),
    ],
)
def test_ldtt_discipline_period_overlapping_the_year_excludes(period, expected):
    facts = person(discipline="none", discipline_periods=[period])

    assert verdicts(R2025, "LDTT", facts)["discipline"] == expected


def test_ldtt_not_registered_fails():
    assert verdicts(R2017, "LDTT", person(registered_title=None))["registered"] == "fail"


def test_ldtt_registered_on_a_draft_sheet_fails_and_says_so():
    results = person_results(R2017, "LDTT", person(registered_title=None, unsent_title="LDTT"))
    registered = next(r for r in results if r.code == "registered")

    assert (registered.verdict, "not sent" in registered.message or "chưa gửi" in registered.message) == (
        "fail",
        True,
    )


@pytest.mark.parametrize(
    ("per_title", "registered_any", "expected"),
    [(True, True, "fail"), (False, True, "pass"), (False, False, "fail")],
)
def test_registration_per_title_or_for_the_movement(per_title, registered_any, expected):
    facts = person(
        registered_title=None,
        registered_any=registered_any,
        params=Parameters(registration_per_title=per_title),
    )

    assert verdicts(R2017, "LDTT", facts)["registered"] == expected


def test_cstdcs_registration_counts_for_ldtt():
    assert verdicts(R2017, "LDTT", person(registered_title="CSTDCS"))["registered"] == "pass"


INITIATIVE_2018 = [Evidence("Số hóa sổ hộ tịch", "15/QĐ-STP", 2018, on=dt.date(2018, 11, 20))]
RESEARCH_2018 = [Evidence("Đề tài hộ tịch điện tử", "30/QĐ-STP", 2018, research=True)]


@pytest.mark.parametrize(
    ("facts", "regime", "expected"),
    [
        ({"initiatives": INITIATIVE_2018}, R2017, "pass"),
        ({"initiatives": RESEARCH_2018}, R2017, "pass"),  # accepted and applied research counts
        ({"initiatives": RESEARCH_2018}, R2025, "pass"),
        ({"initiatives": []}, R2017, "fail"),
        ({"initiatives": [Evidence("Cũ", "10/QĐ-STP", 2017)]}, R2017, "fail"),  # last year's does not count
        ({"initiatives": [], "task_grade": "HTXSNV"}, R2017, "fail"),  # R2017: the initiative is required
        ({"initiatives": [], "task_grade": "HTXSNV"}, R2024, "pass"),  # R2024: HTXSNV is enough
        ({"initiatives": [], "task_grade": "HTXSNV"}, R2025, "pass"),
        ({"initiatives": [], "task_grade": "HTTNV"}, R2024, "fail"),
        ({"initiatives": INITIATIVE_2018, "task_grade": "HTTNV"}, R2024, "pass"),
    ],
)
def test_cstdcs_initiative_research_or_excellence(facts, regime, expected):
    facts = person(registered_title="CSTDCS", **facts)

    assert overall(person_results(regime, "CSTDCS", facts)) == expected


@pytest.mark.parametrize(("allowed", "expected"), [(True, "pass"), (False, "fail")])
def test_cstdcs_provincial_initiative_is_a_setting(allowed, expected):
    provincial = [Evidence("Sáng kiến tỉnh", "2950/QĐ-UBND", 2018, provincial=True)]
    facts = person(
        registered_title="CSTDCS",
        initiatives=provincial,
        params=Parameters(provincial_initiative_for_cstdcs=allowed),
    )

    assert verdicts(R2017, "CSTDCS", facts)["initiative"] == expected


CO_AUTHOR_CSTDCS = Use(2, 2018, "CSTDCS", True, 1, "CSTĐCS 2018 — Nguyễn Văn A")
OWN_CSTDCS = Use(1, 2018, "CSTDCS", True, 1, "CSTĐCS 2018 — Nguyễn Thị Thu Hà")
BANG_KHEN_USE = Use(1, 2017, "BK_UBND", False, 2, "Bằng khen UBND tỉnh 2017")
GIAY_KHEN_USE = Use(1, 2017, "GK_GD", False, 1, "Giấy khen 2017")


@pytest.mark.parametrize(
    ("uses", "expected"),
    [
        ((), "pass"),
        ((OWN_CSTDCS,), "pass"),  # the person's own candidacy for it this year
        ((CO_AUTHOR_CSTDCS,), "fail"),  # a co-author's CSTĐCS used it already
        ((BANG_KHEN_USE,), "fail"),  # a form of reward used it: no title after it
        ((GIAY_KHEN_USE,), "fail"),
    ],
)
def test_cstdcs_initiative_already_used_for_a_reward_does_not_count(uses, expected):
    used = [Evidence("Số hóa sổ hộ tịch", "15/QĐ-STP", 2018, uses=uses)]
    results = person_results(R2017, "CSTDCS", person(registered_title="CSTDCS", initiatives=used))
    initiative = next(r for r in results if r.code == "initiative")

    # A refusal names where the initiative was used.
    named = all(use.where in initiative.message for use in uses if use is not OWN_CSTDCS)
    assert (initiative.verdict, named) == (expected, True)


@pytest.mark.parametrize(("use", "expected"), [(CO_AUTHOR_CSTDCS, "pass"), (BANG_KHEN_USE, "fail")])
def test_cstd_tinh_may_reuse_an_initiative_only_after_a_lower_title(use, expected):
    evidence = Evidence("Bảng theo dõi hồ sơ", "2950/QĐ-UBND", 2018, provincial=True, uses=(use,))
    facts = person(registered_title="CSTD_TINH", initiatives=[evidence], cstdcs_years={2016, 2017, 2018})

    assert verdicts(R2017, "CSTD_TINH", facts)["provincial_initiative"] == expected


def test_initiative_recognised_in_a_discipline_period_does_not_count():
    facts = person(
        registered_title="CSTDCS",
        initiatives=INITIATIVE_2018,
        discipline_periods=[(dt.date(2018, 11, 1), dt.date(2018, 11, 30))],
    )

    assert verdicts(R2025, "CSTDCS", facts)["initiative"] == "fail"


def test_cstdcs_needs_ldtt_the_same_year():
    facts = person(registered_title="CSTDCS", initiatives=INITIATIVE_2018, task_grade="HTNV")

    assert verdicts(R2017, "CSTDCS", facts) == {"registered": "pass", "ldtt": "fail", "initiative": "pass"}


def test_same_person_judged_under_the_three_regimes():
    # Recruited on 01/06 of the year, excellent, no initiative, reprimanded, under a pending inspection:
    # R2017 refuses (10 months, initiative required); R2024 accepts with a review of the discipline;
    # R2025 refuses (the hold and the discipline, NĐ 152/2025 Art 4 k4).
    def facts(year):
        return person(
            year=year,
            registered_title="CSTDCS",
            recruited_on=dt.date(year, 6, 1),
            task_grade="HTXSNV",
            discipline="reprimand",
            holds=[Hold("Đang thanh tra", dt.date(year, 10, 1), "Thanh tra công vụ")],
        )

    judged = {
        regime: verdicts(regime, "CSTDCS", facts(year))
        for regime, year in ((R2017, 2018), (R2024, 2024), (R2025, 2026))
    }

    assert {regime: overall_of(v) for regime, v in judged.items()} == {
        R2017: "fail",
        R2024: "review",
        R2025: "fail",
    }
    assert ("held" in judged[R2017], "held" in judged[R2024], judged[R2025]["held"]) == (False, False, "fail")


def overall_of(verdict_map: dict) -> str:
    values = set(verdict_map.values())
    return "fail" if "fail" in values else "review" if "review" in values else "pass"


def test_r2025_citations_never_name_the_replaced_decrees():
    facts = person(
        year=2026,
        registered_title="CSTD_TINH",
        initiatives=[Evidence("Sáng kiến", "1/QĐ-UBND", 2026, provincial=True)],
        cstdcs_years={2024, 2025},
    )

    for title in ("LDTT", "CSTDCS", "CSTD_TINH"):
        citations = " ".join(r.citation for r in person_results(R2025, title, facts))
        assert ("91/2017" in citations, "98/2023" in citations) == (False, False)


PROVINCIAL = [Evidence("Bảng theo dõi hồ sơ", "2950/QĐ-UBND", 2018, provincial=True)]


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
    facts = person(registered_title="CSTD_TINH", initiatives=INITIATIVE_2018 + PROVINCIAL, cstdcs_years=years)

    assert verdicts(R2017, "CSTD_TINH", facts)["three_years"] == expected


def test_cstd_tinh_year_in_a_discipline_period_breaks_the_run():
    facts = person(
        registered_title="CSTD_TINH",
        initiatives=INITIATIVE_2018 + PROVINCIAL,
        cstdcs_years={2016, 2017, 2018},
        discipline_periods=[(dt.date(2016, 2, 1), dt.date(2016, 8, 1))],
    )

    assert verdicts(R2025, "CSTD_TINH", facts)["three_years"] == "fail"


@pytest.mark.parametrize(("initiative_year", "expected"), [(2018, "pass"), (2016, "pass"), (2015, "fail")])
def test_cstd_tinh_provincial_initiative_window(initiative_year, expected):
    facts = person(
        registered_title="CSTD_TINH",
        initiatives=[*INITIATIVE_2018, Evidence("Sáng kiến", "1/QĐ-UBND", initiative_year, provincial=True)],
        cstdcs_years={2016, 2017},
    )

    assert verdicts(R2017, "CSTD_TINH", facts)["provincial_initiative"] == expected


@pytest.mark.parametrize(("regime", "expected"), [(R2017, False), (R2024, False), (R2025, True)])
def test_holds_are_judged_under_r2025(regime, expected):
    facts = person(holds=[Hold("Đang xem xét kỷ luật", dt.date(2018, 9, 1), "Tờ trình 12")])

    assert ("held" in verdicts(regime, "LDTT", facts)) == expected


def members(count, *, ldtt, **overrides):
    """`count` members of whom the first `ldtt` meet LĐTT (the rest are graded HTNV)."""
    return [
        person(staff_id=i, name=f"Cán bộ {i}", task_grade="HTTNV" if i < ldtt else "HTNV", **overrides)
        for i in range(count)
    ]


def unit(people, title="TTLDTT", **facts) -> UnitFacts:
    base = {"task_grade": "HTXSNV"}
    return UnitFacts(
        unit_id=1, name="Văn phòng Sở", year=2018, registered_title=title, members=people, **{**base, **facts}
    )


def unit_verdicts(regime, title, facts) -> dict[str, str]:
    return {r.code: r.verdict for r in unit_results(regime, title, facts)}


@pytest.mark.parametrize(
    ("count", "ldtt", "expected"), [(10, 5, "fail"), (10, 6, "pass"), (100, 51, "pass"), (2, 1, "fail")]
)
def test_ttldtt_over_half_of_members_ldtt(count, ldtt, expected):
    assert unit_verdicts(R2017, "TTLDTT", unit(members(count, ldtt=ldtt)))["ldtt_share"] == expected


def test_members_who_left_during_the_year_do_not_count_in_the_share():
    people = members(10, ldtt=6)
    for leaver in people[:2]:  # two of the six LĐTT left in the year: 4 of 8 is not over half
        leaver.left_on = dt.date(2018, 9, 30)

    assert unit_verdicts(R2017, "TTLDTT", unit(people))["ldtt_share"] == "fail"


@pytest.mark.parametrize(
    ("title", "grade", "expected"),
    [
        ("TTLDTT", "HTTNV", "pass"),
        ("TTLDTT", "HTNV", "fail"),
        ("TTLDXS", "HTTNV", "fail"),
        ("TTLDXS", "HTXSNV", "pass"),
        ("TTLDTT", None, "review"),
    ],
)
def test_collective_titles_need_the_units_own_grade(title, grade, expected):
    assert (
        unit_verdicts(R2024, title, unit(members(4, ldtt=4), title, task_grade=grade))["unit_grade"]
        == expected
    )


def test_unit_registered_on_a_draft_sheet_fails():
    facts = unit(members(4, ldtt=4), None, unsent_title="TTLDTT")

    assert unit_verdicts(R2017, "TTLDTT", facts)["registered"] == "fail"


@pytest.mark.parametrize(("discipline", "expected"), [("reprimand", "pass"), ("warning", "fail")])
def test_ttldtt_no_member_warned(discipline, expected):
    people = members(4, ldtt=4)
    people[0].discipline = discipline

    assert unit_verdicts(R2017, "TTLDTT", unit(people))["no_warning"] == expected


@pytest.mark.parametrize(
    ("count", "ldtt", "expected"), [(1000, 699, "fail"), (10, 7, "pass"), (1000, 700, "pass")]
)
def test_ttldxs_at_least_70_percent_ldtt(count, ldtt, expected):
    assert unit_verdicts(R2017, "TTLDXS", unit(members(count, ldtt=ldtt), "TTLDXS"))["ldtt_share"] == expected


def test_ttldxs_needs_a_cstdcs_and_everyone_completing_tasks():
    people = members(5, ldtt=5)
    people[0].registered_title = "CSTDCS"
    people[0].initiatives = INITIATIVE_2018
    people[4].task_grade = "KHTNV"

    assert unit_verdicts(R2017, "TTLDXS", unit(people, "TTLDXS")) == {
        "registered": "pass",
        "unit_grade": "pass",
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

    codes = {regime: set(unit_verdicts(regime, "TTLDXS", unit(people, "TTLDXS"))) for regime in REGIMES}

    assert {regime: "no_warning" in found for regime, found in codes.items()} == {
        R2017: True,
        R2024: False,
        R2025: False,
    }


@pytest.mark.parametrize(
    ("bloc", "expected"),
    [
        (Bloc("Khối Nội chính", 1, 6), "pass"),
        (Bloc("Khối Nội chính", 2, 6), "fail"),
        (Bloc("Khối Nội chính", None, 6), "review"),
        (None, "fail"),
    ],
)
def test_flag_goes_to_the_leader_of_its_bloc(bloc, expected):
    assert unit_verdicts(R2024, "CO_UBND", unit([], "CO_UBND", bloc=bloc))["bloc"] == expected


@pytest.mark.parametrize(("regime", "expected"), [(R2024, None), (R2025, "fail")])
def test_a_dissolved_unit_is_proposed_for_nothing_under_r2025(regime, expected):
    facts = unit(members(4, ldtt=4), dissolved_on=dt.date(2025, 6, 30))

    assert unit_verdicts(regime, "TTLDTT", facts).get("dissolved") == expected


GIAY_KHEN = Criteria("15/2024/QĐ-UBND", min_task_grade="HTTNV", consecutive_years=2)
BANG_KHEN = Criteria("15/2024/QĐ-UBND", prior_title="GK_GD")


@pytest.mark.parametrize(
    ("past", "grade", "expected"),
    [
        ({2017: "HTXSNV"}, "HTTNV", "pass"),
        ({2017: "HTNV"}, "HTTNV", "fail"),  # two years in a row at HTTNV or better
        ({}, "HTTNV", "fail"),
        ({2017: "HTTNV"}, "HTNV", "fail"),
    ],
)
def test_giay_khen_judged_against_the_provinces_criteria(past, grade, expected):
    facts = person(
        task_grade=grade, past_grades=past, params=Parameters(criteria={("GK_GD", "individual"): GIAY_KHEN})
    )

    assert verdicts(R2024, "GK_GD", facts) == {"criteria_grade": expected}


@pytest.mark.parametrize(("years", "expected"), [({2016}, "pass"), ({2018}, "fail"), (set(), "fail")])
def test_bang_khen_needing_an_earlier_reward(years, expected):
    facts = person(
        reward_years={"GK_GD": years}, params=Parameters(criteria={("BK_UBND", "individual"): BANG_KHEN})
    )

    assert verdicts(R2024, "BK_UBND", facts) == {"criteria_prior": expected}


def test_giay_khen_without_criteria_asks_the_office():
    assert verdicts(R2024, "GK_GD", person()) == {"criteria": "review"}


def test_giay_khen_of_a_held_person_fails_under_r2025():
    facts = person(
        holds=[Hold("Đang xác minh đơn tố cáo", dt.date(2018, 5, 1), "Đơn số 3")],
        params=Parameters(criteria={("GK_GD", "individual"): Criteria("1/2025/QĐ-UBND")}),
    )

    assert verdicts(R2025, "GK_GD", facts) == {"held": "fail"}


def test_collective_giay_khen_reads_the_units_grades():
    facts = unit([], None, task_grade="HTTNV", past_grades={2017: "HTTNV"})
    facts.params = Parameters(criteria={("GK_GD", "collective"): GIAY_KHEN})

    assert unit_verdicts(R2024, "GK_GD", facts) == {"criteria_grade": "pass"}


def test_criteria_cite_the_provincial_decision():
    facts = person(
        past_grades={2017: "HTTNV"}, params=Parameters(criteria={("GK_GD", "individual"): GIAY_KHEN})
    )

    assert all("15/2024/QĐ-UBND" in r.citation for r in person_results(R2024, "GK_GD", facts))


@pytest.mark.parametrize(
    ("minimum", "recruited_on", "expected"),
    [(6, dt.date(2018, 7, 1), "pass"), (8, dt.date(2018, 7, 1), "fail")],
)
def test_ldtt_minimum_months_is_the_campaigns_parameter(minimum, recruited_on, expected):
    facts = person(recruited_on=recruited_on, params=Parameters(ldtt_min_months=minimum))

    assert verdicts(R2025, "LDTT", facts)["months"] == expected


def test_every_result_cites_a_clause():
    facts = person(registered_title="CSTD_TINH", initiatives=INITIATIVE_2018 + PROVINCIAL)

    for regime in REGIMES:
        for title in ("LDTT", "CSTDCS", "CSTD_TINH", "GK_GD"):
            results = person_results(regime, title, facts)
            assert results
            assert all(result.citation for result in results)


def test_cstd_tinh_three_years_ending_last_year_when_set():
    facts = person(
        params=Parameters(cstd_tinh_includes_current_year=False),
        registered_title="CSTD_TINH",
        initiatives=PROVINCIAL,
        cstdcs_years={2016, 2017},
    )

    assert verdicts(R2017, "CSTD_TINH", facts)["three_years"] == "fail"  # 2015 is missing
    facts.cstdcs_years.add(2015)
    assert verdicts(R2017, "CSTD_TINH", facts)["three_years"] == "pass"
