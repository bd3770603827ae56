import pytest
from django.utils import timezone
from playwright.sync_api import expect

from emulation.services import campaign_copy

# role -> (Vietnamese role label shown on the home page, sections shown, sections hidden)
ROLE_HOME = {
    "secretary": ("Thư ký thi đua đơn vị", ["my-unit"], ["all-units", "council"]),
    "standing_office": ("Thường trực Hội đồng thi đua khen thưởng", ["all-units"], ["my-unit", "council"]),
    "council_member": ("Thành viên Hội đồng thi đua khen thưởng", ["council"], ["my-unit", "all-units"]),
    "initiative_council": ("Thành viên Hội đồng sáng kiến", ["work-queue"], ["my-unit", "all-units"]),
    "director": ("Giám đốc Sở", ["all-units"], ["my-unit", "council"]),
    "administrator": ("Quản trị hệ thống", ["all-units"], ["my-unit", "council"]),
}
SEES_UNITS = {"secretary", "standing_office", "director", "administrator"}


@pytest.mark.parametrize("role", list(ROLE_HOME))
def test_home_page_shows_what_the_role_allows(transactional_db, plan_2018, cast, login, role):
    campaign = campaign_copy(source=plan_2018, year=timezone.localdate().year + 1)
    label, shown, hidden = ROLE_HOME[role]

    page = login(cast[role].username)

    expect(page.get_by_test_id("role")).to_have_text([label])
    expect(page.get_by_test_id("campaign")).to_contain_text(campaign.name)
    expect(page.get_by_test_id("deadlines")).to_contain_text("Đơn vị gửi đăng ký danh hiệu thi đua")
    expect(page.get_by_test_id("deadlines")).to_contain_text("trước ngày 15/01/")
    for section in shown:
        expect(page.get_by_test_id(section)).to_be_visible()
    for section in hidden:
        expect(page.get_by_test_id(section)).to_have_count(0)
    units_link = page.get_by_role("link", name="Đơn vị và cán bộ", exact=True)
    expect(units_link).to_have_count(1 if role in SEES_UNITS else 0)


def test_secretary_sees_only_her_unit_in_the_browser(transactional_db, cast, staff, other_staff, login):
    page = login(cast["secretary"].username)

    page.get_by_role("link", name="Đơn vị và cán bộ", exact=True).click()

    expect(page.get_by_test_id("unit-list")).to_contain_text("Văn phòng Sở")
    expect(page.get_by_test_id("unit-list")).not_to_contain_text("Thanh tra Sở")
    page.get_by_role("link", name="Văn phòng Sở").click()
    expect(page.get_by_test_id("staff-list")).to_contain_text("Nguyễn Thị Thu Hà")
    response = page.goto(page.url.replace("/units/VP/", "/units/TTRA/"))
    assert response.status == 404
