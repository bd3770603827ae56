"""The whole decision (Quyết định khen thưởng) and the tờ trình, as papers: every part a clerk signs, in the
paper's words and read back from the PDF, the Word file and the workbook of its list."""

import datetime as dt
import io
import subprocess
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import Decision, Nominee
from awards.papers.decision import _governing_in_sentence, decision_paper, list_paper, submission_paper
from awards.papers.words import money_words
from core.papers.model import Table, plain_text
from core.papers.pdf import paper_html
from core.papers.render import render
from departments.models import DepartmentPeriod
from emulation.bonus import bonus_amount
from emulation.models import Title
from tests import readback
from tests.awards.conftest import BEFORE
from tests.awards.test_exports import council, decided, people, voted  # noqa: F401 (fixtures)

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
AFTER = dt.datetime(2019, 1, 15, 9, 0, tzinfo=HCM)  # the papers are printed after their dates
INJECTIONS = ['=HYPERLINK("http://x","y")', "<img src=file:///etc/passwd>", "http://127.0.0.1"]


@pytest.fixture(autouse=True)
def _before_the_deadline():
    with time_machine.travel(BEFORE, tick=False):
        yield


@pytest.fixture
def bonuses(plan_2018):
    call_command("loaddata", "bonus", verbosity=0)


@pytest.fixture
def papers(decided, bonuses):  # noqa: F811 (the fixture imported above)
    """The decision (Anh LĐTT, the unit TTLĐTT, Dung Giấy khen) and the tờ trình (Cường Bằng khen UBND)."""
    decision, submission = decided
    with time_machine.travel(AFTER, tick=False):
        yield decision, submission


def lines_of(paper):
    return plain_text(paper).splitlines()


def pdf_text(paper):
    return readback.pdf_text(render(paper, "pdf"), layout=True)


def docx_text(paper):
    return readback.docx_text(render(paper, "docx"))


def xlsx_cells(paper):
    sheet = load_workbook(io.BytesIO(render(paper, "xlsx"))).active
    return sheet, [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]


# --- The decision ----------------------------------------------------------------------------------------

DECISION_PARTS = [
    "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN",
    "SỞ TƯ PHÁP",
    "Số: 01/QĐ-STP",
    "Ninh Thuận, ngày 10 tháng 12 năm 2018",
    "QUYẾT ĐỊNH",
    "Về việc tặng danh hiệu “Lao động tiên tiến”, “Tập thể lao động tiên tiến” và Giấy khen của Giám đốc "
    "Sở năm 2018",
    "GIÁM ĐỐC SỞ TƯ PHÁP",
    "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;",
    "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành một "
    "số điều của Luật Thi đua, khen thưởng;",
    "Căn cứ Kế hoạch ngày 04/01/2018 của Sở Tư pháp về phong trào thi đua năm 2018;",
    "Căn cứ Biên bản họp ngày 25/11/2018 của Hội đồng Thi đua – Khen thưởng Sở (Phiên họp tháng 11);",
    "Xét đề nghị của Chánh Văn phòng – Thường trực Hội đồng Thi đua – Khen thưởng Sở,",
    "QUYẾT ĐỊNH:",
    "Điều 1. Tặng danh hiệu thi đua, hình thức khen thưởng năm 2018 cho các tập thể, cá nhân thuộc Sở Tư "
    "pháp đã có thành tích trong phong trào thi đua (có danh sách kèm theo), cụ thể:",
    "1. Tặng danh hiệu “Lao động tiên tiến” năm 2018 cho 01 cá nhân;",
    "2. Tặng danh hiệu “Tập thể lao động tiên tiến” năm 2018 cho 01 tập thể;",
    "3. Tặng Giấy khen của Giám đốc Sở năm 2018 cho 01 cá nhân.",
    "Điều 2. Các tập thể, cá nhân có tên tại Điều 1 được thưởng kèm theo danh hiệu thi đua, hình thức khen "
    "thưởng như sau:",
    "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Trưởng các phòng, đơn vị thuộc Sở Tư "
    "pháp và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
    "GIÁM ĐỐC",
    "Lê Văn Hòa",
    "Nơi nhận:",
    "- Như Điều 3;",
    "- Sở Nội vụ (Ban Thi đua – Khen thưởng);",
    "- Lưu: VT, VP.",
    "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG",
    "(Kèm theo Quyết định số 01/QĐ-STP ngày 10/12/2018 của Giám đốc Sở Tư pháp)",
    "I. Danh hiệu “Lao động tiên tiến” (01 cá nhân)",
    "II. Danh hiệu “Tập thể lao động tiên tiến” (01 tập thể)",
    "III. Giấy khen của Giám đốc Sở (01 cá nhân)",
]


