"""Holds ("tạm hoãn xét") and discipline periods: the standing office records and lifts them; the unit's
secretary sees its staff's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards import selectors, services
from awards.forms import DisciplinePeriodForm, HoldForm, HoldLiftForm
from core.forms import add_service_error
from core.paging import page_of
from core.permissions import require_perm
from core.views import act
from departments.models import Staff
from departments.selectors import units_visible_to


@login_required
def hold_list(request):
    require_perm(request.user, "awards.view_holds")
    can_record = request.user.has_perm("awards.record_hold")
    form = HoldForm(request.POST or None) if can_record else None
    if request.method == "POST":
        require_perm(request.user, "awards.record_hold")
        if form.is_valid():
            try:
                services.hold_add(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The hold was recorded."))
                return redirect("awards:hold-list")
    discipline_form = DisciplinePeriodForm() if can_record else None
    picker_unit = _narrow_pickers(request, form, discipline_form)
    # One of the two lists at a time (?list=periods), each paged: a province holds many of both.
    if request.GET.get("list") == "periods":
        shown = "periods"
        rows = selectors.discipline_visible_to(request.user).order_by("-starts_on", "pk")
    else:
        shown = "holds"
        rows = selectors.holds_visible_to(request.user).order_by("ends_on", "-starts_on", "pk")
    paged = page_of(request, rows)
    return render(
        request,
        "awards/hold_list.html",
        {
            shown: paged,
            "paged": paged,
            "shown": shown,
            "form": form,
            "discipline_form": discipline_form,
            "picker_unit": picker_unit,
            "units": units_visible_to(request.user).only("code", "name") if can_record else [],
        },
    )


def _narrow_pickers(request, *forms):
    """The forms' staff pickers list the people of one unit (?unit=CODE), not a province's 30,000 (a 3 MB
    page); called after validation, which still takes anyone's id."""
    code = request.GET.get("unit", "")
    unit = units_visible_to(request.user).filter(code=code).first() if code else None
    people = Staff.objects.filter(unit=unit).select_related("unit") if unit else Staff.objects.none()
    for form in forms:
        if form is not None:
            form.fields["staff"].queryset = people
    return unit


@login_required
@require_POST
def hold_lift(request, pk):
    require_perm(request.user, "awards.record_hold")
    hold = get_object_or_404(selectors.holds_visible_to(request.user), pk=pk)
    form = HoldLiftForm(request.POST)
    return act(
        request,
        reverse("awards:hold-list"),
        lambda: services.hold_lift(by=request.user, hold=hold, ends_on=form.cleaned_data["ends_on"]),
        _("The hold was lifted."),
        form=form,
    )


@login_required
@require_POST
def discipline_create(request):
    require_perm(request.user, "awards.record_hold")
    form = DisciplinePeriodForm(request.POST)
    return act(
        request,
        reverse("awards:hold-list") + "?list=periods",
        lambda: services.discipline_period_add(by=request.user, **form.cleaned_data),
        _("The discipline period was recorded."),
        form=form,
    )
