"""The yearly statistics to Sở Nội vụ (forms 0601–0603.N/BNV-TĐKT): the figures equal a hand count of a
small year, the workbook's totals are formulas that give the same figures, and every format carries the
forms' codes and columns."""

import io
import re
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from awards.models import RewardRecord
from core.papers.model import plain_text
from core.papers.render import render
from emulation.models import Title
from reports.statistics import FORMS, statistics_paper, statistics_xlsx
from tests.exporting import export_report
from tests.factories import StaffFactory

NEEDS_POPPLER = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@pytest.fixture
def year(plan_2018, cast, unit, other_unit):
    """2018 by hand: the Director (Bằng khen, ad hoc), a deputy head (CSTĐ tỉnh), a specialist (Bằng khen),
    another specialist (LĐTT and Giấy khen: the Director's own titles, not on 0603), the VP unit (Bằng
    khen), TTRA (Cờ UBND tỉnh); a Bằng khen of 2017 does not count."""
    titles = {t.code: t for t in Title.objects.all()}
    director = StaffFactory(unit=unit, full_name="Lê Văn Hòa", position="Giám đốc Sở", is_leader=True)
    deputy = StaffFactory(unit=unit, full_name="Phạm Minh Anh", position="Phó Chánh Văn phòng")
    first = StaffFactory(unit=unit, full_name="Võ Thị Bích", position="Chuyên viên")
    second = StaffFactory(unit=other_unit, full_name="Đặng Quốc Cường", position="Chuyên viên")

    def record(code, year=2018, kind="annual", **owner):
        RewardRecord.objects.create(
            year=year,
            title=titles[code],
            decision_number="1/QĐ",
            kind=kind,
            entered_by=cast["director"],
            **owner,
        )

    record("BK_UBND", staff=first)
    record("BK_UBND", unit=unit)
    record("CSTD_TINH", staff=deputy)
    record("CO_UBND", unit=other_unit)
    record("BK_BTP", staff=director, kind="ad_hoc")
    record("GK_GD", staff=second)
    record("LDTT", staff=second)
    record("BK_UBND", year=2017, staff=second)
    return plan_2018


def figures(paper, index):
    """{code: [total, columns…]} of the form `index` of the paper."""
    table = paper.tables[index]
    first_figure = 3 if FORMS[index].has_row_units else 2
    return {row[1]: row[first_figure:] for row in table.rows}


def test_0603_equals_the_hand_count(year):
    got = figures(statistics_paper(year), 2)

    # columns: total, Bằng khen, CSTĐ cấp tỉnh, Cờ thi đua, Huy hiệu
    assert got["01"] == [5, 3, 1, 1, 0]
    assert got["02"] == [2, 1, 0, 1, 0]  # collectives
    assert got["03"] == got["04"] == [0, 0, 0, 0, 0]  # businesses, households
    assert got["05"] == [3, 2, 1, 0, 0]  # individuals
    assert got["06"] == [0, 0, 0, 0, 0]  # leaders of a ministry or province
    assert got["07"] == [1, 1, 0, 0, 0]  # the Director: a Department's leader
    assert got["09"] == [1, 0, 1, 0, 0]  # a deputy head of a unit
    assert got["10"] == [1, 1, 0, 0, 0]  # working directly
    assert got["11"] == [4, 2, 1, 1, 0]  # regular (yearly)
    assert got["13"] == [1, 1, 0, 0, 0]  # ad hoc


def test_0601_counts_the_campaign_and_0602_the_state_rewards(year):
    paper = statistics_paper(year)
    movements, state = figures(paper, 0), figures(paper, 1)

    assert movements["01"] == [1, 0, 0, 1]
    assert {code for code, row in movements.items() if row[0]} == {"01", "05", "07", "12"}
    assert all(row == [0] * 12 for row in state.values())  # the Department has no State reward in 2018


def test_one_units_statistics(year, unit):
    got = figures(statistics_paper(year, unit=unit), 2)

    assert got["01"] == [4, 3, 1, 0, 0]  # the TTRA flag is not VP's


def _evaluate(sheet, cell):
    """The value of a cell, its formula evaluated (=SUM(X1:Y1) and =A1+B2+… only)."""
    value = sheet[cell].value
    if not (isinstance(value, str) and value.startswith("=")):
        return value or 0
    if match := re.fullmatch(r"=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)", value):
        first, row, last, _row = match.groups()
        return sum(_evaluate(sheet, item.coordinate) for item in sheet[f"{first}{row}:{last}{row}"][0])
    return sum(_evaluate(sheet, ref) for ref in value[1:].split("+"))


