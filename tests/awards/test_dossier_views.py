import datetime as dt
import re

import lxml.html
import pytest
import time_machine
from django.urls import reverse

from awards.models import Dossier
from tests.awards.conftest import BEFORE, HCM, opened_tally
from tests.awards.test_dossiers import to_vote, vote_all


@pytest.fixture(autouse=True)
def _before_the_deadline():
    with time_machine.travel(BEFORE, tick=False):
        yield


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("secretary", 200),
        ("other_secretary", 404),
        ("standing_office", 200),
        ("director", 200),
        ("council_member", 404),
        ("initiative_council", 403),
    ],
)
def test_dossier_page_access(client, cast, registered, complete_dossier, role, expected):
    dossier = complete_dossier((registered(), "LDTT"))
    client.force_login(cast[role])

    assert client.get(reverse("awards:dossier-detail", args=[dossier.pk])).status_code == expected


def test_a_council_member_sees_the_dossiers_on_the_agenda(
    client, cast, councillors, registered, complete_dossier
):
    dossier = complete_dossier((registered(), "LDTT"))
    session = to_vote(dossier, cast, councillors)
    client.force_login(councillors[0])

    assert client.get(reverse("awards:dossier-detail", args=[dossier.pk])).status_code == 200
    assert client.get(reverse("awards:session-detail", args=[session.pk])).context["can_vote"] is True


def test_a_member_votes_through_the_page_once(client, cast, councillors, registered, complete_dossier):
    session = to_vote(complete_dossier((registered(), "LDTT")), cast, councillors)
    nominee = session.dossiers.get().nominees.get()
    client.force_login(councillors[0])
    url = reverse("awards:ballot-cast", args=[session.pk])

    client.post(url, {f"nominee_{nominee.pk}": "yes"})
    second = client.post(url, {f"nominee_{nominee.pk}": "no"}, follow=True)

    assert session.receipts.count() == 1
    assert (opened_tally(session).ballots, opened_tally(session).of(nominee.pk)) == (1, (1, 0, 0))
    assert len([m for m in second.context["messages"] if m.level_tag == "error"]) == 1


def tally_rows(html):
    """The tally table of a session page: {nominee: the text of the row's other cells}."""
    rows = lxml.html.fromstring(html).xpath('//table[@data-testid="tally"]/tbody/tr')
    cells = [[" ".join(td.text_content().split()) for td in row.xpath("./td")] for row in rows]
    return {row[0]: row[1:] for row in cells}


COUNT_CELLS = re.compile(r'(?:<td class="text-end">\d+</td>){3}')


def test_the_tally_is_hidden_while_the_ballot_is_open(
    client, cast, councillors, registered, complete_dossier
):
    from awards import services

    anh, bich = registered(full_name="Phạm Minh Anh"), registered(full_name="Võ Thị Bích")
    session = to_vote(complete_dossier((anh, "LDTT"), (bich, "LDTT")), cast, councillors)
    ballots = {anh.pk: ["yes", "yes", "yes"], bich.pk: ["no", "blank", "no"]}
    vote_all(session, councillors, lambda index, nominee: ballots[nominee.staff_id][index])
    url = reverse("awards:session-detail", args=[session.pk])
    client.force_login(councillors[0])
    member_html = client.get(url).content.decode()
    client.force_login(cast["standing_office"])

    open_html = client.get(url).content.decode()
    services.session_close(session=session, by=cast["standing_office"])
    closed_html = client.get(url).content.decode()

    # Closed, the page shows the counts of the ballots cast above; open, none of them, to anyone.
    unit, ldtt = "Văn phòng Sở", "Lao động tiên tiến"
    assert tally_rows(closed_html) == {
        "Phạm Minh Anh": [unit, ldtt, "3", "0", "0", "đạt"],
        "Võ Thị Bích": [unit, ldtt, "0", "2", "1", "không đạt"],
    }
    assert tally_rows(open_html) == {
        "Phạm Minh Anh": [unit, ldtt, "hiển thị khi kết thúc bỏ phiếu"],
        "Võ Thị Bích": [unit, ldtt, "hiển thị khi kết thúc bỏ phiếu"],
    }
    shown_when_closed = COUNT_CELLS.findall(closed_html)
    assert len(shown_when_closed) == 2
    assert [cells in html for cells in shown_when_closed for html in (open_html, member_html)] == [False] * 4
    assert tally_rows(member_html) == {}


def test_approval_by_anyone_but_the_director_is_forbidden(
    client, cast, councillors, registered, complete_dossier
):
    from awards import services

    session = to_vote(complete_dossier((registered(), "LDTT")), cast, councillors)
    services.session_close(session=session, by=cast["standing_office"])
    dossier = Dossier.objects.get()
    nominee = dossier.nominees.get()
    client.force_login(cast["standing_office"])

    response = client.post(
        reverse("awards:nominee-decide", args=[dossier.pk, nominee.pk]), {"decision": "approve"}
    )

    assert response.status_code == 403
    nominee.refresh_from_db()
    assert nominee.director_decision == ""


def test_dossiers_are_created_by_units_not_by_the_standing_office(client, cast, plan_2018):
    client.force_login(cast["standing_office"])

    response = client.post(reverse("awards:dossier-create"), {"kind": "ad_hoc"})

    assert response.status_code == 403
    assert Dossier.objects.count() == 0


def test_the_minutes_print_as_pdf_once_closed(client, cast, councillors, registered, complete_dossier):
    from awards import services

    session = to_vote(complete_dossier((registered(), "LDTT")), cast, councillors)
    services.session_minutes_record(
        session=session,
        by=cast["standing_office"],
        chair=councillors[0],
        secretary=councillors[1],
        place="Phòng họp",
        starts_at=dt.datetime(2018, 11, 25, 8, 0, tzinfo=HCM),
        ends_at=dt.datetime(2018, 11, 25, 9, 0, tzinfo=HCM),
    )
    services.session_close(session=session, by=cast["standing_office"])
    client.force_login(cast["standing_office"])

    response = client.get(reverse("awards:session-minutes", args=[session.pk, "pdf"]))

    assert (response.status_code, response["Content-Type"], response.content[:5]) == (
        200,
        "application/pdf",
        b"%PDF-",
    )
