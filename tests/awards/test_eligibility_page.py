"""The eligibility page (one unit or a filter, a page at a time, from the stored verdicts) and the targets
dashboard: what they show, and queries that do not grow with the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.eligibility.stored import eligibility_refresh
from departments.models import StaffYear
from emulation.enums import RegistrationState
from emulation.models import Registration, RegistrationLine, Title
from tests.factories import StaffFactory, UnitFactory


def url(year=2018):
    return reverse("awards:eligibility-overview", args=[year])


def queries_of(client, path, data=None) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, data or {})
    assert response.status_code == 200
    return len(queries.captured_queries), response


@pytest.fixture
def candidates(registered):
    """`count` people of unit VP registered for LĐTT, every other one without a task grade (to review)."""

    def _make(count):
        people = [registered("LDTT") for _ in range(count)]
        for person in people[1::2]:
            StaffYear.objects.filter(staff=person).update(task_grade="")
        return people

    return _make


@pytest.mark.parametrize("count", [1, 50])
def test_one_units_page_runs_a_fixed_number_of_queries(client, cast, candidates, count):
    candidates(count)
    client.force_login(cast["director"])

    stale, _first = queries_of(client, url(), {"unit": "VP"})
    current, response = queries_of(client, url(), {"unit": "VP"})

    rows = list(response.context["paged"])
    assert len(rows) == min(count + 1, 50)  # the people and the unit's own TTLĐTT, 50 a page
    # Measured at 1 and 50 candidates: the same count (one recomputation when stale, none when current).
    assert (stale, current) == (37, 11)


def test_the_page_opens_on_a_choice_not_the_whole_province(client, cast, candidates):
    candidates(2)
    client.force_login(cast["director"])

    response = client.get(url())

    assert response.context["paged"] is None
    assert b'data-testid="choose-filter"' in response.content


def test_the_verdict_filter_spans_the_province_and_counts_every_verdict(client, cast, candidates, other_unit):
    people = candidates(4)
    other = Registration.objects.create(
        campaign=people[0].unit.registrations.get().campaign,
        unit=other_unit,
        state=RegistrationState.ACCEPTED,
    )
    stranger = StaffFactory(unit=other_unit, full_name="Lê Văn Bình")
    RegistrationLine.objects.create(registration=other, staff=stranger, title=Title.objects.get(code="LDTT"))
    client.force_login(cast["director"])

    response = client.get(url(), {"verdict": "review"})

    shown = {(row.unit.code, row.name) for row in response.context["paged"]}
    # Two of VP's four have no grade, the unit's share waits on them, Bình has no record at all.
    assert shown == {
        ("VP", people[1].full_name),
        ("VP", people[3].full_name),
        ("VP", "Văn phòng Sở"),
        ("TTRA", "Lê Văn Bình"),
    }
    assert response.context["counts"] == {"pass": 2, "fail": 0, "review": 4}


def test_the_title_filter_shows_that_title_only(client, cast, candidates):
    candidates(3)
    client.force_login(cast["director"])

    response = client.get(url(), {"title": "TTLDTT"})

    assert [(row.name, row.title) for row in response.context["paged"]] == [("Văn phòng Sở", "TTLDTT")]


def test_an_unknown_verdict_or_title_is_no_filter(client, cast, candidates):
    candidates(1)
    client.force_login(cast["director"])

    response = client.get(url(), {"verdict": "maybe", "title": "NOPE"})

    assert (response.context["verdict"], response.context["title"], response.context["paged"]) == (
        "",
        "",
        None,
    )


def test_the_rules_not_met_are_shown_with_their_citation(client, cast, candidates):
    people = candidates(2)
    client.force_login(cast["director"])

    response = client.get(url(), {"unit": "VP"})

    row = next(row for row in response.context["paged"] if row.staff_id == people[1].pk)
    assert [(rule["code"], rule["verdict"]) for rule in row.unmet] == [("task_grade", "review")]
    assert rule_text(row.unmet[0]) in response.content.decode()


def rule_text(rule) -> str:
    return rule["message"]


@pytest.mark.parametrize("count", [1, 50])
def test_the_targets_dashboard_runs_a_fixed_number_of_queries(client, cast, plan_2018, count):
    for number in range(count):
        StaffFactory(unit=UnitFactory(code=f"U{number:03d}", name=f"Đơn vị {number:03d}"))
    client.force_login(cast["director"])

    queries, response = queries_of(client, reverse("awards:targets-dashboard", args=[2018]))

    # The two units of the cast's fixtures and the ones made here, a page at a time.
    assert response.context["paged"].page.paginator.count == count + 2
    # The same with 1 unit or 50: the targets, the deadlines, the overview's aggregates, the achieved counts.
    assert queries == 21


def test_stored_verdicts_are_refreshed_for_every_unit_of_a_filter(cast, candidates, plan_2018):
    candidates(1)

    assert eligibility_refresh(campaign=plan_2018) == 2
    assert eligibility_refresh(campaign=plan_2018) == 0
