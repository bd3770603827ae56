import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from emulation.legal import campaign_rules
from emulation.models import CampaignRules
from initiatives.enums import InitiativeState as S
from initiatives.models import Initiative, InitiativeAuthor, InitiativeHistory, Score
from initiatives.services import (
    AuthorInput,
    initiative_recognise,
    initiative_record_provincial,
    initiative_save,
    initiative_transition,
    round_close,
    round_open,
    score_cast,
)
from tests.factories import StaffFactory
from tests.initiatives.conftest import BEFORE, CLOSES, INITIATIVE_DATA


@pytest.fixture(autouse=True)
def _before_the_deadline():
    with time_machine.travel(BEFORE, tick=False):
        yield


def vote(initiative, member, yes=True):
    return score_cast(
        initiative=initiative, member=member, novelty=8, applicability=7, effect=9, recognise=yes
    )


def test_save_files_the_application_with_authors_and_history(plan_2018, cast, unit, other_staff):
    author = StaffFactory(unit=unit)
    authors = [
        AuthorInput(staff=author, share=Decimal("60")),
        AuthorInput(staff=other_staff, share=Decimal("30")),
        AuthorInput(staff=None, full_name="Trần Văn An", workplace="UBND xã Phước Dân", share=Decimal("10")),
    ]

    initiative = initiative_save(
        campaign=plan_2018, unit=unit, by=cast["secretary"], data=INITIATIVE_DATA, authors=authors
    )

    assert (initiative.state, initiative.unit, initiative.title) == (
        "draft",
        unit,
        "Số hóa sổ hộ tịch tại cấp xã",
    )
    assert [(a.name, a.share) for a in initiative.authors.all()] == [
        (author.full_name, Decimal("60.00")),
        (other_staff.full_name, Decimal("30.00")),
        ("Trần Văn An", Decimal("10.00")),
    ]
    assert list(initiative.history.values_list("from_state", "to_state")) == [("", "draft")]


@pytest.mark.parametrize(
    ("authors", "code"),
    [
        (lambda s: [AuthorInput(staff=s, share=Decimal("90"))], "shares"),
        (
            lambda s: [AuthorInput(staff=s, share=Decimal("60")), AuthorInput(staff=s, share=Decimal("40"))],
            "duplicate_author",
        ),
        (
            lambda s: [
                AuthorInput(staff=s, share=Decimal("50")),
                AuthorInput(staff=None, full_name="An", share=Decimal("50")),
            ],
            "outside_author",
        ),
        (lambda s: [], "no_author"),
    ],
)
def test_save_bad_authors_refused_nothing_written(plan_2018, cast, unit, authors, code):
    with pytest.raises(ValidationError) as error:
        initiative_save(
            campaign=plan_2018,
            unit=unit,
            by=cast["secretary"],
            data=INITIATIVE_DATA,
            authors=authors(StaffFactory(unit=unit)),
        )

    assert error.value.code == code
    assert (
        Initiative.objects.count(),
        InitiativeAuthor.objects.count(),
        InitiativeHistory.objects.count(),
    ) == (0, 0, 0)


def test_shares_not_adding_up_say_the_total(plan_2018, cast, unit):
    with pytest.raises(ValidationError) as error:
        initiative_save(
            campaign=plan_2018,
            unit=unit,
            by=cast["secretary"],
            data=INITIATIVE_DATA,
            authors=[AuthorInput(staff=StaffFactory(unit=unit), share=Decimal("99.5"))],
        )

    assert error.value.messages == ["Tỷ lệ đóng góp của các tác giả cộng lại là 99,5%; phải bằng 100%."]


def test_secretary_cannot_file_for_another_unit(plan_2018, cast, other_unit):
    with pytest.raises(PermissionDenied):
        initiative_save(
            campaign=plan_2018,
            unit=other_unit,
            by=cast["secretary"],
            data=INITIATIVE_DATA,
            authors=[AuthorInput(staff=StaffFactory(unit=other_unit), share=Decimal(100))],
        )

    assert Initiative.objects.count() == 0


def test_standing_office_files_for_any_unit(plan_2018, cast, other_unit):
    initiative = initiative_save(
        campaign=plan_2018,
        unit=other_unit,
        by=cast["standing_office"],
        data=INITIATIVE_DATA,
        authors=[AuthorInput(staff=StaffFactory(unit=other_unit), share=Decimal(100))],
    )

    assert initiative.unit == other_unit


