import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from emulation.bonus import bonus_amount
from emulation.models import BaseSalary, BonusRate, Title


@pytest.fixture
def reference(plan_2018):
    call_command("loaddata", "bonus", verbosity=0)


def title(code):
    return Title.objects.get(code=code)


def test_bonus_of_a_ldtt_changes_with_the_base_salary_of_the_decision_date(reference):
    before = bonus_amount(title("LDTT"), dt.date(2024, 6, 30))
    after = bonus_amount(title("LDTT"), dt.date(2024, 7, 1))

    assert before[:3] == (Decimal("0.30"), 1_800_000, 540_000)
    # 0.3 × 2,340,000 = 702,000, rounded up to the next 10,000 đồng (NĐ 152/2025 Điều 49).
    assert after[:3] == (Decimal("0.30"), 2_340_000, 710_000)


@pytest.mark.parametrize(
    ("day", "base", "regime_text"),
    [
        (dt.date(2018, 12, 20), 1_390_000, "Nghị định số 91/2017/NĐ-CP"),
        (dt.date(2025, 6, 30), 2_340_000, "Nghị định số 98/2023/NĐ-CP"),
        (dt.date(2025, 7, 1), 2_340_000, "Nghị định số 152/2025/NĐ-CP"),
    ],
)
def test_bonus_of_a_cstdcs_under_each_regime(reference, day, base, regime_text):
    coefficient, base_salary, amount, legal_basis = bonus_amount(title("CSTDCS"), day)

    assert (coefficient, base_salary, amount) == (Decimal("1.00"), base, base)
    assert legal_basis.startswith(regime_text)


def test_bonus_of_a_title_for_both_needs_the_subject(reference):
    with pytest.raises(ValidationError) as error:
        bonus_amount(title("GK_GD"), dt.date(2018, 12, 20))

    assert error.value.code == "subject_needed"
    # 0.6 × 1,390,000 = 834,000, rounded up.
    assert bonus_amount(title("GK_GD"), dt.date(2018, 12, 20), "collective").amount == 840_000


def test_bang_khen_of_the_province_under_decree_152(reference):
    assert bonus_amount(title("BK_UBND"), dt.date(2025, 12, 20), "individual")[:3] == (
        Decimal("1.50"),
        2_340_000,
        3_510_000,
    )


def test_the_2026_base_salary_applies_from_its_date(reference):
    assert bonus_amount(title("LDTT"), dt.date(2026, 6, 30)).amount == 710_000
    # 0.3 × 2,530,000 = 759,000, rounded up.
    assert bonus_amount(title("LDTT"), dt.date(2026, 7, 1)).amount == 760_000


def test_bonus_without_a_rate_is_refused(reference):
    with pytest.raises(ValidationError) as error:
        bonus_amount(title("GK_GD"), dt.date(2025, 12, 20), "individual")

    assert error.value.messages == [
        "Chưa có mức thưởng của “Giấy khen của Giám đốc Sở” (Cá nhân) theo "
        "Luật Thi đua, khen thưởng 2022 và Nghị định 152/2025/NĐ-CP."
    ]


def test_bonus_before_any_base_salary_is_refused(reference):
    with pytest.raises(ValidationError) as error:
        bonus_amount(title("LDTT"), dt.date(2012, 12, 20))

    assert error.value.code == "no_salary"


def test_two_base_salaries_from_one_date_refused(reference):
    duplicate = BaseSalary(valid_from=dt.date(2024, 7, 1), amount=2_500_000, legal_basis="Thử")

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert error.value.messages == ["Đã có mức lương cơ sở từ ngày này."]


def test_two_rates_of_one_title_under_one_regime_refused(reference):
    duplicate = BonusRate(
        title=title("LDTT"),
        regime="R2025",
        subject="individual",
        coefficient=Decimal("0.4"),
        legal_basis="Thử",
    )

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert error.value.messages == ["Danh hiệu này đã có mức thưởng theo chế độ này cho đối tượng này."]


def test_the_bonus_page_lists_the_reference_data(reference, client, cast):
    client.force_login(cast["secretary"])

    response = client.get("/campaigns/bonuses/")

    assert response.status_code == 200
    assert "2.340.000" in response.content.decode()


def test_the_admin_refuses_a_second_base_salary_from_one_date(reference, client, cast):
    client.force_login(cast["administrator"])

    response = client.post(
        "/admin/emulation/basesalary/add/",
        {"valid_from": "2024-07-01", "amount": "2500000", "legal_basis": "Thử"},
    )

    assert response.status_code == 200
    assert "Đã có mức lương cơ sở từ ngày này." in response.content.decode()
    assert BaseSalary.objects.filter(valid_from=dt.date(2024, 7, 1)).get().amount == 2_340_000
