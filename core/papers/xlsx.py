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
import functools
import io
import math
import re
from decimal import Decimal

from core.documents import FORMULA_PREFIXES, cell_fill, is_formula_like
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
HEADER_ROW_OF_FIRST_SHEET = 8
PAPERSIZE_A4 = "9"  # openpyxl's Worksheet.PAPERSIZE_A4
PROGRESS_EVERY = (
    1000  # data rows between two progress calls  # rows 1–3: the two header blocks; 5–6: kind and summary
)


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


# Units, titles and positions repeat down a long list: each is measured once.
@functools.lru_cache(maxsize=8192)
def _lines(text: str, width_chars: float, size: float) -> int:
    """How many lines `text` wraps to in a cell `width_chars` wide (Excel's unit: a digit of the default
    11-point font) at `size` points. Capitals and Vietnamese letters count a little wider."""
    if not text:
        return 1
    capacity = max(1.0, width_chars * 11 / size * 1.2)
    if len(text) * 1.35 <= capacity and "\n" not in text:  # the common short cell, without counting
        return 1
    total = 0
    for line in str(text).split("\n"):
        weight = len(line) + 0.35 * sum(map(str.isupper, line))
        total += max(1, math.ceil(weight / capacity))
    return total


def _height(lines: int, size: float) -> float:
    return lines * size * LINE_FACTOR + 3


class _Styles:
    """Every look a cell takes (font, alignment, border, number format, quote prefix), made once per
    workbook as a style array that every cell of that look shares: a write-only cell only carries it."""

    def __init__(self, book, profile: Profile):
        from openpyxl.styles import Alignment, Border, Side

        self.book = book
        self.profile = profile
        thin = Side(style="thin")
        self.box = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.alignments = {
            "middle": Alignment(horizontal="center", vertical="center", wrap_text=True),
            "center": Alignment(horizontal="center", vertical="top", wrap_text=True),
            "left": Alignment(horizontal="left", vertical="top", wrap_text=True),
            "right": Alignment(horizontal="right", vertical="top", wrap_text=True),
            "justify": Alignment(horizontal="justify", vertical="top", wrap_text=True),
        }
        self.looks: dict[tuple, object] = {}

    def look(self, font: tuple, align: str, *, box=False, number_format=None, quote=False):
        """The style array of a look; `font` is (size, bold, italic, underline)."""
        key = (font, align, box, number_format, quote)
        if key not in self.looks:
            from openpyxl.cell import WriteOnlyCell
            from openpyxl.styles import Font

            size, bold, italic, underline = font
            # A cell of the book styled once through openpyxl registers the font, alignment, border and
            # number format in the workbook; its style array is then shared by every cell of this look.
            cell = WriteOnlyCell(self.book.worksheets[0])  # created before any look is needed
            cell.font = Font(name=FONT, size=size, bold=bold, italic=italic, underline=underline)
            cell.alignment = self.alignments.get(align, self.alignments["justify"])
            if box:
                cell.border = self.box
            if number_format:
                cell.number_format = number_format
            if quote:
                cell.quotePrefix = True
            # (style array, its index in the workbook's cell styles); a cell takes both (`_styled`).
            self.looks[key] = (cell._style, self.book._cell_styles.add(cell._style))
        return self.looks[key]


@functools.cache
def _cell_type():
    from openpyxl.cell.cell import Cell

    class StyledCell(Cell):
        """A write-only cell whose look's place in the workbook's styles is known when the look is made
        (`_Styles.look`): openpyxl would otherwise hash the look again for every cell it writes."""

        __slots__ = ("style_id",)

    return StyledCell


def _new_cell(sheet):
    return _cell_type()(sheet, row=1, column=1)


def _styled(cell, look):
    cell._style, cell.style_id = look
    return cell


def _numbered(cells: list, row: int) -> list:
    for column, cell in enumerate(cells, start=1):
        cell.row, cell.column = row, column
    return cells


