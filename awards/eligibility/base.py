"""What the eligibility rules read (facts) and what they return (results). No database access here."""

import datetime as dt
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.utils import translation

from awards.enums import Verdict

# The language of the judging under way (judging), for the rules' translations: see gettext below.
_language: ContextVar[str | None] = ContextVar("eligibility_language", default=None)
_translated: dict[tuple, str] = {}
# The rules' results of the judging under way, by (id of the facts, rules): see judged below.
_memo: ContextVar[dict | None] = ContextVar("eligibility_memo", default=None)


@contextmanager
def judging():
    """Judge in the active language with the translations memoised: a province's rules translate the same
    few hundred messages and citations some 600,000 times, and each of Django's gettext calls looks the
    language up again."""
    token = _language.set(translation.get_language())
    memo = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(memo)
        _language.reset(token)


def gettext(message) -> str:
    """Django's gettext (or str() of a lazy citation), memoised per language while judging. Lazy citations
    are module constants: keyed by identity, since hashing one would translate it."""
    language = _language.get()
    if language is None:
        return str(message) if not isinstance(message, str) else translation.gettext(message)
    key = (language, message) if isinstance(message, str) else (language, id(message))
    found = _translated.get(key)
    if found is None:
        found = _translated[key] = translation.gettext(message) if isinstance(message, str) else str(message)
    return found


def judged(facts, rules) -> list["RuleResult"]:
    """`rules(facts)`, once per facts and set of rules while judging: a unit's shares judge each member's
    LĐTT and CSTĐCS again, and CSTĐCS judges LĐTT, all from the same facts (which the run keeps alive, so
    their ids stay theirs). Outside a run (facts built and changed by hand), judged afresh every time."""
    memo = _memo.get()
    if memo is None:
        return rules(facts)
    key = (id(facts), rules)
    found = memo.get(key)
    if found is None:
        found = memo[key] = rules(facts)
    return found


@dataclass(frozen=True)
class RuleResult:
    code: str
    verdict: Verdict
    message: str
    citation: str

    @property
    def is_met(self) -> bool:
        return self.verdict == Verdict.PASS


# (is an emulation title, level) of each title, as the reference titles are decided (fixtures/titles.json):
# the Director's at level 1, the province's and the ministry's at 2 (awards.enums: levels by authority).
# The facts replace it with what the Title table says.
TITLE_KINDS = {
    "LDTT": (True, 1),
    "CSTDCS": (True, 1),
    "TTLDTT": (True, 1),
    "CSTD_TINH": (True, 2),
    "TTLDXS": (True, 2),
    "CO_UBND": (True, 2),
    "CO_BTP": (True, 2),
    "GK_GD": (False, 1),
    "BK_UBND": (False, 2),
    "BK_BTP": (False, 2),
}


@dataclass(frozen=True)
class Parameters:
    """The campaign's legal parameters the rules read (emulation.models.CampaignRules); the defaults are
    those of emulation.legal, for rules judged outside a campaign (tests)."""

    discipline_bars_ldtt: bool = True
    provincial_initiative_years: int = 3
    cstd_tinh_includes_current_year: bool = True
    # False: a line on a sent sheet, for any title or reward, is registration enough (DOMAIN.md §4.1).
    registration_per_title: bool = True
    # False: an initiative recognised at provincial level does not serve CSTĐCS (QĐ 394/2011 Ninh Thuận).
    provincial_initiative_for_cstdcs: bool = True
    # The criteria of the forms of reward in force, by (title code, "individual" | "collective").
    criteria: dict = field(default_factory=dict)
    ldtt_min_months: int | None = None  # None: the regime's own minimum
    title_kinds: dict = field(default_factory=lambda: dict(TITLE_KINDS))


@dataclass(frozen=True)
class Use:
    """A nomination that holds an initiative or research result as its evidence (awards.models.Nominee)."""

    staff_id: int | None
    year: int
    title: str  # code
    emulation_title: bool
    level: int
    where: str


def evidence_barred(title: str, params: "Parameters", use: Use) -> bool:
    """Whether `use` bars the same evidence for `title` — the rule of awards.selectors.evidence_blocking_use
    (CV 5007/BNV-TĐKT): a form of reward is barred by any use, and bars everything after it; an emulation
    title is barred by a title of the same or a higher level."""
    is_title, level = params.title_kinds.get(title, (True, 1))
    return not (is_title and use.emulation_title) or use.level >= level


@dataclass(frozen=True)
class Evidence:
    """A recognised initiative, or an accepted and applied research result (đề tài, đề án), of which the
    person is an author: what CSTĐCS and CSTĐ cấp tỉnh rest on."""

    title: str
    number: str  # the decision recognising the initiative, or accepting the research result
    year: int
    provincial: bool = False  # recognised (or accepted) at provincial or ministerial level
    research: bool = False
    on: dt.date | None = None  # date of that decision, for discipline periods
    # The nominations holding it as their evidence (one initiative, one reward: CV 5007/BNV-TĐKT).
    uses: tuple[Use, ...] = ()

    def __str__(self):
        return f"“{self.title}” ({self.number})"


