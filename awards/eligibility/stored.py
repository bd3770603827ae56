"""Stored verdicts: each registered candidate's verdict, computed once and kept per (campaign, unit), with a
version that every change of an input bumps (awards.eligibility.stale). A reader refreshes the sets it
reads that are not current, then reads rows; the page, the filters across the province and the Director's
approval never show or rely on a stale verdict.

Why per unit: a unit's candidates are judged from its members' facts together (a collective's share of
LĐTT), the facts are gathered per unit in one pass, and most changes touch one unit — so one change costs
one unit's recomputation on the next read, not the province's.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.utils import timezone, translation

from awards.eligibility import Judgement, campaign_eligibility
from awards.eligibility.facts import judged_on
from awards.enums import Verdict
from awards.models import EligibilitySet, EligibilityVerdict
from departments.selectors import units_existing_in

# How many units one transaction recomputes: bounds how long a campaign-wide run holds the sets' locks.
CHUNK = 250


def _stale_unit_ids(campaign, unit_ids: list[int], day: dt.date) -> list[int]:
    current = EligibilitySet.objects.filter(
        campaign=campaign, unit_id__in=unit_ids, computed_version=F("version"), judged_on=day
    ).values_list("unit_id", flat=True)
    fresh = set(current)
    return [pk for pk in unit_ids if pk not in fresh]


def _unmet(judgement: Judgement) -> list[dict]:
    return [
        {"code": r.code, "verdict": r.verdict.value, "message": r.message, "citation": r.citation}
        for r in judgement.results
        if r.verdict != Verdict.PASS
    ]


@transaction.atomic
def _recompute(campaign, unit_ids: list[int], day: dt.date) -> None:
    """Judge the units of `unit_ids` afresh and store their verdicts, under the lock of their sets (two
    readers never store the same set twice; a change waits for the lock, then bumps the version again)."""
    EligibilitySet.objects.bulk_create(
        [EligibilitySet(campaign=campaign, unit_id=pk) for pk in unit_ids], ignore_conflicts=True
    )
    sets = {
        s.unit_id: s
        for s in EligibilitySet.objects.select_for_update()
        .filter(campaign=campaign, unit_id__in=unit_ids)
        .order_by("pk")
    }
    # Another reader may have refreshed some while this one waited for the locks.
    todo = [pk for pk, s in sets.items() if s.computed_version != s.version or s.judged_on != day]
    if not todo:
        return
    # Stored in the product's language (Vietnamese), whatever the reader's.
    with translation.override(settings.LANGUAGE_CODE):
        judgements = campaign_eligibility(campaign, unit_ids=todo)
        positions: dict[int, int] = {}
        rows = []
        for judgement in judgements:
            position = positions[judgement.unit_id] = positions.get(judgement.unit_id, 0) + 1
            rows.append(
                EligibilityVerdict(
                    eligibility_set=sets[judgement.unit_id],
                    campaign=campaign,
                    unit_id=judgement.unit_id,
                    staff_id=judgement.staff_id,
                    position=position,
                    name=judgement.name,
                    title=judgement.title,
                    registered_title=judgement.registered_title or "",
                    verdict=judgement.verdict.value,
                    unmet=_unmet(judgement),
                )
            )
    EligibilityVerdict.objects.filter(eligibility_set__in=[sets[pk] for pk in todo]).delete()
    EligibilityVerdict.objects.bulk_create(rows, batch_size=2000)
    # The sets are locked: no other transaction bumped them meanwhile; a bump of this one (a reader creating
    # the campaign's default rules) changed nothing judged.
    EligibilitySet.objects.filter(pk__in=[sets[pk].pk for pk in todo]).update(
        computed_version=F("version"), judged_on=day, computed_at=timezone.now()
    )


def eligibility_refresh(*, campaign, unit_ids=None) -> int:
    """Recompute the stored verdicts of `campaign` (its units of `unit_ids`, or all) that are not current.
    Returns how many units were recomputed. Inside a caller's transaction it runs in it (the Director's
    approval); outside, each chunk of units commits on its own."""
    units = units_existing_in(campaign.year)
    if unit_ids is not None:
        units = units.filter(pk__in=list(unit_ids))
    ids = list(units.order_by("pk").values_list("pk", flat=True))
    day = judged_on(campaign.year)
    stale = _stale_unit_ids(campaign, ids, day)
    for start in range(0, len(stale), CHUNK):
        _recompute(campaign, stale[start : start + CHUNK], day)
    return len(stale)


def stored_verdicts(*, campaign, unit_ids=None, title: str = "") -> QuerySet[EligibilityVerdict]:
    """The current stored verdicts of `campaign` (its units of `unit_ids`, or all; of one title code), in
    the order of the reports (unit, then the unit's order). Refreshes what is stale first."""
    eligibility_refresh(campaign=campaign, unit_ids=unit_ids)
    rows = EligibilityVerdict.objects.filter(campaign=campaign).select_related("unit")
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=list(unit_ids))
    if title:
        rows = rows.filter(title=title)
    return rows.order_by("unit__display_order", "unit__name", "position")


def verdict_counts(rows: QuerySet[EligibilityVerdict]) -> dict[str, int]:
    """{verdict: how many} of `rows` (before a verdict filter), in one query."""
    found = dict(rows.order_by().values_list("verdict").annotate(n=Count("pk")).values_list("verdict", "n"))
    return {verdict: found.get(verdict, 0) for verdict in Verdict.values}


def nominee_judged(nominee) -> tuple[str, list[dict]] | None:
    """(verdict, rules not met) of a dossier's nominee for the title proposed, current: the stored verdict of
    its unit, refreshed first (in the caller's transaction), when the title proposed is the one judged; a
    fresh judgement of that unit otherwise. None for a title without legal criteria here."""
    from awards.eligibility import dossier_eligibility

    dossier = nominee.dossier
    eligibility_refresh(campaign=dossier.campaign, unit_ids=[dossier.unit_id])
    stored = EligibilityVerdict.objects.filter(
        campaign_id=dossier.campaign_id,
        unit_id=dossier.unit_id,
        staff_id=nominee.staff_id,
        title=nominee.title.code,
    ).first()
    if stored is not None:
        return stored.verdict, stored.unmet
    judgement = dossier_eligibility(dossier, [nominee]).get(nominee.pk)
    if judgement is None:
        return None
    return judgement.verdict.value, _unmet(judgement)
