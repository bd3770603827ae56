from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from departments import selectors as department_selectors
from emulation import selectors as emulation_selectors
from home.selectors import deadlines_for, work_queue


@login_required
def home(request):
    """What waits for this user first (every role they hold, from every app), then the deadlines."""
    user = request.user
    campaign = emulation_selectors.campaign_current()
    shows_all_units = user.is_standing_office or user.is_director or user.is_superuser
    report_warning = None
    if campaign and user.has_perm("emulation.record_report_sent"):
        report_warning = emulation_selectors.registration_report_warning(campaign)
    return render(
        request,
        "home/home.html",
        {
            "campaign": campaign,
            "phase": emulation_selectors.phase_current(campaign) if campaign else None,
            "queue": work_queue(user, campaign),
            "deadlines": deadlines_for(user, campaign),
            "roles": user.roles,
            # A secretary's own unit with its head count; for the office only how many (a province has
            # a thousand, listed on the units page).
            "units": department_selectors.unit_list(user) if user.is_secretary else [],
            "shows_all_units": shows_all_units,
            "units_count": department_selectors.units_visible_to(user).count() if shows_all_units else 0,
            "can_see_registrations": user.has_perm("emulation.view_registration_overview"),
            "can_copy_campaign": user.has_perm("emulation.copy_campaign"),
            "report_warning": report_warning,
        },
    )
