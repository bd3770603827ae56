"""A whole 2027 year walked in the browser by every role, from copying the plan to the printed decision
(issue 9): each home shows what waits for its user; a sheet returned with a comment is fixed and sent
again; the year's records are entered for the whole unit at once; an initiative with an author from outside
the Department is scored and recognised; the dossier's documents are opened by the Director; the first
unit's CSTĐCS is approved before any other unit's LĐTT; the decision is issued and printed.

The clock moves with the plan: each step happens on the day the plan puts it, so every deadline is the real
one. Other units' part (a second unit's LĐTT) is done through the services, as its own secretary would."""

import datetime as dt
import subprocess
import zoneinfo
from contextlib import contextmanager

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from awards import services as awards
from awards.enums import DocumentKind
from awards.selectors import report_form_for
from emulation import services as emulation
from emulation.models import Campaign, Title
from emulation.services import LineInput
from tests.awards.conftest import PDF
from tests.factories import StaffFactory, StaffYearFactory, UserFactory

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = 2027


class Clock:
    """The live server's clock, moved to a day of the plan (and running from there)."""

    def __init__(self):
        self.travel = None

    def to(self, year, month, day, hour=9):
        if self.travel is not None:
            self.travel.stop()
        self.travel = time_machine.travel(dt.datetime(year, month, day, hour, tzinfo=HCM), tick=True)
        self.travel.start()

    def stop(self):
        if self.travel is not None:
            self.travel.stop()


@pytest.fixture
def clock():
    moving = Clock()
    yield moving
    moving.stop()


@contextmanager
def signed_in(login, page, username):
    login(username)
    try:
        yield page
    finally:
        page.get_by_role("button", name="Đăng xuất").click()


def queue(page):
    return page.get_by_test_id("work-queue")


@pytest.fixture
def people(unit, other_unit):
    """VP: its head, a CSTĐCS candidate (the initiative's author) and a colleague; TTRA: six colleagues."""
    vp = {
        "head": StaffFactory(
            unit=unit, code="VP-001", full_name="Nguyễn Văn Thủ", position="Chánh Văn phòng"
        ),
        "fighter": StaffFactory(unit=unit, code="VP-002", full_name="Trần Thị Sáng", position="Chuyên viên"),
        "colleague": StaffFactory(unit=unit, code="VP-003", full_name="Lê Văn Cần", position="Chuyên viên"),
    }
    ttra = [
        StaffFactory(unit=other_unit, code=f"TTRA-{i:03d}", full_name=f"Phạm Văn Thanh {i}")
        for i in range(1, 7)
    ]
    for person in [*vp.values(), *ttra]:
        for year in (2025, 2026):
            StaffYearFactory(staff=person, year=year, task_grade="HTTNV")
    return {"vp": vp, "ttra": ttra}


def attach(page, kind, path, nominee=None):
    form = page.get_by_test_id("document-form")
    form.locator("#id_kind").select_option(kind)
    if nominee:
        form.locator("#id_nominee").select_option(label=nominee)
    form.locator("#id_file").set_input_files(str(path))
    form.locator("button").click()


def ttra_registers(campaign, cast, people):
    """The second unit registers six LĐTT; the office accepts (what VP does in the browser)."""
    lines = [LineInput(staff=person, title=Title.objects.get(code="LDTT")) for person in people]
    sheet = emulation.registration_save(
        campaign=campaign,
        unit=people[0].unit,
        by=cast["other_secretary"],
        version=None,
        collective_title=None,
        collective_reward=None,
        commitment="Hoàn thành nhiệm vụ",
        lines=lines,
    )
    sheet = emulation.registration_transition(
        registration=sheet, to_state="submitted", by=cast["other_secretary"]
    )
    emulation.registration_transition(registration=sheet, to_state="accepted", by=cast["standing_office"])


