"""The staff list as an Excel workbook: a template to download (with the current staff and a sheet of unit
codes) and the reading of a filled-in copy into the lines `services.staff_import` writes, all or none.

A person is matched by the staff code (Staff.code, the project's staff identifier): importing the same file
twice changes nothing. Every bad line is named with its row number and the reason; nothing is written here.
"""

import datetime as dt
from dataclasses import dataclass, field
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.documents import cell_write
from departments.enums import EmploymentType, Gender
from departments.models import Staff, Unit, code_validator, fold_text

# The columns, in order: (key, header). The staff code identifies the person; "moved_on" is only read when
# the unit differs from the person's current one (the date of the move; empty: the day of the import).
COLUMNS = (
    ("code", gettext_lazy("Staff code")),
    ("full_name", gettext_lazy("Full name")),
    ("unit", gettext_lazy("Unit code")),
    ("gender", gettext_lazy("Gender")),
    ("date_of_birth", gettext_lazy("Date of birth")),
    ("position", gettext_lazy("Position")),
    ("is_leader", gettext_lazy("Holds a leadership post (Yes/No)")),
    ("employment_type", gettext_lazy("Employment type")),
    ("recruited_on", gettext_lazy("Recruited on")),
    ("left_on", gettext_lazy("Left on")),
    ("moved_on", gettext_lazy("In this unit from (when moved)")),
)
KEYS = [key for key, _header in COLUMNS]
FIRST_LINE = 3  # Row 1: the title; row 2: the headers.
SHEET_UNITS = "DonVi"
DATE_FIELDS = ("date_of_birth", "recruited_on", "left_on", "moved_on")
# The staff fields a line sets (the unit goes through a dated move, services.staff_move).
STAFF_FIELDS = (
    "full_name",
    "gender",
    "date_of_birth",
    "position",
    "is_leader",
    "employment_type",
    "recruited_on",
    "left_on",
)
DEFAULT_MAX_ROWS = 2000


