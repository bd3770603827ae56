"""Holds ("tạm hoãn xét") and discipline periods (NĐ 152/2025 Art 4 k4): refusals at their dates' edges, and
the selectors the eligibility engine reads, one query for many people."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from awards import selectors, services
from awards.enums import HoldKind
from awards.models import DisciplinePeriod, StaffHold
from tests.factories import StaffFactory

TODAY = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        dt.datetime(2026, 3, 10, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
    ):
        yield


def hold(cast, staff, *, starts_on=TODAY, kind=HoldKind.DISCIPLINE_REVIEW):
    return services.hold_add(
        by=cast["standing_office"], staff=staff, kind=kind, reason="Đang xem xét kỷ luật", starts_on=starts_on
    )


def period(cast, staff, starts_on, ends_on, number="12/QĐ-STP"):
    return services.discipline_period_add(
        by=cast["standing_office"],
        staff=staff,
        level="reprimand",
        decision_number=number,
        starts_on=starts_on,
        ends_on=ends_on,
    )


def test_a_hold_starting_today_is_recorded(cast, staff):
    assert hold(cast, staff).covers(TODAY)


def test_a_hold_starting_tomorrow_is_refused(cast, staff):
    with pytest.raises(ValidationError) as error:
        hold(cast, staff, starts_on=TODAY + dt.timedelta(days=1))

    assert error.value.message_dict == {"starts_on": ["Ngày 11/03/2026 chưa đến."]}
    assert not StaffHold.objects.exists()


def test_a_secretary_cannot_record_a_hold(cast, staff):
    with pytest.raises(PermissionDenied):
        services.hold_add(
            by=cast["secretary"], staff=staff, kind=HoldKind.COMPLAINT, reason="x", starts_on=TODAY
        )


def test_a_second_open_hold_of_the_same_kind_is_refused(cast, staff):
    hold(cast, staff)

    with pytest.raises(ValidationError) as error:
        hold(cast, staff, starts_on=TODAY - dt.timedelta(days=3))

    assert error.value.code == "duplicate"
    assert hold(cast, staff, kind=HoldKind.COMPLAINT).kind == HoldKind.COMPLAINT


def test_a_hold_lifted_before_it_started_is_refused(cast, staff):
    held = hold(cast, staff, starts_on=dt.date(2026, 3, 1))

    with pytest.raises(ValidationError) as error:
        services.hold_lift(by=cast["standing_office"], hold=held, ends_on=dt.date(2026, 2, 28))

    assert error.value.message_dict == {
        "ends_on": ["Không thể dỡ bỏ tạm hoãn trước ngày bắt đầu (01/03/2026)."]
    }
    assert StaffHold.objects.get().ends_on is None


def test_a_hold_lifted_twice_is_refused(cast, staff):
    held = hold(cast, staff, starts_on=dt.date(2026, 3, 1))
    services.hold_lift(by=cast["standing_office"], hold=held, ends_on=dt.date(2026, 3, 1))

    with pytest.raises(ValidationError) as error:
        services.hold_lift(by=cast["standing_office"], hold=held, ends_on=TODAY)

    assert error.value.code == "already_lifted"
    assert StaffHold.objects.get().ends_on == dt.date(2026, 3, 1)


def test_holds_on_counts_the_start_day_and_not_the_lifting_day(cast, staff):
    held = hold(cast, staff, starts_on=dt.date(2026, 3, 1))
    services.hold_lift(by=cast["standing_office"], hold=held, ends_on=dt.date(2026, 3, 5))

    on = {day: selectors.holds_on(dt.date(2026, 3, day), [staff.pk]) for day in (1, 4, 5)}

    assert on[1] == {staff.pk: [held]}
    assert on[4] == {staff.pk: [held]}
    assert on[5] == {}
    assert selectors.holds_on(dt.date(2026, 2, 28), [staff.pk]) == {}


def test_holds_on_reads_many_people_in_one_query(cast, django_assert_num_queries):
    people = [StaffFactory() for _ in range(3)]
    for person in people:
        hold(cast, person)

    with django_assert_num_queries(1):
        found = selectors.holds_on(TODAY, [p.pk for p in people])

    assert sorted(found) == sorted(p.pk for p in people)


def test_a_discipline_period_starting_in_the_future_is_refused(cast, staff):
    with pytest.raises(ValidationError) as error:
        period(cast, staff, TODAY + dt.timedelta(days=1), dt.date(2027, 3, 11))

    assert error.value.message_dict == {"starts_on": ["Ngày 11/03/2026 chưa đến."]}


def test_a_discipline_period_ending_on_its_start_is_refused(cast, staff):
    with pytest.raises(ValidationError) as error:
        period(cast, staff, dt.date(2025, 6, 1), dt.date(2025, 6, 1))

    assert error.value.message_dict == {
        "ends_on": ["Thời gian thi hành kỷ luật phải kết thúc sau khi bắt đầu."]
    }
    assert not DisciplinePeriod.objects.exists()


def test_a_discipline_period_with_a_bad_decision_number_is_refused(cast, staff):
    with pytest.raises(ValidationError) as error:
        period(cast, staff, dt.date(2025, 6, 1), dt.date(2026, 6, 1), number="quyết định 12")

    assert error.value.error_dict["decision_number"][0].code == "bad_number"


def test_overlapping_discipline_periods_are_refused_by_one_day(cast, staff):
    period(cast, staff, dt.date(2025, 1, 1), dt.date(2026, 1, 1))

    with pytest.raises(ValidationError) as error:
        period(cast, staff, dt.date(2025, 12, 31), dt.date(2026, 3, 1), number="13/QĐ-STP")

    assert error.value.code == "overlap"
    assert error.value.messages == [
        f"{staff.full_name} đang chịu kỷ luật từ 01/01/2025 đến 01/01/2026 (quyết định 12/QĐ-STP)."
    ]
    assert DisciplinePeriod.objects.count() == 1


def test_a_discipline_period_starting_when_the_last_was_served_is_recorded(cast, staff):
    period(cast, staff, dt.date(2025, 1, 1), dt.date(2026, 1, 1))

    period(cast, staff, dt.date(2026, 1, 1), dt.date(2026, 3, 1), number="13/QĐ-STP")

    assert list(DisciplinePeriod.objects.order_by("starts_on").values_list("ends_on", flat=True)) == [
        dt.date(2026, 1, 1),
        dt.date(2026, 3, 1),
    ]


def test_discipline_periods_reads_many_people_in_one_query(cast, django_assert_num_queries):
    people = [StaffFactory() for _ in range(3)]
    for person in people:
        period(cast, person, dt.date(2025, 1, 1), dt.date(2026, 1, 1))
    period(cast, people[0], dt.date(2026, 2, 1), dt.date(2026, 3, 1))

    with django_assert_num_queries(1):
        found = selectors.discipline_periods([p.pk for p in people])

    assert [len(found[p.pk]) for p in people] == [2, 1, 1]
    assert [p.starts_on for p in found[people[0].pk]] == [dt.date(2025, 1, 1), dt.date(2026, 2, 1)]


def test_a_hold_without_its_reason_is_refused(cast, staff):
    with pytest.raises(ValidationError) as error:
        services.hold_add(
            by=cast["standing_office"], staff=staff, kind=HoldKind.COMPLAINT, reason="  ", starts_on=TODAY
        )

    assert error.value.message_dict == {"reason": ["Hãy ghi lý do tạm hoãn xét."]}


def test_a_secretary_cannot_lift_a_hold_nor_record_discipline(cast, staff):
    held = hold(cast, staff)

    with pytest.raises(PermissionDenied):
        services.hold_lift(by=cast["secretary"], hold=held, ends_on=TODAY)
    with pytest.raises(PermissionDenied):
        services.discipline_period_add(
            by=cast["secretary"],
            staff=staff,
            level="reprimand",
            decision_number="12/QĐ-STP",
            starts_on=dt.date(2025, 1, 1),
            ends_on=dt.date(2026, 1, 1),
        )

    assert StaffHold.objects.get().ends_on is None
    assert not DisciplinePeriod.objects.exists()
