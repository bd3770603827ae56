"""A dissolved unit gets no dossier (TT 15/2025); the standing office moves a person on the staff page."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import services as awards
from awards.models import Dossier
from departments.models import Membership
from departments.reorganisation import unit_dissolve
from tests.awards.conftest import BEFORE

D = dt.date


def _dossier_data(plan_2018):
    return {
        "kind": "phase",
        "phase": plan_2018.phases.get(number=2),
        "meeting_date": D(2018, 11, 5),
        "meeting_present": 10,
        "meeting_total": 12,
    }


def test_dossier_of_a_unit_dissolved_before_the_year_end_is_refused(plan_2018, unit, cast):
    unit_dissolve(unit=unit, on=D(2018, 10, 1), decision_number="15/QĐ-STP")
    unit.refresh_from_db()

    with time_machine.travel(BEFORE, tick=False), pytest.raises(ValidationError) as refused:
        awards.dossier_save(
            by=cast["secretary"], campaign=plan_2018, unit=unit, data=_dossier_data(plan_2018)
        )

    assert refused.value.messages == [
        "Văn phòng Sở không còn tồn tại vào ngày 31/12/2018 (đã sắp xếp lại hoặc giải thể): "
        "không đề nghị khen thưởng cho tập thể này (Thông tư 15/2025/TT-BNV)."
    ]
    assert Dossier.objects.count() == 0


def test_dossier_of_a_unit_dissolved_after_the_year_is_accepted(plan_2018, unit, cast):
    unit_dissolve(unit=unit, on=D(2019, 1, 1), decision_number="15/QĐ-STP")
    unit.refresh_from_db()

    with time_machine.travel(BEFORE, tick=False):
        dossier = awards.dossier_save(
            by=cast["secretary"], campaign=plan_2018, unit=unit, data=_dossier_data(plan_2018)
        )

    assert dossier.unit == unit


def test_office_moves_a_person(client, cast, staff, other_unit):
    client.force_login(cast["standing_office"])

    response = client.post(
        reverse("departments:staff-move", args=[staff.pk]), {"unit": other_unit.pk, "on": "2024-07-01"}
    )

    assert response.status_code == 302
    assert list(Membership.objects.filter(staff=staff).values_list("unit__code", "starts_on", "ends_on")) == [
        ("VP", D(2010, 3, 1), D(2024, 6, 30)),
        ("TTRA", D(2024, 7, 1), None),
    ]


def test_office_move_refused_shows_the_reason_and_writes_nothing(client, cast, staff, other_unit):
    client.force_login(cast["standing_office"])

    response = client.post(
        reverse("departments:staff-move", args=[staff.pk]),
        {"unit": other_unit.pk, "on": "2010-03-01"},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Chỉ chuyển được sau ngày 01/03/2010, ngày Nguyễn Thị Thu Hà về Văn phòng Sở."
    ]
    assert Membership.objects.filter(staff=staff).count() == 1


def test_secretary_sees_the_history_but_cannot_move(client, cast, staff, other_unit):
    client.force_login(cast["secretary"])

    page = client.get(reverse("departments:staff-detail", args=[staff.pk]))
    response = client.post(
        reverse("departments:staff-move", args=[staff.pk]), {"unit": other_unit.pk, "on": "2024-07-01"}
    )

    assert (page.context["move_form"], [m.unit.code for m in page.context["memberships"]]) == (None, ["VP"])
    assert response.status_code == 403
    assert Membership.objects.filter(staff=staff).count() == 1


def test_unit_page_shows_its_predecessors(client, cast, unit, other_unit):
    from departments.reorganisation import unit_merge

    unit_merge(units=[other_unit], into=unit, on=D(2025, 7, 1), decision_number="15/QĐ-STP")
    client.force_login(cast["standing_office"])

    response = client.get(reverse("departments:unit-detail", args=[unit.code]))

    assert [u.code for u in response.context["predecessors"]] == ["TTRA"]
    assert "Tiền thân:" in response.content.decode()
