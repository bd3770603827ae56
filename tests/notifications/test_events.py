"""Each workflow event tells the right people, in the app and by e-mail, only once the change is committed."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction

from awards import services as awards
from awards.enums import DossierState as D
from emulation import services as emulation
from emulation.enums import RegistrationState as R
from emulation.models import Title
from notifications.enums import NotificationKind as K
from notifications.models import Notification
from tests.awards.conftest import BEFORE
from tests.awards.test_dossiers import submit, to_vote, voted
from tests.factories import UserFactory

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
REGISTERING = dt.datetime(2018, 1, 10, 9, 0, tzinfo=HCM)


def received():
    """[(username, kind)] of every notification, and [(address, subject)] of every e-mail sent."""
    notes = sorted(Notification.objects.values_list("recipient__username", "kind"))
    emails = sorted((message.to[0], message.subject) for message in mail.outbox)
    return notes, emails


@pytest.fixture
def submitted_sheet(plan_2018, with_emails, unit):
    cast = with_emails
    with time_machine.travel(REGISTERING, tick=False):
        sheet = emulation.registration_save(
            campaign=plan_2018,
            unit=unit,
            by=cast["secretary"],
            version=None,
            collective_title=Title.objects.get(code="TTLDTT"),
            collective_reward=None,
            commitment="Hoàn thành xuất sắc nhiệm vụ",
            lines=[],
        )
        return emulation.registration_transition(
            registration=sheet, to_state=R.SUBMITTED, by=cast["secretary"]
        )


def test_registration_returned_tells_the_units_secretaries_after_commit(
    submitted_sheet, with_emails, django_capture_on_commit_callbacks
):
    cast = with_emails
    UserFactory(username="thuky2", is_secretary=True, unit=submitted_sheet.unit, email="tk2@stp.vn")
    UserFactory(
        username="thuky-nghi", is_secretary=True, unit=submitted_sheet.unit, is_active=False, email="x@y.vn"
    )

    with django_capture_on_commit_callbacks() as callbacks:
        emulation.registration_transition(
            registration=submitted_sheet,
            to_state=R.RETURNED,
            by=cast["standing_office"],
            comment="Thiếu cam kết",
        )
        assert received() == ([], [])  # nothing before the commit
    for callback in callbacks:
        callback()

    subject = "Bản đăng ký thi đua năm 2018 của Văn phòng Sở bị trả lại"
    assert received() == (
        [("thuky", K.REGISTRATION_RETURNED), ("thuky2", K.REGISTRATION_RETURNED)],
        [("thuky@stp.example.vn", subject), ("tk2@stp.vn", subject)],
    )
    note = Notification.objects.get(recipient=cast["secretary"])
    assert note.link == "/campaigns/2018/registrations/VP/"
    assert "Lý do: Thiếu cam kết" in note.text
    assert "http://127.0.0.1:8000/campaigns/2018/registrations/VP/" in mail.outbox[0].body
    assert note.read_at is None


def test_registration_accepted_tells_the_unit(
    submitted_sheet, with_emails, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        emulation.registration_transition(
            registration=submitted_sheet, to_state=R.ACCEPTED, by=with_emails["standing_office"]
        )

    assert received() == (
        [("thuky", K.REGISTRATION_ACCEPTED)],
        [("thuky@stp.example.vn", "Bản đăng ký thi đua năm 2018 của Văn phòng Sở đã được tiếp nhận")],
    )


def test_submitting_tells_nobody(plan_2018, with_emails, unit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(REGISTERING, tick=False):
        sheet = emulation.registration_save(
            campaign=plan_2018,
            unit=unit,
            by=with_emails["secretary"],
            version=None,
            collective_title=Title.objects.get(code="TTLDTT"),
            collective_reward=None,
            commitment="",
            lines=[],
        )
        emulation.registration_transition(
            registration=sheet, to_state=R.SUBMITTED, by=with_emails["secretary"]
        )

    assert received() == ([], [])


def test_a_refused_transition_tells_nobody(submitted_sheet, with_emails, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError):
        emulation.registration_transition(
            registration=submitted_sheet, to_state=R.RETURNED, by=with_emails["standing_office"], comment=""
        )

    assert callbacks == []
    assert received() == ([], [])


def test_a_transition_rolled_back_later_in_its_transaction_tells_nobody(
    submitted_sheet, with_emails, django_capture_on_commit_callbacks
):
    def accept_then_fail():
        with transaction.atomic():
            emulation.registration_transition(
                registration=submitted_sheet, to_state=R.ACCEPTED, by=with_emails["standing_office"]
            )
            raise RuntimeError("a later step of the same request failed")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        accept_then_fail()

    assert callbacks == []
    assert received() == ([], [])
    submitted_sheet.refresh_from_db()
    assert submitted_sheet.state == R.SUBMITTED


@pytest.fixture
def _before_nominations():
    with time_machine.travel(BEFORE, tick=False):
        yield


@pytest.mark.usefixtures("_before_nominations")
@pytest.mark.parametrize(
    ("to_state", "comment", "kind", "subject"),
    [
        (
            D.RETURNED,
            "Thiếu biên bản",
            K.DOSSIER_RETURNED,
            "Hồ sơ đề nghị khen thưởng của Văn phòng Sở bị trả lại",
        ),
        (D.ACCEPTED, "", K.DOSSIER_ACCEPTED, "Hồ sơ đề nghị khen thưởng của Văn phòng Sở đã được tiếp nhận"),
    ],
)
def test_dossier_returned_or_accepted_tells_its_unit(
    with_emails,
    registered,
    complete_dossier,
    django_capture_on_commit_callbacks,
    to_state,
    comment,
    kind,
    subject,
):
    dossier = complete_dossier((registered(), "LDTT"))
    submit(dossier, with_emails)

    with django_capture_on_commit_callbacks(execute=True):
        awards.dossier_transition(
            dossier=dossier, to_state=to_state, by=with_emails["standing_office"], comment=comment
        )

    assert received() == ([("thuky", kind)], [("thuky@stp.example.vn", subject)])
    assert Notification.objects.get().link == f"/dossiers/{dossier.pk}/"


@pytest.mark.usefixtures("_before_nominations")
def test_ballot_opened_tells_the_sessions_members_only(
    with_emails, councillors, registered, complete_dossier, django_capture_on_commit_callbacks
):
    for index, member in enumerate(councillors):
        member.email = f"hd{index}@stp.vn"
        member.save()
    dossier = complete_dossier((registered(), "LDTT"))

    with django_capture_on_commit_callbacks(execute=True):
        session = to_vote(dossier, with_emails, councillors[:2])

    assert received()[0] == sorted(
        [("thuky", K.DOSSIER_ACCEPTED), ("hoidong1", K.BALLOT_OPENED), ("hoidong2", K.BALLOT_OPENED)]
    )
    assert sorted(m.to[0] for m in mail.outbox if m.subject.startswith("Mời bỏ phiếu")) == [
        "hd0@stp.vn",
        "hd1@stp.vn",
    ]
    # the cast's own council member, not on this session, got nothing
    assert not Notification.objects.filter(recipient=with_emails["council_member"]).exists()
    note = Notification.objects.filter(kind=K.BALLOT_OPENED).first()
    assert note.subject == "Mời bỏ phiếu: Phiên họp tháng 11"
    assert note.link == session.get_absolute_url()


@pytest.mark.usefixtures("_before_nominations")
def test_decision_issued_tells_the_units_concerned(
    with_emails, plan_2018, councillors, registered, complete_dossier, django_capture_on_commit_callbacks
):
    nominee = voted(with_emails, councillors, complete_dossier, (registered(), "LDTT")).get()
    awards.nominee_decide(nominee=nominee, approve=True, by=with_emails["director"])
    Notification.objects.all().delete()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        decision = awards.decision_issue(
            campaign=plan_2018,
            kind="decision",
            issued_on=dt.date(2018, 12, 1),
            signer="A",
            by=with_emails["director"],
        )

    subject = f"Quyết định số {decision.reference} ngày 01/12/2018"
    assert received() == ([("thuky", K.DECISION_ISSUED)], [("thuky@stp.example.vn", subject)])
    assert Notification.objects.get().link == f"/dossiers/{nominee.dossier_id}/"


def test_round_opened_tells_the_rounds_members_only(
    with_emails, council, file_initiative, open_round, django_capture_on_commit_callbacks
):
    from tests.initiatives.conftest import BEFORE as FILING

    with time_machine.travel(FILING, tick=False):
        initiative = file_initiative()
        with django_capture_on_commit_callbacks(execute=True):
            open_round(initiative, council[:3])

    assert received()[0] == [
        ("sangkien1", K.ROUND_OPENED),
        ("sangkien2", K.ROUND_OPENED),
        ("sangkien3", K.ROUND_OPENED),
    ]
    assert mail.outbox == []  # these members have no address: in-app only
    assert Notification.objects.first().subject == "Mời chấm điểm sáng kiến: Phiên 1"


def test_a_mail_server_down_does_not_undo_the_move(
    submitted_sheet, with_emails, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.backends.BrokenBackend"

    with django_capture_on_commit_callbacks(execute=True):
        emulation.registration_transition(
            registration=submitted_sheet, to_state=R.ACCEPTED, by=with_emails["standing_office"]
        )

    submitted_sheet.refresh_from_db()
    assert submitted_sheet.state == R.ACCEPTED
    assert received() == ([("thuky", K.REGISTRATION_ACCEPTED)], [])  # in the app, not by e-mail
    assert any(
        "the mail server is down" in str(record.exc_info[1]) for record in caplog.records if record.exc_info
    )


def test_a_mail_server_down_does_not_undo_the_round(
    with_emails, council, file_initiative, open_round, settings, django_capture_on_commit_callbacks
):
    from tests.initiatives.conftest import BEFORE as FILING

    settings.EMAIL_BACKEND = "tests.notifications.backends.BrokenBackend"
    council[0].email = "sk1@stp.vn"
    council[0].save()
    with time_machine.travel(FILING, tick=False):
        initiative = file_initiative()
        with django_capture_on_commit_callbacks(execute=True):
            evaluation_round = open_round(initiative, council[:2])

    assert evaluation_round.pk is not None
    assert received() == ([("sangkien1", K.ROUND_OPENED), ("sangkien2", K.ROUND_OPENED)], [])
