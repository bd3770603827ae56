"""Vietnamese administrative documents in Excel and PDF, shared by every report.

A report builds a `Document` (the header of the issuing body, the title, a table, notes, the signature
block); `document_xlsx` and `document_pdf` lay it out as the office's own documents are laid out
(TT 01/2011/TT-BNV, NĐ 30/2020/NĐ-CP): issuing body and number on the left, the national title on the right,
place and date, the title, the table, the signature. The font ships in static/fonts and is embedded.
"""

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
# What a spreadsheet reads as the start of a formula when a cell is typed or edited (formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Column:
    header: str
    width: int = 12  # Excel characters; PDF widths are proportional
    numeric: bool = False


@dataclass
class Document:
    # The issuer as named on the document's date: governing_body, name, abbreviation, place_name
    # (a departments.models.DepartmentPeriod, from departments.selectors.department_on(date)).
    issuer: object
    title: str
    subtitle: str
    number: str  # e.g. "Số:      /BC-STP" — left blank for the clerk to fill in when registered
    columns: list[Column]
    rows: list[list]
    date: dt.date
    totals: list | None = None
    notes: list[str] = field(default_factory=list)
    signer_title: str = "GIÁM ĐỐC"
    recipients: list[str] = field(default_factory=list)
    landscape: bool = True

    @property
    def place_and_date(self) -> str:
        place = self.issuer.place_name or ""
        return f"{place}, ngày {self.date.day:02d} tháng {self.date.month:02d} năm {self.date.year}"


def cell_write(sheet, row: int, column: int, value):
    """Put `value` in the cell at `row`, `column` of the openpyxl `sheet`, and return the cell: the one way
    every workbook we write fills a cell, headers included.

    Text stays text, exactly as given: openpyxl would store "=…" as a live formula, so a name such as
    =HYPERLINK(…) typed into the system would run in the reader's Excel. Text that a spreadsheet would take
    for a formula (FORMULA_PREFIXES) is also marked "quote prefix", so it stays text when someone edits it.
    """
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl guesses "f" for "=…" and "e" for "#N/A"
        if value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    return cell


def document_xlsx(document: Document) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp"
    width = len(document.columns)
    last = get_column_letter(width)
    half = max(1, width // 2)
    serif = "Times New Roman"
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def merged(row, first_col, last_col, value, *, bold=False, italic=False, underline=None, size=12):
        sheet.merge_cells(start_row=row, start_column=first_col, end_row=row, end_column=last_col)
        cell = cell_write(sheet, row, first_col, value)
        cell.font = Font(name=serif, bold=bold, italic=italic, underline=underline, size=size)
        cell.alignment = center

    merged(1, 1, half, document.issuer.governing_body.upper())
    merged(2, 1, half, document.issuer.name.upper(), bold=True)
    merged(3, 1, half, document.number, size=13)
    merged(1, half + 1, width, NATIONAL_TITLE, bold=True)
    merged(2, half + 1, width, NATIONAL_MOTTO, bold=True, underline="single", size=13)
    merged(3, half + 1, width, document.place_and_date, italic=True, size=13)
    merged(5, 1, width, document.title, bold=True, size=14)
    merged(6, 1, width, document.subtitle, italic=True, size=13)

    header_row = 8
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for index, column in enumerate(document.columns, start=1):
        cell = cell_write(sheet, header_row, index, column.header)
        cell.font = Font(name=serif, bold=True, size=12)
        cell.alignment = center
        cell.border = box
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    body = [*document.rows, *([document.totals] if document.totals else [])]
    for offset, values in enumerate(body, start=1):
        is_total = document.totals is not None and offset == len(body)
        for index, (column, value) in enumerate(zip(document.columns, values, strict=True), start=1):
            cell = cell_write(sheet, header_row + offset, index, value)
            cell.font = Font(name=serif, size=12, bold=is_total)
            cell.border = box
            cell.alignment = Alignment(
                horizontal="right" if column.numeric else "left", vertical="top", wrap_text=True
            )
    row = header_row + len(body) + 2
    for note in document.notes:
        merged(row, 1, width, note, italic=True, size=12)
        sheet.cell(row=row, column=1).alignment = Alignment(horizontal="left", wrap_text=True)
        row += 1
    row += 1
    merged(row, half + 1, width, document.signer_title, bold=True, size=13)
    merged(row + 4, half + 1, width, "", size=13)

    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if document.landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_area = f"A1:{last}{row + 4}"
    # NĐ 30/2020: left 30–35 mm, right 15–20 mm, top and bottom 20–25 mm (inches here).
    sheet.page_margins.left, sheet.page_margins.right = 1.18, 0.6
    sheet.page_margins.top, sheet.page_margins.bottom = 0.8, 0.8
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cells(document: Document, row: list) -> list[tuple]:
    return [(value, column.numeric) for column, value in zip(document.columns, row, strict=True)]


def document_pdf(document: Document) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "documents/document.html",
        {
            "document": document,
            "font_dir": FONT_DIR.as_uri(),
            "national_title": NATIONAL_TITLE,
            "national_motto": NATIONAL_MOTTO,
            "total_width": sum(column.width for column in document.columns),
            "table_rows": [_cells(document, row) for row in document.rows],
            "total_row": _cells(document, document.totals) if document.totals else None,
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# format -> (writer, content type)
FORMATS = {"xlsx": (document_xlsx, XLSX_TYPE), "pdf": (document_pdf, "application/pdf")}


def document_response(document: Document, fmt: str, filename: str):
    """The document as a download, Excel or PDF (any other format is a 404), saved under `filename`
    (RFC 6266 filename*, so "01-QĐ-STP.pdf" keeps its Vietnamese letters)."""
    from django.http import Http404, HttpResponse
    from django.utils.http import content_disposition_header

    if fmt not in FORMATS:
        raise Http404
    writer, content_type = FORMATS[fmt]
    response = HttpResponse(writer(document), content_type=content_type)
    if not filename.endswith(f".{fmt}"):
        filename = f"{filename}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
