"""Rules of the R2017 regime: Luật Thi đua, khen thưởng 2003 (sửa đổi 2013), Nghị định 91/2017/NĐ-CP.

Each rule is a small function over facts returning a RuleResult with a Vietnamese explanation and the
clause it applies. DOMAIN.md §3 and §6 give the sources and how sure we are of each.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.eligibility.base import PersonFacts, RuleResult, UnitFacts, overall, share
from awards.enums import Verdict
from departments.enums import DISCIPLINE_ORDER, Discipline, TaskGrade
from emulation.enums import CSTDCS_OR_HIGHER, LDTT_OR_HIGHER, TitleCode

GRADE_ORDER = list(TaskGrade.values)  # best first


@dataclass(frozen=True)
class Citations:
    registration: str
    ldtt: str
    ldtt_months: str
    ldtt_discipline: str
    cstdcs: str
    cstd_tinh: str
    ttldtt: str
    ttldxs: str


CITATIONS = Citations(
    registration=gettext_lazy("Emulation plan, part III.1: registration is a condition of consideration"),
    ldtt=gettext_lazy("Emulation Law 2003 (amended 2013), Article 24"),
    ldtt_months=gettext_lazy("Decree 91/2017/NĐ-CP, Article 10"),
    ldtt_discipline=gettext_lazy("Decree 91/2017/NĐ-CP, Article 10"),
    cstdcs=gettext_lazy("Decree 91/2017/NĐ-CP, Article 9, clause 3"),
    cstd_tinh=gettext_lazy("Decree 91/2017/NĐ-CP, Article 9, clause 2"),
    ttldtt=gettext_lazy("Emulation Law 2003 (amended 2013), Article 28"),
    ttldxs=gettext_lazy("Emulation Law 2003 (amended 2013), Article 27"),
)
MIN_MONTHS = 10


def _result(code, ok, message, citation, review=False):
    verdict = Verdict.REVIEW if review else (Verdict.PASS if ok else Verdict.FAIL)
    return RuleResult(code, verdict, str(message), str(citation))


def registered(facts: PersonFacts, codes: tuple, citation: str) -> RuleResult:
    ok = facts.registered_title in codes
    message = _("Registered for the title.") if ok else _("Did not register for this title this year.")
    return _result("registered", ok, message, citation)


def task_grade(facts: PersonFacts, citation: str) -> RuleResult:
    if not facts.task_grade:
        return _result(
            "task_grade",
            False,
            _("No task grade recorded for %(year)s.") % {"year": facts.year},
            citation,
            True,
        )
    ok = GRADE_ORDER.index(facts.task_grade) <= GRADE_ORDER.index(TaskGrade.GOOD)
    message = _("Task grade %(grade)s (at least HTTNV required).") % {"grade": facts.task_grade}
    return _result("task_grade", ok, message, citation)


def months_served(facts: PersonFacts, minimum: int, citation: str) -> RuleResult:
    if facts.months_served is None:
        return _result(
            "months",
            False,
            _("No months served recorded for %(year)s.") % {"year": facts.year},
            citation,
            True,
        )
    counted = min(12, facts.months_served + facts.counted_leave_months)
    message = _(
        "%(months)s months counted in the year (%(served)s served + %(leave)s of leave that counts); "
        "at least %(minimum)s required."
    ) % {
        "months": counted,
        "served": facts.months_served,
        "leave": facts.counted_leave_months,
        "minimum": minimum,
    }
    return _result("months", counted >= minimum, message, citation)


def discipline(facts: PersonFacts, citation: str, *, review: bool = False) -> RuleResult:
    if facts.discipline is None:
        return _result(
            "discipline",
            False,
            _("No discipline record for %(year)s.") % {"year": facts.year},
            citation,
            True,
        )
    level = DISCIPLINE_ORDER.index(facts.discipline)
    ok = level < DISCIPLINE_ORDER.index(Discipline.REPRIMAND)
    message = (
        _("Not disciplined in the year.")
        if ok
        else _("Disciplined in the year (%(level)s).") % {"level": Discipline(facts.discipline).label}
    )
    return _result("discipline", ok, message, citation, review=review and not ok)


def ldtt_rules(facts: PersonFacts) -> list[RuleResult]:
    return [
        registered(facts, LDTT_OR_HIGHER, CITATIONS.registration),
        task_grade(facts, CITATIONS.ldtt),
        months_served(facts, MIN_MONTHS, CITATIONS.ldtt_months),
        discipline(facts, CITATIONS.ldtt_discipline),
    ]


def _ldtt_met(facts: PersonFacts, ldtt) -> RuleResult:
    verdict = overall([r for r in ldtt(facts) if r.code != "registered"])
    return RuleResult(
        "ldtt",
        verdict,
        _("Meets the criteria of Advanced Worker (LĐTT) the same year.")
        if verdict == Verdict.PASS
        else _("Does not (yet) meet the criteria of Advanced Worker (LĐTT) the same year."),
        str(CITATIONS.cstdcs),
    )


def base_initiative(facts: PersonFacts, citation: str) -> RuleResult:
    found = [i for i in facts.initiatives if i[2] == facts.year]
    if found:
        names = "; ".join(f"“{title}” ({number})" for title, number, _year in found)
        return _result(
            "initiative", True, _("Recognised initiative: %(names)s.") % {"names": names}, citation
        )
    return _result(
        "initiative", False, _("No initiative recognised in %(year)s.") % {"year": facts.year}, citation
    )


def cstdcs_rules(facts: PersonFacts) -> list[RuleResult]:
    return [
        registered(facts, CSTDCS_OR_HIGHER, CITATIONS.registration),
        _ldtt_met(facts, ldtt_rules),
        base_initiative(facts, CITATIONS.cstdcs),
    ]


def three_years(facts: PersonFacts, cstdcs, citation: str) -> RuleResult:
    """CSTĐCS in three consecutive years ending with this one; this year's counts when the person meets
    CSTĐCS now (both are considered together)."""
    # Whether the three years include the current one is not settled (DOMAIN.md rule 11 [U]): a setting.
    last = facts.year if facts.params.cstd_tinh_includes_current_year else facts.year - 1
    years = [last - 2, last - 1]
    missing = [year for year in years if year not in facts.cstdcs_years]
    if last == facts.year:
        this_year = facts.year in facts.cstdcs_years or overall(cstdcs(facts)) == Verdict.PASS
    else:
        this_year = last in facts.cstdcs_years
    if not this_year:
        missing.append(last)
    if missing:
        message = _(
            "Not a Grassroots Emulation Fighter (CSTĐCS) in %(years)s: three consecutive years are needed."
        ) % {"years": ", ".join(str(year) for year in missing)}
        return _result("three_years", False, message, citation)
    return _result(
        "three_years",
        True,
        _("CSTĐCS in %(first)s, %(second)s and %(third)s.")
        % {"first": years[0], "second": years[1], "third": last},
        citation,
    )


def provincial_initiative(facts: PersonFacts, window: int, citation: str) -> RuleResult:
    found = [i for i in facts.provincial_initiatives if facts.year - window < i[2] <= facts.year]
    if found:
        names = "; ".join(f"“{title}” ({number})" for title, number, _year in found)
        return _result(
            "provincial_initiative",
            True,
            _("Initiative recognised at provincial level: %(names)s.") % {"names": names},
            citation,
        )
    return _result(
        "provincial_initiative",
        False,
        _("No initiative recognised at provincial level in the last %(window)s years.") % {"window": window},
        citation,
    )


def cstd_tinh_rules(facts: PersonFacts, window: int) -> list[RuleResult]:
    return [
        registered(facts, (TitleCode.CSTD_TINH,), CITATIONS.registration),
        three_years(facts, cstdcs_rules, CITATIONS.cstd_tinh),
        provincial_initiative(facts, window, CITATIONS.cstd_tinh),
    ]


# --- Collectives -------------------------------------------------------------------------------------


def _members_ldtt(unit: UnitFacts, ldtt) -> tuple[int, int, int]:
    """(members, meeting LĐTT, without a yearly record)."""
    # Registration counts: a member who did not register cannot reach LĐTT (DOMAIN rule 1).
    verdicts = [overall(ldtt(member)) for member in unit.members]
    return len(verdicts), verdicts.count(Verdict.PASS), sum(1 for m in unit.members if not m.has_record)


def ldtt_share(unit: UnitFacts, ldtt, *, minimum: int, strictly: bool, citation: str) -> RuleResult:
    members, passing, unknown = _members_ldtt(unit, ldtt)
    ok = members > 0 and (
        passing * 100 > minimum * members if strictly else passing * 100 >= minimum * members
    )
    message = _(
        "%(passing)s of %(members)s members (%(share)s%%) meet LĐTT; %(rule)s %(minimum)s%% required."
    ) % {
        "passing": passing,
        "members": members,
        "share": share(passing, members),
        "rule": _("over") if strictly else _("at least"),
        "minimum": minimum,
    }
    return _result("ldtt_share", ok, message, citation, review=not ok and unknown > 0)


def no_warning(unit: UnitFacts, citation: str) -> RuleResult:
    heavy = [
        m.name
        for m in unit.members
        if m.discipline and DISCIPLINE_ORDER.index(m.discipline) >= DISCIPLINE_ORDER.index(Discipline.WARNING)
    ]
    if heavy:
        return _result(
            "no_warning",
            False,
            _("Disciplined with a warning or heavier: %(names)s.") % {"names": ", ".join(heavy)},
            citation,
        )
    return _result("no_warning", True, _("No member disciplined with a warning or heavier."), citation)


def all_completed(unit: UnitFacts, citation: str) -> RuleResult:
    failing = [m.name for m in unit.members if m.task_grade == TaskGrade.NOT_COMPLETED]
    unknown = [m.name for m in unit.members if not m.task_grade]
    if failing:
        return _result(
            "all_completed",
            False,
            _("Did not complete their tasks: %(names)s.") % {"names": ", ".join(failing)},
            citation,
        )
    if unknown:
        return _result(
            "all_completed",
            False,
            _("No task grade yet: %(names)s.") % {"names": ", ".join(unknown)},
            citation,
            True,
        )
    return _result("all_completed", True, _("Every member completed their tasks."), citation)


def has_cstdcs(unit: UnitFacts, cstdcs, citation: str) -> RuleResult:
    fighters = [m.name for m in unit.members if overall(cstdcs(m)) == Verdict.PASS]
    if fighters:
        return _result(
            "has_cstdcs", True, _("CSTĐCS in the unit: %(names)s.") % {"names": ", ".join(fighters)}, citation
        )
    return _result("has_cstdcs", False, _("No member meets CSTĐCS."), citation)


def ttldtt_rules(unit: UnitFacts) -> list[RuleResult]:
    return [
        ldtt_share(unit, ldtt_rules, minimum=50, strictly=True, citation=CITATIONS.ttldtt),
        no_warning(unit, CITATIONS.ttldtt),
    ]


def ttldxs_rules(unit: UnitFacts) -> list[RuleResult]:
    return [
        all_completed(unit, CITATIONS.ttldxs),
        ldtt_share(unit, ldtt_rules, minimum=70, strictly=False, citation=CITATIONS.ttldxs),
        has_cstdcs(unit, cstdcs_rules, CITATIONS.ttldxs),
        no_warning(unit, CITATIONS.ttldxs),
    ]
