"""Values that reach an official paper are checked on the server, with a Vietnamese message, and a refused
value writes nothing: document numbers, dates of past events, votes against attendance, shares of votes."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import services as awards
from core.validators import check_document_number, check_past_date
from emulation.models import Campaign
from emulation.services import registrations_mark_sent
from initiatives.models import EvaluationRound
from tests.awards.conftest import BEFORE as NOMINATIONS_OPEN
from tests.awards.conftest import title


def codes(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [e.code for errors in error.error_dict.values() for e in errors]
    return [e.code for e in error.error_list]


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("15/QĐ-STP", True),
        ("01/TTr-STP", True),
        ("3012/QĐ-UBND", True),
        ("abc", False),
        ("15/QĐ", False),
        ("QĐ-STP", False),
        ("15 / QĐ-STP", False),
        ("=1+1", False),
    ],
)
def test_document_numbers_follow_the_decree(value, ok):
    if ok:
        assert check_document_number(value, field="n") == value
    else:
        with pytest.raises(ValidationError) as error:
            check_document_number(value, field="n")
        assert codes(error.value) == ["bad_number"]
        assert error.value.message_dict["n"][0].startswith(f"“{value}” không phải là số văn bản")


@time_machine.travel(dt.datetime(2018, 12, 1, 9, 0, tzinfo=NOMINATIONS_OPEN.tzinfo), tick=False)
@pytest.mark.parametrize(
    ("day", "code"),
    [
        (dt.date(2018, 12, 1), None),
        (dt.date(2018, 1, 1), None),
        (dt.date(2019, 12, 1), "future_date"),
        (dt.date(2017, 12, 31), "date_before_campaign"),
    ],
)
def test_a_past_event_is_dated_between_the_campaign_year_and_today(day, code):
    if code is None:
        assert check_past_date(day, field="d", year=2018) == day
    else:
        with pytest.raises(ValidationError) as error:
            check_past_date(day, field="d", year=2018)
        assert codes(error.value) == [code]


@time_machine.travel(dt.datetime(2018, 2, 5, 9, 0, tzinfo=NOMINATIONS_OPEN.tzinfo), tick=False)
def test_the_summary_is_sent_once_and_not_in_the_future(plan_2018, cast):
    office = cast["standing_office"]
    with pytest.raises(ValidationError) as future:
        registrations_mark_sent(campaign=plan_2018, sent_on=dt.date(2018, 3, 1), reference="", by=office)
    registrations_mark_sent(campaign=plan_2018, sent_on=dt.date(2018, 2, 5), reference="12/BC-STP", by=office)
    with pytest.raises(ValidationError) as again:
        registrations_mark_sent(campaign=plan_2018, sent_on=dt.date(2018, 2, 4), reference="", by=office)

    assert (codes(future.value), codes(again.value)) == (["future_date"], ["already_sent"])
    assert again.value.messages == ["Đã ghi nhận bảng tổng hợp được gửi ngày 05/02/2018."]
    campaign = Campaign.objects.get(pk=plan_2018.pk)
    assert (campaign.registrations_sent_on, campaign.registrations_sent_reference) == (
        dt.date(2018, 2, 5),
        "12/BC-STP",
    )


@time_machine.travel(NOMINATIONS_OPEN, tick=False)
def test_more_votes_than_people_present_are_refused(cast, registered, complete_dossier):
    dossier = complete_dossier()  # 10 present of 12 convened
    person = registered()

    with pytest.raises(ValidationError) as error:
        awards.nominee_add(
            dossier=dossier, by=cast["secretary"], title=title("LDTT"), staff=person, meeting_votes=30
        )

    assert codes(error.value) == ["votes_over_present"]
    assert error.value.message_dict["meeting_votes"] == ["30 phiếu, nhưng chỉ có 10 người dự họp."]
    assert dossier.nominees.count() == 0


@time_machine.travel(NOMINATIONS_OPEN, tick=False)
def test_a_meeting_in_the_future_is_refused(cast, plan_2018, unit):
    with pytest.raises(ValidationError) as error:
        awards.dossier_save(
            by=cast["secretary"],
            campaign=plan_2018,
            unit=unit,
            data={"kind": "ad_hoc", "meeting_date": dt.date(2018, 12, 24)},
        )

    assert codes(error.value) == ["future_date"]


@pytest.mark.parametrize(("numerator", "denominator"), [(4, 3), (0, 3), (2, 0)])
def test_a_share_of_votes_outside_zero_to_one_is_refused_in_vietnamese(
    client, cast, plan_2018, numerator, denominator
):
    client.force_login(cast["standing_office"])

    response = client.post(
        reverse("initiatives:round-list"),
        {
            "name": "Phiên 1",
            "pass_numerator": numerator,
            "pass_denominator": denominator,
            "weight_novelty": 1,
            "weight_applicability": 1,
            "weight_effect": 1,
        },
    )

    assert EvaluationRound.objects.count() == 0
    assert list(response.context["form"].non_field_errors()) == [
        "Tỷ lệ phiếu cần đạt phải lớn hơn 0 và không quá 1 (ví dụ 2/3)."
    ]
    assert "Constraint" not in response.content.decode()


@time_machine.travel(NOMINATIONS_OPEN, tick=False)
def test_a_higher_level_result_for_a_nominee_without_a_decision_is_not_found(
    client, cast, registered, complete_dossier
):
    """It answered 500 (issue 15): only a nominee on an issued tờ trình has a result to record."""
    dossier = complete_dossier((registered(), "LDTT"))
    nominee = dossier.nominees.get()
    client.force_login(cast["standing_office"])

    response = client.post(
        reverse("awards:higher-result", args=[nominee.pk]),
        {"result": "approved", "decision_number": "12/QĐ-UBND", "decided_on": "2018-11-05"},
    )

    assert response.status_code == 404
    nominee.refresh_from_db()
    assert nominee.higher_decision_number == ""
