"""The one optimistic-locking pattern: an edit form carries the version it was read at; the service locks
the row, compares, and refuses a stale edit so that nobody's changes are silently overwritten."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def stale_error() -> ValidationError:
    return ValidationError(
        _(
            "Someone else saved this while you were editing it. Your changes were not saved: "
            "reload the page, check their changes and enter yours again."
        ),
        code="stale",
    )


def check_version(locked, version: int | None) -> None:
    """`locked` was read with select_for_update; `version` is what the user's form was read at."""
    if version is None or version != locked.version:
        raise stale_error()


class VersionField(forms.IntegerField):
    """The hidden version every edit and action form carries."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)
