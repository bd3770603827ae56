"""The list of recognised initiatives with their authors and shares, as a document."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from core.documents import Column, Document
from core.formats import vn_date
from departments.models import Unit
from departments.selectors import department_on
from emulation.models import Campaign
from initiatives.enums import InitiativeState
from initiatives.models import Initiative


def initiatives_document(
    campaign: Campaign, *, unit: Unit | None = None, on_date: dt.date | None = None
) -> Document:
    """The campaign's recognised initiatives (of one unit when `unit` is given), dated `on_date` (default
    today)."""
    initiatives = (
        Initiative.objects.filter(campaign=campaign, state=InitiativeState.RECOGNISED)
        .select_related("unit")
        .prefetch_related("authors__staff")
        .order_by("decision_date", "decision_number", "title")
    )
    if unit:
        initiatives = initiatives.filter(unit=unit)
    rows = [
        [
            number,
            initiative.title,
            initiative.field,
            "; ".join(
                f"{author.name} ({author.share.normalize():f}%)" for author in initiative.authors.all()
            ),
            initiative.unit.name,
            initiative.decision_number,
            vn_date(initiative.decision_date),
            initiative.get_scope_display()
            + (
                f" ({initiative.provincial_decision_number})" if initiative.provincial_decision_number else ""
            ),
        ]
        for number, initiative in enumerate(initiatives, start=1)
    ]
    day = on_date or timezone.localdate()
    issuer = department_on(day)
    return Document(
        issuer=issuer,
        title=_("LIST OF RECOGNISED INITIATIVES %(year)s") % {"year": campaign.year},
        subtitle=unit.name if unit else _("All units of the Department"),
        number=f"Số:      /DS-{issuer.abbreviation}",
        columns=[
            Column(_("No."), 5, numeric=True),
            Column(_("Name of the initiative"), 34),
            Column(_("Field"), 16),
            Column(_("Authors (share of contribution)"), 30),
            Column(_("Unit"), 22),
            Column(_("Decision number"), 14),
            Column(_("Decision date"), 12),
            Column(_("Scope"), 16),
        ],
        rows=rows,
        date=day,
        recipients=[_("Archive: Office")],
    )
