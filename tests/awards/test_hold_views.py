"""The holds page: the standing office records, lifts, and records discipline periods; the unit's secretary
sees her staff's; the staff page shows them."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from awards import services
from awards.models import DisciplinePeriod, StaffHold
from tests.factories import StaffFactory

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_office_records_a_hold_on_the_page(client, cast, staff):
    client.force_login(cast["standing_office"])

    response = client.post(
        reverse("awards:hold-list"),
        {"staff": staff.pk, "kind": "inspection", "reason": "Thanh tra công vụ", "starts_on": "2026-03-01"},
    )

    assert (response.status_code, response.url) == (302, reverse("awards:hold-list"))
    assert list(StaffHold.objects.values_list("staff", "kind", "ends_on")) == [(staff.pk, "inspection", None)]


def test_a_future_hold_is_shown_on_its_field(client, cast, staff):
    client.force_login(cast["standing_office"])

    response = client.post(
        reverse("awards:hold-list"),
        {"staff": staff.pk, "kind": "inspection", "reason": "x", "starts_on": "2026-03-11"},
    )

    assert response.context["form"].errors == {"starts_on": ["Ngày 11/03/2026 chưa đến."]}
    assert not StaffHold.objects.exists()


def test_a_secretary_sees_her_staffs_holds_and_cannot_record(client, cast, staff, other_staff):
    for person in (staff, other_staff):
        services.hold_add(
            by=cast["standing_office"], staff=person, kind="complaint", reason="Đơn", starts_on=NOW.date()
        )
    client.force_login(cast["secretary"])

    page = client.get(reverse("awards:hold-list"))
    refused = client.post(
        reverse("awards:hold-list"),
        {"staff": staff.pk, "kind": "inspection", "reason": "x", "starts_on": "2026-03-01"},
    )

    assert [h.staff for h in page.context["holds"]] == [staff]
    assert page.context["form"] is None
    assert refused.status_code == 403


def test_the_office_lifts_a_hold(client, cast, staff):
    hold = services.hold_add(
        by=cast["standing_office"], staff=staff, kind="complaint", reason="Đơn", starts_on=dt.date(2026, 3, 1)
    )
    client.force_login(cast["standing_office"])

    client.post(reverse("awards:hold-lift", args=[hold.pk]), {"ends_on": "2026-03-09"})

    assert StaffHold.objects.get().ends_on == dt.date(2026, 3, 9)


def test_an_overlapping_discipline_period_is_refused_with_a_message(client, cast, staff):
    services.discipline_period_add(
        by=cast["standing_office"],
        staff=staff,
        level="warning",
        decision_number="12/QĐ-STP",
        starts_on=dt.date(2025, 6, 1),
        ends_on=dt.date(2026, 6, 1),
    )
    client.force_login(cast["standing_office"])

    response = client.post(
        reverse("awards:discipline-create"),
        {
            "staff": staff.pk,
            "level": "reprimand",
            "decision_number": "13/QĐ-STP",
            "starts_on": "2026-01-01",
            "ends_on": "2027-01-01",
        },
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        f"{staff.full_name} đang chịu kỷ luật từ 01/06/2025 đến 01/06/2026 (quyết định 12/QĐ-STP)."
    ]
    assert DisciplinePeriod.objects.count() == 1


def test_the_staff_page_shows_a_hold_in_force(client, cast, staff):
    services.hold_add(
        by=cast["standing_office"], staff=staff, kind="discipline_review", reason="x", starts_on=NOW.date()
    )
    client.force_login(cast["secretary"])

    page = client.get(staff.get_absolute_url()).content.decode()

    assert "Đang xem xét kỷ luật: tạm hoãn từ ngày 10/03/2026 — <strong>đang áp dụng</strong>" in page


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_runs_in_fixed_queries(client, cast, unit, count, django_assert_num_queries):
    for _ in range(count):
        services.hold_add(
            by=cast["standing_office"],
            staff=StaffFactory(unit=unit),
            kind="complaint",
            reason="x",
            starts_on=NOW.date(),
        )
    client.force_login(cast["secretary"])

    with django_assert_num_queries(5):  # +1: the navbar bell's unread count (notifications)
        response = client.get(reverse("awards:hold-list"))

    assert len(list(response.context["holds"])) == count


def test_the_pickers_list_the_people_of_the_unit_chosen_only(client, cast, staff, other_staff):
    client.force_login(cast["standing_office"])

    unchosen = client.get(reverse("awards:hold-list"))
    chosen = client.get(reverse("awards:hold-list"), {"unit": staff.unit.code})

    assert list(unchosen.context["form"].fields["staff"].queryset) == []
    assert list(chosen.context["form"].fields["staff"].queryset) == [staff]
    assert list(chosen.context["discipline_form"].fields["staff"].queryset) == [staff]
    assert other_staff.full_name not in chosen.content.decode()
