"""Certificates (giấy khen, giấy chứng nhận): one page per awardee of an issued decision, read back from the
PDF (pdftotext per page) and the DOCX (a section per awardee); the design follows the award year; what a
user typed stays text; every refusal in Vietnamese."""

import datetime as dt
import io
import re
import subprocess
import urllib.request

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from awards.enums import DecisionKind, DirectorDecision, DossierKind, DossierState
from awards.models import Decision, Dossier, Nominee, RewardRecord
from awards.papers.certificates import (
    certificates_docx,
    certificates_of,
    certificates_pdf,
    design_on,
)
from departments.models import DepartmentPeriod
from emulation.enums import DocumentProfile, Regime
from emulation.models import Campaign, PaperTemplate, Title
from tests.factories import StaffFactory, UnitFactory

pytestmark = pytest.mark.django_db

INJECTIONS = ['=HYPERLINK("http://x","y")', "<img src=file:///etc/passwd>", "http://127.0.0.1"]


def pages_of(pdf: bytes, tmp_path) -> list[str]:
    """The text of each page, whitespace folded (pdftotext separates pages with a form feed)."""
    path = tmp_path / "certificates.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    pages = text.stdout.split("\f")
    return [" ".join(page.split()) for page in pages if page.strip()]


def keywords(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).metadata["/Keywords"]


def award(decision, staff, code, *, unit=None, achievement=""):
    """`staff` (or, with staff None, `unit` itself) awarded `code` by `decision`."""
    unit = unit or staff.unit
    dossier = Dossier.objects.create(
        campaign=decision.campaign,
        unit=unit,
        kind=DossierKind.AD_HOC,
        state=DossierState.DECIDED,
        achievement=achievement,
        outside_plan=bool(achievement),
        number=Dossier.objects.filter(campaign=decision.campaign, unit=unit).count() + 1,
    )
    return Nominee.objects.create(
        dossier=dossier,
        staff=staff,
        title=Title.objects.get(code=code),
        director_decision=DirectorDecision.APPROVED,
        decision=decision,
    )


def make_decision(campaign, cast, issued_on, *, kind=DecisionKind.DECISION, number=1, signer="Phạm Văn Hậu"):
    return Decision.objects.create(
        campaign=campaign,
        kind=kind,
        number=number,
        year=issued_on.year,
        issuer="STP",
        issued_on=issued_on,
        signer=signer,
        created_by=cast["director"],
    )


@pytest.fixture
def decision(plan_2018, cast):
    return make_decision(plan_2018, cast, dt.date(2018, 12, 10))


@pytest.fixture
def awarded(decision, staff, other_staff, unit):
    """Hà: Giấy khen for an ad-hoc achievement; Bình: LĐTT; the unit VP: TTLĐTT."""
    staff.gender = "female"
    staff.save()
    return [
        award(decision, staff, "GK_GD", achievement="Cứu người trong lũ tại huyện Ninh Phước."),
        award(decision, other_staff, "LDTT"),
        award(decision, None, "TTLDTT", unit=unit),
    ]


@pytest.fixture
def year_2025(cast):
    """The merged province's Department from 01/07/2025 and a 2025 campaign with its decision."""
    DepartmentPeriod.objects.update(valid_to=dt.date(2025, 6, 30))
    DepartmentPeriod.objects.create(
        valid_from=dt.date(2025, 7, 1),
        governing_body="ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA",
        name="SỞ TƯ PHÁP",
        abbreviation="STP",
        place_name="Khánh Hòa",
    )
    campaign = Campaign.objects.create(
        year=2025, name="Thi đua 2025", regime=Regime.R2025, document_profile=DocumentProfile.ND30_2020
    )
    return make_decision(campaign, cast, dt.date(2025, 12, 15))


# --- The batch ----------------------------------------------------------------------------------------


