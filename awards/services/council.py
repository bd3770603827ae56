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
from emulation.deadlines import refuse_if_closed
from emulation.enums import (
    VoteBase,
)
from emulation.models import Campaign, Title

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
        if any(sum(counts) > present for counts in paper_tally.values()):
            raise ValidationError(_("A tally has more ballots than members present."), code="too_many")
    else:
        sealed, tally = _sealed_tally(session)
    for nominee in nominees:
        yes, no, blank = paper_tally[nominee.pk] if session.paper_ballot else tally.of(nominee.pk)
        base = members if nominee.title.vote_base == VoteBase.ALL_MEMBERS else present
        Nominee.objects.filter(pk=nominee.pk).update(
            votes_yes=yes,
            votes_no=no,
            votes_blank=blank,
            votes_base=base,
            council_passed=vote_passes(nominee.title, yes=yes, members=members, present=present),
        )
    if not session.paper_ballot:
        # The totals are on the nominees, written by this transaction; no running tally outlives the ballot.
        sealed.delete()
    CouncilSession.objects.filter(pk=session.pk).update(closed_at=timezone.now())
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
    session.present.set(present)
    return session
