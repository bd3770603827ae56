"""The three renderers of a paper, read back from the files: every part in PDF (pdftotext), DOCX
(python-docx) and XLSX (openpyxl); the layout profile by date; rows never cut by a page; the signature
kept with the last rows; formulas only where the paper adds up; user text never markup, formula or URL."""

import datetime as dt
import io
import re
import shutil
import subprocess

import pytest
from docx import Document as WordDocument
from docx.oxml.ns import qn
from openpyxl import load_workbook

from core.documents import Column as ReportColumn
from core.documents import Document
from core.papers.model import Column, Group, Paper, Paragraph, Signature, Table
from core.papers.pdf import FONT_DIR, _fetcher, paper_html
from core.papers.profiles import ND30, TT01, profile_for
from core.papers.render import render
from core.papers.xlsx import sheet_names
from tests.core.paper_sample import INJECTIONS, ISSUER, annex, sample_paper
from tests.readback import docx_text, flat, pdf_pages

NEEDS_POPPLER = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="poppler-utils is not installed (apt-get install poppler-utils): PDF text cannot be read back.",
)
NEEDS_SOFFICE = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-writer libreoffice-calc): "
    "the workbooks and Word files cannot be converted headless.",
)
LONG = " Trưởng phòng Hành chính - Tổng hợp kiêm phụ trách công tác thi đua khen thưởng của đơn vị"


def midnight(*date) -> dt.datetime:
    """A date as openpyxl reads it back from a cell: a naive datetime at midnight."""
    return dt.datetime.combine(dt.date(*date), dt.time())


EVERY_PART = [
    "ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH",
    "SỞ TƯ PHÁP",
    "Số: 12/QĐ-STP",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Bình Định, ngày 20 tháng 12 năm 2018",
    "QUYẾT ĐỊNH",
    "Về việc tặng danh hiệu Lao động tiên tiến năm 2018",
    "GIÁM ĐỐC SỞ TƯ PHÁP",
    "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;",
    "QUYẾT ĐỊNH:",
    "Điều 1. Tặng danh hiệu Lao động tiên tiến cho 4 cá nhân (có danh sách kèm theo).",
    "DANH SÁCH",
    "I. Danh hiệu Lao động tiên tiến",
    "II. Danh hiệu Chiến sĩ thi đua cơ sở",
    "KT. GIÁM ĐỐC",
    "PHÓ GIÁM ĐỐC",
    "Trần Thị Bình",
    "Nơi nhận:",
    "- Như Điều 3;",
    "- Lưu: VT, VP.",
]
# STT, name, unit, date of birth, bonus; then the subtotals and the total (2 × 1.490.000, 2 × 2.980.000).
ROWS = [
    "1 Nguyễn Văn A1 Phòng 1 02/02/1980 1.490.000",
    "2 Nguyễn Văn A2 Phòng 1 03/03/1980 1.490.000",
    "Cộng 2.980.000",
    "1 Nguyễn Văn B1 Phòng 2 02/02/1980 2.980.000",
    "2 Nguyễn Văn B2 Phòng 2 03/03/1980 2.980.000",
    "Cộng 5.960.000",
    "Tổng cộng 8.940.000",
]


# --- Profiles ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "profile", "expected"),
    [
        (dt.date(2020, 3, 4), None, TT01),
        (dt.date(2020, 3, 5), None, ND30),
        (dt.date(2018, 12, 20), "nd30-2020", ND30),
        (dt.date(2024, 1, 2), "tt01-2011", TT01),
    ],
)
def test_profile_for_the_date_or_the_papers_own(date, profile, expected):
    assert profile_for(sample_paper(date=date, profile=profile)) == expected


# --- PDF --------------------------------------------------------------------------------------------------


@NEEDS_POPPLER
def test_pdf_reads_back_every_part(tmp_path):
    content = render(sample_paper(), "pdf")
    pages = pdf_pages(content, layout=True)
    lines = [flat(line) for page in pages for line in page.splitlines()]
    text = flat(" ".join(pdf_pages(content)))  # in reading order, block by block

    assert len(pages) == 2  # the annex starts on its own page
    assert [part for part in EVERY_PART if part not in text] == []
    assert [row for row in ROWS if row not in lines] == []
    assert [header in pages[1] for header in ("STT", "Họ và tên", "Đơn vị", "Ngày sinh", "Tiền thưởng")] == [
        True
    ] * 5


