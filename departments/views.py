from io import BytesIO

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_error
from core.paging import page_of
from core.permissions import require_perm
from core.uploads import XLSX, upload_check
from departments import selectors, services, staffimport, yearsheet
from departments.filters import UnitFilter
from departments.forms import (
    StaffForm,
    StaffImportForm,
    StaffMoveForm,
    StaffYearForm,
    UnitFilterForm,
    UnitYearForm,
    YearLineForm,
    YearSheetFileForm,
)
from departments.models import Staff, StaffYear, UnitYear

# The first year a yearly record may be entered for (StaffYear.year's lower bound).
MIN_YEAR = 1990


def _get_unit(request, code):
    # A role that has no unit pages gets 403; a unit outside the user's scope does not exist for them (404).
    require_perm(request.user, "departments.view_unit_list")
    return get_object_or_404(selectors.units_visible_to(request.user), code=code)


def _get_staff(request, pk):
    require_perm(request.user, "departments.view_unit_list")
    return get_object_or_404(selectors.staff_visible_to(request.user), pk=pk)


def _save_or_show_errors(form, save):
    """Run a service; a refusal lands on the form with nothing written."""
    try:
        return save()
    except ValidationError as error:
        add_service_error(form, error)
        return None


@login_required
def unit_list(request):
    require_perm(request.user, "departments.view_unit_list")
    filters = UnitFilter(request.GET or None, queryset=selectors.unit_list(request.user))
    return render(
        request,
        "departments/unit_list.html",
        {
            "filters": filters.form,
            "paged": page_of(request, filters.qs),
            "can_import": request.user.has_perm("departments.import_staff"),
        },
    )


@login_required
def unit_detail(request, code):
    unit = _get_unit(request, code)
    filters = UnitFilterForm(request.GET or None)
    search, include_left = "", False
    if filters.is_valid():
        search, include_left = filters.cleaned_data["q"], filters.cleaned_data["include_left"]
    staff = selectors.staff_list(request.user, unit=unit, search=search, include_left=include_left)
    paged = page_of(request, staff, settings.STAFF_PAGE_SIZE)
    return render(
        request,
        "departments/unit_detail.html",
        {
            "unit": unit,
            "page": paged.page,
            "paged": paged,
            "filters": filters,
            "can_add_staff": request.user.has_perm("departments.add_staff_to_unit", unit),
            "records_year": timezone.localdate().year,
            "events": selectors.unit_events(unit),
            "predecessors": selectors.units_by_ids(selectors.unit_predecessors(unit)),
        },
    )


@login_required
def staff_create(request, code):
    unit = _get_unit(request, code)
    require_perm(request.user, "departments.add_staff_to_unit", unit)
    units = selectors.units_visible_to(request.user)
    form = StaffForm(request.POST or None, units=units, initial={"unit": unit})
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["unit"]
        require_perm(request.user, "departments.add_staff_to_unit", target)
        data = {k: v for k, v in form.staff_data().items() if k != "unit"}
        staff = _save_or_show_errors(form, lambda: services.staff_create(unit=target, data=data))
        if staff:
            messages.success(request, _("Staff member %(name)s was added.") % {"name": staff.full_name})
            return redirect(staff)
    return render(request, "departments/staff_form.html", {"form": form, "unit": unit})


@login_required
def staff_detail(request, pk):
    staff = _get_staff(request, pk)
    return render(
        request,
        "departments/staff_detail.html",
        {
            "staff": staff,
            "years": selectors.staff_years(staff),
            "initiatives": selectors.staff_recognised_initiatives(staff),
            "can_change": request.user.has_perm("departments.change_staff_record", staff),
            "memberships": selectors.staff_memberships(staff),
            "move_form": _move_form(request, staff)
            if request.user.has_perm("departments.move_staff")
            else None,
        },
    )


def _move_form(request, staff, data=None):
    return StaffMoveForm(
        data, units=selectors.units_existing_on(timezone.localdate()).exclude(pk=staff.unit_id)
    )


