"""A paper's tables as a workbook (openpyxl): one sheet per table, named after it.

The first sheet carries the paper's header (issuer and number, the national title, place and date, kind
and summary); each table is preceded by the paragraphs that introduce it (from the previous page break or
table) and followed by those that come after it (its notes); the last sheet ends with "Nơi nhận" and the
signatures. Subtotals and totals are formulas over the cells they add up, dates are dates and numbers
numbers, and every text goes through `cell_write`, so a value starting with = + - @ stays text.

LibreOffice does not grow a row to fit wrapped text when it prints a file it did not lay out itself, so
every row gets a height from an estimate of its lines (`_lines`), merged cells included.
"""

import datetime as dt
import io
import math
import re
from decimal import Decimal

from core.documents import cell_write
from core.papers.layout import NATIONAL_MOTTO, NATIONAL_TITLE, RECIPIENTS_LABEL
from core.papers.model import PageBreak, Paper, Paragraph, Table
from core.papers.profiles import Profile, profile_for

FONT = "Times New Roman"
DATE_FORMAT = "dd/mm/yyyy"
# Shown with the reader's separators: "1.490.000" in a Vietnamese Excel or LibreOffice.
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0#"
# Points per line of text at size 1 (Times in LibreOffice and Excel: about 1.2 of the size, plus room).
LINE_FACTOR = 1.3
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
HEADER_ROW_OF_FIRST_SHEET = 8  # rows 1–3: the two header blocks; 5–6: kind and summary


def sheet_names(tables: list[Table]) -> list[str]:
    """Each table's sheet name made valid for Excel (no []:*?/\\, no leading or trailing apostrophe, at
    most 31 characters, not empty) and unique among the workbook's sheets (case-insensitively)."""
    names: list[str] = []
    for table in tables:
        base = SHEET_NAME_FORBIDDEN.sub("-", table.sheet_name or "").strip().strip("'").strip() or "Danh sách"
        if len(base) > 31:  # cut at a word
            base = (base[:32].rsplit(" ", 1)[0] if " " in base[:32] else base[:31]).strip().strip("'").strip()
        name, number = base, 2
        while name.casefold() in {taken.casefold() for taken in names}:
            suffix = f" ({number})"
            name = f"{base[: 31 - len(suffix)]}{suffix}"
            number += 1
        names.append(name)
    return names


def _lines(text: str, width_chars: float, size: float) -> int:
    """How many lines `text` wraps to in a cell `width_chars` wide (Excel's unit: a digit of the default
    11-point font) at `size` points. Capitals and Vietnamese letters count a little wider."""
    if not text:
        return 1
    capacity = max(1.0, width_chars * 11 / size * 1.2)
    total = 0
    for line in str(text).split("\n"):
        weight = sum(1.35 if letter.isupper() else 1.0 for letter in line)
        total += max(1, math.ceil(weight / capacity))
    return total


class _Styles:
    """The few fonts, alignments and borders every cell shares (one object each, not one per cell)."""

    def __init__(self, profile: Profile):
        from openpyxl.styles import Alignment, Border, Font, Side

        self.profile = profile
        self.fonts: dict[tuple, Font] = {}
        thin = Side(style="thin")
        self.box = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.center_top = Alignment(horizontal="center", vertical="top", wrap_text=True)
        self.left = Alignment(horizontal="left", vertical="top", wrap_text=True)
        self.right = Alignment(horizontal="right", vertical="top", wrap_text=True)
        self.justify = Alignment(horizontal="justify", vertical="top", wrap_text=True)

    def font_of(self, size: float, *, bold=False, italic=False, underline=None):
        from openpyxl.styles import Font

        key = (size, bold, italic, underline)
        if key not in self.fonts:
            self.fonts[key] = Font(name=FONT, size=size, bold=bold, italic=italic, underline=underline)
        return self.fonts[key]

    def align(self, name: str):
        return {"center": self.center_top, "left": self.left, "right": self.right}.get(name, self.justify)


class _Sheet:
    """One worksheet being written: the columns' widths, and the height each row needs."""

    def __init__(self, sheet, widths: list[float], styles: _Styles):
        from openpyxl.utils import get_column_letter

        self.sheet = sheet
        self.widths = widths
        self.styles = styles
        self.heights: dict[int, float] = {}
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width

    def need(self, row: int, text, first: int, last: int, size: float):
        width = sum(self.widths[first - 1 : last])
        lines = _lines("" if text is None else str(text), width, size)
        self.heights[row] = max(self.heights.get(row, 0), lines * size * LINE_FACTOR + 3)

    def text(
        self, row, first, last, value, *, size, bold=False, italic=False, underline=None, align="center"
    ):
        """`value` in the cells `first`..`last` of `row`, merged when more than one."""
        if last > first:
            self.sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        cell = cell_write(self.sheet, row, first, value)
        cell.font = self.styles.font_of(size, bold=bold, italic=italic, underline=underline)
        cell.alignment = self.styles.align(align) if align != "middle" else self.styles.center
        self.need(row, value, first, last, size)
        return cell

    def finish(self):
        for row, height in self.heights.items():
            self.sheet.row_dimensions[row].height = round(height, 1)