def test_the_workbooks_totals_are_formulas_giving_the_hand_count(year):
    paper = statistics_paper(year)
    book = load_workbook(io.BytesIO(statistics_xlsx(paper)))
    sheet = book.worksheets[2]
    rows = {
        row[1].value: row
        for row in sheet.iter_rows()
        if isinstance(row[1].value, str) and row[1].value.isdigit()
    }

    total_row = rows["01"]
    individuals = rows["05"]

    assert book.sheetnames == [
        "0601.N Phong trào",
        "0602.N Cấp Nhà nước",
        "0603.N Cấp tỉnh, bộ",
        "Phụ lục kinh phí",
    ]
    assert (total_row[3].data_type, total_row[3].value) == (
        "f",
        f"=SUM(E{total_row[3].row}:H{total_row[3].row})",
    )
    assert total_row[4].value == f"=E{rows['02'][0].row}+E{rows['04'][0].row}+E{rows['05'][0].row}"
    assert individuals[4].value.count("+") == 4  # the five kinds of person
    assert [_evaluate(sheet, cell.coordinate) for cell in total_row[3:8]] == [5, 3, 1, 1, 0]
    assert [_evaluate(sheet, cell.coordinate) for cell in rows["13"][3:8]] == [1, 1, 0, 0, 0]
    for number, form_sheet in enumerate(book.worksheets[:3]):  # every row's total is a formula, in every form
        coded = [
            row for row in form_sheet.iter_rows() if isinstance(row[1].value, str) and row[1].value.isdigit()
        ]
        column = 3 if FORMS[number].has_row_units else 2
        assert all(row[column].data_type == "f" for row in coded)


@NEEDS_POPPLER
def test_the_pdf_has_the_forms_codes_names_and_columns(year, tmp_path):
    path = tmp_path / "thong-ke.pdf"
    path.write_bytes(render(statistics_paper(year), "pdf"))

    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = " ".join(text.split())

    for form in FORMS:
        assert f"Biểu số: {form.code}" in words
    assert "SỐ PHONG TRÀO THI ĐUA" in words
    assert "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC" in words
    assert "Mã số" in words
    assert "Tổng số" in words
    assert "Bằng khen" in words
    assert "Thông tư số 02/2023/TT-BNV" in words
    assert "Năm 2018" in words


def test_the_docx_has_the_forms_codes(year):
    from docx import Document

    document = Document(io.BytesIO(render(statistics_paper(year), "docx")))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    headers = [cell.text for table in document.tables for cell in table.rows[0].cells]

    assert [text for text in paragraphs if text.startswith("Biểu số:")] == [
        f"Biểu số: {f.code}" for f in FORMS
    ]
    assert "Chiến sĩ thi đua cấp bộ, cấp tỉnh" in headers


def test_plain_text_names_the_department_and_the_year(year):
    text = plain_text(statistics_paper(year))

    assert "Thống kê thi đua, khen thưởng năm 2018" in text
    assert "Đơn vị báo cáo: Sở Tư pháp" in text


@pytest.mark.parametrize(
    ("role", "status"), [("standing_office", 200), ("director", 200), ("secretary", 403)]
)
def test_who_downloads_the_statistics(client, cast, year, role, status):
    client.force_login(cast[role])

    response = export_report(client, 2018, "statistics", "docx")

    assert response.status_code == status


def test_the_annex_counts_each_title_and_its_bonus_money(year):
    from django.core.management import call_command

    call_command("loaddata", "bonus", verbosity=0)

    annex = statistics_paper(year).tables[3]

    # By hand: base salary 1.390.000 đ on 31/12/2018 (no decision dates here) × the NĐ 91/2017 Art 69–72
    # coefficients of fixtures/bonus.json, rounded up to 10.000 đ.
    assert [row[1:] for row in annex.rows] == [
        ["Lao động tiên tiến", 0, 1, 1, 420_000],  # 0,3
        ["Chiến sĩ thi đua cấp tỉnh", 0, 1, 1, 4_170_000],  # 3,0
        ["Cờ thi đua của Ủy ban nhân dân tỉnh", 1, 0, 1, 11_120_000],  # 8,0
        ["Giấy khen của Giám đốc Sở", 0, 1, 1, 420_000],  # 0,3
        ["Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", 1, 1, 2, 1_390_000 + 2_780_000],  # 1,0 and 2,0
        ["Bằng khen của Bộ trưởng Bộ Tư pháp", 0, 1, 1, 1_390_000],  # 1,0
    ]
    assert annex.columns[-1].total
