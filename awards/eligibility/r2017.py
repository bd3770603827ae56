"""Rules of the R2017 regime: Luật Thi đua, khen thưởng 2003 (sửa đổi 2013), Nghị định 91/2017/NĐ-CP.

Each rule is a small function over facts returning a RuleResult with a Vietnamese explanation and the
clause it applies. The later regimes (r2024, r2025) reuse these functions with their own citations and
thresholds. DOMAIN.md §3, §6 and §8 give the sources and how sure we are of each.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from awards.eligibility.base import (
    Criteria,
    Evidence,
    PersonFacts,
    RuleResult,
    UnitFacts,
    Use,
    evidence_barred,
    judged,
    months_to_year_end,
    overall,
    share,
)
from awards.eligibility.base import gettext as _
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
    ldtt_training: str
    ldtt_moved: str
    cstdcs: str
    cstd_tinh: str
    ttldtt: str
    ttldxs: str
    flag: str
    evidence_once: str
    holds: str = ""
    discipline_period: str = ""
    dissolved: str = ""
    maternity: str = ""
    criteria: str = ""  # where the criteria of Giấy khen and Bằng khen come from


CITATIONS = Citations(
    registration=gettext_lazy("Emulation plan, part III.1: registration is a condition of consideration"),
    ldtt=gettext_lazy("Emulation Law 2003 (amended 2013), Article 24"),
    ldtt_months=gettext_lazy("Decree 91/2017/NĐ-CP, Article 10, clauses 4 and 6"),
    ldtt_discipline=gettext_lazy("Decree 91/2017/NĐ-CP, Article 10, clause 6"),
    ldtt_training=gettext_lazy("Decree 91/2017/NĐ-CP, Article 10, clause 3"),
    ldtt_moved=gettext_lazy("Decree 91/2017/NĐ-CP, Article 10, clause 5"),
    cstdcs=gettext_lazy("Decree 91/2017/NĐ-CP, Article 9, clause 3"),
    cstd_tinh=gettext_lazy("Decree 91/2017/NĐ-CP, Article 9, clause 2"),
    ttldtt=gettext_lazy("Emulation Law 2003 (amended 2013), Article 28"),
    ttldxs=gettext_lazy("Emulation Law 2003 (amended 2013), Article 27"),
    flag=gettext_lazy("Emulation Law 2003 (amended 2013), Article 26; Decree 91/2017/NĐ-CP, Article 12"),
    evidence_once=gettext_lazy("Official letter 5007/BNV-TĐKT: an initiative serves as evidence once"),
    criteria=gettext_lazy(
        "Criteria set by the ministry or the province under the 2003 Law (text not verified)"
    ),
)
MIN_MONTHS = 10


def _result(code, ok, message, citation, review=False):
    verdict = Verdict.REVIEW if review else (Verdict.PASS if ok else Verdict.FAIL)
    return RuleResult(code, verdict, str(message), _(citation))


def registered(facts: PersonFacts, codes: tuple, citation: str) -> RuleResult:
    """Only a sheet sent to the standing office (or accepted) registers anyone: a draft is the unit's own."""
    if facts.registered_title in codes:
        return _result("registered", True, _("Registered for the title."), citation)
    if not facts.params.registration_per_title and (facts.registered_any or facts.registered_title):
        return _result(
            "registered",
            True,
            _("Registered for the emulation movement (registration for the title itself is not required)."),
            citation,
        )
    if facts.unsent_title in codes:
        return _result(
            "registered",
            False,
            _("Registered on a sheet that was not sent to the standing office (draft or returned)."),
            citation,
        )
    return _result("registered", False, _("Did not register for this title this year."), citation)


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


def recruited_months(facts: PersonFacts, minimum: int, citation: str) -> RuleResult:
    """Not for a person recruited less than `minimum` months before the year ends. Absence does not exclude
    (the old 40-day rule is gone), and maternity leave and treatment of an injury on duty count as work."""
    months = months_to_year_end(facts.recruited_on, facts.year)
    if months >= 12:
        return _result("months", True, _("Recruited before %(year)s.") % {"year": facts.year}, citation)
    message = _(
        "Recruited on %(date)s: %(months)s months before the end of the year; at least %(minimum)s required."
    ) % {"date": facts.recruited_on.strftime("%d/%m/%Y"), "months": months, "minimum": minimum}
    return _result("months", months >= minimum, message, citation)


def training(facts: PersonFacts, citation: str) -> list[RuleResult]:
    """Training of a year or more: judged on the study results, which we do not keep (a human checks)."""
    if facts.training_months < 12:
        return []
    message = _(
        "On training or study for %(months)s months: considered on the study results (good or better) "
        "and the training body's comments."
    ) % {"months": facts.training_months}
    return [_result("training", False, message, citation, True)]


