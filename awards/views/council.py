from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from awards import selectors, services
from awards.enums import Choice
from awards.filters import NomineeFilter
from awards.forms import AttendanceForm, BallotForm, MinutesDetailsForm, PaperTallyForm, SessionForm
from awards.models import BallotReceipt
from awards.papers.minutes import ballot_form_paper, minutes_missing, minutes_paper
from core.forms import add_service_error
from core.paging import page_of
from core.papers.render import paper_response
from core.permissions import require_perm
from core.views import act
from emulation.selectors import campaign_current


def _session(request, pk):
    require_perm(request.user, "awards.view_dossier_list")
    return get_object_or_404(selectors.sessions_visible_to(request.user), pk=pk)


@login_required
def session_list(request):
    require_perm(request.user, "awards.view_dossier_list")
    campaign = campaign_current()
    form = None
    if request.user.has_perm("awards.manage_sessions") and campaign:
        form = SessionForm(request.POST or None, campaign=campaign)
        if request.method == "POST" and form.is_valid():
            try:
                session = services.session_open(
                    campaign=campaign,
                    by=request.user,
                    **{
                        **form.cleaned_data,
                        "members": list(form.cleaned_data["members"]),
                        "dossiers": list(form.cleaned_data["dossiers"]),
                    },
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The council session is open."))
                return redirect(session)
    elif request.method == "POST":
        require_perm(request.user, "awards.manage_sessions")
    return render(
        request,
        "awards/session_list.html",
        {"paged": page_of(request, selectors.sessions_visible_to(request.user)), "form": form},
    )


@login_required
def session_detail(request, pk):
    session = _session(request, pk)
    user = request.user
    is_member = session.members.filter(pk=user.pk).exists()
    present_ids = set(session.present.values_list("pk", flat=True))
    has_voted = BallotReceipt.objects.filter(session=session, member=user).exists()
    can_vote = (
        is_member
        and user.pk in present_ids
        and not has_voted
        and session.is_open
        and not session.paper_ballot
    )
    can_manage = user.has_perm("awards.manage_sessions")
    nominees = selectors.session_nominees(session)
    filters = NomineeFilter(request.GET or None, queryset=nominees)
    # The ballot and the paper tally are whole (one choice per nominee or nothing is cast): every nominee,
    # loaded only for who fills them in; the table of results pages.
    fills_in = can_vote or (can_manage and session.is_open and session.paper_ballot)
    return render(
        request,
        "awards/session_detail.html",
        {
            "session": session,
            "filters": filters.form,
            "paged": page_of(request, filters.qs),
            "title_counts": selectors.nominee_title_counts(nominees),
            "show_passed": not session.is_open,
            "ballot_nominees": list(nominees) if fills_in else [],
            "choices": Choice.choices,
            "voted_count": session.receipts.count(),
            "members_count": session.members.count(),
            "can_vote": can_vote,
            "has_voted": has_voted,
            "is_absent": is_member and user.pk not in present_ids and session.is_open,
            "can_manage": can_manage,
            "members": session.members.all(),
            "present_ids": present_ids,
            "details_form": MinutesDetailsForm(session=session, initial=_details_initial(session))
            if can_manage
            else None,
            "minutes_missing": minutes_missing(session),
            "minute_formats": (("pdf", "PDF"), ("docx", "Word"), ("xlsx", "Excel")),
        },
    )


def _details_initial(session) -> dict:
    """The recorded details, and the positions of the chair and secretary taken from their staff records
    while none is typed."""
    initial = {
        name: getattr(session, name)
        for name in (
            "starts_at",
            "ends_at",
            "place",
            "chair",
            "chair_position",
            "secretary",
            "secretary_position",
            "counting_head",
            "ballots_issued",
            "ballots_collected",
            "ballots_valid",
            "ballots_invalid",
        )
    }
    initial["counters"] = list(session.counters.all())
    initial["written_voters"] = list(session.written_voters.all())
    return initial


# A server error's report (mailed to ADMINS) masks the choices posted and every local variable, here and in
# the service below (awards/secrecy.py, "Application logs").
@sensitive_post_parameters()
@sensitive_variables()
@login_required
@require_POST
def ballot_cast(request, pk):
    session = _session(request, pk)
    form = BallotForm(request.POST, nominees=selectors.session_nominees(session))
    if not form.is_valid():
        messages.error(
            request, _("Choose agree, disagree or blank for every nominee: the ballot was not cast.")
        )
        return redirect(session)
    return act(
        request,
        session,
        lambda: services.ballot_cast(session=session, member=request.user, choices=form.choices()),
        _("Your secret ballot was recorded. Nobody can see how you voted."),
    )


@login_required
@require_POST
def session_close(request, pk):
    session = _session(request, pk)
    tally = None
    if session.paper_ballot:
        form = PaperTallyForm(request.POST, nominees=selectors.session_nominees(session))
        if not form.is_valid():
            messages.error(request, _("Enter the tally of every nominee: whole numbers, none negative."))
            return redirect(session)
        tally = form.tally()
    return act(
        request,
        session,
        lambda: services.session_close(session=session, by=request.user, paper_tally=tally),
        _("The ballot is closed and the results are recorded."),
    )


@login_required
def session_minutes(request, pk, fmt):
    """The minutes in PDF, DOCX or XLSX; a draft marked "DỰ THẢO" while the ballot is open. Refused, back
    on the session's page with what is missing, until the chair and the secretary (and for the final
    minutes the time, place and count) are recorded."""
    session = _session(request, pk)
    if fmt not in ("pdf", "docx", "xlsx"):
        raise Http404
    try:
        paper = minutes_paper(session)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(session)
    return paper_response(paper, fmt)


@login_required
def session_ballot_form(request, pk, fmt):
    session = _session(request, pk)
    if fmt not in ("pdf", "docx"):
        raise Http404
    return paper_response(ballot_form_paper(session), fmt)


@login_required
@require_POST
def session_minutes_details(request, pk):
    session = _session(request, pk)
    form = MinutesDetailsForm(request.POST, session=session)
    return act(
        request,
        session,
        lambda: services.session_minutes_record(session=session, by=request.user, **form.cleaned_data),
        _("The details of the minutes were recorded."),
        form=form,
    )


@login_required
@require_POST
def session_attendance(request, pk):
    session = _session(request, pk)
    form = AttendanceForm(request.POST, session=session)
    return act(
        request,
        session,
        lambda: services.session_attendance(
            session=session, present=list(form.cleaned_data["present"]), by=request.user
        ),
        _("The attendance was recorded."),
        form=form,
    )
