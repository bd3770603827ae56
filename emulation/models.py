import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.template.defaultfilters import yesno
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formats import vn_date, vn_number
from core.models import StateHistory, TimeStampedModel
from departments.enums import TaskGrade
from departments.models import Staff, Unit
from emulation.enums import (
    Authority,
    BlocKind,
    CertificateKind,
    Comparison,
    CriteriaSubject,
    DeadlineKind,
    DocumentProfile,
    QuotaRounding,
    Regime,
    RegistrationState,
    TargetMeasure,
    TitleCategory,
    TitleSubject,
    VoteBase,
)


class TitleManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Title(models.Model):
    """Reference data: an emulation title or a form of reward, as the law names it."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("abbreviation"), max_length=40)
    subject = models.CharField(_("awarded to"), max_length=20, choices=TitleSubject.choices)
    category = models.CharField(_("category"), max_length=20, choices=TitleCategory.choices)
    decided_by = models.CharField(_("decided by"), max_length=30, choices=Authority.choices)
    display_order = models.PositiveIntegerField(_("display order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    # The council's secret ballot: how many votes a nominee for this title needs. Simple majority unless a
    # stricter rule is set (DOMAIN.md rule 12: ≥ 90% of all members for CSTĐ cấp tỉnh) — reference data.
    vote_percent = models.DecimalField(_("votes needed (%)"), max_digits=5, decimal_places=2, default=50)
    vote_strictly_more = models.BooleanField(_("strictly more than that share"), default=True)
    vote_base = models.CharField(
        _("share of"), max_length=10, choices=VoteBase.choices, default=VoteBase.ALL_MEMBERS
    )
    # Whether the Department prints a certificate for each awardee of its decisions: the Director's Giấy
    # khen always; a "giấy chứng nhận" of an emulation title where the province uses one (a setting).
    certificate = models.CharField(
        _("certificate printed for each awardee"),
        max_length=20,
        choices=CertificateKind.choices,
        blank=True,
        default=CertificateKind.NONE,
    )

    objects = TitleManager()

    class Meta:
        ordering = ["display_order", "code"]
        verbose_name = _("title or form of reward")
        verbose_name_plural = _("titles and forms of reward")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class CampaignManager(models.Manager):
    def get_by_natural_key(self, year):
        return self.get(year=year)


class Campaign(TimeStampedModel):
    """One year's emulation movement, built from the Department's plan."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    name = models.CharField(_("name"), max_length=255)
    plan_number = models.CharField(_("plan number"), max_length=50, blank=True)
    plan_date = models.DateField(_("plan date"), null=True, blank=True)
    theme = models.TextField(_("theme"), blank=True)
    slogan = models.TextField(_("slogan"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    regime = models.CharField(_("legal regime"), max_length=10, choices=Regime.choices)
    document_profile = models.CharField(_("document format"), max_length=20, choices=DocumentProfile.choices)
    # Who issues the documents is not the campaign's: a paper prints the names valid on its own date
    # (departments.models.DepartmentPeriod, departments.selectors.department_on).
    closed = models.BooleanField(_("closed"), default=False)
    # The standing office records when the registration summary went to Sở Nội vụ (plan III.3).
    registrations_sent_on = models.DateField(_("registration summary sent on"), null=True, blank=True)
    registrations_sent_reference = models.CharField(
        _("document number of the summary"), max_length=50, blank=True
    )
    registrations_sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CampaignManager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.year,)

    def get_absolute_url(self):
        return reverse("emulation:campaign-detail", args=[self.year])


class PhaseManager(models.Manager):
    def get_by_natural_key(self, number, year):
        return self.get(number=number, campaign__year=year)


class Phase(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="phases"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    objects = PhaseManager()

    class Meta:
        ordering = ["campaign", "number"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="phase_number_unique_in_campaign"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="phase_ends_after_start",
                violation_error_message=_("A phase cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.number, *self.campaign.natural_key())

    natural_key.dependencies = ["emulation.campaign"]


class DeadlineManager(models.Manager):
    def get_by_natural_key(self, kind, year, phase_number=None):
        return self.get(kind=kind, campaign__year=year, phase__number=phase_number)


class Deadline(models.Model):
    """A closing instant. "Trước ngày 15/01" closes at 00:00 of 15/01, local time; 14/01 is the last day."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="deadlines"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=DeadlineKind.choices)
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("phase"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deadlines",
    )
    due_at = models.DateTimeField(_("closes at"))
    description = models.TextField(_("as the plan says"), blank=True)

    objects = DeadlineManager()

    class Meta:
        ordering = ["due_at"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "kind"],
                condition=Q(phase__isnull=True),
                name="deadline_unique_kind_in_campaign",
            ),
            models.UniqueConstraint(
                fields=["campaign", "kind", "phase"],
                condition=Q(phase__isnull=False),
                name="deadline_unique_kind_in_phase",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {vn_date(self.before_date)}"

    def natural_key(self):
        phase_number = self.phase.number if self.phase_id else None
        return (self.kind, *self.campaign.natural_key(), phase_number)

    natural_key.dependencies = ["emulation.campaign", "emulation.phase"]

    @property
    def before_date(self) -> dt.date:
        """The date the plan writes ("trước ngày X")."""
        return timezone.localtime(self.due_at).date()

    @property
    def last_day(self) -> dt.date:
        """The last day on which the thing can still be done."""
        return timezone.localtime(self.due_at - dt.timedelta(microseconds=1)).date()


class TargetManager(models.Manager):
    def get_by_natural_key(self, code, year):
        return self.get(code=code, campaign__year=year)


class Target(models.Model):
    """A target of the plan ("chỉ tiêu thi đua"): what is measured, compared with a value."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="targets"
    )
    code = models.SlugField(_("code"), max_length=40)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)
    text = models.TextField(_("as the plan says"))
    measure = models.CharField(_("measure"), max_length=30, choices=TargetMeasure.choices)
    titles = models.ManyToManyField(Title, verbose_name=_("titles counted"), related_name="targets")
    comparison = models.CharField(_("comparison"), max_length=5, choices=Comparison.choices)
    value = models.DecimalField(_("value"), max_digits=6, decimal_places=2)
    note = models.TextField(_("note"), blank=True)

    objects = TargetManager()

    class Meta:
        ordering = ["campaign", "display_order"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="target_code_unique_in_campaign"),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_value_not_negative"),
        ]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (self.code, *self.campaign.natural_key())

    natural_key.dependencies = ["emulation.campaign", "emulation.title"]

    @property
    def is_percentage(self) -> bool:
        return self.measure != TargetMeasure.STAFF_COUNT and self.measure != TargetMeasure.DEPARTMENT_AWARD


class Extension(models.Model):
    """A later closing time for one unit and one deadline, granted by the standing office."""

    deadline = models.ForeignKey(
        Deadline, verbose_name=_("deadline"), on_delete=models.CASCADE, related_name="extensions"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="extensions"
    )
    due_at = models.DateTimeField(_("new closing time"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("granted by"), on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    # Set the first time the unit acts after the original deadline: from then on it cannot be revoked.
    used_at = models.DateTimeField(_("first used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "unit"],
                condition=Q(revoked_at__isnull=True),
                name="extension_one_active_per_unit_and_deadline",
                violation_error_message=_("This unit already has an extension for this deadline."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} — {self.deadline}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Registration(TimeStampedModel):
    """A unit's registration sheet ("bản đăng ký thi đua") for a campaign: one per unit and campaign."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="registrations"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="registrations"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=RegistrationState.choices, default=RegistrationState.DRAFT
    )
    collective_title = models.ForeignKey(
        Title,
        verbose_name=_("collective title registered"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    collective_reward = models.ForeignKey(
        Title,
        verbose_name=_("form of reward sought for the unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    commitment = models.TextField(_("commitment"), blank=True)
    submitted_at = models.DateTimeField(_("last submitted at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["campaign", "unit__display_order"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"],
                name="registration_one_per_unit_and_campaign",
                violation_error_message=_("This unit already has a registration for this campaign."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} — {self.campaign.year}"

    def get_absolute_url(self):
        return reverse("emulation:registration-sheet", args=[self.campaign.year, self.unit.code])

    @property
    def state_choice(self) -> RegistrationState:
        return RegistrationState(self.state)


class RegistrationLine(models.Model):
    """One staff member's line on the sheet: the individual title and the form of reward sought."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="lines"
    )
    staff = models.ForeignKey(
        Staff, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.ForeignKey(
        Title, verbose_name=_("title"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reward = models.ForeignKey(
        Title,
        verbose_name=_("form of reward"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = [
            "registration",
            "staff__unit__display_order",
            "staff__position_rank",
            "-staff__is_leader",
            "staff__sort_key",
        ]
        verbose_name = _("registration line")
        verbose_name_plural = _("registration lines")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "staff"],
                name="registrationline_one_per_staff",
                violation_error_message=_("A staff member can be registered only once."),
            ),
            models.CheckConstraint(
                condition=Q(title__isnull=False) | Q(reward__isnull=False),
                name="registrationline_not_empty",
            ),
        ]

    def __str__(self):
        return f"{self.staff} — {self.title or self.reward}"


class RegistrationHistory(StateHistory):
    """A state change of a registration: who, when, from, to, and the comment. Never edited."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="history"
    )
    from_state = models.CharField(_("from"), max_length=20, choices=RegistrationState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=RegistrationState.choices)

    class Meta:
        ordering = ["registration", "at", "pk"]
        verbose_name = _("registration history")
        verbose_name_plural = _("registration history")

    def __str__(self):
        return f"{self.registration}: {self.from_state} → {self.to_state}"


class CampaignRulesManager(models.Manager):
    def get_by_natural_key(self, year):
        return self.get(campaign__year=year)


class CampaignRules(models.Model):
    """The legal parameters a campaign is judged by, where the law leaves a choice or we could not verify
    the text (DOMAIN.md [U]). Stored with the campaign, from the defaults of its regime when it is created
    and copied with it, so that a later change of a default never rewrites a past year's verdicts. The
    standing office changes them with a reason; each change is a RuleChange row."""

    campaign = models.OneToOneField(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="rules"
    )
    cstdcs_cap_percent = models.DecimalField(
        _("CSTĐCS cap as a share of LĐTT (%) when the plan sets none"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    quota_rounding = models.CharField(
        _("rounding of the CSTĐCS cap"), max_length=10, choices=QuotaRounding.choices
    )
    initiative_exclude_unit_heads = models.BooleanField(
        _("the head of the authors' unit does not score their initiative")
    )
    discipline_bars_ldtt = models.BooleanField(_("a disciplined person cannot be LĐTT (2022 Law)"))
    provincial_initiative_years = models.PositiveSmallIntegerField(
        _("years a provincial initiative counts towards CSTĐ cấp tỉnh"),
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    cstd_tinh_includes_current_year = models.BooleanField(
        _("the three CSTĐCS years of CSTĐ cấp tỉnh end with the year judged")
    )
    several_dossiers_per_phase = models.BooleanField(
        _("a unit may send more than one dossier per phase (supplementary dossiers)"), default=False
    )
    # The defaults below are the law's for campaigns made before these were data; new campaigns take their
    # regime's (emulation.legal.REGIME_DEFAULTS).
    registration_per_title = models.BooleanField(
        _(
            "a person must have registered for the title itself or a higher one "
            "(otherwise any line on a sent registration sheet suffices)"
        ),
        default=True,
    )
    provincial_initiative_for_cstdcs = models.BooleanField(
        _("an initiative recognised at provincial level may serve CSTĐCS"), default=True
    )
    cstdcs_cap_applies = models.BooleanField(
        _("the CSTĐCS cap above applies when the plan sets none"), default=True
    )
    ldtt_min_months_recruited = models.PositiveSmallIntegerField(
        _("LĐTT: months from recruitment to the year end, at least"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    count_predecessor_history = models.BooleanField(
        _("a unit's earlier years include those of the units merged or split into it"), default=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CampaignRulesManager()

    class Meta:
        verbose_name = _("legal parameters of a campaign")
        verbose_name_plural = _("legal parameters of campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(cstdcs_cap_percent__gte=0) & Q(cstdcs_cap_percent__lte=100),
                name="campaignrules_cap_is_a_percentage",
                violation_error_message=_("The cap must be between 0% and 100%."),
            ),
            models.CheckConstraint(
                condition=Q(provincial_initiative_years__gte=1) & Q(provincial_initiative_years__lte=10),
                name="campaignrules_years_in_range",
                violation_error_message=_("The number of years must be between 1 and 10."),
            ),
            models.CheckConstraint(
                condition=Q(ldtt_min_months_recruited__gte=1) & Q(ldtt_min_months_recruited__lte=12),
                name="campaignrules_months_in_range",
                violation_error_message=_("The number of months must be between 1 and 12."),
            ),
        ]

    def __str__(self):
        return str(self.campaign)

    def natural_key(self):
        return self.campaign.natural_key()

    natural_key.dependencies = ["emulation.campaign"]

    PARAMETERS = (
        "cstdcs_cap_percent",
        "quota_rounding",
        "initiative_exclude_unit_heads",
        "discipline_bars_ldtt",
        "provincial_initiative_years",
        "cstd_tinh_includes_current_year",
        "several_dossiers_per_phase",
        "registration_per_title",
        "provincial_initiative_for_cstdcs",
        "cstdcs_cap_applies",
        "ldtt_min_months_recruited",
        "count_predecessor_history",
    )

    def parameters(self) -> list[tuple[str, object]]:
        """(label, value as shown) of each parameter, for pages."""
        rows = []
        for name in self.PARAMETERS:
            field = self._meta.get_field(name)
            value = getattr(self, name)
            if field.choices:
                value = getattr(self, f"get_{name}_display")()
            elif isinstance(value, bool):
                value = yesno(value)  # Django's own "có"/"không"
            rows.append((field.verbose_name, value))
        return rows


class RuleChange(models.Model):
    """One change of one legal parameter of a campaign: who, when, from what to what, and why."""

    rules = models.ForeignKey(CampaignRules, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(_("parameter"), max_length=50)
    old_value = models.CharField(_("from"), max_length=50)
    new_value = models.CharField(_("to"), max_length=50)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["rules", "at", "pk"]
        verbose_name = _("change of a legal parameter")
        verbose_name_plural = _("changes of legal parameters")

    def __str__(self):
        return f"{self.rules}: {self.field} {self.old_value} → {self.new_value}"

    @property
    def field_label(self) -> str:
        return str(CampaignRules._meta.get_field(self.field).verbose_name)


# --- Reference data: bonuses, criteria ---------------------------------------------------------------


class BaseSalaryManager(models.Manager):
    def get_by_natural_key(self, valid_from):
        return self.get(valid_from=valid_from)


class BaseSalary(models.Model):
    """The base salary (mức lương cơ sở) from a date until the next one: bonuses are multiples of it."""

    valid_from = models.DateField(_("valid from"))
    amount = models.PositiveIntegerField(_("amount (đồng a month)"))
    legal_basis = models.TextField(_("legal basis"))

    objects = BaseSalaryManager()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("base salary")
        verbose_name_plural = _("base salaries")
        constraints = [
            # Each value lasts until the next one's date: two from the same date would overlap.
            models.UniqueConstraint(
                fields=["valid_from"],
                name="basesalary_one_per_date",
                violation_error_message=_("A base salary from this date already exists."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="basesalary_amount_positive",
                violation_error_message=_("The amount must be more than 0."),
            ),
        ]

    def __str__(self):
        return f"{self.amount_text} đ — {vn_date(self.valid_from)}"

    def natural_key(self):
        return (self.valid_from.isoformat(),)

    @property
    def amount_text(self) -> str:
        return vn_number(self.amount)  # 2.340.000


class BonusRateManager(models.Manager):
    def get_by_natural_key(self, code, regime, subject):
        return self.get(title__code=code, regime=regime, subject=subject)


class BonusRate(models.Model):
    """The bonus of a title or reward, as a multiple of the base salary, as the decree of a regime sets it."""

    title = models.ForeignKey(Title, verbose_name=_("title"), on_delete=models.PROTECT, related_name="+")
    regime = models.CharField(_("legal regime"), max_length=10, choices=Regime.choices)
    subject = models.CharField(_("awarded to"), max_length=20, choices=CriteriaSubject.choices)
    coefficient = models.DecimalField(_("times the base salary"), max_digits=5, decimal_places=2)
    legal_basis = models.TextField(_("legal basis"))

    objects = BonusRateManager()

    class Meta:
        ordering = ["regime", "title__display_order", "subject"]
        verbose_name = _("bonus rate")
        verbose_name_plural = _("bonus rates")
        constraints = [
            models.UniqueConstraint(
                fields=["title", "regime", "subject"],
                name="bonusrate_one_per_title_regime_subject",
                violation_error_message=_(
                    "This title already has a rate under this regime for this subject."
                ),
            ),
            models.CheckConstraint(
                condition=Q(coefficient__gt=0),
                name="bonusrate_coefficient_positive",
                violation_error_message=_("The coefficient must be more than 0."),
            ),
        ]

    def __str__(self):
        return f"{self.title.short_name} ({self.get_subject_display()}, {self.regime}): × {self.coefficient}"

    def natural_key(self):
        return (self.title.code, self.regime, self.subject)

    natural_key.dependencies = ["emulation.title"]


class RewardCriteriaManager(models.Manager):
    def get_by_natural_key(self, code, subject, valid_from):
        return self.get(title__code=code, subject=subject, valid_from=valid_from)


class RewardCriteria(TimeStampedModel):
    """The criteria of a reward the province sets (Luật 2022 Art 75 k2 for Giấy khen; Art 74 k6 for Bằng
    khen), in force from a date until the next set for the same title and subject."""

    title = models.ForeignKey(
        Title, verbose_name=_("title or form of reward"), on_delete=models.PROTECT, related_name="criteria"
    )
    subject = models.CharField(_("awarded to"), max_length=20, choices=CriteriaSubject.choices)
    valid_from = models.DateField(_("valid from"))
    decision_number = models.CharField(
        _("number of the provincial decision"),
        max_length=100,
        help_text=_("The decision that sets these criteria, e.g. 37/2024/QĐ-UBND."),
    )
    min_task_grade = models.CharField(
        _("task grade, at least"), max_length=10, choices=TaskGrade.choices, blank=True
    )
    consecutive_years = models.PositiveSmallIntegerField(
        _("consecutive years at that grade"),
        default=0,
        validators=[MaxValueValidator(10)],
        help_text=_("0: the year judged only."),
    )
    prior_reward_title = models.ForeignKey(
        Title,
        verbose_name=_("reward required before"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("the criteria as written"))
    note = models.TextField(_("note"), blank=True)

    objects = RewardCriteriaManager()

    class Meta:
        ordering = ["title__display_order", "subject", "-valid_from"]
        verbose_name = _("reward criteria")
        verbose_name_plural = _("reward criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["title", "subject", "valid_from"],
                name="rewardcriteria_one_per_title_subject_date",
                violation_error_message=_("Criteria of this reward from this date already exist."),
            ),
            models.CheckConstraint(
                condition=~Q(decision_number=""),
                name="rewardcriteria_has_decision",
                violation_error_message=_("Give the number of the decision that sets the criteria."),
            ),
            models.CheckConstraint(
                condition=Q(consecutive_years__lte=10),
                name="rewardcriteria_years_in_range",
                violation_error_message=_("The number of years must be between 0 and 10."),
            ),
        ]

    def __str__(self):
        return f"{self.title.name} ({self.get_subject_display()}) — {vn_date(self.valid_from)}"

    def natural_key(self):
        return (self.title.code, self.subject, self.valid_from.isoformat())

    natural_key.dependencies = ["emulation.title"]


# --- Blocs (khối, cụm thi đua) -----------------------------------------------------------------------


class EmulationBloc(models.Model):
    """A khối or cụm thi đua of a campaign: the units compared with each other for Cờ thi đua (DOMAIN
    rule 15; Luật 2022 Art 26)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="blocs"
    )
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=BlocKind.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["campaign", "name"]
        verbose_name = _("emulation bloc")
        verbose_name_plural = _("emulation blocs")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "name"],
                name="emulationbloc_name_unique_in_campaign",
                violation_error_message=_("This campaign already has a bloc of this name."),
            ),
        ]

    def __str__(self):
        return self.name


class BlocMember(models.Model):
    """A unit in a bloc, with its rank after the year's review (empty until then)."""

    bloc = models.ForeignKey(
        EmulationBloc, verbose_name=_("bloc"), on_delete=models.CASCADE, related_name="members"
    )
    # The bloc's campaign, repeated so that the database itself keeps a unit in one bloc per campaign.
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+", editable=False)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)

    class Meta:
        ordering = ["bloc", F("rank").asc(nulls_last=True), "unit__display_order"]
        verbose_name = _("bloc member")
        verbose_name_plural = _("bloc members")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"],
                name="blocmember_one_bloc_per_campaign",
                violation_error_message=_("A unit can be in only one bloc of a campaign."),
            ),
            models.UniqueConstraint(
                fields=["bloc", "rank"],
                condition=Q(rank__isnull=False),
                name="blocmember_rank_unique_in_bloc",
                violation_error_message=_("Two units of a bloc cannot have the same rank."),
            ),
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(rank__gte=1),
                name="blocmember_rank_positive",
                violation_error_message=_("A rank is 1 or more."),
            ),
        ]

    def __str__(self):
        return f"{self.bloc} — {self.unit}"


class PaperTemplate(TimeStampedModel):
    """A text of a paper as the Department edits it (the body of a decision for one title, the wording of
    a certificate), in force from a date: a paper uses the version in force on its own date, so a paper of
    an earlier year reprints as it was. The kinds, their placeholders and default texts are in
    core.papers.templates.TEMPLATE_KINDS; a text naming an unknown placeholder is refused (clean())."""

    kind = models.CharField(_("kind of text"), max_length=50)
    # The title's code for a per-title text ("LDTT"), "" for a text of the whole paper.
    key = models.CharField(_("for"), max_length=30, blank=True)
    valid_from = models.DateField(_("in force from"))
    text = models.TextField(_("text"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["kind", "key", "-valid_from"]
        verbose_name = _("text of a paper")
        verbose_name_plural = _("texts of papers")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "valid_from"],
                name="papertemplate_one_per_kind_key_date",
                violation_error_message=_("This text already has a version in force from that day."),
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.key} {self.valid_from:%d/%m/%Y}".strip()

    def clean(self):
        from core.papers.templates import check_kind_text

        check_kind_text(self.kind, self.text)