def moved(facts: PersonFacts, citation: str) -> list[RuleResult]:
    """A person who moved judged by the new unit; six months or more in the old one need its comments."""
    if facts.months_in_previous_unit < 6:
        return []
    message = _(
        "Moved during the year after %(months)s months in another unit: that unit's comments are needed."
    ) % {"months": facts.months_in_previous_unit}
    return [_result("moved", False, message, citation, True)]


def _disciplined_in_year(facts: PersonFacts) -> str | None:
    """The level of discipline in the year, from the yearly record or a discipline period overlapping it."""
    if facts.discipline and DISCIPLINE_ORDER.index(facts.discipline) >= DISCIPLINE_ORDER.index(
        Discipline.REPRIMAND
    ):
        return Discipline(facts.discipline).label
    for starts_on, ends_on in facts.discipline_periods:
        if starts_on.year <= facts.year and (ends_on is None or ends_on.year >= facts.year):
            return _("a discipline period from %(date)s") % {"date": starts_on.strftime("%d/%m/%Y")}
    return None


def discipline(facts: PersonFacts, citation: str, *, review: bool = False) -> RuleResult:
    if facts.discipline is None and not facts.discipline_periods:
        return _result(
            "discipline",
            False,
            _("No discipline record for %(year)s.") % {"year": facts.year},
            citation,
            True,
        )
    level = _disciplined_in_year(facts)
    message = (
        _("Disciplined in the year (%(level)s).") % {"level": level}
        if level
        else _("Not disciplined in the year.")
    )
    return _result("discipline", level is None, message, citation, review=review and level is not None)


def ldtt_common(facts: PersonFacts, citations: Citations, minimum: int) -> list[RuleResult]:
    return [
        registered(facts, LDTT_OR_HIGHER, citations.registration),
        task_grade(facts, citations.ldtt),
        recruited_months(facts, facts.params.ldtt_min_months or minimum, citations.ldtt_months),
        *training(facts, citations.ldtt_training),
        *moved(facts, citations.ldtt_moved),
    ]


def ldtt_rules(facts: PersonFacts) -> list[RuleResult]:
    return [*ldtt_common(facts, CITATIONS, MIN_MONTHS), discipline(facts, CITATIONS.ldtt_discipline)]


def ldtt_met(facts: PersonFacts, ldtt, citation: str) -> RuleResult:
    verdict = overall([r for r in judged(facts, ldtt) if r.code != "registered"])
    return RuleResult(
        "ldtt",
        verdict,
        _("Meets the criteria of Advanced Worker (LĐTT) the same year.")
        if verdict == Verdict.PASS
        else _("Does not (yet) meet the criteria of Advanced Worker (LĐTT) the same year."),
        _(citation),
    )


def _barring(facts: PersonFacts, evidence: Evidence, title: str) -> list[Use]:
    """The uses of `evidence` that bar it for `title`. The person's own candidacies of this year are not
    among them: a CSTĐ cấp tỉnh nominee's initiative also makes this year's CSTĐCS, judged with it (two
    rewards of one year on one initiative are refused when the nominee is added: evidence_blocking_use)."""
    return [
        use
        for use in evidence.uses
        if not (use.staff_id == facts.staff_id and use.year == facts.year)
        and evidence_barred(title, facts.params, use)
    ]


def usable(facts: PersonFacts, evidence: Evidence, title: str) -> bool:
    """Evidence counts unless it serves another reward it may not serve with (one initiative, one reward),
    or was recognised in a discipline period (that achievement does not count)."""
    if _barring(facts, evidence, title):
        return False
    return not any(
        evidence.on and starts_on <= evidence.on and (ends_on is None or evidence.on <= ends_on)
        for starts_on, ends_on in facts.discipline_periods
    )


def _names(found: list[Evidence]) -> str:
    return "; ".join(str(evidence) for evidence in found)


def _used_note(facts: PersonFacts, candidates: list[Evidence], title: str) -> str:
    used = [e for e in candidates if not usable(facts, e, title)]
    if not used:
        return ""
    return " " + _("Already used or not counted: %(names)s.") % {
        "names": "; ".join(
            f"{e} — {', '.join(use.where for use in _barring(facts, e, title)) or '—'}" for e in used
        )
    }


def base_initiative(facts: PersonFacts, citation: str) -> RuleResult:
    """An initiative recognised this year, or a research result accepted and applied this year."""
    candidates = [e for e in facts.initiatives if e.year == facts.year]
    if not facts.params.provincial_initiative_for_cstdcs:
        candidates = [e for e in candidates if not e.provincial]
    found = [e for e in candidates if usable(facts, e, TitleCode.CSTDCS)]
    if found:
        return _result(
            "initiative",
            True,
            _("Recognised initiative or accepted research: %(names)s.") % {"names": _names(found)},
            citation,
        )
    message = _("No initiative recognised (nor research accepted and applied) in %(year)s.") % {
        "year": facts.year
    }
    return _result("initiative", False, message + _used_note(facts, candidates, TitleCode.CSTDCS), citation)


