"""The legal regimes by date, their texts, and the defaults of the legal parameters per regime, each with why
it is what it is (DOMAIN.md §3, §6, §8; /work/notes/research-2025.md).

A campaign takes the defaults when it is created and keeps its own copy (emulation.models.CampaignRules):
changing a value here changes only campaigns created afterwards.

The names of the legal texts are data in Vietnamese, as the papers print them ("Căn cứ …"): they are the
documents' own titles, not interface strings to translate.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from emulation.enums import Regime
from emulation.models import Campaign, CampaignRules


@dataclass(frozen=True)
class RegimeInfo:
    regime: Regime
    in_force_from: dt.date
    # (short citation, full name as a "Căn cứ" line prints it), the law first, then the decree, then the
    # circular. Later papers (decisions, tờ trình) print these lines.
    texts: tuple[tuple[str, str], ...]
    # The bonus after multiplying by the base salary is rounded UP to this many đồng: "được làm tròn số lên
    # hàng chục nghìn đồng" (NĐ 152/2025 Điều 49 k2, NĐ 98/2023, NĐ 91/2017 Điều 68 k2 [V2]). Read literally
    # ("lên": up); one published answer rounded to the nearest instead, so it is data, not a constant.
    bonus_round_up_to: int = 10_000


_LAW_2022 = (
    "Luật Thi đua, khen thưởng 2022",
    "Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022",
)

# Oldest first. A regime is in force from its date until the next one's (DOMAIN.md "Regimes"). A text whose
# descriptive title was not seen is cited by number, date and issuer only.
REGIMES: tuple[RegimeInfo, ...] = (
    # NĐ 91/2017 took effect on 01/10/2017 [V, DOMAIN S5]; the texts as a 2020 provincial decision cites them
    # (Phú Yên QĐ 31/2020/QĐ-UBND). The circular is the one of 2018, the customer's year: TT 12/2019/TT-BNV
    # replaced TT 08/2017 later (04/11/2019), which a 2020–2023 plan cites in its own legal basis.
    RegimeInfo(
        Regime.R2017,
        dt.date(2017, 10, 1),
        (
            ("Luật Thi đua, khen thưởng 2003", "Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003"),
            (
                "Luật sửa đổi, bổ sung 2005",
                "Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng ngày 14 tháng 6 năm 2005",
            ),
            (
                "Luật sửa đổi, bổ sung 2013",
                "Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng ngày 16 tháng 11 năm 2013",
            ),
            (
                "Nghị định 91/2017/NĐ-CP",
                "Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ "
                "quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
            ),
            (
                "Thông tư 08/2017/TT-BNV",
                "Thông tư số 08/2017/TT-BNV ngày 27 tháng 10 năm 2017 của Bộ trưởng Bộ Nội vụ "
                "quy định chi tiết thi hành một số điều của Nghị định số 91/2017/NĐ-CP",
            ),
        ),
    ),
    # Luật 06/2022/QH15 took effect on 01/01/2024 [V]; NĐ 98/2023 and TT 01/2024 guide it [DOMAIN S26].
    RegimeInfo(
        Regime.R2024,
        dt.date(2024, 1, 1),
        (
            _LAW_2022,
            (
                "Nghị định 98/2023/NĐ-CP",
                "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ "
                "quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
            ),
            (
                "Thông tư 01/2024/TT-BNV",
                "Thông tư số 01/2024/TT-BNV ngày 24 tháng 02 năm 2024 của Bộ trưởng Bộ Nội vụ",
            ),
        ),
    ),
    # NĐ 152/2025 Điều 59: in force 01/07/2025, NĐ 98/2023 ceases then [V]. Both titles as provincial
    # decisions cite them (Bắc Ninh QĐ 86/2025/QĐ-UBND) [V]. NĐ 152 Điều 60 k3 keeps NĐ 98's procedure for
    # dossiers sent before 01/07/2025 [V2]: regime_on(the dossier's date) gives that.
    # Not encoded: an amending law 06/2026/QH16 reported in force from 01/10/2026 (one weak source, research
    # 2025 "ALERT"); when verified it becomes the next regime here.
    RegimeInfo(
        Regime.R2025,
        dt.date(2025, 7, 1),
        (
            _LAW_2022,
            (
                "Nghị định 152/2025/NĐ-CP",
                "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, "
                "phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành "
                "một số điều của Luật Thi đua, khen thưởng",
            ),
            (
                "Thông tư 15/2025/TT-BNV",
                "Thông tư số 15/2025/TT-BNV ngày 04 tháng 8 năm 2025 của Bộ trưởng Bộ Nội vụ "
                "quy định biện pháp để tổ chức, hướng dẫn thi hành Luật Thi đua, khen thưởng "
                "và Nghị định số 152/2025/NĐ-CP",
            ),
        ),
    ),
)
_BY_REGIME = {info.regime: info for info in REGIMES}


def regime_info(regime: str) -> RegimeInfo:
    return _BY_REGIME[Regime(regime)]


def regime_on(day: dt.date) -> Regime:
    """The regime in force on `day`: what decides a bonus amount (the decision date). Before 01/10/2017 the
    earlier decrees applied; they are not modelled, R2017 stands for them."""
    current = REGIMES[0]
    for info in REGIMES:
        if info.in_force_from <= day:
            current = info
    return current.regime


def regime_texts(regime: str) -> tuple[tuple[str, str], ...]:
    """(short citation, full name) of each text of `regime`, for the "Căn cứ" lines of papers."""
    return regime_info(regime).texts


def legal_basis_lines(regime: str) -> str:
    """The "Căn cứ" lines of a plan or decision under `regime`, one per text."""
    return "\n".join(f"Căn cứ {full};" for _short, full in regime_texts(regime))


_COMMON = {
    # NĐ 91/2017 Art 9 k3 sets 15%; the plan repeats it. How to round is not written anywhere [U].
    "cstdcs_cap_percent": Decimal(15),
    "quota_rounding": "floor",
    # TT 18/2013 Art 8 excludes authors; excluding the head of their unit is a local practice [U].
    "initiative_exclude_unit_heads": False,
    # QĐ 394/2011 (Ninh Thuận): a provincial initiative counts for three years [V2, 2018 validity U].
    "provincial_initiative_years": 3,
    # "3 consecutive years" read as ending with the year judged [U].
    "cstd_tinh_includes_current_year": True,
    # The plan asks each unit for one dossier per phase; a supplementary one is the office's choice.
    "several_dossiers_per_phase": False,
    # DOMAIN §4.1: registration is a precondition [V2 S25]; whether for the title itself or for thi đua at
    # all (a 2015 Ninh Thuận answer says the latter suffices) is not settled: by title, the stricter reading.
    "registration_per_title": True,
    # Whether a merged or split unit's earlier grades and titles count for its successor (the years in a row
    # of Bằng khen, Cờ): no text found either way [U, research-2025.md §6]; off until the province says so.
    "count_predecessor_history": False,
}

_LAW_2022_DEFAULTS = {
    **_COMMON,
    # Luật 2022 / NĐ 98/2023 / NĐ 152/2025: the disciplinary exclusion of LĐTT is not verified [U]; kept,
    # asks review. (NĐ 152 Art 4 k4 holds rewards during a discipline review and counts achievements only
    # after the discipline period [V]: that is the holds' rule, not this one.)
    "discipline_bars_ldtt": True,
    # Luật 2022 Art 23 and NĐ 98/2023 set no CSTĐCS ratio [V2]; NĐ 152 none seen [U]. Only the plan's own
    # target limits the count unless the office turns the cap (cstdcs_cap_percent) on.
    "cstdcs_cap_applies": False,
    # Luật 2022 Art 23 k2 asks for an initiative "được cơ sở công nhận": one recognised by the province has
    # been recognised at a level that includes the base. The exclusion was Ninh Thuận's own rule under the old
    # law (QĐ 394/2011), and one initiative may serve one reward only (CV 5007/BNV-TĐKT), which the ledger
    # enforces: allowed by default.
    "provincial_initiative_for_cstdcs": True,
    # TT 01/2024/TT-BNV: no LĐTT for a person recruited less than 6 months before the year end [V2 S20];
    # TT 15/2025 replaced it, its text not found [U]: the same 6 kept.
    "ldtt_min_months_recruited": 6,
}

REGIME_DEFAULTS = {
    Regime.R2017: {
        **_COMMON,
        "discipline_bars_ldtt": True,  # NĐ 91/2017 Art 10 [V2]
        "cstdcs_cap_applies": True,  # NĐ 91/2017 Art 9 k3: at most 15% of the LĐTT [V]
        # Ninh Thuận QĐ 394/2011: a provincial-level initiative serves CSTĐ cấp tỉnh (for three years), not
        # CSTĐCS [V2 S27; in force in 2018 U]; the 2018 customer is Ninh Thuận, so the rule is on.
        "provincial_initiative_for_cstdcs": False,
        "ldtt_min_months_recruited": 10,  # NĐ 91/2017 Art 10: recruited less than 10 months [V2 S6]
    },
    Regime.R2024: dict(_LAW_2022_DEFAULTS),
    Regime.R2025: dict(_LAW_2022_DEFAULTS),
}


def defaults_for(regime: str) -> dict:
    return dict(REGIME_DEFAULTS.get(regime, REGIME_DEFAULTS[REGIMES[-1].regime]))


def campaign_rules(campaign: Campaign) -> CampaignRules:
    """The legal parameters `campaign` is judged by. A campaign made before they were data gets its
    regime's defaults once, and keeps them (emulation.legal)."""
    try:
        return campaign.rules
    except CampaignRules.DoesNotExist:
        rules, _created = CampaignRules.objects.get_or_create(
            campaign=campaign, defaults=defaults_for(campaign.regime)
        )
        campaign.rules = rules
        return rules