def test_decision_paper_holds_every_part_in_order(papers):
    decision, _submission = papers

    lines = lines_of(decision_paper(decision))

    assert [line for line in lines if line in DECISION_PARTS] == DECISION_PARTS


def test_decision_paper_reads_back_in_pdf_and_word(papers, tmp_path):
    paper = decision_paper(papers[0])

    for text in (pdf_text(paper), docx_text(paper)):
        # The header's two columns share lines in the PDF's text: its words are checked one column apart.
        assert ("ỦY BAN NHÂN DÂN TỈNH NINH" in text, "THUẬN" in text) == (True, True)
        missing = [part for part in DECISION_PARTS[1:] if " ".join(part.split()) not in text]
        assert missing == []
        # The signed text comes before the list attached to it.
        assert text.index("Lê Văn Hòa") < text.index("DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG")


def test_decision_list_reads_back_from_the_workbook_grouped_with_subtotals(papers):
    paper = list_paper(decision_paper(papers[0]))

    sheet, cells = xlsx_cells(paper)
    values = [cell.value for cell in cells]

    headings = [v for v in values if isinstance(v, str) and v[:4] in ("I. D", "II. ", "III.")]
    assert headings == [
        "I. Danh hiệu “Lao động tiên tiến” (01 cá nhân)",
        "II. Danh hiệu “Tập thể lao động tiên tiến” (01 tập thể)",
        "III. Giấy khen của Giám đốc Sở (01 cá nhân)",
    ]
    wanted = ("Phạm Minh Anh", "Huỳnh Thị Dung", 420_000, 1_120_000)
    assert [v for v in values if v in wanted] == [
        "Phạm Minh Anh",
        420_000,
        1_120_000,
        "Huỳnh Thị Dung",
        420_000,
    ]
    # Subtotals and the total are formulas over the amounts.
    formulas = [cell.value for cell in cells if isinstance(cell.value, str) and cell.value.startswith("=")]
    assert len(formulas) == 4  # three groups and the total
    assert "(Kèm theo Quyết định số 01/QĐ-STP ngày 10/12/2018 của Giám đốc Sở Tư pháp)" in values


def test_decision_annex_is_grouped_by_title_with_the_bonus_per_row(papers):
    decision, _submission = papers

    [table] = [block for block in decision_paper(decision).annex if isinstance(block, Table)]

    assert [(group.heading, [row[1:] for row in group.rows]) for group in table.groups] == [
        (
            "I. Danh hiệu “Lao động tiên tiến” (01 cá nhân)",
            [["Phạm Minh Anh", "Phó Chánh Văn phòng", "Văn phòng Sở", "Lao động tiên tiến", 420_000]],
        ),
        (
            "II. Danh hiệu “Tập thể lao động tiên tiến” (01 tập thể)",
            [["Văn phòng Sở", "", "Văn phòng Sở", "Tập thể lao động tiên tiến", 1_120_000]],
        ),
        (
            "III. Giấy khen của Giám đốc Sở (01 cá nhân)",
            [["Huỳnh Thị Dung", "Chuyên viên", "Văn phòng Sở", "Giấy khen của Giám đốc Sở", 420_000]],
        ),
    ]
    assert (table.subtotal_label, table.total_label) == ("Cộng", "Tổng cộng")
    assert [column.total for column in table.columns] == [False] * 5 + [True]


