from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_error
from core.paging import page_of
from core.papers.render import paper_response
from core.permissions import require_perm
from core.views import act, action_response, no_longer_editable, show_refusal, stored_file_response
from departments.selectors import units_visible_to
from emulation.selectors import campaign_current
from initiatives import papers, selectors, services
from initiatives.enums import InitiativeState
from initiatives.filters import InitiativeFilter, RoundInitiativeFilter
from initiatives.forms import (
    AuthorFormSet,
    CouncilPersonForm,
    DecisionForm,
    InitiativeForm,
    ResearchAuthorFormSet,
    ResearchForm,
    RoundForm,
    ScoreForm,
    author_initial,
    authors_from,
    research_authors_from,
)
from initiatives.models import Initiative, InitiativeAttachment, ResearchResult


def _initiative(request, pk):
    require_perm(request.user, "initiatives.view_initiative_list")
    return get_object_or_404(selectors.initiatives_visible_to(request.user), pk=pk)


def _filing_units(user):
    """The standing office files for any active unit; a secretary for her own."""
    units = units_visible_to(user).filter(active=True)
    return units if user.has_perm("initiatives.review_initiative") else units.filter(pk=user.unit_id)


@login_required
def initiative_list(request):
    require_perm(request.user, "initiatives.view_initiative_list")
    filters = InitiativeFilter(
        request.GET or None,
        queryset=selectors.initiatives_visible_to(request.user).prefetch_related("authors__staff"),
    )
    values = filters.form.cleaned_data if filters.is_bound and filters.is_valid() else {}
    return render(
        request,
        "initiatives/initiative_list.html",
        {
            "filters": filters.form,
            # pk last: titles repeat, and a page must not show a row its neighbour also shows.
            "paged": page_of(request, filters.qs.order_by(*Initiative._meta.ordering, "pk")),
            "can_file": bool(_filing_units(request.user).exists()),
            "can_manage_rounds": request.user.has_perm("initiatives.manage_rounds"),
            "report_year": values.get("year") or getattr(campaign_current(), "year", None),
        },
    )


