"""The council's papers from the session page: the minutes in three formats, the ballot form, and the form
where the standing office records the minutes' details."""

import datetime as dt
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from awards.models import CouncilSession
from awards.papers.minutes import minutes_paper
from core.papers.render import render
from tests.awards import test_minutes_paper as paper_tests
from tests.awards.conftest import BEFORE
from tests.awards.test_dossiers import to_vote

# The council, the people and the sessions of the paper's tests.
members = paper_tests.members
people = paper_tests.people
agenda = paper_tests.agenda
voted = paper_tests.voted

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _before_the_deadline(request):
    """The writes happen before the 2018 deadlines; the demo seeds itself at today's date."""
    if "demo" in request.fixturenames:
        yield
        return
    with time_machine.travel(BEFORE, tick=False):
        yield


TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def messages_of(response):
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_the_minutes_download_in_each_format(client, cast, voted, fmt):
    client.force_login(cast["standing_office"])

    response = client.get(reverse("awards:session-minutes", args=[voted.pk, fmt]))

    assert (response.status_code, response["Content-Type"]) == (200, TYPES[fmt])
    assert f"bien-ban-hop-hoi-dong-{voted.pk}.{fmt}" in response["Content-Disposition"]


def test_a_member_of_the_session_downloads_the_minutes_too(client, voted, members):
    client.force_login(members[3])

    response = client.get(reverse("awards:session-minutes", args=[voted.pk, "pdf"]))

    assert (response.status_code, response.content[:5]) == (200, b"%PDF-")


def test_a_format_the_minutes_do_not_come_in_is_not_found(client, cast, voted):
    client.force_login(cast["standing_office"])

    response = client.get(reverse("awards:session-minutes", args=[voted.pk, "odt"]))

    assert response.status_code == 404


def test_minutes_without_chair_and_secretary_send_back_to_the_session_naming_them(client, cast, agenda):
    client.force_login(cast["standing_office"])

    response = client.get(reverse("awards:session-minutes", args=[agenda.pk, "pdf"]), follow=True)

    assert response.redirect_chain == [(reverse("awards:session-detail", args=[agenda.pk]), 302)]
    assert messages_of(response) == [("error", "Chưa thể in biên bản. Còn thiếu: tên chủ tọa; tên thư ký.")]
    page = response.content.decode()
    assert 'data-testid="minutes-missing"' in page
    assert reverse("awards:session-minutes", args=[agenda.pk, "pdf"]) not in page


def test_the_session_page_offers_the_minutes_in_three_formats_once_complete(client, cast, voted):
    client.force_login(cast["standing_office"])

    page = client.get(reverse("awards:session-detail", args=[voted.pk])).content.decode()

    for fmt in ("pdf", "docx", "xlsx"):
        assert reverse("awards:session-minutes", args=[voted.pk, fmt]) in page
    assert 'data-testid="minutes-details"' in page
    assert reverse("awards:session-ballot-form", args=[voted.pk, "pdf"]) not in page  # an online ballot


def test_a_council_member_sees_no_details_form(client, voted, members):
    client.force_login(members[0])

    page = client.get(reverse("awards:session-detail", args=[voted.pk])).content.decode()

    assert 'data-testid="minutes-details"' not in page


def details_post(members, **changes):
    data = {
        "starts_at": "2018-11-25T08:00",
        "ends_at": "2018-11-25T10:30",
        "place": "Phòng họp Sở",
        "chair": members[0].pk,
        "chair_position": "Giám đốc Sở, Chủ tịch Hội đồng",
        "secretary": members[2].pk,
        "secretary_position": "Chánh Văn phòng",
    }
    data.update(changes)
    return data


def test_the_standing_office_records_the_details(client, cast, agenda, members):
    client.force_login(cast["standing_office"])

    response = client.post(
        reverse("awards:session-minutes-details", args=[agenda.pk]),
        details_post(members, counters=[members[0].pk, members[1].pk], counting_head=members[1].pk),
        follow=True,
    )

    assert messages_of(response) == [("success", "Đã ghi nhận thông tin của biên bản.")]
    session = CouncilSession.objects.get(pk=agenda.pk)
    assert (session.chair, session.secretary, session.place, session.counting_head) == (
        members[0],
        members[2],
        "Phòng họp Sở",
        members[1],
    )
    assert (session.starts_at, session.ends_at) == (
        dt.datetime(2018, 11, 25, 8, 0, tzinfo=HCM),
        dt.datetime(2018, 11, 25, 10, 30, tzinfo=HCM),
    )
    assert set(session.counters.all()) == {members[0], members[1]}


