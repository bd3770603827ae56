"""The emulation council's secret ballot: sessions, ballots, tallies. How a ballot stays secret from the
database too (what is stored, what each trace reveals, the residual risks): awards/secrecy.py."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from awards.enums import (
    Choice,
)
from awards.models import (
    BallotReceipt,
    CouncilSession,
    Dossier,
    Nominee,
    SealedTally,
)
from awards.secrecy import SealedTallyError, Tally, seal, unseal
from awards.selectors import session_nominees
from awards.services.dossiers import D, dossier_transition
from core.audit import update_logged
from emulation.deadlines import refuse_if_closed
from emulation.enums import (
    VoteBase,
)
from emulation.models import Campaign, Title
from notifications.services import ballot_opened, on_commit

# --- The council's secret ballot -----------------------------------------------------------------------


@transaction.atomic
def session_open(
    *,
    campaign: Campaign,
    name: str,
    held_on: dt.date,
    members: list,
    dossiers: list[Dossier],
    by,
    paper_ballot: bool = False,
) -> CouncilSession:
    if not by.has_perm("awards.manage_sessions"):
        raise PermissionDenied(_("You are not allowed to do this."))
    refuse_if_closed(campaign)
    if not members:
        raise ValidationError(_("Choose the council members."), code="no_members")
    outsiders = [str(member) for member in members if not member.is_council_member]
    if outsiders:
        raise ValidationError(
            _("Not members of the emulation council: %(names)s.") % {"names": ", ".join(outsiders)},
            code="not_member",
        )
    if not dossiers:
        raise ValidationError(_("Put at least one accepted dossier on the agenda."), code="no_dossiers")
    session = CouncilSession.objects.create(
        campaign=campaign, name=name, held_on=held_on, opened_by=by, paper_ballot=paper_ballot
    )
    session.members.set(members)
    session.present.set(members)
    for dossier in dossiers:
        dossier_transition(dossier=dossier, to_state=D.AT_COUNCIL, by=by, council_session=session)
    if not paper_ballot:
        agenda = session_nominees(session).values_list("pk", flat=True)
        SealedTally.objects.create(session=session, sealed=seal(Tally.empty(agenda), session_pk=session.pk))
    on_commit(ballot_opened, session)
    return session


def _sealed_tally(session: CouncilSession) -> tuple[SealedTally, Tally]:
    """The session's sealed tally, locked, and what it holds; it must count exactly the receipts so far
    (an older version put back, or a receipt deleted, stops the ballot instead of miscounting it)."""
    row = SealedTally.objects.select_for_update().filter(session=session).first()
    if row is None:
        raise SealedTallyError(f"Council session {session.pk} has no sealed tally.")
    tally = unseal(row.sealed, session_pk=session.pk)
    receipts = BallotReceipt.objects.filter(session=session).count()
    if tally.ballots != receipts:
        raise SealedTallyError(
            f"The sealed tally of council session {session.pk} counts {tally.ballots} ballots "
            f"for {receipts} receipts."
        )
    return row, tally


@sensitive_variables()
@transaction.atomic
def ballot_cast(*, session: CouncilSession, member, choices: dict[int, str]) -> BallotReceipt:
    """A member's secret ballot: one choice per nominee on the agenda, once. The receipt records that the
    member voted; the choices only move the session's sealed tally, re-encrypted under a fresh nonce
    (awards/secrecy.py). Raises SealedTallyError, writing nothing, when the tally cannot be opened."""
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    refuse_if_closed(session.campaign)
    if not session.is_open:
        raise ValidationError(_("The ballot is closed."), code="closed")
    if session.paper_ballot:
        raise ValidationError(
            _("This session votes on paper; the standing office enters the tally."), code="paper"
        )
    if not session.members.filter(pk=member.pk).exists():
        raise PermissionDenied(_("You are not a member of this council session."))
    if not session.present.filter(pk=member.pk).exists():
        raise ValidationError(
            _("You are recorded as absent from this session and cannot vote."), code="absent"
        )
    nominees = set(session_nominees(session).values_list("pk", flat=True))
    if set(choices) != nominees or not set(choices.values()) <= set(Choice.values):
        raise ValidationError(_("Give one choice for every nominee on the agenda."), code="incomplete_ballot")
    row, tally = _sealed_tally(session)
    try:
        with transaction.atomic():
            receipt = BallotReceipt.objects.create(session=session, member=member)
    except IntegrityError as error:
        raise ValidationError(_("You have already voted in this session."), code="already_voted") from error
    tally.add(choices)
    row.sealed = seal(tally, session_pk=session.pk)
    row.save(update_fields=["sealed"])
    return receipt


def vote_passes(title: Title, *, yes: int, members: int, present: int) -> bool:
    base = members if title.vote_base == VoteBase.ALL_MEMBERS else present
    if base == 0:
        return False
    needed = title.vote_percent * base
    return yes * 100 > needed if title.vote_strictly_more else yes * 100 >= needed


@transaction.atomic
def session_close(
    *, session: CouncilSession, by, paper_tally: dict[int, tuple[int, int, int]] | None = None
) -> CouncilSession:
    """Close the ballot and keep each nominee's tally and result; the dossiers become voted. An electronic
    ballot's sealed tally is opened (SealedTallyError, writing nothing, when it cannot be or does not count
    the receipts), its totals written to the nominees and the sealed row deleted. A paper ballot's tally
    (yes, no, blank per nominee) is entered by the standing office here."""
    if not by.has_perm("awards.manage_sessions"):
        raise PermissionDenied(_("You are not allowed to do this."))
    refuse_if_closed(session.campaign)
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    if not session.is_open:
        raise ValidationError(_("The ballot is already closed."), code="closed")
    members = session.members.count()
    present = session.present.count()
    nominees = list(session_nominees(session))
    if session.paper_ballot:
        if paper_tally is None or set(paper_tally) != {n.pk for n in nominees}:
            raise ValidationError(_("Enter the tally of every nominee."), code="incomplete_tally")
        if any(count < 0 for counts in paper_tally.values() for count in counts):
            raise ValidationError(
                _("A tally cannot have a negative number of ballots."), code="negative_tally"
            )
        # Absent members who voted in writing (recorded before the close) count too, for a title counted
        # on all members (NĐ 91/2017 Art 45 k8: the absent give their opinion in writing).
        written = session.written_voters.count()
        if any(
            sum(paper_tally[n.pk]) > present + (written if n.title.vote_base == VoteBase.ALL_MEMBERS else 0)
            for n in nominees
        ):
            raise ValidationError(_("A tally has more ballots than members present."), code="too_many")
    else:
        sealed, tally = _sealed_tally(session)
    for nominee in nominees:
        yes, no, blank = paper_tally[nominee.pk] if session.paper_ballot else tally.of(nominee.pk)
        base = members if nominee.title.vote_base == VoteBase.ALL_MEMBERS else present
        update_logged(
            Nominee.objects.filter(pk=nominee.pk),
            votes_yes=yes,
            votes_no=no,
            votes_blank=blank,
            votes_base=base,
            council_passed=vote_passes(nominee.title, yes=yes, members=members, present=present),
        )
    if not session.paper_ballot:
        # The totals are on the nominees, written by this transaction; no running tally outlives the ballot.
        sealed.delete()
    update_logged(CouncilSession.objects.filter(pk=session.pk), closed_at=timezone.now())
    for dossier in session.dossiers.filter(state=D.AT_COUNCIL):
        dossier_transition(dossier=dossier, to_state=D.VOTED, by=by)
    session.refresh_from_db()
    return session


@transaction.atomic
def session_attendance(*, session: CouncilSession, present: list, by) -> CouncilSession:
    """Record who attended, before the ballot closes; only members of the session can be present, and a
    member who has voted cannot be recorded absent (the minutes would count more votes than present)."""
    if not by.has_perm("awards.manage_sessions"):
        raise PermissionDenied(_("You are not allowed to do this."))
    refuse_if_closed(session.campaign)
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    if not session.is_open:
        raise ValidationError(_("The ballot is already closed."), code="closed")
    members = set(session.members.values_list("pk", flat=True))
    if any(person.pk not in members for person in present):
        raise ValidationError(_("Only members of the session can be present."), code="not_member")
    attending = {person.pk for person in present}
    voted_absent = [
        receipt.member
        for receipt in session.receipts.select_related("member").order_by("pk")
        if receipt.member_id not in attending
    ]
    if voted_absent:
        raise ValidationError(
            _("Already voted, so cannot be recorded absent: %(names)s.")
            % {"names": ", ".join(str(member) for member in voted_absent)},
            code="voted_absent",
        )
    counting_absent = [
        str(member) for member in session.counters.order_by("pk") if member.pk not in attending
    ]
    if counting_absent:
        raise ValidationError(
            _("On the vote-counting committee, so cannot be recorded absent: %(names)s.")
            % {"names": ", ".join(counting_absent)},
            code="counter_absent",
        )
    wrote = [str(member) for member in session.written_voters.order_by("pk") if member.pk in attending]
    if wrote:
        raise ValidationError(
            _("Voted in writing as absent, so cannot be recorded present: %(names)s.")
            % {"names": ", ".join(wrote)},
            code="written_present",
        )
    session.present.set(present)
    return session


# --- What the minutes record besides the ballot -------------------------------------------------------

BALLOT_COUNTS = ("ballots_issued", "ballots_collected", "ballots_valid", "ballots_invalid")


@transaction.atomic
def session_minutes_record(
    *,
    session: CouncilSession,
    by,
    starts_at: dt.datetime | None = None,
    ends_at: dt.datetime | None = None,
    place: str = "",
    chair=None,
    chair_position: str = "",
    secretary=None,
    secretary_position: str = "",
    counters: list | None = None,
    counting_head=None,
    written_voters: list | None = None,
    ballots_issued: int | None = None,
    ballots_collected: int | None = None,
    ballots_valid: int | None = None,
    ballots_invalid: int | None = None,
) -> CouncilSession:
    """Record the time, place, chair, secretary, vote-counting committee and (paper ballot) the ballot count
    the minutes print. Every check runs before anything is written; a refusal lists every problem. The
    standing office may complete them after the ballot closed (the end of the meeting is known then), but
    who voted in writing is fixed with the tally, at the close. An online ballot's count is computed,
    never typed."""
    if not by.has_perm("awards.manage_sessions"):
        raise PermissionDenied(_("You are not allowed to do this."))
    refuse_if_closed(session.campaign)
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    counters = list(counters or [])
    written_voters = list(written_voters or [])
    members = set(session.members.values_list("pk", flat=True))
    present = set(session.present.values_list("pk", flat=True))
    counts = {
        "ballots_issued": ballots_issued,
        "ballots_collected": ballots_collected,
        "ballots_valid": ballots_valid,
        "ballots_invalid": ballots_invalid,
    }
    errors = []
    if starts_at and ends_at and ends_at <= starts_at:
        errors.append(ValidationError(_("The meeting must end after it starts."), code="ends_before_start"))
    for moment in (starts_at, ends_at):
        if moment and timezone.localtime(moment).date() != session.held_on:
            errors.append(
                ValidationError(
                    _("The meeting's start and end must be on the day of the session (%(date)s).")
                    % {"date": f"{session.held_on:%d/%m/%Y}"},
                    code="other_day",
                )
            )
            break
    for person, label in ((chair, _("The chair")), (secretary, _("The secretary"))):
        if person is not None and person.pk not in members:
            errors.append(
                ValidationError(
                    _("%(who)s must be a member of the council session: %(name)s is not.")
                    % {"who": label, "name": person},
                    code="not_member",
                )
            )
    if chair is not None and secretary is not None and chair.pk == secretary.pk:
        errors.append(
            ValidationError(
                _("The chair and the secretary must be two different people."), code="same_person"
            )
        )
    absent_counters = [str(person) for person in counters if person.pk not in present]
    if absent_counters:
        errors.append(
            ValidationError(
                _("Only members present can count the votes: %(names)s.")
                % {"names": ", ".join(absent_counters)},
                code="counter_absent",
            )
        )
    if counting_head is not None and counting_head.pk not in {person.pk for person in counters}:
        errors.append(
            ValidationError(
                _("The head of the vote-counting committee must be one of its members."), code="head_outside"
            )
        )
    if counters and counting_head is None:
        errors.append(ValidationError(_("Choose the head of the vote-counting committee."), code="no_head"))
    written_ids = {person.pk for person in written_voters}
    if written_ids != set(session.written_voters.values_list("pk", flat=True)):
        if not session.paper_ballot:
            errors.append(
                ValidationError(
                    _("Votes in writing are counted only in a paper ballot."), code="written_online"
                )
            )
        elif not any(n.title.vote_base == VoteBase.ALL_MEMBERS for n in session_nominees(session)):
            errors.append(
                ValidationError(
                    _("Votes in writing count only for a title counted on all members of the council."),
                    code="written_no_title",
                )
            )
        elif not session.is_open:
            errors.append(
                ValidationError(
                    _("The ballot is closed: who voted in writing can no longer change."),
                    code="written_closed",
                )
            )
    not_absent = [str(person) for person in written_voters if person.pk not in members - present]
    if not_absent:
        errors.append(
            ValidationError(
                _("Only absent members can vote in writing: %(names)s.") % {"names": ", ".join(not_absent)},
                code="written_not_absent",
            )
        )
    errors += _ballot_count_errors(session, counts, present=len(present), written=len(written_ids))
    if errors:
        raise ValidationError(errors)
    for name, value in {
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": place.strip(),
        "chair": chair,
        "chair_position": chair_position.strip(),
        "secretary": secretary,
        "secretary_position": secretary_position.strip(),
        "counting_head": counting_head,
        **counts,
    }.items():
        setattr(session, name, value)
    session.full_clean(exclude=["campaign", "opened_by", "name", "held_on"])
    session.save()
    session.counters.set(counters)
    session.written_voters.set(written_voters)
    return session


def _ballot_count_errors(session: CouncilSession, counts: dict, *, present: int, written: int) -> list:
    """A paper ballot's count: collected ≤ issued ≤ members present, valid + invalid = collected, and no
    nominee's tally beyond the valid ballots and those in writing. An online one types none."""
    given = {name: value for name, value in counts.items() if value is not None}
    if not session.paper_ballot:
        if given:
            return [
                ValidationError(
                    _("An online ballot's count is computed from the ballots cast: it is not typed."),
                    code="counts_online",
                )
            ]
        return []
    if any(value < 0 for value in given.values()):
        return [ValidationError(_("A number of ballots cannot be negative."), code="negative_count")]
    errors = []
    issued, collected = counts["ballots_issued"], counts["ballots_collected"]
    valid, invalid = counts["ballots_valid"], counts["ballots_invalid"]
    if issued is not None and issued > present:
        errors.append(
            ValidationError(
                _("More ballots issued (%(issued)s) than members present (%(present)s).")
                % {"issued": issued, "present": present},
                code="issued_over_present",
            )
        )
    if issued is not None and collected is not None and collected > issued:
        errors.append(
            ValidationError(
                _("More ballots collected (%(collected)s) than issued (%(issued)s).")
                % {"collected": collected, "issued": issued},
                code="collected_over_issued",
            )
        )
    if None not in (collected, valid, invalid) and valid + invalid != collected:
        errors.append(
            ValidationError(
                _(
                    "Valid (%(valid)s) and invalid (%(invalid)s) ballots must add up to those collected "
                    "(%(collected)s)."
                )
                % {"valid": valid, "invalid": invalid, "collected": collected},
                code="valid_invalid_sum",
            )
        )
    if valid is not None and not session.is_open:
        over = [
            nominee.name
            for nominee in session_nominees(session)
            if (nominee.votes_yes or 0) + (nominee.votes_no or 0) + (nominee.votes_blank or 0)
            > valid + (written if nominee.title.vote_base == VoteBase.ALL_MEMBERS else 0)
        ]
        if over:
            errors.append(
                ValidationError(
                    _("The tally of %(names)s counts more ballots than the valid ones and those in writing.")
                    % {"names": ", ".join(over)},
                    code="tally_over_valid",
                )
            )
    return errors