def _number_format(value, column) -> str | None:
    if column.number_format:
        return column.number_format
    if isinstance(value, dt.date):
        return DATE_FORMAT
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, Decimal) and value == value.to_integral()):
        return INTEGER_FORMAT
    if isinstance(value, float | Decimal):
        return DECIMAL_FORMAT
    return None


def _header(out: _Sheet, paper: Paper, profile: Profile, width: int) -> int:
    """The header block and the title on rows 1–6; returns the next free row (8)."""
    half = max(1, width // 2)
    right_first = half + 1 if width > 1 else 1
    if paper.header == "national":  # a person's own paper: the national title alone, across the sheet
        right_first = 1
    else:
        out.text(1, 1, half, paper.issuer.governing_body.upper(), size=profile.agency_size)
        out.text(2, 1, half, paper.issuer.name.upper(), size=profile.agency_size, bold=True)
        out.text(3, 1, half, paper.number, size=profile.number_size)
    out.text(1, right_first, width, NATIONAL_TITLE, size=profile.national_size, bold=True)
    out.text(2, right_first, width, NATIONAL_MOTTO, size=profile.motto_size, bold=True, underline="single")
    out.text(3, right_first, width, paper.place_and_date, size=profile.place_size, italic=True)
    if paper.kind:
        out.text(5, 1, width, paper.kind, size=profile.kind_size, bold=True)
    if paper.summary:
        out.text(6, 1, width, paper.summary, size=profile.summary_size, bold=True)
    return HEADER_ROW_OF_FIRST_SHEET


def _paragraphs(out: _Sheet, paragraphs: list[Paragraph], row: int, width: int, profile: Profile) -> int:
    for paragraph in paragraphs:
        text = f"{paragraph.lead} {paragraph.text}".strip()
        out.text(
            row,
            1,
            width,
            text,
            size=paragraph.size or profile.body_size,
            bold=paragraph.bold,
            italic=paragraph.italic,
            align=paragraph.align if paragraph.align != "justify" else "left",
        )
        row += 1
    return row


def _table(out: _Sheet, table: Table, row: int, profile: Profile) -> tuple[int, int]:
    """The table from `row`: its header, then each group (heading, rows, subtotal), then the total.
    Returns the header's row and the next free row."""
    from openpyxl.utils import get_column_letter

    styles = out.styles
    size = profile.table_size
    width = len(table.columns)
    header_row = row
    header_font = styles.font_of(size, bold=True)
    for index, column in enumerate(table.columns, start=1):
        cell = cell_write(out.sheet, row, index, column.header)
        cell.font, cell.alignment, cell.border = header_font, styles.center, styles.box
        out.need(row, column.header, index, index, size)
    row += 1
    totals = [index for index, column in enumerate(table.columns, start=1) if column.total]
    label = table.label_column + 1
    plain, bold = styles.font_of(size), styles.font_of(size, bold=True)
    first_data = row

    def boxed_row(at: int, font):
        for index in range(1, width + 1):
            cell = out.sheet.cell(row=at, column=index)
            cell.border = styles.box
            if cell.font != font:
                cell.font = font

    for group in table.groups:
        if group.heading:
            out.text(row, 1, width, group.heading, size=size, bold=True, align="left")
            boxed_row(row, bold)
            row += 1
        group_first = row
        for values in group.rows:
            for index, (column, value) in enumerate(zip(table.columns, values, strict=True), start=1):
                cell = cell_write(out.sheet, row, index, value)
                cell.font, cell.border = plain, styles.box
                cell.alignment = styles.right if column.numeric else styles.left
                number_format = _number_format(value, column)
                if number_format and not isinstance(value, str):
                    cell.number_format = number_format
                shown = value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else value
                out.need(row, shown, index, index, size)
            row += 1
        if table.subtotal_label and totals:
            cell_write(out.sheet, row, label, table.subtotal_label).alignment = styles.left
            for index in totals:
                letter = get_column_letter(index)
                cell = out.sheet.cell(row=row, column=index)
                # SUBTOTAL, so that the total below (a SUBTOTAL over every row) skips these rows.
                cell.value = (
                    f"=SUBTOTAL(9,{letter}{group_first}:{letter}{row - 1})" if row > group_first else 0
                )
                cell.number_format = table.columns[index - 1].number_format or INTEGER_FORMAT
                cell.alignment = styles.right
            boxed_row(row, bold)
            out.need(row, table.subtotal_label, label, label, size)
            row += 1
    if table.total_label or table.total_values is not None:
        given = table.total_values or [None] * width
        for index, (column, value) in enumerate(zip(table.columns, given, strict=True), start=1):
            if index not in totals and value is not None:
                cell = cell_write(out.sheet, row, index, value)
                cell.alignment = styles.right if column.numeric else styles.left
                number_format = _number_format(value, column)
                if number_format and not isinstance(value, str):
                    cell.number_format = number_format
                out.need(row, value, index, index, size)
        if table.total_values is None:
            cell_write(out.sheet, row, label, table.total_label).alignment = styles.left
        for index in totals:
            letter = get_column_letter(index)
            cell = out.sheet.cell(row=row, column=index)
            cell.value = f"=SUBTOTAL(9,{letter}{first_data}:{letter}{row - 1})" if row > first_data else 0
            cell.number_format = table.columns[index - 1].number_format or INTEGER_FORMAT
            cell.alignment = styles.right
        boxed_row(row, bold)
        out.need(row, table.total_label, label, label, size)
        row += 1
    return header_row, row


def _foot(out: _Sheet, paper: Paper, row: int, width: int, profile: Profile) -> int:
    """ "Nơi nhận" on the left and the signatures on the right (side by side when several)."""
    parts: list = []
    if paper.recipients or len(paper.signatures) == 1:
        parts.append(paper.recipients)
    parts.extend(paper.signatures)
    if not parts:
        return row
    row += 1
    spans = []
    if len(parts) == 2 and isinstance(parts[0], list) and width > 1:
        half = max(1, width // 2)
        spans = [(1, half), (half + 1, width)]
    else:
        step = max(1, width // len(parts))
        for index in range(len(parts)):
            first = min(width, 1 + index * step)
            last = width if index == len(parts) - 1 else min(width, first + step - 1)
            spans.append((first, max(first, last)))
    last_row = row
    for (first, last), part in zip(spans, parts, strict=True):
        at = row
        if isinstance(part, list):
            if part:
                out.text(
                    at,
                    first,
                    last,
                    RECIPIENTS_LABEL,
                    size=profile.recipients_label_size,
                    bold=True,
                    italic=True,
                    align="left",
                )
                for recipient in part:
                    at += 1
                    out.text(at, first, last, f"- {recipient}", size=profile.recipients_size, align="left")
            last_row = max(last_row, at)
            continue
        for line in (part.caption, part.authority, part.position):
            if line:
                out.text(at, first, last, line, size=profile.signer_size, bold=True)
                at += 1
        at += 4  # the space for the signature
        out.text(at, first, last, part.name, size=profile.signer_size, bold=True)
        last_row = max(last_row, at)
    return last_row + 1


def _sections(paper: Paper) -> list[tuple[list[Paragraph], Table, list[Paragraph]]]:
    """Each table with the paragraphs that introduce it and those that follow it."""
    sections = []
    before: list[Paragraph] = []
    for block in [*paper.blocks, *paper.annex]:  # a decision's list is in its annex
        if isinstance(block, Paragraph):
            if sections and sections[-1][3]:
                sections[-1][2].append(block)
            else:
                before.append(block)
        elif isinstance(block, Table):
            sections.append([before, block, [], True])
            before = []
        elif isinstance(block, PageBreak):
            if sections:
                sections[-1][3] = False
            before = []
    return [(section[0], section[1], section[2]) for section in sections]


def _print_setup(sheet, paper: Paper, profile: Profile, header_row: int, last_row: int, width: int):
    from openpyxl.utils import get_column_letter

    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if paper.landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_area = f"A1:{get_column_letter(width)}{max(last_row, header_row)}"
    top, right, bottom, left = (millimetres / 25.4 for millimetres in profile.margins)
    sheet.page_margins.top, sheet.page_margins.right = top, right
    sheet.page_margins.bottom, sheet.page_margins.left = bottom, left
    sheet.oddFooter.center.text = "Trang &P/&N"
    sheet.oddFooter.center.font = FONT
    sheet.oddFooter.center.size = 11


def paper_xlsx(paper: Paper) -> bytes:
    from openpyxl import Workbook

    if not paper.tables:
        raise ValueError("A paper without a table has no workbook (render.formats_of).")
    profile = profile_for(paper)
    styles = _Styles(profile)
    book = Workbook()
    book.remove(book.active)
    sections = _sections(paper)
    names = sheet_names([table for _before, table, _after in sections])
    for number, ((before, table, after), name) in enumerate(zip(sections, names, strict=True)):
        sheet = book.create_sheet(name)
        width = len(table.columns)
        out = _Sheet(sheet, [float(column.width) for column in table.columns], styles)
        row = _header(out, paper, profile, width) if number == 0 else 1
        if before:
            row = _paragraphs(out, before, row, width, profile) + 1
        header_row, row = _table(out, table, row, profile)
        if after:
            row = _paragraphs(out, after, row + 1, width, profile)
        if number == len(sections) - 1:
            row = _foot(out, paper, row, width, profile)
        out.finish()
        _print_setup(sheet, paper, profile, header_row, row, width)
    out_bytes = io.BytesIO()
    book.save(out_bytes)
    return out_bytes.getvalue()