class _Sheet:
    """One write-only worksheet written top to bottom: a row is written once complete and not kept.

    The header block, paragraphs, headings, totals and the foot are put cell by cell (`text`, `put`) and
    written in order by `flush`; the table's data rows are written straight through (`row`). Each row gets
    the height its wrapped text needs, set just before it is written (a write-only sheet writes a row's
    height with the row)."""

    def __init__(self, sheet, widths: list[float], styles: _Styles):
        from openpyxl.utils import get_column_letter

        self.sheet = sheet
        self.widths = widths
        self.styles = styles
        self.pending: dict[int, dict[int, tuple]] = {}
        self.heights: dict[int, float] = {}
        self.written = 0  # the last row written
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        # Every row we append is already a list of styled write-only cells. openpyxl's own conversion
        # (WriteOnlyWorksheet._values_to_row) first tries each as a value, fails with a ValueError whose
        # message formats the cell, then replaces the cell it reuses: three times the cost of writing the
        # cell. Ours only numbers the cells; the sheet still writes them (worksheet/_writer.write_row).
        sheet._values_to_row = _numbered

    def need(self, row: int, text, first: int, last: int, size: float):
        width = sum(self.widths[first - 1 : last])
        lines = _lines("" if text is None else str(text), width, size)
        self.heights[row] = max(self.heights.get(row, 0), _height(lines, size))

    def put(self, row: int, column: int, value, look, *, formula: bool = False):
        """`value` in a cell of a row not yet written; `formula`: a formula of ours (a total), else the
        value is written as it is (text stays text)."""
        self.pending.setdefault(row, {})[column] = (value, look, formula)

    def text(
        self, row, first, last, value, *, size, bold=False, italic=False, underline=None, align="center"
    ):
        """`value` in the cells `first`..`last` of `row`, merged when more than one."""
        from openpyxl.worksheet.cell_range import CellRange

        if last > first:
            self.sheet.merged_cells.add(CellRange(min_col=first, min_row=row, max_col=last, max_row=row))
        look = self.styles.look((size, bold, italic, underline), align, quote=is_formula_like(value))
        self.put(row, first, value, look)
        self.need(row, value, first, last, size)

    def _write(self, row: int, cells: list, height: float | None):
        while self.written < row - 1:  # the empty rows between
            self.written += 1
            self.sheet.append([])
        if height is not None:
            # What a RowDimension gives the row's element (worksheet/_writer.write_row reads the row's
            # attributes from row_dimensions), without building one for each of thousands of rows.
            self.sheet.row_dimensions[row] = {"ht": f"{round(height, 1)}", "customHeight": "1"}
        self.sheet.append(cells)
        self.sheet.row_dimensions.pop(row, None)  # written with the row: not kept
        self.heights.pop(row, None)
        self.written = row

    def flush(self, before: int | None = None):
        """Write the pending rows above `before` (all when None), in order."""
        for row in sorted(self.pending):
            if before is not None and row >= before:
                break
            given = self.pending.pop(row)
            cells = []
            for column in range(1, max(given) + 1):
                cell = _new_cell(self.sheet)
                if column in given:
                    value, look, formula = given[column]
                    _styled(cell, look)
                    if formula:
                        cell.value = value
                    else:
                        cell_fill(cell, value)
                cells.append(cell)
            self._write(row, cells, self.heights.get(row))

    def row(self, row: int, cells: list, height: float):
        """A complete data row, written now."""
        if self.pending:
            self.flush(before=row)
        self._write(row, cells, height)

    def finish(self):
        self.flush()


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


