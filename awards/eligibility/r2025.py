"""Rules of the R2025 regime: Luật Thi đua, khen thưởng 2022, Nghị định 152/2025/NĐ-CP (in force from
01/07/2025, replacing NĐ 98/2023: its Art 59) and Thông tư 15/2025/TT-BNV.

The criteria of the titles are the 2022 Law's (r2024's functions with this regime's citations). What NĐ 152
adds is judged here: no one is proposed while a discipline review, an inspection or a complaint is pending,
and what was achieved during a discipline period does not count (Art 4 k4); ad-hoc and thematic rewards are
no basis of higher ones (Art 4 k3, applied where the facts are gathered); a body dissolved in the 2025
reorganisation is proposed for nothing (TT 15/2025). Texts we could not read are marked so in the citation.
"""

from django.utils.translation import gettext_lazy

from awards.eligibility import r2017, r2024
from awards.eligibility.base import PersonFacts, RuleResult, UnitFacts
from awards.eligibility.base import gettext as _

CITATIONS = r2017.Citations(
    registration=r2017.CITATIONS.registration,
    ldtt=gettext_lazy("Emulation Law 2022, Article 24, clause 1"),
    ldtt_months=gettext_lazy(
        "Circular 15/2025/TT-BNV (months after recruitment as in Circular 01/2024: text not verified); "
        "maternity leave counts: Decree 152/2025/NĐ-CP, Article 4, clause 5"
    ),
    ldtt_discipline=gettext_lazy("Decree 152/2025/NĐ-CP, Article 4, clause 4"),
    ldtt_training=gettext_lazy("Circular 15/2025/TT-BNV (text not verified)"),
    ldtt_moved=gettext_lazy("Circular 15/2025/TT-BNV (text not verified)"),
    cstdcs=gettext_lazy("Emulation Law 2022, Article 23"),
    cstd_tinh=gettext_lazy("Emulation Law 2022, Article 22, clause 1"),
    ttldtt=gettext_lazy("Emulation Law 2022, Article 28 (text not verified: same thresholds as before)"),
    ttldxs=gettext_lazy("Emulation Law 2022, Article 27"),
    flag=gettext_lazy("Emulation Law 2022, Article 26"),
    evidence_once=r2017.CITATIONS.evidence_once,
    criteria=r2024.LAW_2022_CRITERIA,
    holds=gettext_lazy("Decree 152/2025/NĐ-CP, Article 4, clause 4"),
    discipline_period=gettext_lazy("Decree 152/2025/NĐ-CP, Article 4, clause 4"),
    dissolved=gettext_lazy(
        "Circular 15/2025/TT-BNV: no reward for a body dissolved in the reorganisation (article not verified)"
    ),
)


def not_held(facts: PersonFacts) -> RuleResult:
    if not facts.holds:
        return r2017._result(
            "held", True, _("No discipline review, inspection or complaint pending."), CITATIONS.holds
        )
    reasons = "; ".join(
        f"{hold.kind} ({hold.starts_on.strftime('%d/%m/%Y')}: {hold.reason})" for hold in facts.holds
    )
    return r2017._result(
        "held", False, _("Consideration held: %(reasons)s.") % {"reasons": reasons}, CITATIONS.holds
    )


def ldtt_rules(facts: PersonFacts) -> list[RuleResult]:
    rules = r2017.ldtt_common(facts, CITATIONS, r2024.MIN_MONTHS)
    # NĐ 152 Art 4 k4: the time under discipline does not count, so a year disciplined is no LĐTT year.
    if facts.params.discipline_bars_ldtt:
        rules.append(r2017.discipline(facts, CITATIONS.ldtt_discipline))
    return [not_held(facts), *rules]


def cstdcs_rules(facts: PersonFacts) -> list[RuleResult]:
    return [not_held(facts), *r2024.cstdcs_rules_with(facts, CITATIONS, ldtt_rules)]


def cstd_tinh_rules(facts: PersonFacts) -> list[RuleResult]:
    return [not_held(facts), *r2024.cstd_tinh_rules_with(facts, CITATIONS, cstdcs_rules)]


def not_dissolved(unit: UnitFacts) -> list[RuleResult]:
    if unit.dissolved_on is None:
        return []
    message = _(
        "The unit ceased to exist on %(date)s (dissolved or merged in a reorganisation): no reward is "
        "proposed for it."
    ) % {"date": unit.dissolved_on.strftime("%d/%m/%Y")}
    return [r2017._result("dissolved", False, message, CITATIONS.dissolved)]


def ttldtt_rules(unit: UnitFacts) -> list[RuleResult]:
    return [*not_dissolved(unit), *r2024.ttldtt_rules_with(unit, CITATIONS, ldtt_rules)]


def ttldxs_rules(unit: UnitFacts) -> list[RuleResult]:
    return [*not_dissolved(unit), *r2024.ttldxs_rules_with(unit, CITATIONS, ldtt_rules, cstdcs_rules)]


def flag_rules(unit: UnitFacts, title: str) -> list[RuleResult]:
    return [*not_dissolved(unit), *r2017.flag_rules(unit, title, CITATIONS)]