def ttra_nominates(campaign, cast, people):
    """The second unit's dossier of six LĐTT, sent and accepted."""
    secretary = cast["other_secretary"]
    for person in people:
        StaffYearFactory(staff=person, year=YEAR, task_grade="HTTNV")
    dossier = awards.dossier_save(
        by=secretary,
        campaign=campaign,
        unit=people[0].unit,
        data={
            "kind": "phase",
            "phase": campaign.phases.get(number=2),
            "meeting_date": dt.date(YEAR, 11, 3),
            "meeting_present": 9,
            "meeting_total": 10,
        },
    )
    for kind in (DocumentKind.SUBMISSION, DocumentKind.MINUTES):
        awards.document_attach(
            dossier=dossier, kind=kind, uploaded=SimpleUploadedFile(f"{kind}.pdf", PDF), by=secretary
        )
    for person in people:
        nominee = awards.nominee_add(
            dossier=dossier, by=secretary, title=Title.objects.get(code="LDTT"), staff=person
        )
        awards.document_attach(
            dossier=dossier,
            kind=report_form_for(dossier, nominee),
            uploaded=SimpleUploadedFile(f"bao-cao-{person.code}.pdf", PDF),
            by=secretary,
            nominee=nominee,
        )
    dossier = awards.dossier_transition(dossier=dossier, to_state="submitted", by=secretary)
    awards.dossier_transition(dossier=dossier, to_state="accepted", by=cast["standing_office"])


