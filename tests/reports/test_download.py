"""One way to get every report of the registry (a background job: reports/services.py), with the same
permission the pages show."""

import pytest
from django.urls import reverse

from reports.registry import EXPORTERS
from tests.exporting import export_report


@pytest.mark.parametrize("identifier", sorted(EXPORTERS))
@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_the_standing_office_downloads_every_report(client, cast, plan_2018, identifier, fmt):
    client.force_login(cast["standing_office"])

    response = export_report(client, 2018, identifier, fmt)

    assert response.status_code == 200
    name = EXPORTERS[identifier].filename(2018, fmt)
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response.content[:4] == (b"PK\x03\x04" if fmt == "xlsx" else b"%PDF")


def test_a_secretary_gets_her_units_part_of_a_unit_scoped_report(client, cast, plan_2018):
    client.force_login(cast["secretary"])

    response = export_report(client, 2018, "nominations", "xlsx")

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-2018-VP.xlsx"')


def test_a_council_member_without_a_unit_neither_sees_nor_gets_the_list(client, cast, plan_2018):
    client.force_login(cast["council_member"])

    page = client.get(reverse("awards:dossier-list"))
    response = export_report(client, 2018, "nominations", "xlsx")

    assert page.context["downloadable"]["nominations"] is False
    assert "download-nominations-xlsx" not in page.content.decode()
    assert response.status_code == 403


def test_an_unknown_report_or_format_is_404(client, cast, plan_2018):
    client.force_login(cast["standing_office"])

    assert export_report(client, 2018, "nope", "pdf").status_code == 404
    assert export_report(client, 2018, "targets", "odt").status_code == 404


# --- Issue 10: the document's date comes from the user --------------------------------------------------


def _place_and_date(content: bytes) -> str:
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    return next(
        cell.value
        for row in sheet.iter_rows(max_row=3)
        for cell in row
        if isinstance(cell.value, str) and ", ngày " in cell.value
    )


@pytest.mark.parametrize("typed", ["20/12/2018", "2018-12-20", " 20/12/2018 "])
@pytest.mark.parametrize("identifier", sorted(EXPORTERS))
def test_every_report_is_dated_as_the_user_asks(client, cast, plan_2018, identifier, typed):
    client.force_login(cast["standing_office"])

    response = export_report(client, 2018, identifier, "xlsx", {"date": typed})

    assert response.status_code == 200
    assert _place_and_date(response.content) == "Ninh Thuận, ngày 20 tháng 12 năm 2018"


@pytest.mark.parametrize("typed", ["31/02/2018", "20-12-2018", "hôm qua", "2018/12/20"])
def test_a_bad_document_date_is_refused_in_vietnamese(client, cast, plan_2018, typed):
    client.force_login(cast["standing_office"])

    response = export_report(client, 2018, "registrations", "pdf", {"date": typed})

    assert response.status_code == 400
    assert f"“{typed}” không phải là ngày" in response.content.decode()


def test_a_date_before_any_name_of_the_department_is_refused(client, cast, plan_2018):
    from departments.models import DepartmentPeriod

    first = DepartmentPeriod.objects.order_by("valid_from").first().valid_from
    before = first.replace(year=first.year - 1)
    client.force_login(cast["standing_office"])

    response = export_report(client, 2018, "targets", "pdf", {"date": f"{before:%d/%m/%Y}"})

    assert response.status_code == 400
    assert f"Chưa có tên Sở cho ngày {before:%d/%m/%Y}" in response.content.decode()


def test_the_page_shows_the_date_field_beside_the_buttons(client, cast, plan_2018):
    client.force_login(cast["standing_office"])

    page = client.get(reverse("emulation:registration-overview", args=[2018])).content.decode()

    assert 'data-testid="date-registrations"' in page
    assert 'name="date"' in page
