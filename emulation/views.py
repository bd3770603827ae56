from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_error
from core.paging import page_of
from core.permissions import require_perm
from core.views import act, action_response
from departments import selectors as department_selectors
from departments.models import Unit
from emulation import selectors, services
from emulation.deadlines import deadline_of, deadline_status
from emulation.enums import DeadlineKind, RegistrationState
from emulation.filters import RegistrationOverviewFilter
from emulation.forms import (
    BlocForm,
    CampaignCopyForm,
    CampaignForm,
    CampaignRulesForm,
    DeadlineForm,
    ExtensionForm,
    PaperTemplateForm,
    RegistrationSheetForm,
    ReportSentForm,
    RewardCriteriaForm,
)
from emulation.legal import campaign_rules, regime_texts
from emulation.models import BlocMember


@login_required
def campaign_list(request):
    return render(request, "emulation/campaign_list.html", {"campaigns": selectors.campaign_list()})


@login_required
def campaign_detail(request, year):
    # The reports app builds on every app (its registry imports their exporters): imported here, not at
    # the top, so that loading this app never needs it.
    from reports.registry import reports_for

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
            # The campaign's downloads: every report of the registry this user may have, with its date.
            "reports": reports_for(request.user),
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


def _registration_context(request, campaign, unit, registration):
    user = request.user
    status = deadline_status(campaign, DeadlineKind.REGISTRATION, unit)
    workflow = services.REGISTRATION_WORKFLOW
    history = workflow.history_of(registration) if registration else []
    is_own_unit = user.has_perm("emulation.edit_registration", unit)
    return {
        "campaign": campaign,
        "unit": unit,
        "registration": registration,
        "status": status,
        "is_own_unit": is_own_unit,
        "can_edit": workflow.can_edit(registration, user)
        if registration
        else is_own_unit and status.is_open and not campaign.closed,
        "actions": workflow.actions(registration, user) if registration else {},
        "history": history,
        "returned_comment": workflow.returned_comment(registration, history),
        "warnings": _sheet_warnings(campaign, registration),
    }


def _sheet_warnings(campaign, registration):
    if registration is None:
        return []
    rows, _totals = selectors.registration_overview(campaign, Unit.objects.filter(pk=registration.unit_id))
    return rows[0].warnings if rows else []


def _sheet_page(request, unit):
    """The staff rows of the sheet: the whole unit on one page up to SHEET_PAGE_SIZE people, a
    bigger unit page by page (a 591-person sheet on one page is 600 KB of drop-downs)."""
    staff = department_selectors.staff_list(request.user, unit=unit).order_by(
        "position_rank", "-is_leader", "sort_key", "pk"
    )
    return page_of(request, staff, settings.SHEET_PAGE_SIZE)