def test_batch_pdf_has_one_page_per_awardee_with_its_parts(decision, awarded, tmp_path):
    pdf = certificates_pdf(certificates_of(decision))

    pages = pages_of(pdf, tmp_path)

    assert len(PdfReader(io.BytesIO(pdf)).pages) == 3
    assert len(pages) == 3
    # In the titles' order: LĐTT (Bình), TTLĐTT (the unit), then the Director's Giấy khen (Hà).
    expected = [
        ("Ông Lê Văn Bình", "Chuyên viên, Thanh tra Sở", "GIẤY CHỨNG NHẬN", "LAO ĐỘNG TIÊN TIẾN"),
        ("Tập thể Văn phòng Sở", "", "GIẤY CHỨNG NHẬN", "TẬP THỂ LAO ĐỘNG TIÊN TIẾN"),
        ("Bà Nguyễn Thị Thu Hà", "Chuyên viên, Văn phòng Sở", "GIẤY KHEN", "TẶNG"),
    ]
    for page, (name, detail, heading, title) in zip(pages, expected, strict=True):
        assert name in page
        assert detail in page
        assert heading in page
        assert title in page
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page
        assert "Độc lập - Tự do - Hạnh phúc" in page
        assert "GIÁM ĐỐC SỞ TƯ PHÁP TỈNH NINH THUẬN" in page
        assert "Số QĐ: 01/QĐ-STP ngày 10/12/2018" in page
        assert "Ninh Thuận, ngày 10 tháng 12 năm 2018" in page
        assert "Phạm Văn Hậu" in page
    assert "Đã hoàn thành tốt nhiệm vụ năm 2018, được công nhận danh hiệu" in pages[0]
    # The ad-hoc achievement, as the dossier wrote it, in the Giấy khen's default wording.
    assert (
        "Đã có thành tích cứu người trong lũ tại huyện Ninh Phước, góp phần vào sự nghiệp xây dựng và phát "
        "triển ngành Tư pháp." in pages[2]
    )


def test_batch_pdf_leaves_out_titles_without_certificate(decision, awarded, other_staff):
    award(decision, other_staff, "CSTDCS")
    Title.objects.filter(code="CSTDCS").update(certificate="")

    names = [certificate.name for certificate in certificates_of(decision)]

    assert names == ["Lê Văn Bình", "Văn phòng Sở", "Nguyễn Thị Thu Hà"]


def test_one_awardees_certificate_is_a_single_page(decision, awarded, tmp_path):
    pages = pages_of(certificates_pdf(certificates_of(decision, awarded[1])), tmp_path)

    assert len(pages) == 1
    assert "Lê Văn Bình" in pages[0]
    assert "Nguyễn Thị Thu Hà" not in pages[0]


def test_book_number_printed_when_the_office_entered_it(decision, awarded, cast, tmp_path):
    RewardRecord.objects.create(
        year=2018,
        title=awarded[1].title,
        staff=awarded[1].staff,
        decision_number="01/QĐ-STP",
        book_number="125",
        entered_by=cast["standing_office"],
    )

    pages = pages_of(certificates_pdf(certificates_of(decision)), tmp_path)

    assert ["Số sổ vàng: 125" in page for page in pages] == [True, False, False]


def test_a_deputy_signs_for_the_director(decision, awarded, tmp_path):
    decision.signer_title = "PHÓ GIÁM ĐỐC"
    decision.save()

    page = pages_of(certificates_pdf(certificates_of(decision, awarded[1])), tmp_path)[0]

    assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" in page


def word_boxes(pdf: bytes, tmp_path) -> list[tuple[str, float, float]]:
    """(word, top, bottom) of each word of the first page, from pdftotext -bbox."""
    path = tmp_path / "boxes.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pattern = r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>'
    return [(word, float(top), float(bottom)) for top, bottom, word in re.findall(pattern, html)]


