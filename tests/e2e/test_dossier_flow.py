"""A dossier from the secretary's draft to a printed decision, through return and resubmission, an online
secret ballot and the Director's approval; the title then shows in the person's reward history."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from departments.models import StaffYear
from emulation.enums import RegistrationState
from emulation.models import Registration, RegistrationLine, Title
from emulation.services import campaign_copy, deadline_set
from tests.awards.conftest import PDF
from tests.factories import UserFactory


def logout(page):
    page.get_by_role("button", name="Đăng xuất").click()


def attach(page, kind, path, nominee=None):
    form = page.get_by_test_id("document-form")
    form.locator("#id_kind").select_option(kind)
    if nominee:
        form.locator("#id_nominee").select_option(label=nominee)
    form.locator("#id_file").set_input_files(str(path))
    form.locator("button").click()


def test_dossier_to_decision(
    transactional_db, plan_2018, cast, staff, login, live_server, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    # This year's campaign, its year-end nominations still open: every date typed below is today, a past
    # event by the time it is recorded (the server refuses dates ahead and before the campaign's year).
    today = timezone.localdate()
    year = today.year
    campaign = campaign_copy(source=plan_2018, year=year)
    deadline_set(
        campaign=campaign,
        kind="nominations",
        phase=campaign.phases.last(),
        before=today + dt.timedelta(days=30),
    )
    registration = Registration.objects.create(
        campaign=campaign,
        unit=staff.unit,
        collective_title=Title.objects.get(code="TTLDTT"),
        state=RegistrationState.ACCEPTED,  # only a sheet sent to the office registers anyone
    )
    RegistrationLine.objects.create(
        registration=registration, staff=staff, title=Title.objects.get(code="LDTT")
    )
    StaffYear.objects.create(staff=staff, year=year, task_grade="HTTNV", months_served=12)
    members = [
        UserFactory(username=f"hd{i}", first_name=f"Ủy viên {i}", is_council_member=True) for i in (1, 2, 3)
    ]
    document = tmp_path / "tai-lieu.pdf"
    document.write_bytes(PDF)

    # The secretary drafts the dossier, proposes her colleague, attaches the documents and sends it.
    page = login("thuky")
    page.goto(f"{live_server.url}/dossiers/new/")
    page.locator("#id_kind").select_option("phase")
    page.locator("#id_phase").select_option(label="Đợt thứ hai")
    page.locator("#id_meeting_date").fill(today.isoformat())
    page.locator("#id_meeting_present").fill("10")
    page.locator("#id_meeting_total").fill("12")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("dossier-state")).to_have_text("Bản nháp")
    form = page.get_by_test_id("nominee-form")
    form.locator("#id_staff").select_option(label=staff.full_name)
    form.locator("#id_title").select_option(label="Lao động tiên tiến")
    form.locator("button").click()
    expect(page.get_by_test_id("nominees")).to_contain_text(staff.full_name)
    attach(page, "submission", document)
    attach(page, "minutes", document)
    attach(page, "report_02", document, nominee=f"{staff.full_name} — LĐTT")
    expect(page.get_by_test_id("missing")).to_have_count(0)
    page.get_by_role("button", name="Gửi Thường trực Hội đồng").click()
    expect(page.get_by_test_id("dossier-state")).to_have_text("Đã gửi")
    dossier_url = page.url
    logout(page)

    # The standing office returns it; the secretary sends it again; the office accepts it.
    page = login("thuongtruc")
    page.goto(dossier_url)
    page.locator("textarea[name=comment]").fill("Bổ sung số người dự họp")
    page.get_by_role("button", name="Trả lại đơn vị").click()
    expect(page.get_by_test_id("dossier-state")).to_have_text("Trả lại để bổ sung")
    logout(page)
    page = login("thuky")
    page.goto(dossier_url)
    page.get_by_role("button", name="Gửi Thường trực Hội đồng").click()
    expect(page.get_by_test_id("dossier-state")).to_have_text("Đã gửi")
    logout(page)
    page = login("thuongtruc")
    page.goto(dossier_url)
    page.get_by_role("button", name="Tiếp nhận").click()

    # The office schedules the council session with three members and the dossier on the agenda.
    page.goto(f"{live_server.url}/council/")
    page.locator("#id_name").fill("Phiên họp Hội đồng tháng 11")
    page.locator("#id_held_on").fill(today.isoformat())
    for member in members:
        page.get_by_label(str(member)).check()
    page.locator("input[name=dossiers]").first.check()
    page.locator("form input[type=submit], form button[type=submit]").last.click()
    expect(page.get_by_test_id("session-status")).to_be_visible()
    session_url = page.url
    logout(page)

    # Each member votes by secret ballot.
    for member in members:
        page = login(member.username)
        page.goto(session_url)
        page.get_by_test_id("ballot").locator("input[value=yes]").check()
        page.get_by_test_id("ballot").locator("button").click()
        expect(page.get_by_test_id("voted")).to_be_visible()
        logout(page)

    # The office closes the ballot and prints the minutes.
    page = login("thuongtruc")
    page.goto(session_url)
    page.locator("form[action$='/close/'] button").click()
    expect(page.get_by_test_id("tally")).not_to_contain_text("hiển thị khi kết thúc bỏ phiếu")
    # The minutes print once their details are recorded: time, place, chair and secretary.
    expect(page.get_by_test_id("minutes-missing")).to_be_visible()
    details = page.get_by_test_id("minutes-details")
    details.locator("#id_starts_at").fill(f"{today.isoformat()}T08:00")
    details.locator("#id_ends_at").fill(f"{today.isoformat()}T10:00")
    details.locator("#id_place").fill("Phòng họp Sở")
    details.locator("#id_chair").select_option(label=str(members[0]))
    details.locator("#id_secretary").select_option(label=str(members[1]))
    details.locator("button[type=submit]").click()
    expect(page.get_by_test_id("minutes-missing")).to_have_count(0)
    minutes = page.request.get(live_server.url + page.locator("a[href$='minutes.pdf']").get_attribute("href"))
    assert (minutes.status, minutes.headers["content-type"], minutes.body()[:5]) == (
        200,
        "application/pdf",
        b"%PDF-",
    )
    logout(page)

    # The Director approves and issues the decision.
    page = login("giamdoc")
    page.goto(dossier_url)
    page.locator("button[value=approve]").click()
    page.goto(f"{live_server.url}/decisions/")
    page.locator("#id_kind").select_option("decision")
    page.locator("#id_issued_on").fill(today.isoformat())
    page.locator("#id_signer").fill("Lê Văn Hòa")
    page.locator("form input[type=submit], form button[type=submit]").last.click()
    expect(page.get_by_test_id("decision-reference")).to_contain_text("01/QĐ-STP")
    printed = page.request.get(live_server.url + page.locator("a[href$='file.pdf']").get_attribute("href"))
    assert (printed.status, printed.body()[:5]) == (200, b"%PDF-")

    # The title is in the person's reward history.
    page.goto(f"{live_server.url}/rewards/staff/{staff.pk}/")
    expect(page.get_by_test_id("reward-history")).to_contain_text("01/QĐ-STP")
    expect(page.get_by_test_id("reward-history")).to_contain_text(str(year))
