"""Texts the Department edits (the body of a decision, a certificate's wording), with {placeholders}.

A template names its placeholders in braces: "tặng danh hiệu {danh_hieu} cho {so_ca_nhan} cá nhân". The
placeholders a paper offers are fixed by the code that fills it; a template naming any other is refused
when it is saved and when it is used, with a Vietnamese message, never silently printed as written.
"""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def placeholders_in(text: str) -> set[str]:
    """The names in braces in `text`. A brace left open or a format spec ("{x:>3}") is an error."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:
        raise ValidationError(
            _("The template has an unclosed brace: %(error)s") % {"error": error}, code="template_syntax"
        ) from error
    names = set()
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValidationError(
                _("The placeholder {%(name)s} is not valid: write a name in braces, such as {nam}.")
                % {"name": name},
                code="template_placeholder",
            )
        names.add(name)
    return names


def check_template(text: str, allowed: set[str] | dict) -> None:
    """Refuse a template that names a placeholder not in `allowed` (a set of names or a dict of them)."""
    unknown = sorted(placeholders_in(text) - set(allowed))
    if unknown:
        raise ValidationError(
            _("Unknown placeholder(s) %(names)s. Available: %(allowed)s.")
            % {
                "names": ", ".join(f"{{{name}}}" for name in unknown),
                "allowed": ", ".join(f"{{{name}}}" for name in sorted(allowed)),
            },
            code="template_unknown_placeholder",
        )


def fill(text: str, values: dict[str, object]) -> str:
    """The template with its placeholders replaced by `values` (as text, never evaluated)."""
    check_template(text, values)
    return text.format_map({name: str(value) for name, value in values.items()})