@NEEDS_POPPLER
@pytest.mark.parametrize(("date", "at_top"), [(dt.date(2021, 1, 5), True), (dt.date(2018, 12, 20), False)])
def test_pdf_page_number_where_the_profile_puts_it(tmp_path, date, at_top):
    # NĐ 30: centred at the top from page 2; TT 01 (as this profile reads it): at the bottom right.
    pages = pdf_pages(render(sample_paper(date=date, rows_per_group=20), "pdf"), layout=True)
    first = [line for line in pages[0].splitlines() if line.strip()]
    second = [line for line in pages[1].splitlines() if line.strip()]
    number = second[0] if at_top else second[-1]
    indent = len(number) - len(number.lstrip())
    widest = max(len(line) for line in second)

    assert len(pages) >= 3
    assert [line.strip() for line in first].count("1") == 0  # no number on the first page
    assert number.strip() == "2"
    assert second[-1 if at_top else 0].strip() != "2"
    # Centred (about half the page's width in) or at the right edge.
    assert (0.35 * widest < indent < 0.65 * widest) if at_top else (indent > 0.85 * widest)


@NEEDS_POPPLER
# 9 and 15 rows a group: without the block that keeps the last rows with the foot, the signature would
# begin a page of its own.
@pytest.mark.parametrize("rows_per_group", [9, 14, 15])
def test_pdf_never_cuts_a_row_and_keeps_the_signature_with_the_last_rows(tmp_path, rows_per_group):
    paper = sample_paper(rows_per_group=rows_per_group, long_text=LONG)

    pages = [flat(page) for page in pdf_pages(render(paper, "pdf"))]

    assert len(pages) >= 4
    # The header row on every page of the annex.
    headers = ("STT", "Họ và tên", "Đơn vị", "Ngày sinh", "Tiền thưởng")
    assert [all(header in page for header in headers) for page in pages[1:]] == [True] * (len(pages) - 1)
    for page in pages[1:]:
        starts = re.findall(r"Nguyễn Văn ([AB]\d+)\b", page)
        ends = re.findall(r"hết([AB]\d+)\b", page)
        assert starts == ends  # every row that starts on a page ends on it
    assert "Trần Thị Bình" in pages[-1]
    assert f"hếtB{rows_per_group}" in pages[-1]
    assert "Tổng cộng" in pages[-1]
    assert "Trần Thị Bình" not in " ".join(pages[:-1])


@NEEDS_POPPLER
def test_pdf_prints_markup_and_addresses_as_text(tmp_path):
    hostile = "<img src=file:///etc/passwd> http://127.0.0.1"
    paper = sample_paper(signatures=[Signature("", "GIÁM ĐỐC", hostile)], recipients=[hostile])

    html = paper_html(paper)
    text = flat(" ".join(pdf_pages(render(paper, "pdf"))))

    assert "<img" not in html
    assert html.count("&lt;img src=file:///etc/passwd&gt;") == 2
    assert text.count(hostile) == 2
    assert "root:" not in text


def test_pdf_fetcher_serves_only_the_fonts():
    from weasyprint import HTML

    fetcher = _fetcher()
    html = paper_html(sample_paper()).replace(
        "<body>", '<body><img src="file:///etc/passwd"><img src="http://127.0.0.1/x.png">'
    )

    HTML(string=html, url_fetcher=fetcher).write_pdf()

    assert fetcher.refused == ["file:///etc/passwd", "http://127.0.0.1/x.png"]
    assert fetcher((FONT_DIR / "LiberationSerif-Regular.ttf").as_uri()).read()[:4] == b"\x00\x01\x00\x00"
    for url in ("file:///etc/passwd", (FONT_DIR / ".." / ".." / "manage.py").as_uri(), "data:,x"):
        with pytest.raises(ValueError, match="refused"):
            fetcher(url)


# --- DOCX -------------------------------------------------------------------------------------------------


