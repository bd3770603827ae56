from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from departments import selectors as department_selectors
from departments.forms import add_service_error
from departments.models import Unit
from departments.views import require_perm
from emulation import selectors, services
from emulation.documents import document_response
from emulation.enums import EDITABLE_REGISTRATION_STATES, DeadlineKind, RegistrationState
from emulation.exports import registrations_document
from emulation.forms import (
    CampaignCopyForm,
    CampaignForm,
    DeadlineForm,
    ExtensionForm,
    RegistrationSheetForm,
    ReportSentForm,
)
from initiatives.selectors import rounds_visible_to


@login_required
def home(request):
    campaign = selectors.campaign_current()
    deadlines = []
    phase = None
    my_registration = None
    report_warning = None
    if campaign:
        phase = selectors.phase_current(campaign)
        deadlines = [(d, selectors.days_left(d)) for d in selectors.deadlines_upcoming(campaign)]
        if request.user.is_secretary and request.user.unit_id:
            my_registration = campaign.registrations.filter(unit_id=request.user.unit_id).first()
        if request.user.has_perm("emulation.record_report_sent"):
            report_warning = selectors.registration_report_warning(campaign)
    return render(
        request,
        "emulation/home.html",
        {
            "campaign": campaign,
            "phase": phase,
            "deadlines": deadlines,
            "roles": request.user.roles,
            "units": department_selectors.unit_list(request.user),
            "can_see_units": request.user.has_perm("departments.view_unit_list"),
            "can_copy_campaign": request.user.has_perm("emulation.copy_campaign"),
            "can_see_registrations": request.user.has_perm("emulation.view_registration_overview"),
            "my_registration": my_registration,
            # The home page gathers what each role has waiting, from every app.
            "open_rounds": rounds_visible_to(request.user).filter(closed_at__isnull=True)
            if request.user.is_initiative_council
            else [],
            "report_warning": report_warning,
        },
    )


@login_required
def campaign_list(request):
    return render(request, "emulation/campaign_list.html", {"campaigns": selectors.campaign_list()})


@login_required
def campaign_detail(request, year):
    campaign = get_object_or_404(selectors.campaign_list(), year=year)
    return render(
        request,
        "emulation/campaign_detail.html",
        {
            "campaign": campaign,
            "phases": campaign.phases.all(),
            "deadlines": campaign.deadlines.select_related("phase"),
            "targets": campaign.targets.prefetch_related("titles"),
            "can_copy_campaign": request.user.has_perm("emulation.copy_campaign"),
            "can_change_campaign": request.user.has_perm("emulation.change_campaign"),
        },
    )


