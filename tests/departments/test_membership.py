"""Dated membership of units: the services that write it and the selectors that read it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from departments.enums import EmploymentType, Gender
from departments.models import Membership, Staff
from departments.selectors import members_on, unit_of, units_on
from departments.services import staff_create, staff_move, staff_update
from tests.factories import StaffFactory, UnitFactory

D = dt.date


def _history(staff):
    return list(Membership.objects.filter(staff=staff).values_list("unit__code", "starts_on", "ends_on"))


@pytest.fixture
def person(unit):
    return StaffFactory(unit=unit, code="VP-100", full_name="Trần Thị Mai", recruited_on=D(2015, 3, 1))


@pytest.mark.django_db
def test_staff_create_opens_the_first_membership(unit):
    staff = staff_create(
        unit=unit,
        data={
            "code": "VP-200",
            "full_name": "Lê Văn Hùng",
            "gender": Gender.MALE,
            "employment_type": EmploymentType.CIVIL_SERVANT,
            "recruited_on": D(2020, 8, 1),
        },
    )

    assert _history(staff) == [("VP", D(2020, 8, 1), None)]


def test_staff_move_closes_the_day_before(person, other_unit):
    staff_move(staff=person, unit=other_unit, on=D(2024, 7, 1))

    person.refresh_from_db()
    assert _history(person) == [("VP", D(2015, 3, 1), D(2024, 6, 30)), ("TTRA", D(2024, 7, 1), None)]
    assert person.unit == other_unit


def test_unit_of_on_the_boundary_dates(person, unit, other_unit):
    staff_move(staff=person, unit=other_unit, on=D(2024, 7, 1))

    assert [
        unit_of(person, day) for day in (D(2015, 2, 28), D(2015, 3, 1), D(2024, 6, 30), D(2024, 7, 1))
    ] == [
        None,
        unit.pk,
        unit.pk,
        other_unit.pk,
    ]


def test_staff_move_on_the_day_the_membership_began_is_refused(person, other_unit):
    with pytest.raises(ValidationError) as refused:
        staff_move(staff=person, unit=other_unit, on=D(2015, 3, 1))

    assert refused.value.messages == [
        "Chỉ chuyển được sau ngày 01/03/2015, ngày Trần Thị Mai về Văn phòng Sở."
    ]
    assert _history(person) == [("VP", D(2015, 3, 1), None)]


def test_staff_move_the_next_day_is_accepted(person, other_unit):
    staff_move(staff=person, unit=other_unit, on=D(2015, 3, 2))

    assert _history(person) == [("VP", D(2015, 3, 1), D(2015, 3, 1)), ("TTRA", D(2015, 3, 2), None)]


def test_staff_move_to_the_same_unit_is_refused(person, unit):
    with pytest.raises(ValidationError) as refused:
        staff_move(staff=person, unit=unit, on=D(2024, 1, 1))

    assert refused.value.code == "same_unit"


def test_staff_move_into_an_ended_unit_is_refused(person):
    ended = UnitFactory(code="CU", name="Phòng cũ", valid_to=D(2023, 12, 31), active=False)

    with pytest.raises(ValidationError) as refused:
        staff_move(staff=person, unit=ended, on=D(2024, 1, 1))

    assert refused.value.messages == ["Đơn vị Phòng cũ không tồn tại vào ngày 01/01/2024."]
    assert _history(person) == [("VP", D(2015, 3, 1), None)]


def test_staff_move_of_someone_who_left_is_refused(person, other_unit):
    staff_update(staff=person, version=person.version, data={"left_on": D(2020, 12, 31)})

    with pytest.raises(ValidationError) as refused:
        staff_move(staff=person, unit=other_unit, on=D(2024, 1, 1))

    assert refused.value.code == "has_left"
    assert _history(person) == [("VP", D(2015, 3, 1), D(2020, 12, 31))]


def test_leaving_closes_the_membership_and_returning_reopens_it(person):
    staff_update(staff=person, version=person.version, data={"left_on": D(2020, 12, 31)})
    closed = _history(person)
    person.refresh_from_db()

    staff_update(staff=person, version=person.version, data={"left_on": None})

    assert (closed, _history(person)) == (
        [("VP", D(2015, 3, 1), D(2020, 12, 31))],
        [("VP", D(2015, 3, 1), None)],
    )


def test_leaving_before_the_last_move_is_refused(person, other_unit):
    staff_move(staff=person, unit=other_unit, on=D(2024, 7, 1))
    person.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        staff_update(staff=person, version=person.version, data={"left_on": D(2024, 6, 1)})

    assert refused.value.code == "left_before_move"
    assert Staff.objects.get(pk=person.pk).left_on is None


def test_staff_update_refuses_a_unit_change(person, other_unit):
    with pytest.raises(ValidationError) as refused:
        staff_update(staff=person, version=person.version, data={"unit": other_unit})

    assert refused.value.code == "unit_changed"


def test_membership_overlapping_another_is_refused(person, other_unit):
    from departments.services import _membership_write

    overlapping = Membership(staff=person, unit=other_unit, starts_on=D(2024, 1, 1))

    with pytest.raises(ValidationError) as refused:
        _membership_write(overlapping)

    assert refused.value.messages == [
        "Trần Thị Mai sẽ ở hai đơn vị trong cùng một ngày: đã ở Văn phòng Sở từ 01/03/2015."
    ]


def test_units_on_is_one_query(django_assert_num_queries, unit, other_unit):
    people = StaffFactory.create_batch(3, unit=unit) + StaffFactory.create_batch(2, unit=other_unit)

    with django_assert_num_queries(1):
        found = units_on(D(2020, 1, 1))

    assert found == {p.pk: p.unit_id for p in people}


def test_units_on_only_the_staff_asked(django_assert_num_queries, unit):
    first, second = StaffFactory.create_batch(2, unit=unit)

    with django_assert_num_queries(1):
        found = units_on(D(2020, 1, 1), staff_ids=[second.pk])

    assert found == {second.pk: unit.pk}


def test_members_on_follows_the_move(person, unit, other_unit):
    staff_move(staff=person, unit=other_unit, on=D(2024, 7, 1))

    assert (list(members_on(unit, D(2024, 6, 30))), list(members_on(other_unit, D(2024, 6, 30)))) == (
        [person],
        [],
    )
    assert list(members_on(other_unit, D(2024, 7, 1))) == [person]
