import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.enums import (
    EDITABLE_DOSSIER_STATES,
    Choice,
    DecisionKind,
    DirectorDecision,
    DocumentKind,
    DossierKind,
    DossierState,
    RecordSource,
    Verdict,
)
from awards.models import (
    BallotChoice,
    BallotReceipt,
    CouncilSession,
    Decision,
    Dossier,
    DossierDocument,
    DossierHistory,
    ExemplaryModel,
    Nominee,
    RewardRecord,
)
from departments.models import Staff, StaffYear, Unit
from emulation.enums import (
    CSTDCS_OR_HIGHER,
    LDTT_OR_HIGHER,
    Authority,
    DeadlineKind,
    TitleCategory,
    TitleCode,
    TitleSubject,
    VoteBase,
)
from emulation.models import Campaign, Registration, RegistrationLine, Title
from emulation.quotas import cstdcs_cap, quota_limits
from emulation.services import deadline_enforce
from emulation.uploads import stored_name, upload_check


@transaction.atomic
def reward_record_add(
    *,
    by,
    year: int,
    title: Title,
    decision_number: str,
    staff: Staff | None = None,
    unit: Unit | None = None,
    decision_date: dt.date | None = None,
    issued_by: str = "",
    note: str = "",
    source: str = RecordSource.MANUAL,
) -> RewardRecord:
    """Add a title or reward to a person's or a unit's history (one of the two). Refuses a duplicate."""
    if source == RecordSource.MANUAL and not by.has_perm("awards.record_reward"):
        raise PermissionDenied(_("You are not allowed to do this."))
    record = RewardRecord(
        year=year,
        title=title,
        staff=staff,
        unit=unit,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        issued_by=issued_by.strip(),
        note=note.strip(),
        source=source,
        entered_by=by,
    )
    record.full_clean()
    record.save()
    return record


# --- Dossiers ------------------------------------------------------------------------------------------

D = DossierState

# (from, to) -> who: "unit" (the unit's secretary; phase dossiers within the deadline), "office",
# "council" (closing the ballot), "decision" (issuing the decision).
DOSSIER_TRANSITIONS = {
    (D.DRAFT, D.SUBMITTED): "unit",
    (D.RETURNED, D.SUBMITTED): "unit",
    (D.SUBMITTED, D.WITHDRAWN): "unit",
    (D.SUBMITTED, D.RETURNED): "office",
    (D.SUBMITTED, D.ACCEPTED): "office",
    (D.ACCEPTED, D.AT_COUNCIL): "office",
    (D.AT_COUNCIL, D.VOTED): "council",
    (D.VOTED, D.DECIDED): "decision",
}
DOSSIER_PERMISSION = {
    "unit": "awards.edit_dossier",
    "office": "awards.review_dossier",
    "council": "awards.manage_sessions",
    "decision": "awards.issue_decision",
}
EMULATION_TITLE_CODES = (
    *LDTT_OR_HIGHER,
    TitleCode.TTLDTT,
    TitleCode.TTLDXS,
    TitleCode.CO_UBND,
    TitleCode.CO_BTP,
)


def _dossier_history(dossier: Dossier, *, by, from_state: str, to_state: str, comment: str = "") -> None:
    DossierHistory.objects.create(
        dossier=dossier, actor=by, from_state=from_state, to_state=to_state, comment=comment
    )


def _refuse_unless_editable(dossier: Dossier) -> None:
    if dossier.state not in EDITABLE_DOSSIER_STATES:
        raise ValidationError(
            _("This dossier is “%(state)s” and can no longer be changed.")
            % {"state": dossier.get_state_display()},
            code="not_editable",
        )


def _enforce_deadline(dossier: Dossier) -> None:
    # Ad-hoc rewards can be proposed at any time; a phase dossier closes with its phase's deadline.
    if dossier.kind == DossierKind.PHASE:
        deadline_enforce(
            campaign=dossier.campaign, kind=DeadlineKind.NOMINATIONS, unit=dossier.unit, phase=dossier.phase
        )