def test_docx_reads_back_every_part():
    content = render(sample_paper(), "docx")
    text = docx_text(content)
    document = WordDocument(io.BytesIO(content))
    annex_table, keeper = document.tables[1], document.tables[2]
    tail, foot = keeper.rows[0].cells[0].tables
    rows = [
        " ".join(flat(cell.text) for cell in row.cells if cell.text)
        for row in [*annex_table.rows, *tail.rows]
    ]

    assert [part for part in EVERY_PART if part not in text] == []
    assert (
        rows
        == [
            "STT Họ và tên Đơn vị Ngày sinh Tiền thưởng (đồng)",
            " ".join(["I. Danh hiệu Lao động tiên tiến"] * 5),  # one cell merged over the five columns
            *ROWS[:2],
            "Cộng 2.980.000",
            " ".join(["II. Danh hiệu Chiến sĩ thi đua cơ sở"] * 5),
            *ROWS[3:5],
            "Cộng 5.960.000",
            "Tổng cộng 8.940.000",
        ]
    )
    heading = annex_table.rows[1]._tr
    assert heading.tc_lst[0].tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "5"
    # The header row repeats on each page; no row splits across two.
    assert annex_table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in [*annex_table.rows, *tail.rows])
    # The last three rows and the foot share one row that cannot split: the signature is never alone.
    assert (len(tail.rows), len(keeper.rows)) == (3, 1)
    assert keeper.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    assert "Trần Thị Bình" in foot.rows[0].cells[1].paragraphs[-1].text
    # The annex starts on a new page.
    assert 'w:type="page"' in document.element.xml


@pytest.mark.parametrize(
    ("date", "numbered", "blank", "right_margin_mm", "body_pt"),
    [(dt.date(2021, 1, 5), "header", "footer", 15, 14), (dt.date(2018, 12, 20), "footer", "header", 20, 13)],
)
def test_docx_page_number_and_margins_per_profile(date, numbered, blank, right_margin_mm, body_pt):
    document = WordDocument(io.BytesIO(render(sample_paper(date=date), "docx")))
    section = document.sections[0]

    assert section.different_first_page_header_footer is True
    assert " PAGE " in getattr(section, numbered)._element.xml
    assert "PAGE" not in getattr(section, blank)._element.xml
    assert "PAGE" not in section.first_page_header._element.xml + section.first_page_footer._element.xml
    assert round(section.right_margin.mm) == right_margin_mm
    assert round(section.left_margin.mm) == 30
    assert document.styles["Normal"].font.size.pt == body_pt
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_docx_landscape_is_a4_across():
    section = WordDocument(io.BytesIO(render(sample_paper(landscape=True), "docx"))).sections[0]

    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)


# --- XLSX -------------------------------------------------------------------------------------------------


def test_xlsx_reads_back_every_part_with_formulas_dates_and_numbers():
    book = load_workbook(io.BytesIO(render(sample_paper(), "xlsx")))
    sheet = book.active
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=1, max_row=23)]

    assert book.sheetnames == ["Danh sách khen thưởng"]
    assert values[0][0] == "ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH"
    assert values[0][2] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert (values[1][0], values[1][2]) == ("SỞ TƯ PHÁP", "Độc lập - Tự do - Hạnh phúc")
    assert (values[2][0], values[2][2]) == ("Số: 12/QĐ-STP", "Bình Định, ngày 20 tháng 12 năm 2018")
    assert (values[4][0], values[5][0]) == (
        "QUYẾT ĐỊNH",
        "Về việc tặng danh hiệu Lao động tiên tiến năm 2018",
    )
    assert values[7][0] == "DANH SÁCH"  # the paragraph that introduces the table
    assert values[9:18] == [
        ["STT", "Họ và tên", "Đơn vị", "Ngày sinh", "Tiền thưởng (đồng)"],
        ["I. Danh hiệu Lao động tiên tiến", None, None, None, None],
        [1, "Nguyễn Văn A1", "Phòng 1", midnight(1980, 2, 2), 1490000],
        [2, "Nguyễn Văn A2", "Phòng 1", midnight(1980, 3, 3), 1490000],
        [None, "Cộng", None, None, "=SUBTOTAL(9,E12:E13)"],
        ["II. Danh hiệu Chiến sĩ thi đua cơ sở", None, None, None, None],
        [1, "Nguyễn Văn B1", "Phòng 2", midnight(1980, 2, 2), 2980000],
        [2, "Nguyễn Văn B2", "Phòng 2", midnight(1980, 3, 3), 2980000],
        [None, "Cộng", None, None, "=SUBTOTAL(9,E16:E17)"],
    ]
    assert values[18][:5] == [None, "Tổng cộng", None, None, "=SUBTOTAL(9,E11:E18)"]
    assert ("A11:E11" in sheet.merged_cells, "A15:E15" in sheet.merged_cells) == (True, True)
    assert (sheet["D12"].number_format, sheet["E12"].number_format) == ("dd/mm/yyyy", "#,##0")
    assert [values[20][0], values[20][2], values[21][0], values[21][2]] == [
        "Nơi nhận:",
        "KT. GIÁM ĐỐC",
        "- Như Điều 3;",
        "PHÓ GIÁM ĐỐC",
    ]
    assert "Trần Thị Bình" in [cell.value for cell in sheet["C"]]


