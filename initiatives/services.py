"""Writes to initiatives: filing, the state machine, the council's scores and votes, recognition."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import update_logged
from core.errors import field_error
from core.formats import vn_date
from core.locking import check_version
from core.uploads import upload_store
from core.validators import check_document_number, check_past_date
from departments.models import Staff, Unit, User
from emulation.deadlines import refuse_if_closed, write_guard
from emulation.enums import DeadlineKind
from emulation.models import Campaign
from emulation.workflow import Step, Workflow
from initiatives.enums import EDITABLE_INITIATIVE_STATES, InitiativeScope, InitiativeState
from initiatives.models import (
    EvaluationRound,
    Initiative,
    InitiativeAttachment,
    InitiativeAuthor,
    InitiativeHistory,
    ResearchAuthor,
    ResearchResult,
    Score,
)
from initiatives.selectors import council_result, excluded_member_ids, unlinked_members
from notifications.services import on_commit, round_opened

S = InitiativeState

_FILER, _OFFICE = "initiatives.edit_initiative", "initiatives.review_initiative"
_COUNCIL = "initiatives.manage_rounds"
INITIATIVE_WORKFLOW = Workflow(
    model=Initiative,
    history=InitiativeHistory,
    states=InitiativeState,
    steps=[
        Step("submit", S.DRAFT, S.SUBMITTED, _FILER, guarded=True),
        Step("submit", S.RETURNED, S.SUBMITTED, _FILER, guarded=True),
        Step("return", S.SUBMITTED, S.RETURNED, _OFFICE, needs_comment=True),
        Step("evaluate", S.SUBMITTED, S.UNDER_EVALUATION, _COUNCIL),
        Step(
            "not_recognise",
            S.UNDER_EVALUATION,
            S.NOT_RECOGNISED,
            "initiatives.manage_rounds",
            needs_comment=True,
        ),
        Step("recognise", S.UNDER_EVALUATION, S.RECOGNISED, "initiatives.record_recognition"),
    ],
    editable=EDITABLE_INITIATIVE_STATES,
    edit_permission=_FILER,
    deadline=lambda initiative: (DeadlineKind.INITIATIVES, initiative.unit, None),
    noun=lambda: _("this initiative"),
)


@dataclass(frozen=True)
class AuthorInput:
    staff: Staff | None
    share: Decimal
    full_name: str = ""
    date_of_birth: dt.date | None = None
    workplace: str = ""
    position: str = ""
    qualification: str = ""


def _check_authors(authors: list[AuthorInput]) -> None:
    if not authors:
        raise ValidationError(_("Name at least one author."), code="no_author")
    total = sum((author.share for author in authors), Decimal(0))
    if total != 100:
        raise ValidationError(
            _("The authors' shares add up to %(total)s%%; they must add up to 100%%.")
            % {"total": f"{total.normalize():f}".replace(".", ",")},
            code="shares",
        )
    staff_ids = [author.staff.pk for author in authors if author.staff]
    if len(staff_ids) != len(set(staff_ids)):
        raise ValidationError(_("The same person is named twice as an author."), code="duplicate_author")
    for author in authors:
        if author.share <= 0:
            raise ValidationError(_("Each author's share must be more than 0%."), code="shares")
        if author.staff is None and not (author.full_name.strip() and author.workplace.strip()):
            raise ValidationError(
                _("An author from outside the Department needs a name and a workplace."),
                code="outside_author",
            )


@transaction.atomic
def initiative_save(
    *,
    campaign: Campaign,
    unit: Unit,
    by,
    data: dict,
    authors: list[AuthorInput],
    initiative: Initiative | None = None,
    version: int | None = None,
) -> Initiative:
    """File a new application for `unit` (initiative None) or change a draft or returned one read at
    `version`. Refuses, writing nothing, after the initiatives deadline (with the unit's extension),
    on a stale version, and when the authors' shares do not add up to 100%."""
    if not by.has_perm("initiatives.file_initiative_for_unit", unit):
        raise PermissionDenied(_("You are not allowed to do this."))
    write_guard(campaign=campaign, kind=DeadlineKind.INITIATIVES, unit=unit)
    _check_authors(authors)
    if initiative is None:
        initiative = Initiative(campaign=campaign, unit=unit, **data)
        initiative.full_clean()
        initiative.save()
        INITIATIVE_WORKFLOW.record(initiative, by=by, from_state="", to_state=S.DRAFT)
    else:
        initiative = INITIATIVE_WORKFLOW.lock_for_edit(initiative, by=by, version=version)
        for field, value in data.items():
            setattr(initiative, field, value)
        initiative.unit = unit
        initiative.version = F("version") + 1
        initiative.full_clean(exclude=["version"])
        initiative.save()
        initiative.refresh_from_db()
        initiative.authors.all().delete()
    for author in authors:
        row = InitiativeAuthor(initiative=initiative, **author.__dict__)
        row.full_clean()
        row.save()
    return initiative


@transaction.atomic
def initiative_attach(*, initiative: Initiative, uploaded: UploadedFile, by) -> InitiativeAttachment:
    """Add a file to an editable application: type checked by content, size limited, random name."""
    initiative = INITIATIVE_WORKFLOW.lock(initiative, by=by)
    return upload_store(InitiativeAttachment(initiative=initiative), uploaded, by=by)


def initiative_transition(
    *, initiative: Initiative, to_state: str, by, comment: str = "", version: int | None = None, **changes
) -> Initiative:
    """An initiative's state change, through INITIATIVE_WORKFLOW."""
    return INITIATIVE_WORKFLOW.transition(
        initiative, to_state, by=by, comment=comment, version=version, **changes
    )


# --- The initiative council ------------------------------------------------------------------------


@transaction.atomic
def round_open(
    *, campaign: Campaign, name: str, members: list, initiatives: list[Initiative], by, **weights
) -> EvaluationRound:
    """Open an evaluation round: the members score, the submitted initiatives go under evaluation."""
    if not by.has_perm("initiatives.manage_rounds"):
        raise PermissionDenied(_("You are not allowed to do this."))
    refuse_if_closed(campaign)
    if not members:
        raise ValidationError(_("Choose the council members."), code="no_members")
    if not initiatives:
        raise ValidationError(_("Choose at least one submitted initiative."), code="no_initiatives")
    outsiders = [str(member) for member in members if not member.is_initiative_council]
    if outsiders:
        raise ValidationError(
            _("Not members of the initiative council: %(names)s.") % {"names": ", ".join(outsiders)},
            code="not_member",
        )
    evaluation_round = EvaluationRound(campaign=campaign, name=name, opened_by=by, **weights)
    evaluation_round.full_clean()
    evaluation_round.save()
    evaluation_round.members.set(members)
    for initiative in initiatives:
        initiative_transition(
            initiative=initiative,
            to_state=S.UNDER_EVALUATION,
            by=by,
            evaluation_round=evaluation_round,
        )
    on_commit(round_opened, evaluation_round)
    return evaluation_round


def _refuse_unlinked(members) -> None:
    """Who is excluded from scoring depends on the person each member is: nothing is scored or counted
    until the standing office has linked every member of the round."""
    unlinked = unlinked_members(members)
    if unlinked:
        raise ValidationError(
            _(
                "Scoring cannot start: the standing office has not yet said whether these council members "
                "are staff of the Department or people from outside: %(names)s."
            )
            % {"names": ", ".join(str(member) for member in unlinked)},
            code="members_unlinked",
        )


@transaction.atomic
def council_member_link(*, member: User, staff: Staff | None, outside_name: str, by) -> User:
    """Say which person a council login stands for: a staff record of the Department (Staff.user), or a
    named person from outside (User.outside_name); exactly one, the other is cleared. A staff record
    already linked to another login is refused. Scoring uses it to exclude the authors."""
    if not by.has_perm("initiatives.manage_rounds"):
        raise PermissionDenied(_("You are not allowed to do this."))
    member = User.objects.select_for_update().get(pk=member.pk)
    if not (member.is_initiative_council or member.is_council_member):
        raise ValidationError(
            _("%(name)s is not a member of a council.") % {"name": member}, code="not_council"
        )
    outside_name = " ".join(outside_name.split())
    if (staff is None) == (not outside_name):
        raise ValidationError(
            _(
                "Choose a staff member of the Department or write the name of a person from outside "
                "(one of the two)."
            ),
            code="no_person",
        )
    if staff is not None:
        # Only the staff row is locked: its login (an outer join) may be absent; PostgreSQL cannot lock that.
        staff = Staff.objects.select_for_update(of=("self",)).select_related("user").get(pk=staff.pk)
        if staff.user_id not in (None, member.pk):
            raise ValidationError(
                _("The staff record of %(name)s is already linked to the login %(login)s.")
                % {"name": staff.full_name, "login": staff.user.username},
                code="staff_taken",
            )
    update_logged(Staff.objects.filter(user=member).exclude(pk=getattr(staff, "pk", None)), user=None)
    if staff is not None:
        update_logged(Staff.objects.filter(pk=staff.pk), user=member)
    update_logged(User.objects.filter(pk=member.pk), outside_name=outside_name)
    member.refresh_from_db()
    return member


@transaction.atomic
def score_cast(
    *,
    initiative: Initiative,
    member,
    novelty: int,
    applicability: int,
    effect: int,
    recognise: bool,
    comment: str = "",
) -> Score:
    """A member's scores and vote on an initiative of an open round; one each, never by an excluded member."""
    refuse_if_closed(initiative.campaign)
    if initiative.state != S.UNDER_EVALUATION or initiative.evaluation_round_id is None:
        raise ValidationError(_("This initiative is not under evaluation."), code="not_under_evaluation")
    evaluation_round = EvaluationRound.objects.select_for_update().get(pk=initiative.evaluation_round_id)
    if not evaluation_round.is_open:
        raise ValidationError(
            _("The evaluation round is closed: no more scores are accepted."), code="closed"
        )
    members = list(evaluation_round.members.select_related("staff"))
    if member.pk not in {m.pk for m in members}:
        raise PermissionDenied(_("You are not a member of this evaluation round."))
    _refuse_unlinked(members)
    if member.pk in excluded_member_ids(initiative, members):
        raise PermissionDenied(
            _("You are an author of this initiative (or head its unit) and cannot score it.")
        )
    score = Score(
        evaluation_round=evaluation_round,
        initiative=initiative,
        member=member,
        novelty=novelty,
        applicability=applicability,
        effect=effect,
        recognise=recognise,
        comment=comment,
    )
    score.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            score.save()
    except IntegrityError as error:
        raise ValidationError(_("You have already scored this initiative."), code="already_scored") from error
    return score


@transaction.atomic
def round_close(*, evaluation_round: EvaluationRound, by) -> EvaluationRound:
    """Close the round and keep each initiative's result; those short of the threshold are not recognised."""
    if not by.has_perm("initiatives.manage_rounds"):
        raise PermissionDenied(_("You are not allowed to do this."))
    refuse_if_closed(evaluation_round.campaign)
    _refuse_unlinked(evaluation_round.members.select_related("staff"))
    if not update_logged(
        EvaluationRound.objects.filter(pk=evaluation_round.pk, closed_at__isnull=True),
        closed_at=timezone.now(),
    ):
        raise ValidationError(_("This evaluation round is already closed."), code="closed")
    evaluation_round.refresh_from_db()
    for initiative in evaluation_round.initiatives.filter(state=S.UNDER_EVALUATION).prefetch_related(
        "authors", "scores"
    ):
        yes, entitled, passed = council_result(initiative, evaluation_round)
        update_logged(Initiative.objects.filter(pk=initiative.pk), council_yes=yes, council_members=entitled)
        initiative.refresh_from_db()
        if not passed:
            initiative_transition(
                initiative=initiative,
                to_state=S.NOT_RECOGNISED,
                by=by,
                comment=_(
                    "The council did not reach the required majority: "
                    "%(yes)s of %(members)s members voted to recognise."
                )
                % {"yes": yes, "members": entitled},
            )
    return evaluation_round


@transaction.atomic
def initiative_recognise(
    *, initiative: Initiative, decision_number: str, decision_date: dt.date, by
) -> Initiative:
    """Record the Director's decision recognising an initiative the council passed (scope: grassroots)."""
    evaluation_round = initiative.evaluation_round
    if evaluation_round is None or evaluation_round.is_open or initiative.council_yes is None:
        raise ValidationError(
            _("The council has not finished evaluating this initiative."), code="not_evaluated"
        )
    if not evaluation_round.passes(initiative.council_yes, initiative.council_members):
        raise ValidationError(_("The council did not vote to recognise this initiative."), code="not_passed")
    if not decision_number.strip():
        raise field_error("decision_number", _("Enter the decision number."), "no_number")
    check_document_number(decision_number, field="decision_number")
    check_past_date(decision_date, field="decision_date", year=initiative.campaign.year)
    return initiative_transition(
        initiative=initiative,
        to_state=S.RECOGNISED,
        by=by,
        comment=_("Decision %(number)s of %(date)s")
        % {"number": decision_number.strip(), "date": vn_date(decision_date)},
        scope=InitiativeScope.BASE,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
    )


@transaction.atomic
def initiative_record_provincial(
    *, initiative: Initiative, decision_number: str, decision_date: dt.date, by
) -> Initiative:
    """Record that the province recognised the initiative's effect at provincial scope (for CSTĐ cấp tỉnh)."""
    if not by.has_perm("initiatives.review_initiative", initiative):
        raise PermissionDenied(_("You are not allowed to do this."))
    refuse_if_closed(initiative.campaign)
    if initiative.state != S.RECOGNISED:
        raise ValidationError(
            _("Only a recognised initiative can be recognised at provincial level."), code="not_recognised"
        )
    if not decision_number.strip():
        raise field_error("decision_number", _("Enter the decision number."), "no_number")
    check_document_number(decision_number, field="decision_number")
    check_past_date(decision_date, field="decision_date", year=initiative.campaign.year)
    update_logged(
        Initiative.objects.filter(pk=initiative.pk),
        scope=InitiativeScope.PROVINCIAL,
        provincial_decision_number=decision_number.strip(),
        provincial_decision_date=decision_date,
        version=F("version") + 1,
    )
    INITIATIVE_WORKFLOW.record(
        initiative,
        by=by,
        from_state=S.RECOGNISED,
        to_state=S.RECOGNISED,
        comment=_("Recognised at provincial level: decision %(number)s of %(date)s")
        % {"number": decision_number.strip(), "date": vn_date(decision_date)},
    )
    initiative.refresh_from_db()
    return initiative


# --- Research results (đề tài, đề án) --------------------------------------------------------------------


@transaction.atomic
def research_save(
    *,
    by,
    campaign: Campaign,
    unit: Unit,
    data: dict,
    authors: list[AuthorInput],
    research: ResearchResult | None = None,
    version: int | None = None,
) -> ResearchResult:
    """Record an accepted research topic or scheme (research None), or change one read at `version`.
    `data`: title, kind, level, acceptance_decision_number, accepted_on, applied, application_note.
    Refuses, writing nothing: a missing or malformed decision number, an acceptance date in the future or
    before the campaign's year, an applied result without where it is applied, shares not adding up to 100%,
    and a change to a result that is already the evidence of a nomination."""
    if not by.has_perm("initiatives.record_research"):
        raise PermissionDenied(_("You are not allowed to do this."))
    refuse_if_closed(campaign)
    data = {**data, "acceptance_decision_number": data.get("acceptance_decision_number", "").strip()}
    if not data["acceptance_decision_number"]:
        raise field_error("acceptance_decision_number", _("Enter the decision number."), "no_number")
    check_document_number(data["acceptance_decision_number"], field="acceptance_decision_number")
    check_past_date(data["accepted_on"], field="accepted_on", year=campaign.year)
    _check_authors(authors)
    if research is None:
        research = ResearchResult(campaign=campaign, unit=unit, recorded_by=by, **data)
    else:
        research = ResearchResult.objects.select_for_update().get(pk=research.pk)
        check_version(research, version)
        if research.evidence_uses.exists():
            raise ValidationError(
                _("“%(title)s” is already the evidence of a nomination and can no longer be changed.")
                % {"title": research.title},
                code="in_use",
            )
        for field, value in data.items():
            setattr(research, field, value)
        research.campaign, research.unit = campaign, unit
        research.version += 1
        research.authors.all().delete()
    research.full_clean()
    research.save()
    for author in authors:
        row = ResearchAuthor(research=research, staff=author.staff, share=author.share)
        row.full_clean()
        row.save()
    return research
