from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from awards import selectors, services
from awards.eligibility import COLLECTIVE_TITLES, INDIVIDUAL_TITLES
from awards.eligibility.stored import stored_verdicts, verdict_counts
from awards.enums import Verdict
from awards.exports import reward_history_document
from awards.forms import RewardRecordForm
from core.documents import document_response
from core.forms import add_service_error
from core.paging import page_of
from core.permissions import require_perm
from departments.models import Unit
from departments.selectors import staff_visible_to, units_existing_in, units_visible_to
from emulation import selectors as emulation_selectors
from emulation.enums import TitleCode
from emulation.models import Campaign

# The titles a candidate is judged for, in the filter's order (reward forms are in both lists).
JUDGED_TITLES = tuple(dict.fromkeys((*INDIVIDUAL_TITLES, *COLLECTIVE_TITLES)))


@login_required
def reward_search(request):
    require_perm(request.user, "departments.view_unit_list")
    query = request.GET.get("q", "")
    staff, units = selectors.reward_search(request.user, query)
    paged = page_of(request, staff)
    shown = settings.LIST_PAGE_SIZE
    return render(
        request,
        "awards/reward_search.html",
        {
            "query": query,
            "staff": paged,
            "paged": paged,
            "units": units[:shown],
            "more_units": max(len(units) - shown, 0),
        },
    )


def _history_page(request, *, owner, records, collective, add, file_url):
    form = None
    if request.user.has_perm("awards.record_reward"):
        form = RewardRecordForm(request.POST or None, collective=collective)
        if request.method == "POST" and form.is_valid():
            try:
                add(form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The record was added to the history."))
                return redirect(request.path)
    elif request.method == "POST":
        require_perm(request.user, "awards.record_reward")
    return render(
        request,
        "awards/reward_history.html",
        {
            "owner": owner,
            "records": records,
            "form": form,
            "downloads": {fmt: file_url(fmt) for fmt in ("xlsx", "pdf")},
        },
    )


@login_required
def staff_rewards(request, pk):
    require_perm(request.user, "departments.view_unit_list")
    staff = get_object_or_404(staff_visible_to(request.user), pk=pk)
    return _history_page(
        request,
        owner=staff,
        records=selectors.staff_rewards(staff),
        collective=False,
        add=lambda data: services.reward_record_add(by=request.user, staff=staff, **data),
        file_url=lambda fmt: reverse("awards:staff-rewards-file", args=[staff.pk, fmt]),
    )


@login_required
def unit_rewards(request, code):
    require_perm(request.user, "departments.view_unit_list")
    unit = get_object_or_404(units_visible_to(request.user), code=code)
    return _history_page(
        request,
        owner=unit,
        records=selectors.unit_rewards(unit),
        collective=True,
        add=lambda data: services.reward_record_add(by=request.user, unit=unit, **data),
        file_url=lambda fmt: reverse("awards:unit-rewards-file", args=[unit.code, fmt]),
    )


def _history_file(owner, records, fmt: str, code: str):
    return document_response(reward_history_document(owner, records), fmt, f"khen-thuong-{code}")


@login_required
def staff_rewards_file(request, pk, fmt):
    require_perm(request.user, "departments.view_unit_list")
    staff = get_object_or_404(staff_visible_to(request.user), pk=pk)
    return _history_file(staff, selectors.staff_rewards(staff), fmt, staff.code)


@login_required
def unit_rewards_file(request, code, fmt):
    require_perm(request.user, "departments.view_unit_list")
    unit = get_object_or_404(units_visible_to(request.user), code=code)
    return _history_file(unit, selectors.unit_rewards(unit), fmt, unit.code)


@login_required
def eligibility_overview(request, year):
    """The stored verdicts of one unit, or of the province filtered by verdict or title, a page at a time
    (never the whole province at once). The standing office and the Director see every unit; a secretary
    her own unit's candidates (an early warning while registering)."""
    campaign = get_object_or_404(Campaign, year=year)
    unit = None
    if request.GET.get("unit"):
        require_perm(request.user, "departments.view_unit_list")
        unit = get_object_or_404(units_visible_to(request.user), code=request.GET["unit"])
    else:
        require_perm(request.user, "awards.view_eligibility")
    verdict = request.GET.get("verdict") if request.GET.get("verdict") in Verdict.values else ""
    title = request.GET.get("title") if request.GET.get("title") in JUDGED_TITLES else ""
    paged, counts = None, None
    if unit or verdict or title:
        rows = stored_verdicts(campaign=campaign, unit_ids=[unit.pk] if unit else None, title=title)
        counts = verdict_counts(rows)
        paged = page_of(request, rows.filter(verdict=verdict) if verdict else rows)
    choices = units_existing_in(campaign.year).filter(pk__in=units_visible_to(request.user).values("pk"))
    return render(
        request,
        "awards/eligibility_overview.html",
        {
            "campaign": campaign,
            "unit": unit,
            "verdict": verdict,
            "title": title,
            "paged": paged,
            "counts": counts,
            "units": choices.order_by("display_order", "name").values_list("code", "name"),
            "titles": [(code, TitleCode(code).label) for code in JUDGED_TITLES],
            "verdicts": Verdict.choices,
        },
    )


def _dashboard(campaign):
    units = Unit.objects.all()
    registered_rows, registered = emulation_selectors.registration_overview(campaign, units)
    achieved_rows, achieved = selectors.achieved_totals(campaign, units)
    targets = list(
        zip(
            emulation_selectors.target_figures(campaign, registered),
            emulation_selectors.target_figures(campaign, achieved),
            strict=True,
        )
    )
    by_unit = {row.unit.pk: row for row in registered_rows}
    unit_rows = [(by_unit[row["unit"].pk], row) for row in achieved_rows]
    return targets, unit_rows, registered, achieved


@login_required
def targets_dashboard(request, year):
    require_perm(request.user, "awards.view_eligibility")
    campaign = get_object_or_404(Campaign, year=year)
    targets, unit_rows, registered, achieved = _dashboard(campaign)
    return render(
        request,
        "awards/targets_dashboard.html",
        {
            "campaign": campaign,
            "targets": targets,
            # The province's thousand units a page at a time; the targets above count them all.
            "paged": page_of(request, unit_rows),
            "registered": registered,
            "achieved": achieved,
        },
    )
