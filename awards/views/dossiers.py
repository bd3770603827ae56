from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards import selectors, services
from awards.eligibility import dossier_eligibility
from awards.enums import DossierState
from awards.filters import DossierFilter
from awards.forms import DirectorDecisionForm, DocumentForm, DossierForm, NomineeForm, OverrideForm
from awards.models import DossierDocument
from awards.papers.achievement import achievement_report_paper
from core.forms import add_service_error
from core.paging import page_of
from core.papers.render import paper_response
from core.permissions import require_perm
from core.views import act, action_response, no_longer_editable, show_refusal, stored_file_response
from emulation.selectors import campaign_current


def _dossier(request, pk):
    require_perm(request.user, "awards.view_dossier_list")
    return get_object_or_404(selectors.dossiers_visible_to(request.user), pk=pk)


@login_required
def dossier_list(request):
    require_perm(request.user, "awards.view_dossier_list")
    user = request.user
    filters = DossierFilter(
        request.GET or None,
        queryset=selectors.dossiers_visible_to(user).order_by(
            "-campaign__year", "unit__display_order", "-pk"
        ),
    )
    return render(
        request,
        "awards/dossier_list.html",
        {
            "filters": filters.form,
            "paged": page_of(request, filters.qs),
            "can_create": user.is_secretary
            and user.unit_id
            and user.has_perm("awards.edit_dossier_of_unit", user.unit),
            "report_year": getattr(campaign_current(), "year", None),
        },
    )


