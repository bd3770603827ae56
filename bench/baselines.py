"""The yardsticks of the exports: the same rows and columns written the plainest way each library allows.

- Excel: an openpyxl `write_only` workbook, one sheet per table, a header row and the rows as values,
  no styles (the fastest openpyxl writes).
- PDF: one naive WeasyPrint HTML table per table (a header row, the rows, a border), nothing else: what
  the issue calls the naive table.

Both start from what the exporter built (reports.registry.EXPORTERS[...].build): a Paper's tables, or a
Document's as its paper() has them, so that the rows are exactly the export's.
"""

import io
from html import escape

from core.papers.model import Paper, Table


def tables_of(built) -> list[Table]:
    paper = built if isinstance(built, Paper) else built.paper()
    return paper.tables


def row_count(built) -> int:
    return sum(len(table.rows) for table in tables_of(built))


def raw_xlsx(built) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for number, table in enumerate(tables_of(built), start=1):
        sheet = workbook.create_sheet(f"Bang {number}")
        sheet.append([column.header for column in table.columns])
        for row in table.rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


NAIVE_CSS = (
    "@page { size: A4 landscape; margin: 1cm } table { border-collapse: collapse } "
    "td, th { border: 1px solid #000 }"
)


def naive_html(built) -> str:
    parts = [f"<html><head><meta charset='utf-8'><style>{NAIVE_CSS}</style></head><body>"]
    for table in tables_of(built):
        parts.append("<table><thead><tr>")
        parts.extend(f"<th>{escape(column.header)}</th>" for column in table.columns)
        parts.append("</tr></thead><tbody>")
        for row in table.rows:
            cells = "".join(f"<td>{escape('' if value is None else str(value))}</td>" for value in row)
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "".join(parts)


def naive_pdf(built) -> bytes:
    from weasyprint import HTML

    return HTML(string=naive_html(built)).write_pdf()


BASELINES = {"xlsx": raw_xlsx, "pdf": naive_pdf}