def test_xlsx_prints_the_header_row_on_every_page_and_numbers_pages():
    sheet = load_workbook(io.BytesIO(render(sample_paper(rows_per_group=30, landscape=True), "xlsx"))).active

    assert sheet.print_title_rows == "$10:$10"
    assert sheet.oddFooter.center.text == "Trang &P/&N"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)
    assert sheet.freeze_panes == "A11"


def test_xlsx_one_sheet_per_table_with_valid_unique_names():
    tables = [annex(), annex(), annex()]
    tables[1].sheet_name = "Danh sách khen thưởng"
    tables[2].sheet_name = "Cá nhân: tập thể [2018]/ * ? 'rất dài quá ba mươi mốt ký tự'"
    paper = sample_paper(blocks=[tables[0], Paragraph("Ghi chú", italic=True), tables[1], tables[2]])

    book = load_workbook(io.BytesIO(render(paper, "xlsx")))

    assert book.sheetnames == sheet_names(tables)
    assert book.sheetnames == [
        "Danh sách khen thưởng",
        "Danh sách khen thưởng (2)",
        "Cá nhân- tập thể -2018-- - -",  # cut at a word
    ]
    assert book.worksheets[1]["A1"].value == "STT"  # only the first sheet carries the paper's header
    assert book.worksheets[0]["A19"].value == "Ghi chú"  # the note under its table


def test_xlsx_keeps_every_value_starting_like_a_formula_as_text():
    issuer = type(ISSUER)(
        valid_from=ISSUER.valid_from,
        governing_body=INJECTIONS[0],
        name=INJECTIONS[3],
        abbreviation="X",
        place_name=INJECTIONS[2],
    )
    table = Table(
        columns=[Column("STT", 6), Column("Họ và tên", 30), Column("Số tiền", 12, numeric=True, total=True)],
        groups=[Group(INJECTIONS[1], [[index, value, 1] for index, value in enumerate(INJECTIONS, start=1)])],
        total_label="Tổng cộng",
    )
    paper = Paper(
        issuer=issuer,
        number="-1+1",
        date=dt.date(2021, 1, 5),
        kind="",
        summary=INJECTIONS[0],
        blocks=[table],
        signatures=[Signature("", "GIÁM ĐỐC", INJECTIONS[1])],
        recipients=[INJECTIONS[2]],
    )

    sheet = load_workbook(io.BytesIO(render(paper, "xlsx"))).active
    risky = [
        cell for row in sheet.iter_rows() for cell in row if str(cell.value).startswith(("=", "+", "-", "@"))
    ]
    formulas = [cell.value for cell in risky if cell.data_type == "f"]

    assert formulas == ["=SUBTOTAL(9,C9:C13)"]
    texts = [cell for cell in risky if cell.data_type != "f"]
    assert {cell.coordinate: cell.value for cell in texts if cell.coordinate in ("A1", "A2", "A9")} == {
        "A1": INJECTIONS[0].upper(),  # merged header cells
        "A2": INJECTIONS[3],
        "A9": INJECTIONS[1],  # the group heading, merged over the row
    }
    assert sorted(str(cell.value) for cell in texts) == sorted(
        [
            *INJECTIONS,  # the rows
            INJECTIONS[0].upper(),  # the governing body
            INJECTIONS[3],  # the agency
            "-1+1",  # the number
            INJECTIONS[2] + ", ngày 05 tháng 01 năm 2021",  # the place
            INJECTIONS[0],  # the summary
            INJECTIONS[1],  # the group heading
            INJECTIONS[1],  # the signer
            "- " + INJECTIONS[2],  # a recipient
        ]
    )
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in texts)


