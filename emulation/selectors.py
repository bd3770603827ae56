import datetime as dt
import operator
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from departments.models import Unit
from departments.selectors import staff_counts_in, units_existing_in, units_visible_to
from emulation.deadlines import DeadlineStatus, deadline_of, status_of, status_with
from emulation.enums import (
    BANG_KHEN,
    CSTDCS_OR_HIGHER,
    LDTT_OR_HIGHER,
    Comparison,
    DeadlineKind,
    RegistrationState,
    TargetMeasure,
    TitleCode,
)
from emulation.models import (
    BaseSalary,
    BlocMember,
    BonusRate,
    Campaign,
    Deadline,
    EmulationBloc,
    Extension,
    Phase,
    Registration,
    RegistrationLine,
    RewardCriteria,
    Target,
    Title,
)
from emulation.quotas import QuotaWarning, campaign_targets, quota_limits, quota_warnings


def campaign_list() -> QuerySet[Campaign]:
    return Campaign.objects.all()


def campaign_current(today: dt.date | None = None) -> Campaign | None:
    """This year's campaign; failing that the nearest later one; failing that the latest."""
    today = today or timezone.localdate()
    later = Campaign.objects.filter(year__gte=today.year).order_by("year").first()
    return later or Campaign.objects.order_by("-year").first()


def phase_current(campaign: Campaign, today: dt.date | None = None) -> Phase | None:
    today = today or timezone.localdate()
    # Phases may share their boundary day (11/6/2018 ends phase 1 and starts phase 2): the later one wins.
    return campaign.phases.filter(starts_on__lte=today, ends_on__gte=today).order_by("-number").first()


# --- Registrations ---------------------------------------------------------------------------------


@dataclass
class RegistrationRow:
    """One unit on the standing office's overview: its sheet (if any), counts and quota warnings."""

    unit: Unit
    staff_count: int
    registration: Registration | None
    extension: Extension | None
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[QuotaWarning] = field(default_factory=list)
    deadline: DeadlineStatus | None = None  # the registration deadline for this unit (its extension included)

    @property
    def state_label(self) -> str:
        return self.registration.get_state_display() if self.registration else _("Not started")


COUNT_KEYS = ("ldtt", "cstdcs", "cstdcs_leaders", "cstd_tinh", "giay_khen", "bang_khen")


def _line_counts(campaign: Campaign, units: QuerySet[Unit]) -> dict[int, dict[str, int]]:
    """{registration id: its counts (COUNT_KEYS)} of the sheets of `units`: one aggregate over their lines,
    grouped by sheet only (grouping the sheets' whole rows made PostgreSQL sort 28,000 wide rows on disk)."""
    counts = (
        RegistrationLine.objects.filter(registration__campaign=campaign, registration__unit__in=units)
        .order_by()
        .values("registration_id")
        .annotate(
            ldtt=Count("pk", filter=Q(title__code__in=LDTT_OR_HIGHER)),
            cstdcs=Count("pk", filter=Q(title__code__in=CSTDCS_OR_HIGHER)),
            cstdcs_leaders=Count("pk", filter=Q(title__code__in=CSTDCS_OR_HIGHER, staff__is_leader=True)),
            cstd_tinh=Count("pk", filter=Q(title__code=TitleCode.CSTD_TINH)),
            giay_khen=Count("pk", filter=Q(reward__code=TitleCode.GK_GD)),
            bang_khen=Count("pk", filter=Q(reward__code__in=BANG_KHEN)),
        )
    )
    return {row.pop("registration_id"): row for row in counts}


def registrations_visible_to(user) -> QuerySet[Registration]:
    return Registration.objects.filter(unit__in=units_visible_to(user)).select_related("campaign", "unit")


# The sheets a report counts: sent to the standing office (a draft is the unit's own; a returned sheet is
# listed, flagged, and not counted until it is sent again).
SENT_REGISTRATION_STATES = (RegistrationState.SUBMITTED, RegistrationState.ACCEPTED)