@dataclass(frozen=True)
class Hold:
    """Why a person's consideration is held (tạm hoãn xét): discipline review, inspection, complaint."""

    kind: str  # the kind's label, as shown
    starts_on: dt.date
    reason: str


@dataclass
class PersonFacts:
    """One staff member's facts for one year, gathered from our own records."""

    staff_id: int
    name: str
    unit_id: int
    is_leader: bool
    year: int
    recruited_on: dt.date
    registered_title: str | None = None  # the individual title on a registration sheet sent to the office
    registered_any: bool = False  # has a line (title or reward) on a sheet sent to the office
    unsent_title: str | None = None  # a title on a sheet still in draft or returned (not sent)
    task_grade: str | None = None  # None: no yearly record
    past_grades: dict[int, str] = field(default_factory=dict)  # task grades of earlier years
    discipline: str | None = None
    months_served: int | None = None
    counted_leave_months: int = 0
    training_months: int = 0  # months of training or study of a year or more (đào tạo, bồi dưỡng)
    left_on: dt.date | None = None  # left the Department during the year
    # Months of the year spent in another unit before moving to this one (NĐ 91/2017 Art 10 k5).
    months_in_previous_unit: int = 0
    initiatives: list[Evidence] = field(default_factory=list)
    cstdcs_years: set[int] = field(default_factory=set)  # years with a CSTĐCS in the reward history
    # Annual titles and rewards in the history by title code (ad-hoc and thematic rewards left out: they are
    # no basis of higher awards), for the criteria of Giấy khen and Bằng khen.
    reward_years: dict[str, set[int]] = field(default_factory=dict)
    holds: list[Hold] = field(default_factory=list)  # active on the day judged
    discipline_periods: list[tuple[dt.date, dt.date | None]] = field(default_factory=list)
    params: Parameters = field(default_factory=Parameters)

    @property
    def has_record(self) -> bool:
        return self.task_grade is not None

    @property
    def provincial_initiatives(self) -> list[Evidence]:
        return [evidence for evidence in self.initiatives if evidence.provincial]


@dataclass
class Bloc:
    """The unit's place in its emulation bloc (khối, cụm thi đua) this year."""

    name: str
    rank: int | None  # None: the bloc has not ranked its members yet
    size: int


@dataclass
class Criteria:
    """The criteria of a form of reward set by the province (Law 2022 Art 75 k2): reference data."""

    decision_number: str
    min_task_grade: str | None = None
    consecutive_years: int = 0  # years in a row, ending with the year judged, at `min_task_grade` (0: one)
    prior_title: str | None = None  # a title or reward (code) required in an earlier year
    text: str = ""


@dataclass
class UnitFacts:
    unit_id: int
    name: str
    year: int
    registered_title: str | None  # the collective title on the unit's sheet sent to the office
    members: list[PersonFacts]
    task_grade: str | None = None  # the unit's own grade for the year
    past_grades: dict[int, str] = field(default_factory=dict)  # its (and its predecessors') earlier grades
    bloc: Bloc | None = None
    dissolved_on: dt.date | None = None
    # The unit's titles by code, its predecessors' (merged or split into it) included.
    reward_years: dict[str, set[int]] = field(default_factory=dict)
    unsent_title: str | None = None
    params: Parameters = field(default_factory=Parameters)

    @property
    def counted_members(self) -> list[PersonFacts]:
        """Members at the end of the year: who left during it no longer counts in the unit's shares."""
        return [member for member in self.members if member.left_on is None]


def overall(results: list[RuleResult]) -> Verdict:
    verdicts = {result.verdict for result in results}
    if Verdict.FAIL in verdicts:
        return Verdict.FAIL
    if Verdict.REVIEW in verdicts:
        return Verdict.REVIEW
    return Verdict.PASS


def share(part: int, whole: int) -> str:
    """62.5 -> "62,5"; 100.0 -> "100" (Vietnamese decimal comma)."""
    value = round(100 * part / whole, 1) if whole else 0
    return (f"{value:.0f}" if value == int(value) else f"{value:.1f}").replace(".", ",")


def months_to_year_end(recruited_on: dt.date, year: int) -> int:
    """Whole months from the recruitment day to the end of `year`: recruited 01/03 → 10, 02/03 → 9."""
    end = dt.date(year + 1, 1, 1)
    months = (end.year - recruited_on.year) * 12 + (end.month - recruited_on.month)
    if end.day < recruited_on.day:
        months -= 1
    return max(months, 0)
