"""The unit's own yearly grade, set by the standing office (Luật 2022 Art 27, 28 k1 a)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.locking import stale_error
from departments.enums import TaskGrade
from departments.models import UnitYear
from departments.selectors import unit_grades
from departments.services import unit_year_save
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)


def _url(unit, year=2025):
    return reverse("departments:unit-year-grade", args=[unit.code, year])


@time_machine.travel(TODAY)
def test_the_office_grades_a_unit_then_changes_the_grade(cast, unit):
    office = cast["standing_office"]

    first = unit_year_save(unit=unit, year=2025, task_grade="HTTNV", note="", by=office, version=None)
    second = unit_year_save(
        unit=unit, year=2025, task_grade="HTXSNV", note=" Dẫn đầu ", by=office, version=first.version
    )

    assert (second.task_grade, second.note, second.version) == ("HTXSNV", "Dẫn đầu", 2)
    assert UnitYear.objects.count() == 1


@time_machine.travel(TODAY)
def test_a_secretary_cannot_grade_her_own_unit(cast, unit):
    with pytest.raises(PermissionDenied):
        unit_year_save(unit=unit, year=2025, task_grade="HTXSNV", note="", by=cast["secretary"], version=None)

    assert not UnitYear.objects.exists()


@time_machine.travel(TODAY)
def test_a_year_not_begun_is_refused(cast, unit):
    with pytest.raises(ValidationError) as error:
        unit_year_save(
            unit=unit, year=2027, task_grade="HTTNV", note="", by=cast["standing_office"], version=None
        )

    assert error.value.messages == ["Không thể đánh giá một năm chưa bắt đầu."]
    assert not UnitYear.objects.exists()


@time_machine.travel(TODAY)
def test_a_grade_without_a_value_is_refused(cast, unit):
    with pytest.raises(ValidationError) as error:
        unit_year_save(unit=unit, year=2025, task_grade="", note="", by=cast["standing_office"], version=None)

    assert "task_grade" in error.value.message_dict
    assert not UnitYear.objects.exists()


@time_machine.travel(TODAY)
def test_a_second_first_grade_is_refused_as_stale(cast, unit):
    office = cast["standing_office"]
    unit_year_save(unit=unit, year=2025, task_grade="HTTNV", note="", by=office, version=None)

    with pytest.raises(ValidationError) as error:
        unit_year_save(unit=unit, year=2025, task_grade="HTXSNV", note="", by=office, version=None)

    assert error.value.messages == stale_error().messages
    assert UnitYear.objects.get().task_grade == "HTTNV"


def test_unit_grades_reads_the_year_in_one_query(cast, unit, other_unit, django_assert_num_queries):
    third = UnitFactory(code="TGPL", name="Trung tâm Trợ giúp pháp lý")
    UnitYear.objects.create(unit=unit, year=2025, task_grade=TaskGrade.EXCELLENT)
    UnitYear.objects.create(unit=other_unit, year=2025, task_grade=TaskGrade.GOOD)
    UnitYear.objects.create(unit=unit, year=2024, task_grade=TaskGrade.COMPLETED)

    with django_assert_num_queries(1):
        grades = unit_grades(2025, [unit.pk, third.pk])

    assert grades == {unit.pk: "HTXSNV"}


@time_machine.travel(TODAY)
def test_the_office_grades_the_unit_on_the_yearly_sheet(client, cast, unit):
    client.force_login(cast["standing_office"])

    response = client.post(_url(unit), {"task_grade": "HTXSNV", "note": "Dẫn đầu khối"})

    assert response.status_code == 302
    assert UnitYear.objects.filter(unit=unit, year=2025).values_list("task_grade", "note").get() == (
        "HTXSNV",
        "Dẫn đầu khối",
    )
    page = client.get(reverse("departments:unit-years", args=[unit.code, 2025])).content.decode()
    assert 'action="/units/VP/years/2025/grade/"' in page  # the office keeps the form


@time_machine.travel(TODAY)
def test_a_stale_grade_form_shows_the_refusal_on_the_sheet(client, cast, unit):
    UnitYear.objects.create(unit=unit, year=2025, task_grade=TaskGrade.GOOD)
    client.force_login(cast["standing_office"])

    response = client.post(_url(unit), {"task_grade": "HTXSNV", "note": "", "version": ""})

    assert response.status_code == 200
    assert stale_error().messages[0] in response.content.decode()
    assert UnitYear.objects.get().task_grade == "HTTNV"


@time_machine.travel(TODAY)
def test_the_secretary_sees_the_grade_but_cannot_post_it(client, cast, unit):
    UnitYear.objects.create(unit=unit, year=2025, task_grade=TaskGrade.GOOD, note="Ổn")
    client.force_login(cast["secretary"])

    page = client.get(reverse("departments:unit-years", args=[unit.code, 2025])).content.decode()
    response = client.post(_url(unit), {"task_grade": "HTXSNV", "note": ""})

    assert "Hoàn thành tốt nhiệm vụ (HTTNV) — Ổn" in page
    assert "/units/VP/years/2025/grade/" not in page
    assert response.status_code == 403
    assert UnitYear.objects.get().task_grade == "HTTNV"
