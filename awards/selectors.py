import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from awards.enums import (
    EVIDENCE_LEVEL_OF_AUTHORITY,
    DirectorDecision,
    DocumentKind,
    DossierKind,
    EvidenceLevel,
    RewardKind,
    Verdict,
)
from awards.models import (
    CouncilSession,
    Decision,
    DisciplinePeriod,
    Dossier,
    Nominee,
    RewardRecord,
    StaffHold,
)
from departments.enums import TaskGrade
from departments.models import Staff, Unit, fold_text
from departments.rules import sees_all_units
from departments.selectors import staff_visible_to, unit_predecessors, units_existing_in, units_visible_to
from emulation.enums import CSTDCS_OR_HIGHER, LDTT_OR_HIGHER, Regime, TitleCategory, TitleCode
from emulation.models import Campaign, Registration, RegistrationLine, Title
from emulation.quotas import QuotaWarning, quota_limits, quota_warnings, title_counts


def staff_rewards(staff: Staff) -> QuerySet[RewardRecord]:
    return staff.rewards.select_related("title").order_by("-year", "title__display_order")


def unit_rewards(unit: Unit) -> QuerySet[RewardRecord]:
    """The unit's records and those of the units that live on in it (merged or split into it): a record
    whose unit is not `unit` belongs to a predecessor."""
    owners = [unit.pk, *unit_predecessors(unit)]
    return (
        RewardRecord.objects.filter(unit_id__in=owners)
        .select_related("title", "unit")
        .order_by("-year", "title__display_order")
    )


def reward_search(user, query: str) -> tuple[QuerySet[Staff], list[Unit]]:
    """People (to be paged) and units whose name matches every word of `query`, diacritics and case
    ignored."""
    words = fold_text(query).split()
    if not words:
        return Staff.objects.none(), []
    staff = staff_visible_to(user)
    for word in words:
        staff = staff.filter(search_text__contains=word)
    # Units keep no folded name: a province's thousand names are folded here, in a few milliseconds.
    candidates = units_visible_to(user).only("pk", "code", "name").order_by("display_order", "name")
    units = [unit for unit in candidates if all(word in fold_text(unit.name) for word in words)]
    return staff.order_by("sort_key", "pk"), units


def achieved_totals(campaign, units: QuerySet[Unit]) -> tuple[list[dict], dict]:
    """Per unit and overall, what the reward history records for the campaign's year, in the shape
    emulation.selectors.target_figures reads (each title counts the ones above it). A fixed number of
    queries whatever the number of units (none per unit)."""
    year = campaign.year
    units = list(units.filter(pk__in=units_existing_in(year).values("pk")).order_by("display_order", "name"))
    people = _achieved_people(year, [unit.pk for unit in units])
    unit_titles: dict[int, set] = {}
    for unit_id, code in RewardRecord.objects.filter(
        year=year, unit__in=[unit.pk for unit in units]
    ).values_list("unit_id", "title__code"):
        unit_titles.setdefault(unit_id, set()).add(code)
    rows = []
    for unit in units:
        titles = unit_titles.get(unit.pk, set())
        counts = dict(people.get(unit.pk, PEOPLE_EMPTY))
        counts.update(
            units=1,
            ttldtt_units=int(bool(titles & {TitleCode.TTLDTT, TitleCode.TTLDXS})),
            ttldxs_units=int(TitleCode.TTLDXS in titles),
        )
        rows.append({"unit": unit, "titles": titles, "counts": counts})
    totals = {key: sum(row["counts"][key] for row in rows) for key in (rows[0]["counts"] if rows else EMPTY)}
    return rows, totals or dict(EMPTY)


EMPTY = {
    "units": 0,
    "ttldtt_units": 0,
    "ttldxs_units": 0,
    "staff": 0,
    "ldtt": 0,
    "cstdcs": 0,
    "cstdcs_leaders": 0,
    "cstd_tinh": 0,
}
PEOPLE_EMPTY = {"staff": 0, "ldtt": 0, "cstdcs": 0, "cstdcs_leaders": 0, "cstd_tinh": 0}


