"""The application for recognition (TT 18/2013 Annex I) and the recognition decision with its list."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from core.papers.model import PageBreak, plain_text
from emulation.models import PaperTemplate
from initiatives.models import Initiative, InitiativeAuthor
from initiatives.papers import RECOGNITION, application_paper, recognition_paper
from initiatives.services import AuthorInput, initiative_recognise, round_close, score_cast
from tests.factories import StaffFactory
from tests.initiatives.conftest import BEFORE
from tests.readback import docx_text, pdf_text

INJECTIONS = ['=HYPERLINK("http://x","y")', "<img src=file:///etc/passwd>", "http://127.0.0.1"]


@pytest.fixture(autouse=True)
def _before_the_deadline(request):
    if "demo_2018" in request.fixturenames:  # the demo is seeded at today's date
        yield
        return
    with time_machine.travel(BEFORE, tick=False):
        yield


@pytest.fixture
def demo_2018(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the demo dossiers carry their documents
    settings.DEBUG = True  # seed_demo writes demo logins only in a development setup
    call_command("seed_demo", "--year", "2030", stdout=io.StringIO())


@pytest.fixture
def two_authors(unit):
    staff = StaffFactory(unit=unit, full_name="Lê Thị Hoa", position="Phó Chánh Văn phòng")
    return [
        AuthorInput(staff=staff, share=Decimal("60.5"), qualification="Cử nhân Luật"),
        AuthorInput(
            staff=None,
            share=Decimal("39.5"),
            full_name="Phạm Văn Ngoài",
            date_of_birth=dt.date(1979, 2, 3),
            workplace="UBND xã Phước Hậu",
            position="Công chức tư pháp - hộ tịch",
            qualification="Trung cấp Luật",
        ),
    ]


@pytest.fixture
def recognised_round(file_initiative, cast, council, open_round, two_authors):
    """A closed round with one initiative recognised by decision 15/QĐ-STP of 20/10/2018."""
    initiative = file_initiative(authors=two_authors)
    evaluation_round = open_round(initiative, council[:3])
    for member in council[:3]:
        score_cast(initiative=initiative, member=member, novelty=8, applicability=7, effect=9, recognise=True)
    round_close(evaluation_round=evaluation_round, by=cast["standing_office"])
    initiative.refresh_from_db()
    initiative_recognise(
        initiative=initiative,
        decision_number="15/QĐ-STP",
        decision_date=dt.date(2018, 10, 20),
        by=cast["director"],
    )
    evaluation_round.refresh_from_db()
    return evaluation_round


# --- The application ------------------------------------------------------------------------------------


def test_application_holds_every_part_of_annex_one(file_initiative, two_authors):
    initiative = file_initiative(authors=two_authors)
    Initiative.objects.filter(pk=initiative.pk).update(
        investor="Sở Tư pháp tỉnh Ninh Thuận",
        confidential_info="Mã nguồn phần mềm",
        benefits_by_others="UBND xã đánh giá giảm 50% thời gian",
        first_appliers="Nguyễn Thị Áp Dụng (UBND xã Phước Hậu)",
    )
    initiative.refresh_from_db()

    paper = application_paper(initiative)
    text = plain_text(paper)

    assert (paper.header, paper.number, paper.kind, paper.date) == (
        "national",
        "",
        "ĐƠN YÊU CẦU CÔNG NHẬN SÁNG KIẾN",
        dt.date(2018, 10, 20),
    )
    assert text.splitlines()[:2] == [
        "Ninh Thuận, ngày 20 tháng 10 năm 2018",
        "ĐƠN YÊU CẦU CÔNG NHẬN SÁNG KIẾN",
    ]
    assert "SỞ TƯ PHÁP" not in text  # no issuing body on a person's application
    assert [column.header for column in paper.tables[0].columns] == [
        "Số TT",
        "Họ và tên",
        "Ngày tháng năm sinh",
        "Nơi công tác (hoặc nơi thường trú)",
        "Chức danh",
        "Trình độ chuyên môn",
        "Tỷ lệ (%) đóng góp vào việc tạo ra sáng kiến",
    ]
    assert paper.tables[0].rows == [
        [1, "Lê Thị Hoa", "17/05/1985", initiative.unit.name, "Phó Chánh Văn phòng", "Cử nhân Luật", "60,50"],
        [
            2,
            "Phạm Văn Ngoài",
            "03/02/1979",
            "UBND xã Phước Hậu",
            "Công chức tư pháp - hộ tịch",
            "Trung cấp Luật",
            "39,50",
        ],
    ]
    for line in (
        "Kính gửi: Sở Tư pháp tỉnh Ninh Thuận",
        "Tôi (chúng tôi) ghi tên dưới đây:",
        "Là tác giả (nhóm tác giả) đề nghị xét công nhận sáng kiến: Số hóa sổ hộ tịch tại cấp xã",
        "- Chủ đầu tư tạo ra sáng kiến (trường hợp tác giả không đồng thời là chủ đầu tư tạo ra sáng kiến): "
        "Sở Tư pháp tỉnh Ninh Thuận",
        "- Lĩnh vực áp dụng sáng kiến: Hộ tịch (Giải pháp quản lý)",
        "- Ngày sáng kiến được áp dụng lần đầu hoặc áp dụng thử: 01/03/2018",
        "- Mô tả bản chất của sáng kiến: Quét và lập chỉ mục sổ hộ tịch, tra cứu trên máy tính thay vì sổ "
        "giấy.",
        "- Những thông tin cần được bảo mật (nếu có): Mã nguồn phần mềm",
        "- Những điều kiện cần thiết để áp dụng sáng kiến: Máy quét, phần mềm quản lý hộ tịch.",
        "- Đánh giá lợi ích thu được hoặc dự kiến có thể thu được do áp dụng sáng kiến theo ý kiến của tác "
        "giả: Giảm thời gian tra cứu từ 30 phút xuống 2 phút.",
        "- Đánh giá lợi ích thu được hoặc dự kiến có thể thu được do áp dụng sáng kiến theo ý kiến của tổ "
        "chức, cá nhân đã tham gia áp dụng sáng kiến lần đầu, kể cả áp dụng thử (nếu có): UBND xã đánh giá "
        "giảm 50% thời gian",
        "- Danh sách những người đã tham gia áp dụng thử hoặc áp dụng sáng kiến lần đầu (nếu có): Nguyễn "
        "Thị Áp Dụng (UBND xã Phước Hậu)",
        "Tôi (chúng tôi) xin cam đoan mọi thông tin nêu trong đơn là trung thực, đúng sự thật và hoàn toàn "
        "chịu trách nhiệm trước pháp luật.",
    ):
        assert line in text.splitlines(), line
    assert [(s.authority, s.name) for s in paper.signatures] == [
        ("ĐỒNG TÁC GIẢ", "Lê Thị Hoa"),
        ("ĐỒNG TÁC GIẢ", "Phạm Văn Ngoài"),
    ]


def test_application_investor_defaults_to_the_authors(file_initiative):
    paper = application_paper(file_initiative())

    assert (
        "- Chủ đầu tư tạo ra sáng kiến (trường hợp tác giả không đồng thời là chủ đầu tư tạo ra sáng kiến): "
        "Tác giả đồng thời là chủ đầu tư tạo ra sáng kiến."
    ) in plain_text(paper).splitlines()
    assert [s.authority for s in paper.signatures] == ["NGƯỜI NỘP ĐƠN"]


def test_application_without_author_is_refused(file_initiative):
    initiative = file_initiative()
    initiative.authors.all().delete()

    with pytest.raises(ValidationError) as error:
        application_paper(initiative)

    assert error.value.messages == ["Sáng kiến chưa có tác giả: hãy ghi tên các tác giả trước khi in đơn."]


def test_application_with_shares_not_summing_to_100_is_refused(file_initiative):
    initiative = file_initiative()
    InitiativeAuthor.objects.filter(initiative=initiative).update(share=Decimal("80"))

    with pytest.raises(ValidationError) as error:
        application_paper(initiative)

    assert error.value.messages == [
        "Tỷ lệ đóng góp của các tác giả cộng lại là 80%, không phải 100%: hãy sửa lại trước khi in."
    ]


def test_application_keeps_injected_names_as_text(file_initiative, unit):
    authors = [
        AuthorInput(staff=None, share=Decimal(50), full_name=INJECTIONS[0], workplace=INJECTIONS[2]),
        AuthorInput(staff=StaffFactory(unit=unit, full_name=INJECTIONS[1]), share=Decimal(50)),
    ]
    paper = application_paper(file_initiative(authors=authors))

    # Equal shares: in the order they were named.
    assert [row[1:4] for row in paper.tables[0].rows] == [
        [INJECTIONS[0], "", INJECTIONS[2]],
        [INJECTIONS[1], "17/05/1985", "Văn phòng Sở"],
    ]
    assert {s.name for s in paper.signatures} == {INJECTIONS[0], INJECTIONS[1]}


def test_application_view_refuses_in_vietnamese_and_hides_from_other_units(client, cast, file_initiative):
    initiative = file_initiative()
    initiative.authors.all().delete()
    client.force_login(cast["secretary"])

    response = client.get(
        reverse("initiatives:initiative-application", args=[initiative.pk, "pdf"]), follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Sáng kiến chưa có tác giả: hãy ghi tên các tác giả trước khi in đơn."
    ]
    client.force_login(cast["other_secretary"])
    assert (
        client.get(reverse("initiatives:initiative-application", args=[initiative.pk, "pdf"])).status_code
        == 404
    )


# --- The recognition decision ------------------------------------------------------------------------------


def test_recognition_decision_holds_its_parts_and_list(recognised_round):
    paper = recognition_paper(recognised_round, signer="Nguyễn Văn Giám")
    text = plain_text(paper).splitlines()

    assert (paper.number, paper.kind, paper.summary, paper.date) == (
        "Số: 15/QĐ-STP",
        "QUYẾT ĐỊNH",
        "Về việc công nhận sáng kiến năm 2018",
        dt.date(2018, 10, 20),
    )
    assert text[:4] == [
        "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN",
        "SỞ TƯ PHÁP",
        "Số: 15/QĐ-STP",
        "Ninh Thuận, ngày 20 tháng 10 năm 2018",
    ]
    for line in (
        "GIÁM ĐỐC SỞ TƯ PHÁP",
        "Căn cứ Nghị định số 13/2012/NĐ-CP ngày 02 tháng 3 năm 2012 của Chính phủ ban hành Điều lệ Sáng "
        "kiến;",
        "QUYẾT ĐỊNH:",
        "Điều 1. Công nhận 01 sáng kiến năm 2018 của các tác giả thuộc Sở Tư pháp (có danh sách kèm theo). "
        "Phạm vi ảnh hưởng của các sáng kiến: cấp cơ sở.",
        "GIÁM ĐỐC",
        "Nguyễn Văn Giám",
        "Nơi nhận:",
        "- Như Điều 3;",
        "DANH SÁCH SÁNG KIẾN ĐƯỢC CÔNG NHẬN NĂM 2018",
        "(Kèm theo Quyết định số 15/QĐ-STP ngày 20/10/2018 của Giám đốc Sở Tư pháp)",
        "STT | Tên sáng kiến | Tác giả | Đơn vị | Phạm vi ảnh hưởng | Ghi chú",
    ):
        assert line in text, line
    assert any(
        line.startswith("Căn cứ Thông tư số 18/2013/TT-BKHCN ngày 01 tháng 8 năm 2013") for line in text
    )
    assert any(
        line.startswith("Căn cứ kết quả xét, đánh giá sáng kiến của Hội đồng sáng kiến") for line in text
    )
    assert [line[:8] for line in text if line.startswith("Điều ")] == ["Điều 1. ", "Điều 2. ", "Điều 3. "]
    # The annex follows the signature and "Nơi nhận", from a new page.
    assert text.index("Nơi nhận:") < text.index("DANH SÁCH SÁNG KIẾN ĐƯỢC CÔNG NHẬN NĂM 2018")
    assert isinstance(paper.annex[0], PageBreak)
    assert paper.tables[0].rows == [
        [
            1,
            "Số hóa sổ hộ tịch tại cấp xã",
            "Lê Thị Hoa (60,50%); Phạm Văn Ngoài (39,50%)",
            recognised_round.initiatives.get().unit.name,
            "Cấp cơ sở",
            "Giải pháp quản lý",
        ]
    ]


def test_recognition_signed_by_a_deputy_reads_kt_giam_doc(recognised_round):
    paper = recognition_paper(recognised_round, signer="Trần Phó", deputy=True)

    assert [(s.authority, s.position, s.name) for s in paper.signatures] == [
        ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Phó")
    ]


def test_recognition_body_follows_the_departments_template(recognised_round):
    PaperTemplate.objects.create(
        kind=RECOGNITION,
        key="",
        valid_from=dt.date(2018, 1, 1),
        text="Điều 1. Công nhận {so_sang_kien} sáng kiến.\n\nĐiều 2. Hiệu lực.\n\nĐiều 3. Thi hành./.",
    )

    text = plain_text(recognition_paper(recognised_round, signer="A"))

    assert [line for line in text.splitlines() if line.startswith("Điều ")] == [
        "Điều 1. Công nhận 01 sáng kiến.",
        "Điều 2. Hiệu lực.",
        "Điều 3. Thi hành./.",
    ]


def test_recognition_while_the_round_is_open_is_refused(file_initiative, council, open_round):
    evaluation_round = open_round(file_initiative(), council[:3])

    with pytest.raises(ValidationError) as error:
        recognition_paper(evaluation_round, signer="A")

    assert error.value.messages == [
        "Hội đồng chưa kết thúc phiên đánh giá này: chưa có sáng kiến nào của phiên được công nhận."
    ]


def test_recognition_before_the_directors_decision_is_refused(file_initiative, cast, council, open_round):
    initiative = file_initiative()
    evaluation_round = open_round(initiative, council[:3])
    for member in council[:3]:
        score_cast(initiative=initiative, member=member, novelty=8, applicability=7, effect=9, recognise=True)
    round_close(evaluation_round=evaluation_round, by=cast["standing_office"])
    evaluation_round.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        recognition_paper(evaluation_round, signer="A")

    assert error.value.messages == [
        "Chưa có sáng kiến nào của phiên này được công nhận: hãy ghi quyết định của Giám đốc trước."
    ]


def test_recognition_without_signer_or_with_unknown_number_is_refused(recognised_round):
    with pytest.raises(ValidationError) as no_signer:
        recognition_paper(recognised_round, signer="  ")
    with pytest.raises(ValidationError) as unknown:
        recognition_paper(recognised_round, number="99/QĐ-STP", signer="A")

    assert no_signer.value.messages == ["Nhập họ tên người ký quyết định."]
    assert unknown.value.messages == [
        "Không có sáng kiến nào của phiên này được công nhận theo quyết định “99/QĐ-STP”."
    ]


def test_recognition_keeps_injected_names_as_text(recognised_round):
    author = InitiativeAuthor.objects.get(full_name="Phạm Văn Ngoài")
    InitiativeAuthor.objects.filter(pk=author.pk).update(full_name=INJECTIONS[0])

    paper = recognition_paper(recognised_round, signer=INJECTIONS[1])

    assert paper.tables[0].rows[0][2] == f"Lê Thị Hoa (60,50%); {INJECTIONS[0]} (39,50%)"
    assert paper.signatures[0].name == INJECTIONS[1]


def test_recognition_view_needs_the_recording_role(client, cast, recognised_round):
    url = reverse("initiatives:round-recognition", args=[recognised_round.pk, "pdf"])
    client.force_login(cast["initiative_council"])
    assert client.get(url, {"signer": "A"}).status_code == 403

    client.force_login(cast["director"])
    response = client.get(url, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Nhập họ tên người ký quyết định."]


def test_round_page_offers_the_decision_per_number(client, cast, recognised_round):
    client.force_login(cast["director"])

    response = client.get(recognised_round.get_absolute_url())

    assert response.context["decision_numbers"] == ["15/QĐ-STP"]
    assert (
        reverse("initiatives:round-recognition", args=[recognised_round.pk, "docx"])
        in response.content.decode()
    )


# --- Read back in each format ------------------------------------------------------------------------------


def _xlsx_cells(data: bytes) -> list:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    return [
        cell.value for sheet in book for row in sheet.iter_rows() for cell in row if cell.value is not None
    ]


def test_application_reads_back_in_pdf_docx_and_xlsx(client, cast, file_initiative, two_authors):
    initiative = file_initiative(authors=two_authors)
    client.force_login(cast["secretary"])
    files = {
        fmt: client.get(reverse("initiatives:initiative-application", args=[initiative.pk, fmt]))
        for fmt in ("pdf", "docx", "xlsx")
    }
    texts = {"pdf": pdf_text(files["pdf"].content, layout=True), "docx": docx_text(files["docx"].content)}

    assert files["pdf"]["Content-Type"] == "application/pdf"
    for fmt, text in texts.items():
        for part in (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "ĐƠN YÊU CẦU CÔNG NHẬN SÁNG KIẾN",
            "Kính gửi: Sở Tư pháp tỉnh Ninh Thuận",
            "Tôi (chúng tôi) ghi tên dưới đây:",
            "Lê Thị Hoa",
            "Phạm Văn Ngoài",
            "60,50",
            "Chủ đầu tư tạo ra sáng kiến",
            "Lĩnh vực áp dụng sáng kiến",
            "Mô tả bản chất của sáng kiến",
            "Những thông tin cần được bảo mật",
            "Những điều kiện cần thiết để áp dụng sáng kiến",
            "xin cam đoan mọi thông tin nêu trong đơn là trung thực",
            "ĐỒNG TÁC GIẢ",
        ):
            assert part in text, (fmt, part)
        assert "SỞ TƯ PHÁP" not in text, fmt  # no issuing body's block
    cells = _xlsx_cells(files["xlsx"].content)
    assert "Tỷ lệ (%) đóng góp vào việc tạo ra sáng kiến" in cells
    assert "Phạm Văn Ngoài" in cells


def test_recognition_reads_back_in_pdf_docx_and_xlsx(client, cast, recognised_round):
    author = InitiativeAuthor.objects.get(full_name="Phạm Văn Ngoài")
    InitiativeAuthor.objects.filter(pk=author.pk).update(full_name=INJECTIONS[0])
    client.force_login(cast["director"])
    url = "initiatives:round-recognition"
    query = {"signer": "Nguyễn Văn Giám", "deputy": "1"}
    files = {
        fmt: client.get(reverse(url, args=[recognised_round.pk, fmt]), query)
        for fmt in ("pdf", "docx", "xlsx")
    }
    texts = {"pdf": pdf_text(files["pdf"].content, layout=True), "docx": docx_text(files["docx"].content)}

    for fmt, text in texts.items():
        for part in (
            "SỞ TƯ PHÁP",
            "Số: 15/QĐ-STP",
            "QUYẾT ĐỊNH",
            "Về việc công nhận sáng kiến năm 2018",
            "GIÁM ĐỐC SỞ TƯ PHÁP",
            "Căn cứ Nghị định số 13/2012/NĐ-CP",
            "QUYẾT ĐỊNH:",
            "Điều 1.",
            "Điều 2.",
            "Điều 3.",
            "KT. GIÁM ĐỐC",
            "PHÓ GIÁM ĐỐC",
            "Nguyễn Văn Giám",
            "Nơi nhận:",
            "DANH SÁCH SÁNG KIẾN ĐƯỢC CÔNG NHẬN NĂM 2018",
            "Số hóa sổ hộ",  # the PDF wraps the cell
            "Phạm vi",
        ):
            assert part in text, (fmt, part)
        assert text.index("Nơi nhận:") < text.index("DANH SÁCH SÁNG KIẾN ĐƯỢC CÔNG NHẬN"), fmt
    assert f"{INJECTIONS[0]} (39,50%)" in texts["docx"]
    cells = _xlsx_cells(files["xlsx"].content)
    assert "Tên sáng kiến" in cells
    assert f"Lê Thị Hoa (60,50%); {INJECTIONS[0]} (39,50%)" in cells


def test_injected_author_stays_text_in_the_workbook(client, cast, file_initiative):
    import openpyxl

    authors = [AuthorInput(staff=None, share=Decimal(100), full_name=INJECTIONS[0], workplace=INJECTIONS[2])]
    initiative = file_initiative(authors=authors)
    client.force_login(cast["secretary"])

    data = client.get(reverse("initiatives:initiative-application", args=[initiative.pk, "xlsx"])).content
    book = openpyxl.load_workbook(io.BytesIO(data))
    found = [
        (cell.value, cell.data_type, cell.hyperlink)
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if cell.value in INJECTIONS
    ]

    # In the authors table (name, workplace), then under the signature.
    assert found == [(INJECTIONS[0], "s", None), (INJECTIONS[2], "s", None), (INJECTIONS[0], "s", None)]


# --- The 2018 demo -----------------------------------------------------------------------------------------


def test_demo_2018_papers_render(demo_2018):
    from awards.models import Dossier
    from awards.papers.achievement import achievement_report_paper
    from core.papers.render import render
    from initiatives.models import EvaluationRound
    from initiatives.papers import recognition_numbers

    initiatives = Initiative.objects.filter(campaign__year=2018).order_by("pk")
    applications = [application_paper(initiative) for initiative in initiatives]
    (evaluation_round,) = EvaluationRound.objects.filter(campaign__year=2018)
    numbers = recognition_numbers(evaluation_round)
    decisions = [recognition_paper(evaluation_round, number=n, signer="Nguyễn Văn Giám") for n in numbers]
    dossier = Dossier.objects.filter(campaign__year=2018).order_by("pk").first()
    reports = [achievement_report_paper(dossier, nominee) for nominee in dossier.nominees.all()]

    assert len(applications) == 6
    assert len(numbers) == 5  # one decision per recognised initiative in the demo
    recognised = [p for p, i in zip(applications, initiatives, strict=True) if i.decision_date]
    # Seeded today, the recognised ones are dated no later than their decision of 2018 (Ninh Thuận then).
    assert [(p.date <= dt.date(2018, 12, 31), plain_text(p).splitlines()[2]) for p in recognised] == [
        (True, "Kính gửi: Sở Tư pháp tỉnh Ninh Thuận")
    ] * 5
    assert all(len(d.tables[0].rows) == 1 for d in decisions)
    assert all("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG" in plain_text(p).splitlines() for p in reports)
    for paper in (applications[0], decisions[0], reports[0]):
        assert render(paper, "pdf").startswith(b"%PDF-")
        assert render(paper, "docx").startswith(b"PK")
