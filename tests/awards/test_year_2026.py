"""Issue 11, done when: a 2026 campaign of the merged Department runs beside the 2018 one. Every verdict
cites the law in force; every paper names the organisation as it was on its date."""

import io
import subprocess

import pytest
from django.core.management import call_command
from django.test import override_settings

from awards.eligibility import campaign_eligibility
from departments.models import Staff, StaffYear, Unit
from emulation.enums import Regime, RegistrationState
from emulation.models import Campaign, Registration, RegistrationLine, Title

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    with override_settings(DEBUG=True):
        call_command("seed_demo", "--year", "2030", stdout=io.StringIO())
    return Campaign.objects.get(year=2018), Campaign.objects.get(year=2026)


@pytest.fixture
def merged_unit_registered(demo):
    """The unit formed by the 2025 merger registers all its people for LĐTT and itself for TTLĐTT in 2026."""
    _plan, year_2026 = demo
    merged = Unit.objects.get(code="XDKTVB")
    sheet = Registration.objects.create(
        campaign=year_2026,
        unit=merged,
        state=RegistrationState.ACCEPTED,
        collective_title=Title.objects.get(code="TTLDTT"),
    )
    for person in Staff.objects.filter(unit=merged, left_on__isnull=True):
        RegistrationLine.objects.create(
            registration=sheet, staff=person, title=Title.objects.get(code="LDTT")
        )
        StaffYear.objects.create(staff=person, year=2026, task_grade="HTTNV")
    return merged


def test_the_2026_campaign_is_judged_under_the_2025_regime(demo, merged_unit_registered):
    plan, year_2026 = demo

    judgements = campaign_eligibility(year_2026)
    citations = " ".join(r.citation for j in judgements for r in j.results)

    assert (plan.regime, year_2026.regime) == (Regime.R2017, Regime.R2025)
    # The 2018 unit merged into it is gone in 2026; its people are judged in the merged unit.
    assert {j.unit_id for j in judgements} == {merged_unit_registered.pk}
    assert (
        len(judgements) == 1 + Staff.objects.filter(unit=merged_unit_registered, left_on__isnull=True).count()
    )
    assert ("152/2025" in citations, "91/2017" in citations, "98/2023" in citations) == (True, False, False)
    assert all(r.citation for j in judgements for r in j.results)


def test_2018_is_still_judged_on_2018s_units_and_law(demo):
    plan, _year_2026 = demo

    judgements = campaign_eligibility(plan)
    citations = " ".join(r.citation for j in judgements for r in j.results)

    assert Unit.objects.get(code="PBGDPL").pk in {j.unit_id for j in judgements}
    assert ("91/2017" in citations, "152/2025" in citations) == (True, False)


def _pdf_text(kind: str, year: int, tmp_path) -> str:
    path = tmp_path / f"{kind}-{year}.pdf"
    call_command(
        "export_report",
        kind,
        "--campaign",
        str(year),
        "--format",
        "pdf",
        "--output",
        str(path),
        stdout=io.StringIO(),
    )
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())  # a name wrapped in its cell reads as one line


def test_each_years_paper_names_the_province_of_its_date(demo, merged_unit_registered, tmp_path):
    # The 2018 summary went to Sở Nội vụ on 07/02/2018; the 2026 one is dated today (after 01/07/2025).
    text_2018 = _pdf_text("registrations", 2018, tmp_path)
    text_2026 = _pdf_text("registrations", 2026, tmp_path)

    assert ("NINH THUẬN" in text_2018, "KHÁNH HÒA" in text_2018) == (True, False)
    assert ("KHÁNH HÒA" in text_2026, "NINH THUẬN" in text_2026) == (True, False)
    # The merged unit under its 2025 name in 2026, the unit merged into it under its own name in 2018.
    merged, absorbed = "Xây dựng, kiểm tra văn bản và Phổ biến", "Phòng Phổ biến, giáo dục pháp luật"
    assert (merged in text_2026, absorbed in text_2026) == (True, False)
    assert (merged in text_2018, absorbed in text_2018) == (False, True)
