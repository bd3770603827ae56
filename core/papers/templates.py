"""The texts of papers the Department may edit: each kind with its placeholders and its default text,
written from the law. A stored emulation.models.PaperTemplate overrides the default from its date.

An app adds its kinds to TEMPLATE_KINDS (one entry each, next to the others, so that the editing page and
the checks see every kind in one place).
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.papers.placeholders import check_template, fill


@dataclass(frozen=True)
class TemplateKind:
    label: str
    placeholders: dict[str, str]  # name -> what it holds (shown beside the editing form)
    default: str  # the text used while the Department has stored none
    per_title: bool = False  # one text per title (key = the title's code)


TEMPLATE_KINDS: dict[str, TemplateKind] = {}


def check_kind_text(kind: str, text: str) -> None:
    if kind not in TEMPLATE_KINDS:
        raise ValidationError(_("Unknown kind of text: %(kind)s.") % {"kind": kind}, code="template_kind")
    check_template(text, TEMPLATE_KINDS[kind].placeholders)


def template_text(kind: str, on_date: dt.date, key: str = "") -> str:
    """The text of `kind` (for the title `key`) in force on `on_date`: the Department's latest version
    from on or before that date, else the default."""
    from emulation.models import PaperTemplate

    stored = (
        PaperTemplate.objects.filter(kind=kind, key=key, valid_from__lte=on_date)
        .order_by("-valid_from")
        .first()
    )
    return stored.text if stored else TEMPLATE_KINDS[kind].default


def render_template(kind: str, on_date: dt.date, values: dict[str, object], key: str = "") -> str:
    """The text in force, filled. `values` must give every placeholder of the kind."""
    missing = set(TEMPLATE_KINDS[kind].placeholders) - set(values)
    if missing:  # a programming error, not a user's: the kind promises these names
        raise KeyError(f"{kind}: no value for {sorted(missing)}")
    return fill(template_text(kind, on_date, key), values)