def registration_overview(
    campaign: Campaign, units: QuerySet[Unit], *, sent_only: bool = False
) -> tuple[list[RegistrationRow], dict]:
    """Every unit of `units` that existed during the campaign's year, with its registration state, counts
    and warnings, plus the totals. Staff are those who worked in the unit during the campaign's year
    (departments.selectors.staff_counts_in), not today's roster. `sent_only`: the counts and warnings come
    from sent sheets only (the report to Sở Nội vụ); a draft or returned sheet counts nothing. A fixed
    number of queries whatever the number of units."""
    limits = quota_limits(campaign)
    # The units as a subquery in the other queries: a thousand ids as parameters cost more than the SQL.
    existing = units.filter(pk__in=units_existing_in(campaign.year).values("pk"))
    units = list(existing.order_by("display_order", "name"))
    staff_counts = staff_counts_in(campaign.year, existing.values("pk"))
    registrations = {
        r.unit_id: r
        for r in Registration.objects.filter(campaign=campaign, unit__in=existing).select_related(
            "collective_title", "collective_reward"
        )
    }
    line_counts = _line_counts(campaign, existing)
    deadline = deadline_of(campaign, DeadlineKind.REGISTRATION)
    extensions = {
        e.unit_id: e
        for e in Extension.objects.filter(deadline=deadline, revoked_at__isnull=True, unit__in=existing)
    }
    rows = []
    for unit in units:
        registration = registrations.get(unit.pk)
        counted = registration
        if sent_only and registration and registration.state not in SENT_REGISTRATION_STATES:
            counted = None
        counts = line_counts.get(counted.pk, {}) if counted else {}
        counts = {key: counts.get(key, 0) for key in COUNT_KEYS}
        rows.append(
            RegistrationRow(
                unit=unit,
                staff_count=staff_counts.get(unit.pk, 0),
                registration=registration,
                extension=extensions.get(unit.pk),
                deadline=status_with(deadline, extensions.get(unit.pk)),
                counts=counts,
                warnings=quota_warnings(
                    limits=limits,
                    ldtt=counts["ldtt"],
                    cstdcs=counts["cstdcs"],
                    cstdcs_leaders=counts["cstdcs_leaders"],
                    department_wide=False,
                ),
            )
        )
    totals = {key: sum(row.counts[key] for row in rows) for key in COUNT_KEYS}
    totals["staff"] = sum(row.staff_count for row in rows)
    totals["units"] = len(rows)
    counted_rows = [
        row
        for row in rows
        if not sent_only or (row.registration and row.registration.state in SENT_REGISTRATION_STATES)
    ]
    totals["ttldtt_units"] = _units_registered(counted_rows, {TitleCode.TTLDTT, TitleCode.TTLDXS})
    totals["ttldxs_units"] = _units_registered(counted_rows, {TitleCode.TTLDXS})
    states = Counter(row.registration.state if row.registration else "not_started" for row in rows)
    totals["states"] = {state: states[state] for state in ["not_started", *RegistrationState.values]}
    totals["warnings"] = quota_warnings(
        limits=limits,
        ldtt=totals["ldtt"],
        cstdcs=totals["cstdcs"],
        cstdcs_leaders=totals["cstdcs_leaders"],
        department_wide=True,
    )
    return rows, totals


def _units_registered(rows: list[RegistrationRow], codes: set) -> int:
    """Units whose sheet registers one of `codes` as the collective title (TTLĐXS counts for TTLĐTT)."""
    return sum(
        1
        for row in rows
        if row.registration
        and row.registration.collective_title
        and row.registration.collective_title.code in codes
    )


def extensions_of(campaign: Campaign) -> QuerySet[Extension]:
    return Extension.objects.filter(deadline__campaign=campaign).select_related(
        "deadline", "deadline__phase", "unit", "granted_by", "revoked_by"
    )


COMPARE = {
    Comparison.AT_LEAST: operator.ge,
    Comparison.AT_MOST: operator.le,
    Comparison.MORE_THAN: operator.gt,
    Comparison.LESS_THAN: operator.lt,
}


@dataclass
class TargetFigure:
    target: Target
    figure: Decimal | None  # percent or count, as the target's measure; None when not measurable yet
    met: bool | None


def _percent(part: int, whole: int) -> Decimal | None:
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1")) if whole else None


def target_figures(campaign: Campaign, totals: dict) -> list[TargetFigure]:
    """Each target of the plan beside a figure computed from `totals` — registered (what the sheets
    promise) or achieved (the reward history): units, ttldtt_units, ttldxs_units, staff, ldtt, cstdcs,
    cstdcs_leaders, cstd_tinh, where each title counts the ones above it (a TTLĐXS is a TTLĐTT)."""
    result = []
    for target in campaign_targets(campaign):
        codes = {title.code for title in target.titles.all()}
        if target.measure == TargetMeasure.UNIT_SHARE:
            units = totals["ttldtt_units"] if TitleCode.TTLDTT in codes else totals["ttldxs_units"]
            figure = _percent(units, totals["units"])
        elif target.measure == TargetMeasure.STAFF_SHARE and TitleCode.LDTT in codes:
            figure = _percent(totals["ldtt"], totals["staff"])
        elif target.measure == TargetMeasure.STAFF_SHARE and TitleCode.CSTDCS in codes:
            # The cap is a share of those reaching LĐTT (NĐ 91/2017 Art 9 k3).
            figure = _percent(totals["cstdcs"], totals["ldtt"])
        elif target.measure == TargetMeasure.STAFF_COUNT and TitleCode.CSTD_TINH in codes:
            figure = Decimal(totals["cstd_tinh"])
        elif target.measure == TargetMeasure.LEADER_SHARE:
            figure = _percent(totals["cstdcs_leaders"], totals["cstdcs"])
        elif target.measure == TargetMeasure.NON_LEADER_SHARE:
            figure = _percent(totals["cstdcs"] - totals["cstdcs_leaders"], totals["cstdcs"])
        else:
            figure = None
        met = None if figure is None else COMPARE[target.comparison](figure, target.value)
        result.append(TargetFigure(target, figure, met))
    return result