def test_a_long_wording_and_a_deputy_stay_clear_of_the_signature(decision, awarded, tmp_path):
    decision.signer_title = "PHÓ GIÁM ĐỐC"
    decision.save()
    PaperTemplate.objects.create(
        kind="certificate-chung-nhan",
        key="LDTT",
        valid_from=dt.date(2018, 1, 1),
        text=(
            "Đã hoàn thành xuất sắc nhiệm vụ được giao năm {nam}, có nhiều đóng góp trong công tác xây "
            "dựng, kiểm tra văn bản quy phạm pháp luật và phổ biến, giáo dục pháp luật tại địa phương, được "
            "Hội đồng Thi đua - Khen thưởng Sở công nhận danh hiệu"
        ),
    )

    pdf = certificates_pdf(certificates_of(decision, awarded[1]))
    boxes = word_boxes(pdf, tmp_path)
    year_bottom = next(boxes[i + 1][2] for i, (word, _top, _bottom) in enumerate(boxes) if word == "Năm")
    place_top = min(top for word, top, _bottom in boxes if word == "Ninh")
    signer_bottom = max(bottom for word, _top, bottom in boxes if word == "Hậu")

    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert year_bottom < place_top  # "Năm 2018" above "Ninh Thuận, ngày …"
    assert signer_bottom < 595.3 - 20  # the signer's name inside the frame (A4 landscape is 595.3 pt high)


def test_docx_has_a_landscape_section_per_awardee(decision, awarded):
    document = Document(io.BytesIO(certificates_docx(certificates_of(decision))))

    sections = document.sections
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    cells = "\n".join(cell.text for table in document.tables for cell in table.rows[0].cells)

    assert len(sections) == 3
    assert [s.page_width > s.page_height for s in sections] == [True, True, True]
    assert [p.text for p in document.paragraphs if p.text.startswith(("Ông", "Bà", "Tập thể"))] == [
        "Ông Lê Văn Bình",
        "Tập thể Văn phòng Sở",
        "Bà Nguyễn Thị Thu Hà",
    ]
    assert text.count("GIÁM ĐỐC SỞ TƯ PHÁP TỈNH NINH THUẬN") == 3
    assert cells.count("Số QĐ: 01/QĐ-STP ngày 10/12/2018") == 3
    assert cells.count("Phạm Văn Hậu") == 3
    assert document.core_properties.keywords == "certificate-design:classic"
    # Each section carries its decorative page border.
    assert [[child.tag.endswith("pgBorders") for child in s._sectPr].count(True) for s in sections] == [
        1,
        1,
        1,
    ]


# --- The design of the award year ---------------------------------------------------------------------


def test_design_switches_with_the_award_year(decision, awarded, year_2025, tmp_path):
    unit = UnitFactory(code="XDKTVB", name="Phòng Xây dựng, kiểm tra văn bản")
    award(year_2025, StaffFactory(unit=unit, full_name="Đặng Thị Mai", gender="female"), "LDTT")

    old = certificates_pdf(certificates_of(decision))
    new = certificates_pdf(certificates_of(year_2025))
    old_page, new_page = pages_of(old, tmp_path)[0], pages_of(new, tmp_path)[0]

    assert (design_on(dt.date(2025, 6, 30)).key, design_on(dt.date(2025, 7, 1)).key) == ("classic", "2025")
    assert (keywords(old), keywords(new)) == ("certificate-design:classic", "certificate-design:2025")
    assert ("TỈNH NINH THUẬN" in old_page, "TỈNH KHÁNH HÒA" in old_page) == (True, False)
    assert ("TỈNH KHÁNH HÒA" in new_page, "TỈNH NINH THUẬN" in new_page) == (True, False)
    assert "Bà Đặng Thị Mai" in new_page
    assert "Khánh Hòa, ngày 15 tháng 12 năm 2025" in new_page


def test_reprinted_later_a_certificate_keeps_its_award_years_design_and_wording(decision, awarded, year_2025):
    PaperTemplate.objects.create(
        kind="certificate-chung-nhan", key="LDTT", valid_from=dt.date(2025, 7, 1), text="Mẫu mới năm {nam}"
    )

    reprinted = certificates_of(decision, awarded[1])[0]

    assert (reprinted.design.key, reprinted.wording) == (
        "classic",
        "Đã hoàn thành tốt nhiệm vụ năm 2018, được công nhận danh hiệu",
    )


