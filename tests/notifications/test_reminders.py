"""Deadline reminders: 7 and 1 days before each unit's own deadline, only to units that have not acted,
never twice; an extension moves the unit's reminders with its deadline."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from awards import services as awards
from awards.enums import DossierState as D
from emulation import services as emulation
from emulation.enums import DeadlineKind
from emulation.enums import RegistrationState as R
from emulation.models import Deadline, Registration, RegistrationLine, Title
from initiatives.services import AuthorInput, initiative_save, initiative_transition
from notifications.enums import NotificationKind as K
from notifications.models import Notification, Reminder
from notifications.reminders import reminders_send
from tests.factories import StaffFactory
from tests.initiatives.conftest import INITIATIVE_DATA

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
REGISTERING = dt.datetime(2018, 1, 5, 9, 0, tzinfo=HCM)


def sent_on(day: dt.date):
    """Run the reminders as on `day`; [(unit code, days before, recipient)] of what this run sent."""
    sent, failed = reminders_send(today=day)
    assert failed == []
    return [(r.unit.code, r.days_before, r.recipient.username) for r in sent]


def registration_of(campaign, unit, secretary, state=R.SUBMITTED):
    with time_machine.travel(REGISTERING, tick=False):
        sheet = emulation.registration_save(
            campaign=campaign,
            unit=unit,
            by=secretary,
            version=None,
            collective_title=Title.objects.get(code="TTLDTT"),
            collective_reward=None,
            commitment="",
            lines=[],
        )
        if state == R.SUBMITTED:
            sheet = emulation.registration_transition(registration=sheet, to_state=R.SUBMITTED, by=secretary)
    return sheet


@pytest.fixture
def campaign(plan_2018, with_emails):
    return plan_2018


def test_registration_reminders_at_7_and_1_days_before(campaign, with_emails):
    # Before 15/01/2018: the 7-day reminder on 08/01, the 1-day one on 14/01 (the last day).
    assert sent_on(dt.date(2018, 1, 7)) == []
    assert sent_on(dt.date(2018, 1, 8)) == [("VP", 7, "thuky"), ("TTRA", 7, "thuky-khac")]
    assert sent_on(dt.date(2018, 1, 9)) == []
    assert sent_on(dt.date(2018, 1, 13)) == []
    assert sent_on(dt.date(2018, 1, 14)) == [("VP", 1, "thuky"), ("TTRA", 1, "thuky-khac")]
    assert sent_on(dt.date(2018, 1, 15)) == []  # closed at 00:00 of 15/01

    subject = "Nhắc hạn: đăng ký thi đua năm 2018 trước ngày 15/01/2018"
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("thuky-khac@stp.example.vn", subject),
        ("thuky-khac@stp.example.vn", subject),
        ("thuky@stp.example.vn", subject),
        ("thuky@stp.example.vn", subject),
    ]
    last = Notification.objects.filter(recipient=with_emails["secretary"]).first()
    assert last.kind == K.REMIND_REGISTRATION
    assert last.text == (
        "Văn phòng Sở chưa gửi bản đăng ký thi đua năm 2018. Hạn gửi: trước ngày 15/01/2018 (còn 1 ngày).\n"
        "Bản đăng ký: http://127.0.0.1:8000/campaigns/2018/registrations/VP/"
    )
    assert sorted(
        Reminder.objects.values_list("unit__code", "days_before", "recipient__username", "email")
    ) == [
        ("TTRA", 1, "thuky-khac", "thuky-khac@stp.example.vn"),
        ("TTRA", 7, "thuky-khac", "thuky-khac@stp.example.vn"),
        ("VP", 1, "thuky", "thuky@stp.example.vn"),
        ("VP", 7, "thuky", "thuky@stp.example.vn"),
    ]


def test_a_run_twice_the_same_day_sends_nothing_more(campaign):
    first = sent_on(dt.date(2018, 1, 8))
    second = sent_on(dt.date(2018, 1, 8))

    assert len(first) == 2
    assert second == []
    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 2
    assert Notification.objects.count() == 2


def test_a_missed_day_is_caught_up_once(campaign):
    # No run on 08/01: the 9th sends the 7-day reminder, the 10th nothing, the 14th the 1-day one.
    assert sent_on(dt.date(2018, 1, 9)) == [("VP", 7, "thuky"), ("TTRA", 7, "thuky-khac")]
    assert sent_on(dt.date(2018, 1, 10)) == []
    assert [days for _, days, _ in sent_on(dt.date(2018, 1, 14))] == [1, 1]


def test_units_that_sent_their_sheet_are_not_reminded(campaign, unit, other_unit, with_emails):
    registration_of(campaign, unit, with_emails["secretary"])
    registration_of(campaign, other_unit, with_emails["other_secretary"], state=R.DRAFT)  # a draft: not sent

    assert sent_on(dt.date(2018, 1, 8)) == [("TTRA", 7, "thuky-khac")]


def test_a_returned_sheet_is_reminded_again(campaign, unit, with_emails):
    sheet = registration_of(campaign, unit, with_emails["secretary"])
    Registration.objects.filter(pk=sheet.pk).update(state=R.RETURNED)

    assert ("VP", 7, "thuky") in sent_on(dt.date(2018, 1, 8))


def test_an_extension_moves_the_units_reminders(campaign, other_unit, with_emails):
    deadline = Deadline.objects.get(campaign=campaign, kind=DeadlineKind.REGISTRATION)
    emulation.extension_grant(
        deadline=deadline,
        unit=other_unit,
        due_at=dt.datetime(2018, 1, 25, 0, 0, tzinfo=HCM),
        reason="Đơn vị mới thành lập",
        by=with_emails["standing_office"],
    )

    assert sent_on(dt.date(2018, 1, 8)) == [("VP", 7, "thuky")]
    assert sent_on(dt.date(2018, 1, 14)) == [("VP", 1, "thuky")]
    assert sent_on(dt.date(2018, 1, 18)) == [("TTRA", 7, "thuky-khac")]
    assert sent_on(dt.date(2018, 1, 24)) == [("TTRA", 1, "thuky-khac")]
    assert sent_on(dt.date(2018, 1, 25)) == []
    assert Reminder.objects.get(unit=other_unit, days_before=1).closes_at == dt.datetime(
        2018, 1, 25, 0, 0, tzinfo=HCM
    )
    assert (
        "trước ngày 25/01/2018 (còn 1 ngày)"
        in Notification.objects.filter(recipient__unit=other_unit).first().text
    )


def test_offsets_come_from_the_setting(campaign, settings):
    settings.REMINDER_DAYS = [3]

    assert sent_on(dt.date(2018, 1, 8)) == []
    assert [days for _, days, _ in sent_on(dt.date(2018, 1, 12))] == [3, 3]
    assert sent_on(dt.date(2018, 1, 14)) == []


def test_a_closed_campaign_reminds_nobody(campaign):
    campaign.closed = True
    campaign.save()

    assert sent_on(dt.date(2018, 1, 8)) == []


def test_nominations_remind_registered_units_without_a_submitted_dossier(
    campaign, unit, other_unit, with_emails, registered, complete_dossier
):
    # VP registered (the fixture's accepted sheet) and has only a draft dossier; TTRA did not register.
    from tests.awards.conftest import BEFORE

    with time_machine.travel(BEFORE, tick=False):
        complete_dossier((registered(), "LDTT"))

    assert sent_on(dt.date(2018, 11, 13)) == [("VP", 7, "thuky")]
    assert Notification.objects.get().subject == (
        "Nhắc hạn: nộp hồ sơ đề nghị khen thưởng năm 2018 trước ngày 20/11/2018"
    )


def test_a_submitted_dossier_stops_the_nominations_reminder(
    campaign, with_emails, registered, complete_dossier
):
    from tests.awards.conftest import BEFORE

    with time_machine.travel(BEFORE, tick=False):
        dossier = complete_dossier((registered(), "LDTT"))
        awards.dossier_transition(dossier=dossier, to_state=D.SUBMITTED, by=with_emails["secretary"])

    assert sent_on(dt.date(2018, 11, 13)) == []


def test_initiatives_remind_units_registering_a_cstdcs_until_one_is_filed(campaign, unit, with_emails):
    sheet = registration_of(campaign, unit, with_emails["secretary"])
    person = StaffFactory(unit=unit)
    RegistrationLine.objects.create(registration=sheet, staff=person, title=Title.objects.get(code="CSTDCS"))

    assert sent_on(dt.date(2018, 10, 25)) == [("VP", 7, "thuky")]

    with time_machine.travel(dt.datetime(2018, 10, 26, 9, 0, tzinfo=HCM), tick=False):
        initiative = initiative_save(
            campaign=campaign,
            unit=unit,
            by=with_emails["secretary"],
            data=INITIATIVE_DATA,
            authors=[AuthorInput(staff=person, share=Decimal(100))],
        )
        initiative_transition(initiative=initiative, to_state="submitted", by=with_emails["secretary"])
    assert sent_on(dt.date(2018, 10, 31)) == []


def test_dry_run_sends_and_writes_nothing(campaign, capsys):
    call_command("send_reminders", "--dry-run", "--today", "2018-01-08")

    out = capsys.readouterr().out
    assert "would send: VP — " in out
    assert out.strip().endswith("2 reminder(s) would send, 0 failed.")
    assert Reminder.objects.count() == 0
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_the_command_sends_and_says_so(campaign, capsys):
    call_command("send_reminders", "--today", "08/01/2018")

    out = capsys.readouterr().out
    assert "sent: TTRA — " in out
    assert out.strip().endswith("2 reminder(s) sent, 0 failed.")
    assert Reminder.objects.count() == 2


def test_a_mail_server_failure_is_not_logged_and_retried(campaign, settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.BrokenBackend"
    sent, failed = reminders_send(today=dt.date(2018, 1, 8))
    assert (len(sent), len(failed)) == (0, 2)
    assert Reminder.objects.count() == 0
    assert Notification.objects.count() == 0

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert len(sent_on(dt.date(2018, 1, 9))) == 2
