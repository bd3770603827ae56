"""Form glue shared by every app: a service's refusal shown on its form, the date input."""

from dataclasses import dataclass

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


@dataclass(frozen=True)
class Cell:
    """One control of a big sheet's row (a person's title, grade, months), drawn by `core/_cell.html`
    rather than by its widget: Django renders each widget through templates of its own, about a
    millisecond each, and a page of a unit's sheet has hundreds of them (most of its time). The form field
    still validates the value; only the drawing is the sheet's."""

    name: str
    id: str
    value: str
    attrs: dict  # the widget's attributes (class, aria-label, min, max, required, disabled…)
    choices: list | None  # a drop-down's (value, label); None: an input of `input_type`
    input_type: str
    errors: list


def cell(bound: forms.BoundField) -> Cell:
    widget = bound.field.widget
    value = bound.value()
    is_select = isinstance(widget, forms.Select)
    return Cell(
        name=bound.html_name,
        id=bound.auto_id,
        value="" if value is None else str(getattr(value, "pk", value)),
        attrs=bound.build_widget_attrs(dict(widget.attrs)),
        choices=[(str(key), label) for key, label in bound.field.choices] if is_select else None,
        input_type="" if is_select else widget.input_type,
        errors=bound.errors,
    )
