"""A paper as a Word document (python-docx) the office edits before signing, laid out by its profile.

Every value goes in as the text of a run: Word never reads it as a field, a link or markup. The short
rules under the agency name, the tiêu ngữ and the summary are paragraph borders narrowed by indents, so
they stay where they belong when the office edits the text.
"""

import io

from core.papers.layout import NATIONAL_MOTTO, NATIONAL_TITLE, RECIPIENTS_LABEL, printed_rows, shown
from core.papers.model import PageBreak, Paper, Paragraph, Table
from core.papers.profiles import Profile, profile_for

FONT = "Times New Roman"
ROWS_KEPT_WITH_FOOT = 3
# The order of a table's and a paragraph's properties in WordprocessingML: Word refuses a file whose
# properties are out of order, so a property is inserted before those that must follow it.
TABLE_PROPERTIES = [
    "w:tblStyle",
    "w:tblpPr",
    "w:tblOverlap",
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
]
PARAGRAPH_PROPERTIES = [
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
]


def _insert_property(properties, element, order: list[str]):
    """Put `element` among `properties` where the schema's `order` wants it."""
    from docx.oxml.ns import qn

    tag = next(name for name in order if qn(name) == element.tag)
    for existing in properties.findall(element.tag):
        properties.remove(existing)
    properties.insert_element_before(element, *order[order.index(tag) + 1 :])


def _set_font(run, size: float, *, bold=False, italic=False):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _paragraph(container, text="", size=13, *, bold=False, italic=False, align="center", space_after=0):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = container.add_paragraph()
    paragraph.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }.get(align, WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(space_after)
    if text:
        _set_font(paragraph.add_run(text), size, bold=bold, italic=italic)
    return paragraph


def _rule(container, width_cm: float, line_cm: float):
    """A solid rule `line_cm` long, centred in a box `width_cm` wide: the top border of an empty
    paragraph indented from both sides."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    paragraph = _paragraph(container)
    side = max(0.0, (width_cm - line_cm) / 2)
    paragraph.paragraph_format.left_indent = Cm(side)
    paragraph.paragraph_format.right_indent = Cm(side)
    paragraph.paragraph_format.line_spacing = Pt(4)
    paragraph.paragraph_format.space_before = Pt(3)  # clear of the letters' descenders above
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in {"w:val": "single", "w:sz": "6", "w:space": "1", "w:color": "000000"}.items():
        top.set(qn(key), value)
    borders.append(top)
    _insert_property(paragraph._p.get_or_add_pPr(), borders, PARAGRAPH_PROPERTIES)
    return paragraph


def _text_cm(text: str, size: float) -> float:
    """About how long `text` prints in Times at `size` points (half an em per letter)."""
    return len(text) * size * 0.5 / 72 * 2.54


def _no_borders(table):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    _insert_property(properties, borders, TABLE_PROPERTIES)


def _borders(table):
    """Single lines around and inside the table."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for key, value in {"w:val": "single", "w:sz": "4", "w:space": "0", "w:color": "000000"}.items():
            element.set(qn(key), value)
        borders.append(element)
    _insert_property(table._tbl.tblPr, borders, TABLE_PROPERTIES)


def _cell_margins(table, side_cm: float):
    """The space between a cell's border and its text, left and right (Word's default 0.19 cm wraps a
    date in a narrow column)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(round(side_cm / 2.54 * 1440)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    _insert_property(table._tbl.tblPr, margins, TABLE_PROPERTIES)


def _fixed_widths(table, widths_cm: list[float]):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    _insert_property(table._tbl.tblPr, layout, TABLE_PROPERTIES)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)
    for column, width in zip(table.columns, widths_cm, strict=False):
        column.width = Cm(width)


def _row_flag(row, name: str):
    """Set a row property such as w:tblHeader (repeat on every page) or w:cantSplit."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement(f"w:{name}")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _cell_text(cell, text: str, size: float, *, bold=False, align="left", italic=False):
    paragraph = cell.paragraphs[0]
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }.get(align, WD_ALIGN_PARAGRAPH.LEFT)
    if text:
        _set_font(paragraph.add_run(text), size, bold=bold, italic=italic)
    return paragraph


def _national_header(document, paper: Paper, profile: Profile, width_cm: float):
    """A person's own paper (Paper.header "national"): the national title and motto centred, no issuer."""
    _paragraph(document, NATIONAL_TITLE, profile.national_size, bold=True)
    _paragraph(document, NATIONAL_MOTTO, profile.motto_size, bold=True)
    _rule(document, width_cm, _text_cm(NATIONAL_MOTTO, profile.motto_size) * 0.92)
    _paragraph(document, paper.place_and_date, profile.place_size, italic=True, align="right")