def _achieved_people(year: int, unit_ids: list[int]) -> dict[int, dict]:
    """{unit id: counts} of the people employed in `year`: the head count as an SQL aggregate, the titles
    from the year's reward records in one pass, counted the one way (emulation.quotas.title_counts)."""
    employed = Staff.objects.filter(unit__in=unit_ids, recruited_on__year__lte=year).exclude(
        left_on__year__lt=year
    )
    heads = employed.order_by().values("unit_id").annotate(n=Count("pk")).values_list("unit_id", "n")
    people: dict[int, tuple[int, bool, set]] = {}
    records = RewardRecord.objects.filter(year=year, staff__in=employed).order_by()
    for staff_id, unit_id, is_leader, code in records.values_list(
        "staff_id", "staff__unit_id", "staff__is_leader", "title__code"
    ):
        people.setdefault(staff_id, (unit_id, is_leader, set()))[2].add(code)
    by_unit: dict[int, list] = {}
    for unit_id, is_leader, codes in people.values():
        by_unit.setdefault(unit_id, []).append((codes, is_leader))
    return {unit_id: {"staff": n, **title_counts(by_unit.get(unit_id, []))} for unit_id, n in heads}


def approved_quota_warnings(campaign) -> list[QuotaWarning]:
    """What the Director's approvals of the campaign add up to against the CSTĐCS cap (per unit and
    Department-wide) and the leaders' split (Department-wide): the check of the decision being issued,
    and the live warning while approving. Counted the one way (emulation.quotas.title_counts)."""
    limits = quota_limits(campaign)
    people: dict[int, list] = {}
    approved = Nominee.objects.filter(
        dossier__campaign=campaign, director_decision=DirectorDecision.APPROVED, staff__isnull=False
    ).values_list("staff_id", "dossier__unit__name", "staff__is_leader", "title__code")
    for staff_id, unit_name, is_leader, code in approved:
        people.setdefault(staff_id, [unit_name, is_leader, set()])[2].add(code)
    # Grouped once: a province approves thousands of people in a thousand units.
    by_unit: dict[str, list] = {}
    for unit_name, is_leader, codes in people.values():
        by_unit.setdefault(unit_name, []).append((codes, is_leader))
    warnings = []
    for unit_name in sorted(by_unit):
        counts = title_counts(by_unit[unit_name])
        warnings += [
            QuotaWarning(f"{unit_name}: {w.message}", w.citation)
            for w in quota_warnings(limits=limits, department_wide=False, **_quota_counts(counts))
        ]
    counts = title_counts((c, leader) for _unit, leader, c in people.values())
    return warnings + quota_warnings(limits=limits, department_wide=True, **_quota_counts(counts))


def _quota_counts(counts: dict) -> dict:
    return {key: counts[key] for key in ("ldtt", "cstdcs", "cstdcs_leaders")}


def dossiers_visible_to(user) -> QuerySet[Dossier]:
    """All for the standing office and the Director; a secretary's unit; a council member's agenda."""
    qs = Dossier.objects.select_related("campaign", "unit", "phase")
    if sees_all_units(user):
        return qs
    scope = Q(unit__in=units_visible_to(user))
    if user.is_authenticated and user.is_council_member:
        scope |= Q(council_session__members=user)
    return qs.filter(scope).distinct()


def sessions_visible_to(user) -> QuerySet[CouncilSession]:
    if sees_all_units(user):
        return CouncilSession.objects.all()
    return CouncilSession.objects.filter(members=user)


def decisions_visible_to(user) -> QuerySet[Decision]:
    return Decision.objects.select_related("campaign") if sees_all_units(user) else Decision.objects.none()


# --- Reads of the nomination workflow ---------------------------------------------------------------


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


def nominee_title_counts(nominees: QuerySet[Nominee]) -> list[dict]:
    """How many of `nominees` each title has, and how many of them passed the council, in one query: the
    summary above a paged list of nominees."""
    return list(
        nominees.order_by()
        .values("title__display_order", "title__name")
        .annotate(count=Count("pk"), passed=Count("pk", filter=Q(council_passed=True)))
        .order_by("title__display_order", "title__name")
    )


