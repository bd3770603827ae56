"""A long list as a PDF, typeset directly with ReportLab's canvas (core.papers.pdf sends it here).

WeasyPrint lays out every cell as a box of styled text, so a province's list (30,000 rows) took as long
as a naive HTML table; here a row is measured with the fonts' metrics, wrapped greedily and drawn, and
each page is written as soon as it is full: the time goes with the rows, the memory stays that of a page.
The page looks like the WeasyPrint paper (templates/papers/paper.html): the profile's page, margins and
sizes, the header block, the title, the table with its header row on every page, the paragraphs, and the
signatures kept with the last rows. Text is drawn with the project's LiberationSerif embedded as TrueType,
so Vietnamese reads back (NFC: one code point a letter, the glyphs the font has).
"""

import functools
import io
import unicodedata

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from core.papers.layout import NATIONAL_MOTTO, NATIONAL_TITLE, RECIPIENTS_LABEL, printed_rows, shown
from core.papers.model import PageBreak, Paper, Paragraph, Table
from core.papers.pdf import FONT_DIR, ROWS_KEPT_WITH_FOOT, foot_parts
from core.papers.profiles import profile_for

# Content streams only deflated, not also ASCII85-encoded: the encoding is pure Python here (a sixth of the
# time of a long list) and makes the file a quarter bigger. ReportLab is used only by this module.
rl_config.useA85 = 0

FONT_FILES = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}
# LiberationSerif's ascent and descent (em): where a baseline sits in its line box.
ASCENT, DESCENT = 0.891, 0.216
BORDER = 0.75  # pt, the cells' borders and the rules
PAD_X, PAD_Y = 3, 2  # pt, inside a cell
TABLE_LEADING = 1.2
HEAD_LEADING = 1.15
# How often the progress moves (rows drawn).
PROGRESS_EVERY = 500


@functools.cache
def _font(bold: bool = False, italic: bool = False) -> str:
    """The registered name of the face (registered once per process)."""
    name = "ThiDuaSerif-" + FONT_FILES[bold, italic].removeprefix("LiberationSerif-").removesuffix(".ttf")
    pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / FONT_FILES[bold, italic])))
    return name


@functools.lru_cache(maxsize=65536)
def _width(text: str, font: str, size: float) -> float:
    # Names, units and titles repeat down a list: a word is measured once.
    return pdfmetrics.stringWidth(text, font, size)


def _text(value) -> str:
    return unicodedata.normalize("NFC", shown(value))


def _broken(word: str, font: str, size: float, width: float) -> list[str]:
    """A word wider than the line, cut into pieces that fit (at least one letter each)."""
    pieces, piece = [], ""
    for letter in word:
        if piece and _width(piece + letter, font, size) > width:
            pieces.append(piece)
            piece = ""
        piece += letter
    return [*pieces, piece] if piece else pieces


def wrap(text: str, font: str, size: float, width: float, *, indent: float = 0) -> list[str]:
    """The lines of `text` filling `width` greedily (the first line `indent` narrower); a word longer than
    a line is broken; an empty text is one empty line."""
    space = _width(" ", font, size)
    lines: list[str] = []
    line, used, room = "", 0.0, width - indent
    for word in text.split():
        size_of = _width(word, font, size)
        if line and used + space + size_of <= room:
            line, used = f"{line} {word}", used + space + size_of
            continue
        if line:
            lines.append(line)
            room = width
        pieces = _broken(word, font, size, room) if size_of > room else [word]
        lines.extend(pieces[:-1])
        line, used = pieces[-1], _width(pieces[-1], font, size)
        room = width
    return [*lines, line]


def _leading(spacing: str, size: float) -> float:
    """The profile's line spacing ("1.15" a multiple, "17pt" exact) at `size`."""
    return float(spacing.removesuffix("pt")) if spacing.endswith("pt") else float(spacing) * size


def _baseline(leading: float, size: float) -> float:
    """From the top of a line box to its baseline (the half-leading above the ascent, as CSS places it)."""
    return (leading - size * (ASCENT + DESCENT)) / 2 + size * ASCENT


