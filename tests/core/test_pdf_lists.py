"""Long lists typeset with ReportLab (core.papers.pdf_lists), read back with pdftotext."""

import datetime as dt
import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from core.papers import pdf
from core.papers.model import Paragraph, Signature
from core.papers.pdf_lists import wrap
from core.papers.render import render
from tests.core.paper_sample import sample_paper
from tests.readback import flat, pdf_pages

LONG = " Trưởng phòng Hành chính - Tổng hợp kiêm phụ trách công tác thi đua khen thưởng của đơn vị"
HEADERS = ("STT", "Họ và tên", "Đơn vị", "Ngày sinh", "Tiền thưởng (đồng)")


@pytest.fixture
def short_lists(monkeypatch):
    """Lists of more than 25 rows take the fast path, so a test's list stays small."""
    monkeypatch.setattr(pdf, "LIST_ROWS", 25)


def producer(data: bytes) -> str:
    return PdfReader(io.BytesIO(data)).metadata.producer


def test_wrap_fills_lines_greedily_and_breaks_a_word_longer_than_a_line():
    from core.papers.pdf_lists import _font, _width

    font = _font()
    lines = wrap("Nguyễn Văn An " + "x" * 60, font, 12, 100)

    assert lines[0] == "Nguyễn Văn An"
    assert "".join(lines[1:]) == "x" * 60
    assert len(lines) > 2
    assert all(_width(line, font, 12) <= 100 for line in lines)
    assert wrap("", font, 12, 100) == [""]


@pytest.mark.parametrize(("rows_per_group", "engine"), [(10, "WeasyPrint"), (11, "ReportLab")])
def test_a_paper_over_the_threshold_is_drawn_by_reportlab(short_lists, rows_per_group, engine):
    # Two groups of rows, two headings, two subtotals and the total: 25 printed rows, then 27.
    data = render(sample_paper(rows_per_group=rows_per_group), "pdf")

    assert engine in producer(data)


def test_every_row_once_never_cut_with_the_header_row_on_every_page(short_lists):
    paper = sample_paper(rows_per_group=30, long_text=LONG, date=dt.date(2021, 1, 5))

    data = render(paper, "pdf")
    pages = [flat(page) for page in pdf_pages(data)]
    text = " ".join(pages)

    assert "ReportLab" in producer(data)
    assert len(pages) >= 6
    assert [all(header in page for header in HEADERS) for page in pages[1:]] == [True] * (len(pages) - 1)
    for page in pages[1:]:
        # Every row that starts on a page ends on it.
        assert re.findall(r"Nguyễn Văn ([AB]\d+)\b", page) == re.findall(r"hết([AB]\d+)\b", page)
    assert re.findall(r"hết([AB]\d+)\b", text) == [
        f"{group}{index}" for group in "AB" for index in range(1, 31)
    ]
    assert re.findall(r"Nguyễn Văn ([AB]\d+)\b", text) == [
        f"{group}{index}" for group in "AB" for index in range(1, 31)
    ]
    # Groups, their subtotals and the total, the numbers as the other outputs write them.
    assert (
        text.count("I. Danh hiệu Lao động tiên tiến"),
        text.count("II. Danh hiệu Chiến sĩ thi đua cơ sở"),
    ) == (
        1,
        1,
    )
    assert "1 Nguyễn Văn A1" in text
    lines = [flat(line) for page in pdf_pages(data, layout=True) for line in page.splitlines()]
    assert [line for line in lines if re.fullmatch(r"(Tổng cộng|Cộng) \S+", line)] == [
        "Cộng 44.700.000",
        "Cộng 89.400.000",
        "Tổng cộng 134.100.000",
    ]


def test_the_header_title_paragraphs_and_foot_read_back_and_the_foot_ends_the_last_page(short_lists):
    paper = sample_paper(rows_per_group=30, long_text=LONG, date=dt.date(2021, 1, 5))

    pages = [flat(page) for page in pdf_pages(render(paper, "pdf"))]

    assert [
        part in pages[0]
        for part in (
            "ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH",
            "SỞ TƯ PHÁP",
            "Số: 12/QĐ-STP",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Bình Định, ngày 05 tháng 01 năm 2021",
            "QUYẾT ĐỊNH Về việc tặng danh hiệu Lao động tiên tiến năm 2018",
            "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;",
            "Điều 1. Tặng danh hiệu Lao động tiên tiến cho 4 cá nhân (có danh sách kèm theo).",
        )
    ] == [True] * 9
    # The annex starts on its own page (the PageBreak).
    assert pages[1].startswith("2 DANH SÁCH")
    foot = ("Nơi nhận:", "- Như Điều 3;", "- Lưu: VT, VP.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Thị Bình")
    assert [part in pages[-1] for part in foot] == [True] * 6
    assert "Trần Thị Bình" not in " ".join(pages[:-1])
    # The last rows stay with the signatures.
    assert "hếtB28 " in pages[-1]
    assert pages[-1].index("Tổng cộng") < pages[-1].index("Nơi nhận:")


@pytest.mark.parametrize("rows_per_group", [11, 12, 13, 14, 15, 16])
def test_a_closing_paragraph_and_the_foot_stay_together(short_lists, rows_per_group):
    paper = sample_paper(rows_per_group=rows_per_group, long_text=LONG, date=dt.date(2021, 1, 5))
    paper.blocks.append(Paragraph("Danh sách này gồm các cá nhân nêu trên.", lead="Ghi chú."))

    pages = [flat(page) for page in pdf_pages(render(paper, "pdf"))]

    assert "Ghi chú. Danh sách này gồm các cá nhân nêu trên." in pages[-1]
    assert "Trần Thị Bình" in pages[-1]
    assert pages[-1].index("Ghi chú.") < pages[-1].index("Trần Thị Bình")


