"""Reading a paper back from its file, as a reader's program would: the one way every test reads a PDF
(pdftotext, poppler), a Word file (python-docx) or a workbook (openpyxl)."""

import io
import subprocess


def flat(text: str) -> str:
    """Whitespace collapsed: a wrapped line or cell reads as one run of words."""
    return " ".join(text.split())


def pdf_pages(data: bytes, *, layout: bool = False) -> list[str]:
    """The text of each page (pdftotext; -layout keeps the columns where they stand)."""
    options = ["-layout"] if layout else []
    result = subprocess.run(
        ["pdftotext", *options, "-", "-"], input=data, capture_output=True, check=True, timeout=120
    )
    return result.stdout.decode().split("\f")[:-1]


def pdf_text(data: bytes, *, layout: bool = False) -> str:
    """The PDF's words in reading order, whitespace collapsed."""
    return flat(" ".join(pdf_pages(data, layout=layout)))


def docx_text(data: bytes) -> str:
    """The Word file's words in reading order: paragraphs and table cells as they follow in the body, the
    tables inside cells too (the signatures share a kept row with the last rows), a merged cell once;
    whitespace collapsed."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(data))
    parts = []

    def walk(element):
        for child in element.iterchildren():
            if child.tag == qn("w:p"):
                parts.append(Paragraph(child, document).text)
            elif child.tag == qn("w:tbl"):
                for row in child.iterchildren(qn("w:tr")):
                    for cell in row.iterchildren(qn("w:tc")):
                        walk(cell)

    walk(document.element.body)
    return flat(" ".join(parts))


def xlsx_values(data: bytes) -> list[str]:
    """Every non-empty cell of every sheet, as text, row by row."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return [
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