class _Lines:
    """Lines measured before they are drawn (the height of a block decides its page): each item is
    (space above, text, font, size, align, leading, x, width, rule); a text None is only space, and
    ("qr", x, side) the verification QR code."""

    def __init__(self):
        self.items: list[tuple] = []
        self.height = 0.0

    def add(self, text, *, font, size, align="center", leading, x=0.0, width, above=0.0, rule=None):
        self.items.append((above, text, font, size, align, leading, x, width, rule))
        self.height += above + leading

    def text(self, text: str, *, font, size, leading, width, x=0.0, align="center", above=0.0) -> list[str]:
        """`text` wrapped to `width`, a line each (the space `above` before the first); the lines."""
        lines = wrap(text, font, size, width)
        for index, line in enumerate(lines):
            self.add(
                line,
                font=font,
                size=size,
                align=align,
                leading=leading,
                x=x,
                width=width,
                above=above if index == 0 else 0.0,
            )
        return lines

    def space(self, height: float):
        self.items.append((height, None, None, 0, None, 0, 0, 0, None))
        self.height += height

    def qr(self, *, x: float, side: float):
        self.items.append(("qr", x, side))
        self.height += side


class _Writer:
    def __init__(self, paper: Paper, out):
        self.paper = paper
        self.p = profile_for(paper)
        size = landscape(A4) if paper.landscape else A4
        self.canvas = Canvas(out, pagesize=size, pageCompression=1, initialFontName=_font())
        self.canvas.setTitle(paper.kind or paper.filename)
        # ReportLab writes "anonymous" unless told.
        self.canvas.setAuthor(paper.issuer.name)
        self.canvas.setCreator("Thi đua")
        self.canvas.setLineWidth(BORDER)
        top, right, bottom, left = (side * mm for side in self.p.margins)
        self.page_width, self.page_height = size
        self.left, self.right = left, self.page_width - right
        self.top, self.bottom = self.page_height - top, bottom
        self.width = self.right - self.left
        self.page = 0
        self.y = self.top
        self.header_of: tuple | None = None  # (table, widths, height) repeated on each page of a table
        # The table's column borders (x) and where the cells under them began on this page (_close_run).
        self.edges: list[float] = []
        self.run_top: float | None = None

    # --- pages ---------------------------------------------------------------------------------------------

    def new_page(self):
        if self.page:
            self._close_run()
            self.canvas.showPage()
            self.canvas.setLineWidth(BORDER)
        self.page += 1
        self.y = self.top
        if self.page > 1:
            self._page_number()
        if self.header_of is not None:
            self._table_header(*self.header_of)

    def _page_number(self):
        size = self.p.page_number_size
        self.canvas.setFont(_font(), size)
        if self.p.page_number == "top-center":
            y = self.top + (self.page_height - self.top) / 2 - size * 0.35
            self.canvas.drawCentredString(self.left + self.width / 2, y, str(self.page))
        else:
            y = self.bottom / 2 - size * 0.35
            self.canvas.drawRightString(self.right, y, str(self.page))

    def fits(self, height: float) -> bool:
        return self.y - height >= self.bottom - 0.01

    def ensure(self, height: float):
        """A new page unless `height` fits under the cursor (a block taller than a page starts one)."""
        if not self.fits(height) and self.y < self.top:
            self.new_page()

    # --- measured lines ------------------------------------------------------------------------------------

    def draw_lines(self, lines: _Lines, *, top: float | None = None):
        y = self.y if top is None else top
        for item in lines.items:
            if item[0] == "qr":
                self._qr(self.left + item[1], y, item[2])
                y -= item[2]
                continue
            above, text, font, size, align, leading, x, width, rule = item
            y -= above
            if text is None:
                continue
            baseline = y - _baseline(leading, size)
            if text:
                self.canvas.setFont(font, size)
                x0 = self.left + x
                if align == "center":
                    self.canvas.drawCentredString(x0 + width / 2, baseline, text)
                elif align == "right":
                    self.canvas.drawRightString(x0 + width, baseline, text)
                else:
                    self.canvas.drawString(x0, baseline, text)
            if rule is not None:  # a rule under the line, centred: (width, gap under the text)
                rule_width, gap = rule
                middle = self.left + x + width / 2
                rule_y = baseline - size * DESCENT - gap
                self.canvas.line(middle - rule_width / 2, rule_y, middle + rule_width / 2, rule_y)
            y -= leading
        return y

    # --- the header and the title --------------------------------------------------------------------------

    def head(self):
        paper, p = self.paper, self.p
        left_w, right_w = self.width * 0.4, self.width * 0.6
        right = _Lines()
        bold = _font(True)
        right.text(
            NATIONAL_TITLE,
            font=bold,
            size=p.national_size,
            leading=p.national_size * HEAD_LEADING,
            width=right_w,
            x=left_w,
        )
        motto = unicodedata.normalize("NFC", NATIONAL_MOTTO)
        right.add(
            motto,
            font=bold,
            size=p.motto_size,
            leading=p.motto_size * HEAD_LEADING,
            width=right_w,
            x=left_w,
            rule=(_width(motto, bold, p.motto_size), 1),
        )
        place = unicodedata.normalize("NFC", paper.place_and_date)
        italic = _font(False, True)
        right.text(
            place,
            font=italic,
            size=p.place_size,
            leading=p.place_size * HEAD_LEADING,
            width=right_w,
            x=left_w,
            align="right" if paper.header == "national" else "center",
            above=8,
        )
        if paper.header == "national":
            # The national title and motto alone, centred on the page.
            for item_index, item in enumerate(right.items):
                above, text, font, size, align, leading, _x, _w, rule = item
                right.items[item_index] = (above, text, font, size, align, leading, 0, self.width, rule)
            self.y = self.draw_lines(right)
            return
        left = _Lines()
        regular = _font()
        issuer = paper.issuer
        if issuer.governing_body:
            text = unicodedata.normalize("NFC", issuer.governing_body.upper())
            left.text(
                text, font=regular, size=p.agency_size, leading=p.agency_size * HEAD_LEADING, width=left_w
            )
        agency = wrap(unicodedata.normalize("NFC", issuer.name.upper()), bold, p.agency_size, left_w)
        widest = max(_width(line, bold, p.agency_size) for line in agency)
        for index, line in enumerate(agency):
            rule = (widest * p.rule_fraction, 3) if index == len(agency) - 1 else None
            left.add(
                line,
                font=bold,
                size=p.agency_size,
                leading=p.agency_size * HEAD_LEADING,
                width=left_w,
                rule=rule,
            )
        number = unicodedata.normalize("NFC", paper.number)
        # Its spaces kept ("Số:      /BC-STP" leaves the clerk room for the number).
        fits = _width(number, regular, p.number_size) <= left_w
        for index, line in enumerate([number] if fits else wrap(number, regular, p.number_size, left_w)):
            left.add(
                line,
                font=regular,
                size=p.number_size,
                leading=p.number_size * HEAD_LEADING,
                width=left_w,
                above=6 if index == 0 else 0,
            )
        left_end = self.draw_lines(left)
        right_end = self.draw_lines(right)
        self.y = min(left_end, right_end)

    def title(self):
        paper, p = self.paper, self.p
        bold = _font(True)
        lines = _Lines()
        if paper.kind:
            lines.text(
                _text(paper.kind),
                font=bold,
                size=p.kind_size,
                leading=_leading(p.line_spacing, p.kind_size),
                width=self.width,
                above=18,
            )
        if paper.kind or paper.summary:
            summary = (
                lines.text(
                    _text(paper.summary),
                    font=bold,
                    size=p.summary_size,
                    leading=_leading(p.line_spacing, p.summary_size),
                    width=self.width,
                )
                if paper.summary
                else []
            )
            widest = max((_width(line, bold, p.summary_size) for line in summary), default=0)
            # The short rule under the summary (a fraction of its width), 5 pt under it, 12 pt above what
            # follows.
            lines.space(5)
            self.y = self.draw_lines(lines)
            if widest:
                middle = self.left + self.width / 2
                half = widest * p.rule_fraction / 2
                self.canvas.line(middle - half, self.y, middle + half, self.y)
            self.y -= 12
        else:
            self.y = self.draw_lines(lines)

    # --- paragraphs ----------------------------------------------------------------------------------------

    def paragraph_lines(self, block: Paragraph) -> tuple[list[list[tuple[str, str]]], float, float, float]:
        """The paragraph's lines as [(word, font)], its size, leading and first-line indent."""
        p = self.p
        size = block.size or p.body_size
        leading = _leading(p.line_spacing, size)
        indent = p.first_line_indent_cm * cm if block.indent else 0
        font = _font(block.bold, block.italic)
        words = [(word, _font(True, block.italic)) for word in _text(block.lead).split()]
        words += [(word, font) for word in _text(block.text).split()]
        space = _width(" ", font, size)
        lines, line, used, room = [], [], 0.0, self.width - indent
        for word, face in words:
            wide = _width(word, face, size)
            if line and used + space + wide > room:
                lines.append(line)
                line, used, room = [], 0.0, self.width
            if wide > room:
                pieces = _broken(word, face, size, room)
                lines.extend([[(piece, face)] for piece in pieces[:-1]])
                room = self.width
                word, wide = pieces[-1], _width(pieces[-1], face, size)
            used += (space if line else 0) + wide
            line.append((word, face))
        lines.append(line)
        return lines, size, leading, indent

    def paragraph_height(self, block: Paragraph) -> float:
        lines, _size, leading, _indent = self.paragraph_lines(block)
        return len(lines) * leading + self.p.paragraph_space_pt

    def paragraph(self, block: Paragraph):
        lines, size, leading, indent = self.paragraph_lines(block)
        align = block.align if block.align in ("justify", "center", "left", "right") else "justify"
        space = _width(" ", _font(block.bold, block.italic), size)
        for index, line in enumerate(lines):
            if not self.fits(leading):
                self.new_page()
            room = self.width - (indent if index == 0 else 0)
            x0 = self.left + (indent if index == 0 else 0)
            widths = [_width(word, face, size) for word, face in line]
            natural = sum(widths) + space * max(0, len(line) - 1)
            gap = space
            if align == "center":
                x0 += (room - natural) / 2
            elif align == "right":
                x0 += room - natural
            elif align == "justify" and index < len(lines) - 1 and len(line) > 1:
                gap = space + (room - natural) / (len(line) - 1)
            baseline = self.y - _baseline(leading, size)
            x = x0
            for (word, face), wide in zip(line, widths, strict=True):
                self.canvas.setFont(face, size)
                self.canvas.drawString(x, baseline, word)
                x += wide + gap
            self.y -= leading
        self.y -= self.p.paragraph_space_pt

    # --- tables --------------------------------------------------------------------------------------------

    def _cells(self, texts, widths, font, size, leading) -> tuple[list[list[str]], float]:
        lines = [wrap(text, font, size, width - 2 * PAD_X) for text, width in zip(texts, widths, strict=True)]
        return lines, max(len(cell) for cell in lines) * leading + 2 * PAD_Y

    def _strings(self, font: str, size: float, strings: list[tuple[float, float, str]]):
        """Strings at (x, baseline) in one text object: a relative move each, not a whole text state (the
        coordinates are formatted in Python: ReportLab's C accelerator is a separate package)."""
        text = self.canvas.beginText(0, 0)
        text.setFont(font, size)
        at_x = at_y = 0.0
        for x, y, string in strings:
            text.moveCursor(x - at_x, at_y - y)
            at_x, at_y = x, y
            text.textOut(string)
        self.canvas.drawText(text)

    def _table_header(self, table: Table, widths: list[float], _height: float):
        size = self.p.table_size
        leading = size * TABLE_LEADING
        bold = _font(True)
        lines, height = self._cells([_text(c.header) for c in table.columns], widths, bold, size, leading)
        strings, x = [], self.left
        for cell, width in zip(lines, widths, strict=True):
            # Centred across and down the cell.
            top = self.y - (height - len(cell) * leading) / 2 - _baseline(leading, size)
            for number, line in enumerate(cell):
                strings.append((x + (width - _width(line, bold, size)) / 2, top - number * leading, line))
            x += width
        self._strings(bold, size, strings)
        self.run_top = self.y
        self._rule(self.y)
        self.y -= height
        self._rule(self.y)

    def _rule(self, y: float):
        self.canvas.line(self.left, y, self.right, y)

    def _close_run(self):
        """The vertical borders of the cells drawn since the run began (the header or a heading row), in
        one stroke each down the page rather than one per row."""
        if self.run_top is None or self.run_top <= self.y:
            return
        path = self.canvas.beginPath()
        for x in self.edges:
            path.moveTo(x, self.run_top)
            path.lineTo(x, self.y)
        self.canvas.drawPath(path, stroke=1, fill=0)
        self.run_top = self.y

    def _row_layout(self, row, widths, size, leading):
        if row.kind == "heading":
            font = _font(True)
            cells, height = self._cells([_text(row.cells[0])], [sum(widths)], font, size, leading)
            return font, cells, height
        font = _font(row.kind != "data")
        cells, height = self._cells([_text(value) for value in row.cells], widths, font, size, leading)
        return font, cells, height

    def _draw_row(self, row, layout, numeric, widths, size, leading):
        font, cells, height = layout
        top = self.y - _baseline(leading, size) - PAD_Y
        strings = []
        if row.kind == "heading":
            # Across the whole table: the column borders stop above it and start again under it.
            self._close_run()
            strings = [
                (self.left + PAD_X, top - number * leading, line) for number, line in enumerate(cells[0])
            ]
            self._strings(font, size, strings)
            self.y -= height
            self.canvas.line(self.left, self.run_top, self.left, self.y)
            self.canvas.line(self.right, self.run_top, self.right, self.y)
            self.run_top = self.y
        else:
            x = self.left
            for cell, width, right in zip(cells, widths, numeric, strict=True):
                for number, line in enumerate(cell):
                    if line:
                        at = x + width - PAD_X - _width(line, font, size) if right else x + PAD_X
                        strings.append((at, top - number * leading, line))
                x += width
            self._strings(font, size, strings)
            self.y -= height
        self._rule(self.y)

    def table(self, table: Table, rows, *, foot_height: float | None, progress):
        """The table's rows drawn as they come; with `foot_height`, its last rows and what follows them
        (that height) stay on one page."""
        size = self.p.table_size
        leading = size * TABLE_LEADING
        total_width = sum(column.width for column in table.columns) or 1
        widths = [self.width * column.width / total_width for column in table.columns]
        numeric = [column.numeric for column in table.columns]
        _, header_height = self._cells(
            [_text(c.header) for c in table.columns], widths, _font(True), size, leading
        )
        self.y -= 6
        kept_from = len(rows) - ROWS_KEPT_WITH_FOOT if foot_height is not None else len(rows)
        first = rows[0] if rows else None
        first_layout = self._row_layout(first, widths, size, leading) if first else None
        if not self.fits(header_height + (first_layout[2] if first_layout else 0)) and self.y < self.top:
            self.new_page()
        self.header_of = (table, widths, header_height)
        self.edges = [self.left + sum(widths[:index]) for index in range(len(widths))] + [self.right]
        self._table_header(table, widths, header_height)
        for index, row in enumerate(rows):
            layout = first_layout if index == 0 else self._row_layout(row, widths, size, leading)
            height = layout[2]
            if index == max(kept_from, 0):
                # The last rows and the foot together: measured as one block.
                height = (
                    sum(self._row_layout(kept, widths, size, leading)[2] for kept in rows[index:])
                    + foot_height
                )
            if not self.fits(height) and self.y < self.top - header_height - 0.01:
                self.new_page()
            self._draw_row(row, layout, numeric, widths, size, leading)
            progress.step()
        self._close_run()
        self.header_of, self.run_top = None, None
        self.y -= 6

    # --- the foot ------------------------------------------------------------------------------------------

    def foot_columns(self) -> list[_Lines]:
        """The foot's columns left to right ("Nơi nhận", the signatures) as templates/papers/_foot.html."""
        p = self.p
        columns, x = [], 0.0
        for part in foot_parts(self.paper):
            width = self.width * part["width"] / 100
            lines = _Lines()
            if "recipients" in part:
                if part["recipients"]:
                    face = _font(True, True)
                    lines.add(
                        RECIPIENTS_LABEL,
                        font=face,
                        size=p.recipients_label_size,
                        align="left",
                        leading=p.recipients_label_size * TABLE_LEADING,
                        x=x,
                        width=width,
                    )
                    for recipient in part["recipients"]:
                        lines.text(
                            _text(f"- {recipient}"),
                            font=_font(),
                            size=p.recipients_size,
                            align="left",
                            leading=p.recipients_size * TABLE_LEADING,
                            x=x,
                            width=width,
                        )
                if self.paper.verification_url:
                    lines.space(8)
                    lines.qr(x=x, side=22 * mm)
                    for text in ("Kiểm tra văn bản điện tử tại:", self.paper.verification_url):
                        lines.text(
                            _text(text),
                            font=_font(),
                            size=8,
                            align="left",
                            leading=8 * HEAD_LEADING,
                            x=x,
                            width=width,
                        )
            elif part.get("signature"):
                signature = part["signature"]
                face, size = _font(True), p.signer_size
                leading = size * TABLE_LEADING
                for text in (signature.caption, signature.authority, signature.position):
                    if text:
                        lines.text(_text(text), font=face, size=size, leading=leading, x=x, width=width)
                lines.space(26 * mm)
                lines.text(_text(signature.name), font=face, size=size, leading=leading, x=x, width=width)
            columns.append(lines)
            x += width
        return columns

    def foot_height(self) -> float:
        columns = self.foot_columns()
        return 12 + max((lines.height for lines in columns), default=0) if columns else 0

    def foot(self):
        columns = self.foot_columns()
        if not columns:
            return
        self.y -= 12
        ends = [self.draw_lines(lines, top=self.y) for lines in columns]
        self.y = min(ends)

    def _qr(self, x: float, top: float, side: float):
        """The verification address's QR code, drawn as squares (segno gives the modules)."""
        import segno

        matrix = segno.make(self.paper.verification_url, error="m").matrix
        count = len(matrix) + 4  # a quiet zone of two modules each side, as in the HTML paper
        module = side / count
        path = self.canvas.beginPath()
        for row, cells in enumerate(matrix):
            for column, dark in enumerate(cells):
                if dark & 1:
                    path.rect(x + (column + 2) * module, top - (row + 3) * module, module, module)
        self.canvas.drawPath(path, stroke=0, fill=1)


