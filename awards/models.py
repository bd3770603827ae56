import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.enums import (
    DecisionKind,
    DirectorDecision,
    DocumentKind,
    DossierKind,
    DossierState,
    HoldKind,
    RecordSource,
    RewardKind,
    Verdict,
)
from core.models import StateHistory, StoredFile, TimeStampedModel
from departments.enums import Discipline
from departments.models import Staff, Unit
from emulation.enums import TitleCode
from emulation.models import Campaign, Phase, Title


class RewardRecord(models.Model):
    """A title or reward a person or a unit received in a year: the reward history.

    Written by the Director's decisions once the system issues them, and entered by hand for the years
    before it (with the decision number). The three-years-in-a-row rule of CSTĐ cấp tỉnh reads it.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    title = models.ForeignKey(
        Title, verbose_name=_("title or form of reward"), on_delete=models.PROTECT, related_name="+"
    )
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rewards",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, null=True, blank=True, related_name="rewards"
    )
    decision_number = models.CharField(_("decision number"), max_length=50)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    issued_by = models.CharField(_("issued by"), max_length=255, blank=True)
    # The number under which the award is entered in the Department's book of rewards ("số sổ vàng"),
    # printed on the certificate when known.
    book_number = models.CharField(_("number in the book of rewards"), max_length=30, blank=True, default="")
    source = models.CharField(
        _("source"), max_length=20, choices=RecordSource.choices, default=RecordSource.MANUAL
    )
    kind = models.CharField(
        _("kind of reward"), max_length=20, choices=RewardKind.choices, default=RewardKind.ANNUAL
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "title__display_order"]
        verbose_name = _("reward record")
        verbose_name_plural = _("reward history")
        constraints = [
            models.CheckConstraint(
                condition=(Q(staff__isnull=False) & Q(unit__isnull=True))
                | (Q(staff__isnull=True) & Q(unit__isnull=False)),
                name="rewardrecord_person_or_unit",
                violation_error_message=_("A record belongs to one person or to one unit."),
            ),
            models.UniqueConstraint(
                fields=["year", "title", "staff"],
                condition=Q(staff__isnull=False),
                name="rewardrecord_once_per_person",
                violation_error_message=_("This person already has this title for that year."),
            ),
            models.UniqueConstraint(
                fields=["year", "title", "unit"],
                condition=Q(unit__isnull=False),
                name="rewardrecord_once_per_unit",
                violation_error_message=_("This unit already has this title for that year."),
            ),
        ]

    def __str__(self):
        return f"{self.year} — {self.title} — {self.staff or self.unit}"


class Dossier(TimeStampedModel):
    """A unit's nomination dossier ("hồ sơ đề nghị khen thưởng") for a phase, or an ad-hoc one."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="dossiers"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="dossiers")
    kind = models.CharField(_("kind"), max_length=20, choices=DossierKind.choices, default=DossierKind.PHASE)
    phase = models.ForeignKey(Phase, verbose_name=_("phase"), on_delete=models.PROTECT, null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=DossierState.choices, default=DossierState.DRAFT
    )
    meeting_date = models.DateField(_("date of the evaluation meeting"), null=True, blank=True)
    meeting_present = models.PositiveSmallIntegerField(
        _("people present at the meeting"), null=True, blank=True
    )
    meeting_total = models.PositiveSmallIntegerField(_("people convened"), null=True, blank=True)
    achievement = models.TextField(
        _("the achievement"),
        blank=True,
        help_text=_("For an ad-hoc reward: what was achieved outside the plan and the assigned tasks."),
    )
    outside_plan = models.BooleanField(_("achieved outside the plan and the assigned tasks"), default=False)
    council_session = models.ForeignKey(
        "CouncilSession",
        verbose_name=_("council session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
    )
    submitted_at = models.DateTimeField(_("last submitted at"), null=True, blank=True)
    # The unit's first, second… dossier of the phase (or ad-hoc): always 1 unless the campaign's rules
    # allow more (CampaignRules.several_dossiers_per_phase).
    number = models.PositiveSmallIntegerField(default=1, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-campaign__year", "unit__display_order", "pk"]
        verbose_name = _("nomination dossier")
        verbose_name_plural = _("nomination dossiers")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="ad_hoc") | Q(phase__isnull=False),
                name="dossier_phase_unless_ad_hoc",
                violation_error_message=_("A phase dossier needs its phase."),
            ),
            models.CheckConstraint(
                condition=Q(meeting_present__isnull=True)
                | Q(meeting_total__isnull=True)
                | Q(meeting_present__lte=F("meeting_total")),
                name="dossier_present_within_total",
                violation_error_message=_("More people present than convened."),
            ),
            # One dossier per unit and phase (a double click must not file two); a withdrawn one makes room
            # for the next. Ad-hoc achievements come at any time: one draft at a time, as many as sent.
            # Where the rules allow more, each has its own number.
            models.UniqueConstraint(
                fields=["campaign", "unit", "phase", "number"],
                condition=Q(kind="phase") & ~Q(state="withdrawn"),
                name="dossier_once_per_unit_and_phase",
                violation_error_message=_(
                    "Your unit already has a dossier for this phase: open it instead of creating another "
                    "(a withdrawn dossier does not count)."
                ),
            ),
            models.UniqueConstraint(
                fields=["campaign", "unit", "number"],
                condition=Q(kind="ad_hoc", state="draft"),
                name="dossier_one_ad_hoc_draft_per_unit",
                violation_error_message=_(
                    "Your unit has an ad-hoc dossier not sent yet: complete and send it before creating "
                    "another."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.unit} — {self.get_kind_display()} {self.campaign.year}"

    def get_absolute_url(self):
        return reverse("awards:dossier-detail", args=[self.pk])

    @property
    def state_choice(self) -> DossierState:
        return DossierState(self.state)


class Nominee(models.Model):
    """A person (or the unit itself) proposed for a title or a form of reward."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="nominees")
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.ForeignKey(
        Title, verbose_name=_("title or form of reward"), on_delete=models.PROTECT, related_name="+"
    )
    task_grade = models.CharField(_("task grade"), max_length=10, blank=True)
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("recognised initiative (evidence)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence_uses",
    )
    research = models.ForeignKey(
        "initiatives.ResearchResult",
        verbose_name=_("accepted and applied research (evidence)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence_uses",
    )
    meeting_votes = models.PositiveSmallIntegerField(_("votes at the unit's meeting"), null=True, blank=True)
    override_reason = models.TextField(_("standing office's override of the eligibility check"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    override_at = models.DateTimeField(_("overridden at"), null=True, blank=True)
    votes_yes = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_no = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    votes_blank = models.PositiveSmallIntegerField(_("blank votes"), null=True, blank=True)
    votes_base = models.PositiveSmallIntegerField(_("members counted"), null=True, blank=True)
    council_passed = models.BooleanField(_("passed the council"), null=True, blank=True)
    director_decision = models.CharField(
        _("Director's decision"), max_length=20, choices=DirectorDecision.choices, blank=True
    )
    director_comment = models.TextField(_("Director's comment"), blank=True)
    # Who approved or rejected, and when: the user holding the Director's role at that moment.
    director_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Director's decision by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    director_decided_at = models.DateTimeField(_("Director's decision at"), null=True, blank=True)
    decision = models.ForeignKey(
        "Decision",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominees",
    )
    higher_result = models.CharField(
        _("result from the higher level"), max_length=20, choices=DirectorDecision.choices, blank=True
    )
    higher_decision_number = models.CharField(
        _("decision number of the higher level"), max_length=50, blank=True
    )

    class Meta:
        ordering = ["dossier", "title__display_order", "pk"]
        verbose_name = _("nominee")
        verbose_name_plural = _("nominees")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "staff", "title"],
                condition=Q(staff__isnull=False),
                name="nominee_once_per_title",
                violation_error_message=_("This person is already proposed for this title."),
            ),
            models.UniqueConstraint(
                fields=["dossier", "title"],
                condition=Q(staff__isnull=True),
                name="nominee_unit_once_per_title",
                violation_error_message=_("The unit is already proposed for this title."),
            ),
        ]

    def __str__(self):
        return f"{self.name} — {self.title}"

    @property
    def name(self) -> str:
        return self.staff.full_name if self.staff_id else self.dossier.unit.name

    @property
    def is_collective(self) -> bool:
        return self.staff_id is None

    # Whether this nominee still holds its evidence (one initiative, one reward): a withdrawn dossier, a
    # council that voted against, a rejection by the Director or by the higher level frees the initiative.
    # HOLDS_EVIDENCE is the same test as a query; keep the two together.
    HOLDS_EVIDENCE = (
        ~Q(dossier__state=DossierState.WITHDRAWN)
        & ~Q(council_passed=False)
        & ~Q(director_decision=DirectorDecision.REJECTED)
        & ~Q(higher_result=DirectorDecision.REJECTED)
    )

    @property
    def holds_evidence(self) -> bool:
        return not (
            self.dossier.state == DossierState.WITHDRAWN
            or self.council_passed is False
            or DirectorDecision.REJECTED in (self.director_decision, self.higher_result)
        )


class DossierDocument(StoredFile):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    nominee = models.ForeignKey(
        Nominee, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to="dossiers/")

    class Meta:
        ordering = ["dossier", "kind", "uploaded_at"]
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")


class DossierHistory(StateHistory):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="history")
    from_state = models.CharField(_("from state"), max_length=20, choices=DossierState.choices, blank=True)
    to_state = models.CharField(_("to state"), max_length=20, choices=DossierState.choices)

    class Meta:
        ordering = ["dossier", "at", "pk"]
        verbose_name = _("dossier history")
        verbose_name_plural = _("dossier history")

    def __str__(self):
        return f"{self.dossier}: {self.from_state} → {self.to_state}"


class CouncilSession(TimeStampedModel):
    """A sitting of the emulation council ("phiên họp Hội đồng thi đua khen thưởng")."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=255)
    held_on = models.DateField(_("held on"))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members of the emulation council"), related_name="+"
    )
    present = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members present"), related_name="+", blank=True
    )
    paper_ballot = models.BooleanField(
        _("paper ballot (the standing office enters the tally)"), default=False
    )
    closed_at = models.DateTimeField(_("ballot closed at"), null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # What the minutes ("biên bản") hold besides the ballot, recorded by the standing office
    # (services.session_minutes_record); awards.papers.minutes prints them.
    starts_at = models.DateTimeField(_("meeting started at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("meeting ended at"), null=True, blank=True)
    place = models.CharField(_("place of the meeting"), max_length=255, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair of the meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    chair_position = models.CharField(_("position of the chair"), max_length=255, blank=True)
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secretary of the meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    secretary_position = models.CharField(_("position of the secretary"), max_length=255, blank=True)
    # The vote-counting committee ("ban kiểm phiếu"): members present, one of them its head.
    counters = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("vote-counting committee"), related_name="+", blank=True
    )
    counting_head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("head of the vote-counting committee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Absent members who sent their vote in writing (paper ballot; a title counted on all members, such as
    # CSTĐ cấp tỉnh, NĐ 91/2017 Art 45 k8). That they voted, never how.
    written_voters = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("absent members who voted in writing"),
        related_name="+",
        blank=True,
    )
    # The paper ballot's count; an online ballot's is computed (awards.papers.minutes.ballot_counts).
    ballots_issued = models.PositiveSmallIntegerField(_("ballots issued"), null=True, blank=True)
    ballots_collected = models.PositiveSmallIntegerField(_("ballots collected"), null=True, blank=True)
    ballots_valid = models.PositiveSmallIntegerField(_("valid ballots"), null=True, blank=True)
    ballots_invalid = models.PositiveSmallIntegerField(_("invalid ballots"), null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="councilsession_ends_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(ballots_collected__isnull=True)
                | Q(ballots_issued__isnull=True)
                | Q(ballots_collected__lte=F("ballots_issued")),
                name="councilsession_collected_within_issued",
                violation_error_message=_("More ballots collected than issued."),
            ),
            models.CheckConstraint(
                condition=Q(ballots_collected__isnull=True)
                | Q(ballots_valid__isnull=True)
                | Q(ballots_invalid__isnull=True)
                | Q(ballots_collected=F("ballots_valid") + F("ballots_invalid")),
                name="councilsession_valid_and_invalid_make_collected",
                violation_error_message=_("Valid and invalid ballots must add up to the ballots collected."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("awards:session-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class BallotReceipt(models.Model):
    """That a member voted in a session: one per member. It says nothing of how, nor when
    (awards/secrecy.py)."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="receipts")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member"],
                name="ballot_once_per_member",
                violation_error_message=_("You have already voted in this session."),
            )
        ]

    def __str__(self):
        return f"{self.session} — {self.member}"


class SealedTally(models.Model):
    """The running tally of an open electronic ballot, encrypted under BALLOT_KEY with a fresh nonce at each
    vote; deleted when the ballot closes. No member, no time, no sequence of its own. Read and written only
    through awards.secrecy (the argument for the ballot's secrecy is there)."""

    session = models.OneToOneField(
        CouncilSession, on_delete=models.CASCADE, primary_key=True, related_name="sealed_tally"
    )
    sealed = models.BinaryField()

    class Meta:
        verbose_name = _("sealed ballot tally")

    def __str__(self):
        return str(self.session)


class Decision(models.Model):
    """A decision of the Director ("NN/QĐ-STP") or the Department's submission to a higher level
    ("NN/TTr-STP"); numbered per issuer, kind and year."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="decisions"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=DecisionKind.choices, default=DecisionKind.DECISION
    )
    number = models.PositiveIntegerField(_("number"))
    year = models.PositiveSmallIntegerField(_("year of issue"))
    issuer = models.CharField(_("issuer abbreviation"), max_length=20)
    issued_on = models.DateField(_("date"))
    signer = models.CharField(_("signed by"), max_length=120)
    signer_title = models.CharField(_("signer's title"), max_length=120, default="GIÁM ĐỐC")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "kind", "year", "number"],
                name="decision_number_unique_per_year",
                violation_error_message=_("This number is already used this year."),
            ),
            models.CheckConstraint(condition=Q(number__gt=0), name="decision_number_positive"),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("awards:decision-detail", args=[self.pk])

    @property
    def reference(self) -> str:
        symbol = "QĐ" if self.kind == DecisionKind.DECISION else "TTr"
        return f"{self.number:02d}/{symbol}-{self.issuer}"


def _verification_token() -> str:
    return secrets.token_urlsafe(24)


class SignedPaper(StoredFile):
    """The digitally signed PDF of an issued decision or tờ trình (awards.signing.decision_sign): one per
    decision, never replaced. Its random token is the public address of its verification page (the QR
    code on the paper); the file's SHA-256 lets anyone tell whether a copy is this file unchanged."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="signed_papers"
    )
    file = models.FileField(_("file"), upload_to="signed/")
    sha256 = models.CharField(_("SHA-256 of the signed file"), max_length=64)
    signed_at = models.DateTimeField(_("signed at"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), on_delete=models.PROTECT, related_name="+"
    )
    certificate_subject = models.CharField(_("certificate subject"), max_length=500)
    certificate_serial = models.CharField(_("certificate serial number"), max_length=100)
    token = models.CharField(max_length=64, unique=True, default=_verification_token, editable=False)

    class Meta:
        ordering = ["-signed_at"]
        verbose_name = _("signed paper")
        verbose_name_plural = _("signed papers")
        constraints = [
            models.UniqueConstraint(
                fields=["decision"],
                name="signed_paper_one_per_decision",
                violation_error_message=_("This decision is already signed."),
            )
        ]

    def __str__(self):
        return f"{self.decision.reference} ({self.sha256[:12]})"

    def get_absolute_url(self):
        return reverse("verify", args=[self.token])


class ExemplaryModel(models.Model):
    """An exemplary model ("điển hình tiên tiến", plan II.2.6): proposed, agreed by the council, selected."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("what makes it exemplary"))
    council_agreed_on = models.DateField(_("council agreed on"), null=True, blank=True)
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    selected_on = models.DateField(_("selected by the Director on"), null=True, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["campaign", "unit__display_order"]
        verbose_name = _("exemplary model")
        verbose_name_plural = _("exemplary models")

    def __str__(self):
        return self.description[:60]

    def clean(self):
        if self.staff_id and self.unit_id and self.staff.unit_id != self.unit_id:
            raise ValidationError(
                {"staff": _("%(name)s does not work in this unit.") % {"name": self.staff.full_name}}
            )


class StaffHold(TimeStampedModel):
    """A person held from consideration ("tạm hoãn xét") while a discipline review, an inspection or a
    complaint is pending (NĐ 152/2025 Art 4 k4). Held from `starts_on`; `ends_on` is the day the hold was
    lifted, from which the person may be considered again (empty while it lasts)."""

    staff = models.ForeignKey(
        Staff, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="holds"
    )
    kind = models.CharField(_("reason for the hold"), max_length=30, choices=HoldKind.choices)
    reason = models.TextField(_("details"))
    starts_on = models.DateField(_("held from"))
    ends_on = models.DateField(_("lifted on"), null=True, blank=True)
    document = models.CharField(_("document number or note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["staff", "-starts_on", "pk"]
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="staffhold_ends_after_start",
                violation_error_message=_("A hold cannot be lifted before it started."),
            ),
            models.UniqueConstraint(
                fields=["staff", "kind"],
                condition=Q(ends_on__isnull=True),
                name="staffhold_one_open_per_kind",
                violation_error_message=_("This person is already held for this reason."),
            ),
        ]

    def __str__(self):
        return f"{self.staff} — {self.get_kind_display()}"

    def covers(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day < self.ends_on)


class DisciplinePeriod(TimeStampedModel):
    """The time a person serves a disciplinary measure, from `starts_on` to `ends_on` (the day it has been
    served): achievements within it do not count; they count again from `ends_on` (NĐ 152/2025 Art 4 k4)."""

    staff = models.ForeignKey(
        Staff, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="discipline_periods"
    )
    level = models.CharField(_("discipline"), max_length=20, choices=Discipline.choices)
    decision_number = models.CharField(_("decision number"), max_length=50)
    starts_on = models.DateField(_("in effect from"))
    ends_on = models.DateField(_("served on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["staff", "-starts_on", "pk"]
        verbose_name = _("discipline period")
        verbose_name_plural = _("discipline periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="disciplineperiod_ends_after_start",
                violation_error_message=_("A discipline period must end after it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(level=Discipline.NONE),
                name="disciplineperiod_has_level",
                violation_error_message=_("Choose the disciplinary measure."),
            ),
        ]

    def __str__(self):
        return f"{self.staff} — {self.get_level_display()}"


# --- Stored eligibility: computed once, not per view (awards.eligibility.stored) -------------------------


class EligibilitySet(models.Model):
    """The stored verdicts of one unit's candidates in one campaign, and whether they are still current.
    Every change of an input bumps `version` in the changing transaction (awards.eligibility.stale); the
    set is current when `computed_version` equals it and it was judged on the day a fresh judgement would
    be (holds start and end by the day)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveBigIntegerField(default=1)
    computed_version = models.PositiveBigIntegerField(default=0)
    judged_on = models.DateField(null=True)
    computed_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="eligibilityset_unique")]

    def __str__(self):
        return f"{self.campaign} — {self.unit}"


class EligibilityVerdict(models.Model):
    """One candidate's stored verdict for the title registered, with the rules not met (what the page
    shows). A person (staff set) or the unit itself (staff null)."""

    eligibility_set = models.ForeignKey(EligibilitySet, on_delete=models.CASCADE, related_name="verdicts")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, null=True, related_name="+")
    position = models.PositiveIntegerField()  # the order of campaign_eligibility within the unit
    name = models.CharField(max_length=255)
    title = models.CharField(max_length=20)  # the title code judged
    registered_title = models.CharField(max_length=20, blank=True)
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    # [{"code", "verdict", "message", "citation"}] of the rules not met (failed or to review).
    unmet = models.JSONField(default=list)

    class Meta:
        ordering = ["eligibility_set", "position"]
        indexes = [models.Index(fields=["campaign", "verdict", "title"])]

    def __str__(self):
        return f"{self.name} — {self.title}: {self.verdict}"

    @property
    def title_label(self) -> str:
        return TitleCode(self.title).label

    @property
    def registered_other(self) -> str:
        """The title registered, when it is not the one judged (a CSTĐCS registration proposed for LĐTT)."""
        if self.registered_title in ("", self.title):
            return ""
        return TitleCode(self.registered_title).label