@login_required
def registration_sheet(request, year, code):
    require_perm(request.user, "emulation.open_registration_sheets")
    campaign = _campaign(year)
    unit = get_object_or_404(department_selectors.units_visible_to(request.user), code=code)
    registration = campaign.registrations.filter(unit=unit).first()
    if registration is None and not request.user.has_perm("emulation.edit_registration", unit):
        require_perm(request.user, "emulation.view_registration_overview")
    elif registration is not None:
        require_perm(request.user, "emulation.view_registration", registration)
    context = _registration_context(request, campaign, unit, registration)
    paged = _sheet_page(request, unit)
    page_staff = list(paged)
    form = RegistrationSheetForm(
        request.POST or None, staff=page_staff, registration=registration, disabled=not context["can_edit"]
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
                    # One page of several replaces only its own rows; a one-page sheet is the whole unit.
                    scope=page_staff if paged.page.paginator.num_pages > 1 else None,
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The registration was saved as a draft."))
                return redirect(_page_url(registration.get_absolute_url(), paged))
    return render(request, "emulation/registration_sheet.html", {**context, "form": form, "paged": paged})


def _page_url(url, paged):
    return f"{url}?page={paged.page.number}" if paged.page.paginator.num_pages > 1 else url


@login_required
@require_POST
def registration_transition(request, year, code, action):
    """One POST URL per action of the registration workflow: submit, withdraw, return, accept."""
    targets = {
        "submit": (RegistrationState.SUBMITTED, _("The registration was sent to the standing office.")),
        "withdraw": (RegistrationState.DRAFT, _("The registration was withdrawn; it is a draft again.")),
        "return": (RegistrationState.RETURNED, _("The registration was returned to the unit.")),
        "accept": (RegistrationState.ACCEPTED, _("The registration was accepted.")),
    }
    if action not in targets:
        raise Http404
    to_state, success = targets[action]
    registration = get_object_or_404(
        selectors.registrations_visible_to(request.user), campaign__year=year, unit__code=code
    )
    return action_response(
        request,
        registration,
        lambda **data: services.registration_transition(
            registration=registration, to_state=to_state, by=request.user, **data
        ),
        success,
    )


@login_required
def registration_overview(request, year):
    require_perm(request.user, "emulation.view_registration_overview")
    campaign = _campaign(year)
    # Read once for the page, every unit's deadline, the quota limits and the target figures.
    prefetch_related_objects([campaign], "deadlines", "targets__titles")
    # The totals and warnings are the whole Department's; the table shows one page of the units filtered.
    rows, totals = selectors.registration_overview(campaign, Unit.objects.all())
    filters = RegistrationOverviewFilter(request.GET or None, campaign=campaign)
    if filters.is_bound:
        wanted = set(filters.qs.values_list("pk", flat=True))
        rows = [row for row in rows if row.unit.pk in wanted]
    return render(
        request,
        "emulation/registration_overview.html",
        {
            "campaign": campaign,
            "filters": filters.form,
            "paged": page_of(request, rows),
            "totals": totals,
            "targets": selectors.target_figures(campaign, totals),
            "deadline": deadline_of(campaign, DeadlineKind.REGISTRATION),
            "report_deadline": deadline_of(campaign, DeadlineKind.REPORT_HOME_AFFAIRS),
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
    return act(
        request,
        reverse("emulation:registration-overview", args=[year]),
        lambda: services.registrations_mark_sent(campaign=campaign, by=request.user, **form.cleaned_data),
        _("Recorded: the registration summary was sent to the Department of Home Affairs."),
        form=form,
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
    return act(
        request,
        reverse("emulation:extension-list", args=[year]),
        lambda: services.extension_revoke(extension=extension, by=request.user),
        _("The extension was revoked."),
    )


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


@login_required
def campaign_rules_edit(request, year):
    """The legal parameters the campaign is judged by, their changes and reasons (DOMAIN.md [U] values)."""
    campaign = _campaign(year)
    rules = campaign_rules(campaign)
    can_change = request.user.has_perm("emulation.change_campaign") and not campaign.closed
    form = CampaignRulesForm(request.POST or None, instance=rules) if can_change else None
    if request.method == "POST":
        require_perm(request.user, "emulation.change_campaign")
        if form is not None and form.is_valid():
            try:
                services.campaign_rules_update(
                    campaign=campaign,
                    data=form.rules_data(),
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                    version=form.cleaned_data["version"],
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The legal parameters were saved."))
                return redirect("emulation:campaign-rules", year=year)
    return render(
        request,
        "emulation/campaign_rules.html",
        {
            "campaign": campaign,
            "rules": rules,
            "form": form,
            "changes": rules.changes.select_related("by"),
            "texts": regime_texts(campaign.regime),
        },
    )


# --- Blocs (khối, cụm thi đua) ---------------------------------------------------------------------------


@login_required
def bloc_list(request, year):
    """The campaign's khối/cụm thi đua, their units and ranks (Cờ thi đua: DOMAIN rule 15)."""
    campaign = _campaign(year)
    return render(
        request,
        "emulation/bloc_list.html",
        {
            "campaign": campaign,
            "blocs": selectors.blocs_of(campaign),
            "can_manage": request.user.has_perm("emulation.manage_blocs") and not campaign.closed,
        },
    )


@login_required
def bloc_edit(request, year, pk=None):
    require_perm(request.user, "emulation.manage_blocs")
    campaign = _campaign(year)
    bloc = get_object_or_404(selectors.blocs_of(campaign), pk=pk) if pk else None
    # The units a bloc can take: not those of another bloc of the campaign (a unit is in one bloc only).
    taken = BlocMember.objects.filter(campaign=campaign).exclude(bloc=bloc).values("unit")
    form = BlocForm(
        request.POST or None, units=Unit.objects.filter(active=True).exclude(pk__in=taken), bloc=bloc
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.bloc_save(
                campaign=campaign,
                bloc=bloc,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
                members=form.members(),
                by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The bloc was saved."))
            return redirect("emulation:bloc-list", year=year)
    return render(request, "emulation/bloc_form.html", {"campaign": campaign, "bloc": bloc, "form": form})


@login_required
@require_POST
def bloc_delete(request, year, pk):
    require_perm(request.user, "emulation.manage_blocs")
    campaign = _campaign(year)
    bloc = get_object_or_404(selectors.blocs_of(campaign), pk=pk)
    return act(
        request,
        reverse("emulation:bloc-list", args=[year]),
        lambda: services.bloc_delete(bloc=bloc, by=request.user),
        _("The bloc was deleted."),
    )


# --- Reference data: reward criteria, bonuses ------------------------------------------------------------


@login_required
def criteria_list(request):
    return render(
        request,
        "emulation/criteria_list.html",
        {
            "criteria": selectors.criteria_list(),
            "can_manage": request.user.has_perm("emulation.manage_criteria"),
        },
    )


@login_required
def criteria_edit(request, pk=None):
    require_perm(request.user, "emulation.manage_criteria")
    criteria = get_object_or_404(selectors.criteria_list(), pk=pk) if pk else None
    form = RewardCriteriaForm(request.POST or None, instance=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            services.criteria_save(criteria=criteria, data=form.criteria_data(), by=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The criteria were saved."))
            return redirect("emulation:criteria-list")
    return render(request, "emulation/criteria_form.html", {"form": form, "criteria": criteria})


@login_required
def bonus_reference(request):
    """The base salaries and bonus rates the administrator keeps (Django admin), for everyone to read."""
    salaries, rates = selectors.bonus_reference()
    return render(request, "emulation/bonus_reference.html", {"salaries": salaries, "rates": rates})


# --- The texts of the papers (issue 10) -----------------------------------------------------------------


@login_required
def papertemplate_list(request):
    """Every editable text of the papers, with the version in force today (the Department's or the
    default)."""
    require_perm(request.user, "emulation.manage_paper_templates")
    return render(request, "emulation/papertemplate_list.html", {"kinds": selectors.paper_texts_today()})


@login_required
def papertemplate_edit(request, kind):
    """One kind of text: its placeholders, the versions in force and the stored ones, and a form for a new
    version from a date (refused with the reason when it names a placeholder the paper does not fill)."""
    require_perm(request.user, "emulation.manage_paper_templates")
    text_kind = selectors.paper_text_kind(kind)
    form = PaperTemplateForm(request.POST or None, per_title=text_kind.per_title)
    if request.method == "POST" and form.is_valid():
        try:
            services.paper_template_save(
                kind=kind,
                key=form.cleaned_data.get("key", ""),
                valid_from=form.cleaned_data["valid_from"],
                text=form.cleaned_data["text"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The new version of the text was saved."))
            return redirect("emulation:papertemplate-edit", kind=kind)
    return render(
        request,
        "emulation/papertemplate_form.html",
        {
            "kind": kind,
            "text_kind": text_kind,
            "in_force": selectors.paper_texts_in_force(kind),
            "versions": selectors.paper_template_versions(kind),
            "form": form,
        },
    )
