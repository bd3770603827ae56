from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from departments.rules import sees_all_units
from departments.selectors import units_visible_to
from emulation.legal import campaign_rules
from initiatives.models import EvaluationRound, Initiative


def initiatives_visible_to(user) -> QuerySet[Initiative]:
    """All for the standing office and the Director; a secretary's own unit; a council member's rounds."""
    qs = Initiative.objects.select_related("campaign", "unit", "evaluation_round")
    if sees_all_units(user):
        return qs
    scope = Q(unit__in=units_visible_to(user))
    if user.is_authenticated and user.is_initiative_council:
        scope |= Q(evaluation_round__members=user)
    return qs.filter(scope).distinct()


def excluded_member_ids(initiative: Initiative, members) -> set[int]:
    """Members who may not score `initiative`: its authors (TT 18/2013 Art 8), and the head of the
    authors' unit where the campaign's legal parameters say so."""
    author_staff = {author.staff_id for author in initiative.authors.all() if author.staff_id}
    exclude_heads = campaign_rules(initiative.campaign).initiative_exclude_unit_heads
    excluded = set()
    for member in members:
        staff = getattr(member, "staff", None)
        if staff is None:
            continue
        if staff.pk in author_staff or (
            exclude_heads and staff.is_leader and staff.unit_id == initiative.unit_id
        ):
            excluded.add(member.pk)
    return excluded


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


def round_progress(evaluation_round: EvaluationRound, user) -> list[ProgressRow]:
    """Per initiative: how many entitled members have scored; the votes only once the round is closed."""
    members = list(evaluation_round.members.select_related("staff"))
    rows = []
    for initiative in evaluation_round.initiatives.prefetch_related("authors", "scores").select_related(
        "unit"
    ):
        entitled = len(members) - len(excluded_member_ids(initiative, members))
        scores = [s for s in initiative.scores.all() if s.evaluation_round_id == evaluation_round.pk]
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
    yes = sum(
        1
        for score in initiative.scores.all()
        if score.recognise and score.evaluation_round_id == evaluation_round.pk
    )
    return yes, entitled, evaluation_round.passes(yes, entitled)