def _table(out: _Sheet, table: Table, row: int, profile: Profile, tick) -> tuple[int, int]:
    """The table from `row`: its header, then each group (heading, rows, subtotal), then the total; `tick`
    is called after each data row. Returns the header's row and the next free row."""
    from openpyxl.styles.numbers import is_date_format
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import CellRange

    styles = out.styles
    size = profile.table_size
    width = len(table.columns)
    header_row = row
    plain, bold = (size, False, False, None), (size, True, False, None)
    for index, column in enumerate(table.columns, start=1):
        header = styles.look(bold, "middle", box=True, quote=is_formula_like(column.header))
        out.put(row, index, column.header, header)
        out.need(row, column.header, index, index, size)
    row += 1
    totals = [index for index, column in enumerate(table.columns, start=1) if column.total]
    label = table.label_column + 1
    first_data = row

    def boxed_row(at: int, given: dict[int, tuple]):
        """A bold boxed row (heading, subtotal, total): `given` maps a column to (value, align, number
        format, is a formula of ours); the other cells are empty and boxed."""
        for index in range(1, width + 1):
            value, align, number_format, formula = given.get(index, (None, "left", None, False))
            look = styles.look(
                bold,
                align,
                box=True,
                number_format=number_format,
                quote=is_formula_like(value) and not formula,
            )
            out.put(at, index, value, look, formula=formula)
        out.flush()

    def sum_formula(index: int, first: int, last: int) -> tuple:
        letter = get_column_letter(index)
        # SUBTOTAL, so that the total below (a SUBTOTAL over every row) skips the groups' subtotals.
        value = f"=SUBTOTAL(9,{letter}{first}:{letter}{last})" if last >= first else 0
        return value, "right", table.columns[index - 1].number_format or INTEGER_FORMAT, last >= first

    widths = [float(column.width) for column in table.columns]
    capacities = [max(1.0, width_chars * 11 / size * 1.2) for width_chars in widths]
    looks: dict[tuple, tuple] = {}

    def look_of(index: int, value) -> tuple:
        """The look of a data cell: by its column and the kind of its value."""
        kind = type(value)
        column = table.columns[index]
        if kind is str:
            key = (index, "quoted" if is_formula_like(value) else "text")
        elif kind is Decimal and not column.number_format:
            key = (index, "integral" if value == value.to_integral() else "fraction")
        else:
            key = (index, kind)
        if key not in looks:
            number_format = None if kind is str else _number_format(value, column)
            if isinstance(value, dt.date) and not is_date_format(number_format or ""):
                number_format = DATE_FORMAT  # a date is a date whatever the column's format says
            looks[key] = styles.look(
                plain,
                "right" if column.numeric else "left",
                box=True,
                number_format=number_format,
                quote=key[1] == "quoted",
            )
        return looks[key]

    texts = [look_of(index, "") for index in range(width)]  # the common case, looked up without a key

    # One write-only cell a column, filled again for each row: a row is written as soon as it is appended.
    cells = [_new_cell(out.sheet) for _column in table.columns]
    for group in table.groups:
        if group.heading:
            if width > 1:
                out.sheet.merged_cells.add(CellRange(min_col=1, min_row=row, max_col=width, max_row=row))
            out.need(row, group.heading, 1, width, size)
            boxed_row(row, {1: (group.heading, "left", None, False)})
            row += 1
        group_first = row
        for values in group.rows:
            if len(values) != width:
                raise ValueError(f"A row of {len(values)} cells in a table of {width} columns.")
            lines = 1
            for index, value in enumerate(values):
                cell = cells[index]
                # The look first: a date's look has a date format, which openpyxl then leaves alone.
                if type(value) is str:
                    look = look_of(index, value) if value.startswith(FORMULA_PREFIXES) else texts[index]
                    cell._style, cell.style_id = look
                    cell_fill(cell, value)
                    if len(value) * 1.35 > capacities[index] or "\n" in value:
                        lines = max(lines, _lines(value, widths[index], size))
                    continue
                cell._style, cell.style_id = look_of(index, value)
                cell.value = value  # not text (cell_fill's concern)
                if value is not None:  # digits: one unit of width each
                    length = 10 if isinstance(value, dt.date) else len(str(value))
                    if length * 1.35 > capacities[index]:
                        lines = max(lines, math.ceil(length / capacities[index]))
            out.row(row, cells, _height(lines, size))
            row += 1
            tick()
        if table.subtotal_label and totals:
            given = {label: (table.subtotal_label, "left", None, False)}
            given.update({index: sum_formula(index, group_first, row - 1) for index in totals})
            out.need(row, table.subtotal_label, label, label, size)
            boxed_row(row, given)
            row += 1
    if table.total_label or table.total_values is not None:
        given = {}
        for index, (column, value) in enumerate(
            zip(table.columns, table.total_values or [None] * width, strict=True), start=1
        ):
            if index not in totals and value is not None:
                number_format = None if isinstance(value, str) else _number_format(value, column)
                given[index] = (value, "right" if column.numeric else "left", number_format, False)
                out.need(row, value, index, index, size)
        if table.total_values is None:
            given[label] = (table.total_label, "left", None, False)
        given.update({index: sum_formula(index, first_data, row - 1) for index in totals})
        out.need(row, table.total_label, label, label, size)
        boxed_row(row, given)
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


def _print_setup(sheet, paper: Paper, profile: Profile, header_row: int):
    """Set before the sheet's first row is written: a write-only sheet writes its view and properties
    first (the print area, which needs the last row, is the workbook's and is set at the end)."""
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.page_setup.paperSize = PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if paper.landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    top, right, bottom, left = (millimetres / 25.4 for millimetres in profile.margins)
    sheet.page_margins.top, sheet.page_margins.right = top, right
    sheet.page_margins.bottom, sheet.page_margins.left = bottom, left
    sheet.oddFooter.center.text = "Trang &P/&N"
    sheet.oddFooter.center.font = FONT
    sheet.oddFooter.center.size = 11


def paper_xlsx(paper: Paper, progress=None) -> bytes:
    """The paper's tables as a write-only workbook (openpyxl keeps no row once written, so memory stays
    flat however long the list). `progress(done, total)` is called every PROGRESS_EVERY data rows and at
    the end."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    if not paper.tables:
        raise ValueError("A paper without a table has no workbook (render.formats_of).")
    profile = profile_for(paper)
    book = Workbook(write_only=True)
    styles = _Styles(book, profile)
    sections = _sections(paper)
    names = sheet_names([table for _before, table, _after in sections])
    total = sum(len(group.rows) for _before, table, _after in sections for group in table.groups)
    done = 0

    def tick():
        nonlocal done
        done += 1
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total)

    for number, ((before, table, after), name) in enumerate(zip(sections, names, strict=True)):
        sheet = book.create_sheet(name)
        width = len(table.columns)
        out = _Sheet(sheet, [float(column.width) for column in table.columns], styles)
        row = _header(out, paper, profile, width) if number == 0 else 1
        if before:
            row = _paragraphs(out, before, row, width, profile) + 1
        _print_setup(sheet, paper, profile, row)
        header_row, row = _table(out, table, row, profile, tick)
        if after:
            row = _paragraphs(out, after, row + 1, width, profile)
        if number == len(sections) - 1:
            row = _foot(out, paper, row, width, profile)
        out.finish()
        sheet.print_area = f"A1:{get_column_letter(width)}{max(row, header_row)}"
    out_bytes = io.BytesIO()
    book.save(out_bytes)
    if progress is not None and done % PROGRESS_EVERY:
        progress(done, total)
    return out_bytes.getvalue()