@transaction.atomic
def dossier_save(
    *, by, campaign: Campaign, unit: Unit, data: dict, dossier: Dossier | None = None
) -> Dossier:
    """Create a unit's dossier or change its draft fields (meeting, achievement)."""
    if not by.has_perm("awards.edit_dossier_of_unit", unit):
        raise PermissionDenied(_("You are not allowed to do this."))
    if dossier is None:
        dossier = Dossier(campaign=campaign, unit=unit, **data)
    else:
        dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
        _refuse_unless_editable(dossier)
        for field, value in data.items():
            setattr(dossier, field, value)
    _enforce_deadline(dossier)
    dossier.full_clean()
    created = dossier.pk is None
    dossier.save()
    if created:
        _dossier_history(dossier, by=by, from_state="", to_state=D.DRAFT)
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
    if not by.has_perm("awards.edit_dossier", dossier):
        raise PermissionDenied(_("You are not allowed to do this."))
    _refuse_unless_editable(dossier)
    _enforce_deadline(dossier)
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
    return nominee


@transaction.atomic
def nominee_remove(*, nominee: Nominee, by) -> None:
    dossier = nominee.dossier
    if not by.has_perm("awards.edit_dossier", dossier):
        raise PermissionDenied(_("You are not allowed to do this."))
    _refuse_unless_editable(dossier)
    nominee.delete()


@transaction.atomic
def document_attach(
    *, dossier: Dossier, kind: str, uploaded, by, nominee: Nominee | None = None
) -> DossierDocument:
    if not by.has_perm("awards.edit_dossier", dossier):
        raise PermissionDenied(_("You are not allowed to do this."))
    _refuse_unless_editable(dossier)
    checked = upload_check(uploaded)
    document = DossierDocument(
        dossier=dossier,
        nominee=nominee,
        kind=kind,
        original_name=uploaded.name[:255],
        content_type=checked.content_type,
        size=uploaded.size,
        uploaded_by=by,
    )
    document.file.save(stored_name(checked, folder="dossiers").split("/")[-1], uploaded, save=True)
    return document


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
        key = (nominee.staff_id, None if nominee.staff_id else dossier.unit_id, nominee.title.code)
        judgement = judged.get(key) or judged.get((nominee.staff_id, dossier.unit_id, nominee.title.code))
        if judgement and judgement.verdict == Verdict.FAIL:
            blocking.append((nominee, [r for r in judgement.results if r.verdict == Verdict.FAIL]))
    return blocking


@transaction.atomic
def dossier_transition(*, dossier: Dossier, to_state: str, by, comment: str = "", **changes) -> Dossier:
    """The only way a dossier changes state: the transitions table, who acts, the deadline and the
    completeness and eligibility checks on submission; conditional update; a history row."""
    from_state = dossier.state
    actor = DOSSIER_TRANSITIONS.get((from_state, to_state))
    if actor is None:
        raise ValidationError(
            _("A dossier that is “%(from)s” cannot become “%(to)s”.")
            % {"from": D(from_state).label, "to": D(to_state).label},
            code="transition",
        )
    if not by.has_perm(DOSSIER_PERMISSION[actor], dossier):
        raise PermissionDenied(_("You are not allowed to do this."))
    if to_state == D.RETURNED and not comment.strip():
        raise ValidationError({"comment": _("Say what the unit should change.")}, code="no_comment")
    if to_state == D.SUBMITTED:
        _enforce_deadline(dossier)
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
        changes["submitted_at"] = timezone.now()
    if not Dossier.objects.filter(pk=dossier.pk, state=from_state).update(
        state=to_state, version=F("version") + 1, **changes
    ):
        raise ValidationError(
            _("Someone else changed this dossier in the meantime. Reload the page."), code="stale"
        )
    _dossier_history(dossier, by=by, from_state=from_state, to_state=to_state, comment=comment.strip())
    dossier.refresh_from_db()
    return dossier


@transaction.atomic
def nominee_override(*, nominee: Nominee, reason: str, by) -> Nominee:
    """The standing office lets a nominee through a failing eligibility rule, with a written reason."""
    if not by.has_perm("awards.review_dossier", nominee.dossier):
        raise PermissionDenied(_("You are not allowed to do this."))
    if not reason.strip():
        raise ValidationError({"reason": _("Write the reason for the override.")}, code="no_reason")
    Nominee.objects.filter(pk=nominee.pk).update(override_reason=reason.strip(), override_by=by)
    nominee.refresh_from_db()
    return nominee


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


def session_nominees(session: CouncilSession):
    return Nominee.objects.filter(dossier__council_session=session).select_related(
        "dossier__unit", "staff", "title"
    )


