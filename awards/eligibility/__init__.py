"""Eligibility: whether a person or a unit meets a title's legal criteria, from our own records.

`person_results` / `unit_results` apply the rules of the campaign's regime (r2017, r2024, r2025) to facts;
`campaign_eligibility` gathers the facts of every registered candidate in a few queries and judges them.
"""

from dataclasses import dataclass

from awards.eligibility import r2017, r2024, r2025
from awards.eligibility.base import Criteria, PersonFacts, RuleResult, UnitFacts, judged, judging, overall
from awards.enums import Verdict
from emulation.enums import Regime, TitleCode

MODULES = {Regime.R2017: r2017, Regime.R2024: r2024, Regime.R2025: r2025}
REWARD_FORMS = (TitleCode.GK_GD, TitleCode.BK_UBND, TitleCode.BK_BTP)
FLAGS = (TitleCode.CO_UBND, TitleCode.CO_BTP)
INDIVIDUAL_TITLES = (TitleCode.LDTT, TitleCode.CSTDCS, TitleCode.CSTD_TINH, *REWARD_FORMS)
COLLECTIVE_TITLES = (TitleCode.TTLDTT, TitleCode.TTLDXS, *FLAGS, *REWARD_FORMS)


def _criteria(facts: PersonFacts | UnitFacts, title: str, subject: str) -> Criteria | None:
    return facts.params.criteria.get((title, subject))


def person_results(regime: str, title: str, facts: PersonFacts) -> list[RuleResult]:
    rules = MODULES[regime]
    if title == TitleCode.LDTT:
        return judged(facts, rules.ldtt_rules)
    if title == TitleCode.CSTDCS:
        return judged(facts, rules.cstdcs_rules)
    if title == TitleCode.CSTD_TINH:
        return judged(facts, rules.cstd_tinh_rules)
    if title in REWARD_FORMS:
        criteria = _criteria(facts, title, "individual")
        results = r2017.criteria_rules(facts, title, criteria, rules.CITATIONS.criteria)
        return [r2025.not_held(facts), *results] if regime == Regime.R2025 else results
    return []


def unit_results(regime: str, title: str, facts: UnitFacts) -> list[RuleResult]:
    rules = MODULES[regime]
    if title == TitleCode.TTLDTT:
        return rules.ttldtt_rules(facts)
    if title == TitleCode.TTLDXS:
        return rules.ttldxs_rules(facts)
    if title in FLAGS:
        return rules.flag_rules(facts, title)
    if title in REWARD_FORMS:
        criteria = _criteria(facts, title, "collective")
        results = r2017.criteria_rules(facts, title, criteria, rules.CITATIONS.criteria)
        return [*r2025.not_dissolved(facts), *results] if regime == Regime.R2025 else results
    return []


@dataclass
class Judgement:
    """A candidate (person or unit), the title judged, every rule's result, and the overall verdict."""

    name: str
    unit_name: str
    title: str
    results: list[RuleResult]
    staff_id: int | None = None
    unit_id: int | None = None
    registered_title: str | None = None  # the title registered, when judged for another one proposed

    @property
    def verdict(self) -> Verdict:
        return overall(self.results)

    @property
    def fails(self) -> bool:
        return self.verdict == Verdict.FAIL

    @property
    def title_label(self) -> str:
        return TitleCode(self.title).label

    @property
    def registered_other(self) -> str:
        """The title registered, when it is not the one judged (a CSTĐCS registration proposed for LĐTT)."""
        if self.registered_title in (None, self.title):
            return ""
        return TitleCode(self.registered_title).label


def _unit_judgement(regime: str, title: str, unit: UnitFacts) -> Judgement:
    return Judgement(
        unit.name,
        unit.name,
        title,
        unit_results(regime, title, unit),
        unit_id=unit.unit_id,
        registered_title=unit.registered_title or unit.unsent_title,
    )


def _person_judgement(regime: str, title: str, person: PersonFacts, unit: UnitFacts) -> Judgement:
    return Judgement(
        person.name,
        unit.name,
        title,
        person_results(regime, title, person),
        staff_id=person.staff_id,
        unit_id=unit.unit_id,
        registered_title=person.registered_title or person.unsent_title,
    )


def campaign_eligibility(campaign, *, unit=None, unit_ids=None) -> list[Judgement]:
    """Every registered candidate of `campaign` (optionally one unit, or the units of `unit_ids`) judged for
    the title registered. A title on a sheet not sent (draft or returned) is judged too, and fails on that:
    the office sees it. A fresh computation: pages read the stored verdicts (awards.eligibility.stored)."""
    from awards.eligibility.facts import campaign_facts

    _people, units = campaign_facts(campaign, unit=unit, unit_ids=unit_ids)
    with judging():
        return _judge_registered(campaign.regime, units)


def _judge_registered(regime: str, units: list[UnitFacts]) -> list[Judgement]:
    judgements = []
    for unit_facts in units:
        title = unit_facts.registered_title or unit_facts.unsent_title
        if title in COLLECTIVE_TITLES:
            judgements.append(_unit_judgement(regime, title, unit_facts))
        for person in unit_facts.members:
            title = person.registered_title or person.unsent_title
            if title in INDIVIDUAL_TITLES:
                judgements.append(_person_judgement(regime, title, person, unit_facts))
    return judgements


def dossier_eligibility(dossier, nominees) -> dict[int, Judgement]:
    """{nominee pk: judgement} for the nominees of `dossier`, each judged for the title proposed (which
    may differ from the title registered). Titles without legal criteria here (forms of reward) are absent."""
    from awards.eligibility.facts import campaign_facts

    _people, units = campaign_facts(dossier.campaign, unit=dossier.unit)
    unit_facts = next((u for u in units if u.unit_id == dossier.unit_id), None)
    if unit_facts is None:
        return {}
    members = {person.staff_id: person for person in unit_facts.members}
    regime = dossier.campaign.regime
    judgements = {}
    with judging():
        for nominee in nominees:
            code = nominee.title.code
            if nominee.staff_id is None and code in COLLECTIVE_TITLES:
                judgements[nominee.pk] = _unit_judgement(regime, code, unit_facts)
            elif nominee.staff_id in members and code in INDIVIDUAL_TITLES:
                person = members[nominee.staff_id]
                judgements[nominee.pk] = _person_judgement(regime, code, person, unit_facts)
    return judgements


def campaign_judgements(campaign, *, units_per_chunk: int = 100):
    """campaign_eligibility of the whole campaign, in the same order, a chunk of units at a time: what the
    command streams in bounded memory whatever the province's size."""
    from departments.selectors import units_existing_in

    ids = list(
        units_existing_in(campaign.year).order_by("display_order", "name").values_list("pk", flat=True)
    )
    for start in range(0, len(ids), units_per_chunk):
        yield from campaign_eligibility(campaign, unit_ids=ids[start : start + units_per_chunk])
