"""The ballot's and the paper tally's rows, written in Python: a province's council votes on 4,000 and more
nominees at once, one row each, which the template language renders ten times slower."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


def _rows(nominees, cell: str, choices) -> SafeString:
    """One row per nominee (its name as the row's header, its title's short name, then `cell` once per
    choice), and a header row before each unit's first nominee."""
    rows = []
    unit = None
    for nominee in nominees:
        if nominee.dossier_id != unit:
            unit = nominee.dossier_id
            rows.append(format_html('<tr><th colspan="5">{}</th></tr>', nominee.dossier.unit.name))
        cells = format_html_join("", cell, ((value, nominee.pk, label) for value, label in choices))
        rows.append(
            format_html(
                '<tr><th scope="row">{}</th><td>{}</td>{}</tr>\n',
                nominee.name,
                nominee.title.short_name,
                cells,
            )
        )
    return SafeString("".join(rows))


@register.simple_tag
def ballot_rows(nominees, choices) -> SafeString:
    """A radio per choice, required: the ballot is cast whole."""
    return _rows(
        nominees,
        '<td><input type="radio" name="nominee_{1}" value="{0}" required aria-label="{2}"></td>',
        choices,
    )


@register.simple_tag
def tally_rows(nominees, choices) -> SafeString:
    """A count per choice, none negative (awards.forms.PaperTallyForm reads `<choice>_<nominee pk>`)."""
    return _rows(
        nominees,
        '<td><input type="number" min="0" name="{0}_{1}" required aria-label="{2}"></td>',
        choices,
    )