def _header(document, paper: Paper, profile: Profile, width_cm: float):
    if paper.header == "national":
        _national_header(document, paper, profile, width_cm)
        return
    left_cm, right_cm = width_cm * 0.4, width_cm * 0.6
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _cell_margins(table, 0)
    _fixed_widths(table, [left_cm, right_cm])
    left, right = table.rows[0].cells
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    if paper.issuer.governing_body:
        _paragraph(left, paper.issuer.governing_body.upper(), profile.agency_size)
    agency = paper.issuer.name.upper()
    _paragraph(left, agency, profile.agency_size, bold=True)
    _rule(
        left, left_cm, max(1.5, min(_text_cm(agency, profile.agency_size), left_cm) * profile.rule_fraction)
    )
    _paragraph(left, paper.number, profile.number_size)
    _paragraph(right, NATIONAL_TITLE, profile.national_size, bold=True)
    _paragraph(right, NATIONAL_MOTTO, profile.motto_size, bold=True)
    _rule(right, right_cm, _text_cm(NATIONAL_MOTTO, profile.motto_size) * 0.92)
    _paragraph(right, paper.place_and_date, profile.place_size, italic=True)


def _body_paragraph(document, block: Paragraph, profile: Profile):
    from docx.shared import Cm, Pt

    size = block.size or profile.body_size
    paragraph = _paragraph(document, align=block.align, space_after=profile.paragraph_space_pt)
    if block.indent:
        paragraph.paragraph_format.first_line_indent = Cm(profile.first_line_indent_cm)
    if profile.line_spacing.endswith("pt"):
        paragraph.paragraph_format.line_spacing = Pt(float(profile.line_spacing[:-2]))
    else:
        paragraph.paragraph_format.line_spacing = float(profile.line_spacing)
    if block.lead:
        _set_font(paragraph.add_run(f"{block.lead} "), size, bold=True, italic=block.italic)
    _set_font(paragraph.add_run(block.text), size, bold=block.bold, italic=block.italic)
    return paragraph


def _table(container, table: Table, rows: list, profile: Profile, width_cm: float, *, head=True):
    """`rows` (printed rows of `table`) as a grid in `container`, under the repeated header row when
    `head`."""
    size = profile.table_size
    grid = container.add_table(rows=int(head) + len(rows), cols=len(table.columns))
    grid.style = "Table Grid"
    total_width = sum(column.width for column in table.columns) or 1
    widths = [width_cm * column.width / total_width for column in table.columns]
    _fixed_widths(grid, widths)
    _cell_margins(grid, 0.1)
    # Lines of their own, not only the style's: LibreOffice drops the style's lines in some layouts.
    _borders(grid)
    if head:
        header = grid.rows[0]
        _row_flag(header, "tblHeader")
        _row_flag(header, "cantSplit")
        for cell, column in zip(header.cells, table.columns, strict=True):
            _cell_text(cell, column.header, size, bold=True, align="center")
    for row, printed in zip(grid.rows[int(head) :], rows, strict=True):
        _row_flag(row, "cantSplit")
        if printed.kind == "heading":
            merged = row.cells[0].merge(row.cells[-1])
            _cell_text(merged, str(printed.cells[0]), size, bold=True)
            continue
        bold = printed.kind != "data"
        for cell, column, value in zip(row.cells, table.columns, printed.cells, strict=True):
            _cell_text(cell, shown(value), size, bold=bold, align="right" if column.numeric else "left")
    return grid


def _indent(table, cm: float):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), str(round(cm / 2.54 * 1440)))
    indent.set(qn("w:type"), "dxa")
    _insert_property(table._tbl.tblPr, indent, TABLE_PROPERTIES)


