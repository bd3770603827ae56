"""The research results' pages: the standing office records one with its authors; refusals on the form;
the list runs in the same number of queries for 1 and 3 results."""

from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from initiatives.models import ResearchResult
from initiatives.services import AuthorInput, research_save
from tests.factories import StaffFactory
from tests.initiatives.conftest import BEFORE
from tests.initiatives.test_research import DATA


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(BEFORE, tick=False):
        yield


def form_data(plan_2018, unit, staff, **extra):
    return {
        **DATA,
        "campaign": plan_2018.pk,
        "unit": unit.pk,
        "accepted_on": "2018-09-20",
        "applied": "on",
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-0-staff": staff.pk,
        "form-0-share": "100",
        **extra,
    }


def test_it_records_a_research_result_with_its_authors(client, cast, plan_2018, unit, staff):
    client.force_login(cast["standing_office"])

    response = client.post(reverse("initiatives:research-create"), form_data(plan_2018, unit, staff))

    research = ResearchResult.objects.get()
    assert (response.status_code, response.url) == (302, research.get_absolute_url())
    assert [(a.staff, a.share) for a in research.authors.all()] == [(staff, Decimal("100.00"))]
    page = client.get(research.get_absolute_url())
    assert "Chưa được dùng làm căn cứ cho đề nghị khen thưởng nào." in page.content.decode()


def test_it_shows_a_future_acceptance_on_its_field_and_writes_nothing(client, cast, plan_2018, unit, staff):
    client.force_login(cast["standing_office"])

    response = client.post(
        reverse("initiatives:research-create"), form_data(plan_2018, unit, staff, accepted_on="2018-12-01")
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"accepted_on": ["Ngày 01/12/2018 chưa đến."]}
    assert not ResearchResult.objects.exists()


def test_a_secretary_cannot_open_the_record_page(client, cast):
    client.force_login(cast["secretary"])

    assert client.get(reverse("initiatives:research-create")).status_code == 403


def test_it_edits_a_research_result(client, cast, plan_2018, unit, staff):
    research = research_save(
        by=cast["standing_office"],
        campaign=plan_2018,
        unit=unit,
        data=DATA,
        authors=[AuthorInput(staff=staff, share=Decimal(100))],
    )
    client.force_login(cast["standing_office"])

    response = client.post(
        reverse("initiatives:research-update", args=[research.pk]),
        form_data(plan_2018, unit, staff, title="Tên mới", version="1", **{"form-INITIAL_FORMS": "1"}),
    )

    assert response.status_code == 302
    assert ResearchResult.objects.get().title == "Tên mới"


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_runs_in_fixed_queries(client, cast, plan_2018, unit, count, django_assert_num_queries):
    for _ in range(count):
        research_save(
            by=cast["standing_office"],
            campaign=plan_2018,
            unit=unit,
            data=DATA,
            authors=[AuthorInput(staff=StaffFactory(unit=unit), share=Decimal(100))],
        )
    client.force_login(cast["standing_office"])

    # session, user, count, page, its authors, their staff; +1: the navbar bell's unread count
    with django_assert_num_queries(7):
        response = client.get(reverse("initiatives:research-list"))

    assert len(response.context["paged"].page) == count


def test_the_list_is_paged(client, cast, plan_2018, unit, settings):
    settings.LIST_PAGE_SIZE = 2
    for number in range(3):
        research_save(
            by=cast["standing_office"],
            campaign=plan_2018,
            unit=unit,
            data={**DATA, "title": f"Đề tài {number}"},
            authors=[AuthorInput(staff=StaffFactory(unit=unit), share=Decimal(100))],
        )
    client.force_login(cast["standing_office"])

    pages = [client.get(reverse("initiatives:research-list"), {"page": n}).context["paged"] for n in (1, 2)]

    assert [[r.title for r in page] for page in pages] == [["Đề tài 0", "Đề tài 1"], ["Đề tài 2"]]