def max_rows() -> int:
    return getattr(settings, "STAFF_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


@dataclass
class StaffLine:
    """One line of the workbook, in the model's values: `number` is its row in the sheet."""

    number: int
    code: str
    unit: Unit
    data: dict
    moved_on: dt.date | None = None

    @property
    def label(self) -> str:
        return _("Row %(number)s (%(code)s)") % {"number": self.number, "code": self.code}


@dataclass
class ImportSummary:
    """What an import wrote, or would write (a dry run): each line's staff code per outcome."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged)

    def as_text(self) -> str:
        return _(
            "%(created)s created, %(updated)s updated (of whom %(moved)s moved to another unit), "
            "%(unchanged)s unchanged."
        ) % {
            "created": len(self.created),
            "updated": len(self.updated),
            "moved": len(self.moved),
            "unchanged": len(self.unchanged),
        }


def _choice_words(enum) -> dict[str, str]:
    """Every way a cell may name a choice: its code, or its label in Vietnamese or English, folded."""
    words = {}
    for language in ("vi", "en"):
        with translation.override(language):
            words.update({fold_text(str(label)): value for value, label in enum.choices})
    words.update({fold_text(value): value for value in enum.values})
    return words


_YES = {"co", "yes", "x", "1", "true"}
_NO = {"", "khong", "no", "0", "false"}


def _labels(enum) -> list[str]:
    return [str(label) for _value, label in enum.choices]


# --- Writing the template ------------------------------------------------------------------------------


def write_staff_template(staff: list[Staff], units: list[Unit]) -> bytes:
    """The workbook to fill in: one line per person in `staff` (empty lines below for newcomers), and a
    second sheet listing the unit codes the first sheet's drop-down offers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "CanBo"
    cell_write(sheet, 1, 1, _("Staff of the Department — fill in one line per person")).font = Font(
        bold=True, size=13
    )
    for column, (_key, header) in enumerate(COLUMNS, start=1):
        header_cell = cell_write(sheet, 2, column, str(header))
        header_cell.font = Font(bold=True)
        header_cell.alignment = Alignment(wrap_text=True, vertical="top")
    genders = dict(Gender.choices)
    kinds = dict(EmploymentType.choices)
    for row, person in enumerate(staff, start=FIRST_LINE):
        line = [
            person.code,
            person.full_name,
            person.unit.code,
            str(genders[person.gender]),
            person.date_of_birth,
            person.position,
            _("Yes") if person.is_leader else _("No"),
            str(kinds[person.employment_type]),
            person.recruited_on,
            person.left_on,
            None,
        ]
        for column, value in enumerate(line, start=1):
            cell = cell_write(sheet, row, column, value)
            if isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    last = FIRST_LINE + len(staff) + 200  # room for newcomers
    for column in "EIJK":
        for row in range(FIRST_LINE, last + 1):
            sheet[f"{column}{row}"].number_format = "DD/MM/YYYY"

    codes = book.create_sheet(SHEET_UNITS)
    cell_write(codes, 1, 1, str(COLUMNS[2][1])).font = Font(bold=True)
    cell_write(codes, 1, 2, _("Unit")).font = Font(bold=True)
    for row, unit in enumerate(units, start=2):
        cell_write(codes, row, 1, unit.code)
        cell_write(codes, row, 2, unit.name)
    codes.column_dimensions["B"].width = 50

    # Drop-downs of the accepted values; the check on reading stays the server's.
    lists = [
        ("C", f"{SHEET_UNITS}!$A$2:$A${max(len(units) + 1, 2)}"),
        ("D", '"' + ",".join(_labels(Gender)) + '"'),
        ("G", '"' + ",".join([_("Yes"), _("No")]) + '"'),
        ("H", '"' + ",".join(_labels(EmploymentType)) + '"'),
    ]
    for column, formula in lists:
        check = DataValidation(type="list", formula1=formula, allow_blank=True)
        sheet.add_data_validation(check)
        check.add(f"{column}{FIRST_LINE}:{column}{last}")
    widths = (14, 28, 12, 10, 13, 28, 14, 22, 13, 13, 16)
    for column, width in zip("ABCDEFGHIJK", widths, strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = f"C{FIRST_LINE}"
    sheet.row_dimensions[2].height = 45
    out = BytesIO()
    book.save(out)
    return out.getvalue()


# --- Reading a filled-in workbook ----------------------------------------------------------------------


def _text(value) -> str:
    return "" if value is None else " ".join(str(value).split())


def _date(value, header) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(value.strip(), pattern).date()  # noqa: DTZ007 -- a calendar day
            except ValueError:
                continue
    raise ValidationError(
        _("%(column)s “%(value)s” is not a date: write it as dd/mm/yyyy.")
        % {"column": header, "value": value}
    )


def _max_length(key: str) -> int | None:
    return Staff._meta.get_field(key).max_length if key in ("code", "full_name", "position") else None


def _line(number: int, cells: dict, units: dict[str, Unit]) -> StaffLine:
    """The line's values; ValidationError listing every bad cell of it."""
    headers = dict(COLUMNS)
    errors = []
    for key, value in cells.items():
        limit = _max_length(key)
        if limit and len(_text(value)) > limit:
            errors.append(
                _("%(column)s is too long: %(length)s characters, at most %(limit)s.")
                % {"column": headers[key], "length": len(_text(value)), "limit": limit}
            )
    code = _text(cells["code"]).upper()
    if not code:
        errors.append(_("the staff code is missing."))
    else:
        try:
            code_validator(code)
        except ValidationError:
            errors.append(
                _("the staff code “%(code)s” may hold only capital letters, digits and hyphens.")
                % {"code": code}
            )
    full_name = _text(cells["full_name"])
    if not full_name:
        errors.append(_("the full name is missing."))
    unit_code = _text(cells["unit"]).upper()
    unit = units.get(unit_code)
    if not unit_code:
        errors.append(_("the unit code is missing."))
    elif unit is None:
        errors.append(
            _("the unit code “%(code)s” is not one of the Department's units.") % {"code": unit_code}
        )
    data = {"full_name": full_name, "position": _text(cells["position"])}
    for key, enum in (("gender", Gender), ("employment_type", EmploymentType)):
        text = _text(cells[key])
        data[key] = _choice_words(enum).get(fold_text(text))
        if data[key] is None:
            errors.append(
                _("%(column)s “%(value)s” is not one of: %(choices)s.")
                % {"column": headers[key], "value": text, "choices": ", ".join(_labels(enum))}
                if text
                else _("%(column)s is missing.") % {"column": headers[key]}
            )
    leader = fold_text(_text(cells["is_leader"]))
    if leader in _YES | _NO:
        data["is_leader"] = leader in _YES
    else:
        errors.append(
            _("%(column)s must be “Yes” or “No”, not “%(value)s”.")
            % {"column": headers["is_leader"], "value": cells["is_leader"]}
        )
    dates = {}
    for key in DATE_FIELDS:
        try:
            dates[key] = _date(cells[key], headers[key])
        except ValidationError as error:
            errors.extend(error.messages)
    if "recruited_on" in dates and dates["recruited_on"] is None:
        errors.append(_("%(column)s is missing.") % {"column": headers["recruited_on"]})
    if errors:
        raise ValidationError(errors)
    moved_on = dates.pop("moved_on")
    return StaffLine(number=number, code=code, unit=unit, data={**data, **dates}, moved_on=moved_on)


def read_staff_workbook(file) -> list[StaffLine]:
    """The lines of a filled-in workbook (the first sheet, from row FIRST_LINE). ValidationError listing
    every bad row ("Dòng 7 (VP-001): …"), a file that is not a workbook, or more than max_rows() lines."""
    from openpyxl import load_workbook

    try:
        # Not data_only: a formula is read as its text, so that it is refused rather than its cached result
        # (computed by whoever saved the file) taken for data.
        book = load_workbook(file, read_only=True, data_only=False)
        sheet = book.worksheets[0]
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ValidationError(_("The file could not be read as an Excel workbook.")) from error
    units = {unit.code.upper(): unit for unit in Unit.objects.all()}
    lines, errors, seen = [], [], {}
    try:
        for number, row in enumerate(sheet.iter_rows(min_row=FIRST_LINE), FIRST_LINE):
            row = [*row, *[None] * len(COLUMNS)][: len(COLUMNS)]
            values = [getattr(cell, "value", None) for cell in row]
            if all(_text(value) == "" for value in values):
                continue
            if len(lines) + len(errors) >= max_rows():
                book.close()
                raise ValidationError(
                    _("The file has more than %(limit)s lines: split it into several files.")
                    % {"limit": max_rows()},
                    code="too_many_rows",
                )
            cells = dict(zip(KEYS, values, strict=True))
            code = _text(cells["code"]).upper()
            label = _("Row %(number)s (%(code)s)") % {"number": number, "code": code or "—"}
            formulas = [
                str(COLUMNS[i][1]) for i, cell in enumerate(row) if getattr(cell, "data_type", None) == "f"
            ]
            if formulas:
                errors.append(
                    f"{label}: "
                    + _("a formula is not accepted, only values: %(columns)s.")
                    % {"columns": ", ".join(formulas)}
                )
                continue
            try:
                line = _line(number, cells, units)
            except ValidationError as error:
                errors.append(f"{label}: " + " ".join(error.messages))
                continue
            if line.code in seen:
                errors.append(
                    f"{label}: " + _("this staff code is also on row %(row)s.") % {"row": seen[line.code]}
                )
                continue
            seen[line.code] = number
            lines.append(line)
    finally:
        book.close()
    if errors:
        raise ValidationError(errors, code="rows_refused")
    return lines


def import_workbook(uploaded, *, dry_run: bool = False) -> ImportSummary:
    """Check `uploaded` (an UploadedFile or django File: a real XLSX within the upload limits, see
    core.uploads), read it and write its lines through services.staff_import, all or none. ValidationError,
    nothing written, on any refusal."""
    from core.uploads import XLSX, upload_check
    from departments.services import staff_import

    if upload_check(uploaded) is not XLSX:
        raise ValidationError(_("Please choose the Excel (XLSX) file of the staff list."), code="file_type")
    return staff_import(lines=read_staff_workbook(uploaded), dry_run=dry_run)