@pytest.mark.parametrize(
    ("issued_on", "ldtt", "ttldtt", "gk_line", "total"),
    [
        # 2018: 1.390.000 đ base salary, NĐ 91/2017; 0,3 × 1.390.000 = 417.000, rounded up to 420.000.
        (
            dt.date(2018, 12, 10),
            "- Mỗi cá nhân được tặng danh hiệu “Lao động tiên tiến” được thưởng 0,3 lần mức lương cơ sở "
            "(1.390.000 đồng), là 420.000 đồng (Bốn trăm hai mươi nghìn đồng);",
            "- Mỗi tập thể được tặng danh hiệu “Tập thể lao động tiên tiến” được thưởng 0,8 lần mức lương "
            "cơ sở (1.390.000 đồng), là 1.120.000 đồng (Một triệu một trăm hai mươi nghìn đồng);",
            "- Mỗi cá nhân được tặng Giấy khen của Giám đốc Sở được thưởng 0,3 lần mức lương cơ sở "
            "(1.390.000 đồng), là 420.000 đồng (Bốn trăm hai mươi nghìn đồng).",
            "Tổng số tiền thưởng là 1.960.000 đồng (Một triệu chín trăm sáu mươi nghìn đồng)",
        ),
        # 2025 (after 01/07/2025): 2.340.000 đ, NĐ 152/2025, which gives no rate for an individual's
        # Giấy khen in the reference data: the paper says "theo quy định hiện hành" and leaves the figure.
        (
            dt.date(2025, 12, 10),
            "- Mỗi cá nhân được tặng danh hiệu “Lao động tiên tiến” được thưởng 0,3 lần mức lương cơ sở "
            "(2.340.000 đồng), là 710.000 đồng (Bảy trăm mười nghìn đồng);",
            "- Mỗi tập thể được tặng danh hiệu “Tập thể lao động tiên tiến” được thưởng 0,8 lần mức lương "
            "cơ sở (2.340.000 đồng), là 1.880.000 đồng (Một triệu tám trăm tám mươi nghìn đồng);",
            "- Mỗi cá nhân được tặng Giấy khen của Giám đốc Sở được thưởng theo quy định hiện hành.",
            "Tổng số tiền thưởng là 2.590.000 đồng (Hai triệu năm trăm chín mươi nghìn đồng)",
        ),
    ],
)
def test_decision_article_2_pays_the_bonus_of_the_decision_date(
    papers, issued_on, ldtt, ttldtt, gk_line, total
):
    decision, _submission = papers
    Decision.objects.filter(pk=decision.pk).update(issued_on=issued_on)
    decision.refresh_from_db()
    expected = [
        bonus_amount(Title.objects.get(code="LDTT"), issued_on).amount,
        bonus_amount(Title.objects.get(code="TTLDTT"), issued_on).amount,
    ]

    with time_machine.travel(dt.datetime(2026, 1, 5, tzinfo=HCM), tick=False):
        paper = decision_paper(decision)

    lines = lines_of(paper)
    assert [ldtt, ttldtt, gk_line] == [line for line in lines if line.startswith("- Mỗi ")]
    [table] = paper.tables
    assert [group.rows[0][-1] for group in table.groups[:2]] == expected
    assert total in plain_text(paper)


def test_decision_signed_by_a_deputy_reads_kt_giam_doc(papers, tmp_path):
    decision, _submission = papers
    Decision.objects.filter(pk=decision.pk).update(signer_title="Phó Giám đốc", signer="Trần Thị Mai")
    decision.refresh_from_db()

    paper = decision_paper(decision)

    [signature] = paper.signatures
    assert (signature.authority, signature.position, signature.name) == (
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Trần Thị Mai",
    )
    text = pdf_text(paper)
    assert text.index("KT. GIÁM ĐỐC") < text.index("PHÓ GIÁM ĐỐC") < text.index("Trần Thị Mai")
    assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" in docx_text(paper).replace("\n", " ")


def test_money_in_words():
    assert [money_words(n) for n in (420_000, 1_390_000, 1_080_000, 4_150_000, 21_000_000)] == [
        "Bốn trăm hai mươi nghìn đồng",
        "Một triệu ba trăm chín mươi nghìn đồng",
        "Một triệu không trăm tám mươi nghìn đồng",
        "Bốn triệu một trăm năm mươi nghìn đồng",
        "Hai mươi mốt triệu đồng",
    ]


# --- The tờ trình ------------------------------------------------------------------------------------------


