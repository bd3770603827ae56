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
from emulation.exports import registered_people_document, registrations_document
from emulation.models import Registration, RegistrationLine, Title
from emulation.services import LineInput, extension_grant, registration_save, registration_transition
from tests.factories import StaffFactory, UnitFactory

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
NEEDS_POPPLER = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="poppler-utils is not installed (apt-get install poppler-utils): PDF text cannot be read back.",
)


@pytest.fixture
def registered(plan_2018, cast, unit, other_unit):
    """Two units: VP registers TTLĐXS with 7 people (1 CSTĐCS leader) and sends its sheet, TTRA has not
    started."""
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
        sheet = registration_save(
            campaign=plan_2018,
            unit=unit,
            by=cast["secretary"],
            version=None,
            collective_title=titles["TTLDXS"],
            collective_reward=None,
            commitment="",
            lines=lines,
        )
        # Issue 10: only sent sheets count in the summary (the fixture's sheet was a draft before).
        registration_transition(registration=sheet, to_state="submitted", by=cast["secretary"])
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
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=9, max_row=12)]

    assert sheet["A1"].value == "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN"
    assert sheet["A2"].value == "SỞ TƯ PHÁP"
    assert sheet.cell(row=1, column=6).value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert sheet["A5"].value == "BẢNG TỔNG HỢP ĐĂNG KÝ THI ĐUA NĂM 2018"
    assert header[:6] == ["STT", "Đơn vị", "Tổng số CBCCVC-NLĐ", "Tập thể đăng ký", "LĐTT", "Số CSTĐCS"]
    # Issue 10: the Department's own registration (its Cờ, from the plan) comes first, and the collective
    # total reads "n đơn vị đăng ký TTLĐTT, trong đó m TTLĐXS".
    assert rows[0][:4] == [
        None,
        "Sở Tư pháp (tập thể Sở)",
        None,
        "Cờ thi đua UBND tỉnh hoặc Cờ thi đua Bộ Tư pháp",
    ]
    assert rows[1][:10] == [1, "Văn phòng Sở", 7, "Tập thể LĐXS", 7, 1, "Nguyễn Văn Đạt 1", None, 1, 0]
    assert rows[2][:6] == [2, "Thanh tra Sở", 1, None, 0, 0]
    assert "gia hạn đến 20/01/2018" in rows[2][10]
    # The summed totals are formulas over the rows above (a spreadsheet shows 8, 7 and 1).
    assert rows[3][:6] == [
        None,
        "Tổng cộng",
        "=SUBTOTAL(9,C9:C11)",
        "1 đơn vị đăng ký TTLĐTT, trong đó 1 TTLĐXS",
        "=SUBTOTAL(9,E9:E11)",
        "=SUBTOTAL(9,F9:F11)",
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


# --- Issue 10: the summary corrected ---------------------------------------------------------------------


def rows_of(campaign, **kwargs):
    """The summary's rows (its total last) and notes, as the report computes them (the workbook writes
    the summed totals as formulas)."""
    document = registrations_document(campaign, **kwargs)
    return [*document.rows, document.totals], document.notes


def test_staff_are_counted_as_they_were_in_the_campaign_year(registered, unit):
    StaffFactory(unit=unit, code="VP-NEW", recruited_on=dt.date(2020, 3, 1))  # came after 2018
    StaffFactory(unit=unit, code="VP-NEW2", recruited_on=dt.date(2021, 3, 1))
    StaffFactory(unit=unit, code="VP-OLD", recruited_on=dt.date(2010, 1, 1), left_on=dt.date(2018, 3, 31))
    StaffFactory(unit=unit, code="VP-GONE", recruited_on=dt.date(2010, 1, 1), left_on=dt.date(2017, 12, 31))

    rows, _notes = rows_of(registered)

    # 7 of the sheet, and the one who left in March 2018; not the later recruits, not the 2017 leaver
    # (today's roster would say 9: the 7 and the two recruits)
    by_name = {row[1]: row[2] for row in rows}
    assert (by_name["Văn phòng Sở"], by_name["Thanh tra Sở"], by_name["Tổng cộng"]) == (8, 1, 9)


def test_a_draft_sheet_is_left_out_and_a_returned_one_flagged(registered, cast, other_unit):
    titles = {t.code: t for t in Title.objects.all()}
    person = other_unit.staff.get()
    third = UnitFactory(code="TGPL", name="Trung tâm Trợ giúp pháp lý", display_order=50)
    helper = StaffFactory(unit=third, code="TGPL-001")
    # Written directly: the sheets' workflow is tested elsewhere, the summary reads their states.
    draft = Registration.objects.create(
        campaign=registered, unit=other_unit, collective_title=titles["TTLDXS"]
    )
    RegistrationLine.objects.create(registration=draft, staff=person, title=titles["CSTDCS"])
    returned = Registration.objects.create(
        campaign=registered, unit=third, collective_title=titles["TTLDTT"], state="returned"
    )
    RegistrationLine.objects.create(registration=returned, staff=helper, title=titles["LDTT"])

    rows, _notes = rows_of(registered)

    by_name = {row[1]: row for row in rows}
    assert by_name["Thanh tra Sở"][3:8] == ["", 0, 0, "", ""]
    assert by_name["Trung tâm Trợ giúp pháp lý"][3:6] == ["", 0, 0]
    assert (
        by_name["Trung tâm Trợ giúp pháp lý"][10] == "bị trả lại: chưa tính vào tổng hợp cho đến khi gửi lại"
    )
    assert by_name["Tổng cộng"][3:6] == ["1 đơn vị đăng ký TTLĐTT, trong đó 1 TTLĐXS", 7, 1]


def test_each_quota_warning_names_its_unit(registered, cast, unit):
    titles = {t.code: t for t in Title.objects.all()}
    sheet = registered.registrations.get(unit=unit)
    people = list(unit.staff.order_by("code"))
    lines = [LineInput(person, titles["CSTDCS"]) for person in people[:3]]
    lines += [LineInput(person, titles["LDTT"]) for person in people[3:]]
    with time_machine.travel(dt.datetime(2018, 1, 12, 9, tzinfo=HCM), tick=False):
        registration_transition(
            registration=sheet, to_state="returned", by=cast["standing_office"], comment="x"
        )
        sheet.refresh_from_db()
        sheet = registration_save(
            campaign=registered,
            unit=unit,
            by=cast["secretary"],
            version=sheet.version,
            collective_title=titles["TTLDXS"],
            collective_reward=None,
            commitment="",
            lines=lines,
        )
        registration_transition(registration=sheet, to_state="submitted", by=cast["secretary"])

    _rows, notes = rows_of(registered)

    warnings = [note for note in notes if "vượt quá 15%" in note]
    assert [note.split(":")[0] for note in warnings] == ["Văn phòng Sở", "Toàn Sở"]
    assert warnings[0].startswith("Văn phòng Sở: Số Chiến sĩ thi đua cơ sở (3) vượt quá 15%")


def test_the_document_date_and_issuer_follow_the_date_given(registered):
    sheet = load_workbook(
        io.BytesIO(document_xlsx(registrations_document(registered, on_date=dt.date(2019, 2, 1))))
    ).active

    assert sheet.cell(row=3, column=6).value == "Ninh Thuận, ngày 01 tháng 02 năm 2019"


def test_the_list_of_persons_names_everyone_of_a_sent_sheet_and_no_one_of_a_draft(registered, other_unit):
    titles = {t.code: t for t in Title.objects.all()}
    draft = Registration.objects.create(campaign=registered, unit=other_unit)
    RegistrationLine.objects.create(registration=draft, staff=other_unit.staff.get(), title=titles["LDTT"])

    sheet = load_workbook(io.BytesIO(document_xlsx(registered_people_document(registered)))).active
    rows = [row for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)]

    assert [row[0] for row in rows] == list(range(1, 8))
    assert {row[1] for row in rows} == {f"Nguyễn Văn Đạt {i}" for i in range(1, 8)}
    assert {(row[4], row[5]) for row in rows} == {("CSTĐCS", "Giấy khen Giám đốc Sở"), ("LĐTT", None)}


def test_the_list_of_persons_of_one_unit_keeps_that_unit(registered, other_unit):
    assert registered_people_document(registered, unit=other_unit).rows == []
    assert len(registered_people_document(registered).rows) == 7
