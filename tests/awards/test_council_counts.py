"""Counts of the emulation council and of a unit's evaluation meeting: only members present vote, a paper
tally is within 0 and the members present, a unit meeting's votes within the people present and convened."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import selectors, services
from awards.enums import DossierState as D
from awards.exports import minutes_document
from awards.models import BallotReceipt, Dossier, Nominee
from tests.awards.conftest import BEFORE, opened_tally, title


@pytest.fixture(autouse=True)
def _before_the_deadline():
    with time_machine.travel(BEFORE, tick=False):
        yield


def to_vote(dossier, cast, councillors, *, paper_ballot=False):
    services.dossier_transition(dossier=dossier, to_state=D.SUBMITTED, by=cast["secretary"])
    services.dossier_transition(dossier=dossier, to_state=D.ACCEPTED, by=cast["standing_office"])
    return services.session_open(
        campaign=dossier.campaign,
        name="Phiên họp tháng 11",
        held_on=dt.date(2018, 11, 25),
        members=councillors,
        dossiers=[dossier],
        by=cast["standing_office"],
        paper_ballot=paper_ballot,
    )


def error_messages(response):
    return [str(m) for m in response.context["messages"] if m.level_tag == "error"]


# --- Only members present vote -------------------------------------------------------------------------


def test_a_member_recorded_absent_cannot_vote(cast, councillors, registered, complete_dossier):
    session = to_vote(complete_dossier((registered(), "LDTT")), cast, councillors)
    nominee = selectors.session_nominees(session).get()
    services.session_attendance(session=session, present=councillors[:1], by=cast["standing_office"])

    with pytest.raises(ValidationError) as error:
        services.ballot_cast(session=session, member=councillors[1], choices={nominee.pk: "yes"})

    assert error.value.code == "absent"
    assert error.value.messages == ["Bạn được ghi nhận vắng mặt tại phiên họp này nên không thể bỏ phiếu."]
    assert (BallotReceipt.objects.count(), opened_tally(session).ballots) == (0, 0)


def test_an_absent_member_posting_a_ballot_is_refused_and_the_page_offers_no_ballot(
    client, cast, councillors, registered, complete_dossier
):
    session = to_vote(complete_dossier((registered(), "LDTT")), cast, councillors)
    nominee = selectors.session_nominees(session).get()
    services.session_attendance(session=session, present=councillors[:1], by=cast["standing_office"])
    client.force_login(councillors[2])

    page = client.get(reverse("awards:session-detail", args=[session.pk]))
    response = client.post(
        reverse("awards:ballot-cast", args=[session.pk]), {f"nominee_{nominee.pk}": "yes"}, follow=True
    )

    assert (page.context["can_vote"], 'data-testid="absent"' in page.content.decode()) == (False, True)
    assert error_messages(response) == [
        "Bạn được ghi nhận vắng mặt tại phiên họp này nên không thể bỏ phiếu."
    ]
    assert BallotReceipt.objects.count() == 0


def test_a_member_who_voted_cannot_be_recorded_absent(cast, councillors, registered, complete_dossier):
    session = to_vote(complete_dossier((registered(), "LDTT")), cast, councillors)
    nominee = selectors.session_nominees(session).get()
    for member in councillors:
        services.ballot_cast(session=session, member=member, choices={nominee.pk: "yes"})

    with pytest.raises(ValidationError) as error:
        services.session_attendance(session=session, present=councillors[:1], by=cast["standing_office"])

    assert error.value.code == "voted_absent"
    names = ", ".join(str(member) for member in councillors[1:])
    assert error.value.messages == [f"Đã bỏ phiếu nên không thể ghi nhận vắng mặt: {names}."]
    assert set(session.present.all()) == set(councillors)


def test_a_crafted_attendance_post_marking_a_voter_absent_is_refused(
    client, cast, councillors, registered, complete_dossier
):
    session = to_vote(complete_dossier((registered(), "LDTT")), cast, councillors)
    nominee = selectors.session_nominees(session).get()
    services.ballot_cast(session=session, member=councillors[2], choices={nominee.pk: "no"})
    client.force_login(cast["standing_office"])

    response = client.post(
        reverse("awards:session-attendance", args=[session.pk]),
        {"present": [councillors[0].pk, councillors[1].pk]},
        follow=True,
    )

    assert error_messages(response) == [f"Đã bỏ phiếu nên không thể ghi nhận vắng mặt: {councillors[2]}."]
    assert set(session.present.all()) == set(councillors)


def test_the_minutes_never_count_more_votes_than_members_present(
    client, cast, councillors, registered, complete_dossier
):
    session = to_vote(complete_dossier((registered(), "LDTT")), cast, councillors)
    nominee = selectors.session_nominees(session).get()
    services.session_attendance(session=session, present=councillors[:1], by=cast["standing_office"])
    client.force_login(councillors[0])
    client.post(reverse("awards:ballot-cast", args=[session.pk]), {f"nominee_{nominee.pk}": "yes"})
    for member in councillors[1:]:
        client.force_login(member)
        client.post(reverse("awards:ballot-cast", args=[session.pk]), {f"nominee_{nominee.pk}": "yes"})

    services.session_close(session=session, by=cast["standing_office"])

    subtitle = minutes_document(session).subtitle
    assert subtitle == (
        "Phiên họp tháng 11, họp ngày 25/11/2018: 3 thành viên được triệu tập, "
        "1 thành viên có mặt, 1 thành viên đã bỏ phiếu."
    )
    assert Nominee.objects.values_list("votes_yes", flat=True).get() == 1


# --- The paper tally -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tally", "code"),
    [((-1, 2, 1), "negative_tally"), ((2, -3, 0), "negative_tally"), ((2, 1, 1), "too_many")],
)
def test_a_paper_tally_outside_zero_and_the_members_present_is_refused(
    cast, councillors, registered, complete_dossier, tally, code
):
    session = to_vote(complete_dossier((registered(), "LDTT")), cast, councillors, paper_ballot=True)
    nominee = selectors.session_nominees(session).get()

    with pytest.raises(ValidationError) as error:
        services.session_close(session=session, by=cast["standing_office"], paper_tally={nominee.pk: tally})

    assert error.value.code == code
    nominee.refresh_from_db()
    assert (nominee.votes_yes, nominee.council_passed) == (None, None)
    assert (session.is_open, Dossier.objects.get().state) == (True, D.AT_COUNCIL)


def test_a_negative_paper_tally_posted_is_refused_in_vietnamese(
    client, cast, councillors, registered, complete_dossier
):
    session = to_vote(complete_dossier((registered(), "LDTT")), cast, councillors, paper_ballot=True)
    nominee = selectors.session_nominees(session).get()
    client.force_login(cast["standing_office"])

    response = client.post(
        reverse("awards:session-close", args=[session.pk]),
        {f"yes_{nominee.pk}": "-5", f"no_{nominee.pk}": "4", f"blank_{nominee.pk}": "4"},
        follow=True,
    )

    assert error_messages(response) == [
        "Vui lòng nhập kết quả kiểm phiếu của mọi người được đề nghị: số nguyên, không âm."
    ]
    session.refresh_from_db()
    assert (session.is_open, Nominee.objects.values_list("votes_yes", flat=True).get()) == (True, None)


# --- The unit's evaluation meeting ---------------------------------------------------------------------


def phase_2(campaign, **meeting):
    return {"kind": "phase", "phase": campaign.phases.get(number=2), **meeting}


@pytest.mark.parametrize("meeting", [{}, {"meeting_present": 5}, {"meeting_total": 5}])
def test_votes_without_the_numbers_convened_and_present_are_refused(
    cast, plan_2018, unit, registered, meeting
):
    dossier = services.dossier_save(
        by=cast["secretary"], campaign=plan_2018, unit=unit, data=phase_2(plan_2018, **meeting)
    )

    with pytest.raises(ValidationError) as error:
        services.nominee_add(
            dossier=dossier, by=cast["secretary"], title=title("LDTT"), staff=registered(), meeting_votes=500
        )

    assert error.value.message_dict["meeting_votes"] == [
        "Nhập số người được triệu tập và số người dự họp bình xét trước khi nhập số phiếu."
    ]
    assert dossier.nominees.count() == 0


def test_fewer_people_present_than_a_nominees_votes_is_refused(cast, plan_2018, unit, registered):
    meeting = phase_2(plan_2018, meeting_present=10, meeting_total=12)
    dossier = services.dossier_save(by=cast["secretary"], campaign=plan_2018, unit=unit, data=meeting)
    services.nominee_add(
        dossier=dossier, by=cast["secretary"], title=title("LDTT"), staff=registered(), meeting_votes=9
    )
    dossier.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        services.dossier_save(
            by=cast["secretary"],
            campaign=dossier.campaign,
            unit=dossier.unit,
            data={"meeting_present": 5},
            dossier=dossier,
            version=dossier.version,
        )

    assert error.value.message_dict["meeting_present"] == ["9 phiếu, nhưng chỉ có 5 người dự họp."]
    assert Dossier.objects.values_list("meeting_present", flat=True).get() == 10


def test_a_crafted_post_of_500_votes_from_5_present_is_refused(client, cast, plan_2018, unit, registered):
    person = registered()
    nominee = {"staff": person.pk, "title": title("LDTT").pk, "meeting_votes": "500"}
    client.force_login(cast["secretary"])
    phase = plan_2018.phases.get(number=2).pk
    client.post(reverse("awards:dossier-create"), {"kind": "phase", "phase": phase})
    dossier = Dossier.objects.get()
    add_url = reverse("awards:nominee-add", args=[dossier.pk])

    before_meeting = client.post(add_url, nominee, follow=True)
    client.post(
        reverse("awards:dossier-update", args=[dossier.pk]),
        {"kind": "phase", "phase": phase, "meeting_present": "5", "meeting_total": "5", "version": 1},
    )
    after_meeting = client.post(add_url, nominee, follow=True)

    assert error_messages(before_meeting) == [
        "Nhập số người được triệu tập và số người dự họp bình xét trước khi nhập số phiếu."
    ]
    assert error_messages(after_meeting) == ["500 phiếu, nhưng chỉ có 5 người dự họp."]
    dossier.refresh_from_db()
    assert (dossier.meeting_present, dossier.meeting_total, dossier.nominees.count()) == (5, 5, 0)
