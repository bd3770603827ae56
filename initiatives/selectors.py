from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from departments.models import Staff, User, fold_text
from departments.rules import sees_all_units
from departments.selectors import units_visible_to
from emulation.legal import campaign_rules
from initiatives.models import EvaluationRound, Initiative, ResearchAuthor, ResearchResult, Score


def initiatives_visible_to(user) -> QuerySet[Initiative]:
    """All for the standing office and the Director; a secretary's own unit; a council member's rounds."""
    qs = Initiative.objects.select_related("campaign", "unit", "evaluation_round")
    if sees_all_units(user):
        return qs
    scope = Q(unit__in=units_visible_to(user))
    if user.is_authenticated and user.is_initiative_council:
        scope |= Q(evaluation_round__members=user)
    return qs.filter(scope).distinct()


def person_key(name: str) -> str:
    """A name as compared between a council member and an outside author: case, diacritics and spacing
    ignored, so that "Tran  van Ngoai" is still "Trần Văn Ngoài" (a wrongly excluded member is safer
    than an author scoring his own initiative)."""
    return " ".join(fold_text(name).split())


def _staff_of(member) -> Staff | None:
    return getattr(member, "staff", None)  # the reverse one-to-one raises an AttributeError when absent


def council_members() -> QuerySet[User]:
    """Active logins of either council, with the staff record each may stand for."""
    return (
        User.objects.filter(Q(is_initiative_council=True) | Q(is_council_member=True), is_active=True)
        .select_related("staff__unit")
        .order_by("username")
    )


def unlinked_members(members) -> list[User]:
    """Members not yet known as a person: neither a staff record nor a named person from outside."""
    return [member for member in members if _staff_of(member) is None and not member.outside_name.strip()]


def excluded_member_ids(initiative: Initiative, members) -> set[int]:
    """Members who may not score `initiative`, by the person each login stands for: its authors
    (TT 18/2013 Art 8) — a staff author by staff record, an outside author by name against the member's
    outside person — and the head of the authors' unit where the campaign's legal parameters say so."""
    authors = list(initiative.authors.all())
    author_staff = {author.staff_id for author in authors if author.staff_id}
    outside_authors = {person_key(author.full_name) for author in authors if not author.staff_id}
    exclude_heads = campaign_rules(initiative.campaign).initiative_exclude_unit_heads
    excluded = set()
    for member in members:
        staff = _staff_of(member)
        if staff is None:
            if member.outside_name.strip() and person_key(member.outside_name) in outside_authors:
                excluded.add(member.pk)
        elif staff.pk in author_staff or (
            exclude_heads and staff.is_leader and staff.unit_id == initiative.unit_id
        ):
            excluded.add(member.pk)
    return excluded


def counted_scores(initiative: Initiative, evaluation_round: EvaluationRound, members) -> list[Score]:
    """The scores of `evaluation_round` on `initiative` that count: none by an excluded member."""
    excluded = excluded_member_ids(initiative, members)
    return [
        score
        for score in initiative.scores.all()
        if score.evaluation_round_id == evaluation_round.pk and score.member_id not in excluded
    ]


def sees_each_score(user, evaluation_round: EvaluationRound, *, has_scored: bool) -> bool:
    """Who gave what is for those who see the round (the office, the Director, its members): a member
    once he has scored, everyone of them once the round is closed. The authors' unit sees the result and
    the anonymous distribution only (score_distribution)."""
    if not rounds_visible_to(user).filter(pk=evaluation_round.pk).exists():
        return False
    return has_scored or not evaluation_round.is_open or user.has_perm("initiatives.manage_rounds")


def rounds_visible_to(user) -> QuerySet[EvaluationRound]:
    qs = EvaluationRound.objects.select_related("campaign")
    if user.has_perm("initiatives.manage_rounds") or sees_all_units(user):
        return qs
    return qs.filter(members=user)


@dataclass
class ProgressRow:
    initiative: Initiative
    entitled: int
    scored: int
    yes: int | None  # shown only once the round is closed
    passed: bool | None
    average: Decimal | None  # weighted average score out of 10, once the round is closed
    mine: bool  # the viewing member has scored it


# Bands of a member's weighted score out of 10, highest first: (lowest score in the band, label).
SCORE_BANDS = (
    (Decimal(9), _("from 9 to 10 points")),
    (Decimal(7), _("from 7 to under 9 points")),
    (Decimal(5), _("from 5 to under 7 points")),
    (Decimal(0), _("under 5 points")),
)


@dataclass
class ScoreDistribution:
    """A closed round's scores on one initiative without the members: counts per band and per vote."""

    bands: list[tuple[str, int]]
    recognise: int
    not_recognise: int
    average: Decimal | None


