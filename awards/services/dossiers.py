"""Writes to nomination dossiers: creating, nominees, documents, the state machine, overrides."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.enums import (
    EDITABLE_DOSSIER_STATES,
    DossierKind,
    DossierState,
)
from awards.models import (
    Dossier,
    DossierDocument,
    DossierHistory,
    Nominee,
)
from awards.selectors import (
    _registered_for,
    dossier_blocking_verdicts,
    dossier_missing,
    evidence_blocking_use,
    registered_title,
)
from core.audit import update_logged
from core.errors import field_error, refuse_duplicate
from core.uploads import upload_store
from core.validators import check_past_date
from departments.models import Staff, StaffYear, Unit
from departments.reorganisation import refuse_if_unit_gone
from emulation.deadlines import deadline_of, refuse_if_closed, write_guard
from emulation.enums import (
    DeadlineKind,
    TitleCategory,
    TitleSubject,
)
from emulation.legal import campaign_rules
from emulation.models import Campaign, Deadline, Title
from emulation.workflow import Step, Workflow
from initiatives.enums import InitiativeState
from initiatives.models import Initiative, ResearchResult
from notifications.services import dossier_moved

# --- Dossiers ------------------------------------------------------------------------------------------

D = DossierState


def _years_deadline(campaign: Campaign) -> Deadline | None:
    """The year's nominations deadline (20/11 in 2018): the last phase's, else the campaign's own (no phase),
    else the latest there is."""
    nominations = [d for d in campaign.deadlines.all() if d.kind == DeadlineKind.NOMINATIONS]
    last_phase = campaign.phases.order_by("-number").values_list("pk", flat=True).first()
    for phase_id in (last_phase, None):
        found = next((d for d in nominations if d.phase_id == phase_id), None)
        if found is not None:
            return found
    return max(nominations, key=lambda deadline: deadline.due_at, default=None)


def _dossier_deadline(dossier: Dossier):
    # Ad-hoc rewards (forms of reward only) can be proposed at any time. A phase dossier closes with its
    # phase's deadline, or with the year's when the phase sets none: no phase stays open for ever.
    if dossier.kind != DossierKind.PHASE:
        return None
    phase = dossier.phase
    if deadline_of(dossier.campaign, DeadlineKind.NOMINATIONS, phase) is None:
        years = _years_deadline(dossier.campaign)
        phase = years.phase if years else phase
    return DeadlineKind.NOMINATIONS, dossier.unit, phase


def _check_title_in_dossier(dossier: Dossier, title: Title) -> None:
    """An ad-hoc dossier carries forms of reward for an achievement outside the plan (DOMAIN rule 18),
    never the year's titles; a title of the year closes with the year's deadline whatever dossier carries
    it (a phase dossier that closes later, or none, is no way round 20/11)."""
    if title.category != TitleCategory.EMULATION_TITLE:
        return
    if dossier.kind == DossierKind.AD_HOC:
        raise ValidationError(
            _(
                "An ad-hoc dossier proposes forms of reward (Giấy khen, Bằng khen) for an achievement "
                "outside the plan; “%(title)s” is an emulation title of the year and is proposed in the "
                "dossier of a phase."
            )
            % {"title": title.name},
            code="not_ad_hoc",
        )
    years = _years_deadline(dossier.campaign)
    if years is not None:
        write_guard(
            campaign=dossier.campaign, kind=DeadlineKind.NOMINATIONS, unit=dossier.unit, phase=years.phase
        )


def _check_submission(dossier: Dossier) -> None:
    """Complete (NĐ 91/2017 Art 50), every title within its deadline, and every nominee eligible for the
    title proposed or overridden by the standing office."""
    for title in {nominee.title for nominee in dossier.nominees.select_related("title")}:
        _check_title_in_dossier(dossier, title)
    missing = dossier_missing(dossier)
    if missing:
        messages = [_("The dossier is not complete:"), *missing]
        raise ValidationError([ValidationError(m, code="incomplete") for m in messages])
    blocking = dossier_blocking_verdicts(dossier)
    if blocking:
        raise ValidationError(
            [
                ValidationError(
                    _("%(name)s does not meet the criteria of “%(title)s”: %(reasons)s")
                    % {
                        "name": n.name,
                        "title": n.title.name,
                        "reasons": " ".join(f"{r.message} ({r.citation})" for r in results),
                    },
                    code="not_eligible",
                )
                for n, results in blocking
            ]
        )


_UNIT, _OFFICE = "awards.edit_dossier", "awards.review_dossier"
DOSSIER_WORKFLOW = Workflow(
    model=Dossier,
    history=DossierHistory,
    states=DossierState,
    steps=[
        Step("submit", D.DRAFT, D.SUBMITTED, _UNIT, guarded=True, check=_check_submission),
        Step("submit", D.RETURNED, D.SUBMITTED, _UNIT, guarded=True, check=_check_submission),
        Step("withdraw", D.SUBMITTED, D.WITHDRAWN, _UNIT),
        Step("return", D.SUBMITTED, D.RETURNED, _OFFICE, needs_comment=True),
        Step("accept", D.SUBMITTED, D.ACCEPTED, _OFFICE),
        Step("to_council", D.ACCEPTED, D.AT_COUNCIL, "awards.manage_sessions"),
        Step("vote", D.AT_COUNCIL, D.VOTED, "awards.manage_sessions"),
        Step("decide", D.VOTED, D.DECIDED, "awards.issue_decision"),
    ],
    editable=EDITABLE_DOSSIER_STATES,
    edit_permission=_UNIT,
    deadline=_dossier_deadline,
    noun=lambda: _("this dossier"),
    notify=dossier_moved,
)


def _check_meeting(data: dict, campaign: Campaign) -> None:
    """The unit's evaluation meeting has happened, in the campaign's year or after."""
    if data.get("meeting_date"):
        check_past_date(data["meeting_date"], field="meeting_date", year=campaign.year)


def _check_meeting_votes(dossier: Dossier, votes: int | None, *, field: str) -> None:
    """Votes at the unit's meeting need the numbers convened and present, and are at most those present
    (present at most convened is a constraint of Dossier)."""
    if votes is None:
        return
    present = dossier.meeting_present
    if present is None or dossier.meeting_total is None:
        raise field_error(
            field,
            _(
                "Enter how many people were convened to and present at the evaluation meeting "
                "before the votes."
            ),
            "meeting_unknown",
        )
    if votes > present:
        raise field_error(
            field,
            _("%(votes)s votes, but only %(present)s people were present at the meeting.")
            % {"votes": votes, "present": present},
            "votes_over_present",
        )


@transaction.atomic
def dossier_save(
    *,
    by,
    campaign: Campaign,
    unit: Unit,
    data: dict,
    dossier: Dossier | None = None,
    version: int | None = None,
) -> Dossier:
    """Create a unit's dossier, or change the fields (meeting, achievement) of a draft or returned one
    read at `version`. Refuses, writing nothing, after the deadline, in a closed campaign, on a stale
    version."""
    if not by.has_perm("awards.edit_dossier_of_unit", unit):
        raise PermissionDenied(_("You are not allowed to do this."))
    if dossier is None:
        # A dissolved or merged unit is judged on the last day of the campaign's year.
        refuse_if_unit_gone(unit, on=dt.date(campaign.year, 12, 31))
        _check_meeting(data, campaign)
        if data.get("kind") == DossierKind.AD_HOC:
            data = {**data, "phase": None}
        dossier = Dossier(campaign=campaign, unit=unit, **data)
        if campaign_rules(campaign).several_dossiers_per_phase:
            siblings = Dossier.objects.filter(
                campaign=campaign, unit=unit, kind=dossier.kind, phase=dossier.phase
            )
            dossier.number = (siblings.aggregate(top=Max("number"))["top"] or 0) + 1
        DOSSIER_WORKFLOW.guard(dossier)
        dossier.full_clean()
        # The same dossier created by a second request at the same moment (a double click).
        duplicate = ValidationError(
            _("Your unit already has this dossier: open it instead of creating another."), code="duplicate"
        )
        with refuse_duplicate(duplicate):
            dossier.save()
        DOSSIER_WORKFLOW.record(dossier, by=by, from_state="", to_state=D.DRAFT)
        return dossier
    dossier = DOSSIER_WORKFLOW.lock_for_edit(dossier, by=by, version=version)
    # The kind and the phase choose the deadline and the rewards allowed: fixed when the dossier is created.
    if any(field in data and data[field] != getattr(dossier, field) for field in ("kind", "phase")):
        raise ValidationError(
            _("A dossier's kind and phase are set when it is created and cannot be changed."),
            code="fixed_kind",
        )
    _check_meeting(data, campaign)
    for field, value in data.items():
        setattr(dossier, field, value)
    most_votes = dossier.nominees.aggregate(most=Max("meeting_votes"))["most"]
    _check_meeting_votes(dossier, most_votes, field="meeting_present")
    DOSSIER_WORKFLOW.guard(dossier)
    dossier.full_clean()
    dossier.version += 1
    dossier.save()
    return dossier


@transaction.atomic
def nominee_add(
    *,
    dossier: Dossier,
    by,
    title: Title,
    staff: Staff | None = None,
    initiative=None,
    research=None,
    meeting_votes: int | None = None,
) -> Nominee:
    """Propose a person of the unit (or the unit itself, staff None) for a title. Emulation titles need
    the registration (DOMAIN rule 1); forms of reward do not. The evidence (a recognised initiative, an
    accepted and applied research result) must be the nominee's and not already serve a reward of the same
    or a higher level: its row is locked, so two dossiers using it at once cannot both pass."""
    dossier = DOSSIER_WORKFLOW.lock(dossier, by=by)
    _check_title_in_dossier(dossier, title)
    allowed = (
        (TitleSubject.COLLECTIVE, TitleSubject.BOTH)
        if staff is None
        else (TitleSubject.INDIVIDUAL, TitleSubject.BOTH)
    )
    if title.subject not in allowed:
        raise ValidationError(
            _("“%(title)s” cannot be proposed for %(who)s.")
            % {"title": title.name, "who": _("a unit") if staff is None else _("a person")},
            code="wrong_title",
        )
    if staff is not None and staff.unit_id != dossier.unit_id:
        raise ValidationError(
            _("%(name)s does not belong to this unit.") % {"name": staff.full_name}, code="other_unit"
        )
    if title.category == TitleCategory.EMULATION_TITLE and not _registered_for(
        registered_title(dossier.campaign, staff=staff, unit=dossier.unit), title
    ):
        raise ValidationError(
            _("%(name)s did not register for “%(title)s” this year and cannot be proposed for it.")
            % {"name": staff.full_name if staff else dossier.unit.name, "title": title.name},
            code="not_registered",
        )
    if initiative is not None:
        initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
        _check_evidence(initiative, staff=staff, unit=dossier.unit)
        _check_evidence_free(title, initiative=initiative)
    if research is not None:
        research = ResearchResult.objects.select_for_update().get(pk=research.pk)
        _check_research(research, staff=staff, unit=dossier.unit)
        _check_evidence_free(title, research=research)
    grade = ""
    if staff is not None:
        grade = (
            StaffYear.objects.filter(staff=staff, year=dossier.campaign.year)
            .values_list("task_grade", flat=True)
            .first()
            or ""
        )
    _check_meeting_votes(dossier, meeting_votes, field="meeting_votes")
    nominee = Nominee(
        dossier=dossier,
        staff=staff,
        title=title,
        task_grade=grade,
        initiative=initiative,
        research=research,
        meeting_votes=meeting_votes,
    )
    nominee.full_clean()
    nominee.save()
    DOSSIER_WORKFLOW.bump(dossier)
    return nominee


def _check_evidence(initiative: Initiative, *, staff: Staff | None, unit: Unit) -> None:
    """The evidence of a nominee is a recognised initiative the nominee authored (for the unit itself:
    one of its staff)."""
    if initiative.state != InitiativeState.RECOGNISED:
        raise ValidationError(
            _("“%(initiative)s” is not a recognised initiative.") % {"initiative": initiative.title},
            code="not_recognised",
        )
    authors = (
        initiative.authors.filter(staff=staff)
        if staff is not None
        else initiative.authors.filter(staff__unit=unit)
    )
    if not authors.exists():
        raise ValidationError(
            _("%(name)s is not an author of “%(initiative)s”.")
            % {"name": staff.full_name if staff else unit.name, "initiative": initiative.title},
            code="not_author",
        )


def _check_research(research: ResearchResult, *, staff: Staff | None, unit: Unit) -> None:
    """Research evidence: accepted (it always has its decision) and applied, with the nominee among its
    authors (for the unit itself: one of its staff)."""
    if not research.applied:
        raise ValidationError(
            _("“%(title)s” has not been applied: only an accepted and applied research result counts.")
            % {"title": research.title},
            code="not_applied",
        )
    authors = (
        research.authors.filter(staff=staff)
        if staff is not None
        else research.authors.filter(staff__unit=unit)
    )
    if not authors.exists():
        raise ValidationError(
            _("%(name)s is not an author of the research “%(title)s”.")
            % {"name": staff.full_name if staff else unit.name, "title": research.title},
            code="not_author",
        )


def _check_evidence_free(title: Title, *, initiative=None, research=None) -> None:
    """One initiative (or research result), one reward (CV 5007/BNV-TĐKT; awards.selectors.
    evidence_blocking_use says which uses bar which); the caller holds the evidence's row lock."""
    used = evidence_blocking_use(title=title, initiative=initiative, research=research)
    if used is None:
        return
    values = {
        "title": (initiative or research).title,
        "reward": used.title.short_name,
        "year": used.dossier.campaign.year,
        "unit": used.dossier.unit.name,
        "name": used.name,
    }
    message = (
        _(
            "The initiative “%(title)s” is already the evidence of %(reward)s %(year)s (dossier of %(unit)s, "
            "nominee %(name)s): an initiative is the evidence of one reward only, or of a higher emulation "
            "title (CV 5007/BNV-TĐKT)."
        )
        if initiative is not None
        else _(
            "The research “%(title)s” is already the evidence of %(reward)s %(year)s (dossier of %(unit)s, "
            "nominee %(name)s): a research result is the evidence of one reward only, or of a higher "
            "emulation title (CV 5007/BNV-TĐKT)."
        )
    )
    raise ValidationError(message % values, code="evidence_used")