def test_filing_one_second_before_the_deadline_accepted(file_initiative):
    with time_machine.travel(CLOSES - dt.timedelta(seconds=1), tick=False):
        initiative = file_initiative()

    assert initiative.state == "submitted"


def test_filing_at_the_deadline_refused(file_initiative):
    with time_machine.travel(CLOSES, tick=False), pytest.raises(ValidationError) as error:
        file_initiative(submit=False)

    assert error.value.code == "deadline_closed"
    assert Initiative.objects.count() == 0


def test_submitting_at_the_deadline_refused(file_initiative):
    initiative = file_initiative(submit=False)

    with time_machine.travel(CLOSES, tick=False), pytest.raises(ValidationError):
        initiative_transition(initiative=initiative, to_state=S.SUBMITTED, by=initiative.history.get().actor)

    assert Initiative.objects.get().state == "draft"


def test_stale_edit_refused(plan_2018, cast, unit, file_initiative):
    initiative = file_initiative(submit=False)
    authors = [AuthorInput(staff=initiative.authors.get().staff, share=Decimal(100))]
    initiative_save(
        campaign=plan_2018,
        unit=unit,
        by=cast["secretary"],
        data={"title": "A"},
        authors=authors,
        initiative=initiative,
        version=1,
    )

    with pytest.raises(ValidationError) as error:
        initiative_save(
            campaign=plan_2018,
            unit=unit,
            by=cast["secretary"],
            data={"title": "B"},
            authors=authors,
            initiative=initiative,
            version=1,
        )

    assert error.value.code == "stale"
    assert Initiative.objects.get().title == "A"


# The initiative workflow of TT 18/2013 and the plan, written out so that a change of the code's table fails.
ALLOWED = {
    (S.DRAFT, S.SUBMITTED): "filer",
    (S.RETURNED, S.SUBMITTED): "filer",
    (S.SUBMITTED, S.RETURNED): "office",
    (S.SUBMITTED, S.UNDER_EVALUATION): "office",
    (S.UNDER_EVALUATION, S.NOT_RECOGNISED): "office",
    (S.UNDER_EVALUATION, S.RECOGNISED): "decision",
}


@pytest.mark.parametrize(("from_state", "to_state"), [(a, b) for a in S.values for b in S.values if a != b])
def test_transitions_only_from_the_table(file_initiative, cast, from_state, to_state):
    initiative = file_initiative(submit=False)
    # A recognised initiative always carries its decision (a database constraint).
    decision = {"decision_number": "15/QĐ-STP", "decision_date": dt.date(2018, 10, 20)}
    Initiative.objects.filter(pk=initiative.pk).update(state=from_state, **decision)
    initiative.refresh_from_db()
    actor = ALLOWED.get((from_state, to_state))
    user = {"filer": cast["secretary"], "decision": cast["director"]}.get(actor, cast["standing_office"])

    if actor is None:
        with pytest.raises(ValidationError) as error:
            initiative_transition(initiative=initiative, to_state=to_state, by=user, comment="x")
        assert error.value.code == "transition"
        assert Initiative.objects.get().state == from_state
    else:
        initiative_transition(initiative=initiative, to_state=to_state, by=user, comment="Lý do", **decision)
        assert Initiative.objects.get().state == to_state


def test_return_by_a_secretary_forbidden(file_initiative, cast):
    initiative = file_initiative()

    with pytest.raises(PermissionDenied):
        initiative_transition(initiative=initiative, to_state=S.RETURNED, by=cast["secretary"], comment="x")

    assert Initiative.objects.get().state == "submitted"


# --- the council --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("yes", "passed"), [(5, True), (4, False), (7, True), (0, False)])
def test_two_thirds_of_seven_members(file_initiative, cast, council, yes, passed, open_round):
    initiative = file_initiative()
    evaluation_round = open_round(initiative, council)
    for index, member in enumerate(council):
        vote(initiative, member, yes=index < yes)

    round_close(evaluation_round=evaluation_round, by=cast["standing_office"])

    initiative.refresh_from_db()
    assert (initiative.council_yes, initiative.council_members) == (yes, 7)
    assert initiative.state == ("under_evaluation" if passed else "not_recognised")


