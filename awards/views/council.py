from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from awards import selectors, services
from awards.enums import Choice
from awards.exports import minutes_document
from awards.forms import AttendanceForm, BallotForm, PaperTallyForm, SessionForm
from awards.models import BallotReceipt
from core.documents import document_response
from core.forms import add_service_error
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
        {"sessions": selectors.sessions_visible_to(request.user), "form": form},
    )


@login_required
def session_detail(request, pk):
    session = _session(request, pk)
    user = request.user
    nominees = list(selectors.session_nominees(session))
    is_member = session.members.filter(pk=user.pk).exists()
    present_ids = set(session.present.values_list("pk", flat=True))
    has_voted = BallotReceipt.objects.filter(session=session, member=user).exists()
    return render(
        request,
        "awards/session_detail.html",
        {
            "session": session,
            "nominees": nominees,
            "choices": Choice.choices,
            "voted_count": session.receipts.count(),
            "members_count": session.members.count(),
            "can_vote": is_member
            and user.pk in present_ids
            and not has_voted
            and session.is_open
            and not session.paper_ballot,
            "has_voted": has_voted,
            "is_absent": is_member and user.pk not in present_ids and session.is_open,
            "can_manage": user.has_perm("awards.manage_sessions"),
            "members": session.members.all(),
            "present_ids": present_ids,
        },
    )


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
def session_minutes(request, pk):
    session = _session(request, pk)
    return document_response(minutes_document(session), "pdf", f"bien-ban-bo-phieu-{session.pk}")


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
