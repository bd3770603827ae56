"""The staff list from Excel (issue 13): all lines or none, each bad row named in Vietnamese, idempotent,
moves through dated memberships; the command and the standing office's page."""

import datetime as dt
import io
from io import BytesIO

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from departments.models import Membership, Staff
from departments.staffimport import FIRST_LINE, KEYS
from tests.factories import StaffFactory

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TODAY = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def line(code, name="Nguyễn Văn An", unit="VP", **overrides):
    values = {
        "code": code,
        "full_name": name,
        "unit": unit,
        "gender": "Nam",
        "date_of_birth": "17/05/1985",
        "position": "Chuyên viên",
        "is_leader": "Không",
        "employment_type": "Công chức",
        "recruited_on": "01/03/2010",
        "left_on": None,
        "moved_on": None,
    }
    values.update(overrides)
    return [values[key] for key in KEYS]


def workbook(lines) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Danh sách"])
    sheet.append(["headers"])
    for values in lines:
        sheet.append(values)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def write(tmp_path, lines, name="can-bo.xlsx"):
    path = tmp_path / name
    path.write_bytes(workbook(lines))
    return path


def run(path, *args):
    out = io.StringIO()
    call_command("import_staff", str(path), *args, stdout=out)
    return out.getvalue()


def snapshot():
    staff = list(Staff.objects.order_by("code").values())
    memberships = list(Membership.objects.order_by("staff__code", "starts_on").values())
    return staff, memberships


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_import_500_rows_creates_everyone_with_memberships(tmp_path, unit, other_unit):
    lines = [line(f"CB-{n:04d}", f"Người Số {n}", "VP" if n % 2 else "TTRA") for n in range(500)]

    output = run(write(tmp_path, lines))

    assert Staff.objects.count() == 500
    assert Membership.objects.count() == 500
    person = Staff.objects.get(code="CB-0007")
    assert (person.full_name, person.unit.code, person.date_of_birth) == (
        "Người Số 7",
        "VP",
        dt.date(1985, 5, 17),
    )
    assert list(person.memberships.values_list("unit__code", "starts_on", "ends_on")) == [
        ("VP", dt.date(2010, 3, 1), None)
    ]
    assert output.splitlines()[-1] == "500 thêm mới, 0 cập nhật (trong đó 0 chuyển đơn vị), 0 không đổi."


def test_import_one_bad_row_among_500_writes_nothing_and_names_it(tmp_path, unit, other_unit):
    lines = [line(f"CB-{n:04d}", f"Người Số {n}") for n in range(500)]
    lines[311][KEYS.index("unit")] = "KHONGCO"
    before = snapshot()

    with pytest.raises(CommandError) as refused:
        run(write(tmp_path, lines))

    assert str(refused.value) == (
        "Không ghi gì.\nDòng 314 (CB-0311): mã đơn vị “KHONGCO” không phải đơn vị của Sở."
    )
    assert snapshot() == before
    assert Staff.objects.count() == 0


def test_import_every_bad_row_is_named_with_its_reason(tmp_path, unit):
    lines = [
        line("CB-0001", name=""),
        line("CB-0002", unit="XX"),
        line("CB-0003", date_of_birth="31/02/1990"),
        line("CB-0004"),
        line("CB-0004", name="Người Khác"),
        line("CB-0005", name='=HYPERLINK("http://x","y")'),
        line("CB-0006", name="A" * 121),
        line("CB-0007", gender="Khác"),
        line("CB-0008", recruited_on=None),
    ]
    path = write(tmp_path, lines)
    book = load_workbook(path)
    # A real formula cell (not text): openpyxl stores "=…" given as a value as a formula.
    book.active.cell(row=FIRST_LINE + 5, column=2).value = '=HYPERLINK("http://x","y")'
    book.save(path)

    with pytest.raises(CommandError) as refused:
        run(path)

    assert str(refused.value).splitlines() == [
        "Không ghi gì.",
        "Dòng 3 (CB-0001): thiếu họ và tên.",
        "Dòng 4 (CB-0002): mã đơn vị “XX” không phải đơn vị của Sở.",
        "Dòng 5 (CB-0003): Ngày sinh “31/02/1990” không phải là ngày: ghi theo dạng dd/mm/yyyy.",
        "Dòng 7 (CB-0004): mã cán bộ này đã có ở dòng 6.",
        "Dòng 8 (CB-0005): không nhận công thức, chỉ nhận giá trị: Họ và tên.",
        "Dòng 9 (CB-0006): Họ và tên quá dài: 121 ký tự, tối đa 120.",
        "Dòng 10 (CB-0007): Giới tính “Khác” không thuộc: Nam, Nữ.",
        "Dòng 11 (CB-0008): thiếu Ngày tuyển dụng.",
    ]
    assert Staff.objects.count() == 0


