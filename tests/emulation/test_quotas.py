from decimal import Decimal

import pytest

from emulation.quotas import QuotaLimits, cstdcs_cap, quota_limits, quota_warnings
from emulation.services import campaign_copy

LIMITS = QuotaLimits(Decimal(15), Decimal(70), "NĐ 91/2017 Điều 9 khoản 3", "Kế hoạch")


@pytest.mark.parametrize(
    ("rounding", "ldtt", "cap"),
    [
        ("floor", 7, 1),  # 1.05
        ("round", 7, 1),
        ("ceil", 7, 2),
        ("floor", 6, 0),  # 0.9
        ("round", 6, 1),
        ("ceil", 6, 1),
        ("floor", 10, 1),  # 1.5
        ("round", 10, 2),
        ("floor", 20, 3),  # exactly 3
        ("ceil", 20, 3),
        ("floor", 0, 0),
        ("floor", 30, 4),  # exactly half: 4.5
        ("round", 30, 5),
        ("ceil", 30, 5),
    ],
)
def test_cstdcs_cap_with_each_rounding(rounding, ldtt, cap):
    assert cstdcs_cap(ldtt, Decimal(15), rounding) == cap


@pytest.mark.parametrize(
    ("ldtt", "cstdcs", "expected"),
    [
        (20, 3, []),
        (20, 4, ["Số Chiến sĩ thi đua cơ sở (4) vượt quá 15% số Lao động tiên tiến (20): tối đa 3."]),
        (7, 1, []),
        (7, 2, ["Số Chiến sĩ thi đua cơ sở (2) vượt quá 15% số Lao động tiên tiến (7): tối đa 1."]),
    ],
)
def test_cap_warning_per_unit(ldtt, cstdcs, expected):
    warnings = quota_warnings(
        limits=LIMITS, ldtt=ldtt, cstdcs=cstdcs, cstdcs_leaders=0, department_wide=False
    )

    assert [w.message for w in warnings] == expected
    assert {w.citation for w in warnings} <= {"NĐ 91/2017 Điều 9 khoản 3"}


@pytest.mark.parametrize(
    ("cstdcs", "leaders", "warned"),
    [
        (10, 6, False),  # 60%
        (10, 7, True),  # exactly 70%: "under 70%" is broken
        (1000, 699, False),  # 69.9%
        (3, 2, False),  # 66.7%
        (3, 3, True),
        (0, 0, False),
    ],
)
def test_leader_split_department_wide(cstdcs, leaders, warned):
    warnings = quota_warnings(
        limits=LIMITS, ldtt=10_000, cstdcs=cstdcs, cstdcs_leaders=leaders, department_wide=True
    )

    assert [w.citation for w in warnings] == (["Kế hoạch"] if warned else [])


def test_leader_split_not_checked_per_unit():
    warnings = quota_warnings(limits=LIMITS, ldtt=7, cstdcs=1, cstdcs_leaders=1, department_wide=False)

    assert warnings == []


def test_leader_warning_text():
    (warning,) = quota_warnings(limits=LIMITS, ldtt=100, cstdcs=8, cstdcs_leaders=6, department_wide=True)

    assert warning.message == "Lãnh đạo, quản lý chiếm 75% số Chiến sĩ thi đua cơ sở; chỉ tiêu là dưới 70%."


def test_limits_of_the_2018_plan_cite_the_decree(plan_2018):
    limits = quota_limits(plan_2018)

    assert (limits.cstdcs_percent, limits.leader_percent) == (Decimal(15), Decimal(70))
    assert limits.cstdcs_citation == "Nghị định 91/2017/NĐ-CP, Điều 9 khoản 3"
    assert limits.leader_citation == "Chỉ tiêu của Kế hoạch thi đua năm 2018"


def test_limits_under_r2024_cite_only_the_plan(plan_2018):
    campaign = campaign_copy(source=plan_2018, year=2025)

    limits = quota_limits(campaign)

    assert (limits.cstdcs_percent, limits.cstdcs_citation) == (
        Decimal(15),
        "Chỉ tiêu của Kế hoạch thi đua năm 2025",
    )


def test_limits_without_plan_target_fall_back_to_the_legal_cap_under_r2017(plan_2018):
    plan_2018.targets.filter(code="ca-nhan-cstdcs").delete()

    assert quota_limits(plan_2018).cstdcs_percent == Decimal(15)


def test_a_cap_turned_on_under_r2025_applies_and_cites_the_campaigns_parameters(plan_2018):
    campaign = campaign_copy(source=plan_2018, year=2025)
    campaign.targets.filter(code="ca-nhan-cstdcs").delete()
    assert quota_limits(campaign).cstdcs_percent is None  # the 2022 Law sets no ratio
    campaign.rules.cstdcs_cap_applies = True
    campaign.rules.save()

    limits = quota_limits(campaign)

    assert (limits.cstdcs_percent, limits.cstdcs_citation) == (
        Decimal(15),
        "Tham số pháp lý của phong trào thi đua năm 2025",
    )
