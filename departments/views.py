from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.forms import add_service_error
from core.permissions import require_perm
from departments import selectors, services
from departments.forms import StaffForm, StaffYearForm, UnitFilterForm
from departments.models import StaffYear


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
    return render(request, "departments/unit_list.html", {"units": selectors.unit_list(request.user)})


@login_required
def unit_detail(request, code):
    unit = _get_unit(request, code)
    filters = UnitFilterForm(request.GET or None)
    search, include_left = "", False
    if filters.is_valid():
        search, include_left = filters.cleaned_data["q"], filters.cleaned_data["include_left"]
    staff = selectors.staff_list(request.user, unit=unit, search=search, include_left=include_left)
    page = Paginator(staff, settings.STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "departments/unit_detail.html",
        {
            "unit": unit,
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "can_add_staff": request.user.has_perm("departments.add_staff_to_unit", unit),
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
        },
    )


@login_required
def staff_update(request, pk):
    staff = _get_staff(request, pk)
    require_perm(request.user, "departments.change_staff_record", staff)
    units = selectors.units_visible_to(request.user)
    form = StaffForm(request.POST or None, instance=staff, units=units)
    if request.method == "POST" and form.is_valid():
        require_perm(request.user, "departments.add_staff_to_unit", form.cleaned_data["unit"])
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
