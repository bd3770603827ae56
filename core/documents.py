"""The list reports (a title, one table, notes, the signer's title), shared by every report.

A report builds a `Document`; `Document.paper()` makes it a paper (core.papers), which the paper
renderers lay out as TT 01/2011/TT-BNV or NĐ 30/2020/NĐ-CP want, as Excel, PDF or Word. `cell_write` is
the one way every workbook fills a cell.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

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

    def paper(self):
        """The report as a paper (core.papers): its title the kind, its subtitle the summary, one table
        whose total row prints the report's own totals (a column whose total is the sum of its rows becomes
        a formula in Excel), its notes as italic paragraphs, and the signer's title over an empty name."""
        from core.papers import model

        columns = [
            model.Column(column.header, column.width, numeric=column.numeric) for column in self.columns
        ]
        total_label, label_column = None, 1
        if self.totals is not None:
            for index, (column, value) in enumerate(zip(columns, self.totals, strict=True)):
                if isinstance(value, str) and value and total_label is None:
                    total_label, label_column = value, index
                column.total = _is_column_sum(value, [row[index] for row in self.rows])
            total_label = total_label or " "
        table = model.Table.simple(
            columns,
            [list(row) for row in self.rows],
            total_label=total_label,
            total_values=list(self.totals) if self.totals is not None else None,
            label_column=label_column,
            sheet_name=self.title.capitalize(),
        )
        return model.Paper(
            issuer=self.issuer,
            number=self.number,
            date=self.date,
            kind=self.title,
            summary=self.subtitle,
            blocks=[table, *(model.Paragraph(note, italic=True, indent=False) for note in self.notes)],
            signatures=[model.Signature(authority="", position=self.signer_title, name="")],
            recipients=list(self.recipients),
            landscape=self.landscape,
        )


def _is_column_sum(total, values: list) -> bool:
    """Is a report's total the sum of its column (so a spreadsheet may compute it)?"""
    numbers = (int, float, Decimal)
    if isinstance(total, bool) or not isinstance(total, numbers):
        return False
    if any(value is not None and value != "" and not isinstance(value, numbers) for value in values):
        return False
    return sum(value for value in values if isinstance(value, numbers)) == total


def is_formula_like(value) -> bool:
    """Text a spreadsheet would take for the start of a formula when someone types or edits the cell."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def cell_fill(cell, value):
    """Put `value` in the openpyxl `cell` (a sheet's cell or a write-only cell), text kept as text: openpyxl
    would store "=…" as a live formula, so a name such as =HYPERLINK(…) typed into the system would run in
    the reader's Excel. The caller marks formula-like text "quote prefix" (`is_formula_like`)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl guesses "f" for "=…" and "e" for "#N/A"
    return cell


def cell_write(sheet, row: int, column: int, value):
    """Put `value` in the cell at `row`, `column` of the openpyxl `sheet`, and return the cell: the one way
    every workbook we write fills a cell, headers included (the papers' write-only workbooks use
    `cell_fill` and `is_formula_like`, the same rules).

    Text stays text, exactly as given (`cell_fill`). Text that a spreadsheet would take for a formula
    (FORMULA_PREFIXES) is also marked "quote prefix", so it stays text when someone edits it.
    """
    cell = cell_fill(sheet.cell(row=row, column=column), value)
    if is_formula_like(value):
        cell.quotePrefix = True
    return cell


def document_xlsx(document: Document) -> bytes:
    """The list report as a workbook (the paper's renderer; kept for the callers that write files)."""
    from core.papers.render import render

    return render(document.paper(), "xlsx")


def document_pdf(document: Document) -> bytes:
    from core.papers.render import render

    return render(document.paper(), "pdf")


def document_docx(document: Document) -> bytes:
    from core.papers.render import render

    return render(document.paper(), "docx")


# format -> writer: every list report comes in each format of a paper with a table.
FORMATS = {"xlsx": document_xlsx, "pdf": document_pdf, "docx": document_docx}


def document_response(document: Document, fmt: str, filename: str):
    """The document as a download, Excel, PDF or Word (any other format is a 404), saved under `filename`
    (RFC 6266 filename*, so "01-QĐ-STP.pdf" keeps its Vietnamese letters)."""
    from core.papers.render import paper_response

    paper = document.paper()
    paper.filename = filename.removesuffix(f".{fmt}")
    return paper_response(paper, fmt)
