import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from awards import selectors, services
from awards.enums import DirectorDecision, DocumentKind
from awards.enums import DossierState as D
from awards.models import (
    BallotReceipt,
    Decision,
    Dossier,
    DossierHistory,
    Nominee,
    RewardRecord,
)
from emulation.legal import campaign_rules
from initiatives.models import Initiative, InitiativeAuthor
from tests.awards.conftest import BEFORE, CLOSES, opened_tally, pdf, title


@pytest.fixture(autouse=True)
def _before_the_deadline():
    with time_machine.travel(BEFORE, tick=False):
        yield


def submit(dossier, cast):
    return services.dossier_transition(dossier=dossier, to_state=D.SUBMITTED, by=cast["secretary"])


def to_vote(dossier, cast, councillors, *, paper_ballot=False):
    submit(dossier, cast)
    dossier = services.dossier_transition(dossier=dossier, to_state=D.ACCEPTED, by=cast["standing_office"])
    return services.session_open(
        campaign=dossier.campaign,
        name="Phiên họp tháng 11",
        held_on=dt.date(2018, 11, 25),
        members=councillors,
        dossiers=[dossier],
        by=cast["standing_office"],
        paper_ballot=paper_ballot,
    )


def vote_all(session, councillors, choice_for):
    nominees = list(selectors.session_nominees(session))
    for index, member in enumerate(councillors):
        services.ballot_cast(
            session=session, member=member, choices={n.pk: choice_for(index, n) for n in nominees}
        )


def test_a_person_who_did_not_register_cannot_be_proposed(plan_2018, cast, unit, staff):
    dossier = services.dossier_save(
        by=cast["secretary"],
        campaign=plan_2018,
        unit=unit,
        data={"kind": "phase", "phase": plan_2018.phases.get(number=2)},
    )

    with pytest.raises(ValidationError) as error:
        services.nominee_add(dossier=dossier, by=cast["secretary"], title=title("LDTT"), staff=staff)

    assert error.value.code == "not_registered"
    assert Nominee.objects.count() == 0


def test_a_form_of_reward_needs_no_registration(plan_2018, cast, unit, staff):
    dossier = services.dossier_save(
        by=cast["secretary"], campaign=plan_2018, unit=unit, data={"kind": "ad_hoc"}
    )

    nominee = services.nominee_add(dossier=dossier, by=cast["secretary"], title=title("GK_GD"), staff=staff)

    assert nominee.title.code == "GK_GD"


@pytest.mark.parametrize(
    ("code", "as_unit", "error"), [("TTLDTT", False, "wrong_title"), ("LDTT", True, "wrong_title")]
)
def test_a_title_of_the_wrong_kind_is_refused(plan_2018, cast, unit, registered, code, as_unit, error):
    person = registered()
    dossier = services.dossier_save(
        by=cast["secretary"],
        campaign=plan_2018,
        unit=unit,
        data={"kind": "phase", "phase": plan_2018.phases.get(number=2)},
    )

    with pytest.raises(ValidationError) as raised:
        services.nominee_add(
            dossier=dossier, by=cast["secretary"], title=title(code), staff=None if as_unit else person
        )

    assert raised.value.code == error


def test_a_person_of_another_unit_is_refused(plan_2018, cast, unit, other_staff):
    dossier = services.dossier_save(
        by=cast["secretary"], campaign=plan_2018, unit=unit, data={"kind": "ad_hoc"}
    )

    with pytest.raises(ValidationError) as error:
        services.nominee_add(dossier=dossier, by=cast["secretary"], title=title("GK_GD"), staff=other_staff)

    assert error.value.code == "other_unit"


def test_completeness_lists_what_is_missing(plan_2018, cast, unit, registered):
    fighter = registered("CSTDCS")
    dossier = services.dossier_save(
        by=cast["secretary"],
        campaign=plan_2018,
        unit=unit,
        data={"kind": "phase", "phase": plan_2018.phases.get(number=2)},
    )
    services.nominee_add(dossier=dossier, by=cast["secretary"], title=title("CSTDCS"), staff=fighter)

    with pytest.raises(ValidationError) as error:
        submit(dossier, cast)

    assert {e.code for e in error.value.error_list} == {"incomplete"}
    assert error.value.messages[1:] == [
        str(DocumentKind.SUBMISSION.label),
        str(DocumentKind.MINUTES.label),
        "Ngày họp bình xét.",
        f"{fighter.full_name}: {DocumentKind.REPORT_INDIVIDUAL.label}.",
        f"{fighter.full_name}: sáng kiến đã được công nhận (chọn sáng kiến hoặc đính kèm giấy chứng nhận).",
    ]
    assert Dossier.objects.get().state == "draft"