def registration_report_warning(
    campaign: Campaign, now: dt.datetime | None = None
) -> tuple[Deadline, int] | None:
    """The report-to-Sở-Nội-vụ deadline and the days left, while it is near (or past) and nothing is sent."""
    if campaign.registrations_sent_on:
        return None
    deadline = campaign.deadlines.filter(kind=DeadlineKind.REPORT_HOME_AFFAIRS).first()
    if deadline is None:
        return None
    left = status_of(deadline, at=now).days_left(now)
    return (deadline, left) if left <= settings.REPORT_WARNING_DAYS else None


# --- Reference data and blocs --------------------------------------------------------------------------


def bloc_ranks(campaign: Campaign, unit_ids) -> dict[int, tuple[str, int | None, int]]:
    """{unit id: (bloc name, rank or None before the review, number of units in the bloc)} for the units of
    `unit_ids` that are in a bloc of `campaign`, in one query (Cờ thi đua: DOMAIN rule 15)."""
    members = (
        BlocMember.objects.filter(campaign=campaign, unit_id__in=unit_ids)
        .annotate(member_count=Count("bloc__members"))
        .values_list("unit_id", "bloc__name", "rank", "member_count")
    )
    return {unit_id: (name, rank, count) for unit_id, name, rank, count in members}


def blocs_of(campaign: Campaign) -> QuerySet[EmulationBloc]:
    return campaign.blocs.prefetch_related(
        Prefetch("members", queryset=BlocMember.objects.select_related("unit"))
    )


def criteria_for(title: Title, subject: str, on_date: dt.date) -> RewardCriteria | None:
    """The criteria of `title` for `subject` in force on `on_date`: the latest set dated on or before it."""
    return (
        RewardCriteria.objects.filter(title=title, subject=subject, valid_from__lte=on_date)
        .select_related("title", "prior_reward_title")
        .order_by("-valid_from")
        .first()
    )


def criteria_list() -> QuerySet[RewardCriteria]:
    return RewardCriteria.objects.select_related("title", "prior_reward_title")


def bonus_reference() -> tuple[QuerySet[BaseSalary], QuerySet[BonusRate]]:
    return BaseSalary.objects.all(), BonusRate.objects.select_related("title")


# --- The texts of the papers (issue 10) -----------------------------------------------------------------


@dataclass
class PaperText:
    key: str  # the title's code, "" for a text of the whole paper
    label: str  # the title's name, "" for a text of the whole paper
    text: str
    valid_from: dt.date | None  # None: the default written from the law


@dataclass
class PaperTextKind:
    kind: str
    label: str
    per_title: bool
    placeholders: dict
    texts: list[PaperText]


def paper_text_kind(kind: str):
    """The TemplateKind of `kind`, or a 404."""
    from django.http import Http404

    from core.papers.templates import TEMPLATE_KINDS

    if kind not in TEMPLATE_KINDS:
        raise Http404
    return TEMPLATE_KINDS[kind]


def paper_texts_in_force(kind: str, on_date: dt.date | None = None) -> list[PaperText]:
    """The text of `kind` in force on `on_date` (today), per title when the kind has one per title."""
    from emulation.models import PaperTemplate

    on_date = on_date or timezone.localdate()
    text_kind = paper_text_kind(kind)
    stored: dict[str, PaperTemplate] = {}
    # Latest first: the first version seen of each key is the one in force.
    for template in PaperTemplate.objects.filter(kind=kind, valid_from__lte=on_date).order_by("-valid_from"):
        stored.setdefault(template.key, template)
    keys = list(Title.objects.values_list("code", "name")) if text_kind.per_title else [("", "")]
    return [
        PaperText(key, label, stored[key].text, stored[key].valid_from)
        if key in stored
        else PaperText(key, label, text_kind.default, None)
        for key, label in keys
    ]


def paper_texts_today() -> list[PaperTextKind]:
    from core.papers.templates import TEMPLATE_KINDS

    return [
        PaperTextKind(kind, str(k.label), k.per_title, k.placeholders, paper_texts_in_force(kind))
        for kind, k in sorted(TEMPLATE_KINDS.items())
    ]


def paper_template_versions(kind: str):
    from emulation.models import PaperTemplate

    return PaperTemplate.objects.filter(kind=kind).order_by("key", "-valid_from")


def department_award_titles(campaign: Campaign) -> list[Title]:
    """The titles the Department itself registers for as a collective (its own Cờ thi đua): the plan's
    targets measured as "the Department receives one of the titles" (TargetMeasure.DEPARTMENT_AWARD). The
    Department is not one of its units, so its registration is the plan's, not a unit's sheet."""
    return list(
        Title.objects.filter(targets__campaign=campaign, targets__measure=TargetMeasure.DEPARTMENT_AWARD)
        .distinct()
        .order_by("display_order", "code")
    )
