"""Text typed into the system never becomes a live formula in a workbook we write, and reads as typed."""

import io
import re

import pytest
from openpyxl import Workbook, load_workbook

from core.documents import cell_write
from departments.models import DepartmentPeriod
from departments.yearsheet import write_year_sheet
from emulation.enums import TitleCode
from emulation.models import Registration, RegistrationLine, Title
from reports.registry import EXPORTERS
from tests.exporting import export_report
from tests.factories import StaffFactory

HYPERLINK = '=HYPERLINK("http://x","y")'
# The only formulas a report writes (issue 10): its own totals over its own cells, never a typed text.
TOTAL_FORMULA = re.compile(
    r"=(SUBTOTAL\(9,[A-Z]+\d+:[A-Z]+\d+\)|SUM\([A-Z]+\d+:[A-Z]+\d+\)|[A-Z]+\d+(\+[A-Z]+\d+)*)"
)


def reread(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def cells(sheet) -> list:
    return [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]


@pytest.mark.parametrize("text", ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", HYPERLINK, "#N/A"])
def test_cell_write_text_read_back_as_the_same_text(text):
    book = Workbook()
    cell_write(book.active, 1, 1, text)
    out = io.BytesIO()
    book.save(out)

    cell = reread(out.getvalue())["A1"]

    assert (cell.value, cell.data_type) == (text, "s")


def test_cell_write_text_a_spreadsheet_would_run_stays_text_when_edited():
    sheet = Workbook().active

    risky, plain = cell_write(sheet, 1, 1, "=1+1"), cell_write(sheet, 1, 2, "Nguyễn Văn A")

    assert (risky.quotePrefix, plain.quotePrefix) == (True, False)


def test_cell_write_numbers_stay_numbers():
    sheet = Workbook().active

    cell = cell_write(sheet, 1, 1, -3)

    assert (cell.value, cell.data_type) == (-3, "n")


@pytest.fixture
def hostile_names(plan_2018, unit):
    """The issuing body, the Department, the place, a unit and a person named as formulas."""
    DepartmentPeriod.objects.update(governing_body=HYPERLINK, name="@SUM(A1)", place_name="-2+3")
    unit.name = "+CMD|' /C calc'!A0"
    unit.save()
    person = StaffFactory(unit=unit, full_name="=1+1")
    # Sent: since issue 10 the summary leaves draft sheets out.
    registration = Registration.objects.create(campaign=plan_2018, unit=unit, state="submitted")
    RegistrationLine.objects.create(
        registration=registration, staff=person, title=Title.objects.get(code=TitleCode.CSTDCS)
    )
    return person


@pytest.mark.parametrize("identifier", sorted(EXPORTERS))
def test_report_workbook_holds_no_formula(client, cast, hostile_names, identifier):
    client.force_login(cast["standing_office"])

    response = export_report(client, 2018, identifier, "xlsx")
    sheet = reread(response.content)

    formulas = [
        cell for book_sheet in sheet.parent.worksheets for cell in cells(book_sheet) if cell.data_type == "f"
    ]
    assert [cell.coordinate for cell in formulas if not TOTAL_FORMULA.fullmatch(cell.value)] == []
    assert sheet["A1"].value == HYPERLINK.upper()  # the issuing body, in capitals as on paper
    assert sheet["A2"].value == "@SUM(A1)"
    assert any(str(cell.value).startswith("-2+3, ngày") for cell in cells(sheet))  # place and date


def test_registration_report_keeps_the_names_as_typed(client, cast, hostile_names):
    client.force_login(cast["standing_office"])

    response = export_report(client, 2018, "registrations", "xlsx")
    values = [cell.value for cell in cells(reread(response.content))]

    assert "+CMD|' /C calc'!A0" in values
    assert "=1+1" in values


def test_year_sheet_holds_no_formula_and_keeps_the_names(hostile_names, unit):
    sheet = reread(write_year_sheet(unit, 2018, [(hostile_names, None)]))

    assert [cell.coordinate for cell in cells(sheet) if cell.data_type == "f"] == []
    assert sheet["A1"].value.startswith("+CMD|' /C calc'!A0 — ")
    assert sheet["B3"].value == "=1+1"
