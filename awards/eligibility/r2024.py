"""Rules of the R2024 regime: Luật Thi đua, khen thưởng 2022, NĐ 98/2023/NĐ-CP, TT 01/2024/TT-BNV.

Where the law did not change, the R2017 functions apply with the 2022 Law's citations. Clauses not
verified in DOMAIN.md are the campaign's legal parameters, and their results say so.
"""

from django.utils.translation import gettext_lazy

from awards.eligibility import r2017
from awards.eligibility.base import PersonFacts, RuleResult, UnitFacts
from awards.eligibility.base import gettext as _
from awards.enums import Verdict
from departments.enums import TaskGrade
from emulation.enums import CSTDCS_OR_HIGHER, TitleCode

# Law 2022 Art 74 k6 (Bằng khen) and Art 75 k2 (Giấy khen): each ministry and province details the criteria.
LAW_2022_CRITERIA = gettext_lazy("Emulation Law 2022, Articles 74 and 75: criteria detailed by the province")
CITATIONS = r2017.Citations(
    registration=r2017.CITATIONS.registration,
    ldtt=gettext_lazy("Emulation Law 2022, Article 24"),
    ldtt_months=gettext_lazy("Circular 01/2024/TT-BNV"),
    ldtt_discipline=gettext_lazy("Rule of the Department (not verified under the 2022 Law)"),
    ldtt_training=gettext_lazy("Circular 01/2024/TT-BNV"),
    ldtt_moved=gettext_lazy("Circular 01/2024/TT-BNV"),
    cstdcs=gettext_lazy("Emulation Law 2022, Article 23"),
    cstd_tinh=gettext_lazy("Emulation Law 2022, Article 22"),
    ttldtt=gettext_lazy("Emulation Law 2022, Article 28 (text not verified: same thresholds as before)"),
    ttldxs=gettext_lazy("Emulation Law 2022, Article 27"),
    flag=gettext_lazy("Emulation Law 2022, Article 26"),
    evidence_once=r2017.CITATIONS.evidence_once,
    criteria=LAW_2022_CRITERIA,
)
MIN_MONTHS = 6


def ldtt_rules_with(facts: PersonFacts, citations: r2017.Citations) -> list[RuleResult]:
    rules = r2017.ldtt_common(facts, citations, MIN_MONTHS)
    # Whether discipline bars LĐTT under the 2022 Law is not verified: a setting, flagged for review.
    if facts.params.discipline_bars_ldtt:
        rules.append(r2017.discipline(facts, citations.ldtt_discipline, review=True))
    return rules


def ldtt_rules(facts: PersonFacts) -> list[RuleResult]:
    return ldtt_rules_with(facts, CITATIONS)


def excellent_or_initiative(facts: PersonFacts, citation: str) -> RuleResult:
    """Law 2022 Art 23: LĐTT and one of HTXSNV, a recognised initiative, or accepted research."""
    if facts.task_grade == TaskGrade.EXCELLENT:
        return r2017._result("initiative", True, _("Excellently completed tasks (HTXSNV)."), citation)
    result = r2017.base_initiative(facts, citation)
    if result.verdict == Verdict.PASS:
        return result
    return r2017._result(
        "initiative",
        False,
        _("Neither HTXSNV nor an initiative recognised (or research accepted) in %(year)s.")
        % {"year": facts.year},
        citation,
    )


def cstdcs_rules_with(facts: PersonFacts, citations: r2017.Citations, ldtt) -> list[RuleResult]:
    return [
        r2017.registered(facts, CSTDCS_OR_HIGHER, citations.registration),
        r2017.ldtt_met(facts, ldtt, citations.cstdcs),
        excellent_or_initiative(facts, citations.cstdcs),
    ]


def cstdcs_rules(facts: PersonFacts) -> list[RuleResult]:
    return cstdcs_rules_with(facts, CITATIONS, ldtt_rules)


def cstd_tinh_rules_with(facts: PersonFacts, citations: r2017.Citations, cstdcs) -> list[RuleResult]:
    return [
        r2017.registered(facts, (TitleCode.CSTD_TINH,), citations.registration),
        r2017.three_years(facts, cstdcs, citations.cstd_tinh),
        r2017.provincial_initiative(facts, facts.params.provincial_initiative_years, citations.cstd_tinh),
    ]


def cstd_tinh_rules(facts: PersonFacts) -> list[RuleResult]:
    return cstd_tinh_rules_with(facts, CITATIONS, cstdcs_rules)


def ttldtt_rules_with(unit: UnitFacts, citations: r2017.Citations, ldtt) -> list[RuleResult]:
    return [
        r2017.unit_registered(unit, (TitleCode.TTLDTT, TitleCode.TTLDXS), citations.registration),
        r2017.unit_grade(unit, TaskGrade.GOOD, citations.ttldtt),
        r2017.ldtt_share(unit, ldtt, minimum=50, strictly=True, citation=citations.ttldtt),
        r2017.no_warning(unit, citations.ttldtt),
    ]


def ttldtt_rules(unit: UnitFacts) -> list[RuleResult]:
    return ttldtt_rules_with(unit, CITATIONS, ldtt_rules)


def ttldxs_rules_with(unit: UnitFacts, citations: r2017.Citations, ldtt, cstdcs) -> list[RuleResult]:
    # The 2022 Law's Art 27 as quoted has no "no warning" clause (DOMAIN.md §3).
    return [
        r2017.unit_registered(unit, (TitleCode.TTLDXS,), citations.registration),
        r2017.unit_grade(unit, TaskGrade.EXCELLENT, citations.ttldxs),
        r2017.all_completed(unit, citations.ttldxs),
        r2017.ldtt_share(unit, ldtt, minimum=70, strictly=False, citation=citations.ttldxs),
        r2017.has_cstdcs(unit, cstdcs, citations.ttldxs),
    ]


def ttldxs_rules(unit: UnitFacts) -> list[RuleResult]:
    return ttldxs_rules_with(unit, CITATIONS, ldtt_rules, cstdcs_rules)


def flag_rules(unit: UnitFacts, title: str) -> list[RuleResult]:
    return r2017.flag_rules(unit, title, CITATIONS)
