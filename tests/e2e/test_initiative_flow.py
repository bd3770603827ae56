"""An initiative from filing to recognition in the browser, with the council's vote; then it shows on
its author's record and in the exported list."""

import datetime as dt
import io

from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from core.documents import document_xlsx
from emulation.services import campaign_copy, deadline_set
from initiatives.exports import initiatives_document
from tests.factories import UserFactory


def logout(page):
    page.get_by_role("button", name="Đăng xuất").click()


def test_file_evaluate_recognise(transactional_db, plan_2018, cast, staff, login, live_server):
    # This year's campaign with its initiatives still open: the recognition is dated today.
    today = timezone.localdate()
    campaign = campaign_copy(source=plan_2018, year=today.year)
    deadline_set(campaign=campaign, kind="initiatives", before=today + dt.timedelta(days=30))
    members = [
        UserFactory(username=f"sk{i}", first_name=f"Thành viên {i}", is_initiative_council=True)
        for i in (1, 2, 3)
    ]

    # The secretary files the application for her staff member, then sends it.
    page = login("thuky")
    page.get_by_role("link", name="Sáng kiến", exact=True).click()
    page.get_by_role("link", name="Đăng ký sáng kiến").click()
    page.get_by_label("Tên sáng kiến").fill("Số hóa sổ hộ tịch cấp xã")
    page.get_by_label("Lĩnh vực áp dụng").fill("Hộ tịch")
    page.get_by_label("Loại giải pháp").select_option(label="Giải pháp quản lý")
    page.get_by_label("Ngày áp dụng lần đầu").fill(f"{today.year}-01-02")
    page.get_by_label("Mô tả").fill("Quét và lập chỉ mục sổ hộ tịch.")
    page.get_by_label("Điều kiện cần thiết để áp dụng").fill("Máy quét.")
    page.get_by_label("Lợi ích thu được").fill("Tra cứu nhanh hơn.")
    page.locator("#id_form-0-staff").select_option(label=f"{staff.full_name} ({staff.unit.name})")
    page.locator("#id_form-0-share").fill("100")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("initiative-state")).to_have_text("Bản nháp")
    page.get_by_role("button", name="Gửi Thường trực Hội đồng").click()
    expect(page.get_by_test_id("initiative-state")).to_have_text("Đã gửi")
    logout(page)

    # The standing office opens a round with three members.
    page = login("thuongtruc")
    page.goto(f"{live_server.url}/initiatives/rounds/")
    page.get_by_label("Tên").fill("Phiên xét sáng kiến đợt 1")
    for member in members:
        page.get_by_label(str(member)).check()
    page.get_by_label("Số hóa sổ hộ tịch cấp xã").check()
    page.get_by_role("button", name="Mở phiên xét").click()
    expect(page.get_by_test_id("round-status")).to_have_text("đang diễn ra")
    round_url = page.url
    logout(page)

    # Each member scores and votes; two of three vote to recognise.
    for member, vote in zip(members, ["Công nhận", "Công nhận", "Không công nhận"], strict=True):
        page = login(member.username)
        page.goto(round_url)
        page.get_by_role("link", name="Số hóa sổ hộ tịch cấp xã").click()
        page.get_by_label("Tính mới").fill("8")
        page.get_by_label("Khả năng áp dụng").fill("7")
        page.get_by_label("Hiệu quả").fill("9")
        page.get_by_label(vote, exact=True).check()
        page.get_by_role("button", name="Gửi điểm và biểu quyết").click()
        expect(page.get_by_test_id("scores")).to_be_visible()
        logout(page)

    # The standing office closes the round; the Director records the recognition.
    page = login("thuongtruc")
    page.goto(round_url)
    page.get_by_role("button", name="Kết thúc phiên xét và ghi nhận kết quả").click()
    expect(page.get_by_test_id("progress")).to_contain_text("2/3")
    logout(page)
    page = login("giamdoc")
    page.goto(round_url)
    page.get_by_role("link", name="Số hóa sổ hộ tịch cấp xã").click()
    page.get_by_label("Số quyết định").fill("15/QĐ-STP")
    page.get_by_label("Ngày quyết định").fill(today.isoformat())
    page.get_by_role("button", name="Ghi nhận quyết định công nhận của Giám đốc Sở").click()
    expect(page.get_by_test_id("initiative-state")).to_have_text("Đã công nhận")
    logout(page)

    # It is evidence on the author's record, and in the exported list.
    page = login("thuky")
    page.goto(f"{live_server.url}/staff/{staff.pk}/")
    expect(page.get_by_test_id("staff-initiatives")).to_contain_text("Số hóa sổ hộ tịch cấp xã")
    expect(page.get_by_test_id("staff-initiatives")).to_contain_text("15/QĐ-STP")
    sheet = load_workbook(io.BytesIO(document_xlsx(initiatives_document(campaign)))).active
    assert [cell.value for cell in sheet[9]][1:6] == [
        "Số hóa sổ hộ tịch cấp xã",
        "Hộ tịch",
        f"{staff.full_name} (100%)",
        "Văn phòng Sở",
        "15/QĐ-STP",
    ]
