"""The Director's approvals, decisions and submissions to the higher level, exemplary models."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.eligibility.stored import nominee_judged
from awards.enums import (
    DecisionKind,
    DirectorDecision,
    RecordSource,
    Verdict,
)
from awards.models import (
    Decision,
    Dossier,
    ExemplaryModel,
    Nominee,
    RewardRecord,
)
from awards.selectors import approved_quota_warnings, reward_kind_of
from awards.services.dossiers import DOSSIER_WORKFLOW, D, dossier_transition
from awards.services.rewards import reward_record_add
from core.audit import update_logged
from core.errors import field_error
from core.validators import check_document_number, check_past_date
from departments.models import Staff, Unit
from departments.selectors import department_on
from emulation.deadlines import refuse_if_closed
from emulation.enums import (
    Authority,
)
from emulation.models import Campaign
from notifications.services import decision_issued, on_commit

# --- The Director's decision ---------------------------------------------------------------------------


@transaction.atomic
def nominee_decide(*, nominee: Nominee, approve: bool, by, comment: str = "") -> Nominee:
    """The Director approves or rejects one nominee the council voted on. Two clicks at once: one wins.
    The CSTĐCS cap is judged on the decision being issued (decision_issue), not on the order of approvals:
    the first unit's CSTĐCS can be approved before the other units' LĐTT; the page warns meanwhile."""
    if not by.has_perm("awards.decide_nominee"):
        raise PermissionDenied(_("Only the Director approves or rejects."))
    dossier = nominee.dossier
    campaign = Campaign.objects.select_for_update().get(pk=dossier.campaign_id)
    refuse_if_closed(campaign)
    nominee = (
        Nominee.objects.select_for_update(of=("self",))
        .select_related("title", "staff", "dossier")
        .get(pk=nominee.pk)
    )
    if nominee.dossier.state != D.VOTED or nominee.council_passed is None:
        raise ValidationError(_("The council has not voted on this nominee yet."), code="not_voted")
    if nominee.director_decision:
        raise ValidationError(
            _("This nominee is already %(decision)s.")
            % {"decision": nominee.get_director_decision_display().lower()},
            code="already_decided",
        )
    if approve and not nominee.council_passed:
        raise ValidationError(_("The council did not vote for this nominee."), code="not_passed")
    if approve:
        _refuse_if_ineligible(nominee)
    update_logged(
        Nominee.objects.filter(pk=nominee.pk, director_decision=""),
        director_decision=DirectorDecision.APPROVED if approve else DirectorDecision.REJECTED,
        director_comment=comment.strip(),
        director_decided_by=by,
        director_decided_at=timezone.now(),
    )
    nominee.refresh_from_db()
    return nominee


def _refuse_if_ineligible(nominee: Nominee) -> None:
    """The approval relies on the nominee's eligibility as it is now, not as the dossier was submitted or
    the page showed it: recomputed here, inside the approval's transaction (a hold, a discipline period or a
    grade recorded since then counts). The standing office's written override lets a nominee through."""
    if nominee.override_reason:
        return
    judged = nominee_judged(nominee)
    if judged is None or judged[0] != Verdict.FAIL:
        return
    failing = "; ".join(
        f"{rule['message']} ({rule['citation']})" for rule in judged[1] if rule["verdict"] == Verdict.FAIL
    )
    raise ValidationError(
        _(
            "%(name)s does not meet the criteria of %(title)s now: %(rules)s. The standing office can let "
            "the nominee through with a written reason."
        )
        % {"name": nominee.name, "title": nominee.title.name, "rules": failing},
        code="ineligible",
    )