@login_required
def dossier_create(request):
    user = request.user
    # A unit's secretary files her unit's dossier; nobody files for a unit they do not serve.
    require_perm(user, "awards.edit_dossier_of_unit", user.unit)
    campaign = campaign_current()
    form = DossierForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.dossier_save(
                by=user, campaign=campaign, unit=user.unit, data=form.dossier_data()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The dossier was created."))
            return redirect(dossier)
    return render(request, "awards/dossier_form.html", {"form": form, "campaign": campaign})


@login_required
def dossier_update(request, pk):
    dossier = _dossier(request, pk)
    require_perm(request.user, "awards.edit_dossier", dossier)
    if not services.DOSSIER_WORKFLOW.can_edit(dossier, request.user):
        return no_longer_editable(request, dossier, str(dossier))
    form = DossierForm(request.POST or None, instance=dossier, campaign=dossier.campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_save(
                by=request.user,
                campaign=dossier.campaign,
                unit=dossier.unit,
                data=form.dossier_data(),
                dossier=dossier,
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The dossier was saved."))
            return redirect(dossier)
    return render(
        request, "awards/dossier_form.html", {"form": form, "campaign": dossier.campaign, "dossier": dossier}
    )


@login_required
def dossier_detail(request, pk):
    dossier = _dossier(request, pk)
    user = request.user
    # A big unit proposes hundreds of people: a page of them, judged once for the page.
    paged = page_of(
        request,
        dossier.nominees.select_related(
            "staff", "title", "initiative", "research", "decision", "director_decided_by", "override_by"
        ),
    )
    nominees = list(paged)
    judged = dossier_eligibility(dossier, nominees)  # for the title proposed, not the one registered
    rows = [(nominee, judged.get(nominee.pk)) for nominee in nominees]
    workflow = services.DOSSIER_WORKFLOW
    editable = workflow.can_edit(dossier, user)
    can_decide = user.has_perm("awards.decide_nominee") and dossier.state == DossierState.VOTED
    history = workflow.history_of(dossier)
    return render(
        request,
        "awards/dossier_detail.html",
        {
            "dossier": dossier,
            "rows": rows,
            "paged": paged,
            "title_counts": selectors.nominee_title_counts(dossier.nominees.all()),
            "documents": dossier.documents.select_related("nominee__staff", "nominee__title"),
            "missing": selectors.dossier_missing(dossier) if editable else [],
            "history": history,
            "returned_comment": workflow.returned_comment(dossier, history),
            "actions": workflow.actions(dossier, user),
            "editable": editable,
            "can_review": user.has_perm("awards.review_dossier", dossier) and not dossier.campaign.closed,
            "can_decide": can_decide,
            "quota_warnings": selectors.approved_quota_warnings(dossier.campaign) if can_decide else [],
            "nominee_form": NomineeForm(dossier=dossier) if editable else None,
            "document_form": DocumentForm(dossier=dossier) if editable else None,
        },
    )


@login_required
@require_POST
def nominee_add(request, pk):
    dossier = _dossier(request, pk)
    form = NomineeForm(request.POST, dossier=dossier)
    if not form.is_valid():
        messages.error(
            request, _("Choose the title, and the person from this unit if it is not the unit itself.")
        )
        return redirect(dossier)
    return act(
        request,
        dossier,
        lambda: services.nominee_add(dossier=dossier, by=request.user, **form.cleaned_data),
        _("The nominee was added."),
    )


@login_required
def nominee_report(request, pk, nominee_pk, fmt):
    """The nominee's achievement report (Mẫu 01/02/06/07), pre-filled for the unit to complete in Word."""
    dossier = _dossier(request, pk)
    nominee = get_object_or_404(dossier.nominees.select_related("staff__unit", "title"), pk=nominee_pk)
    try:
        paper = achievement_report_paper(dossier, nominee)
    except ValidationError as error:
        show_refusal(request, error)
        return redirect(dossier)
    return paper_response(paper, fmt)


@login_required
@require_POST
def nominee_remove(request, pk, nominee_pk):
    dossier = _dossier(request, pk)
    nominee = get_object_or_404(dossier.nominees, pk=nominee_pk)
    return act(
        request, dossier, lambda: services.nominee_remove(nominee=nominee, by=request.user), _("Removed.")
    )


@login_required
@require_POST
def document_upload(request, pk):
    dossier = _dossier(request, pk)
    form = DocumentForm(request.POST, request.FILES, dossier=dossier)
    if not form.is_valid():
        messages.error(request, _("Choose the kind of document and the file."))
        return redirect(dossier)
    return act(
        request,
        dossier,
        lambda: services.document_attach(
            dossier=dossier,
            kind=form.cleaned_data["kind"],
            uploaded=form.cleaned_data["file"],
            nominee=form.cleaned_data["nominee"],
            by=request.user,
        ),
        _("The file was attached."),
    )


@login_required
@require_POST
def dossier_transition(request, pk, action):
    """The unit's and the standing office's actions: submit, withdraw, return, accept."""
    targets = {
        "submit": (DossierState.SUBMITTED, _("The dossier was sent to the standing office.")),
        "withdraw": (DossierState.WITHDRAWN, _("The dossier was withdrawn.")),
        "return": (DossierState.RETURNED, _("The dossier was returned to the unit.")),
        "accept": (DossierState.ACCEPTED, _("The dossier was accepted and can go to the council.")),
    }
    if action not in targets:
        raise Http404
    to_state, success = targets[action]
    dossier = _dossier(request, pk)
    return action_response(
        request,
        dossier,
        lambda **data: services.dossier_transition(
            dossier=dossier, to_state=to_state, by=request.user, **data
        ),
        success,
    )


@login_required
@require_POST
def nominee_override(request, pk, nominee_pk):
    dossier = _dossier(request, pk)
    nominee = get_object_or_404(dossier.nominees, pk=nominee_pk)
    form = OverrideForm(request.POST)
    return act(
        request,
        dossier,
        lambda: services.nominee_override(
            nominee=nominee, reason=form.cleaned_data["reason"], by=request.user
        ),
        _("The override was recorded."),
        form=form,
    )


@login_required
@require_POST
def nominee_reconsider(request, pk, nominee_pk):
    dossier = _dossier(request, pk)
    nominee = get_object_or_404(dossier.nominees, pk=nominee_pk)
    form = OverrideForm(request.POST)
    return act(
        request,
        dossier,
        lambda: services.nominee_reconsider(
            nominee=nominee, reason=form.cleaned_data["reason"], by=request.user
        ),
        _("The Director's decision on this nominee was taken back."),
        form=form,
    )


@login_required
@require_POST
def nominee_decide(request, pk, nominee_pk):
    dossier = _dossier(request, pk)
    nominee = get_object_or_404(dossier.nominees, pk=nominee_pk)
    form = DirectorDecisionForm(request.POST)
    approve = form.is_valid() and form.cleaned_data["decision"] == "approve"
    return act(
        request,
        dossier,
        lambda: services.nominee_decide(
            nominee=nominee, approve=approve, by=request.user, comment=form.cleaned_data["comment"]
        ),
        _("Approved.") if approve else _("Rejected."),
        form=form,
    )


@login_required
def document_download(request, pk):
    """Whoever may see the dossier opens its documents: the office, the council, the Director, the unit."""
    require_perm(request.user, "awards.view_dossier_list")
    document = get_object_or_404(
        DossierDocument, pk=pk, dossier__in=selectors.dossiers_visible_to(request.user)
    )
    return stored_file_response(document)


@login_required
@require_POST
def document_remove(request, pk, document_pk):
    dossier = _dossier(request, pk)
    document = get_object_or_404(dossier.documents, pk=document_pk)
    return act(
        request,
        dossier,
        lambda: services.document_remove(document=document, by=request.user),
        _("The document was removed."),
    )