def test_phase_one_needs_form_07_and_ad_hoc_form_06(plan_2018, cast, unit, staff):
    phase_one = services.dossier_save(
        by=cast["secretary"],
        campaign=plan_2018,
        unit=unit,
        data={"kind": "phase", "phase": plan_2018.phases.get(number=1)},
    )
    ad_hoc = services.dossier_save(
        by=cast["secretary"], campaign=plan_2018, unit=unit, data={"kind": "ad_hoc"}
    )
    on_phase = services.nominee_add(
        dossier=phase_one, by=cast["secretary"], title=title("GK_GD"), staff=staff
    )
    on_ad_hoc = services.nominee_add(dossier=ad_hoc, by=cast["secretary"], title=title("GK_GD"), staff=staff)

    assert (selectors.report_form_for(phase_one, on_phase), selectors.report_form_for(ad_hoc, on_ad_hoc)) == (
        "report_07",
        "report_06",
    )


def test_ad_hoc_needs_an_achievement_outside_the_plan(plan_2018, cast, unit, staff):
    dossier = services.dossier_save(
        by=cast["secretary"], campaign=plan_2018, unit=unit, data={"kind": "ad_hoc"}
    )

    assert "Thành tích, được xác nhận là ngoài kế hoạch và nhiệm vụ được giao." in selectors.dossier_missing(
        dossier
    )


def test_a_complete_eligible_dossier_is_submitted(cast, registered, complete_dossier):
    dossier = complete_dossier((registered(), "LDTT"))

    dossier = submit(dossier, cast)

    assert (dossier.state, [h.to_state for h in dossier.history.all()]) == (
        "submitted",
        ["draft", "submitted"],
    )


def test_a_failing_rule_blocks_submission_until_the_office_overrides_it(cast, registered, complete_dossier):
    weak = registered(grade="HTNV")
    dossier = complete_dossier((weak, "LDTT"))

    with pytest.raises(ValidationError) as error:
        submit(dossier, cast)
    services.nominee_override(
        nominee=dossier.nominees.get(),
        reason="Hoàn cảnh đặc biệt, Hội đồng xem xét",
        by=cast["standing_office"],
    )
    dossier = submit(dossier, cast)

    assert {e.code for e in error.value.error_list} == {"not_eligible"}
    assert dossier.state == "submitted"
    assert dossier.nominees.get().override_reason == "Hoàn cảnh đặc biệt, Hội đồng xem xét"


def test_override_only_by_the_standing_office(cast, registered, complete_dossier):
    dossier = complete_dossier((registered(grade="HTNV"), "LDTT"))

    with pytest.raises(PermissionDenied):
        services.nominee_override(nominee=dossier.nominees.get(), reason="x", by=cast["secretary"])


def test_submitting_at_the_deadline_is_refused(cast, registered, complete_dossier):
    dossier = complete_dossier((registered(), "LDTT"))

    with time_machine.travel(CLOSES, tick=False), pytest.raises(ValidationError) as error:
        submit(dossier, cast)

    assert error.value.code == "deadline_closed"
    assert Dossier.objects.get().state == "draft"


def test_an_ad_hoc_dossier_has_no_deadline(cast, staff, complete_dossier):
    with time_machine.travel(dt.datetime(2018, 12, 28, 9, tzinfo=CLOSES.tzinfo), tick=False):
        dossier = complete_dossier((staff, "GK_GD"), kind="ad_hoc")
        dossier = submit(dossier, cast)

    assert dossier.state == "submitted"


# The plan's dossier workflow, written out here: the flow tests below walk these; every other pair is refused.
ALLOWED = {
    (D.DRAFT, D.SUBMITTED),
    (D.RETURNED, D.SUBMITTED),
    (D.SUBMITTED, D.WITHDRAWN),
    (D.SUBMITTED, D.RETURNED),
    (D.SUBMITTED, D.ACCEPTED),
    (D.ACCEPTED, D.AT_COUNCIL),
    (D.AT_COUNCIL, D.VOTED),
    (D.VOTED, D.DECIDED),
}