@login_required
@require_POST
def staff_move(request, pk):
    """The standing office moves a person to another unit from a date (the open membership ends the day
    before)."""
    staff = _get_staff(request, pk)
    require_perm(request.user, "departments.move_staff")
    form = _move_form(request, staff, request.POST)
    if form.is_valid():
        try:
            services.staff_move(
                staff=staff, unit=form.cleaned_data["unit"], on=form.cleaned_data["on"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s was moved.") % {"name": staff.full_name})
    else:
        messages.error(request, _("Choose the new unit and the date of the move."))
    return redirect(staff)


@login_required
def department_periods(request):
    """The Department's names over time, as the papers print them (edited in the administration)."""
    return render(request, "departments/department_periods.html", {"periods": selectors.department_periods()})


@login_required
def staff_update(request, pk):
    staff = _get_staff(request, pk)
    require_perm(request.user, "departments.change_staff_record", staff)
    units = selectors.units_visible_to(request.user)
    form = StaffForm(request.POST or None, instance=staff, units=units)
    if request.method == "POST" and form.is_valid():
        saved = _save_or_show_errors(
            form,
            lambda: services.staff_update(
                staff=staff, version=form.cleaned_data["version"], data=form.staff_data()
            ),
        )
        if saved:
            messages.success(request, _("The changes were saved."))
            return redirect(saved)
    return render(request, "departments/staff_form.html", {"form": form, "unit": staff.unit, "staff": staff})


@login_required
def staff_year_edit(request, pk, year=None):
    staff = _get_staff(request, pk)
    require_perm(request.user, "departments.change_staff_record", staff)
    record = get_object_or_404(StaffYear, staff=staff, year=year) if year else StaffYear(staff=staff)
    form = StaffYearForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        saved = _save_or_show_errors(
            form,
            lambda: services.staff_year_save(
                staff=staff,
                year=year or form.cleaned_data["year"],
                version=form.cleaned_data["version"] if year else None,
                data=form.year_data(),
            ),
        )
        if saved:
            messages.success(request, _("The record for %(year)s was saved.") % {"year": saved.year})
            return redirect(staff)
    return render(
        request, "departments/staffyear_form.html", {"form": form, "staff": staff, "record": record}
    )


def _year_sheet(request, code, year):
    unit = _get_unit(request, code)
    require_perm(request.user, "departments.add_staff_to_unit", unit)
    if not MIN_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return unit, selectors.staff_of_year(unit, year)


@login_required
def unit_year_sheet(request, code, year):
    """Everyone's record of one year on one page: task grade, discipline, months served, counted leave."""
    unit, lines = _year_sheet(request, code, year)
    data = request.POST if request.method == "POST" else None
    paged, forms = _year_forms(request, lines, year, data)
    errors = []
    if data is not None:
        if all(form.is_valid() for form in forms):
            rows = [
                services.YearRow(
                    staff=form.staff, version=form.cleaned_data["version"], data=form.year_data()
                )
                for form in forms
                if form.has_changed()
            ]
            try:
                written = services.staff_years_save_all(year=year, rows=rows)
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(
                    request, _("%(count)s records of %(year)s were saved.") % {"count": written, "year": year}
                )
                url = reverse("departments:unit-years", args=[unit.code, year])
                return redirect(f"{url}?page={paged.page.number}" if paged.page.has_other_pages() else url)
        else:
            errors = [_("Some lines have errors: nothing was saved. Please correct the lines marked below.")]
    return _render_year_sheet(request, unit, year, (paged, forms), errors, YearSheetFileForm())


def _year_forms(request, lines, year, data=None):
    """The page of the sheet the request asks for and one form per person on it. A bigger unit than
    SHEET_PAGE_SIZE people is paged: each page saves its own lines (the forms of the other pages are not
    built, so their records are left as they are)."""
    paged = page_of(request, lines, settings.SHEET_PAGE_SIZE)
    forms = [
        YearLineForm(data, staff=staff, instance=record or StaffYear(staff=staff, year=year))
        for staff, record in paged
    ]
    return paged, forms


def _render_year_sheet(request, unit, year, paged_forms, errors, file_form, grade_form=None):
    # The years a unit still fills in: this one and the few before it (older ones through the URL).
    this_year = timezone.localdate().year
    years = range(this_year, max(MIN_YEAR, this_year - 5) - 1, -1)
    unit_year = selectors.unit_year(unit, year)
    can_grade = request.user.has_perm("departments.grade_unit")
    return render(
        request,
        "departments/year_sheet.html",
        {
            "unit": unit,
            "year": year,
            "paged": paged_forms[0],
            "forms": paged_forms[1],
            "errors": errors,
            "file_form": file_form,
            "years": years,
            "unit_year": unit_year,
            "grade_form": grade_form or (UnitYearForm(instance=unit_year) if can_grade else None),
        },
    )


@login_required
def unit_year_file(request, code, year):
    """The unit's yearly sheet as a workbook to fill in, with each person's line."""
    unit, lines = _year_sheet(request, code, year)
    return FileResponse(
        BytesIO(yearsheet.write_year_sheet(unit, year, lines)),
        as_attachment=True,
        filename=f"ket-qua-{year}-{unit.code}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
@require_POST
def unit_year_import(request, code, year):
    """A filled-in workbook of the unit's yearly sheet: every line written, or none."""
    unit, lines = _year_sheet(request, code, year)
    file_form = YearSheetFileForm(request.POST, request.FILES)
    errors = []
    if file_form.is_valid():
        uploaded = file_form.cleaned_data["file"]
        try:
            if upload_check(uploaded) is not XLSX:
                raise ValidationError(_("Please choose the Excel (XLSX) file of the sheet."))
            written = services.staff_years_save_all(
                year=year, rows=yearsheet.read_year_sheet(uploaded, lines)
            )
        except ValidationError as error:
            errors = [_("Nothing was saved from the file.")] + error.messages
        else:
            messages.success(
                request, _("%(count)s records of %(year)s were saved.") % {"count": written, "year": year}
            )
            return redirect("departments:unit-years", unit.code, year)
    return _render_year_sheet(request, unit, year, _year_forms(request, lines, year), errors, file_form)


@login_required
@require_POST
def unit_year_grade(request, code, year):
    """The standing office grades the unit itself for the year (its own task grade)."""
    unit, lines = _year_sheet(request, code, year)
    require_perm(request.user, "departments.grade_unit")
    record = UnitYear.objects.filter(unit=unit, year=year).first()
    form = UnitYearForm(request.POST, instance=record)
    if form.is_valid():
        saved = _save_or_show_errors(
            form,
            lambda: services.unit_year_save(
                unit=unit,
                year=year,
                by=request.user,
                version=form.cleaned_data["version"],
                task_grade=form.cleaned_data["task_grade"],
                note=form.cleaned_data["note"],
            ),
        )
        if saved:
            messages.success(request, _("The unit's grade for %(year)s was saved.") % {"year": year})
            return redirect("departments:unit-years", unit.code, year)
    return _render_year_sheet(
        request, unit, year, _year_forms(request, lines, year), [], YearSheetFileForm(), grade_form=form
    )


@login_required
def staff_import(request):
    """The standing office imports the staff list from a workbook: a dry run shows what would change, the
    import writes every line or none."""
    require_perm(request.user, "departments.import_staff")
    form = StaffImportForm(request.POST or None, request.FILES or None)
    summary, errors = None, []
    if request.method == "POST" and form.is_valid():
        dry_run = form.cleaned_data["dry_run"]
        try:
            summary = staffimport.import_workbook(form.cleaned_data["file"], dry_run=dry_run)
        except ValidationError as error:
            errors = [_("Nothing was saved from the file."), *error.messages]
        else:
            if not dry_run:
                messages.success(request, _("The staff list was imported: ") + summary.as_text())
                return redirect("departments:staff-import")
    return render(
        request,
        "departments/staff_import.html",
        {"form": form, "summary": summary, "errors": errors, "max_rows": staffimport.max_rows()},
    )


@login_required
def staff_import_template(request):
    """The workbook to fill in: the current staff, room for newcomers, and the unit codes."""
    require_perm(request.user, "departments.import_staff")
    today = timezone.localdate()
    staff = Staff.objects.filter(left_on__isnull=True).select_related("unit").order_by("unit__code", "code")
    units = selectors.units_existing_on(today).order_by("code")
    return FileResponse(
        BytesIO(staffimport.write_staff_template(list(staff), list(units))),
        as_attachment=True,
        filename=f"danh-sach-can-bo-{today:%Y%m%d}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