def test_submission_paper_holds_the_addressee_the_council_result_and_the_proposal(papers, tmp_path):
    _decision, submission = papers

    paper = submission_paper(submission)

    expected = [
        "Số: 01/TTr-STP",
        "TỜ TRÌNH",
        "Về việc đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2018",
        "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Ninh Thuận (qua Sở Nội vụ).",
        "Ngày 25/11/2018, Hội đồng Thi đua – Khen thưởng Sở họp (Phiên họp tháng 11), có 3/3 thành viên dự "
        "họp, bình xét và bỏ phiếu kín. Kết quả:",
        "- Đặng Quốc Cường (Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh): 3/3 phiếu đồng ý, đạt 100% tổng số "
        "thành viên Hội đồng Thi đua – Khen thưởng.",
        "Sở Tư pháp kính đề nghị Chủ tịch Ủy ban nhân dân tỉnh Ninh Thuận xem xét, tặng:",
        "- Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2018 cho 01 cá nhân.",
        "Sở Tư pháp kính trình Chủ tịch Ủy ban nhân dân tỉnh Ninh Thuận xem xét, quyết định./.",
        "Lê Văn Hòa",
        "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐỀ NGHỊ KHEN THƯỞNG",
        "(Kèm theo Tờ trình số 01/TTr-STP ngày 01/12/2018 của Sở Tư pháp)",
        "I. Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (01 cá nhân)",
    ]
    assert [line for line in lines_of(paper) if line in expected] == expected
    text = docx_text(paper)
    assert [part for part in expected if " ".join(part.split()) not in text] == []


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # The demo is seeded as of now: the province's answer (25/01/2019) is in its past.
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=HCM), tick=False):
        with override_settings(DEBUG=True):
            call_command("seed_demo", stdout=io.StringIO())
        yield


def test_the_2018_demo_decision_and_submission_print_whole_in_every_format(demo, tmp_path):
    decision = Decision.objects.get(campaign__year=2018, kind="decision")
    submission = Decision.objects.get(campaign__year=2018, kind="submission")

    paper, proposal = decision_paper(decision), submission_paper(submission)

    fighter = Nominee.objects.get(decision=submission, title__code="CSTD_TINH")
    initiative = fighter.initiative
    evidence = (
        f"- {fighter.staff.full_name}, {fighter.staff.position}: đạt danh hiệu Chiến sĩ thi đua cơ sở ba năm "
        "liên tục: năm 2016 (Quyết định số 26/QĐ-STP ngày 20/12/2016), năm 2017 (Quyết định số 27/QĐ-STP "
        "ngày 20/12/2017), năm 2018 (đạt tiêu chuẩn Chiến sĩ thi đua cơ sở năm xét); sáng kiến "
        f"“{initiative.title}” được công nhận (có phạm vi ảnh hưởng cấp tỉnh, Quyết định số "
        f"{initiative.provincial_decision_number} ngày {initiative.provincial_decision_date:%d/%m/%Y})."
    )
    assert evidence in lines_of(proposal)
    assert "Thành tích làm căn cứ đề nghị danh hiệu “Chiến sĩ thi đua cấp tỉnh”:" in lines_of(proposal)
    assert " ".join(evidence.split()) in pdf_text(proposal)
    text = pdf_text(paper)
    assert ("Số: 01/QĐ-STP" in text, "QUYẾT ĐỊNH:" in text, "Tổng cộng" in text) == (True, True, True)
    assert "Số: 01/QĐ-STP" in docx_text(paper)
    _sheet, cells = xlsx_cells(list_paper(paper))
    names = {cell.value for cell in cells}
    assert (
        set(
            Nominee.objects.filter(decision=decision, staff__isnull=False).values_list(
                "staff__full_name", flat=True
            )
        )
        <= names
    )


def test_names_typed_by_users_stay_text_in_every_format(papers, tmp_path):
    decision, _submission = papers
    anh = Nominee.objects.get(decision=decision, title__code="LDTT").staff
    anh.full_name = INJECTIONS[0]
    anh.position = INJECTIONS[1]
    anh.save(update_fields=["full_name", "position"])
    dung = Nominee.objects.get(decision=decision, title__code="GK_GD").staff
    dung.full_name = INJECTIONS[2]
    dung.save(update_fields=["full_name"])

    paper = decision_paper(decision)

    pdf, word = render(paper, "pdf"), docx_text(paper)
    # A long token wraps inside its narrow cell: its pieces are read back, and the file holds no link.
    path = tmp_path / "paper.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pieces = ['=HYPERLINK("http', '://x","y")', "<img", "etc/passwd>", "http://127.0.0.1"]
    assert [piece in text for piece in pieces] == [True] * 5
    assert (b"/URI" in pdf, b"/Link" in pdf) == (False, False)
    assert [injection in word for injection in INJECTIONS] == [True, True, True]
    html = paper_html(paper)
    assert ("<img" in html, "&lt;img src=file:///etc/passwd&gt;" in html, 'href="http' in html) == (
        False,
        True,
        False,
    )
    _sheet, cells = xlsx_cells(list_paper(paper))
    written = {cell.value: cell.data_type for cell in cells if cell.value in INJECTIONS}
    assert written == dict.fromkeys(INJECTIONS, "s")
    assert not any(str(cell.value).startswith("=HYPERLINK") and cell.data_type == "f" for cell in cells)


