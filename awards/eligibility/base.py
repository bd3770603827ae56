"""What the eligibility rules read (facts) and what they return (results). No database access here."""

import datetime as dt
from dataclasses import dataclass, field

from awards.enums import Verdict


@dataclass(frozen=True)
class RuleResult:
    code: str
    verdict: Verdict
    message: str
    citation: str

    @property
    def is_met(self) -> bool:
        return self.verdict == Verdict.PASS


@dataclass(frozen=True)
class Parameters:
    """The campaign's legal parameters the rules read (emulation.models.CampaignRules); the defaults are
    those of emulation.legal, for rules judged outside a campaign (tests)."""

    discipline_bars_ldtt: bool = True
    provincial_initiative_years: int = 3
    cstd_tinh_includes_current_year: bool = True


@dataclass
class PersonFacts:
    """One staff member's facts for one year, gathered from our own records."""

    staff_id: int
    name: str
    unit_id: int
    is_leader: bool
    year: int
    recruited_on: dt.date
    registered_title: str | None = None  # the individual title on the unit's registration sheet
    task_grade: str | None = None  # None: no yearly record
    discipline: str | None = None
    months_served: int | None = None
    counted_leave_months: int = 0
    # (initiative title, decision number, campaign year) recognised at grassroots level or higher
    initiatives: list[tuple[str, str, int]] = field(default_factory=list)
    provincial_initiatives: list[tuple[str, str, int]] = field(default_factory=list)
    cstdcs_years: set[int] = field(default_factory=set)  # years with a CSTĐCS in the reward history
    params: Parameters = field(default_factory=Parameters)

    @property
    def has_record(self) -> bool:
        return self.task_grade is not None


@dataclass
class UnitFacts:
    unit_id: int
    name: str
    year: int
    registered_title: str | None
    members: list[PersonFacts]


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
