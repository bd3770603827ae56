"""The registration flow as the users walk it: register before the deadline, refused after it, an
extension for one unit, the standing office's overview and both files."""

import datetime as dt
import io
from pathlib import Path

from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from emulation.models import Registration
from emulation.services import campaign_copy


def logout(page):
    page.get_by_role("button", name="Đăng xuất").click()


def test_register_close_extend_and_download(
    transactional_db, plan_2018, cast, staff, other_staff, login, live_server
):
    campaign = campaign_copy(source=plan_2018, year=timezone.localdate().year + 1)

    # The secretary of VP registers her unit before the deadline.
    page = login("thuky")
    page.get_by_role("link", name=f"Đăng ký thi đua năm {campaign.year}").click()
    expect(page.get_by_test_id("registration-state")).to_have_text("Chưa đăng ký")
    page.get_by_label("Danh hiệu thi đua tập thể đăng ký").select_option(label="Tập thể lao động tiên tiến")
    row = page.locator("tr[data-staff='VP-001']")
    row.locator("select").first.select_option(label="Chiến sĩ thi đua cơ sở")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_role("alert").first).to_have_text("Đã lưu bản đăng ký (bản nháp).")
    page.get_by_role("button", name="Gửi Thường trực Hội đồng").click()
    expect(page.get_by_test_id("registration-state")).to_have_text("Đã gửi")
    assert page.confirmations == [
        "Gửi ngay? Sau khi gửi, không thể chỉnh sửa nữa trừ khi rút về hoặc bị trả lại."
    ]
    logout(page)

    # The deadline passes.
    deadline = campaign.deadlines.get(kind="registration")
    deadline.due_at = timezone.now() - dt.timedelta(minutes=1)
    deadline.save()

    # TTRA's secretary is too late: the sheet is closed and the server refuses a save.
    page = login("thuky-khac")
    page.goto(f"{live_server.url}/campaigns/{campaign.year}/registrations/TTRA/")
    expect(page.get_by_test_id("deadline-closed")).to_be_visible()
    expect(page.get_by_role("button", name="Lưu nháp")).to_have_count(0)
    logout(page)

    # The standing office extends TTRA by two days.
    page = login("thuongtruc")
    page.goto(f"{live_server.url}/campaigns/{campaign.year}/extensions/")
    page.locator("#id_deadline").select_option(index=1)
    page.locator("#id_unit").select_option(label="Thanh tra Sở")
    later = timezone.localtime() + dt.timedelta(days=2)
    page.get_by_label("Thời hạn mới").fill(later.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Lý do").fill("Chánh Thanh tra đi công tác")
    page.get_by_role("button", name="Gia hạn").click()
    expect(page.get_by_test_id("extensions")).to_contain_text("Chánh Thanh tra đi công tác")
    logout(page)

    # Now TTRA can register.
    page = login("thuky-khac")
    page.goto(f"{live_server.url}/campaigns/{campaign.year}/registrations/TTRA/")
    expect(page.get_by_test_id("extension")).to_contain_text("Chánh Thanh tra đi công tác")
    page.get_by_label("Danh hiệu thi đua tập thể đăng ký").select_option(label="Tập thể lao động tiên tiến")
    page.get_by_role("button", name="Lưu nháp").click()
    page.get_by_role("button", name="Gửi Thường trực Hội đồng").click()
    expect(page.get_by_test_id("registration-state")).to_have_text("Đã gửi")
    logout(page)

    # The standing office sees both units and downloads both files.
    page = login("thuongtruc")
    page.goto(f"{live_server.url}/campaigns/{campaign.year}/registrations/")
    expect(page.get_by_test_id("overview")).to_contain_text("Văn phòng Sở")
    expect(page.get_by_test_id("overview")).to_contain_text("Thanh tra Sở")
    # Each file is a background export (in-process here): its page offers the file when it is ready.
    overview = page.url
    page.get_by_role("button", name="Tải Excel").click()
    with page.expect_download() as xlsx_download:
        page.get_by_test_id("export-file").click()
    page.goto(overview)
    page.get_by_role("button", name="Tải PDF").click()
    with page.expect_download() as pdf_download:
        page.get_by_test_id("export-file").click()

    sheet = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes())).active
    # The Department's own line first (papers-reports), then the units, then the total.
    assert [sheet.cell(row=r, column=2).value for r in (9, 10, 11, 12)] == [
        "Sở Tư pháp (tập thể Sở)",
        "Văn phòng Sở",
        "Thanh tra Sở",
        "Tổng cộng",
    ]
    assert Path(pdf_download.value.path()).read_bytes()[:5] == b"%PDF-"
    assert sorted(Registration.objects.values_list("unit__code", "state")) == [
        ("TTRA", "submitted"),
        ("VP", "submitted"),
    ]