@transaction.atomic
def nominee_remove(*, nominee: Nominee, by) -> None:
    """Take a nominee out of a draft or returned dossier, within the same deadlines as adding one."""
    dossier = DOSSIER_WORKFLOW.lock(nominee.dossier, by=by)
    _check_title_in_dossier(dossier, nominee.title)
    nominee.delete()
    DOSSIER_WORKFLOW.bump(dossier)


@transaction.atomic
def document_attach(
    *, dossier: Dossier, kind: str, uploaded, by, nominee: Nominee | None = None
) -> DossierDocument:
    dossier = DOSSIER_WORKFLOW.lock(dossier, by=by)
    document = upload_store(DossierDocument(dossier=dossier, nominee=nominee, kind=kind), uploaded, by=by)
    DOSSIER_WORKFLOW.bump(dossier)
    return document


@transaction.atomic
def document_remove(*, document: DossierDocument, by) -> None:
    """Take a wrong file out of a draft or returned dossier; the removal is in the dossier's history."""
    dossier = DOSSIER_WORKFLOW.lock(document.dossier, by=by)
    DOSSIER_WORKFLOW.record(
        dossier,
        by=by,
        from_state=dossier.state,
        to_state=dossier.state,
        comment=_("Document removed: %(kind)s — %(name)s")
        % {"kind": document.get_kind_display(), "name": document.original_name},
    )
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))  # the file goes only once the row is gone
    DOSSIER_WORKFLOW.bump(dossier)


def dossier_transition(
    *, dossier: Dossier, to_state: str, by, comment: str = "", version: int | None = None, **changes
) -> Dossier:
    """A dossier's state change, through DOSSIER_WORKFLOW (submission checks completeness and eligibility)."""
    return DOSSIER_WORKFLOW.transition(dossier, to_state, by=by, comment=comment, version=version, **changes)


@transaction.atomic
def nominee_override(*, nominee: Nominee, reason: str, by) -> Nominee:
    """The standing office lets a nominee through a failing eligibility rule, with a written reason."""
    if not by.has_perm("awards.review_dossier", nominee.dossier):
        raise PermissionDenied(_("You are not allowed to do this."))
    refuse_if_closed(nominee.dossier.campaign)
    if not reason.strip():
        raise field_error("reason", _("Write the reason for the override."), "no_reason")
    update_logged(
        Nominee.objects.filter(pk=nominee.pk),
        override_reason=reason.strip(),
        override_by=by,
        override_at=timezone.now(),
    )
    nominee.refresh_from_db()
    return nominee
