import unicodedata

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.permissions import RolePermissionsMixin
from departments.enums import Discipline, EmploymentType, Gender, Role, TaskGrade, UnitEventKind, UnitKind

code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]*$", _("Use capital letters, digits and hyphens only, e.g. VP or TGPL.")
)


class DepartmentPeriod(TimeStampedModel):
    """The issuing body's names during one period: a paper prints the names valid on its own date
    (departments.selectors.department_on). Periods never overlap (checked in clean())."""

    valid_from = models.DateField(_("valid from"))
    # Inclusive last day; empty while the names are still in use.
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    governing_body = models.CharField(_("governing body"), max_length=255)
    name = models.CharField(_("department"), max_length=255)
    abbreviation = models.CharField(_("department abbreviation"), max_length=20)
    place_name = models.CharField(_("place name on documents"), max_length=100)
    decision_number = models.CharField(_("decision"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("name of the department over a period")
        verbose_name_plural = _("names of the department over time")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="departmentperiod_ends_after_start",
                violation_error_message=_("A period cannot end before it begins."),
            ),
            models.UniqueConstraint(
                fields=["valid_from"],
                name="departmentperiod_one_start",
                violation_error_message=_("Another period of the department's names begins on that day."),
            ),
        ]

    def __str__(self):
        return f"{self.governing_body} — {self.name} ({self.valid_from:%d/%m/%Y})"

    def clean(self):
        if self.valid_from is None:
            return
        others = DepartmentPeriod.objects.exclude(pk=self.pk).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from)
        )
        if self.valid_to is not None:
            others = others.filter(valid_from__lte=self.valid_to)
        clash = others.first()
        if clash:
            raise ValidationError(
                _("This period overlaps the period of the department's names from %(date)s.")
                % {"date": f"{clash.valid_from:%d/%m/%Y}"},
                code="overlap",
            )