@transaction.atomic
def nominee_reconsider(*, nominee: Nominee, reason: str, by) -> Nominee:
    """The Director takes back an approval or a rejection that no issued document carries yet (for example
    to bring the approvals within the CSTĐCS cap), with the reason, kept in the dossier's history."""
    if not by.has_perm("awards.decide_nominee"):
        raise PermissionDenied(_("Only the Director approves or rejects."))
    refuse_if_closed(nominee.dossier.campaign)
    nominee = Nominee.objects.select_for_update(of=("self",)).select_related("dossier").get(pk=nominee.pk)
    if not nominee.director_decision:
        raise ValidationError(_("The Director has not decided on this nominee yet."), code="not_decided")
    if nominee.decision_id:
        raise ValidationError(
            _("This nominee is already in an issued document and can no longer be reconsidered."),
            code="already_issued",
        )
    if not reason.strip():
        raise field_error("reason", _("Give the reason for reconsidering."), "no_reason")
    previous = nominee.get_director_decision_display()
    update_logged(
        Nominee.objects.filter(pk=nominee.pk, decision__isnull=True),
        director_decision="",
        director_comment="",
        director_decided_by=None,
        director_decided_at=None,
    )
    DOSSIER_WORKFLOW.record(
        nominee.dossier,
        by=by,
        from_state=nominee.dossier.state,
        to_state=nominee.dossier.state,
        comment=_("%(name)s: “%(previous)s” taken back — %(reason)s")
        % {"name": nominee.name, "previous": previous, "reason": reason.strip()},
    )
    nominee.refresh_from_db()
    return nominee


def _approved(campaign: Campaign):
    return Nominee.objects.filter(dossier__campaign=campaign, director_decision=DirectorDecision.APPROVED)


@transaction.atomic
def decision_issue(
    *, campaign: Campaign, kind: str, issued_on: dt.date, signer: str, by, number: int | None = None
) -> Decision:
    """Issue the Director's decision for the approved nominees within the Director's authority (or the
    tờ trình to the higher level for the others), numbered NN/QĐ-STP per year; writes the reward history."""
    if not by.has_perm("awards.issue_decision"):
        raise PermissionDenied(_("You are not allowed to do this."))
    refuse_if_closed(Campaign.objects.select_for_update().get(pk=campaign.pk))
    in_authority = Q(title__decided_by=Authority.DIRECTOR)
    scope = in_authority if kind == DecisionKind.DECISION else ~in_authority
    nominees = list(
        _approved(campaign).filter(scope, decision__isnull=True).select_related("title", "staff", "dossier")
    )
    if not nominees:
        raise ValidationError(_("No approved nominee is waiting for this document."), code="nothing")
    if kind == DecisionKind.DECISION:
        _check_quotas(campaign)
    # The abbreviation of the Department as named on the decision's date (departments.DepartmentPeriod).
    issuer = department_on(issued_on).abbreviation
    year = issued_on.year
    used = Decision.objects.filter(issuer=issuer, kind=kind, year=year)
    if number is None:
        number = (used.aggregate(top=Max("number"))["top"] or 0) + 1
    elif used.filter(number=number).exists():
        message = _("Number %(number)02d is already used this year.") % {"number": number}
        raise field_error("number", message, "number_used")
    decision = Decision(
        campaign=campaign,
        kind=kind,
        number=number,
        year=year,
        issuer=issuer,
        issued_on=issued_on,
        signer=signer.strip(),
        created_by=by,
    )
    decision.full_clean()
    decision.save()
    update_logged(Nominee.objects.filter(pk__in=[n.pk for n in nominees]), decision=decision)
    if kind == DecisionKind.DECISION:
        for nominee in nominees:
            _reward_from(nominee, decision_number=decision.reference, decided_on=issued_on, by=by)
    for dossier in Dossier.objects.filter(pk__in={n.dossier_id for n in nominees}, state=D.VOTED):
        pending = dossier.nominees.filter(
            Q(director_decision="") | Q(director_decision=DirectorDecision.APPROVED, decision__isnull=True)
        )
        if not pending.exists():
            dossier_transition(dossier=dossier, to_state=D.DECIDED, by=by)
    on_commit(decision_issued, decision)
    return decision


def _check_quotas(campaign: Campaign) -> None:
    warnings = approved_quota_warnings(campaign)
    if warnings:
        raise ValidationError(
            [
                ValidationError(_("The decision cannot be issued with these approvals:"), code="over_quota"),
                *[ValidationError(f"{w.message} ({w.citation})", code="over_quota") for w in warnings],
            ]
        )


