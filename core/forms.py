"""Form glue shared by every app: a service's refusal shown on its form, the date input."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: field errors on their fields, the rest above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# The empty choice of every drop-down.
EMPTY_CHOICE = _("— Choose —")

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActionForm(forms.Form):
    """Every workflow action's POST: the version the page showed (optimistic lock) and a comment."""

    version = forms.IntegerField(
        min_value=0,
        widget=forms.HiddenInput,
        error_messages={"required": _("This page was out of date. Reload it and try again.")},
    )
    comment = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


def form_errors(form: forms.Form) -> list[str]:
    """A bound form's errors as plain messages, for actions answered with a redirect and a message."""
    return [str(message) for errors in form.errors.values() for message in errors]
