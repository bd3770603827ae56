"""Registration services: saving the sheet, the state machine, deadlines and extensions."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from emulation.enums import RegistrationState as S
from emulation.models import Extension, Registration, RegistrationHistory, RegistrationLine, Title
from emulation.services import (
    LineInput,
    extension_grant,
    extension_revoke,
    registration_save,
    registration_transition,
)
from tests.factories import StaffFactory

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
BEFORE = dt.datetime(2018, 1, 10, 9, 0, tzinfo=HCM)
CLOSES = dt.datetime(2018, 1, 15, 0, 0, tzinfo=HCM)


def title(code):
    return Title.objects.get(code=code)


def save(campaign, unit, user, lines=(), version=None, collective="TTLDTT", **kwargs):
    return registration_save(
        campaign=campaign,
        unit=unit,
        by=user,
        version=version,
        collective_title=title(collective) if collective else None,
        collective_reward=kwargs.get("reward"),
        commitment=kwargs.get("commitment", "Hoàn thành xuất sắc nhiệm vụ"),
        lines=list(lines),
    )


@pytest.fixture
def secretary(cast):
    return cast["secretary"]


@pytest.fixture
def office(cast):
    return cast["standing_office"]


@time_machine.travel(BEFORE, tick=False)
def test_save_creates_the_draft_with_lines_and_history(plan_2018, unit, staff, secretary):
    registration = save(
        plan_2018, unit, secretary, [LineInput(staff, title("CSTDCS"), title("GK_GD"), "Sáng kiến")]
    )

    assert (registration.state, registration.version, registration.collective_title.code) == (
        "draft",
        1,
        "TTLDTT",
    )
    assert [
        (line.staff, line.title.code, line.reward.code, line.note) for line in registration.lines.all()
    ] == [(staff, "CSTDCS", "GK_GD", "Sáng kiến")]
    assert [(h.actor, h.from_state, h.to_state) for h in registration.history.all()] == [
        (secretary, "", "draft")
    ]


@time_machine.travel(BEFORE, tick=False)
def test_save_again_replaces_lines_and_bumps_version(plan_2018, unit, staff, secretary):
    save(plan_2018, unit, secretary, [LineInput(staff, title("CSTDCS"))])

    registration = save(plan_2018, unit, secretary, [LineInput(staff, title("LDTT"))], version=1)

    assert registration.version == 2
    assert list(registration.lines.values_list("title__code", flat=True)) == ["LDTT"]
    assert RegistrationHistory.objects.count() == 1


@time_machine.travel(BEFORE, tick=False)
def test_save_with_stale_version_refused_nothing_written(plan_2018, unit, staff, secretary):
    save(plan_2018, unit, secretary, [LineInput(staff, title("CSTDCS"))])
    save(plan_2018, unit, secretary, [LineInput(staff, title("LDTT"))], version=1)

    with pytest.raises(ValidationError) as error:
        save(plan_2018, unit, secretary, [], version=1, collective="TTLDXS")

    assert error.value.code == "stale"
    registration = Registration.objects.get()
    assert (registration.version, registration.collective_title.code) == (2, "TTLDTT")
    assert list(registration.lines.values_list("title__code", flat=True)) == ["LDTT"]


@time_machine.travel(BEFORE, tick=False)
def test_first_save_racing_another_first_save_refused(plan_2018, unit, staff, secretary):
    save(plan_2018, unit, secretary, [LineInput(staff, title("LDTT"))])

    with pytest.raises(ValidationError) as error:
        save(plan_2018, unit, secretary, [], version=None)

    assert error.value.code == "stale"
    assert RegistrationLine.objects.count() == 1


BAD_INPUT = [
    ("other_unit", lambda c: [LineInput(c["other_staff"], title("LDTT"))], "TTLDTT"),
    ("wrong_title", lambda c: [LineInput(c["staff"], title("TTLDTT"))], "TTLDTT"),
    ("wrong_title", lambda c: [LineInput(c["staff"], title("GK_GD"))], "TTLDTT"),
    ("wrong_title", lambda c: [], "LDTT"),
    (
        "duplicate",
        lambda c: [LineInput(c["staff"], title("LDTT")), LineInput(c["staff"], title("CSTDCS"))],
        "TTLDTT",
    ),
    ("left", lambda c: [LineInput(c["left"], title("LDTT"))], "TTLDTT"),
]


@time_machine.travel(BEFORE, tick=False)
@pytest.mark.parametrize(("code", "lines", "collective"), BAD_INPUT)
def test_save_bad_input_refused_nothing_written(
    plan_2018, unit, staff, other_staff, secretary, code, lines, collective
):
    left = StaffFactory(
        unit=unit, code="VP-009", recruited_on=dt.date(2010, 1, 1), left_on=dt.date(2017, 12, 31)
    )
    context = {"staff": staff, "other_staff": other_staff, "left": left}

    with pytest.raises(ValidationError) as error:
        save(plan_2018, unit, secretary, lines(context), collective=collective)

    assert error.value.code == code
    assert (
        Registration.objects.count(),
        RegistrationLine.objects.count(),
        RegistrationHistory.objects.count(),
    ) == (
        0,
        0,
        0,
    )


@time_machine.travel(BEFORE, tick=False)
def test_save_by_another_units_secretary_refused(plan_2018, unit, staff, cast):
    with pytest.raises(PermissionDenied):
        save(plan_2018, unit, cast["other_secretary"], [LineInput(staff, title("LDTT"))])

    assert Registration.objects.count() == 0


@time_machine.travel(BEFORE, tick=False)
def test_save_in_a_closed_campaign_refused(plan_2018, unit, staff, secretary):
    plan_2018.closed = True
    plan_2018.save()

    with pytest.raises(ValidationError) as error:
        save(plan_2018, unit, secretary, [LineInput(staff, title("LDTT"))])

    assert error.value.messages == ["Phong trào thi đua năm 2018 đã kết thúc: không thể thay đổi gì nữa."]
    assert Registration.objects.count() == 0


# --- the deadline: 00:00 of 15/01/2018, Asia/Ho_Chi_Minh ------------------------------------------------


def test_save_one_second_before_the_deadline_accepted(plan_2018, unit, staff, secretary):
    with time_machine.travel(CLOSES - dt.timedelta(seconds=1), tick=False):
        save(plan_2018, unit, secretary, [LineInput(staff, title("LDTT"))])

    assert Registration.objects.count() == 1


def test_save_at_the_deadline_refused_with_message_nothing_written(plan_2018, unit, staff, secretary):
    with time_machine.travel(CLOSES, tick=False), pytest.raises(ValidationError) as error:
        save(plan_2018, unit, secretary, [LineInput(staff, title("LDTT"))])

    assert error.value.code == "deadline_closed"
    assert "15/01/2018" in error.value.messages[0]
    assert Registration.objects.count() == 0


def test_submit_at_the_deadline_refused_state_unchanged(plan_2018, unit, staff, secretary):
    with time_machine.travel(BEFORE, tick=False):
        registration = save(plan_2018, unit, secretary, [LineInput(staff, title("LDTT"))])

    with time_machine.travel(CLOSES, tick=False), pytest.raises(ValidationError):
        registration_transition(registration=registration, to_state=S.SUBMITTED, by=secretary)

    assert Registration.objects.get().state == "draft"
    assert RegistrationHistory.objects.count() == 1


def test_save_after_the_deadline_with_an_extension_accepted_and_marks_it_used(
    plan_2018, unit, staff, secretary, office
):
    deadline = plan_2018.deadlines.get(kind="registration")
    with time_machine.travel(BEFORE, tick=False):
        extension = extension_grant(
            deadline=deadline,
            unit=unit,
            due_at=CLOSES + dt.timedelta(days=3),
            reason="Thủ trưởng đi công tác",
            by=office,
        )

    with time_machine.travel(CLOSES + dt.timedelta(days=1), tick=False):
        save(plan_2018, unit, secretary, [LineInput(staff, title("LDTT"))])

    extension.refresh_from_db()
    assert extension.used_at == CLOSES + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        extension_revoke(extension=extension, by=office)
    assert error.value.code == "not_revocable"


def test_extension_does_not_help_another_unit(plan_2018, unit, other_unit, other_staff, cast, office):
    deadline = plan_2018.deadlines.get(kind="registration")
    with time_machine.travel(BEFORE, tick=False):
        extension_grant(
            deadline=deadline, unit=unit, due_at=CLOSES + dt.timedelta(days=3), reason="Lý do", by=office
        )

    with time_machine.travel(CLOSES + dt.timedelta(days=1), tick=False), pytest.raises(ValidationError):
        save(plan_2018, other_unit, cast["other_secretary"], [LineInput(other_staff, title("LDTT"))])

    assert Registration.objects.count() == 0


def test_save_at_the_extended_time_refused(plan_2018, unit, staff, secretary, office):
    deadline = plan_2018.deadlines.get(kind="registration")
    new_time = CLOSES + dt.timedelta(days=3)
    with time_machine.travel(BEFORE, tick=False):
        extension_grant(deadline=deadline, unit=unit, due_at=new_time, reason="Lý do", by=office)

    with time_machine.travel(new_time, tick=False), pytest.raises(ValidationError):
        save(plan_2018, unit, secretary, [LineInput(staff, title("LDTT"))])

    assert Registration.objects.count() == 0


def test_save_after_a_revoked_extension_refused(plan_2018, unit, staff, secretary, office):
    deadline = plan_2018.deadlines.get(kind="registration")
    with time_machine.travel(BEFORE, tick=False):
        extension = extension_grant(
            deadline=deadline, unit=unit, due_at=CLOSES + dt.timedelta(days=3), reason="Lý do", by=office
        )
        extension_revoke(extension=extension, by=office)

    with (
        time_machine.travel(CLOSES + dt.timedelta(days=1), tick=False),
        pytest.raises(ValidationError) as error,
    ):
        save(plan_2018, unit, secretary, [LineInput(staff, title("LDTT"))])

    assert error.value.code == "deadline_closed"
    assert Registration.objects.count() == 0


def test_extension_must_be_later_and_have_a_reason(plan_2018, unit, office):
    deadline = plan_2018.deadlines.get(kind="registration")

    with pytest.raises(ValidationError) as earlier:
        extension_grant(deadline=deadline, unit=unit, due_at=CLOSES, reason="Lý do", by=office)
    with pytest.raises(ValidationError) as no_reason:
        extension_grant(
            deadline=deadline, unit=unit, due_at=CLOSES + dt.timedelta(days=1), reason="  ", by=office
        )

    assert (list(earlier.value.error_dict), list(no_reason.value.error_dict)) == (["due_at"], ["reason"])
    assert Extension.objects.count() == 0


def test_second_active_extension_refused_until_the_first_is_revoked(plan_2018, unit, office):
    deadline = plan_2018.deadlines.get(kind="registration")
    first = extension_grant(
        deadline=deadline, unit=unit, due_at=CLOSES + dt.timedelta(days=1), reason="A", by=office
    )

    with pytest.raises(ValidationError) as error:
        extension_grant(
            deadline=deadline, unit=unit, due_at=CLOSES + dt.timedelta(days=2), reason="B", by=office
        )
    extension_revoke(extension=first, by=office)
    second = extension_grant(
        deadline=deadline, unit=unit, due_at=CLOSES + dt.timedelta(days=2), reason="B", by=office
    )

    assert error.value.code == "exists"
    assert list(Extension.objects.filter(revoked_at__isnull=True)) == [second]


# --- the state machine --------------------------------------------------------------------------------

ALL_PAIRS = [(a, b) for a in S.values for b in S.values if a != b]


def _registration_in(state, plan, unit, staff, secretary):
    registration = save(plan, unit, secretary, [LineInput(staff, title("LDTT"))])
    Registration.objects.filter(pk=registration.pk).update(state=state)
    registration.refresh_from_db()
    return registration


# The plan's workflow, written out here so that a change to the code's table is a failing test.
ALLOWED = {
    (S.DRAFT, S.SUBMITTED): "secretary",
    (S.RETURNED, S.SUBMITTED): "secretary",
    (S.SUBMITTED, S.DRAFT): "secretary",  # withdrawn before review
    (S.SUBMITTED, S.RETURNED): "standing_office",
    (S.SUBMITTED, S.ACCEPTED): "standing_office",
    (S.ACCEPTED, S.RETURNED): "standing_office",
}


@time_machine.travel(BEFORE, tick=False)
@pytest.mark.parametrize(("from_state", "to_state"), ALL_PAIRS)
def test_transition_allowed_only_from_the_table(plan_2018, unit, staff, cast, from_state, to_state):
    registration = _registration_in(from_state, plan_2018, unit, staff, cast["secretary"])
    actor = ALLOWED.get((from_state, to_state))
    user = cast[actor or "standing_office"]

    if actor is None:
        with pytest.raises(ValidationError) as error:
            registration_transition(registration=registration, to_state=to_state, by=user, comment="x")
        assert error.value.code == "transition"
        assert Registration.objects.get().state == from_state
    else:
        registration_transition(registration=registration, to_state=to_state, by=user, comment="Bổ sung")
        assert Registration.objects.get().state == to_state
        last = RegistrationHistory.objects.last()
        assert (last.actor, last.from_state, last.to_state) == (user, from_state, to_state)


@time_machine.travel(BEFORE, tick=False)
@pytest.mark.parametrize(
    ("from_state", "to_state", "role"),
    [
        ("draft", "submitted", "standing_office"),
        ("draft", "submitted", "other_secretary"),
        ("submitted", "accepted", "secretary"),
        ("submitted", "returned", "director"),
        ("submitted", "accepted", "council_member"),
    ],
)
def test_transition_by_the_wrong_role_refused(plan_2018, unit, staff, cast, from_state, to_state, role):
    registration = _registration_in(from_state, plan_2018, unit, staff, cast["secretary"])

    with pytest.raises(PermissionDenied):
        registration_transition(registration=registration, to_state=to_state, by=cast[role], comment="x")

    assert Registration.objects.get().state == from_state


@time_machine.travel(BEFORE, tick=False)
def test_return_without_comment_refused(plan_2018, unit, staff, cast):
    registration = _registration_in("submitted", plan_2018, unit, staff, cast["secretary"])

    with pytest.raises(ValidationError):
        registration_transition(registration=registration, to_state=S.RETURNED, by=cast["standing_office"])

    assert Registration.objects.get().state == "submitted"


@time_machine.travel(BEFORE, tick=False)
def test_submitted_sheet_cannot_be_edited(plan_2018, unit, staff, secretary):
    registration = _registration_in("submitted", plan_2018, unit, staff, secretary)

    with pytest.raises(ValidationError) as error:
        save(plan_2018, unit, secretary, [], version=registration.version)

    assert error.value.code == "not_editable"
    assert RegistrationLine.objects.count() == 1


@time_machine.travel(BEFORE, tick=False)
def test_empty_sheet_cannot_be_submitted(plan_2018, unit, secretary):
    registration = save(plan_2018, unit, secretary, [], collective=None)

    with pytest.raises(ValidationError) as error:
        registration_transition(registration=registration, to_state=S.SUBMITTED, by=secretary)

    assert error.value.code == "empty"


@time_machine.travel(BEFORE, tick=False)
def test_stale_object_transition_refused(plan_2018, unit, staff, cast):
    registration = _registration_in("submitted", plan_2018, unit, staff, cast["secretary"])
    stale = Registration.objects.get(pk=registration.pk)
    registration_transition(registration=registration, to_state=S.ACCEPTED, by=cast["standing_office"])

    with pytest.raises(ValidationError) as error:
        registration_transition(
            registration=stale, to_state=S.RETURNED, by=cast["standing_office"], comment="x"
        )

    assert error.value.code == "stale"
    assert Registration.objects.get().state == "accepted"