def cstdcs_rules(facts: PersonFacts) -> list[RuleResult]:
    return [
        registered(facts, CSTDCS_OR_HIGHER, CITATIONS.registration),
        ldtt_met(facts, ldtt_rules, CITATIONS.cstdcs),
        base_initiative(facts, CITATIONS.cstdcs),
    ]


def counted_cstdcs_years(facts: PersonFacts) -> set[int]:
    """Years of CSTĐCS that still count: not a year spent under discipline (its achievements do not)."""
    return {
        year
        for year in facts.cstdcs_years
        if not any(
            starts_on.year <= year and (ends_on is None or year <= ends_on.year)
            for starts_on, ends_on in facts.discipline_periods
        )
    }


def three_years(facts: PersonFacts, cstdcs, citation: str) -> RuleResult:
    """CSTĐCS in three consecutive years ending with this one; this year's counts when the person meets
    CSTĐCS now (both are considered together)."""
    # Whether the three years include the current one is not settled (DOMAIN.md rule 11 [U]): a setting.
    last = facts.year if facts.params.cstd_tinh_includes_current_year else facts.year - 1
    years = [last - 2, last - 1]
    counted = counted_cstdcs_years(facts)
    missing = [year for year in years if year not in counted]
    if last == facts.year:
        this_year = facts.year in counted or overall(judged(facts, cstdcs)) == Verdict.PASS
    else:
        this_year = last in counted
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
    candidates = [e for e in facts.provincial_initiatives if facts.year - window < e.year <= facts.year]
    found = [e for e in candidates if usable(facts, e, TitleCode.CSTD_TINH)]
    if found:
        return _result(
            "provincial_initiative",
            True,
            _("Initiative or research recognised at provincial level: %(names)s.") % {"names": _names(found)},
            citation,
        )
    message = _("No initiative recognised at provincial level in the last %(window)s years.") % {
        "window": window
    }
    return _result(
        "provincial_initiative", False, message + _used_note(facts, candidates, TitleCode.CSTDCS), citation
    )


def cstd_tinh_rules(facts: PersonFacts) -> list[RuleResult]:
    return [
        registered(facts, (TitleCode.CSTD_TINH,), CITATIONS.registration),
        three_years(facts, cstdcs_rules, CITATIONS.cstd_tinh),
        provincial_initiative(facts, facts.params.provincial_initiative_years, CITATIONS.cstd_tinh),
    ]


# --- Forms of reward: the criteria the province sets (reference data) ---------------------------------


def _grade_at_least(grade: str | None, minimum: str) -> bool:
    return bool(grade) and GRADE_ORDER.index(grade) <= GRADE_ORDER.index(minimum)


def criteria_rules(
    facts: PersonFacts | UnitFacts, title: str, criteria: Criteria | None, citation: str
) -> list[RuleResult]:
    """A form of reward (Giấy khen, Bằng khen) judged against the criteria the province set for it."""
    if criteria is None:
        return [
            _result(
                "criteria",
                False,
                _("No criteria recorded for %(title)s on this date: the standing office enters them.")
                % {"title": TitleCode(title).label},
                citation,
                True,
            )
        ]
    source = _("%(citation)s; criteria of %(number)s") % {
        "citation": citation,
        "number": criteria.decision_number,
    }
    results = []
    if criteria.min_task_grade:
        years = list(range(facts.year - max(criteria.consecutive_years, 1) + 1, facts.year + 1))
        grades = {**facts.past_grades, facts.year: facts.task_grade}
        missing = [year for year in years if not _grade_at_least(grades.get(year), criteria.min_task_grade)]
        message = (
            _("Task grade at least %(minimum)s in %(years)s.")
            if not missing
            else _("Task grade below %(minimum)s or not recorded in %(years)s.")
        ) % {"minimum": criteria.min_task_grade, "years": ", ".join(map(str, missing or years))}
        results.append(_result("criteria_grade", not missing, message, source, review=not facts.task_grade))
    if criteria.prior_title:
        earlier = sorted(
            year for year in facts.reward_years.get(criteria.prior_title, ()) if year < facts.year
        )
        label = TitleCode(criteria.prior_title).label
        message = (
            _("%(title)s in %(years)s.") % {"title": label, "years": ", ".join(map(str, earlier))}
            if earlier
            else _("%(title)s is required in an earlier year.") % {"title": label}
        )
        results.append(_result("criteria_prior", bool(earlier), message, source))
    return results