def score_distribution(initiative: Initiative, evaluation_round: EvaluationRound) -> ScoreDistribution:
    members = list(evaluation_round.members.select_related("staff"))
    scores = counted_scores(initiative, evaluation_round, members)
    weighted = [evaluation_round.weighted(score) for score in scores]
    counts = [0] * len(SCORE_BANDS)
    for value in weighted:
        counts[next(i for i, (lowest, _label) in enumerate(SCORE_BANDS) if value >= lowest)] += 1
    yes = sum(1 for score in scores if score.recognise)
    return ScoreDistribution(
        bands=[(label, count) for (_lowest, label), count in zip(SCORE_BANDS, counts, strict=True)],
        recognise=yes,
        not_recognise=len(scores) - yes,
        average=(sum(weighted) / len(weighted)).quantize(Decimal("0.01")) if weighted else None,
    )


def round_initiatives(evaluation_round: EvaluationRound) -> QuerySet[Initiative]:
    """The initiatives of `evaluation_round`, with what round_progress reads of each."""
    return (
        evaluation_round.initiatives.select_related("unit", "campaign__rules")
        .prefetch_related("authors", "scores")
        .order_by(*Initiative._meta.ordering, "pk")
    )


def round_progress(evaluation_round: EvaluationRound, user, initiatives=None) -> list[ProgressRow]:
    """Per initiative of `initiatives` (a page of round_initiatives; None: all of them): how many entitled
    members have scored; the votes only once the round is closed."""
    members = list(evaluation_round.members.select_related("staff"))
    rows = []
    for initiative in round_initiatives(evaluation_round) if initiatives is None else initiatives:
        entitled = len(members) - len(excluded_member_ids(initiative, members))
        scores = counted_scores(initiative, evaluation_round, members)
        closed = not evaluation_round.is_open
        yes = sum(1 for s in scores if s.recognise) if closed else None
        passed = evaluation_round.passes(yes, entitled) if closed else None
        weighted = [evaluation_round.weighted(score) for score in scores]
        average = (sum(weighted) / len(weighted)).quantize(Decimal("0.01")) if closed and weighted else None
        rows.append(
            ProgressRow(
                initiative,
                entitled,
                len(scores),
                yes,
                passed,
                average,
                any(s.member_id == user.pk for s in scores),
            )
        )
    return rows


def council_result(initiative: Initiative, evaluation_round: EvaluationRound) -> tuple[int, int, bool]:
    """(votes to recognise, members entitled to vote, passed). Excluded members do not count."""
    members = list(evaluation_round.members.select_related("staff"))
    entitled = len(members) - len(excluded_member_ids(initiative, members))
    yes = sum(1 for score in counted_scores(initiative, evaluation_round, members) if score.recognise)
    return yes, entitled, evaluation_round.passes(yes, entitled)


def research_visible_to(user) -> QuerySet[ResearchResult]:
    """All for the standing office, the Director and the administrator; for a secretary, her unit's and those
    her unit's staff authored."""
    units = units_visible_to(user)
    if sees_all_units(user):
        return ResearchResult.objects.select_related("campaign", "unit")
    return (
        ResearchResult.objects.filter(Q(unit__in=units) | Q(authors__staff__unit__in=units))
        .distinct()
        .select_related("campaign", "unit")
    )


def staff_research(staff: Staff) -> QuerySet[ResearchResult]:
    """The research results `staff` is an author of, newest first."""
    return (
        ResearchResult.objects.filter(authors__staff=staff)
        .select_related("campaign", "unit")
        .order_by("-accepted_on", "pk")
    )


def applied_research_of(staff_ids) -> dict[int, list[ResearchResult]]:
    """The accepted and applied research results each of `staff_ids` is an author of, oldest acceptance
    first, in one query (for the eligibility rules: the research route of CSTĐCS and CSTĐ cấp tỉnh).
    People without one are absent."""
    found: dict[int, list[ResearchResult]] = {}
    authorships = (
        ResearchAuthor.objects.filter(staff_id__in=staff_ids, research__applied=True)
        .select_related("research__campaign")
        .order_by("staff_id", "research__accepted_on", "research_id")
    )
    for authorship in authorships:
        found.setdefault(authorship.staff_id, []).append(authorship.research)
    return found


def evidence_uses(evidence: Initiative | ResearchResult) -> list:
    """The nominations that used an initiative or research result as their evidence, oldest first, each
    with `holds_evidence` (awards.models.Nominee): those that still do bar another reward of the same or a
    lower level."""
    return list(
        evidence.evidence_uses.select_related(
            "dossier__campaign", "dossier__unit", "staff", "title"
        ).order_by("dossier__campaign__year", "pk")
    )