class _Progress:
    def __init__(self, total: int, callback):
        self.total, self.done, self.callback = total, 0, callback

    def step(self):
        self.done += 1
        if self.callback is not None and self.done % PROGRESS_EVERY == 0 and self.done < self.total:
            self.callback(self.done, self.total)

    def end(self):
        if self.callback is not None:
            self.callback(self.total, self.total)


def paper_pdf_list(paper: Paper, progress=None) -> bytes:
    """The paper as a PDF drawn page by page. `progress(done, total)` is called every PROGRESS_EVERY table
    rows and once at the end."""
    printed = {id(table): printed_rows(table) for table in paper.tables}
    counter = _Progress(sum(len(rows) for rows in printed.values()), progress)
    out = io.BytesIO()
    writer = _Writer(paper, out)
    writer.new_page()
    writer.head()
    writer.title()
    has_foot = bool(paper.signatures or paper.recipients)
    blocks = paper.blocks
    # What stays on one page with the foot: the last table's last rows, or the last paragraph.
    tail = blocks[-1] if has_foot and blocks and isinstance(blocks[-1], Paragraph) else None
    for index, block in enumerate(blocks):
        if block is tail:
            break
        last_table = has_foot and index == len(blocks) - 1 and isinstance(block, Table)
        _block(writer, block, printed, counter, foot_height=writer.foot_height() if last_table else None)
    if tail is not None:
        writer.ensure(writer.paragraph_height(tail) + writer.foot_height())
        writer.paragraph(tail)
    # Already room for it after the last table's kept rows or the tail; this for any other end.
    writer.ensure(writer.foot_height())
    writer.foot()
    for block in paper.annex:
        _block(writer, block, printed, counter, foot_height=None)
    counter.end()
    writer.canvas.save()
    return out.getvalue()


def _block(writer: _Writer, block, printed: dict, counter: _Progress, *, foot_height):
    if isinstance(block, Paragraph):
        writer.paragraph(block)
    elif isinstance(block, Table):
        writer.table(block, printed[id(block)], foot_height=foot_height, progress=counter)
    elif isinstance(block, PageBreak):
        writer.new_page()