@login_required
def campaign_update(request, year):
    require_perm(request.user, "emulation.change_campaign")
    campaign = get_object_or_404(selectors.campaign_list(), year=year)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        services.campaign_update(campaign=campaign, data=form.cleaned_data)
        messages.success(request, _("The campaign was saved."))
        return redirect(campaign)
    return render(request, "emulation/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
def campaign_copy(request, year):
    require_perm(request.user, "emulation.copy_campaign")
    source = get_object_or_404(selectors.campaign_list(), year=year)
    form = CampaignCopyForm(request.POST or None, initial={"year": source.year + 1})
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_copy(source=source, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The campaign %(year)s was created from %(source)s.")
                % {"year": campaign.year, "source": source.year},
            )
            return redirect(campaign)
    return render(request, "emulation/campaign_copy.html", {"form": form, "source": source})


# --- Registrations ---------------------------------------------------------------------------------


def _campaign(year):
    return get_object_or_404(selectors.campaign_list(), year=year)


def _refusal(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _registration_context(request, campaign, unit, registration):
    deadline = campaign.deadlines.filter(kind=DeadlineKind.REGISTRATION).first()
    extension = selectors.extension_active(deadline, unit) if deadline else None
    closes_at = extension.due_at if extension else (deadline.due_at if deadline else None)
    is_open = closes_at is None or timezone.now() < closes_at
    user = request.user
    editable_state = registration is None or registration.state in EDITABLE_REGISTRATION_STATES
    return {
        "campaign": campaign,
        "unit": unit,
        "registration": registration,
        "deadline": deadline,
        "extension": extension,
        "is_open": is_open,
        "days_left": selectors.days_left(deadline) if deadline else None,
        "is_own_unit": user.has_perm("emulation.edit_registration", unit),
        "can_edit": user.has_perm("emulation.edit_registration", unit)
        and editable_state
        and is_open
        and not campaign.closed,
        "can_submit": registration is not None
        and (registration.state, RegistrationState.SUBMITTED) in services.REGISTRATION_TRANSITIONS
        and user.has_perm("emulation.submit_registration", registration)
        and is_open,
        "can_review": registration is not None
        and user.has_perm("emulation.review_registration", registration),
        "history": registration.history.select_related("actor") if registration else [],
        "warnings": _sheet_warnings(campaign, registration),
    }


def _sheet_warnings(campaign, registration):
    if registration is None:
        return []
    rows, _totals = selectors.registration_overview(campaign, Unit.objects.filter(pk=registration.unit_id))
    return rows[0].warnings if rows else []


@login_required
def registration_sheet(request, year, code):
    campaign = _campaign(year)
    unit = get_object_or_404(department_selectors.units_visible_to(request.user), code=code)
    registration = campaign.registrations.filter(unit=unit).first()
    if registration is None and not request.user.has_perm("emulation.edit_registration", unit):
        require_perm(request.user, "emulation.view_registration_overview")
    elif registration is not None:
        require_perm(request.user, "emulation.view_registration", registration)
    context = _registration_context(request, campaign, unit, registration)
    staff = department_selectors.staff_list(request.user, unit=unit)
    form = RegistrationSheetForm(
        request.POST or None, staff=staff, registration=registration, disabled=not context["can_edit"]
    )
    if request.method == "POST":
        require_perm(request.user, "emulation.edit_registration", unit)
        if form.is_valid():
            try:
                registration = services.registration_save(
                    campaign=campaign,
                    unit=unit,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    collective_title=form.cleaned_data["collective_title"],
                    collective_reward=form.cleaned_data["collective_reward"],
                    commitment=form.cleaned_data["commitment"],
                    lines=form.lines(),
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The registration was saved as a draft."))
                return redirect(registration)
    return render(request, "emulation/registration_sheet.html", {**context, "form": form})


def _transition_view(request, year, code, to_state, success_message, comment=""):
    campaign = _campaign(year)
    registration = get_object_or_404(
        selectors.registrations_visible_to(request.user), campaign=campaign, unit__code=code
    )
    try:
        services.registration_transition(
            registration=registration, to_state=to_state, by=request.user, comment=comment
        )
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, success_message)
    return redirect(registration)


@login_required
@require_POST
def registration_submit(request, year, code):
    return _transition_view(
        request,
        year,
        code,
        RegistrationState.SUBMITTED,
        _("The registration was sent to the standing office."),
    )


@login_required
@require_POST
def registration_return(request, year, code):
    return _transition_view(
        request,
        year,
        code,
        RegistrationState.RETURNED,
        _("The registration was returned to the unit."),
        comment=request.POST.get("comment", ""),
    )


@login_required
@require_POST
def registration_accept(request, year, code):
    return _transition_view(
        request, year, code, RegistrationState.ACCEPTED, _("The registration was accepted.")
    )


@login_required
def registration_overview(request, year):
    require_perm(request.user, "emulation.view_registration_overview")
    campaign = _campaign(year)
    rows, totals = selectors.registration_overview(campaign, Unit.objects.all())
    return render(
        request,
        "emulation/registration_overview.html",
        {
            "campaign": campaign,
            "rows": rows,
            "totals": totals,
            "targets": selectors.target_figures(campaign, totals),
            "deadline": campaign.deadlines.filter(kind=DeadlineKind.REGISTRATION).first(),
            "report_deadline": campaign.deadlines.filter(kind=DeadlineKind.REPORT_HOME_AFFAIRS).first(),
            "sent_form": ReportSentForm(initial={"sent_on": timezone.localdate()}),
            "can_record_sent": request.user.has_perm("emulation.record_report_sent"),
            "can_manage_extensions": request.user.has_perm("emulation.manage_extensions"),
        },
    )


@login_required
@require_POST
def registrations_sent(request, year):
    require_perm(request.user, "emulation.record_report_sent")
    campaign = _campaign(year)
    form = ReportSentForm(request.POST)
    if form.is_valid():
        services.registrations_mark_sent(campaign=campaign, by=request.user, **form.cleaned_data)
        messages.success(
            request, _("Recorded: the registration summary was sent to the Department of Home Affairs.")
        )
    else:
        messages.error(request, _("Enter the date the summary was sent."))
    return redirect("emulation:registration-overview", year=year)


@login_required
def registration_report(request, year, fmt):
    require_perm(request.user, "emulation.view_registration_overview")
    campaign = _campaign(year)
    unit = get_object_or_404(Unit, code=request.GET["unit"]) if request.GET.get("unit") else None
    return document_response(
        registrations_document(campaign, unit=unit), fmt, f"tong-hop-dang-ky-thi-dua-{year}"
    )


# --- Extensions ------------------------------------------------------------------------------------


@login_required
def extension_list(request, year):
    require_perm(request.user, "emulation.manage_extensions")
    campaign = _campaign(year)
    form = ExtensionForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.extension_grant(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The extension was granted."))
            return redirect("emulation:extension-list", year=year)
    return render(
        request,
        "emulation/extension_list.html",
        {"campaign": campaign, "form": form, "extensions": selectors.extensions_of(campaign)},
    )


@login_required
@require_POST
def extension_revoke(request, year, pk):
    require_perm(request.user, "emulation.manage_extensions")
    campaign = _campaign(year)
    extension = get_object_or_404(selectors.extensions_of(campaign), pk=pk)
    try:
        services.extension_revoke(extension=extension, by=request.user)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("The extension was revoked."))
    return redirect("emulation:extension-list", year=year)


@login_required
def deadline_edit(request, year):
    """The standing office sets or moves a deadline (phase 1 nominations: when it launches the phase)."""
    require_perm(request.user, "emulation.change_campaign")
    campaign = _campaign(year)
    form = DeadlineForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.deadline_set(campaign=campaign, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The deadline was saved."))
            return redirect(campaign)
    return render(request, "emulation/deadline_form.html", {"form": form, "campaign": campaign})