def test_import_code_of_another_person_is_refused(tmp_path, staff):
    path = write(tmp_path, [line(staff.code, name="Trần Văn Khác")])

    with pytest.raises(CommandError) as refused:
        run(path)

    assert str(refused.value).splitlines()[1] == (
        "Dòng 3 (VP-001): mã cán bộ này là của người khác, Nguyễn Thị Thu Hà."
    )


def test_import_same_file_twice_changes_nothing(tmp_path, unit, other_unit):
    lines = [line(f"CB-{n:04d}", f"Người Số {n}", "VP" if n % 3 else "TTRA") for n in range(30)]
    path = write(tmp_path, lines)
    run(path)
    before = snapshot()

    output = run(path)

    assert snapshot() == before
    assert output.splitlines()[-1] == "0 thêm mới, 0 cập nhật (trong đó 0 chuyển đơn vị), 30 không đổi."


def test_import_moved_person_gets_a_new_membership(tmp_path, staff, other_unit):
    path = write(
        tmp_path,
        [
            line(
                staff.code,
                name=staff.full_name,
                unit="TTRA",
                position="Thanh tra viên",
                moved_on="01/02/2026",
            )
        ],
    )

    output = run(path)

    staff.refresh_from_db()
    assert (staff.unit.code, staff.position) == ("TTRA", "Thanh tra viên")
    assert list(
        staff.memberships.order_by("starts_on").values_list("unit__code", "starts_on", "ends_on")
    ) == [
        ("VP", dt.date(2010, 3, 1), dt.date(2026, 1, 31)),
        ("TTRA", dt.date(2026, 2, 1), None),
    ]
    assert "Chuyển đơn vị: VP-001" in output.splitlines()


def test_import_move_without_date_moves_from_today(tmp_path, staff, other_unit):
    run(write(tmp_path, [line(staff.code, name=staff.full_name, unit="TTRA")]))

    assert list(staff.memberships.order_by("starts_on").values_list("unit__code", "starts_on")) == [
        ("VP", dt.date(2010, 3, 1)),
        ("TTRA", dt.date(2026, 3, 2)),
    ]


def test_import_dry_run_writes_nothing(tmp_path, staff, other_unit):
    path = write(tmp_path, [line(staff.code, name=staff.full_name, unit="TTRA"), line("CB-0100")])
    before = snapshot()

    output = run(path, "--dry-run")

    assert snapshot() == before
    assert output.splitlines()[-2:] == [
        "1 thêm mới, 1 cập nhật (trong đó 1 chuyển đơn vị), 0 không đổi.",
        "Chạy thử (--dry-run): không ghi gì.",
    ]


def test_import_refuses_a_file_that_is_not_xlsx(tmp_path, unit):
    path = tmp_path / "can-bo.xlsx"
    path.write_bytes(b"%PDF-1.4 not a workbook")

    with pytest.raises(CommandError) as refused:
        run(path)

    assert str(refused.value).splitlines()[1] == (
        "Tệp không đúng như tên gọi: tên tệp có đuôi .xlsx nhưng nội dung là tệp PDF. Vui lòng kiểm tra lại "
        "tệp đã chọn."
    )


def test_import_refuses_too_many_rows(tmp_path, unit, settings):
    settings.STAFF_IMPORT_MAX_ROWS = 3
    path = write(tmp_path, [line(f"CB-{n:04d}", f"Người Số {n}") for n in range(4)])

    with pytest.raises(CommandError) as refused:
        run(path)

    assert str(refused.value).splitlines()[1] == "Tệp có hơn 3 dòng: hãy chia thành nhiều tệp."
    assert Staff.objects.count() == 0