def _lines(text: str, width_chars: float, size: float) -> int:
    # A plain estimate of its own: 12 Excel width units hold about 12 letters of an 11-point font.
    per_line = width_chars * 11 / size * 1.1
    return sum(max(1, -(-len(part) // int(per_line))) for part in text.split("\n"))


def test_xlsx_row_heights_fit_wrapped_text():
    sheet = load_workbook(io.BytesIO(render(sample_paper(long_text=LONG), "xlsx"))).active
    merged = {rng.min_row * 1000 + rng.min_col: rng for rng in sheet.merged_cells.ranges}
    short = []

    for row in sheet.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str) or cell.data_type == "f" or not cell.alignment.wrap_text:
                continue
            span = merged.get(cell.row * 1000 + cell.column)
            columns = range(span.min_col, span.max_col + 1) if span else [cell.column]
            width = sum(sheet.column_dimensions[chr(64 + column)].width for column in columns)
            size = cell.font.size
            needed = _lines(cell.value, width, size) * size * 1.2
            height = sheet.row_dimensions[cell.row].height
            if height is None or height < needed:
                short.append((cell.coordinate, height, needed))

    assert short == []
    assert sheet.row_dimensions[12].height >= 3 * 12 * 1.2  # a name of three lines and more


# --- Empty name, and a report made a paper --------------------------------------------------------------


@NEEDS_POPPLER
def test_a_signature_without_a_name_leaves_the_line_empty(tmp_path):
    paper = sample_paper(signatures=[Signature("", "GIÁM ĐỐC", "")])

    pdf = flat(" ".join(pdf_pages(render(paper, "pdf"))))
    document = WordDocument(io.BytesIO(render(paper, "docx")))
    foot = document.tables[-1].rows[0].cells[0].tables[-1].rows[0].cells[1]
    sheet = load_workbook(io.BytesIO(render(paper, "xlsx"))).active

    assert re.search(r"GIÁM ĐỐC( \d+)?$", pdf)  # then only the page number
    assert [paragraph.text for paragraph in foot.paragraphs] == ["GIÁM ĐỐC", "", ""]
    assert [cell.value for cell in sheet["C"] if cell.value][-1] == "GIÁM ĐỐC"


def report():
    return Document(
        issuer=ISSUER,
        title="DANH SÁCH QUYẾT ĐỊNH",
        subtitle="Năm 2018",
        number="Số:      /BC-STP",
        columns=[
            ReportColumn("STT", 6, numeric=True),
            ReportColumn("Số", 20),
            ReportColumn("Người", 10, True),
        ],
        rows=[[1, "01/QĐ-STP", 3], [2, "02/QĐ-STP", 4]],
        totals=["", "Tổng cộng", 7],
        date=dt.date(2018, 12, 31),
        notes=["Ghi chú một."],
        recipients=["Lưu: VT."],
    )


@NEEDS_POPPLER
def test_a_report_as_a_paper_keeps_its_totals_and_adds_word(tmp_path):
    paper = report().paper()

    sheet = load_workbook(io.BytesIO(render(paper, "xlsx"))).active
    pdf = [flat(line) for page in pdf_pages(render(paper, "pdf"), layout=True) for line in page.split("\n")]
    word = docx_text(render(paper, "docx"))

    assert (paper.kind, paper.summary, paper.signatures) == (
        "DANH SÁCH QUYẾT ĐỊNH",
        "Năm 2018",
        [Signature(authority="", position="GIÁM ĐỐC", name="")],
    )
    assert [cell.value for cell in sheet[11]] == [None, "Tổng cộng", "=SUBTOTAL(9,C9:C10)"]
    assert sheet.title == "Danh sách quyết định"
    assert "Tổng cộng 7" in pdf
    assert "Ghi chú một." in pdf
    assert ("Tổng cộng" in word, "Ghi chú một." in word, "- Lưu: VT." in word) == (True, True, True)


# --- LibreOffice ------------------------------------------------------------------------------------------


@NEEDS_SOFFICE
@NEEDS_POPPLER
@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_libreoffice_converts_and_prints_every_row(tmp_path, fmt):
    source = tmp_path / f"paper.{fmt}"
    source.write_bytes(render(sample_paper(long_text=LONG), fmt))
    profile = (tmp_path / "lo-profile").as_uri()

    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    text = flat(
        subprocess.run(
            ["pdftotext", str(tmp_path / "out" / "paper.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )

    for marker in ("hếtA1", "hếtA2", "hếtB1", "hếtB2", "Tổng cộng", "I. Danh hiệu Lao động tiên tiến"):
        assert marker in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    # No overlap: each name's last line is printed above the next row's first line (a row too low for
    # its text would be drawn over by the next one, the text still there but under it).
    assert overlaps(tmp_path / "out" / "paper.pdf") == []


def overlaps(path) -> list[str]:
    """The rows whose last word ("hếtA1") sits lower on the page than the next row's first line
    ("A2"), from pdftotext's word boxes."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True)
    found = []
    for page in html.stdout.split("<page ")[1:]:
        words = {
            match[3]: (float(match[1]), float(match[2]))
            for match in re.finditer(
                r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', page
            )
        }
        for group in "AB":
            for index in range(1, 10):
                end, following = words.get(f"hết{group}{index}"), words.get(f"{group}{index + 1}")
                # Word boxes are taller than the line pitch: compare the middle of the last line.
                if end and following and (end[0] + end[1]) / 2 > following[0]:
                    found.append(f"{group}{index}")
    return found


@NEEDS_SOFFICE
@NEEDS_POPPLER
# 5 and 11 rows a group: with the last rows only "kept with next", LibreOffice put the signature alone.
@pytest.mark.parametrize("rows_per_group", [5, 11])
def test_libreoffice_prints_the_word_signature_with_the_last_rows(tmp_path, rows_per_group):
    source = tmp_path / "paper.docx"
    source.write_bytes(render(sample_paper(rows_per_group=rows_per_group, long_text=LONG), "docx"))

    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    pages = [flat(page) for page in pdf_pages((tmp_path / "out" / "paper.pdf").read_bytes())]

    assert len(pages) >= 3
    assert (f"hếtB{rows_per_group}" in pages[-1], "Trần Thị Bình" in pages[-1]) == (True, True)
    assert "Trần Thị Bình" not in " ".join(pages[:-1])


@NEEDS_POPPLER
def test_minutes_signatures_side_by_side_in_every_format(tmp_path):
    signatures = [
        Signature("", "", "Lê Thư Ký", caption="THƯ KÝ"),
        Signature("", "", "Võ Chủ Tọa", caption="CHỦ TỌA"),
    ]
    paper = sample_paper(kind="BIÊN BẢN", signatures=signatures, recipients=[])

    pdf = [flat(line) for page in pdf_pages(render(paper, "pdf"), layout=True) for line in page.split("\n")]
    foot = WordDocument(io.BytesIO(render(paper, "docx"))).tables[-1].rows[0].cells[0].tables[-1]
    sheet = load_workbook(io.BytesIO(render(paper, "xlsx"))).active
    rows = [[value for value in row if value] for row in sheet.iter_rows(min_row=20, values_only=True)]

    assert "THƯ KÝ CHỦ TỌA" in pdf
    assert "Lê Thư Ký Võ Chủ Tọa" in pdf
    assert [[p.text for p in cell.paragraphs if p.text] for cell in foot.rows[0].cells] == [
        ["THƯ KÝ", "Lê Thư Ký"],
        ["CHỦ TỌA", "Võ Chủ Tọa"],
    ]
    assert [row for row in rows if row][-2:] == [["THƯ KÝ", "CHỦ TỌA"], ["Lê Thư Ký", "Võ Chủ Tọa"]]


# --- Long papers: Excel streamed --------------------------------------------------------------------------


def test_xlsx_is_written_write_only_and_keeps_no_row(monkeypatch):
    import openpyxl

    books = []

    class Recorded(openpyxl.Workbook):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            books.append(self)

    monkeypatch.setattr(openpyxl, "Workbook", Recorded)

    render(sample_paper(rows_per_group=30), "xlsx")

    (book,) = books
    assert book.write_only is True
    assert [
        (type(sheet).__name__, sheet._cells, dict(sheet.row_dimensions)) for sheet in book.worksheets
    ] == [("WriteOnlyWorksheet", {}, {})]


def test_xlsx_progress_counts_rows_up_to_the_total():
    calls = []

    render(
        sample_paper(rows_per_group=1250), "xlsx", progress=lambda done, total: calls.append((done, total))
    )

    assert calls == [(1000, 2500), (2000, 2500), (2500, 2500)]