def test_a_crafted_post_with_more_ballots_collected_than_issued_is_refused(
    client, cast, members, people, complete_dossier
):
    session = to_vote(complete_dossier((people["anh"], "LDTT")), cast, members, paper_ballot=True)
    client.force_login(cast["standing_office"])

    response = client.post(
        reverse("awards:session-minutes-details", args=[session.pk]),
        details_post(members, ballots_issued=3, ballots_collected=4, ballots_valid=4, ballots_invalid=0),
        follow=True,
    )

    assert messages_of(response) == [("error", "Số phiếu thu về (4) nhiều hơn số phiếu phát ra (3).")]
    saved = CouncilSession.objects.values_list("ballots_issued", "ballots_collected", "chair", "place").get()
    assert saved == (None, None, None, "")


def test_an_online_sessions_count_cannot_be_typed(client, cast, agenda, members):
    client.force_login(cast["standing_office"])

    client.post(
        reverse("awards:session-minutes-details", args=[agenda.pk]),
        details_post(members, ballots_issued=9, ballots_collected=9, ballots_valid=9, ballots_invalid=0),
    )

    saved = CouncilSession.objects.values_list("ballots_issued", "ballots_collected", "place").get()
    assert saved == (None, None, "Phòng họp Sở")


def test_only_the_standing_office_records_the_details(client, agenda, members):
    client.force_login(members[0])

    response = client.post(reverse("awards:session-minutes-details", args=[agenda.pk]), details_post(members))

    assert response.status_code == 403
    assert CouncilSession.objects.values_list("chair", flat=True).get() is None


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_ballot_form_downloads(client, cast, agenda, fmt):
    client.force_login(cast["standing_office"])

    response = client.get(reverse("awards:session-ballot-form", args=[agenda.pk, fmt]))

    assert (response.status_code, response["Content-Type"]) == (200, TYPES[fmt])
    assert f"phieu-bau-{agenda.pk}.{fmt}" in response["Content-Disposition"]


def test_the_ballot_form_has_no_workbook(client, cast, agenda):
    client.force_login(cast["standing_office"])

    response = client.get(reverse("awards:session-ballot-form", args=[agenda.pk, "xlsx"]))

    assert response.status_code == 404


def test_a_paper_ballot_session_offers_the_ballot_form(client, cast, members, people, complete_dossier):
    session = to_vote(complete_dossier((people["anh"], "LDTT")), cast, members, paper_ballot=True)
    client.force_login(cast["standing_office"])

    page = client.get(reverse("awards:session-detail", args=[session.pk])).content.decode()

    assert reverse("awards:session-ballot-form", args=[session.pk, "pdf"]) in page
    assert reverse("awards:session-ballot-form", args=[session.pk, "docx"]) in page


# --- The 2018 demo --------------------------------------------------------------------------------------


@pytest.fixture
def demo(db):
    with override_settings(DEBUG=True):
        call_command("seed_demo", "--year", "2030", stdout=io.StringIO())
    return CouncilSession.objects.get(campaign__year=2018)


def test_the_2018_demo_sessions_minutes_render(demo):
    paper = minutes_paper(demo)

    assert [(s.caption, s.name) for s in paper.signatures] == [
        ("THƯ KÝ", "Đàng Văn Lực"),
        ("CHỦ TỌA", "Trần Quốc Bảo"),
    ]
    assert render(paper, "pdf")[:5] == b"%PDF-"
    assert render(paper, "docx")[:2] == b"PK"
    assert render(paper, "xlsx")[:2] == b"PK"


@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "9999-12-31T23:59", "2018-02-30T08:00", "8 giờ"])
def test_an_impossible_or_far_time_is_refused_without_an_error_page(client, cast, agenda, members, moment):
    client.force_login(cast["standing_office"])

    response = client.post(
        reverse("awards:session-minutes-details", args=[agenda.pk]),
        details_post(members, starts_at=moment, ends_at=""),
        follow=True,
    )

    assert response.status_code == 200
    assert [level for level, _text in messages_of(response)] == ["error"]
    assert CouncilSession.objects.values_list("chair", flat=True).get() is None


def test_the_details_form_shows_what_was_recorded(client, cast, voted):
    client.force_login(cast["standing_office"])

    form = client.get(reverse("awards:session-detail", args=[voted.pk])).context["details_form"]

    assert 'value="2018-11-25T08:00"' in str(form["starts_at"])  # in Asia/Ho_Chi_Minh
    assert (form["place"].value(), form["chair"].value()) == ("Phòng họp Sở Tư pháp", voted.chair.pk)
