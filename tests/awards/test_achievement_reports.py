"""The achievement report forms (NĐ 91/2017 Mẫu 01, 02, 06, 07), pre-filled per nominee, completed by the
unit in Word and uploaded back as the nominee's document."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards import services
from awards.enums import DocumentKind
from awards.models import DossierDocument, RewardRecord
from awards.papers.achievement import achievement_report_paper
from core.papers.model import plain_text
from initiatives.enums import InitiativeState
from initiatives.models import Initiative, InitiativeAuthor, ResearchAuthor, ResearchResult
from tests.awards.conftest import BEFORE, title
from tests.factories import StaffFactory
from tests.initiatives.conftest import INITIATIVE_DATA
from tests.readback import docx_text, pdf_text

INJECTIONS = ['=HYPERLINK("http://x","y")', "<img src=file:///etc/passwd>", "http://127.0.0.1"]


@pytest.fixture(autouse=True)
def _before_the_deadline():
    with time_machine.travel(BEFORE, tick=False):
        yield


@pytest.fixture
def person(registered, cast, plan_2018, unit):
    """A registered person with two years of titles and rewards, a recognised initiative and a research."""
    staff = registered("LDTT", full_name="Võ Thị Thành Tích", position="Chuyên viên")
    for year, code, number in (
        (2016, "LDTT", "20/QĐ-STP"),
        (2017, "CSTDCS", "35/QĐ-STP"),
        (2017, "GK_GD", "36/QĐ-STP"),
    ):
        RewardRecord.objects.create(
            year=year,
            title=title(code),
            staff=staff,
            decision_number=number,
            decision_date=dt.date(year, 12, 20),
            issued_by="Giám đốc Sở Tư pháp",
            entered_by=cast["standing_office"],
        )
    initiative = Initiative.objects.create(
        campaign=plan_2018,
        unit=unit,
        state=InitiativeState.RECOGNISED,
        decision_number="15/QĐ-STP",
        decision_date=dt.date(2018, 10, 20),
        scope="base",
        **INITIATIVE_DATA,
    )
    InitiativeAuthor.objects.create(initiative=initiative, staff=staff, share=Decimal(100))
    research = ResearchResult.objects.create(
        campaign=plan_2018,
        unit=unit,
        title="Đề tài về hòa giải cơ sở",
        kind="topic",
        level="base",
        acceptance_decision_number="38/QĐ-STP",
        accepted_on=dt.date(2018, 9, 28),
        recorded_by=cast["standing_office"],
    )
    ResearchAuthor.objects.create(research=research, staff=staff, share=Decimal(100))
    return staff


def _nominee(dossier, staff=None):
    return dossier.nominees.get(staff=staff)


def test_individual_report_is_form_02_prefilled_from_the_records(complete_dossier, person, unit):
    StaffFactory(unit=unit, full_name="Nguyễn Chánh Văn", position="Chánh Văn phòng", is_leader=True)
    dossier = complete_dossier((person, "LDTT"))

    paper = achievement_report_paper(dossier, _nominee(dossier, person), on_date=dt.date(2018, 11, 10))
    text = plain_text(paper).splitlines()

    assert (paper.kind, paper.summary, paper.number) == (
        "BÁO CÁO THÀNH TÍCH",
        "Đề nghị tặng Lao động tiên tiến",
        "",
    )
    assert text[:3] == ["SỞ TƯ PHÁP", "VĂN PHÒNG SỞ", "Ninh Thuận, ngày 10 tháng 11 năm 2018"]
    for line in (
        "(Mẫu số 02 – báo cáo thành tích của cá nhân, Nghị định số 91/2017/NĐ-CP; năm 2018)",
        "I. SƠ LƯỢC LÝ LỊCH",
        "- Họ tên (ghi đầy đủ bằng chữ in thường, không viết tắt): Võ Thị Thành Tích",
        "- Sinh ngày, tháng, năm: 17/05/1985",
        "- Giới tính: Nam",
        "- Đơn vị công tác: Văn phòng Sở",
        "- Chức vụ (Đảng, chính quyền, đoàn thể): Chuyên viên",
        "- Thời gian công tác: từ ngày 01/03/2010 (8 năm)",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "1. Quyền hạn, nhiệm vụ được giao:",
        "2. Thành tích đạt được:",
        "- Kết quả đánh giá, xếp loại năm 2018: Hoàn thành tốt nhiệm vụ",
        "- Sáng kiến “Số hóa sổ hộ tịch tại cấp xã”, công nhận tại Quyết định số 15/QĐ-STP ngày 20/10/2018.",
        "- Đề tài “Đề tài về hòa giải cơ sở”, nghiệm thu tại Quyết định số 38/QĐ-STP ngày 28/09/2018.",
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        "1. Danh hiệu thi đua:",
        "Năm | Danh hiệu thi đua | Số, ngày, tháng, năm của quyết định công nhận danh hiệu thi đua; cơ quan "
        "ban hành quyết định",
        "2. Hình thức khen thưởng:",
        "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ",
        "Nguyễn Chánh Văn",
        "NGƯỜI BÁO CÁO THÀNH TÍCH",
    ):
        assert line in text, line
    titles, rewards = paper.tables
    assert titles.rows == [
        ["2016", "Lao động tiên tiến", "Quyết định số 20/QĐ-STP ngày 20/12/2016; Giám đốc Sở Tư pháp"],
        ["2017", "Chiến sĩ thi đua cơ sở", "Quyết định số 35/QĐ-STP ngày 20/12/2017; Giám đốc Sở Tư pháp"],
    ]
    assert [row[:2] for row in rewards.rows] == [["2017", title("GK_GD").name]]
    assert [(s.position, s.name) for s in paper.signatures] == [
        ("THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ", "Nguyễn Chánh Văn"),
        ("NGƯỜI BÁO CÁO THÀNH TÍCH", "Võ Thị Thành Tích"),
    ]


def test_collective_report_is_form_01(complete_dossier, plan_2018, unit, cast, person):
    dossier = complete_dossier((person, "LDTT"))
    services.nominee_add(dossier=dossier, by=cast["secretary"], title=title("TTLDTT"), staff=None)

    text = plain_text(achievement_report_paper(dossier, _nominee(dossier))).splitlines()

    for line in (
        "(Mẫu số 01 – báo cáo thành tích của tập thể, Nghị định số 91/2017/NĐ-CP; năm 2018)",
        "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
        "- Tên đơn vị: Văn phòng Sở",
        "- Tổng số cán bộ, công chức, viên chức và người lao động: 1 người",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "- Sáng kiến “Số hóa sổ hộ tịch tại cấp xã”, công nhận tại Quyết định số 15/QĐ-STP ngày 20/10/2018.",
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        "THỦ TRƯỞNG ĐƠN VỊ CẤP TRÊN TRỰC TIẾP NHẬN XÉT, XÁC NHẬN",
        "THỦ TRƯỞNG ĐƠN VỊ",
    ):
        assert line in text, line


def test_ad_hoc_report_is_form_06_with_the_achievement(complete_dossier, person):
    dossier = complete_dossier((person, "GK_GD"), kind="ad_hoc")

    text = plain_text(achievement_report_paper(dossier, _nominee(dossier, person))).splitlines()

    assert "(Mẫu số 06 – báo cáo thành tích của cá nhân, Nghị định số 91/2017/NĐ-CP; năm 2018)" in text
    assert text[text.index("II. THÀNH TÍCH ĐẠT ĐƯỢC (ĐỘT XUẤT)") + 1] == "Cứu người trong lũ."
    assert "1. Quyền hạn, nhiệm vụ được giao:" not in text
    assert "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG" in text


def test_phase_report_is_form_07_with_the_phase(complete_dossier, person, plan_2018):
    dossier = complete_dossier((person, "GK_GD"), phase=1)
    phase = plan_2018.phases.get(number=1)

    text = plain_text(achievement_report_paper(dossier, _nominee(dossier, person))).splitlines()

    assert "(Mẫu số 07 – báo cáo thành tích của cá nhân, Nghị định số 91/2017/NĐ-CP; năm 2018)" in text
    assert "II. THÀNH TÍCH ĐẠT ĐƯỢC TRONG ĐỢT THI ĐUA" in text
    assert (
        f"- Đợt thi đua: {phase.name} (từ ngày {phase.starts_on:%d/%m/%Y} đến ngày {phase.ends_on:%d/%m/%Y})"
        in text
    )


def test_report_keeps_injected_names_as_text(complete_dossier, registered):
    staff = registered("LDTT", full_name=INJECTIONS[0], position=INJECTIONS[1])
    dossier = complete_dossier((staff, "LDTT"))

    paper = achievement_report_paper(dossier, _nominee(dossier, staff))
    text = plain_text(paper).splitlines()

    assert f"- Họ tên (ghi đầy đủ bằng chữ in thường, không viết tắt): {INJECTIONS[0]}" in text
    assert f"- Chức vụ (Đảng, chính quyền, đoàn thể): {INJECTIONS[1]}" in text
    assert paper.signatures[1].name == INJECTIONS[0]


def test_report_of_another_units_nominee_is_not_found(
    client, cast, complete_dossier, person, other_unit, plan_2018
):
    dossier = complete_dossier((person, "LDTT"))
    nominee = _nominee(dossier, person)
    client.force_login(cast["other_secretary"])

    response = client.get(reverse("awards:nominee-report", args=[dossier.pk, nominee.pk, "docx"]))
    other = services.dossier_save(
        by=cast["other_secretary"], campaign=plan_2018, unit=other_unit, data={"kind": "ad_hoc"}
    )
    # Her own dossier's number with the other unit's nominee: the nominee is looked up in the dossier.
    mixed = client.get(reverse("awards:nominee-report", args=[other.pk, nominee.pk, "docx"]))

    assert (response.status_code, mixed.status_code) == (404, 404)


def test_dossier_page_offers_the_form_per_nominee(client, cast, complete_dossier, person):
    dossier = complete_dossier((person, "LDTT"))
    nominee = _nominee(dossier, person)
    client.force_login(cast["secretary"])

    page = client.get(dossier.get_absolute_url()).content.decode()

    assert reverse("awards:nominee-report", args=[dossier.pk, nominee.pk, "docx"]) in page
    assert "Tải mẫu báo cáo thành tích (Word)" in page


def test_completed_report_goes_back_as_the_nominees_document(client, cast, complete_dossier, person):
    import docx

    dossier = complete_dossier((person, "LDTT"))
    nominee = _nominee(dossier, person)
    client.force_login(cast["secretary"])

    downloaded = client.get(reverse("awards:nominee-report", args=[dossier.pk, nominee.pk, "docx"]))
    document = docx.Document(io.BytesIO(downloaded.content))
    words = "\n".join(p.text for p in document.paragraphs)
    assert "I. SƠ LƯỢC LÝ LỊCH" in words
    assert "Võ Thị Thành Tích" in words
    document.add_paragraph("Hoàn thành 120 hồ sơ hộ tịch đúng hạn.")
    edited = io.BytesIO()
    document.save(edited)
    response = client.post(
        reverse("awards:document-upload", args=[dossier.pk]),
        {
            "kind": DocumentKind.REPORT_INDIVIDUAL,
            "nominee": nominee.pk,
            "file": SimpleUploadedFile("bao-cao-thanh-tich.docx", edited.getvalue()),
        },
        follow=True,
    )

    stored = DossierDocument.objects.filter(nominee=nominee, kind=DocumentKind.REPORT_INDIVIDUAL).latest("pk")
    assert [str(m) for m in response.context["messages"]] == ["Đã đính kèm tệp."]
    assert (stored.original_name, stored.content_type) == (
        "bao-cao-thanh-tich.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    with stored.file.open("rb") as file:
        assert "Hoàn thành 120 hồ sơ hộ tịch đúng hạn." in [p.text for p in docx.Document(file).paragraphs]


def test_report_reads_back_in_pdf_and_docx(client, cast, complete_dossier, person):
    dossier = complete_dossier((person, "LDTT"))
    nominee = _nominee(dossier, person)
    client.force_login(cast["standing_office"])
    url = reverse("awards:nominee-report", args=[dossier.pk, nominee.pk, "pdf"])

    texts = {
        "pdf": pdf_text(client.get(url).content, layout=True),
        "docx": docx_text(client.get(url.replace(".pdf", ".docx")).content),
    }

    for fmt, text in texts.items():
        for part in (
            "BÁO CÁO THÀNH TÍCH",
            "Mẫu số 02",
            "I. SƠ LƯỢC LÝ LỊCH",
            "Võ Thị Thành Tích",
            "II. THÀNH TÍCH ĐẠT ĐƯỢC",
            "1. Quyền hạn, nhiệm vụ được giao:",
            "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
            "20/QĐ-STP",
            "Số hóa sổ hộ tịch tại cấp xã",
            "NGƯỜI BÁO CÁO THÀNH TÍCH",
        ):
            assert part in text, (fmt, part)