def test_an_author_on_the_council_is_excluded_and_not_counted(
    file_initiative, cast, council, unit, open_round
):
    author_staff = StaffFactory(unit=unit, user=council[0])
    initiative = file_initiative(authors=[AuthorInput(staff=author_staff, share=Decimal(100))])
    evaluation_round = open_round(initiative, council[:4])

    with pytest.raises(PermissionDenied):
        vote(initiative, council[0])
    for member in council[1:3]:
        vote(initiative, member)  # 2 of the 3 entitled: exactly two-thirds
    round_close(evaluation_round=evaluation_round, by=cast["standing_office"])

    initiative.refresh_from_db()
    assert (initiative.council_yes, initiative.council_members, initiative.state) == (
        2,
        3,
        "under_evaluation",
    )
    assert Score.objects.filter(member=council[0]).count() == 0


def test_unit_head_excluded_when_the_campaign_says_so(file_initiative, cast, council, unit, open_round):
    StaffFactory(unit=unit, user=council[1], is_leader=True)
    initiative = file_initiative()
    campaign_rules(initiative.campaign)
    CampaignRules.objects.filter(campaign=initiative.campaign).update(initiative_exclude_unit_heads=True)
    open_round(initiative, council[:3])

    with pytest.raises(PermissionDenied):
        vote(initiative, council[1])

    assert Score.objects.count() == 0


def test_second_vote_refused(file_initiative, cast, council, open_round):
    initiative = file_initiative()
    open_round(initiative, council)
    vote(initiative, council[0], yes=True)

    with pytest.raises(ValidationError) as error:
        vote(initiative, council[0], yes=False)

    assert error.value.code == "already_scored"
    assert list(Score.objects.values_list("recognise", flat=True)) == [True]


def test_vote_by_a_non_member_refused(file_initiative, cast, council, open_round):
    initiative = file_initiative()
    open_round(initiative, council[:3])

    with pytest.raises(PermissionDenied):
        vote(initiative, council[5])

    assert Score.objects.count() == 0


def test_vote_after_the_round_closed_refused(file_initiative, cast, council, open_round):
    initiative = file_initiative()
    evaluation_round = open_round(initiative, council)
    round_close(evaluation_round=evaluation_round, by=cast["standing_office"])

    with pytest.raises(ValidationError) as error:
        vote(initiative, council[0])

    assert error.value.code == "closed"


def test_round_members_must_be_on_the_initiative_council(file_initiative, cast):
    initiative = file_initiative()

    with pytest.raises(ValidationError) as error:
        round_open(
            campaign=initiative.campaign,
            name="Phiên 1",
            members=[cast["council_member"]],
            initiatives=[initiative],
            by=cast["standing_office"],
        )

    assert error.value.code == "not_member"
    assert Initiative.objects.get().state == "submitted"


def test_recognition_after_passing_then_provincial_scope(file_initiative, cast, council, open_round):
    initiative = file_initiative()
    evaluation_round = open_round(initiative, council[:3])
    for member in council[:3]:
        vote(initiative, member)
    round_close(evaluation_round=evaluation_round, by=cast["standing_office"])
    initiative.refresh_from_db()

    initiative = initiative_recognise(
        initiative=initiative,
        decision_number="15/QĐ-STP",
        decision_date=dt.date(2018, 10, 20),
        by=cast["director"],
    )
    initiative = initiative_record_provincial(
        initiative=initiative,
        decision_number="250/QĐ-UBND",
        decision_date=dt.date(2018, 10, 20),
        by=cast["standing_office"],
    )

    assert (
        initiative.state,
        initiative.scope,
        initiative.decision_number,
        initiative.provincial_decision_number,
    ) == (
        "recognised",
        "provincial",
        "15/QĐ-STP",
        "250/QĐ-UBND",
    )
    assert [h.to_state for h in initiative.history.all()] == [
        "draft",
        "submitted",
        "under_evaluation",
        "recognised",
        "recognised",
    ]


def test_recognition_refused_while_the_round_is_open(file_initiative, cast, council, open_round):
    initiative = file_initiative()
    open_round(initiative, council[:3])

    with pytest.raises(ValidationError) as error:
        initiative_recognise(
            initiative=initiative,
            decision_number="15/QĐ-STP",
            decision_date=dt.date(2018, 10, 20),
            by=cast["director"],
        )

    assert error.value.code == "not_evaluated"
    assert Initiative.objects.get().state == "under_evaluation"