def test_the_code_allows_exactly_the_plans_moves():
    assert {(step.source, step.target) for step in services.DOSSIER_WORKFLOW.steps} == ALLOWED


@pytest.mark.parametrize(
    ("from_state", "to_state"),
    [(a, b) for a in D.values for b in D.values if a != b and (a, b) not in ALLOWED],
)
def test_transitions_only_from_the_table(plan_2018, cast, unit, from_state, to_state):
    dossier = Dossier.objects.create(campaign=plan_2018, unit=unit, kind="ad_hoc", state=from_state)

    with pytest.raises(ValidationError) as error:
        services.dossier_transition(
            dossier=dossier, to_state=to_state, by=cast["standing_office"], comment="x"
        )

    assert error.value.code == "transition"
    assert Dossier.objects.get().state == from_state


def test_withdraw_before_review_keeps_the_dossier(cast, registered, complete_dossier):
    dossier = submit(complete_dossier((registered(), "LDTT")), cast)

    dossier = services.dossier_transition(dossier=dossier, to_state=D.WITHDRAWN, by=cast["secretary"])

    assert (Dossier.objects.count(), dossier.state) == (1, "withdrawn")


def test_return_needs_a_comment_and_is_for_the_office(cast, registered, complete_dossier):
    dossier = submit(complete_dossier((registered(), "LDTT")), cast)

    with pytest.raises(PermissionDenied):
        services.dossier_transition(dossier=dossier, to_state=D.RETURNED, by=cast["secretary"], comment="x")
    with pytest.raises(ValidationError):
        services.dossier_transition(dossier=dossier, to_state=D.RETURNED, by=cast["standing_office"])

    assert Dossier.objects.get().state == "submitted"


# --- the secret ballot ----------------------------------------------------------------------------------


def test_no_row_links_a_member_to_a_choice(cast, councillors, registered, complete_dossier):
    session = to_vote(complete_dossier((registered(), "LDTT")), cast, councillors)

    vote_all(session, councillors, lambda i, n: ["yes", "no", "blank"][i])

    fields = {f.name: f.get_internal_type() for f in BallotReceipt._meta.get_fields()}
    assert fields == {"id": "BigAutoField", "session": "ForeignKey", "member": "ForeignKey"}
    assert BallotReceipt.objects.filter(session=session).count() == 3
    nominee = Nominee.objects.get()
    assert (opened_tally(session).ballots, opened_tally(session).of(nominee.pk)) == (3, (1, 1, 1))


def test_a_second_ballot_is_refused(cast, councillors, registered, complete_dossier):
    session = to_vote(complete_dossier((registered(), "LDTT")), cast, councillors)
    nominee = selectors.session_nominees(session).get()
    services.ballot_cast(session=session, member=councillors[0], choices={nominee.pk: "yes"})

    with pytest.raises(ValidationError) as error:
        services.ballot_cast(session=session, member=councillors[0], choices={nominee.pk: "no"})

    assert error.value.code == "already_voted"
    assert (opened_tally(session).ballots, opened_tally(session).of(nominee.pk)) == (1, (1, 0, 0))


def test_a_ballot_by_a_non_member_or_after_closing_is_refused(
    cast, councillors, registered, complete_dossier
):
    session = to_vote(complete_dossier((registered(), "LDTT")), cast, councillors[:2])
    nominee = selectors.session_nominees(session).get()

    with pytest.raises(PermissionDenied):
        services.ballot_cast(session=session, member=councillors[2], choices={nominee.pk: "yes"})
    services.session_close(session=session, by=cast["standing_office"])
    with pytest.raises(ValidationError) as error:
        services.ballot_cast(session=session, member=councillors[0], choices={nominee.pk: "yes"})

    assert error.value.code == "closed"
    assert Nominee.objects.values_list("votes_yes", "votes_no", "votes_blank").get() == (0, 0, 0)


@pytest.mark.parametrize(("yes", "passed"), [(2, True), (1, False)])
def test_simple_majority_of_all_members(cast, councillors, registered, complete_dossier, yes, passed):
    session = to_vote(complete_dossier((registered(), "LDTT")), cast, councillors)
    vote_all(session, councillors, lambda i, n: "yes" if i < yes else "no")

    services.session_close(session=session, by=cast["standing_office"])

    nominee = Nominee.objects.get()
    assert (nominee.votes_yes, nominee.votes_base, nominee.council_passed) == (yes, 3, passed)
    assert Dossier.objects.get().state == "voted"