@transaction.atomic
def ballot_cast(*, session: CouncilSession, member, choices: dict[int, str]) -> BallotReceipt:
    """A member's secret ballot: one choice per nominee on the agenda, once. The receipt records that
    the member voted; the choices are stored apart, with nothing that leads back to the member."""
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    if not session.is_open:
        raise ValidationError(_("The ballot is closed."), code="closed")
    if session.paper_ballot:
        raise ValidationError(
            _("This session votes on paper; the standing office enters the tally."), code="paper"
        )
    if not session.members.filter(pk=member.pk).exists():
        raise PermissionDenied(_("You are not a member of this council session."))
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
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    if not session.is_open:
        raise ValidationError(_("The ballot is already closed."), code="closed")
    members = session.members.count()
    present = session.present.count()
    nominees = list(session_nominees(session))
    if session.paper_ballot:
        if paper_tally is None or set(paper_tally) != {n.pk for n in nominees}:
            raise ValidationError(_("Enter the tally of every nominee."), code="incomplete_tally")
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
        Nominee.objects.filter(pk=nominee.pk).update(
            votes_yes=yes,
            votes_no=no,
            votes_blank=blank,
            votes_base=base,
            council_passed=vote_passes(nominee.title, yes=yes, members=members, present=present),
        )
    CouncilSession.objects.filter(pk=session.pk).update(closed_at=timezone.now())
    for dossier in session.dossiers.filter(state=D.AT_COUNCIL):
        dossier_transition(dossier=dossier, to_state=D.VOTED, by=by)
    session.refresh_from_db()
    return session


# --- The Director's decision ---------------------------------------------------------------------------


@transaction.atomic
def nominee_decide(*, nominee: Nominee, approve: bool, by, comment: str = "") -> Nominee:
    """The Director approves or rejects one nominee the council voted on. Two clicks at once: one wins.
    Approving a CSTĐCS never takes the campaign over the cap (the campaign row is locked meanwhile)."""
    if not by.has_perm("awards.decide_nominee"):
        raise PermissionDenied(_("Only the Director approves or rejects."))
    dossier = nominee.dossier
    campaign = Campaign.objects.select_for_update().get(pk=dossier.campaign_id)
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
    if approve and nominee.title.code == TitleCode.CSTDCS:
        _check_cstdcs_cap(campaign, nominee)
    Nominee.objects.filter(pk=nominee.pk, director_decision="").update(
        director_decision=DirectorDecision.APPROVED if approve else DirectorDecision.REJECTED,
        director_comment=comment.strip(),
    )
    nominee.refresh_from_db()
    return nominee


def _approved(campaign: Campaign):
    return Nominee.objects.filter(dossier__campaign=campaign, director_decision=DirectorDecision.APPROVED)


def _check_cstdcs_cap(campaign: Campaign, nominee: Nominee) -> None:
    limits = quota_limits(campaign)
    if limits.cstdcs_percent is None:
        return
    for scope, label in (
        (Q(), _("the Department")),
        (Q(dossier__unit=nominee.dossier.unit), nominee.dossier.unit.name),
    ):
        approved = _approved(campaign).filter(scope)
        ldtt = approved.filter(title__code__in=LDTT_OR_HIGHER).values("staff").distinct().count()
        # A CSTĐCS is also a LĐTT: the nominee counts among those reaching LĐTT too.
        if not approved.filter(staff=nominee.staff, title__code__in=LDTT_OR_HIGHER).exists():
            ldtt += 1
        fighters = approved.filter(title__code=TitleCode.CSTDCS).count() + 1
        cap = cstdcs_cap(ldtt, limits.cstdcs_percent)
        if fighters > cap:
            raise ValidationError(
                _(
                    "Approving would make %(count)s CSTĐCS for %(scope)s, over the cap of %(cap)s "
                    "(%(percent)s%% of %(ldtt)s LĐTT; %(citation)s)."
                )
                % {
                    "count": fighters,
                    "scope": label,
                    "cap": cap,
                    "percent": f"{limits.cstdcs_percent.normalize():f}",
                    "ldtt": ldtt,
                    "citation": limits.cstdcs_citation,
                },
                code="over_quota",
            )


