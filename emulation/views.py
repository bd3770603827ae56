from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from departments import selectors as department_selectors
from departments.views import require_perm
from emulation import selectors, services
from emulation.forms import CampaignCopyForm, CampaignForm


@login_required
def home(request):
    campaign = selectors.campaign_current()
    deadlines = []
    phase = None
    if campaign:
        phase = selectors.phase_current(campaign)
        deadlines = [(d, selectors.days_left(d)) for d in selectors.deadlines_upcoming(campaign)]
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
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The campaign %(year)s was created from %(source)s.")
                % {"year": campaign.year, "source": source.year},
            )
            return redirect(campaign)
    return render(request, "emulation/campaign_copy.html", {"form": form, "source": source})
