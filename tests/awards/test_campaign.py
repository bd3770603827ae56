"""Eligibility, reward history and targets against the database, with the 2018 demo data."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from awards.eligibility import campaign_eligibility
from awards.models import RewardRecord
from departments.models import Staff, Unit, User
from departments.selectors import units_existing_in
from emulation.models import Campaign, RegistrationLine, Title
from tests.factories import StaffFactory


@pytest.fixture
def demo(db):
    with override_settings(DEBUG=True):
        call_command("seed_demo", "--year", "2030", stdout=io.StringIO())
    return Campaign.objects.get(year=2018)


def test_every_registered_candidate_is_judged_with_citations(demo):
    judgements = campaign_eligibility(demo)

    individuals = RegistrationLine.objects.filter(registration__campaign=demo, title__isnull=False).count()
    collectives = demo.registrations.filter(collective_title__isnull=False).count()
    assert len(judgements) == individuals + collectives
    assert all(result.citation for judgement in judgements for result in judgement.results)


def test_demo_edge_cases_get_the_expected_verdicts(demo):
    verdicts = {(j.name, j.title): j for j in campaign_eligibility(demo)}
    by_code = {s.code: s.full_name for s in Staff.objects.filter(code__in=["BTTP-006", "HCTP-007"])}

    reprimanded = verdicts[(by_code["BTTP-006"], "LDTT")]
    warned = verdicts[(by_code["HCTP-007"], "LDTT")]

    assert {r.code: r.verdict for r in reprimanded.results}["discipline"] == "fail"
    assert {r.code: r.verdict for r in warned.results}["discipline"] == "fail"
    provincial = [j for j in verdicts.values() if j.title == "CSTD_TINH"]
    assert [j.verdict for j in provincial] == ["pass"]


def test_the_command_prints_the_same_verdicts_as_the_pages_of_every_unit(demo, client):
    out = io.StringIO()
    call_command("eligibility", "--campaign", "2018", "--json", stdout=out)
    client.force_login(User.objects.get(username="giamdoc"))
    url = reverse("awards:eligibility-overview", args=[2018])

    shown = []
    for code in units_existing_in(2018).order_by("display_order", "name").values_list("code", flat=True):
        shown += [
            (row.name, row.title, row.verdict) for row in client.get(url, {"unit": code}).context["paged"]
        ]

    printed = [(c["name"], c["title"], c["verdict"]) for c in json.loads(out.getvalue())["candidates"]]
    assert printed == shown


def test_a_secretary_sees_her_units_candidates_only(demo, client):
    client.force_login(User.objects.get(username="thuky-vp"))

    own = client.get(reverse("awards:eligibility-overview", args=[2018]), {"unit": "VP"})
    other = client.get(reverse("awards:eligibility-overview", args=[2018]), {"unit": "TTRA"})
    whole = client.get(reverse("awards:eligibility-overview", args=[2018]))

    assert {row.unit.name for row in own.context["paged"]} == {"Văn phòng Sở"}
    assert (other.status_code, whole.status_code) == (404, 403)


def test_dashboard_figures_equal_counts_computed_here(demo, client):
    client.force_login(User.objects.get(username="giamdoc"))

    context = client.get(reverse("awards:targets-dashboard", args=[2018])).context

    employed = Staff.objects.filter(recruited_on__year__lte=2018).exclude(left_on__year__lt=2018)
    ldtt = (
        RewardRecord.objects.filter(
            year=2018, staff__in=employed, title__code__in=["LDTT", "CSTDCS", "CSTD_TINH"]
        )
        .values("staff")
        .distinct()
        .count()
    )
    cstdcs = RewardRecord.objects.filter(
        year=2018, staff__in=employed, title__code__in=["CSTDCS", "CSTD_TINH"]
    ).count()
    units = units_existing_in(2018).count()
    unit_titles = RewardRecord.objects.filter(
        year=2018, unit__isnull=False, title__code__in=["TTLDTT", "TTLDXS"]
    ).count()
    assert ldtt > 0
    assert (context["achieved"]["staff"], context["achieved"]["ldtt"], context["achieved"]["cstdcs"]) == (
        employed.count(),
        ldtt,
        cstdcs,
    )
    achieved = {registered.target.code: achieved.figure for registered, achieved in context["targets"]}
    assert str(achieved["ca-nhan-ldtt"]) == f"{100 * ldtt / employed.count():.1f}"
    assert str(achieved["don-vi-ttldtt"]) == f"{100 * unit_titles / units:.1f}"


def test_targets_report_reads_back(demo, tmp_path):
    output = tmp_path / "chi-tieu.xlsx"

    call_command(
        "export_report", "targets", "--campaign", "2018", "--format", "xlsx", "--output", str(output)
    )

    sheet = load_workbook(io.BytesIO(output.read_bytes())).active
    # Since issue 10 the report is a Paper: the targets' sheet, its rows numbered in column A.
    texts = [row[1] for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)]
    assert texts == list(demo.targets.values_list("text", flat=True))


def test_reward_history_added_by_hand_and_duplicate_refused(demo, client):
    person = Staff.objects.get(code="VP-002")
    client.force_login(User.objects.get(username="thuongtruc"))
    url = reverse("awards:staff-rewards", args=[person.pk])
    data = {
        "year": 2014,
        "title": Title.objects.get(code="LDTT").pk,
        "decision_number": "30/QĐ-STP",
        "decision_date": "2014-12-20",
    }

    client.post(url, data)
    again = client.post(url, data)

    assert RewardRecord.objects.filter(staff=person, year=2014).count() == 1
    assert again.status_code == 200
    assert list(again.context["form"].non_field_errors()) == [
        "Cá nhân này đã có danh hiệu thi đua, hình thức khen thưởng này trong năm đó."
    ]


def test_reward_history_entry_refused_to_a_secretary(demo, client):
    person = Staff.objects.get(code="VP-002")
    client.force_login(User.objects.get(username="thuky-vp"))

    response = client.post(
        reverse("awards:staff-rewards", args=[person.pk]),
        {"year": 2014, "title": Title.objects.get(code="LDTT").pk, "decision_number": "30/QĐ-STP"},
    )

    assert response.status_code == 403
    assert RewardRecord.objects.filter(staff=person, year=2014).count() == 0


def test_reward_search_finds_people_without_diacritics(demo, client):
    person = StaffFactory(unit=Staff.objects.get(code="VP-001").unit, full_name="Khổng Tử Ưng", code="VP-099")
    client.force_login(User.objects.get(username="thuongtruc"))

    for query in ("khong tu ung", "KHỔNG", "Tử Ưng"):
        found = client.get(reverse("awards:reward-search"), {"q": query}).context["staff"]
        assert list(found) == [person], query


def test_record_belongs_to_a_person_or_a_unit(demo):
    with pytest.raises(IntegrityError), transaction.atomic():
        RewardRecord.objects.create(
            year=2018,
            title=Title.objects.get(code="LDTT"),
            staff=Staff.objects.first(),
            unit=Unit.objects.first(),
            decision_number="1/QĐ",
            entered_by=User.objects.first(),
            decision_date=dt.date(2018, 1, 1),
        )


def test_a_persons_reward_history_downloads_and_reads_back(demo, client):
    person = Staff.objects.get(code="VP-001")
    client.force_login(User.objects.get(username="thuongtruc"))

    xlsx = client.get(reverse("awards:staff-rewards-file", args=[person.pk, "xlsx"]))
    pdf = client.get(reverse("awards:staff-rewards-file", args=[person.pk, "pdf"]))

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = {cell.value for row in sheet.iter_rows() for cell in row if cell.value}
    expected = {record.decision_number for record in person.rewards.all()}
    assert expected
    assert expected <= cells
    assert xlsx["Content-Disposition"] == 'attachment; filename="khen-thuong-VP-001.xlsx"'
    assert pdf.content[:4] == b"%PDF"