def test_the_departments_wording_of_its_year_is_used(decision, awarded):
    PaperTemplate.objects.create(
        kind="certificate-giay-khen",
        valid_from=dt.date(2018, 1, 1),
        text="Đã có thành tích {thanh_tich} ({chuc_vu}, {don_vi}, {danh_hieu}, {nam}).",
    )

    wording = certificates_of(decision, awarded[0])[0].wording

    assert wording == (
        "Đã có thành tích cứu người trong lũ tại huyện Ninh Phước "
        "(Chuyên viên, Văn phòng Sở, Giấy khen của Giám đốc Sở, 2018)."
    )


# --- What a user typed stays text ----------------------------------------------------------------------


@pytest.mark.parametrize("typed", INJECTIONS)
def test_typed_values_print_as_text_and_nothing_is_fetched(decision, unit, typed, tmp_path, monkeypatch):
    fetched = []
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", lambda *args, **kwargs: fetched.append(args))
    person = StaffFactory(unit=unit, full_name=typed, position=typed)
    nominee = award(decision, person, "GK_GD", achievement=typed)
    decision.signer = typed
    decision.save()

    pdf = certificates_pdf(certificates_of(decision, nominee))
    page = pages_of(pdf, tmp_path)[0]
    docx = Document(io.BytesIO(certificates_docx(certificates_of(decision, nominee))))

    assert f"Ông {typed}" in page
    assert f"{typed}, Văn phòng Sở" in page
    assert f"Đã có thành tích {typed}, góp phần" in page
    assert page.endswith(typed)  # the signer's name closes the page
    assert fetched == []
    assert b"/URI" not in pdf
    assert b"/Subtype /Image" not in pdf
    assert f"Ông {typed}" in [paragraph.text for paragraph in docx.paragraphs]
    assert len(docx.inline_shapes) == 0
    assert [rel.reltype for rel in docx.part.rels.values() if "hyperlink" in rel.reltype] == []


# --- Refusals -----------------------------------------------------------------------------------------


def refusal(callable_, *args):
    with pytest.raises(ValidationError) as caught:
        callable_(*args)
    return caught.value.messages


def test_refused_for_a_submission(plan_2018, cast, staff):
    submission = make_decision(plan_2018, cast, dt.date(2018, 12, 7), kind=DecisionKind.SUBMISSION)
    award(submission, staff, "CSTD_TINH")

    assert refusal(certificates_of, submission) == [
        "01/TTr-STP là tờ trình lên cấp trên, không phải quyết định khen thưởng: giấy khen, giấy chứng nhận "
        "chỉ in từ quyết định của Giám đốc."
    ]


def test_refused_for_a_nominee_not_in_the_decision(decision, awarded, plan_2018, cast, other_staff):
    other = make_decision(plan_2018, cast, dt.date(2018, 12, 20), number=2)
    waiting = award(decision, other_staff, "CSTDCS")
    Nominee.objects.filter(pk=waiting.pk).update(decision=None)
    waiting.refresh_from_db()

    assert refusal(certificates_of, other, awarded[1]) == [
        "Lê Văn Bình không được khen thưởng tại 02/QĐ-STP: không thể in giấy khen, giấy chứng nhận."
    ]
    assert refusal(certificates_of, decision, waiting) == [
        "Lê Văn Bình không được khen thưởng tại 01/QĐ-STP: không thể in giấy khen, giấy chứng nhận."
    ]


def test_refused_for_a_title_without_certificate(decision, other_staff):
    nominee = award(decision, other_staff, "CSTDCS")
    Title.objects.filter(code="CSTDCS").update(certificate="")
    nominee.refresh_from_db()

    assert refusal(certificates_of, decision, nominee) == [
        "Danh hiệu, hình thức “Chiến sĩ thi đua cơ sở” không có giấy khen, giấy chứng nhận (xem thiết lập "
        "của danh hiệu): không có gì để in cho Lê Văn Bình."
    ]
    assert refusal(certificates_of, decision) == [
        "Không có người nào được khen thưởng tại 01/QĐ-STP có danh hiệu, hình thức được in giấy khen, giấy "
        "chứng nhận."
    ]


def test_refused_for_a_signer_without_a_name(decision, awarded):
    Decision.objects.filter(pk=decision.pk).update(signer="  ")
    decision.refresh_from_db()

    assert refusal(certificates_of, decision) == [
        "Quyết định chưa có họ tên người ký: không thể in giấy khen, giấy chứng nhận khi thiếu họ tên."
    ]


