"""The emulation council's secret ballot: sessions, ballots, tallies."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.enums import (
    Choice,
)
from awards.models import (
    BallotChoice,
    BallotReceipt,
    CouncilSession,
    Dossier,
    Nominee,
)
from awards.selectors import session_nominees
from awards.services.dossiers import D, dossier_transition
from core.audit import update_logged
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
    return session


@transaction.atomic
def ballot_cast(*, session: CouncilSession, member, choices: dict[int, str]) -> BallotReceipt:
    """A member's secret ballot: one choice per nominee on the agenda, once. The receipt records that
    the member voted; the choices are stored apart, with nothing that leads back to the member."""
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
    nominees = {nominee.pk: nominee for nominee in session_nominees(session)}
    if set(choices) != set(nominees) or not set(choices.values()) <= set(Choice.values):
        raise ValidationError(_("Give one choice for every nominee on the agenda."), code="incomplete_ballot")
    try:
        with transaction.atomic():
            receipt = BallotReceipt.objects.create(session=session, member=member)
    except IntegrityError as error:
        raise ValidationError(_("You have already voted in this session."), code="already_voted") from error
    BallotChoice.objects.bulk_create(
        BallotChoice(session=session, nominee=nominees[pk], choice=choice) for pk, choice in choices.items()
    )
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
    """Close the ballot and keep each nominee's tally and result; the dossiers become voted. A paper
    ballot's tally (yes, no, blank per nominee) is entered by the standing office here."""
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
    counted = {
        (row["nominee_id"], row["choice"]): row["count"]
        for row in BallotChoice.objects.filter(session=session)
        .values("nominee_id", "choice")
        .annotate(count=Count("id"))
    }
    for nominee in nominees:
        if session.paper_ballot:
            yes, no, blank = paper_tally[nominee.pk]
        else:
            yes, no, blank = (counted.get((nominee.pk, c), 0) for c in (Choice.YES, Choice.NO, Choice.BLANK))
        base = members if nominee.title.vote_base == VoteBase.ALL_MEMBERS else present
        update_logged(
            Nominee.objects.filter(pk=nominee.pk),
            votes_yes=yes,
            votes_no=no,
            votes_blank=blank,
            votes_base=base,
            council_passed=vote_passes(nominee.title, yes=yes, members=members, present=present),
        )
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
    session.present.set(present)
    return session