def test_a_whole_year_by_every_role(
    transactional_db, plan_2018, cast, people, login, page, live_server, clock, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    vp = people["vp"]
    url = live_server.url
    council = [
        cast["council_member"],
        *(
            UserFactory(username=f"hoidong{i}", first_name=f"Ủy viên {i}", is_council_member=True)
            for i in (2, 3)
        ),
    ]
    scorers = [
        cast["initiative_council"],
        *(
            UserFactory(username=f"sangkien{i}", first_name=f"Thành viên {i}", is_initiative_council=True)
            for i in (2, 3)
        ),
    ]
    document = tmp_path / "to-trinh.pdf"
    document.write_bytes(PDF)

    # December 2026: the standing office copies the 2018 plan to 2027.
    clock.to(2026, 12, 10)
    with signed_in(login, page, "thuongtruc"):
        page.goto(f"{url}/campaigns/2018/copy/")
        page.get_by_label("Năm của phong trào mới").fill(str(YEAR))
        page.get_by_role("button", name="Tạo phong trào thi đua").click()
        expect(page.locator("h1")).to_contain_text(str(YEAR))
        # Small units: the office rounds the 15% CSTĐCS cap up this year (one CSTĐCS for 3 LĐTT), with its
        # reason kept beside the change.
        page.goto(f"{url}/campaigns/{YEAR}/rules/")
        page.get_by_label("Cách làm tròn số CSTĐCS tối đa").select_option(label="Làm tròn lên")
        page.get_by_label("Lý do thay đổi").fill("Đơn vị có dưới 7 người: theo hướng dẫn của Sở Nội vụ")
        page.get_by_role("button", name="Lưu").click()
        expect(page.get_by_role("alert").first).not_to_contain_text("lỗi")
    campaign = Campaign.objects.get(year=YEAR)
    assert campaign.rules.quota_rounding == "ceil"

    # January 2027: the VP secretary's home says her sheet is not started; she registers and sends it.
    clock.to(YEAR, 1, 5)
    with signed_in(login, page, "thuky"):
        expect(queue(page)).to_contain_text("Đơn vị chưa lập bản đăng ký thi đua")
        queue(page).get_by_role("link").first.click()
        page.get_by_label("Danh hiệu thi đua tập thể đăng ký").select_option(
            label="Tập thể lao động tiên tiến"
        )
        for person, title in (
            (vp["head"], "Lao động tiên tiến"),
            (vp["fighter"], "Chiến sĩ thi đua cơ sở"),
            (vp["colleague"], "Lao động tiên tiến"),
        ):
            page.locator(f"tr[data-staff='{person.code}'] select").first.select_option(label=title)
        page.get_by_role("button", name="Lưu nháp").click()
        page.get_by_role("button", name="Gửi Thường trực Hội đồng").click()
        expect(page.get_by_test_id("registration-state")).to_have_text("Đã gửi")

    # The standing office finds it waiting, and returns it: the commitment is missing a target.
    with signed_in(login, page, "thuongtruc"):
        expect(queue(page)).to_contain_text("Bản đăng ký thi đua chờ tiếp nhận")
        queue(page).get_by_role("link", name="Bản đăng ký thi đua chờ tiếp nhận").click()
        page.get_by_role("link", name="Văn phòng Sở").click()
        page.get_by_label("Nội dung đơn vị cần bổ sung, chỉnh sửa").fill("Ghi rõ chỉ tiêu trong bản cam kết")
        page.get_by_role("button", name="Trả lại đơn vị").click()
        expect(page.get_by_test_id("registration-state")).to_have_text("Trả lại để bổ sung")

    # The secretary sees it returned on her home, reads the comment, fixes and sends it again.
    with signed_in(login, page, "thuky"):
        queue(page).get_by_role("link", name="Bản đăng ký thi đua của đơn vị bị trả lại").click()
        expect(page.get_by_test_id("return-comment")).to_contain_text("Ghi rõ chỉ tiêu trong bản cam kết")
        page.get_by_label("Cam kết").fill("Hoàn thành 100% chỉ tiêu được giao")
        page.get_by_role("button", name="Lưu nháp").click()
        page.get_by_role("button", name="Gửi Thường trực Hội đồng").click()
        expect(page.get_by_test_id("registration-state")).to_have_text("Đã gửi")
    with signed_in(login, page, "thuongtruc"):
        page.goto(f"{url}/campaigns/{YEAR}/registrations/VP/")
        page.get_by_role("button", name="Tiếp nhận").click()
        expect(page.get_by_test_id("registration-state")).to_have_text("Đã tiếp nhận")
    ttra_registers(campaign, cast, people["ttra"])

    # October: the secretary files an initiative of Trần Thị Sáng with a co-author from outside the
    # Department, attaches its description and sends it.
    clock.to(YEAR, 10, 5)
    with signed_in(login, page, "thuky"):
        page.goto(f"{url}/initiatives/")
        page.get_by_role("link", name="Đăng ký sáng kiến").click()
        page.get_by_label("Tên sáng kiến").fill("Tra cứu hộ tịch trực tuyến")
        page.get_by_label("Lĩnh vực áp dụng").fill("Hộ tịch")
        page.get_by_label("Loại giải pháp").select_option(label="Giải pháp kỹ thuật")
        page.get_by_label("Ngày áp dụng lần đầu").fill(f"{YEAR}-03-01")
        page.get_by_label("Mô tả").fill("Người dân tra cứu tình trạng hồ sơ hộ tịch qua mạng.")
        page.get_by_label("Điều kiện cần thiết để áp dụng").fill("Cổng thông tin của Sở.")
        page.get_by_label("Lợi ích thu được").fill("Giảm 30% lượt đến trụ sở.")
        page.locator("#id_form-0-staff").select_option(label=f"{vp['fighter'].full_name} (Văn phòng Sở)")
        page.locator("#id_form-0-share").fill("70")
        page.locator("#id_form-1-full_name").fill("Phạm Thị Ngoài Sở")
        page.locator("#id_form-1-workplace").fill("UBND xã Phước Hải")
        page.locator("#id_form-1-share").fill("30")
        page.get_by_role("button", name="Lưu").click()
        expect(page.get_by_test_id("authors")).to_contain_text("Phạm Thị Ngoài Sở")
        page.get_by_label("Tệp").set_input_files(str(document))
        page.get_by_role("button", name="Đính kèm").click()
        page.get_by_role("button", name="Gửi Thường trực Hội đồng").click()
        expect(page.get_by_test_id("initiative-state")).to_have_text("Đã gửi")

    # The standing office opens a round; each member of the initiative council scores from the home.
    with signed_in(login, page, "thuongtruc"):
        page.goto(f"{url}/initiatives/rounds/")
        page.get_by_label("Tên").fill("Phiên xét sáng kiến năm 2027")
        for member in scorers:
            page.get_by_label(str(member)).check()
        page.get_by_label("Tra cứu hộ tịch trực tuyến").check()
        page.get_by_role("button", name="Mở phiên xét").click()
        expect(page.get_by_test_id("round-status")).to_have_text("đang diễn ra")
        round_url = page.url
    for member in scorers:
        with signed_in(login, page, member.username):
            queue(page).get_by_role("link", name="Sáng kiến chờ bạn chấm điểm").click()
            page.get_by_role("link", name="Tra cứu hộ tịch trực tuyến").click()
            page.get_by_label("Tính mới").fill("8")
            page.get_by_label("Khả năng áp dụng").fill("8")
            page.get_by_label("Hiệu quả").fill("9")
            page.get_by_label("Công nhận", exact=True).check()
            page.get_by_role("button", name="Gửi điểm và biểu quyết").click()
            expect(page.get_by_test_id("scores")).to_be_visible()
    with signed_in(login, page, "thuongtruc"):
        page.goto(round_url)
        page.get_by_role("button", name="Kết thúc phiên xét và ghi nhận kết quả").click()
        expect(page.get_by_test_id("progress")).to_contain_text("3/3")

    # The Director's home has it to recognise; he records decision 25/QĐ-STP.
    clock.to(YEAR, 10, 20)
    with signed_in(login, page, "giamdoc"):
        queue(page).get_by_role("link", name="Sáng kiến Hội đồng đã thông qua, chờ công nhận").click()
        page.get_by_role("link", name="Tra cứu hộ tịch trực tuyến").click()
        page.get_by_label("Số quyết định").fill("25/QĐ-STP")
        page.get_by_label("Ngày quyết định").fill(f"{YEAR}-10-20")
        page.get_by_role("button", name="Ghi nhận quyết định công nhận của Giám đốc Sở").click()
        expect(page.get_by_test_id("initiative-state")).to_have_text("Đã công nhận")
        expect(page.get_by_test_id("authors")).to_contain_text("Phạm Thị Ngoài Sở")

    # November: the secretary enters the year's records of her whole unit on one page.
    clock.to(YEAR, 11, 5)
    with signed_in(login, page, "thuky"):
        page.goto(f"{url}/units/VP/")
        page.get_by_role("link", name=f"Kết quả đánh giá năm {YEAR}").click()
        for person, grade in ((vp["head"], "HTTNV"), (vp["fighter"], "HTXSNV"), (vp["colleague"], "HTTNV")):
            page.get_by_label(f"Xếp loại chất lượng — {person.full_name}").select_option(grade)
        page.get_by_role("button", name="Lưu tất cả các dòng").click()
        expect(page.get_by_role("alert").first).to_contain_text(f"Đã lưu 3 kết quả năm {YEAR}")

        # She drafts the phase-2 dossier: the fighter for CSTĐCS with her initiative, the others for LĐTT.
        page.goto(f"{url}/dossiers/new/")
        page.locator("#id_kind").select_option("phase")
        page.locator("#id_phase").select_option(label="Đợt thứ hai")
        page.locator("#id_meeting_date").fill(f"{YEAR}-11-04")
        page.locator("#id_meeting_present").fill("3")
        page.locator("#id_meeting_total").fill("3")
        page.get_by_role("button", name="Lưu").click()
        expect(page.get_by_test_id("dossier-state")).to_have_text("Bản nháp")
        dossier_url = page.url
        form = page.get_by_test_id("nominee-form")
        for person, title in (
            (vp["fighter"], "Chiến sĩ thi đua cơ sở"),
            (vp["head"], "Lao động tiên tiến"),
            (vp["colleague"], "Lao động tiên tiến"),
        ):
            form.locator("#id_staff").select_option(label=person.full_name)
            form.locator("#id_title").select_option(label=title)
            if title == "Chiến sĩ thi đua cơ sở":
                form.locator("#id_initiative").select_option(label="Tra cứu hộ tịch trực tuyến")
            form.locator("button").click()
            expect(page.get_by_test_id("nominees")).to_contain_text(person.full_name)
        attach(page, "submission", document)
        attach(page, "minutes", document)
        for person, code in ((vp["fighter"], "CSTĐCS"), (vp["head"], "LĐTT"), (vp["colleague"], "LĐTT")):
            attach(page, "report_02", document, nominee=f"{person.full_name} — {code}")
        expect(page.get_by_test_id("missing")).to_have_count(0)
        page.get_by_role("button", name="Gửi Thường trực Hội đồng").click()
        expect(page.get_by_test_id("dossier-state")).to_have_text("Đã gửi")
    ttra_nominates(campaign, cast, people["ttra"])

    # The standing office accepts it and puts both units' dossiers before the council.
    clock.to(YEAR, 11, 25)
    with signed_in(login, page, "thuongtruc"):
        queue(page).get_by_role("link", name="Hồ sơ đề nghị khen thưởng chờ thẩm định").click()
        page.goto(dossier_url)
        page.get_by_role("button", name="Tiếp nhận").click()
        expect(page.get_by_test_id("dossier-state")).to_have_text("Đã tiếp nhận")
        page.goto(f"{url}/council/")
        page.locator("#id_name").fill("Phiên họp Hội đồng thi đua khen thưởng năm 2027")
        page.locator("#id_held_on").fill(f"{YEAR}-11-25")
        for member in council:
            page.get_by_label(str(member)).check()
        for box in page.locator("input[name=dossiers]").all():
            box.check()
        page.locator("form input[type=submit], form button[type=submit]").last.click()
        expect(page.get_by_test_id("session-status")).to_be_visible()
        session_url = page.url

    # Each member's home says a ballot waits; each votes yes for everyone.
    for member in council:
        with signed_in(login, page, member.username):
            queue(page).get_by_role("link").filter(has_text="Chưa bỏ phiếu").click()
            for group in page.get_by_test_id("ballot").locator("input[value=yes]").all():
                group.check()
            page.get_by_test_id("ballot").locator("button").click()
            expect(page.get_by_test_id("voted")).to_be_visible()
    with signed_in(login, page, "thuongtruc"):
        page.goto(session_url)
        page.locator("form[action$='/close/'] button").click()
        expect(page.get_by_test_id("tally")).not_to_contain_text("hiển thị khi kết thúc bỏ phiếu")

    # December: the Director's home lists the nominees to approve. He opens the tờ trình of VP's dossier,
    # then approves VP's CSTĐCS first: no other unit's LĐTT is approved yet, and it is not refused.
    clock.to(YEAR, 12, 2)
    with signed_in(login, page, "giamdoc"):
        expect(queue(page)).to_contain_text("Cá nhân, tập thể được đề nghị chờ phê duyệt")
        page.goto(dossier_url)
        link = page.get_by_test_id("documents").get_by_role("link").first
        opened = page.request.get(url + link.get_attribute("href"))
        assert (opened.status, opened.headers["content-type"], opened.body()[:5]) == (
            200,
            "application/pdf",
            b"%PDF-",
        )
        assert opened.headers["content-disposition"].startswith("inline")
        row = page.get_by_test_id("nominees").locator("tr", has_text=vp["fighter"].full_name)
        row.locator("button[value=approve]").click()
        expect(
            page.get_by_test_id("nominees").locator("tr", has_text=vp["fighter"].full_name)
        ).to_contain_text("Đã phê duyệt")
        while page.locator("button[value=approve]").count():
            page.locator("button[value=approve]").first.click()
        page.goto(f"{url}/dossiers/")
        page.get_by_role("link", name="Thanh tra Sở").first.click()
        while page.locator("button[value=approve]").count():
            page.locator("button[value=approve]").first.click()

        # He issues the decision and prints it.
        page.goto(f"{url}/decisions/")
        page.locator("#id_kind").select_option("decision")
        page.locator("#id_issued_on").fill(f"{YEAR}-12-02")
        page.locator("#id_signer").fill("Lê Văn Hòa")
        page.locator("form input[type=submit], form button[type=submit]").last.click()
        expect(page.get_by_test_id("decision-reference")).to_contain_text("/QĐ-STP")
        printed = page.request.get(url + page.locator("a[href$='file.pdf']").get_attribute("href"))
        assert (printed.status, printed.body()[:5]) == (200, b"%PDF-")
        (tmp_path / "quyet-dinh.pdf").write_bytes(printed.body())
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "quyet-dinh.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for person in [vp["fighter"], vp["head"], *people["ttra"]]:
        assert person.full_name in text