class Unit(TimeStampedModel):
    code = models.CharField(_("code"), max_length=20, unique=True, validators=[code_validator])
    # The current name; earlier names are in the unit's rename events (selectors.unit_name_on).
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    display_order = models.PositiveIntegerField(_("display order"), default=0)
    # The unit exists from valid_from to valid_to, both inclusive; empty: since always / still exists.
    # Set by the reorganisation services (departments.services), each change recorded as a UnitEvent.
    valid_from = models.DateField(_("exists from"), null=True, blank=True)
    valid_to = models.DateField(_("exists until"), null=True, blank=True)
    # valid_to is empty: the unit has not been ended by a reorganisation. Kept as a column for the many lists
    # of current units; the database keeps it equal to "valid_to is empty" (one truth). Lists of a past
    # year use selectors.units_existing_in(year) instead.
    active = models.BooleanField(_("active"), default=True, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["display_order", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="unit_ends_after_start",
                violation_error_message=_("A unit cannot end before it begins."),
            ),
            models.CheckConstraint(
                condition=Q(active=True, valid_to__isnull=True) | Q(active=False, valid_to__isnull=False),
                name="unit_active_until_ended",
                violation_error_message=_("A unit is active exactly while it has no end date."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("departments:unit-detail", args=[self.code])

    def exists_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class UnitEvent(TimeStampedModel):
    """A change of the Department's structure on a date, by a decision: a unit created, renamed, merged,
    split or dissolved. `units` are the units affected, `successors` those that take over their staff."""

    kind = models.CharField(_("kind"), max_length=20, choices=UnitEventKind.choices)
    date = models.DateField(_("date"))
    decision_number = models.CharField(_("decision number"), max_length=50)
    units = models.ManyToManyField(Unit, verbose_name=_("units affected"), related_name="events")
    successors = models.ManyToManyField(
        Unit, verbose_name=_("successor units"), related_name="origin_events", blank=True
    )
    old_name = models.CharField(_("old name"), max_length=255, blank=True)
    new_name = models.CharField(_("new name"), max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        "User",
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("unit event")
        verbose_name_plural = _("unit events")

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y} ({self.decision_number})"


class User(RolePermissionsMixin, AbstractUser):
    """A login. Roles are flags because one person may hold several (a director also chairs the council)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    is_secretary = models.BooleanField(_("unit emulation secretary"), default=False)
    is_standing_office = models.BooleanField(_("standing office"), default=False)
    is_council_member = models.BooleanField(_("emulation council member"), default=False)
    is_initiative_council = models.BooleanField(_("initiative council member"), default=False)
    is_director = models.BooleanField(_("director"), default=False)
    # Who a council login stands for when it is not a staff member's (Staff.user): a named person from
    # outside the Department, matched by name against the authors from outside, so that nobody scores
    # their own initiative. Set by the standing office (initiatives.services.council_member_link).
    outside_name = models.CharField(_("person from outside the Department"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_secretary=False) | Q(unit__isnull=False),
                name="user_secretary_has_unit",
                violation_error_message=_("A unit secretary must belong to a unit."),
            ),
        ]

    @property
    def roles(self) -> list[Role]:
        flags = [
            (self.is_secretary, Role.SECRETARY),
            (self.is_standing_office, Role.STANDING_OFFICE),
            (self.is_council_member, Role.COUNCIL_MEMBER),
            (self.is_initiative_council, Role.INITIATIVE_COUNCIL),
            (self.is_director, Role.DIRECTOR),
            (self.is_superuser, Role.ADMINISTRATOR),
        ]
        return [role for held, role in flags if held]

    def get_full_name(self):
        # Vietnamese order: family name first ("Nguyễn Thị Lan").
        return f"{self.last_name} {self.first_name}".strip()

    def __str__(self):
        return self.get_full_name() or self.username


class Staff(TimeStampedModel):
    code = models.CharField(_("staff code"), max_length=20, unique=True, validators=[code_validator])
    full_name = models.CharField(_("full name"), max_length=120)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    position = models.CharField(_("position"), max_length=120, blank=True)
    is_leader = models.BooleanField(
        _("holds a leadership or management post"),
        default=False,
        help_text=_("Counts towards the leaders' share of Grassroots Emulation Fighters."),
    )
    employment_type = models.CharField(_("employment type"), max_length=20, choices=EmploymentType.choices)
    # The CURRENT unit: the unit of the person's last (open) Membership, kept equal to it by the services
    # (staff_create, staff_move, the reorganisation services). Much code reads it; the unit on a given date
    # is selectors.unit_of / units_on.
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="staff")
    recruited_on = models.DateField(_("recruited on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    user = models.OneToOneField(
        User,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
    )
    # Lower-case, without diacritics: "nguyen van" finds "Nguyễn Văn" on SQLite and PostgreSQL alike.
    search_text = models.CharField(max_length=255, editable=False, default="")
    # Vietnamese order of names (given name first): departments.models.name_sort_key of full_name.
    sort_key = models.CharField(max_length=255, editable=False, default="", db_index=True)
    # Heads before deputies before everyone else: departments.models.position_rank of position.
    position_rank = models.PositiveSmallIntegerField(default=3, editable=False)
    # Optimistic lock: a form carries the version it was read at; a save from a stale form is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["unit__display_order", "position_rank", "-is_leader", "sort_key"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        indexes = [models.Index(fields=["unit", "full_name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("recruited_on")),
                name="staff_left_after_recruited",
                violation_error_message=_("The leaving date cannot be before the recruitment date."),
            ),
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=True) | Q(date_of_birth__lt=F("recruited_on")),
                name="staff_born_before_recruited",
                violation_error_message=_("The date of birth must be before the recruitment date."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("departments:staff-detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.left_on is None


# Vietnamese dictionary order: each letter of the Vietnamese alphabet (and the Latin ones it borrows) has a
# two-digit code; the tones (ngang, huyền, hỏi, ngã, sắc, nặng) only break ties. A key of digits sorts the
# same under every database collation (SQLite's bytes, PostgreSQL's locales).
_ALPHABET = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}


def name_sort_key(full_name: str) -> str:
    """ "Nguyễn Thị Lan" sorts by Lan, then Nguyễn, then Thị, in Vietnamese letter order (Đ after D, Ă and Â
    after A), the tones breaking ties."""
    words = full_name.lower().split()
    letters, tones = [], []
    for word in [*words[-1:], *words[:-1]]:
        for char in unicodedata.normalize("NFD", word):
            if char in _TONES:
                tones[-1:] = [_TONES[char]]
            elif letters and (letters[-1], char) in _LETTER_MARKS:
                letters[-1] = _LETTER_MARKS[(letters[-1], char)]
            elif char in _ALPHABET:
                letters.append(char)
                tones.append("0")
        letters.append(" ")
        tones.append("0")
    codes = "".join("00" if c == " " else f"{_ALPHABET.index(c) + 1:02d}" for c in letters)
    return (codes + "99" + "".join(tones))[:255]


# How a post's name starts, folded: the heads of a body (Giám đốc, Chánh Văn phòng, Trưởng phòng, Chủ tịch)
# rank 1, their deputies ("Phó …") 2, everyone else 3. Within a unit, staff are listed in that order.
_DEPUTY_PREFIX = "pho "
_HEAD_PREFIXES = ("giam doc", "chanh ", "truong ", "chu tich", "thu truong", "tong bien tap")


def position_rank(position: str) -> int:
    """1 for the head of a body, 2 for a deputy, 3 for anyone else: "Giám đốc" before "Phó Giám đốc"."""
    folded = " ".join(fold_text(position).split())
    if folded.startswith(_DEPUTY_PREFIX):
        return 2
    return 1 if folded.startswith(_HEAD_PREFIXES) else 3


def fold_text(text: str) -> str:
    """Lower-case text without Vietnamese diacritics, for searching."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


class Membership(TimeStampedModel):
    """A person's unit from starts_on to ends_on (inclusive; empty: still there). A person's memberships
    never overlap: the services check it under a lock on the staff row (departments.services)."""

    staff = models.ForeignKey(
        Staff, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["staff", "starts_on"]
        verbose_name = _("membership of a unit")
        verbose_name_plural = _("memberships of units")
        indexes = [models.Index(fields=["starts_on", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="membership_ends_after_start",
                violation_error_message=_("A membership cannot end before it begins."),
            ),
            models.UniqueConstraint(
                fields=["staff", "starts_on"],
                name="membership_one_start",
                violation_error_message=_("This person already joins a unit on that day."),
            ),
        ]

    def __str__(self):
        return f"{self.staff} — {self.unit} ({self.starts_on:%d/%m/%Y})"


class StaffYear(TimeStampedModel):
    """A staff member's record for one year: the facts the eligibility rules read."""

    staff = models.ForeignKey(
        Staff, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    task_grade = models.CharField(_("task grade"), max_length=10, choices=TaskGrade.choices, blank=True)
    discipline = models.CharField(
        _("discipline"), max_length=20, choices=Discipline.choices, default=Discipline.NONE
    )
    months_served = models.PositiveSmallIntegerField(
        _("months served"), default=12, validators=[MaxValueValidator(12)]
    )
    counted_leave_months = models.PositiveSmallIntegerField(
        _("months of leave that still count"),
        default=0,
        validators=[MaxValueValidator(12)],
        help_text=_(
            "Maternity leave, treatment of an injury suffered on duty: counted as served (NĐ 91/2017 Art 10)."
        ),
    )
    # TT 01/2024/TT-BNV: a training or study course of a year or more counts as working time for the titles
    # [V2 DOMAIN S20]; TT 15/2025 kept it, not verified [U]. Only such courses are entered here.
    training_months = models.PositiveSmallIntegerField(
        _("months on a training course of a year or more"),
        default=0,
        validators=[MaxValueValidator(12)],
        help_text=_("A training or study course of 12 months or more counts as working time."),
    )
    counted_leave_note = models.CharField(
        _("leave that still counts"),
        max_length=255,
        blank=True,
        help_text=_(
            "E.g. maternity leave or treatment for an injury suffered on duty: the time counts as served."
        ),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["staff", "-year"]
        verbose_name = _("yearly record")
        verbose_name_plural = _("yearly records")
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "year"],
                name="staffyear_one_per_year",
                violation_error_message=_("This staff member already has a record for that year."),
            ),
            models.CheckConstraint(
                condition=Q(months_served__lte=12)
                & Q(counted_leave_months__lte=12)
                & Q(training_months__lte=12),
                name="staffyear_months_at_most_12",
                violation_error_message=_("Months served must be between 0 and 12."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2100),
                name="staffyear_year_in_range",
                violation_error_message=_("The year must be between 1990 and 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.staff} — {self.year}"


class UnitYear(TimeStampedModel):
    """A unit's own result for one year, graded by the standing office: TTLĐTT needs a unit that completed
    its tasks well, TTLĐXS excellently (Luật 2022 Art 27, 28 k1 a)."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    task_grade = models.CharField(_("the unit's task grade"), max_length=10, choices=TaskGrade.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["unit", "-year"]
        verbose_name = _("unit's yearly result")
        verbose_name_plural = _("units' yearly results")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="unityear_one_per_year",
                violation_error_message=_("This unit already has a result for that year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2100),
                name="unityear_year_in_range",
                violation_error_message=_("The year must be between 1990 and 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} — {self.year}"