# --- Collectives -------------------------------------------------------------------------------------


def unit_registered(unit: UnitFacts, codes: tuple, citation: str) -> RuleResult:
    if unit.registered_title in codes:
        return _result("registered", True, _("The unit registered for the title."), citation)
    if unit.unsent_title in codes:
        return _result(
            "registered",
            False,
            _("Registered on a sheet that was not sent to the standing office (draft or returned)."),
            citation,
        )
    return _result("registered", False, _("The unit did not register for this title this year."), citation)


def unit_grade(unit: UnitFacts, minimum: str, citation: str) -> RuleResult:
    """The unit's own result: TTLĐTT needs its tasks completed well, TTLĐXS excellently."""
    label = TaskGrade(minimum).label
    if not unit.task_grade:
        message = _("The unit's own grade for %(year)s is not recorded (%(minimum)s required).") % {
            "year": unit.year,
            "minimum": label,
        }
        return _result("unit_grade", False, message, citation, True)
    message = _("The unit's grade: %(grade)s (%(minimum)s required).") % {
        "grade": TaskGrade(unit.task_grade).label,
        "minimum": label,
    }
    return _result("unit_grade", _grade_at_least(unit.task_grade, minimum), message, citation)


def _members_ldtt(unit: UnitFacts, ldtt) -> tuple[int, int, int]:
    """(members at the year's end, meeting LĐTT, without a yearly record)."""
    # Registration counts: a member who did not register cannot reach LĐTT (DOMAIN rule 1).
    members = unit.counted_members
    verdicts = [overall(judged(member, ldtt)) for member in members]
    return len(verdicts), verdicts.count(Verdict.PASS), sum(1 for m in members if not m.has_record)


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
        for m in unit.counted_members
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
    members = unit.counted_members
    failing = [m.name for m in members if m.task_grade == TaskGrade.NOT_COMPLETED]
    unknown = [m.name for m in members if not m.task_grade]
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
    fighters = [m.name for m in unit.counted_members if overall(judged(m, cstdcs)) == Verdict.PASS]
    if fighters:
        return _result(
            "has_cstdcs", True, _("CSTĐCS in the unit: %(names)s.") % {"names": ", ".join(fighters)}, citation
        )
    return _result("has_cstdcs", False, _("No member meets CSTĐCS."), citation)


def bloc_leader(unit: UnitFacts, citation: str) -> RuleResult:
    """Cờ thi đua goes to the collective leading its emulation bloc (khối, cụm thi đua)."""
    if unit.bloc is None:
        return _result(
            "bloc", False, _("The unit is in no emulation bloc (khối, cụm thi đua) this year."), citation
        )
    if unit.bloc.rank is None:
        message = _("%(bloc)s has not ranked its %(size)s members yet.") % {
            "bloc": unit.bloc.name,
            "size": unit.bloc.size,
        }
        return _result("bloc", False, message, citation, True)
    message = _("Ranked %(rank)s of %(size)s in %(bloc)s (the leading collective is proposed).") % {
        "rank": unit.bloc.rank,
        "size": unit.bloc.size,
        "bloc": unit.bloc.name,
    }
    return _result("bloc", unit.bloc.rank == 1, message, citation)


def ttldtt_rules(unit: UnitFacts) -> list[RuleResult]:
    return [
        unit_registered(unit, (TitleCode.TTLDTT, TitleCode.TTLDXS), CITATIONS.registration),
        unit_grade(unit, TaskGrade.GOOD, CITATIONS.ttldtt),
        ldtt_share(unit, ldtt_rules, minimum=50, strictly=True, citation=CITATIONS.ttldtt),
        no_warning(unit, CITATIONS.ttldtt),
    ]


def ttldxs_rules(unit: UnitFacts) -> list[RuleResult]:
    return [
        unit_registered(unit, (TitleCode.TTLDXS,), CITATIONS.registration),
        unit_grade(unit, TaskGrade.EXCELLENT, CITATIONS.ttldxs),
        all_completed(unit, CITATIONS.ttldxs),
        ldtt_share(unit, ldtt_rules, minimum=70, strictly=False, citation=CITATIONS.ttldxs),
        has_cstdcs(unit, cstdcs_rules, CITATIONS.ttldxs),
        no_warning(unit, CITATIONS.ttldxs),
    ]


def flag_rules(unit: UnitFacts, title: str, citations: Citations = CITATIONS) -> list[RuleResult]:
    return [
        unit_registered(unit, (title,), citations.registration),
        unit_grade(unit, TaskGrade.EXCELLENT, citations.flag),
        bloc_leader(unit, citations.flag),
    ]
