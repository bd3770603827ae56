"""Rules of the R2024 regime: Luật Thi đua, khen thưởng 2022, NĐ 98/2023/NĐ-CP, TT 01/2024/TT-BNV.

Where the law did not change, the R2017 functions apply with the 2022 Law's citations. Clauses not
verified in DOMAIN.md are the campaign's legal parameters, and their results say so.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.eligibility import r2017
from awards.eligibility.base import PersonFacts, RuleResult, UnitFacts
from awards.enums import Verdict
from departments.enums import TaskGrade
from emulation.enums import CSTDCS_OR_HIGHER, LDTT_OR_HIGHER, TitleCode

CITATIONS = r2017.Citations(
    registration=r2017.CITATIONS.registration,
    ldtt=gettext_lazy("Emulation Law 2022, Article 24"),
    ldtt_months=gettext_lazy("Circular 01/2024/TT-BNV"),
    ldtt_discipline=gettext_lazy("Rule of the Department (not verified under the 2022 Law)"),
    cstdcs=gettext_lazy("Emulation Law 2022, Article 23"),
    cstd_tinh=gettext_lazy("Emulation Law 2022, Article 22"),
    ttldtt=gettext_lazy("Emulation Law 2022, Article 28 (text not verified: same thresholds as before)"),
    ttldxs=gettext_lazy("Emulation Law 2022, Article 27"),
)
MIN_MONTHS = 6


def ldtt_rules(facts: PersonFacts) -> list[RuleResult]:
    # Whether discipline bars LĐTT under the 2022 Law is not verified: a setting, flagged for review.
    rules = [
        r2017.registered(facts, LDTT_OR_HIGHER, CITATIONS.registration),
        r2017.task_grade(facts, CITATIONS.ldtt),
        r2017.months_served(facts, MIN_MONTHS, CITATIONS.ldtt_months),
    ]
    if facts.params.discipline_bars_ldtt:
        rules.append(r2017.discipline(facts, CITATIONS.ldtt_discipline, review=True))
    return rules


def excellent_or_initiative(facts: PersonFacts) -> RuleResult:
    """Law 2022 Art 23: LĐTT and one of HTXSNV, a recognised initiative, or accepted research."""
    if facts.task_grade == TaskGrade.EXCELLENT:
        return r2017._result("initiative", True, _("Excellently completed tasks (HTXSNV)."), CITATIONS.cstdcs)
    result = r2017.base_initiative(facts, CITATIONS.cstdcs)
    if result.verdict == Verdict.PASS:
        return result
    return r2017._result(
        "initiative",
        False,
        _("Neither HTXSNV nor an initiative recognised in %(year)s.") % {"year": facts.year},
        CITATIONS.cstdcs,
    )


def _ldtt_met(facts: PersonFacts) -> RuleResult:
    result = r2017._ldtt_met(facts, ldtt_rules)
    return RuleResult(result.code, result.verdict, result.message, str(CITATIONS.cstdcs))


def cstdcs_rules(facts: PersonFacts) -> list[RuleResult]:
    return [
        r2017.registered(facts, CSTDCS_OR_HIGHER, CITATIONS.registration),
        _ldtt_met(facts),
        excellent_or_initiative(facts),
    ]


def cstd_tinh_rules(facts: PersonFacts, window: int) -> list[RuleResult]:
    return [
        r2017.registered(facts, (TitleCode.CSTD_TINH,), CITATIONS.registration),
        r2017.three_years(facts, cstdcs_rules, CITATIONS.cstd_tinh),
        r2017.provincial_initiative(facts, window, CITATIONS.cstd_tinh),
    ]


def ttldtt_rules(unit: UnitFacts) -> list[RuleResult]:
    return [
        r2017.ldtt_share(unit, ldtt_rules, minimum=50, strictly=True, citation=CITATIONS.ttldtt),
        r2017.no_warning(unit, CITATIONS.ttldtt),
    ]


def ttldxs_rules(unit: UnitFacts) -> list[RuleResult]:
    # The 2022 Law's Art 27 as quoted has no "no warning" clause (DOMAIN.md §3).
    return [
        r2017.all_completed(unit, CITATIONS.ttldxs),
        r2017.ldtt_share(unit, ldtt_rules, minimum=70, strictly=False, citation=CITATIONS.ttldxs),
        r2017.has_cstdcs(unit, cstdcs_rules, CITATIONS.ttldxs),
    ]
