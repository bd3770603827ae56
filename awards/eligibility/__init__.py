"""Eligibility: whether a person or a unit meets a title's legal criteria, from our own records.

`person_results` / `unit_results` apply the rules of the campaign's regime (r2017, r2024) to facts;
`campaign_eligibility` gathers the facts of every registered candidate in a few queries and judges them.
"""

from dataclasses import dataclass

from awards.eligibility import r2017, r2024
from awards.eligibility.base import PersonFacts, RuleResult, UnitFacts, overall
from awards.enums import Verdict
from emulation.enums import Regime, TitleCode

MODULES = {Regime.R2017: r2017, Regime.R2024: r2024}
INDIVIDUAL_TITLES = (TitleCode.LDTT, TitleCode.CSTDCS, TitleCode.CSTD_TINH)
COLLECTIVE_TITLES = (TitleCode.TTLDTT, TitleCode.TTLDXS)


def person_results(regime: str, title: str, facts: PersonFacts) -> list[RuleResult]:
    rules = MODULES[regime]
    if title == TitleCode.LDTT:
        return rules.ldtt_rules(facts)
    if title == TitleCode.CSTDCS:
        return rules.cstdcs_rules(facts)
    if title == TitleCode.CSTD_TINH:
        return rules.cstd_tinh_rules(facts, facts.params.provincial_initiative_years)
    return []


def unit_results(regime: str, title: str, facts: UnitFacts) -> list[RuleResult]:
    rules = MODULES[regime]
    if title == TitleCode.TTLDTT:
        return rules.ttldtt_rules(facts)
    if title == TitleCode.TTLDXS:
        return rules.ttldxs_rules(facts)
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

    @property
    def verdict(self) -> Verdict:
        return overall(self.results)

    @property
    def fails(self) -> bool:
        return self.verdict == Verdict.FAIL

    @property
    def title_label(self) -> str:
        return TitleCode(self.title).label


def campaign_eligibility(campaign, *, unit=None) -> list[Judgement]:
    """Every registered candidate of `campaign` (optionally one unit) judged for the title registered."""
    from awards.eligibility.facts import campaign_facts

    people, units = campaign_facts(campaign, unit=unit)
    judgements = []
    for unit_facts in units:
        if unit_facts.registered_title in COLLECTIVE_TITLES:
            judgements.append(
                Judgement(
                    unit_facts.name,
                    unit_facts.name,
                    unit_facts.registered_title,
                    unit_results(campaign.regime, unit_facts.registered_title, unit_facts),
                    unit_id=unit_facts.unit_id,
                )
            )
        for person in unit_facts.members:
            if person.registered_title in INDIVIDUAL_TITLES:
                judgements.append(
                    Judgement(
                        person.name,
                        unit_facts.name,
                        person.registered_title,
                        person_results(campaign.regime, person.registered_title, person),
                        staff_id=person.staff_id,
                        unit_id=unit_facts.unit_id,
                    )
                )
    return judgements