def test_import_refuses_a_file_over_the_size_limit(tmp_path, unit, settings):
    path = write(tmp_path, [line("CB-0001")])
    settings.UPLOAD_MAX_BYTES = path.stat().st_size - 1

    with pytest.raises(CommandError) as refused:
        run(path)

    assert str(refused.value).splitlines()[1].startswith("Tệp quá lớn")


# --- The page --------------------------------------------------------------------------------------------


def upload(client, content, *, dry_run):
    data = {"file": SimpleUploadedFile("can-bo.xlsx", content, content_type=XLSX_TYPE)}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("departments:staff-import"), data)


@pytest.fixture
def office(client, cast):
    client.force_login(cast["standing_office"])
    return client


def test_page_dry_run_shows_summary_and_writes_nothing(office, unit):
    response = upload(office, workbook([line("CB-0001"), line("CB-0002", "Lê Thị Bình")]), dry_run=True)

    assert response.status_code == 200
    assert response.context["summary"].created == ["CB-0001", "CB-0002"]
    assert "Chạy thử: chưa lưu gì." in response.content.decode()
    assert Staff.objects.count() == 0


def test_page_import_saves_and_redirects(office, unit):
    response = upload(office, workbook([line("CB-0001"), line("CB-0002", "Lê Thị Bình")]), dry_run=False)

    assert response.status_code == 302
    assert response.url == reverse("departments:staff-import")
    assert sorted(Staff.objects.values_list("code", flat=True)) == ["CB-0001", "CB-0002"]


def test_page_bad_row_lists_the_errors(office, unit):
    response = upload(office, workbook([line("CB-0001"), line("CB-0002", unit="ZZ")]), dry_run=False)

    assert response.status_code == 200
    assert response.context["errors"] == [
        "Không có gì được lưu từ tệp.",
        "Dòng 4 (CB-0002): mã đơn vị “ZZ” không phải đơn vị của Sở.",
    ]
    assert Staff.objects.count() == 0


def test_page_crafted_posts_are_refused(office, unit):
    renamed_pdf = upload(office, b"%PDF-1.4\n%%EOF", dry_run=False)
    no_file = office.post(reverse("departments:staff-import"), {"dry_run": "on"})
    zip_not_excel = upload(office, b"PK\x03\x04junk", dry_run=False)

    assert renamed_pdf.status_code == no_file.status_code == zip_not_excel.status_code == 200
    assert renamed_pdf.context["errors"][0] == "Không có gì được lưu từ tệp."
    assert no_file.context["form"].errors == {"file": ["Trường này là bắt buộc."]}
    assert zip_not_excel.context["errors"][0] == "Không có gì được lưu từ tệp."
    assert Staff.objects.count() == 0


@pytest.mark.parametrize("role", ["secretary", "director", "council_member"])
def test_page_other_roles_are_refused(client, cast, unit, role):
    client.force_login(cast[role])

    response = upload(client, workbook([line("CB-0001")]), dry_run=False)

    assert response.status_code == 403
    assert Staff.objects.count() == 0


def test_template_lists_staff_and_unit_codes_and_reimports_unchanged(office, tmp_path, staff, other_unit):
    StaffFactory(unit=other_unit, code="TTRA-009", full_name='=HYPERLINK("http://x","y")')
    response = office.get(reverse("departments:staff-import-template"))
    content = b"".join(response.streaming_content)
    book = load_workbook(BytesIO(content))
    sheet, codes = book.worksheets
    rows = [row for row in sheet.iter_rows(min_row=FIRST_LINE, values_only=True) if row[0]]

    result = upload(office, content, dry_run=True)

    assert [str(cell.value) for cell in sheet[2]][:3] == ["Mã cán bộ", "Họ và tên", "Mã đơn vị"]
    assert [row[:4] for row in rows] == [
        ("TTRA-009", '=HYPERLINK("http://x","y")', "TTRA", "Nam"),
        ("VP-001", "Nguyễn Thị Thu Hà", "VP", "Nam"),
    ]
    assert sheet.cell(row=FIRST_LINE, column=2).data_type == "s"
    assert [row for row in codes.iter_rows(min_row=2, values_only=True)] == [
        ("TTRA", "Thanh tra Sở"),
        ("VP", "Văn phòng Sở"),
    ]
    assert result.context["summary"].unchanged == ["TTRA-009", "VP-001"]
