"""Signing an issued decision, downloading the signed PDF, and the public verification page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards import selectors
from awards.forms import CopyCheckForm
from awards.models import SignedPaper
from awards.signing import copy_matches, decision_sign, signed_paper_of, signed_paper_verify
from core.permissions import require_perm
from core.views import show_refusal


@login_required
@require_POST
def decision_sign_view(request, pk):
    require_perm(request.user, "awards.sign_decision")
    decision = get_object_or_404(selectors.decisions_visible_to(request.user), pk=pk)
    try:
        decision_sign(decision=decision, by=request.user)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("%(reference)s was signed.") % {"reference": decision.reference})
    return redirect(decision)


@login_required
def signed_file(request, pk):
    require_perm(request.user, "awards.view_eligibility")
    decision = get_object_or_404(selectors.decisions_visible_to(request.user), pk=pk)
    signed = signed_paper_of(decision)
    if signed is None:
        messages.error(request, _("%(reference)s is not signed yet.") % {"reference": decision.reference})
        return redirect(decision)
    response = FileResponse(
        signed.file.open("rb"),
        as_attachment=True,
        filename=signed.original_name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
def verify(request, token):
    """Public, without login: what the QR code on a signed paper opens. It names the document and its
    signature as it stands (validated now), and compares an uploaded copy with the signed file."""
    signed = get_object_or_404(SignedPaper.objects.select_related("decision"), token=token)
    form = CopyCheckForm(request.POST or None, request.FILES or None)
    copy = None
    if request.method == "POST" and form.is_valid():
        same, report = copy_matches(signed, form.cleaned_data["file"].read())
        copy = {"same": same, "report": report}
    return render(
        request,
        "awards/signed_verify.html",
        {
            "signed": signed,
            "decision": signed.decision,
            "report": signed_paper_verify(signed),
            "form": form,
            "copy": copy,
        },
    )