@pytest.mark.parametrize(("yes", "passed"), [(9, True), (8, False), (10, True)])
def test_provincial_fighter_needs_90_percent_of_all_members(plan_2018, yes, passed):
    assert services.vote_passes(title("CSTD_TINH"), yes=yes, members=10, present=10) is passed


def test_half_is_not_a_majority(plan_2018):
    assert services.vote_passes(title("LDTT"), yes=2, members=4, present=4) is False


def test_paper_ballot_tally_entered_by_the_office(cast, councillors, registered, complete_dossier):
    session = to_vote(complete_dossier((registered(), "LDTT")), cast, councillors, paper_ballot=True)
    nominee = selectors.session_nominees(session).get()

    with pytest.raises(ValidationError):
        services.session_close(
            session=session, by=cast["standing_office"], paper_tally={nominee.pk: (3, 1, 0)}
        )
    services.session_close(session=session, by=cast["standing_office"], paper_tally={nominee.pk: (2, 1, 0)})

    nominee.refresh_from_db()
    assert (nominee.votes_yes, nominee.votes_no, nominee.council_passed) == (2, 1, True)


# --- the Director, decisions, quotas --------------------------------------------------------------------


def voted(cast, councillors, complete_dossier, *nominees, yes=True):
    session = to_vote(complete_dossier(*nominees), cast, councillors)
    vote_all(session, councillors, lambda i, n: "yes" if yes else "no")
    services.session_close(session=session, by=cast["standing_office"])
    return Nominee.objects.filter(dossier__council_session=session)


def test_only_the_director_approves_and_only_once(cast, councillors, registered, complete_dossier):
    nominee = voted(cast, councillors, complete_dossier, (registered(), "LDTT")).get()

    with pytest.raises(PermissionDenied):
        services.nominee_decide(nominee=nominee, approve=True, by=cast["standing_office"])
    services.nominee_decide(nominee=nominee, approve=True, by=cast["director"])
    with pytest.raises(ValidationError) as error:
        services.nominee_decide(nominee=nominee, approve=False, by=cast["director"])

    assert error.value.code == "already_decided"
    assert Nominee.objects.get().director_decision == "approved"


def test_a_nominee_the_council_rejected_cannot_be_approved(cast, councillors, registered, complete_dossier):
    nominee = voted(cast, councillors, complete_dossier, (registered(), "LDTT"), yes=False).get()

    with pytest.raises(ValidationError) as error:
        services.nominee_decide(nominee=nominee, approve=True, by=cast["director"])

    assert error.value.code == "not_passed"


def test_decision_numbers_run_per_year_and_write_the_history(cast, councillors, registered, complete_dossier):
    first = voted(cast, councillors, complete_dossier, (registered(), "LDTT")).get()
    services.nominee_decide(nominee=first, approve=True, by=cast["director"])
    decision = services.decision_issue(
        campaign=first.dossier.campaign,
        kind="decision",
        issued_on=dt.date(2018, 12, 10),
        signer="Lê Văn Hòa",
        by=cast["director"],
    )

    assert decision.reference == "01/QĐ-STP"
    record = RewardRecord.objects.get()
    assert (record.staff, record.title.code, record.decision_number, record.source) == (
        first.staff,
        "LDTT",
        "01/QĐ-STP",
        "decision",
    )
    assert Dossier.objects.get().state == "decided"
    with pytest.raises(ValidationError) as error:
        services.decision_issue(
            campaign=first.dossier.campaign,
            kind="decision",
            issued_on=dt.date(2018, 12, 11),
            signer="Lê Văn Hòa",
            by=cast["director"],
        )
    assert error.value.code == "nothing"


def test_a_used_decision_number_is_refused(cast, councillors, registered, complete_dossier, plan_2018):
    Decision.objects.create(
        campaign=plan_2018,
        number=5,
        year=2018,
        issuer="STP",
        issued_on=dt.date(2018, 6, 1),
        signer="A",
        created_by=cast["director"],
    )
    nominee = voted(cast, councillors, complete_dossier, (registered(), "LDTT")).get()
    services.nominee_decide(nominee=nominee, approve=True, by=cast["director"])

    with pytest.raises(ValidationError) as error:
        services.decision_issue(
            campaign=plan_2018,
            kind="decision",
            issued_on=dt.date(2018, 12, 10),
            signer="A",
            by=cast["director"],
            number=5,
        )
    decision = services.decision_issue(
        campaign=plan_2018, kind="decision", issued_on=dt.date(2018, 12, 10), signer="A", by=cast["director"]
    )

    assert list(error.value.error_dict) == ["number"]
    assert decision.reference == "06/QĐ-STP"


