from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards import selectors, services
from awards.enums import DecisionKind, DirectorDecision
from awards.filters import NomineeFilter
from awards.forms import AgreedOnForm, DecisionIssueForm, ExemplaryForm, HigherResultForm
from awards.models import ExemplaryModel, Nominee
from awards.papers.certificates import FORMATS as CERTIFICATE_FORMATS
from awards.papers.certificates import certificates_filename, certificates_of, certificates_response
from awards.papers.decision import decision_paper_of, list_paper
from awards.signing import signed_paper_of, signed_paper_verify
from core.forms import add_service_error
from core.paging import page_of
from core.papers.render import paper_response
from core.permissions import require_perm
from core.views import act
from emulation.enums import CertificateKind
from emulation.models import Campaign
from emulation.selectors import campaign_current


@login_required
def decision_list(request):
    require_perm(request.user, "awards.view_eligibility")
    campaign = campaign_current()
    form = None
    if request.user.has_perm("awards.issue_decision") and campaign:
        form = DecisionIssueForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                decision = services.decision_issue(campaign=campaign, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("%(reference)s was issued.") % {"reference": decision.reference})
                return redirect(decision)
    # Thousands may wait at once: counted per title, the names are on the paper the decision prints.
    waiting = Nominee.objects.filter(
        dossier__campaign=campaign, director_decision=DirectorDecision.APPROVED, decision__isnull=True
    )
    return render(
        request,
        "awards/decision_list.html",
        {
            "paged": page_of(request, selectors.decisions_visible_to(request.user)),
            "form": form,
            "title_counts": selectors.nominee_title_counts(waiting),
            "quota_warnings": selectors.approved_quota_warnings(campaign) if form else [],
            "report_year": campaign.year if campaign else None,
        },
    )


@login_required
def decision_detail(request, pk):
    require_perm(request.user, "awards.view_eligibility")
    decision = get_object_or_404(selectors.decisions_visible_to(request.user), pk=pk)
    nominees = decision.nominees.select_related("staff", "title", "dossier__unit")
    filters = NomineeFilter(request.GET or None, queryset=nominees)
    del filters.form.fields["result"]  # every awardee passed the council
    signed = signed_paper_of(decision)
    return render(
        request,
        "awards/decision_detail.html",
        {
            "decision": decision,
            "filters": filters.form,
            "paged": page_of(request, filters.qs),
            "title_counts": selectors.nominee_title_counts(decision.nominees.all()),
            "signed": signed,
            # Validated on each view: the page says what the stored file's signature says now.
            "signature": signed_paper_verify(signed) if signed else None,
            "can_sign": signed is None and request.user.has_perm("awards.sign_decision"),
            # The awardees of a decision (not of a tờ trình) whose title has a certificate get one each.
            "prints_certificates": decision.kind == DecisionKind.DECISION
            and nominees.exclude(title__certificate=CertificateKind.NONE).exists(),
        },
    )


@login_required
def certificate_file(request, pk, fmt, nominee_pk=None):
    """The certificates of a decision's awardees (one page each), or of one awardee; a refusal goes back
    to the decision page with its reason."""
    require_perm(request.user, "awards.view_eligibility")
    decision = get_object_or_404(selectors.decisions_visible_to(request.user), pk=pk)
    if fmt not in CERTIFICATE_FORMATS:
        raise Http404
    nominee = None
    if nominee_pk is not None:
        nominee = get_object_or_404(
            Nominee.objects.select_related("title", "staff", "dossier"), pk=nominee_pk
        )
    try:
        certificates = certificates_of(decision, nominee)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(decision)
    return certificates_response(certificates, fmt, certificates_filename(decision, nominee))


@login_required
def decision_file(request, pk, fmt):
    """The whole decision or tờ trình with its list: PDF to sign, DOCX to edit, XLSX of the list. A paper
    that cannot be signed as it is (dated ahead, no signer, no one named) sends back with the reason."""
    require_perm(request.user, "awards.view_eligibility")
    decision = get_object_or_404(selectors.decisions_visible_to(request.user), pk=pk)
    try:
        paper = decision_paper_of(decision)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(decision)
    # The workbook is the list attached to the paper.
    return paper_response(list_paper(paper) if fmt == "xlsx" else paper, fmt)


@login_required
@require_POST
def higher_result(request, pk):
    # Only a nominee on an issued decision or tờ trình has a higher level's result to record.
    nominee = get_object_or_404(
        Nominee.objects.select_related("decision", "dossier"), pk=pk, decision__isnull=False
    )
    require_perm(request.user, "awards.review_dossier", nominee.dossier)
    form = HigherResultForm(request.POST)
    return act(
        request,
        nominee.decision,
        lambda: services.nominee_record_higher_result(
            nominee=nominee,
            approved=form.cleaned_data["result"] == "approved",
            decision_number=form.cleaned_data["decision_number"],
            decided_on=form.cleaned_data["decided_on"],
            by=request.user,
        ),
        _("The result from the higher level was recorded."),
        form=form,
    )


@login_required
def exemplary_list(request, year):
    require_perm(request.user, "awards.view_eligibility")
    campaign = get_object_or_404(Campaign, year=year)
    form = ExemplaryForm(request.POST or None) if request.user.has_perm("awards.review_dossier") else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.exemplary_propose(campaign=campaign, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The exemplary model was proposed."))
            return redirect("awards:exemplary-list", year=year)
    models = ExemplaryModel.objects.filter(campaign=campaign).select_related("unit", "staff")
    return render(
        request,
        "awards/exemplary_list.html",
        {"campaign": campaign, "paged": page_of(request, models), "form": form},
    )


@login_required
@require_POST
def exemplary_agree(request, year, pk):
    model = get_object_or_404(ExemplaryModel, pk=pk, campaign__year=year)
    form = AgreedOnForm(request.POST)
    return act(
        request,
        reverse("awards:exemplary-list", args=[year]),
        lambda: services.exemplary_council_agrees(
            model=model, agreed_on=form.cleaned_data["agreed_on"] or timezone.localdate(), by=request.user
        ),
        _("Recorded: the council agreed."),
        form=form,
    )


@login_required
@require_POST
def exemplary_select(request, year, pk):
    model = get_object_or_404(ExemplaryModel, pk=pk, campaign__year=year)
    return act(
        request,
        reverse("awards:exemplary-list", args=[year]),
        lambda: services.exemplary_select(model=model, by=request.user),
        _("The exemplary model was selected."),
    )
