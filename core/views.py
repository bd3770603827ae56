"""View glue shared by every app: an action answered with a redirect and a Vietnamese message."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.forms import ActionForm, form_errors
from core.uploads import JPEG, PDF, PNG, pdf_check


def show_refusal(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def act(request, target, action: Callable[[], object], success: str, form=None):
    """Run `action` (a service call) and go back to `target` (Post/Redirect/Get). A bad form or the
    service's refusal becomes error messages, and nothing is written."""
    if form is not None and not form.is_valid():
        for message in form_errors(form):
            messages.error(request, message)
        return redirect(target)
    try:
        action()
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, success)
    return redirect(target)


# Pictures open in the browser; so does a PDF, once it passes the upload check's PDF rules again (a file
# stored before those rules may carry script). Anything else downloads.
PICTURE_TYPES = (JPEG.content_type, PNG.content_type)


def _opens_in_browser(stored, file) -> bool:
    if stored.content_type in PICTURE_TYPES:
        return True
    if stored.content_type != PDF.content_type:
        return False
    try:
        pdf_check(file, name=stored.original_name)
    except ValidationError:
        return False
    return True


def stored_file_response(stored) -> FileResponse:
    """A core.models.StoredFile, opened in the browser or downloaded; the user's own file name, Vietnamese
    letters included, is sent as RFC 6266 filename*. The browser takes the type we send (nosniff), and
    whatever else it renders runs no script with our origin (a sandbox)."""
    file = stored.file.open("rb")
    inline = _opens_in_browser(stored, file)
    response = FileResponse(
        file, as_attachment=not inline, filename=stored.original_name, content_type=stored.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Not on a PDF shown in the browser: it passed pdf_check (no script, no launch, no embedded file), and
    # Firefox's and Safari's viewers refuse to show a sandboxed PDF, which the office must read in place.
    if not (inline and stored.content_type == PDF.content_type):
        response["Content-Security-Policy"] = "sandbox"
    else:
        response._csp_exempt = True  # nor the site's policy (django-csp's csp_exempt, per response)
    return response


def action_response(request, target, run: Callable[..., object], success: str):
    """A workflow action's POST: the version the page showed and the comment, from an ActionForm, handed
    to `run(version=…, comment=…)`; then as `act`."""
    form = ActionForm(request.POST)
    return act(request, target, lambda: run(**form.cleaned_data), success, form=form)


def no_longer_editable(request, obj, name: str):
    """The edit page of `obj` when its save would be refused (sent, decided, deadline passed): its own page,
    with why, instead of a form."""
    messages.info(
        request,
        _("“%(name)s” can no longer be changed (%(state)s); its page shows what can still be done.")
        % {"name": name, "state": obj.state_choice.label},
    )
    return redirect(obj)