@pytest.mark.parametrize(("date", "at_top"), [(dt.date(2021, 1, 5), True), (dt.date(2018, 12, 20), False)])
def test_page_numbers_continuous_where_the_profile_puts_them(short_lists, date, at_top):
    pages = pdf_pages(render(sample_paper(date=date, rows_per_group=30, long_text=LONG), "pdf"), layout=True)
    numbers = []
    for page in pages[1:]:
        lines = [line for line in page.splitlines() if line.strip()]
        number = lines[0] if at_top else lines[-1]
        widest = max(len(line) for line in lines)
        indent = len(number) - len(number.lstrip())
        # Centred (about half the page's width in) or at the right edge.
        assert (0.35 * widest < indent < 0.65 * widest) if at_top else (indent > 0.85 * widest)
        numbers.append(number.strip())
    first = [line.strip() for line in pages[0].splitlines() if line.strip()]

    assert len(pages) >= 6
    assert numbers == [str(number) for number in range(2, len(pages) + 1)]
    assert "1" not in first  # no number on the first page


def test_vietnamese_text_reads_back_composed(short_lists):
    # Typed with combining marks (NFD): printed with the font's composed letters.
    name = unicodedata.normalize("NFD", "Đặng Thị Hường Ngô Quỳnh Ưng")
    paper = sample_paper(
        rows_per_group=12, date=dt.date(2021, 1, 5), signatures=[Signature("", "GIÁM ĐỐC", name)]
    )
    paper.blocks[-1].groups[0].rows[0][1] = name

    text = flat(" ".join(pdf_pages(render(paper, "pdf"))))

    assert text.count("Đặng Thị Hường Ngô Quỳnh Ưng") == 2


def test_progress_goes_up_to_the_total_every_500_rows(short_lists):
    calls = []

    render(sample_paper(rows_per_group=600), "pdf", progress=lambda done, total: calls.append((done, total)))

    assert calls == [(500, 1205), (1000, 1205), (1205, 1205)]


def test_a_national_header_and_the_verification_address_read_back(short_lists):
    paper = sample_paper(
        rows_per_group=12, header="national", verification_url="https://thidua.example/v/abc123"
    )

    pages = [flat(page) for page in pdf_pages(render(paper, "pdf"))]

    assert pages[0].startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Bình Định")
    assert "Số: 12/QĐ-STP" not in pages[0]
    assert "Kiểm tra văn bản điện tử tại: https://thidua.example/v/abc123" in " ".join(pages)


def words_outside_the_margins(data: bytes, margins_mm: tuple[int, int, int, int]) -> list[tuple[int, str]]:
    """(page, word) of every word outside the page's text area (pdftotext -bbox), the page numbers aside."""
    import subprocess

    html = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=data, capture_output=True, check=True, timeout=120
    ).stdout.decode()
    top, right, bottom, left = (side * 72 / 25.4 for side in margins_mm)
    outside = []
    for number, page in enumerate(html.split("<page ")[1:], start=1):
        width, height = (float(v) for v in re.search(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        for x1, y1, x2, y2, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page
        ):
            if word == str(number):
                continue
            inside = (
                float(x1) >= left - 1
                and float(x2) <= width - right + 1
                and float(y1) >= top - 1
                and float(y2) <= height - bottom + 1
            )
            if not inside:
                outside.append((number, word))
    return outside


@pytest.mark.parametrize("rows_per_group", [11, 13, 14, 15, 16, 25])
def test_no_row_and_no_foot_runs_past_the_bottom_margin(short_lists, rows_per_group):
    paper = sample_paper(rows_per_group=rows_per_group, long_text=LONG, date=dt.date(2021, 1, 5))

    data = render(paper, "pdf")

    assert words_outside_the_margins(data, (20, 15, 20, 30)) == []
    assert "Trần Thị Bình" in flat(pdf_pages(data)[-1])


def report_paper():
    from core.documents import Column as ReportColumn
    from core.documents import Document
    from tests.core.paper_sample import ISSUER

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
        rows=[[index, f"{index:02d}/QĐ-STP", index % 7] for index in range(1, 40)],
        totals=["", "Tổng cộng", 7],
        date=dt.date(2018, 12, 31),
        notes=["Ghi chú một."],
        recipients=["Lưu: VT."],
    ).paper()


@pytest.mark.parametrize(
    "paper",
    [
        lambda: sample_paper(rows_per_group=15, long_text=LONG, date=dt.date(2021, 1, 5)),
        lambda: sample_paper(
            rows_per_group=15, header="national", verification_url="https://thidua.example/v/x"
        ),
        report_paper,
    ],
)
def test_both_paths_print_the_same_words(monkeypatch, paper):
    def words(list_rows: int) -> tuple[set[str], str]:
        monkeypatch.setattr(pdf, "LIST_ROWS", list_rows)
        data = render(paper(), "pdf")
        # Page numbers aside: the pages break at other places.
        return {word for word in flat(" ".join(pdf_pages(data))).split() if not word.isdigit()}, producer(
            data
        )

    (weasyprint, by_weasyprint), (reportlab, by_reportlab) = words(10_000), words(0)

    assert ("WeasyPrint" in by_weasyprint, "ReportLab" in by_reportlab) == (True, True)
    assert reportlab == weasyprint