def _hairline(container):
    """An empty paragraph one point high."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    paragraph = _paragraph(container)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(1)
    return paragraph


def _keeper(document, width_cm: float):
    """A borderless one-cell table whose row cannot split: what it holds stays on one page (the last
    rows of the paper and its foot, so the signature never begins a page alone)."""
    outer = document.add_table(rows=1, cols=1)
    _no_borders(outer)
    _cell_margins(outer, 0)
    _indent(outer, -0.1)  # the table inside it then lines up with the tables above (their cell margin)
    _fixed_widths(outer, [width_cm])
    _row_flag(outer.rows[0], "cantSplit")
    cell = outer.rows[0].cells[0]
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return cell


def _foot(container, paper: Paper, profile: Profile, width_cm: float):
    from docx.shared import Cm

    parts: list = []
    if paper.recipients or len(paper.signatures) == 1:
        parts.append(paper.recipients)
    parts.extend(paper.signatures)
    if not parts:
        return
    _paragraph(container)
    table = container.add_table(rows=1, cols=len(parts))
    _no_borders(table)
    if len(parts) == 2 and isinstance(parts[0], list):
        widths = [width_cm * 0.45, width_cm * 0.55]
    else:
        widths = [width_cm / len(parts)] * len(parts)
    _fixed_widths(table, widths)
    _row_flag(table.rows[0], "cantSplit")
    for cell, part in zip(table.rows[0].cells, parts, strict=True):
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
        if isinstance(part, list):
            if part:
                _paragraph(
                    cell,
                    RECIPIENTS_LABEL,
                    profile.recipients_label_size,
                    bold=True,
                    italic=True,
                    align="left",
                )
                for recipient in part:
                    _paragraph(cell, f"- {recipient}", profile.recipients_size, align="left")
            else:
                _paragraph(cell)
            continue
        for line in (part.caption, part.authority, part.position):
            if line:
                _paragraph(cell, line, profile.signer_size, bold=True)
        space = _paragraph(cell)
        space.paragraph_format.space_after = Cm(2.2)
        # An unnamed signer leaves an empty line for the name (the callers refuse to issue it so).
        _paragraph(cell, part.name, profile.signer_size, bold=True)


def _page_numbers(section, profile: Profile):
    """The PAGE field, centred in the header (NĐ 30) or at the right of the footer (TT 01), on every page
    but the first (a different, empty first-page header and footer)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section.different_first_page_header_footer = True
    part = section.header if profile.page_number == "top-center" else section.footer
    paragraph = part.paragraphs[0]
    paragraph.alignment = (
        WD_ALIGN_PARAGRAPH.CENTER if profile.page_number == "top-center" else WD_ALIGN_PARAGRAPH.RIGHT
    )
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = paragraph.add_run()
        _set_font(run, profile.page_number_size)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text


def paper_docx(paper: Paper) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_BREAK
    from docx.shared import Mm, Pt

    profile = profile_for(paper)
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(profile.body_size)
    section = document.sections[0]
    width, height = (Mm(297), Mm(210)) if paper.landscape else (Mm(210), Mm(297))
    section.orientation = WD_ORIENT.LANDSCAPE if paper.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = width, height
    top, right, bottom, left = profile.margins
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    section.header_distance = section.footer_distance = Mm(10)
    width_cm = ((297 if paper.landscape else 210) - left - right) / 10
    _page_numbers(section, profile)

    body = document.paragraphs[0] if document.paragraphs else None
    if body is not None:
        body._p.getparent().remove(body._p)
    _header(document, paper, profile, width_cm)
    if paper.kind:
        _paragraph(document, paper.kind, profile.kind_size, bold=True).paragraph_format.space_before = Pt(18)
    if paper.summary:
        _paragraph(document, paper.summary, profile.summary_size, bold=True)
    if paper.kind or paper.summary:
        _rule(
            document,
            width_cm,
            min(_text_cm(paper.summary or paper.kind, profile.summary_size), width_cm)
            * profile.rule_fraction,
        )
    blocks = list(paper.blocks)
    # What is kept on one page with the foot: the last paragraph, or the last rows of the last table.
    kept: list = []
    if (paper.signatures or paper.recipients) and blocks and not isinstance(blocks[-1], PageBreak):
        kept = [blocks.pop()]
    for block in blocks:
        if isinstance(block, Paragraph):
            _body_paragraph(document, block, profile)
        elif isinstance(block, Table):
            _table(document, block, printed_rows(block), profile, width_cm)
        elif isinstance(block, PageBreak):
            _paragraph(document).add_run().add_break(WD_BREAK.PAGE)
    if kept or paper.signatures or paper.recipients:
        last = kept[0] if kept else None
        rows = printed_rows(last) if isinstance(last, Table) else []
        if len(rows) > ROWS_KEPT_WITH_FOOT:
            _table(document, last, rows[:-ROWS_KEPT_WITH_FOOT], profile, width_cm)
            # Two tables with nothing between are one table to Word and LibreOffice: a hairline apart.
            _hairline(document)
        keeper = _keeper(document, width_cm)
        if isinstance(last, Paragraph):
            _body_paragraph(keeper, last, profile)
        elif len(rows) > ROWS_KEPT_WITH_FOOT:
            _table(keeper, last, rows[-ROWS_KEPT_WITH_FOOT:], profile, width_cm, head=False)
        elif isinstance(last, Table):
            _table(keeper, last, rows, profile, width_cm)
        _foot(keeper, paper, profile, width_cm)  # cell.add_table ends the cell with a paragraph
    # The list attached to the paper, after the signatures (Paper.annex).
    for block in paper.annex:
        if isinstance(block, Paragraph):
            _body_paragraph(document, block, profile)
        elif isinstance(block, Table):
            _table(document, block, printed_rows(block), profile, width_cm)
        elif isinstance(block, PageBreak):
            _paragraph(document).add_run().add_break(WD_BREAK.PAGE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