# --- Refusals ----------------------------------------------------------------------------------------------


def test_a_paper_dated_after_today_is_refused(papers):
    decision, _submission = papers

    the_day_before = dt.datetime(2018, 12, 9, 9, 0, tzinfo=HCM)
    with time_machine.travel(the_day_before, tick=False), pytest.raises(ValidationError) as error:
        decision_paper(decision)

    assert error.value.code == "not_issued"


def test_a_paper_without_the_signers_name_is_refused(papers):
    decision, _submission = papers
    Decision.objects.filter(pk=decision.pk).update(signer="  ")
    decision.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        decision_paper(decision)

    assert error.value.code == "no_signer"


def test_a_paper_naming_no_one_is_refused(papers):
    _decision, submission = papers
    Nominee.objects.filter(decision=submission).update(decision=None)

    with pytest.raises(ValidationError) as error:
        submission_paper(submission)

    assert error.value.code == "no_nominees"


def test_the_file_page_sends_back_with_the_reason(client, cast, papers):
    decision, _submission = papers
    Decision.objects.filter(pk=decision.pk).update(signer="")
    client.force_login(cast["standing_office"])

    response = client.get(reverse("awards:decision-file", args=[decision.pk, "pdf"]), follow=True)

    assert response.redirect_chain == [(decision.get_absolute_url(), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "01/QĐ-STP không có tên người ký: văn bản phải ghi họ tên người ký. Hãy ghi người ký."
    ]


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("pdf", "application/pdf"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_the_file_page_gives_the_whole_paper(client, cast, papers, fmt, content_type):
    decision, _submission = papers
    client.force_login(cast["director"])

    response = client.get(reverse("awards:decision-file", args=[decision.pk, fmt]))

    assert (response.status_code, response["Content-Type"]) == (200, content_type)
    name = "quyet-dinh-01-QD-STP" + ("-danh-sach" if fmt == "xlsx" else "")
    assert f"{name}.{fmt}" in response["Content-Disposition"]


def test_the_departments_organisation_decision_is_a_ground_when_recorded(papers):
    decision, _submission = papers
    DepartmentPeriod.objects.update(decision_number="15/2016/QĐ-UBND")

    lines = lines_of(decision_paper(decision))

    assert (
        "Căn cứ Quyết định số 15/2016/QĐ-UBND của Ủy ban nhân dân tỉnh Ninh Thuận quy định chức năng, nhiệm "
        "vụ, quyền hạn và cơ cấu tổ chức của Sở Tư pháp;"
    ) in lines


@pytest.mark.parametrize(
    ("governing_body", "in_sentence"),
    [
        ("ỦY BAN NHÂN DÂN TỈNH NINH THUẬN", "Ủy ban nhân dân tỉnh Ninh Thuận"),
        ("UBND TỈNH KHÁNH HÒA", "Ủy ban nhân dân tỉnh Khánh Hòa"),
        ("UBND THÀNH PHỐ HÀ NỘI", "Ủy ban nhân dân thành phố Hà Nội"),
    ],
)
def test_the_addressee_names_the_governing_body_in_a_sentence(governing_body, in_sentence):
    assert _governing_in_sentence(governing_body) == in_sentence


@pytest.mark.parametrize(
    ("signer_title", "authority", "position"),
    [
        ("GIÁM ĐỐC", "", "GIÁM ĐỐC"),
        ("Q. Giám đốc", "", "Q. GIÁM ĐỐC"),
        ("PHÓ GIÁM ĐỐC", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    ],
)
def test_the_signature_block_follows_who_signs(papers, signer_title, authority, position):
    decision, _submission = papers
    Decision.objects.filter(pk=decision.pk).update(signer_title=signer_title)
    decision.refresh_from_db()

    [signature] = decision_paper(decision).signatures

    assert (signature.authority, signature.position, signature.name) == (authority, position, "Lê Văn Hòa")