@transaction.atomic
def decision_issue(
    *, campaign: Campaign, kind: str, issued_on: dt.date, signer: str, by, number: int | None = None
) -> Decision:
    """Issue the Director's decision for the approved nominees within the Director's authority (or the
    tờ trình to the higher level for the others), numbered NN/QĐ-STP per year; writes the reward history."""
    if not by.has_perm("awards.issue_decision"):
        raise PermissionDenied(_("You are not allowed to do this."))
    Campaign.objects.select_for_update().get(pk=campaign.pk)
    in_authority = Q(title__decided_by=Authority.DIRECTOR)
    scope = in_authority if kind == DecisionKind.DECISION else ~in_authority
    nominees = list(
        _approved(campaign).filter(scope, decision__isnull=True).select_related("title", "staff", "dossier")
    )
    if not nominees:
        raise ValidationError(_("No approved nominee is waiting for this document."), code="nothing")
    if kind == DecisionKind.DECISION:
        _check_leader_split(campaign, nominees)
    issuer = campaign.department_abbreviation or "STP"
    year = issued_on.year
    used = Decision.objects.filter(issuer=issuer, kind=kind, year=year)
    if number is None:
        number = (used.aggregate(top=Max("number"))["top"] or 0) + 1
    elif used.filter(number=number).exists():
        raise ValidationError(
            {"number": _("Number %(number)02d is already used this year.") % {"number": number}},
            code="number_used",
        )
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
    Nominee.objects.filter(pk__in=[n.pk for n in nominees]).update(decision=decision)
    if kind == DecisionKind.DECISION:
        for nominee in nominees:
            _reward_from(nominee, decision_number=decision.reference, decided_on=issued_on, by=by)
    for dossier in Dossier.objects.filter(pk__in={n.dossier_id for n in nominees}, state=D.VOTED):
        pending = dossier.nominees.filter(
            Q(director_decision="") | Q(director_decision=DirectorDecision.APPROVED, decision__isnull=True)
        )
        if not pending.exists():
            dossier_transition(dossier=dossier, to_state=D.DECIDED, by=by)
    return decision


def _check_leader_split(campaign: Campaign, nominees: list[Nominee]) -> None:
    limits = quota_limits(campaign)
    fighters = [n for n in _approved(campaign).filter(title__code=TitleCode.CSTDCS).select_related("staff")]
    if limits.leader_percent is None or not fighters:
        return
    leaders = sum(1 for n in fighters if n.staff and n.staff.is_leader)
    if leaders * 100 >= limits.leader_percent * len(fighters):
        raise ValidationError(
            _(
                "Leaders would be %(leaders)s of the %(total)s CSTĐCS: "
                "the plan wants under %(percent)s%% (%(citation)s)."
            )
            % {
                "leaders": leaders,
                "total": len(fighters),
                "percent": f"{limits.leader_percent.normalize():f}",
                "citation": limits.leader_citation,
            },
            code="leader_split",
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
    )


@transaction.atomic
def nominee_record_higher_result(
    *, nominee: Nominee, approved: bool, decision_number: str, decided_on: dt.date, by
) -> Nominee:
    """Record what the higher level decided on a nominee the Department's tờ trình proposed."""
    if not by.has_perm("awards.review_dossier", nominee.dossier):
        raise PermissionDenied(_("You are not allowed to do this."))
    nominee = (
        Nominee.objects.select_for_update(of=("self",))
        .select_related("decision", "dossier__campaign", "title")
        .get(pk=nominee.pk)
    )
    if nominee.decision is None or nominee.decision.kind != DecisionKind.SUBMISSION:
        raise ValidationError(_("This nominee was not proposed to the higher level."), code="not_submitted")
    if nominee.higher_result:
        raise ValidationError(_("The result is already recorded."), code="already_recorded")
    Nominee.objects.filter(pk=nominee.pk).update(
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
    if not ExemplaryModel.objects.filter(pk=model.pk, council_agreed_on__isnull=True).update(
        council_agreed_on=agreed_on
    ):
        raise ValidationError(_("The council's agreement is already recorded."), code="already")
    model.refresh_from_db()
    return model


@transaction.atomic
def exemplary_select(*, model: ExemplaryModel, by) -> ExemplaryModel:
    if not by.has_perm("awards.decide_nominee"):
        raise PermissionDenied(_("Only the Director approves or rejects."))
    updated = ExemplaryModel.objects.filter(
        pk=model.pk, council_agreed_on__isnull=False, selected_on__isnull=True
    ).update(selected_on=timezone.localdate(), selected_by=by)
    if not updated:
        raise ValidationError(
            _("The council must agree first, and it can be selected once."), code="not_agreed"
        )
    model.refresh_from_db()
    return model
