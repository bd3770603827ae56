"""Quota checks of the plan and the law, as pure functions over counts. Each warning cites its source."""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from core.formats import vn_number
from emulation.enums import CSTDCS_OR_HIGHER, LDTT_OR_HIGHER, Comparison, Regime, TargetMeasure, TitleCode
from emulation.legal import campaign_rules
from emulation.models import Campaign

ROUNDINGS = {
    "floor": math.floor,
    "ceil": math.ceil,
    "round": lambda x: int(Decimal(x).quantize(Decimal(1), "ROUND_HALF_UP")),
}


@dataclass(frozen=True)
class QuotaWarning:
    message: str
    citation: str


@dataclass(frozen=True)
class QuotaLimits:
    cstdcs_percent: Decimal | None  # at most this share of LĐTT
    leader_percent: Decimal | None  # leaders strictly below this share of CSTĐCS
    cstdcs_citation: str
    leader_citation: str
    rounding: str = "floor"


def _target_value(targets: list, measure: str, comparison: str, code: str) -> Decimal | None:
    for target in targets:
        titles = {title.code for title in target.titles.all()}
        if target.measure == measure and target.comparison == comparison and code in titles:
            return target.value
    return None


def campaign_targets(campaign: Campaign) -> list:
    """The plan's targets with their titles: the ones the caller prefetched on `campaign` (a page that needs
    them twice reads them once), else two queries."""
    targets = list(campaign.targets.all())
    prefetch_related_objects(targets, "titles")  # nothing read when they came prefetched
    return targets


def quota_limits(campaign: Campaign) -> QuotaLimits:
    """The limits in force for `campaign`: the plan's targets, else the legal cap where the law sets one."""
    targets = campaign_targets(campaign)
    rules = campaign_rules(campaign)
    cstdcs = _target_value(targets, TargetMeasure.STAFF_SHARE, Comparison.AT_MOST, TitleCode.CSTDCS)
    if campaign.regime == Regime.R2017:
        cstdcs_citation = _("Decree 91/2017/NĐ-CP, Article 9, clause 3")
    else:
        # The 2022 Law sets no ratio (research-2025 §2): the plan's own target, or the campaign's parameter.
        cstdcs_citation = _("Targets of the %(year)s emulation plan") % {"year": campaign.year}
    if cstdcs is None and rules.cstdcs_cap_applies:
        cstdcs = rules.cstdcs_cap_percent
        if campaign.regime != Regime.R2017:
            cstdcs_citation = _("Legal parameters of the %(year)s campaign") % {"year": campaign.year}
    leader = _target_value(targets, TargetMeasure.LEADER_SHARE, Comparison.LESS_THAN, TitleCode.CSTDCS)
    leader_citation = _("Targets of the %(year)s emulation plan") % {"year": campaign.year}
    return QuotaLimits(cstdcs, leader, cstdcs_citation, leader_citation, rules.quota_rounding)


def cstdcs_cap(ldtt_count: int, percent: Decimal, rounding: str) -> int:
    """Most CSTĐCS allowed for `ldtt_count` LĐTT; how to round is the campaign's (the law does not say)."""
    return ROUNDINGS[rounding](ldtt_count * percent / 100)


def title_counts(people) -> dict[str, int]:
    """The one meaning of the counts behind caps, splits, overview and dashboard. `people` gives, per
    person, the set of title codes they reach and whether they lead: a CSTĐ cấp tỉnh is also a CSTĐCS of
    the year, and a CSTĐCS also a LĐTT (NĐ 91/2017 Art 9)."""
    counts = dict.fromkeys(("ldtt", "cstdcs", "cstdcs_leaders", "cstd_tinh"), 0)
    for codes, is_leader in people:
        fighter = bool(codes & set(CSTDCS_OR_HIGHER))
        counts["ldtt"] += bool(codes & set(LDTT_OR_HIGHER))
        counts["cstdcs"] += fighter
        counts["cstdcs_leaders"] += fighter and is_leader
        counts["cstd_tinh"] += TitleCode.CSTD_TINH in codes
    return counts


def quota_warnings(
    *, limits: QuotaLimits, ldtt: int, cstdcs: int, cstdcs_leaders: int, department_wide: bool
) -> list[QuotaWarning]:
    """The cap applies per unit and Department-wide; the leaders' split is a Department-wide target
    (one leader who is a unit's only CSTĐCS does not break it)."""
    warnings = []
    if limits.cstdcs_percent is not None and cstdcs > cstdcs_cap(
        ldtt, limits.cstdcs_percent, limits.rounding
    ):
        warnings.append(
            QuotaWarning(
                _(
                    "%(cstdcs)s Grassroots Emulation Fighters (CSTĐCS) exceed %(percent)s%% of the "
                    "%(ldtt)s Advanced Workers (LĐTT): at most %(cap)s."
                )
                % {
                    "cstdcs": cstdcs,
                    "percent": vn_number(limits.cstdcs_percent),
                    "ldtt": ldtt,
                    "cap": cstdcs_cap(ldtt, limits.cstdcs_percent, limits.rounding),
                },
                limits.cstdcs_citation,
            )
        )
    if (
        department_wide
        and limits.leader_percent is not None
        and cstdcs
        and cstdcs_leaders * 100 >= limits.leader_percent * cstdcs
    ):
        share = Decimal(cstdcs_leaders * 100) / cstdcs
        warnings.append(
            QuotaWarning(
                _(
                    "Leaders are %(share)s%% of the Grassroots Emulation Fighters (CSTĐCS); "
                    "the plan wants under %(percent)s%%."
                )
                % {"share": vn_number(share), "percent": vn_number(limits.leader_percent)},
                limits.leader_citation,
            )
        )
    return warnings
