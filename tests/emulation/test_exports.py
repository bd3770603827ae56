"""The registration summary for Sở Nội vụ, in Excel and PDF, read back from the files themselves."""

import datetime as dt
import io
import re
import shutil
import subprocess
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from openpyxl import load_workbook

from core.documents import document_pdf, document_xlsx
from emulation.exports import registrations_document
from emulation.models import Title
from emulation.services import LineInput, extension_grant, registration_save
from tests.factories import StaffFactory, UnitFactory

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
NEEDS_POPPLER = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="poppler-utils is not installed (apt-get install poppler-utils): PDF text cannot be read back.",
)


@pytest.fixture
def registered(plan_2018, cast, unit, other_unit):
    """Two units: VP registers TTLĐXS with 7 people (1 CSTĐCS leader), TTRA has not started."""
    titles = {t.code: t for t in Title.objects.all()}
    people = [
        StaffFactory(unit=unit, full_name=f"Nguyễn Văn Đạt {i}", code=f"VP-{i:03d}") for i in range(1, 8)
    ]
    people[0].is_leader = True
    people[0].save()
    StaffFactory(unit=other_unit, code="TTRA-001")
    lines = [LineInput(people[0], titles["CSTDCS"], titles["GK_GD"])]
    lines += [LineInput(person, titles["LDTT"]) for person in people[1:]]
    with time_machine.travel(dt.datetime(2018, 1, 10, 9, tzinfo=HCM), tick=False):
        registration_save(
            campaign=plan_2018,
            unit=unit,
            by=cast["secretary"],
            version=None,
            collective_title=titles["TTLDXS"],
            collective_reward=None,
            commitment="",
            lines=lines,
        )
        extension_grant(
            deadline=plan_2018.deadlines.get(kind="registration"),
            unit=other_unit,
            due_at=dt.datetime(2018, 1, 20, tzinfo=HCM),
            reason="Đơn vị mới thành lập",
            by=cast["standing_office"],
        )
    return plan_2018


def test_xlsx_holds_every_unit_and_count_as_numbers(registered):
    book = load_workbook(io.BytesIO(document_xlsx(registrations_document(registered))))
    sheet = book.active

    header = [cell.value for cell in sheet[8]]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=9, max_row=11)]

    assert sheet["A1"].value == "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN"
    assert sheet["A2"].value == "SỞ TƯ PHÁP"
    assert sheet.cell(row=1, column=6).value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert sheet["A5"].value == "BẢNG TỔNG HỢP ĐĂNG KÝ THI ĐUA NĂM 2018"
    assert header[:6] == ["STT", "Đơn vị", "Tổng số CBCCVC-NLĐ", "Tập thể đăng ký", "LĐTT", "Số CSTĐCS"]
    assert rows[0][:10] == [1, "Văn phòng Sở", 7, "Tập thể LĐXS", 7, 1, "Nguyễn Văn Đạt 1", None, 1, 0]
    assert rows[1][:6] == [2, "Thanh tra Sở", 1, None, 0, 0]
    assert "gia hạn đến 20/01/2018" in rows[1][10]
    # The summed totals are formulas over the rows above (a spreadsheet shows 8, 7 and 1).
    assert rows[2][:6] == [
        None,
        "Tổng cộng",
        "=SUBTOTAL(9,C9:C10)",
        "1 TTLĐTT, 1 TTLĐXS",
        "=SUBTOTAL(9,E9:E10)",
        "=SUBTOTAL(9,F9:F10)",
    ]
    assert sheet.freeze_panes == "A9"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4


def test_xlsx_unit_filter_keeps_one_unit(registered, unit):
    sheet = load_workbook(io.BytesIO(document_xlsx(registrations_document(registered, unit=unit)))).active

    assert [sheet.cell(row=r, column=2).value for r in (9, 10)] == ["Văn phòng Sở", "Tổng cộng"]


def test_xlsx_escapes_text_that_looks_like_a_formula(registered):
    UnitFactory(code="EVIL", name='=HYPERLINK("http://x")')

    sheet = load_workbook(io.BytesIO(document_xlsx(registrations_document(registered)))).active

    names = [sheet.cell(row=r, column=2).value for r in range(9, 13)]
    assert '=HYPERLINK("http://x")' in names  # the text as typed, stored as text
    assert all(sheet.cell(row=r, column=2).data_type == "s" for r in range(9, 13))


@NEEDS_POPPLER
def test_pdf_text_has_national_title_units_counts_and_diacritics(registered, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(document_pdf(registrations_document(registered)))

    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout

    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "BẢNG TỔNG HỢP ĐĂNG KÝ THI ĐUA NĂM 2018" in text
    assert "Văn phòng Sở" in text
    assert "Thanh tra Sở" in text
    assert "Nguyễn Văn Đạt 1" in text
    assert "Đơn vị mới thành lập" in text
    assert "GIÁM ĐỐC" in text
    # Embedded, subset font of our own: no system font needed to print it.
    font_lines = [line for line in fonts.splitlines()[2:] if line.strip()]
    assert {line.split()[0].split("+")[1].split("-")[0] for line in font_lines} == {"ThiDuaSerif"}
    assert [" yes yes " in line for line in font_lines] == [True] * len(font_lines)


@NEEDS_POPPLER
def test_pdf_is_a4_landscape(registered, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(document_pdf(registrations_document(registered)))

    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout

    assert re.search(r"Page size: +841\.89 x 595\.2\d* pts \(A4\)", info)


def test_export_report_command_writes_the_same_xlsx(registered, tmp_path):
    output = tmp_path / "dang-ky.xlsx"

    call_command(
        "export_report", "registrations", "--campaign", "2018", "--format", "xlsx", "--output", str(output)
    )

    from_command = load_workbook(output).active
    from_function = load_workbook(io.BytesIO(document_xlsx(registrations_document(registered)))).active
    assert [[c.value for c in row] for row in from_command.iter_rows(min_row=8)] == [
        [c.value for c in row] for row in from_function.iter_rows(min_row=8)
    ]


def test_export_report_command_pdf_and_unit(registered, tmp_path):
    output = tmp_path / "vp.pdf"

    call_command(
        "export_report",
        "registrations",
        "--campaign",
        "2018",
        "--format",
        "pdf",
        "--output",
        str(output),
        "--unit",
        "VP",
    )

    assert output.read_bytes().startswith(b"%PDF-")


def test_export_report_command_unknown_campaign_says_so(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có phong trào thi đua năm 2031"):
        call_command(
            "export_report",
            "registrations",
            "--campaign",
            "2031",
            "--format",
            "pdf",
            "--output",
            str(tmp_path / "x"),
        )
