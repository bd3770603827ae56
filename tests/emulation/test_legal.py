import datetime as dt
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict

from emulation.enums import Regime
from emulation.legal import REGIME_DEFAULTS, legal_basis_lines, regime_on, regime_texts
from emulation.services import campaign_copy, regime_for_year


@pytest.mark.parametrize(
    ("day", "regime"),
    [
        (dt.date(2017, 9, 30), Regime.R2017),  # before NĐ 91/2017: the earliest regime stands for it
        (dt.date(2017, 10, 1), Regime.R2017),
        (dt.date(2023, 12, 31), Regime.R2017),
        (dt.date(2024, 1, 1), Regime.R2024),
        (dt.date(2025, 6, 30), Regime.R2024),
        (dt.date(2025, 7, 1), Regime.R2025),
        (dt.date(2027, 3, 1), Regime.R2025),
    ],
)
def test_regime_on_at_the_edges(day, regime):
    assert regime_on(day) == regime


@pytest.mark.parametrize(
    ("year", "regime"),
    [
        (2018, Regime.R2017),
        (2023, Regime.R2017),
        (2024, Regime.R2024),
        (2025, Regime.R2025),
        (2026, Regime.R2025),
    ],
)
def test_regime_for_year_is_the_regime_on_the_31st_of_december(year, regime):
    assert regime_for_year(year) == regime


def test_regime_texts_of_r2025_cite_the_2022_law_and_decree_152():
    assert [short for short, _full in regime_texts(Regime.R2025)] == [
        "Luật Thi đua, khen thưởng 2022",
        "Nghị định 152/2025/NĐ-CP",
        "Thông tư 15/2025/TT-BNV",
    ]


def test_legal_basis_lines_never_cite_an_older_decree_under_r2025():
    lines = legal_basis_lines(Regime.R2025)

    assert (
        lines.splitlines()[0] == "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;"
    )
    assert "152/2025/NĐ-CP ngày 14 tháng 6 năm 2025" in lines
    assert "98/2023" not in lines
    assert "91/2017" not in lines


def test_campaign_copy_into_2026_is_r2025_with_its_defaults_and_texts(plan_2018):
    campaign = campaign_copy(source=plan_2018, year=2026)

    rules = model_to_dict(campaign.rules, exclude=["id", "campaign", "version"])
    assert campaign.regime == Regime.R2025
    assert rules == REGIME_DEFAULTS[Regime.R2025]
    assert (
        rules["registration_per_title"],
        rules["provincial_initiative_for_cstdcs"],
        rules["cstdcs_cap_applies"],
        rules["ldtt_min_months_recruited"],
    ) == (True, True, False, 6)
    assert campaign.legal_basis == legal_basis_lines(Regime.R2025)


def test_the_2018_plan_keeps_the_r2017_parameters(plan_2018):
    # The 2018 plan keeps provincial initiatives for CSTĐCS: its verdicts were judged so before the setting
    # existed (the legacy rule QĐ 394/2011 is unverified for 2018); the office may switch it on.
    rules = plan_2018.rules

    assert (
        rules.provincial_initiative_for_cstdcs,
        rules.cstdcs_cap_applies,
        rules.ldtt_min_months_recruited,
        rules.cstdcs_cap_percent,
    ) == (True, True, 10, Decimal(15))


def test_the_rules_page_lists_the_texts_of_the_campaigns_regime(client, cast, plan_2018):
    client.force_login(cast["council_member"])

    page = client.get("/campaigns/2018/rules/").content.decode()

    assert "Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017" in page
    assert "152/2025" not in page