def session_nominees(session: CouncilSession):
    return Nominee.objects.filter(dossier__council_session=session).select_related(
        "dossier__unit", "staff", "title"
    )


def report_form_for(dossier: Dossier, nominee: Nominee, *, last_phase_id: int | None = None) -> str:
    """Which achievement report the nominee needs: Mẫu 06 ad-hoc, 07 a phase (not the year), 01/02 else.
    `last_phase_id`, when the caller knows it, saves a query per nominee."""
    if dossier.kind == DossierKind.AD_HOC:
        return DocumentKind.REPORT_AD_HOC
    if last_phase_id is None:
        last_phase_id = dossier.campaign.phases.order_by("-number").values_list("pk", flat=True).first()
    if dossier.phase_id and last_phase_id and dossier.phase_id != last_phase_id:
        return DocumentKind.REPORT_PHASE
    return DocumentKind.REPORT_COLLECTIVE if nominee.is_collective else DocumentKind.REPORT_INDIVIDUAL


def dossier_missing(dossier: Dossier) -> list[str]:
    """What the dossier still lacks, in Vietnamese, per kind of reward (NĐ 91/2017 Art 50; rules 16-18)."""
    documents = list(dossier.documents.all())
    kinds = {document.kind for document in documents}
    missing = []
    nominees = list(dossier.nominees.select_related("staff", "title", "initiative", "research"))
    if not nominees:
        missing.append(_("Propose at least one person or the unit."))
    for kind in (DocumentKind.SUBMISSION, DocumentKind.MINUTES):
        if kind not in kinds:
            missing.append(DocumentKind(kind).label)
    if dossier.meeting_date is None:
        missing.append(_("The date of the evaluation meeting."))
    if dossier.kind == DossierKind.AD_HOC and not (dossier.outside_plan and dossier.achievement.strip()):
        missing.append(_("The achievement, confirmed as outside the plan and the assigned tasks."))
    last_phase_id = dossier.campaign.phases.order_by("-number").values_list("pk", flat=True).first()
    for nominee in nominees:
        form = report_form_for(dossier, nominee, last_phase_id=last_phase_id)
        own = {document.kind for document in documents if document.nominee_id == nominee.pk}
        if form not in own:
            missing.append(
                _("%(name)s: %(document)s.") % {"name": nominee.name, "document": DocumentKind(form).label}
            )
        if (
            _needs_evidence(dossier.campaign, nominee)
            and nominee.initiative is None
            and nominee.research is None
            and DocumentKind.INITIATIVE_CERTIFICATE not in own
        ):
            missing.append(
                _("%(name)s: the recognised initiative (choose it, or attach its certificate).")
                % {"name": nominee.name}
            )
    return missing


def _needs_evidence(campaign: Campaign, nominee: Nominee) -> bool:
    """CSTĐCS and CSTĐ cấp tỉnh rest on an initiative or research (NĐ 91/2017 Art 50), except a CSTĐCS who
    completed tasks excellently under the 2022 Law (its Art 23: HTXSNV is enough)."""
    if nominee.title.code not in CSTDCS_OR_HIGHER:
        return False
    excellent = nominee.task_grade == TaskGrade.EXCELLENT
    return not (campaign.regime != Regime.R2017 and nominee.title.code == TitleCode.CSTDCS and excellent)


def dossier_blocking_verdicts(dossier: Dossier) -> list[tuple[Nominee, list]]:
    """Nominees whose eligibility for the title proposed fails and who have no override from the standing
    office."""
    from awards.eligibility import dossier_eligibility

    nominees = list(dossier.nominees.select_related("title"))
    judged = dossier_eligibility(dossier, nominees)
    blocking = []
    for nominee in nominees:
        if nominee.override_reason:
            continue
        judgement = judged.get(nominee.pk)
        if judgement and judgement.verdict == Verdict.FAIL:
            blocking.append((nominee, [r for r in judgement.results if r.verdict == Verdict.FAIL]))
    return blocking