def test_higher_level_titles_go_on_a_submission_and_their_result_is_recorded(
    cast, councillors, unit, registered, complete_dossier, plan_2018
):
    nominee = voted(
        cast,
        councillors,
        complete_dossier,
        (registered("TTLDXS_UNIT") if False else None, "BK_UBND") if False else (registered(), "BK_UBND"),
    ).get()
    services.nominee_decide(nominee=nominee, approve=True, by=cast["director"])

    submission = services.decision_issue(
        campaign=plan_2018, kind="submission", issued_on=dt.date(2018, 12, 1), signer="A", by=cast["director"]
    )
    with time_machine.travel(dt.datetime(2019, 1, 5, 9, 0, tzinfo=CLOSES.tzinfo), tick=False):
        services.nominee_record_higher_result(
            nominee=nominee,
            approved=True,
            decision_number="3012/QĐ-UBND",
            decided_on=dt.date(2018, 12, 28),
            by=cast["standing_office"],
        )

    assert submission.reference == "01/TTr-STP"
    assert list(RewardRecord.objects.values_list("title__code", "decision_number")) == [
        ("BK_UBND", "3012/QĐ-UBND")
    ]


def test_the_cap_is_judged_on_the_decision_not_on_the_approval(
    cast, councillors, registered, complete_dossier, plan_2018
):
    people = [registered("CSTDCS") for _ in range(2)]
    evidence = [recognised_initiative(plan_2018, person) for person in people]
    nominees = voted(
        cast,
        councillors,
        complete_dossier,
        *[(p, "CSTDCS", i) for p, i in zip(people, evidence, strict=True)],
    )

    for nominee in nominees:
        services.nominee_decide(nominee=nominee, approve=True, by=cast["director"])

    # 2 LĐTT (both CSTĐCS) -> 15% of 2 = 0 with floor: the decision would break the cap.
    with pytest.raises(ValidationError) as error:
        services.decision_issue(
            campaign=plan_2018,
            kind="decision",
            issued_on=dt.date(2018, 12, 1),
            signer="A",
            by=cast["director"],
        )

    assert {e.code for e in error.value.error_list} == {"over_quota"}
    assert error.value.messages[0] == "Không thể ban hành quyết định với các phê duyệt này:"
    assert Nominee.objects.filter(director_decision=DirectorDecision.APPROVED).count() == 2
    assert Decision.objects.count() == 0


def test_the_director_takes_back_an_approval_to_come_within_the_cap(
    cast, councillors, registered, complete_dossier, plan_2018
):
    rules = campaign_rules(plan_2018)
    rules.quota_rounding = "ceil"  # 15% of 1 or 2 LĐTT -> cap 1
    rules.save()
    people = [registered("CSTDCS") for _ in range(2)]
    evidence = [recognised_initiative(plan_2018, person) for person in people]
    nominees = list(
        voted(
            cast,
            councillors,
            complete_dossier,
            *[(p, "CSTDCS", i) for p, i in zip(people, evidence, strict=True)],
        )
    )
    for nominee in nominees:
        services.nominee_decide(nominee=nominee, approve=True, by=cast["director"])

    with pytest.raises(ValidationError):
        services.decision_issue(
            campaign=plan_2018,
            kind="decision",
            issued_on=dt.date(2018, 11, 10),
            signer="A",
            by=cast["director"],
        )
    services.nominee_reconsider(nominee=nominees[1], reason="Vượt tỷ lệ 15%", by=cast["director"])
    services.nominee_decide(nominee=nominees[1], approve=False, by=cast["director"], comment="Vượt tỷ lệ")
    decision = services.decision_issue(
        campaign=plan_2018, kind="decision", issued_on=dt.date(2018, 11, 10), signer="A", by=cast["director"]
    )

    assert (decision.reference, decision.nominees.count()) == ("01/QĐ-STP", 1)
    comments = DossierHistory.objects.filter(dossier=nominees[1].dossier).values_list("comment", flat=True)
    assert [c for c in comments if "Vượt tỷ lệ 15%" in c] == [
        f"{nominees[1].name}: “Đã phê duyệt” đã được thu hồi — Vượt tỷ lệ 15%"
    ]
    with pytest.raises(ValidationError) as error:
        services.nominee_reconsider(nominee=nominees[0], reason="Muộn", by=cast["director"])
    assert error.value.code == "already_issued"


