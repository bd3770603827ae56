"""A unit's yearly sheet as an Excel workbook: written with each person's line for the office to fill in,
read back into the rows `services.staff_years_save_all` writes (all of them, or none)."""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.documents import cell_write
from departments.enums import Discipline, TaskGrade
from departments.models import Staff, StaffYear, Unit, fold_text
from departments.services import YearRow

# The columns, in order: (field, header). Code and name say whose line it is; the rest are the record.
COLUMNS = (
    ("code", gettext_lazy("Staff code")),
    ("full_name", gettext_lazy("Full name")),
    ("task_grade", gettext_lazy("Task grade")),
    ("discipline", gettext_lazy("Discipline")),
    ("months_served", gettext_lazy("Months served")),
    ("counted_leave_months", gettext_lazy("Months of leave that still count")),
    ("counted_leave_note", gettext_lazy("Leave that still counts")),
    ("training_months", gettext_lazy("Months on a training course of a year or more")),
)
FIRST_LINE = 3  # Row 1: the unit and the year; row 2: the headers.
_DEFAULTS = {
    "task_grade": "",
    "discipline": Discipline.NONE,
    "months_served": 12,
    "counted_leave_months": 0,
    "training_months": 0,
}
_FIELDS = [field for field, _header in COLUMNS[2:]]


def _choices(enum) -> dict[str, str]:
    """Every way a cell may name a choice (its code or its label, in any case, with or without diacritics)."""
    return {fold_text(text): value for value, label in enum.choices for text in (value, str(label))}


def write_year_sheet(unit: Unit, year: int, lines: list[tuple[Staff, StaffYear | None]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = str(year)
    title = _("%(unit)s — yearly records of %(year)s") % {"unit": unit.name, "year": year}
    cell_write(sheet, 1, 1, title).font = Font(bold=True, size=13)
    for column, (_field, header) in enumerate(COLUMNS, start=1):
        header_cell = cell_write(sheet, 2, column, str(header))
        header_cell.font = Font(bold=True)
        header_cell.alignment = Alignment(wrap_text=True, vertical="top")
    discipline_labels = {value: str(label) for value, label in Discipline.choices}
    for row, (staff, record) in enumerate(lines, start=FIRST_LINE):
        values = {
            field: getattr(record, field) if record else default for field, default in _DEFAULTS.items()
        }
        line = [
            staff.code,
            staff.full_name,
            values["task_grade"],
            discipline_labels[values["discipline"]],
            values["months_served"],
            values["counted_leave_months"],
            record.counted_leave_note if record else "",
            values["training_months"],
        ]
        for column, value in enumerate(line, start=1):
            cell_write(sheet, row, column, value)
    last = FIRST_LINE + len(lines) - 1
    for column, options in (("C", TaskGrade.values), ("D", list(discipline_labels.values()))):
        # A drop-down of the accepted values; the check on reading stays the server's.
        check = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
        sheet.add_data_validation(check)
        check.add(f"{column}{FIRST_LINE}:{column}{max(last, FIRST_LINE)}")
    for column, width in zip("ABCDEFGH", (14, 28, 12, 28, 12, 12, 30, 14), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = f"C{FIRST_LINE}"
    # Printed, every column on one landscape page wide, the headers repeated on each page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "2:2"
    sheet.row_dimensions[2].height = 45  # three lines of a wrapped header
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _whole_months(value, header) -> int:
    if value in (None, ""):
        return None
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        number = None
    if number is None or number != int(number):
        raise ValidationError(
            _("%(column)s must be a whole number, not “%(value)s”.") % {"column": header, "value": value}
        )
    return int(number)


def _line_data(cells: dict, record: StaffYear | None) -> dict:
    """The record a workbook line asks for, in the model's values; ValidationError naming the bad cell."""
    headers = dict(COLUMNS)
    data = {}
    for field, enum in (("task_grade", TaskGrade), ("discipline", Discipline)):
        text = str(cells[field] or "").strip()
        if not text:
            data[field] = _DEFAULTS[field]
            continue
        value = _choices(enum).get(fold_text(text))
        if value is None:
            raise ValidationError(
                _("%(column)s “%(value)s” is not one of the choices: %(choices)s.")
                % {
                    "column": headers[field],
                    "value": text,
                    "choices": ", ".join(str(c[1]) for c in enum.choices),
                }
            )
        data[field] = value
    for field in ("months_served", "counted_leave_months", "training_months"):
        months = _whole_months(cells[field], headers[field])
        data[field] = _DEFAULTS[field] if months is None else months
    data["counted_leave_note"] = str(cells["counted_leave_note"] or "").strip()
    return data


def read_year_sheet(uploaded, lines: list[tuple[Staff, StaffYear | None]]) -> list[YearRow]:
    """The rows a filled-in workbook asks to write: only lines that change a record or add one with a
    value. ValidationError listing every bad line ("Dòng 7 (NV012): …"); nothing is written here."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(uploaded, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ValidationError(_("The file could not be read as an Excel workbook.")) from error
    by_code = {staff.code.casefold(): (staff, record) for staff, record in lines}
    rows, errors, seen = [], [], set()
    for number, values in enumerate(
        book.worksheets[0].iter_rows(min_row=FIRST_LINE, values_only=True), FIRST_LINE
    ):
        cells = dict(
            zip([field for field, _header in COLUMNS], [*values, *[None] * len(COLUMNS)], strict=False)
        )
        code = str(cells["code"] or "").strip()
        if not any(v not in (None, "") for v in values):
            continue
        label = _("Line %(number)s (%(code)s)") % {"number": number, "code": code or "—"}
        if code.casefold() not in by_code:
            errors.append(f"{label}: " + _("no one with this staff code worked in the unit that year."))
            continue
        if code.casefold() in seen:
            errors.append(f"{label}: " + _("this staff code is on another line too."))
            continue
        seen.add(code.casefold())
        staff, record = by_code[code.casefold()]
        try:
            data = _line_data(cells, record)
        except ValidationError as error:
            errors.extend(f"{label}: {message}" for message in error.messages)
            continue
        current = {field: getattr(record, field) for field in _FIELDS} if record else None
        if data == current or (record is None and data == {**_DEFAULTS, "counted_leave_note": ""}):
            continue
        rows.append(YearRow(staff=staff, version=record.version if record else None, data=data, label=label))
    book.close()
    if errors:
        raise ValidationError(errors, code="rows_refused")
    return rows