def _reward_from(nominee: Nominee, *, decision_number: str, decided_on: dt.date, by) -> RewardRecord:
    campaign = nominee.dossier.campaign
    return reward_record_add(
        by=by,
        year=campaign.year,
        title=nominee.title,
        staff=nominee.staff,
        unit=None if nominee.staff_id else nominee.dossier.unit,
        decision_number=decision_number,
        decision_date=decided_on,
        issued_by=nominee.title.get_decided_by_display(),
        source=RecordSource.DECISION,
        kind=reward_kind_of(nominee),
    )


@transaction.atomic
def nominee_record_higher_result(
    *, nominee: Nominee, approved: bool, decision_number: str, decided_on: dt.date, by
) -> Nominee:
    """Record what the higher level decided on a nominee the Department's tờ trình proposed."""
    if not by.has_perm("awards.review_dossier", nominee.dossier):
        raise PermissionDenied(_("You are not allowed to do this."))
    refuse_if_closed(nominee.dossier.campaign)
    nominee = (
        Nominee.objects.select_for_update(of=("self",))
        .select_related("decision", "dossier__campaign", "title")
        .get(pk=nominee.pk)
    )
    if nominee.decision is None or nominee.decision.kind != DecisionKind.SUBMISSION:
        raise ValidationError(_("This nominee was not proposed to the higher level."), code="not_submitted")
    if nominee.higher_result:
        raise ValidationError(_("The result is already recorded."), code="already_recorded")
    if approved:
        check_document_number(decision_number, field="decision_number")
        if decided_on is None:
            raise field_error("decided_on", _("Enter the date of the higher level's decision."), "no_date")
        check_past_date(decided_on, field="decided_on", year=nominee.dossier.campaign.year)
    update_logged(
        Nominee.objects.filter(pk=nominee.pk),
        higher_result=DirectorDecision.APPROVED if approved else DirectorDecision.REJECTED,
        higher_decision_number=decision_number.strip(),
    )
    nominee.refresh_from_db()
    if approved:
        _reward_from(nominee, decision_number=decision_number.strip(), decided_on=decided_on, by=by)
    return nominee


# --- Exemplary models (plan II.2.6) ---------------------------------------------------------------------


@transaction.atomic
def exemplary_propose(
    *, campaign: Campaign, unit: Unit, description: str, by, staff: Staff | None = None
) -> ExemplaryModel:
    if not by.has_perm("awards.review_dossier"):
        raise PermissionDenied(_("You are not allowed to do this."))
    refuse_if_closed(campaign)
    model = ExemplaryModel(
        campaign=campaign, unit=unit, staff=staff, description=description.strip(), proposed_by=by
    )
    model.full_clean()
    model.save()
    return model


@transaction.atomic
def exemplary_council_agrees(*, model: ExemplaryModel, agreed_on: dt.date, by) -> ExemplaryModel:
    """The standing office records that the council agreed (at its session of `agreed_on`)."""
    if not by.has_perm("awards.review_dossier"):
        raise PermissionDenied(_("You are not allowed to do this."))
    refuse_if_closed(model.campaign)
    if not update_logged(
        ExemplaryModel.objects.filter(pk=model.pk, council_agreed_on__isnull=True),
        council_agreed_on=agreed_on,
    ):
        raise ValidationError(_("The council's agreement is already recorded."), code="already")
    model.refresh_from_db()
    return model


@transaction.atomic
def exemplary_select(*, model: ExemplaryModel, by) -> ExemplaryModel:
    if not by.has_perm("awards.decide_nominee"):
        raise PermissionDenied(_("Only the Director approves or rejects."))
    refuse_if_closed(model.campaign)
    updated = update_logged(
        ExemplaryModel.objects.filter(pk=model.pk, council_agreed_on__isnull=False, selected_on__isnull=True),
        selected_on=timezone.localdate(),
        selected_by=by,
    )
    if not updated:
        raise ValidationError(
            _("The council must agree first, and it can be selected once."), code="not_agreed"
        )
    model.refresh_from_db()
    return model
