"""Writes to nomination dossiers: creating, nominees, documents, the state machine, overrides."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards.enums import (
    EDITABLE_DOSSIER_STATES,
    DocumentKind,
    DossierKind,
    DossierState,
    Verdict,
)
from awards.models import (
    Dossier,
    DossierDocument,
    DossierHistory,
    Nominee,
)
from core.uploads import upload_store
from departments.models import Staff, StaffYear, Unit
from emulation.deadlines import refuse_if_closed
from emulation.enums import (
    CSTDCS_OR_HIGHER,
    LDTT_OR_HIGHER,
    DeadlineKind,
    TitleCategory,
    TitleCode,
    TitleSubject,
)
from emulation.models import Campaign, Registration, RegistrationLine, Title
from emulation.workflow import Step, Workflow

# --- Dossiers ------------------------------------------------------------------------------------------

D = DossierState


def _dossier_deadline(dossier: Dossier):
    # Ad-hoc rewards can be proposed at any time; a phase dossier closes with its phase's deadline.
    if dossier.kind == DossierKind.PHASE:
        return DeadlineKind.NOMINATIONS, dossier.unit, dossier.phase
    return None


def _check_submission(dossier: Dossier) -> None:
    """Complete (NĐ 91/2017 Art 50) and every nominee eligible or overridden by the standing office."""
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
        dossier = Dossier(campaign=campaign, unit=unit, **data)
        DOSSIER_WORKFLOW.guard(dossier)
        dossier.full_clean()
        dossier.save()
        DOSSIER_WORKFLOW.record(dossier, by=by, from_state="", to_state=D.DRAFT)
        return dossier
    dossier = DOSSIER_WORKFLOW.lock_for_edit(dossier, by=by, version=version)
    for field, value in data.items():
        setattr(dossier, field, value)
    DOSSIER_WORKFLOW.guard(dossier)
    dossier.full_clean()
    dossier.version += 1
    dossier.save()
    return dossier


def registered_title(campaign: Campaign, *, staff: Staff | None, unit: Unit) -> str | None:
    if staff is None:
        return (
            Registration.objects.filter(campaign=campaign, unit=unit)
            .values_list("collective_title__code", flat=True)
            .first()
        )
    return (
        RegistrationLine.objects.filter(registration__campaign=campaign, staff=staff)
        .values_list("title__code", flat=True)
        .first()
    )


def _registered_for(code: str | None, title: Title) -> bool:
    """A higher registered title includes the lower ones (a CSTĐCS registration covers LĐTT)."""
    if code is None:
        return False
    if title.code in LDTT_OR_HIGHER and code in LDTT_OR_HIGHER:
        return LDTT_OR_HIGHER.index(code) >= LDTT_OR_HIGHER.index(title.code)
    if title.code == TitleCode.TTLDTT and code == TitleCode.TTLDXS:
        return True
    return code == title.code


@transaction.atomic
def nominee_add(
    *,
    dossier: Dossier,
    by,
    title: Title,
    staff: Staff | None = None,
    initiative=None,
    meeting_votes: int | None = None,
) -> Nominee:
    """Propose a person of the unit (or the unit itself, staff None) for a title. Emulation titles need
    the registration (DOMAIN rule 1); forms of reward do not."""
    dossier = DOSSIER_WORKFLOW.lock(dossier, by=by)
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
    grade = ""
    if staff is not None:
        grade = (
            StaffYear.objects.filter(staff=staff, year=dossier.campaign.year)
            .values_list("task_grade", flat=True)
            .first()
            or ""
        )
    nominee = Nominee(
        dossier=dossier,
        staff=staff,
        title=title,
        task_grade=grade,
        initiative=initiative,
        meeting_votes=meeting_votes,
    )
    nominee.full_clean()
    nominee.save()
    DOSSIER_WORKFLOW.bump(dossier)
    return nominee


@transaction.atomic
def nominee_remove(*, nominee: Nominee, by) -> None:
    dossier = DOSSIER_WORKFLOW.lock(nominee.dossier, by=by)
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


def report_form_for(dossier: Dossier, nominee: Nominee) -> str:
    """Which achievement report the nominee needs: Mẫu 06 ad-hoc, 07 a phase (not the year), 01/02 else."""
    if dossier.kind == DossierKind.AD_HOC:
        return DocumentKind.REPORT_AD_HOC
    last_phase = dossier.campaign.phases.order_by("-number").first()
    if dossier.phase_id and last_phase and dossier.phase_id != last_phase.pk:
        return DocumentKind.REPORT_PHASE
    return DocumentKind.REPORT_COLLECTIVE if nominee.is_collective else DocumentKind.REPORT_INDIVIDUAL


def dossier_missing(dossier: Dossier) -> list[str]:
    """What the dossier still lacks, in Vietnamese, per kind of reward (NĐ 91/2017 Art 50; rules 16-18)."""
    documents = list(dossier.documents.all())
    kinds = {document.kind for document in documents}
    missing = []
    nominees = list(dossier.nominees.select_related("staff", "title", "initiative"))
    if not nominees:
        missing.append(_("Propose at least one person or the unit."))
    for kind in (DocumentKind.SUBMISSION, DocumentKind.MINUTES):
        if kind not in kinds:
            missing.append(DocumentKind(kind).label)
    if dossier.meeting_date is None:
        missing.append(_("The date of the evaluation meeting."))
    if dossier.kind == DossierKind.AD_HOC and not (dossier.outside_plan and dossier.achievement.strip()):
        missing.append(_("The achievement, confirmed as outside the plan and the assigned tasks."))
    for nominee in nominees:
        form = report_form_for(dossier, nominee)
        own = {document.kind for document in documents if document.nominee_id == nominee.pk}
        if form not in own:
            missing.append(
                _("%(name)s: %(document)s.") % {"name": nominee.name, "document": DocumentKind(form).label}
            )
        needs_certificate = nominee.title.code in CSTDCS_OR_HIGHER
        if (
            needs_certificate
            and nominee.initiative is None
            and DocumentKind.INITIATIVE_CERTIFICATE not in own
        ):
            missing.append(
                _("%(name)s: the recognised initiative (choose it, or attach its certificate).")
                % {"name": nominee.name}
            )
    return missing


def dossier_blocking_verdicts(dossier: Dossier) -> list[tuple[Nominee, list]]:
    """Nominees whose eligibility fails and who have no override from the standing office."""
    from awards.eligibility import campaign_eligibility

    judged = {
        (j.staff_id, j.unit_id, j.title): j for j in campaign_eligibility(dossier.campaign, unit=dossier.unit)
    }
    blocking = []
    for nominee in dossier.nominees.select_related("title"):
        if nominee.override_reason:
            continue
        judgement = judged.get((nominee.staff_id, dossier.unit_id, nominee.title.code))
        if judgement and judgement.verdict == Verdict.FAIL:
            blocking.append((nominee, [r for r in judgement.results if r.verdict == Verdict.FAIL]))
    return blocking


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
        raise ValidationError({"reason": _("Write the reason for the override.")}, code="no_reason")
    Nominee.objects.filter(pk=nominee.pk).update(override_reason=reason.strip(), override_by=by)
    nominee.refresh_from_db()
    return nominee
