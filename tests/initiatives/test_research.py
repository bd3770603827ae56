"""Research results (đề tài, đề án): recorded by the standing office with the acceptance decision; the same
author checks as initiatives."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from initiatives.models import ResearchResult
from initiatives.selectors import applied_research_of, research_visible_to, staff_research
from initiatives.services import AuthorInput, research_save
from tests.factories import UnitFactory, UserFactory
from tests.initiatives.conftest import BEFORE

DATA = {
    "title": "Nâng cao chất lượng trợ giúp pháp lý ở vùng đồng bào dân tộc",
    "kind": "topic",
    "level": "base",
    "acceptance_decision_number": "45/QĐ-STP",
    "accepted_on": dt.date(2018, 9, 20),
    "applied": True,
    "application_note": "Áp dụng tại Trung tâm Trợ giúp pháp lý từ tháng 10/2018.",
}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(BEFORE, tick=False):
        yield


def record(cast, plan_2018, unit, authors, **changes):
    return research_save(
        by=cast["standing_office"], campaign=plan_2018, unit=unit, data={**DATA, **changes}, authors=authors
    )


def test_the_standing_office_records_a_research_result(cast, plan_2018, unit, staff, other_staff):
    research = record(
        cast,
        plan_2018,
        unit,
        [AuthorInput(staff=staff, share=Decimal(60)), AuthorInput(staff=other_staff, share=Decimal(40))],
    )

    assert [(a.staff, a.share) for a in research.authors.all()] == [(staff, 60), (other_staff, 40)]
    assert list(staff_research(other_staff)) == [research]
    assert list(research_visible_to(cast["secretary"])) == [research]
    # The other unit's secretary sees it through its author; a third unit's does not.
    assert list(research_visible_to(cast["other_secretary"])) == [research]
    third = UserFactory(username="thuky-ba", is_secretary=True, unit=UnitFactory(code="BA"))
    assert list(research_visible_to(third)) == []


def test_a_secretary_cannot_record_research(cast, plan_2018, unit, staff):
    with pytest.raises(PermissionDenied):
        research_save(
            by=cast["secretary"],
            campaign=plan_2018,
            unit=unit,
            data=DATA,
            authors=[AuthorInput(staff=staff, share=Decimal(100))],
        )


def test_an_acceptance_in_the_future_is_refused(cast, plan_2018, unit, staff):
    with pytest.raises(ValidationError) as error:
        record(
            cast,
            plan_2018,
            unit,
            [AuthorInput(staff=staff, share=Decimal(100))],
            accepted_on=dt.date(2018, 10, 21),
        )

    assert error.value.message_dict == {"accepted_on": ["Ngày 21/10/2018 chưa đến."]}
    assert not ResearchResult.objects.exists()


def test_a_missing_decision_number_is_refused(cast, plan_2018, unit, staff):
    with pytest.raises(ValidationError) as error:
        record(
            cast,
            plan_2018,
            unit,
            [AuthorInput(staff=staff, share=Decimal(100))],
            acceptance_decision_number=" ",
        )

    assert error.value.error_dict["acceptance_decision_number"][0].code == "no_number"
    assert not ResearchResult.objects.exists()


def test_a_malformed_decision_number_is_refused(cast, plan_2018, unit, staff):
    with pytest.raises(ValidationError) as error:
        record(
            cast,
            plan_2018,
            unit,
            [AuthorInput(staff=staff, share=Decimal(100))],
            acceptance_decision_number="QĐ 45",
        )

    assert error.value.error_dict["acceptance_decision_number"][0].code == "bad_number"


def test_shares_not_adding_up_to_100_are_refused(cast, plan_2018, unit, staff, other_staff):
    with pytest.raises(ValidationError) as error:
        record(
            cast,
            plan_2018,
            unit,
            [AuthorInput(staff=staff, share=Decimal(60)), AuthorInput(staff=other_staff, share=Decimal(30))],
        )

    assert error.value.messages == ["Tỷ lệ đóng góp của các tác giả cộng lại là 90%; phải bằng 100%."]
    assert not ResearchResult.objects.exists()


def test_applied_without_saying_where_is_refused(cast, plan_2018, unit, staff):
    with pytest.raises(ValidationError) as error:
        record(cast, plan_2018, unit, [AuthorInput(staff=staff, share=Decimal(100))], application_note="")

    assert error.value.messages == ["Hãy ghi nơi và cách áp dụng kết quả nghiên cứu."]
    assert not ResearchResult.objects.exists()


def test_an_edit_from_a_stale_form_is_refused(cast, plan_2018, unit, staff):
    authors = [AuthorInput(staff=staff, share=Decimal(100))]
    research = record(cast, plan_2018, unit, authors)
    research_save(
        by=cast["standing_office"],
        campaign=plan_2018,
        unit=unit,
        data={**DATA, "title": "Mới"},
        authors=authors,
        research=research,
        version=1,
    )

    with pytest.raises(ValidationError) as error:
        research_save(
            by=cast["standing_office"],
            campaign=plan_2018,
            unit=unit,
            data=DATA,
            authors=authors,
            research=research,
            version=1,
        )

    assert error.value.code == "stale"
    assert ResearchResult.objects.get().title == "Mới"


def test_applied_research_of_many_people_is_one_query(
    cast, plan_2018, unit, staff, other_staff, django_assert_num_queries
):
    applied = record(cast, plan_2018, unit, [AuthorInput(staff=staff, share=Decimal(100))])
    record(
        cast,
        plan_2018,
        unit,
        [AuthorInput(staff=other_staff, share=Decimal(100))],
        applied=False,
        application_note="",
    )

    with django_assert_num_queries(1):
        found = applied_research_of([staff.pk, other_staff.pk])
        years = {pk: [r.campaign.year for r in results] for pk, results in found.items()}

    assert found == {staff.pk: [applied]}
    assert years == {staff.pk: [2018]}