def _save_form(request, *, initiative=None):
    campaign = initiative.campaign if initiative else campaign_current()
    if campaign is None:
        raise Http404
    units = _filing_units(request.user)
    form = InitiativeForm(request.POST or None, instance=initiative, units=units)
    authors = AuthorFormSet(request.POST or None, initial=author_initial(initiative) if initiative else None)
    if request.method == "POST" and form.is_valid() and authors.is_valid():
        try:
            saved = services.initiative_save(
                campaign=campaign,
                unit=form.cleaned_data["unit"],
                by=request.user,
                data=form.initiative_data(),
                authors=authors_from(authors),
                initiative=initiative,
                version=form.cleaned_data["version"] if initiative else None,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The initiative was saved."))
            return redirect(saved)
    return render(
        request,
        "initiatives/initiative_form.html",
        {"form": form, "authors": authors, "initiative": initiative, "campaign": campaign},
    )


@login_required
def initiative_create(request):
    require_perm(request.user, "initiatives.view_initiative_list")
    if not _filing_units(request.user).exists():
        require_perm(request.user, "initiatives.review_initiative")
    return _save_form(request)


@login_required
def initiative_update(request, pk):
    initiative = _initiative(request, pk)
    require_perm(request.user, "initiatives.edit_initiative", initiative)
    if not services.INITIATIVE_WORKFLOW.can_edit(initiative, request.user):
        return no_longer_editable(request, initiative, initiative.title)
    return _save_form(request, initiative=initiative)


@login_required
def initiative_detail(request, pk):
    initiative = _initiative(request, pk)
    user = request.user
    workflow = services.INITIATIVE_WORKFLOW
    history = workflow.history_of(initiative)
    evaluation_round = initiative.evaluation_round
    my_score = None
    scores = []
    distribution = None
    excluded = False
    unlinked = []
    can_see_round = (
        evaluation_round is not None
        and selectors.rounds_visible_to(user).filter(pk=evaluation_round.pk).exists()
    )
    if evaluation_round:
        members = list(evaluation_round.members.select_related("staff"))
        excluded = user.pk in selectors.excluded_member_ids(initiative, members)
        if can_see_round and evaluation_round.is_open:
            unlinked = selectors.unlinked_members(members)
        my_score = initiative.scores.filter(member=user).first()
        if selectors.sees_each_score(user, evaluation_round, has_scored=my_score is not None):
            scores = initiative.scores.select_related("member").order_by("scored_at", "pk")
        if not evaluation_round.is_open:
            distribution = selectors.score_distribution(initiative, evaluation_round)
    return render(
        request,
        "initiatives/initiative_detail.html",
        {
            "initiative": initiative,
            "authors": initiative.authors.select_related("staff__unit"),
            "attachments": initiative.attachments.all(),
            "history": history,
            "returned_comment": workflow.returned_comment(initiative, history),
            "actions": workflow.actions(initiative, user),
            "is_recognised": initiative.state == InitiativeState.RECOGNISED,
            "uses": selectors.evidence_uses(initiative),
            "can_see_round": can_see_round,
            "can_record_provincial": initiative.state == InitiativeState.RECOGNISED
            and not initiative.provincial_decision_number
            and not initiative.campaign.closed
            and user.has_perm("initiatives.review_initiative", initiative),
            "scores": scores,
            "distribution": distribution,
            "my_score": my_score,
            "excluded": excluded,
            "unlinked": unlinked,
            "can_edit": workflow.can_edit(initiative, user),
            "can_score": evaluation_round is not None
            and evaluation_round.is_open
            and not excluded
            and not unlinked
            and my_score is None
            and evaluation_round.members.filter(pk=user.pk).exists(),
            "can_recognise": user.has_perm("initiatives.record_recognition", initiative)
            and initiative.state == InitiativeState.UNDER_EVALUATION
            and initiative.council_yes is not None,
            "score_form": ScoreForm(),
            "decision_form": DecisionForm(),
        },
    )


@login_required
@require_POST
def initiative_transition(request, pk, action):
    """The filer's and the standing office's actions: submit, return for completion."""
    targets = {
        "submit": (InitiativeState.SUBMITTED, _("The initiative was sent to the standing office.")),
        "return": (InitiativeState.RETURNED, _("The initiative was returned for completion.")),
    }
    if action not in targets:
        raise Http404
    to_state, success = targets[action]
    initiative = _initiative(request, pk)
    return action_response(
        request,
        initiative,
        lambda **data: services.initiative_transition(
            initiative=initiative, to_state=to_state, by=request.user, **data
        ),
        success,
    )


@login_required
@require_POST
def attachment_upload(request, pk):
    initiative = _initiative(request, pk)
    uploaded = request.FILES.get("file")
    if uploaded is None:
        messages.error(request, _("Choose a file to attach."))
        return redirect(initiative)
    return act(
        request,
        initiative,
        lambda: services.initiative_attach(initiative=initiative, uploaded=uploaded, by=request.user),
        _("The file was attached."),
    )


@login_required
def attachment_download(request, pk):
    require_perm(request.user, "initiatives.view_initiative_list")
    attachment = get_object_or_404(
        InitiativeAttachment, pk=pk, initiative__in=selectors.initiatives_visible_to(request.user)
    )
    return stored_file_response(attachment)


@login_required
@require_POST
def initiative_score(request, pk):
    initiative = _initiative(request, pk)
    form = ScoreForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the three scores (0–10) and your vote."))
        return redirect(initiative)
    return act(
        request,
        initiative,
        lambda: services.score_cast(initiative=initiative, member=request.user, **form.cleaned_data),
        _("Your scores and vote were recorded."),
    )


def _decision_view(request, pk, record, success):
    """Record a decision (number and date) on an initiative through `record`, a service."""
    initiative = _initiative(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the decision number and date."))
        return redirect(initiative)
    return act(
        request,
        initiative,
        lambda: record(initiative=initiative, by=request.user, **form.cleaned_data),
        success,
    )


@login_required
@require_POST
def initiative_recognise(request, pk):
    require_perm(request.user, "initiatives.record_recognition")
    return _decision_view(request, pk, services.initiative_recognise, _("The initiative is recognised."))


@login_required
@require_POST
def initiative_provincial(request, pk):
    return _decision_view(
        request, pk, services.initiative_record_provincial, _("The provincial recognition was recorded.")
    )


@login_required
def initiative_application(request, pk, fmt):
    """The author's application (TT 18/2013 Annex I) to print and sign, or to edit in Word."""
    initiative = _initiative(request, pk)
    try:
        paper = papers.application_paper(initiative)
    except ValidationError as error:
        show_refusal(request, error)
        return redirect(initiative)
    return paper_response(paper, fmt)


# --- Evaluation rounds -----------------------------------------------------------------------------


@login_required
def round_list(request):
    require_perm(request.user, "initiatives.view_initiative_list")
    campaign = campaign_current()
    form = None
    if request.user.has_perm("initiatives.manage_rounds") and campaign:
        form = RoundForm(request.POST or None, campaign=campaign)
        if request.method == "POST" and form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("members", "initiatives")}
            try:
                evaluation_round = services.round_open(
                    campaign=campaign,
                    members=list(form.cleaned_data["members"]),
                    initiatives=list(form.cleaned_data["initiatives"]),
                    by=request.user,
                    **data,
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The evaluation round is open."))
                return redirect(evaluation_round)
    elif request.method == "POST":
        require_perm(request.user, "initiatives.manage_rounds")
    return render(
        request,
        "initiatives/round_list.html",
        {"rounds": selectors.rounds_visible_to(request.user), "form": form},
    )


@login_required
def round_detail(request, pk):
    require_perm(request.user, "initiatives.view_initiative_list")
    evaluation_round = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    can_manage = request.user.has_perm("initiatives.manage_rounds")
    filters = RoundInitiativeFilter(
        request.GET or None, queryset=selectors.round_initiatives(evaluation_round)
    )
    paged = page_of(request, filters.qs)
    return render(
        request,
        "initiatives/round_detail.html",
        {
            "round": evaluation_round,
            "filters": filters.form,
            "paged": paged,
            "progress": selectors.round_progress(evaluation_round, request.user, paged.page.object_list),
            "can_close": can_manage and evaluation_round.is_open,
            "decision_numbers": papers.recognition_numbers(evaluation_round)
            if request.user.has_perm("initiatives.record_recognition") and not evaluation_round.is_open
            else [],
            "can_link_members": can_manage,
            "unlinked": selectors.unlinked_members(evaluation_round.members.select_related("staff"))
            if evaluation_round.is_open
            else [],
        },
    )


@login_required
@require_POST
def round_close(request, pk):
    require_perm(request.user, "initiatives.manage_rounds")
    evaluation_round = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    try:
        services.round_close(evaluation_round=evaluation_round, by=request.user)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("The evaluation round is closed and the results are recorded."))
    return redirect(evaluation_round)


@login_required
def round_recognition(request, pk, fmt):
    """The Director's decision recognising initiatives of a closed round, with its list."""
    require_perm(request.user, "initiatives.record_recognition")
    evaluation_round = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    try:
        paper = papers.recognition_paper(
            evaluation_round,
            number=request.GET.get("number", ""),
            signer=request.GET.get("signer", ""),
            deputy=request.GET.get("deputy") == "1",
        )
    except ValidationError as error:
        show_refusal(request, error)
        return redirect(evaluation_round)
    return paper_response(paper, fmt)


# --- Who each council login is -----------------------------------------------------------------------


@login_required
def member_list(request):
    """The standing office says which person each council login stands for (a staff member or someone
    from outside): scoring excludes authors by person and waits until every member is linked."""
    require_perm(request.user, "initiatives.manage_rounds")
    return render(request, "initiatives/member_list.html", {"members": selectors.council_members()})


@login_required
@require_POST
def member_link(request, pk):
    require_perm(request.user, "initiatives.manage_rounds")
    member = get_object_or_404(selectors.council_members(), pk=pk)
    form = CouncilPersonForm(request.POST)
    return act(
        request,
        "initiatives:member-list",
        lambda: services.council_member_link(member=member, by=request.user, **form.person()),
        _("The person of %(member)s was recorded.") % {"member": member},
        form=form,
    )


# --- Research results (đề tài, đề án) ---------------------------------------------------------------------


@login_required
def research_list(request):
    require_perm(request.user, "initiatives.view_research_list")
    return render(
        request,
        "initiatives/research_list.html",
        {
            "paged": page_of(
                request,
                selectors.research_visible_to(request.user)
                .prefetch_related("authors__staff")
                .order_by(*ResearchResult._meta.ordering, "pk"),
            ),
            "can_record": request.user.has_perm("initiatives.record_research"),
        },
    )


def _research(request, pk):
    require_perm(request.user, "initiatives.view_research_list")
    return get_object_or_404(selectors.research_visible_to(request.user), pk=pk)


@login_required
def research_detail(request, pk):
    research = _research(request, pk)
    return render(
        request,
        "initiatives/research_detail.html",
        {
            "research": research,
            "authors": research.authors.select_related("staff__unit"),
            "uses": selectors.evidence_uses(research),
            "can_record": request.user.has_perm("initiatives.record_research"),
        },
    )


def _research_form(request, *, research=None):
    form = ResearchForm(request.POST or None, instance=research)
    initial = [{"staff": a.staff, "share": a.share} for a in research.authors.all()] if research else None
    authors = ResearchAuthorFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and authors.is_valid():
        try:
            saved = services.research_save(
                by=request.user,
                campaign=form.cleaned_data["campaign"],
                unit=form.cleaned_data["unit"],
                data=form.research_data(),
                authors=research_authors_from(authors),
                research=research,
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The research result was saved."))
            return redirect(saved)
    return render(
        request, "initiatives/research_form.html", {"form": form, "authors": authors, "research": research}
    )


@login_required
def research_create(request):
    require_perm(request.user, "initiatives.record_research")
    return _research_form(request)


@login_required
def research_update(request, pk):
    research = _research(request, pk)
    require_perm(request.user, "initiatives.record_research")
    return _research_form(request, research=research)