def recognised_initiative(campaign, person):
    initiative = Initiative.objects.create(
        campaign=campaign,
        unit=person.unit,
        title=f"Sáng kiến {person.pk}",
        field="Hộ tịch",
        kind="management",
        first_applied_on=dt.date(2018, 1, 1),
        description="x",
        conditions="x",
        benefits="x",
        state="recognised",
        scope="base",
        decision_number="1/QĐ-STP",
        decision_date=dt.date(2018, 10, 1),
    )
    InitiativeAuthor.objects.create(initiative=initiative, staff=person, share=100)
    return initiative


def test_attaching_after_the_deadline_is_refused(plan_2018, cast, unit, media):
    dossier = services.dossier_save(
        by=cast["secretary"],
        campaign=plan_2018,
        unit=unit,
        data={"kind": "phase", "phase": plan_2018.phases.get(number=2)},
    )

    with time_machine.travel(CLOSES, tick=False), pytest.raises(ValidationError) as error:
        services.document_attach(dossier=dossier, kind="submission", uploaded=pdf(), by=cast["secretary"])

    assert error.value.code == "deadline_closed"
    assert dossier.documents.count() == 0
    assert list(media.rglob("*.pdf")) == []


def test_attendance_counts_for_thresholds_of_members_present(cast, councillors, registered, complete_dossier):
    session = to_vote(complete_dossier((registered(), "GK_GD")), cast, councillors, paper_ballot=True)
    nominee = selectors.session_nominees(session).get()
    nominee.title.vote_base = "present"
    nominee.title.save()

    services.session_attendance(session=session, present=councillors[:2], by=cast["standing_office"])
    with pytest.raises(ValidationError):
        services.session_close(
            session=session, by=cast["standing_office"], paper_tally={nominee.pk: (2, 1, 0)}
        )
    services.session_close(session=session, by=cast["standing_office"], paper_tally={nominee.pk: (2, 0, 0)})

    nominee.refresh_from_db()
    assert (nominee.votes_base, nominee.council_passed) == (2, True)
    with pytest.raises(ValidationError) as error:
        services.session_attendance(session=session, present=councillors, by=cast["standing_office"])
    assert error.value.code == "closed"


def test_exemplary_model_proposed_agreed_selected_and_reported(plan_2018, cast, unit, staff):
    from awards.exports import targets_document
    from core.papers.model import plain_text

    model = services.exemplary_propose(
        campaign=plan_2018,
        unit=unit,
        staff=staff,
        description="Tiên phong số hóa hộ tịch",
        by=cast["standing_office"],
    )
    with pytest.raises(ValidationError):
        services.exemplary_select(model=model, by=cast["director"])  # the council has not agreed yet
    services.exemplary_council_agrees(model=model, agreed_on=dt.date(2018, 12, 5), by=cast["standing_office"])
    with pytest.raises(PermissionDenied):
        services.exemplary_select(model=model, by=cast["standing_office"])
    model = services.exemplary_select(model=model, by=cast["director"])

    # The targets report is a Paper since issue 10: its notes are its paragraphs.
    notes = plain_text(targets_document(plan_2018)).splitlines()
    assert model.selected_by == cast["director"]
    assert [note for note in notes if staff.full_name in note] == [
        f"Điển hình tiên tiến năm 2018: {staff.full_name} — Tiên phong số hóa hộ tịch"
    ]


def test_the_units_meeting_votes_are_printed_in_the_nomination_list(cast, registered, complete_dossier):
    from awards.exports import nominations_document

    dossier = complete_dossier((registered(), "LDTT"))
    Nominee.objects.filter(dossier=dossier).update(meeting_votes=9)
    submit(dossier, cast)

    # A Paper since issue 10: the rows of its one table.
    (row,) = nominations_document(dossier.campaign).tables[0].rows

    assert "bình xét tại đơn vị: 9/10 phiếu" in row[-1]
