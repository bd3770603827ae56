"""What the PDF and DOCX renderers share: the rows a table prints (group headings, data, subtotals, the
total) and how a value is written on paper (Vietnamese dates and numbers)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from core.formats import vn_date, vn_number
from core.papers.model import Table, Value

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_LABEL = "Nơi nhận:"


@dataclass
class PrintedRow:
    kind: str  # "heading" | "data" | "subtotal" | "total"
    cells: list[Value]  # a heading: one cell, spanning the table


def shown(value: Value) -> str:
    """A value as printed: dates dd/mm/yyyy, numbers with "." for thousands, None as nothing."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return vn_date(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return vn_number(value)
    return str(value)


def _sum_row(table: Table, rows: list[list[Value]], label: str) -> list[Value]:
    cells: list[Value] = [None] * len(table.columns)
    for index, column in enumerate(table.columns):
        if column.total:
            cells[index] = sum(
                (row[index] for row in rows if isinstance(row[index], int | float | Decimal)), start=0
            )
    cells[table.label_column] = label
    return cells


def has_totals(table: Table) -> bool:
    return any(column.total for column in table.columns)


def printed_rows(table: Table) -> list[PrintedRow]:
    """The table's rows top to bottom as printed. A group's subtotal row follows its rows when the table
    has a subtotal label and a column that totals; the total row ends the table when it has a total
    label (its summed columns left empty when no column totals)."""
    out: list[PrintedRow] = []
    subtotals = bool(table.subtotal_label) and has_totals(table)
    for group in table.groups:
        if group.heading:
            out.append(PrintedRow("heading", [group.heading]))
        out.extend(PrintedRow("data", list(row)) for row in group.rows)
        if subtotals:
            out.append(PrintedRow("subtotal", _sum_row(table, group.rows, table.subtotal_label)))
    if table.total_values is not None:
        out.append(PrintedRow("total", list(table.total_values)))
    elif table.total_label:
        out.append(PrintedRow("total", _sum_row(table, table.rows, table.total_label)))
    return out