# --- Evidence: one initiative (or research result), one reward -------------------------------------------


def evidence_level(title: Title) -> EvidenceLevel:
    return EVIDENCE_LEVEL_OF_AUTHORITY[title.decided_by]


def evidence_blocking_use(*, title: Title, initiative=None, research=None) -> Nominee | None:
    """The earliest nomination that still holds the initiative (or research result) as evidence and bars
    its use for `title`; None when it is free for `title`.

    CV 5007/BNV-TĐKT (05/09/2023) III.5.c, restated by CV 3385/BTĐKT-P.II ([V2], research-2025.md §5): an
    initiative is used once as the standard of a proposal; one used for an emulation title is not used for a
    form of reward and the reverse; never for several forms of reward. The one way up (issue 11; Law 2022
    Art 22: CSTĐ cấp tỉnh needs an initiative whose effect the province recognises, often the same one that
    served CSTĐCS): an emulation title of a strictly higher level than every title it served before. So a
    new use is barred by any use for a form of reward, and for an emulation title by any use of the same or
    a higher level (or by any use at all when the new one is a form of reward)."""
    evidence = Q(initiative=initiative) if initiative is not None else Q(research=research)
    uses = Nominee.objects.filter(evidence, Nominee.HOLDS_EVIDENCE)
    if title.category == TitleCategory.EMULATION_TITLE:
        level = evidence_level(title)
        not_lower = [a for a, lvl in EVIDENCE_LEVEL_OF_AUTHORITY.items() if lvl >= level]
        uses = uses.filter(
            ~Q(title__category=TitleCategory.EMULATION_TITLE) | Q(title__decided_by__in=not_lower)
        )
    return (
        uses.select_related("dossier__campaign", "dossier__unit", "staff", "title")
        .order_by("dossier__campaign__year", "pk")
        .first()
    )


def reward_kind_of(nominee: Nominee) -> RewardKind:
    """Annual for the year's emulation titles; a form of reward takes its dossier's kind: ad-hoc, or a phase
    reward unless it is the campaign's last phase (the year's review). NĐ 152/2025 Art 4 k3 reads it."""
    if nominee.title.category == TitleCategory.EMULATION_TITLE:
        return RewardKind.ANNUAL
    dossier = nominee.dossier
    if dossier.kind == DossierKind.AD_HOC:
        return RewardKind.AD_HOC
    last = dossier.campaign.phases.order_by("-number").values_list("pk", flat=True).first()
    return RewardKind.ANNUAL if dossier.phase_id == last else RewardKind.THEMATIC


# --- Holds and discipline periods (NĐ 152/2025 Art 4 k4) ---------------------------------------------------


def holds_on(day: dt.date, staff_ids) -> dict[int, list[StaffHold]]:
    """The holds in force on `day` (started on or before it, not lifted by then) of each of `staff_ids`,
    in one query. People without a hold are absent from the result."""
    holds = StaffHold.objects.filter(staff_id__in=staff_ids, starts_on__lte=day).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=day)
    )
    found: dict[int, list[StaffHold]] = {}
    for hold in holds.order_by("staff_id", "starts_on", "pk"):
        found.setdefault(hold.staff_id, []).append(hold)
    return found


def discipline_periods(staff_ids) -> dict[int, list[DisciplinePeriod]]:
    """Every discipline period of each of `staff_ids`, oldest first, in one query."""
    found: dict[int, list[DisciplinePeriod]] = {}
    periods = DisciplinePeriod.objects.filter(staff_id__in=staff_ids).order_by("staff_id", "starts_on")
    for period in periods:
        found.setdefault(period.staff_id, []).append(period)
    return found


def holds_visible_to(user) -> QuerySet[StaffHold]:
    return StaffHold.objects.filter(staff__in=staff_visible_to(user)).select_related("staff__unit")


def discipline_visible_to(user) -> QuerySet[DisciplinePeriod]:
    return DisciplinePeriod.objects.filter(staff__in=staff_visible_to(user)).select_related("staff__unit")
