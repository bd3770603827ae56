"""View glue shared by every app: an action answered with a redirect and a Vietnamese message."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect

from core.forms import ActionForm, form_errors


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


INLINE_TYPES = ("application/pdf", "image/jpeg", "image/png")


def stored_file_response(stored) -> FileResponse:
    """A core.models.StoredFile: PDFs and pictures open in the browser, the rest download; the user's own
    file name, Vietnamese letters included, is sent as RFC 6266 filename*."""
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=stored.content_type not in INLINE_TYPES,
        filename=stored.original_name,
        content_type=stored.content_type,
    )


def action_response(request, target, run: Callable[..., object], success: str):
    """A workflow action's POST: the version the page showed and the comment, from an ActionForm, handed
    to `run(version=…, comment=…)`; then as `act`."""
    form = ActionForm(request.POST)
    return act(request, target, lambda: run(**form.cleaned_data), success, form=form)
