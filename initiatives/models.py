from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import StateHistory, StoredFile, TimeStampedModel
from departments.models import Staff, Unit
from emulation.models import Campaign
from initiatives.enums import InitiativeKind, InitiativeScope, InitiativeState, ResearchKind, ResearchLevel


class Initiative(TimeStampedModel):
    """An application for recognition of an initiative (Thông tư 18/2013/TT-BKHCN Art 5)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="initiatives"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="initiatives"
    )
    title = models.CharField(_("name of the initiative"), max_length=500)
    field = models.CharField(_("field of application"), max_length=255)
    kind = models.CharField(_("kind of solution"), max_length=20, choices=InitiativeKind.choices)
    first_applied_on = models.DateField(_("first applied or trial-applied on"))
    description = models.TextField(
        _("description"), help_text=_("What the solution is, its steps, and how it improves on what existed.")
    )
    confidential_info = models.TextField(_("information to keep confidential"), blank=True)
    conditions = models.TextField(_("conditions needed to apply it"))
    benefits = models.TextField(_("benefits obtained or expected"))
    # The application asks for the benefits twice: as the authors see them (above) and as those who applied
    # it first, trial included, see them (TT 18/2013 Annex I).
    benefits_by_others = models.TextField(_("benefits as assessed by those who applied it first"), blank=True)
    first_appliers = models.TextField(_("people who applied it first"), blank=True)
    investor = models.CharField(
        _("investor"),
        max_length=255,
        blank=True,
        help_text=_(
            "Who paid for creating the initiative, when it is not the authors (Circular 18/2013 Art 5)."
        ),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=InitiativeState.choices, default=InitiativeState.DRAFT
    )
    # The council's result, kept when the evaluation round closes.
    council_yes = models.PositiveSmallIntegerField(_("votes to recognise"), null=True, blank=True)
    council_members = models.PositiveSmallIntegerField(_("members entitled to vote"), null=True, blank=True)
    scope = models.CharField(
        _("scope of recognition"), max_length=20, choices=InitiativeScope.choices, blank=True
    )
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    provincial_decision_number = models.CharField(_("provincial decision number"), max_length=50, blank=True)
    provincial_decision_date = models.DateField(_("provincial decision date"), null=True, blank=True)
    evaluation_round = models.ForeignKey(
        "EvaluationRound",
        verbose_name=_("evaluation round"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-campaign__year", "unit__display_order", "title"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=InitiativeState.RECOGNISED)
                | (~Q(decision_number="") & Q(decision_date__isnull=False)),
                name="initiative_recognised_has_decision",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("initiatives:initiative-detail", args=[self.pk])

    @property
    def state_choice(self) -> InitiativeState:
        return InitiativeState(self.state)


class InitiativeAuthor(models.Model):
    """An author and their share. Staff of the Department are linked; others are named with a workplace."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="authors")
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiative_authorships",
    )
    full_name = models.CharField(_("full name"), max_length=120, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    workplace = models.CharField(_("workplace"), max_length=255, blank=True)
    position = models.CharField(_("position"), max_length=120, blank=True)
    qualification = models.CharField(_("qualification"), max_length=120, blank=True)
    share = models.DecimalField(
        _("share of contribution (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )

    class Meta:
        ordering = ["initiative", "-share", "pk"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints = [
            models.CheckConstraint(
                condition=Q(staff__isnull=False) | (~Q(full_name="") & ~Q(workplace="")),
                name="initiativeauthor_named",
                violation_error_message=_(
                    "An author from outside the Department needs a name and a workplace."
                ),
            ),
            models.CheckConstraint(
                condition=Q(share__gt=0) & Q(share__lte=100), name="initiativeauthor_share_range"
            ),
            models.UniqueConstraint(
                fields=["initiative", "staff"], condition=Q(staff__isnull=False), name="initiativeauthor_once"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.staff.full_name if self.staff_id else self.full_name

    @property
    def place(self) -> str:
        return self.staff.unit.name if self.staff_id else self.workplace

    # An author from outside the Department has no staff record: what was typed is all there is.
    @property
    def birth_date(self):
        return self.date_of_birth or (self.staff.date_of_birth if self.staff_id else None)

    @property
    def job(self) -> str:
        return self.position or (self.staff.position if self.staff_id else "")


class InitiativeAttachment(StoredFile):
    """A file of the application, stored under a random name and served only through a checked view."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="attachments/")

    class Meta:
        ordering = ["initiative", "uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class InitiativeHistory(StateHistory):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="history")
    from_state = models.CharField(_("from state"), max_length=20, choices=InitiativeState.choices, blank=True)
    to_state = models.CharField(_("to state"), max_length=20, choices=InitiativeState.choices)

    class Meta:
        ordering = ["initiative", "at", "pk"]
        verbose_name = _("initiative history")
        verbose_name_plural = _("initiative history")

    def __str__(self):
        return f"{self.initiative}: {self.from_state} → {self.to_state}"


class EvaluationRound(TimeStampedModel):
    """A sitting of the initiative council ("Hội đồng sáng kiến") that scores and votes on initiatives."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=255)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("council members"), related_name="+"
    )
    # Criteria weights (configurable per round) and the share of members needed to recognise.
    weight_novelty = models.PositiveSmallIntegerField(_("weight of novelty"), default=40)
    weight_applicability = models.PositiveSmallIntegerField(_("weight of applicability"), default=30)
    weight_effect = models.PositiveSmallIntegerField(_("weight of effect"), default=30)
    pass_numerator = models.PositiveSmallIntegerField(_("votes needed: numerator"), default=2)
    pass_denominator = models.PositiveSmallIntegerField(_("votes needed: denominator"), default=3)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_numerator__gt=0)
                & Q(pass_denominator__gt=0)
                & Q(pass_numerator__lte=F("pass_denominator")),
                name="round_pass_fraction_valid",
                violation_error_message=_(
                    "The share of votes needed must be more than 0 and at most 1 (for example 2/3)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(weight_novelty__gt=0) | Q(weight_applicability__gt=0) | Q(weight_effect__gt=0),
                name="round_some_weight",
                violation_error_message=_("Give at least one criterion a weight."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("initiatives:round-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def weighted(self, score: "Score") -> Decimal:
        """A member's score out of 10, weighted by the round's criteria weights."""
        total = self.weight_novelty + self.weight_applicability + self.weight_effect
        points = (
            score.novelty * self.weight_novelty
            + score.applicability * self.weight_applicability
            + score.effect * self.weight_effect
        )
        return (Decimal(points) / total).quantize(Decimal("0.01")) if total else Decimal(0)

    def passes(self, yes: int, entitled: int) -> bool:
        """Enough votes: at least numerator/denominator of the entitled (2/3: 5 of 7 pass, 4 of 7 fail)."""
        return entitled > 0 and yes * self.pass_denominator >= self.pass_numerator * entitled


class Score(models.Model):
    """One member's scores and vote on one initiative in a round. Not secret: the council's minutes
    name who scored what, but members see the others' scores only after scoring themselves."""

    evaluation_round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="scores")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    novelty = models.PositiveSmallIntegerField(_("novelty (0–10)"), validators=[MaxValueValidator(10)])
    applicability = models.PositiveSmallIntegerField(
        _("applicability (0–10)"), validators=[MaxValueValidator(10)]
    )
    effect = models.PositiveSmallIntegerField(_("effect (0–10)"), validators=[MaxValueValidator(10)])
    recognise = models.BooleanField(_("vote to recognise"))
    comment = models.TextField(_("comment"), blank=True)
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["initiative", "scored_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation_round", "initiative", "member"],
                name="score_once_per_member",
                violation_error_message=_("You have already scored this initiative."),
            ),
            models.CheckConstraint(
                condition=Q(novelty__lte=10) & Q(applicability__lte=10) & Q(effect__lte=10),
                name="score_at_most_10",
            ),
        ]

    def __str__(self):
        return f"{self.initiative} — {self.member}"


class ResearchResult(TimeStampedModel):
    """An accepted research topic or scheme ("đề tài, đề án khoa học đã được nghiệm thu"), recorded by the
    standing office. Accepted and applied, it is evidence for the Chiến sĩ thi đua titles like a recognised
    initiative (Law 2022 Art 22-23; NĐ 91/2017 Art 9). `created_at` is when it was recorded."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="research_results"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="research_results"
    )
    title = models.CharField(_("name of the research"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=ResearchKind.choices)
    level = models.CharField(_("level"), max_length=20, choices=ResearchLevel.choices)
    acceptance_decision_number = models.CharField(_("acceptance decision number"), max_length=50)
    accepted_on = models.DateField(_("accepted on"))
    applied = models.BooleanField(_("applied in practice"), default=False)
    application_note = models.TextField(_("where and how it is applied"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-campaign__year", "unit__display_order", "title"]
        verbose_name = _("research result")
        verbose_name_plural = _("research results")
        constraints = [
            models.CheckConstraint(
                condition=Q(applied=False) | ~Q(application_note=""),
                name="research_applied_says_where",
                violation_error_message=_("Say where and how the research is applied."),
            ),
            models.CheckConstraint(
                condition=~Q(acceptance_decision_number=""),
                name="research_has_decision",
                violation_error_message=_("Enter the acceptance decision number."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("initiatives:research-detail", args=[self.pk])


class ResearchAuthor(models.Model):
    """An author of a research result (staff of the Department) and their share."""

    research = models.ForeignKey(ResearchResult, on_delete=models.CASCADE, related_name="authors")
    staff = models.ForeignKey(
        Staff, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="research_authorships"
    )
    share = models.DecimalField(
        _("share of contribution (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )

    class Meta:
        ordering = ["research", "-share", "pk"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints = [
            models.CheckConstraint(
                condition=Q(share__gt=0) & Q(share__lte=100), name="researchauthor_share_range"
            ),
            models.UniqueConstraint(fields=["research", "staff"], name="researchauthor_once"),
        ]

    def __str__(self):
        return self.staff.full_name