def test_refused_for_a_wording_with_an_unknown_placeholder(decision, awarded):
    # Stored past the form's check (an import, an old row): refused where it is used.
    PaperTemplate.objects.create(
        kind="certificate-giay-khen", valid_from=dt.date(2018, 1, 1), text="Tặng {ho_ten} {luong}"
    )

    assert refusal(certificates_of, decision, awarded[0]) == [
        "Không rõ trường {luong}. Các trường có thể dùng: {chuc_vu}, {danh_hieu}, {don_vi}, {ho_ten}, "
        "{nam}, {thanh_tich}."
    ]


def test_a_wording_with_an_unknown_placeholder_cannot_be_saved(db):
    text = PaperTemplate(
        kind="certificate-chung-nhan", key="LDTT", valid_from=dt.date(2018, 1, 1), text="{x}"
    )

    with pytest.raises(ValidationError):
        text.full_clean()


# --- The pages ----------------------------------------------------------------------------------------


def test_decision_page_offers_the_batch_and_a_link_per_awardee(client, cast, decision, awarded):
    client.force_login(cast["standing_office"])

    page = client.get(decision.get_absolute_url()).content.decode()

    assert reverse("awards:certificate-batch", args=[decision.pk, "pdf"]) in page
    assert reverse("awards:certificate-batch", args=[decision.pk, "docx"]) in page
    assert [reverse("awards:certificate-file", args=[decision.pk, n.pk, "pdf"]) in page for n in awarded] == [
        True,
        True,
        True,
    ]


def test_submission_page_offers_no_certificates(client, cast, plan_2018, staff):
    submission = make_decision(plan_2018, cast, dt.date(2018, 12, 7), kind=DecisionKind.SUBMISSION)
    award(submission, staff, "LDTT")
    client.force_login(cast["standing_office"])

    page = client.get(submission.get_absolute_url()).content.decode()

    assert "/certificates" not in page


def test_batch_downloads_as_pdf_and_docx(client, cast, decision, awarded):
    client.force_login(cast["director"])

    pdf = client.get(reverse("awards:certificate-batch", args=[decision.pk, "pdf"]))
    docx = client.get(reverse("awards:certificate-batch", args=[decision.pk, "docx"]))

    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) == 3
    assert len(Document(io.BytesIO(docx.content)).sections) == 3
    assert "giay-khen-01-Q" in pdf["Content-Disposition"]


def test_refusal_on_the_page_goes_back_with_the_reason(client, cast, plan_2018, staff):
    submission = make_decision(plan_2018, cast, dt.date(2018, 12, 7), kind=DecisionKind.SUBMISSION)
    award(submission, staff, "CSTD_TINH")
    client.force_login(cast["standing_office"])

    response = client.get(reverse("awards:certificate-batch", args=[submission.pk, "pdf"]), follow=True)

    assert response.redirect_chain == [(submission.get_absolute_url(), 302)]
    assert "là tờ trình lên cấp trên" in response.content.decode()


def test_a_secretary_cannot_print_certificates(client, cast, decision, awarded):
    client.force_login(cast["secretary"])

    response = client.get(reverse("awards:certificate-batch", args=[decision.pk, "pdf"]))

    assert response.status_code == 403


# --- The 2018 demo ------------------------------------------------------------------------------------


def test_the_2018_demo_decision_prints_its_certificates(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=io.StringIO())
    decision = Decision.objects.get(campaign__year=2018, kind=DecisionKind.DECISION)
    awardees = decision.nominees.exclude(title__certificate="").count()

    pdf = certificates_pdf(certificates_of(decision))
    pages = pages_of(pdf, tmp_path)

    assert awardees > 0
    assert len(pages) == awardees
    assert all("Số QĐ: 01/QĐ-STP ngày 10/12/2018" in page for page in pages)
    assert all("GIÁM ĐỐC SỞ TƯ PHÁP TỈNH NINH THUẬN" in page for page in pages)
    (tmp_path / "demo-certificates.pdf").write_bytes(pdf)
