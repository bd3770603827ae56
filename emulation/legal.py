"""Defaults of the legal parameters per regime, each with why it is what it is (DOMAIN.md §3, §6).

A campaign takes these when it is created and keeps its own copy (emulation.models.CampaignRules):
changing a value here changes only campaigns created afterwards.
"""

from decimal import Decimal

from emulation.enums import Regime
from emulation.models import Campaign, CampaignRules

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
}

REGIME_DEFAULTS = {
    Regime.R2017: {**_COMMON, "discipline_bars_ldtt": True},  # NĐ 91/2017 Art 10 [V2]
    # Luật 2022 / NĐ 98/2023: the disciplinary exclusion of LĐTT is not verified [U]; kept, asks review.
    Regime.R2024: {**_COMMON, "discipline_bars_ldtt": True},
}


def defaults_for(regime: str) -> dict:
    return dict(REGIME_DEFAULTS.get(regime, REGIME_DEFAULTS[Regime.R2024]))


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
