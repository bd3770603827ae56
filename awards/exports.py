"""The targets report: each target of the plan, its value, the registered and the achieved figures."""

from django.utils import timezone
from django.utils.translation import gettext as _

from awards.selectors import achieved_totals
from departments.models import Unit
from emulation.documents import Column, Document
from emulation.models import Campaign
from emulation.selectors import registration_overview, target_figures


def _figure(item) -> str:
    if item.figure is None:
        return "—"
    text = f"{item.figure.normalize():f}".replace(".", ",")
    return f"{text}%" if item.target.is_percentage else text


def _status(item) -> str:
    return "" if item.met is None else (_("met") if item.met else _("not met"))


def targets_document(campaign: Campaign, *, unit: Unit | None = None) -> Document:
    units = Unit.objects.filter(pk=unit.pk) if unit else Unit.objects.all()
    _rows, registered = registration_overview(campaign, units)
    _achieved_rows, achieved = achieved_totals(campaign, units)
    rows = []
    for number, (reg, ach) in enumerate(
        zip(target_figures(campaign, registered), target_figures(campaign, achieved), strict=True), start=1
    ):
        value = f"{reg.target.get_comparison_display()} {reg.target.value.normalize():f}".replace(".", ",")
        rows.append(
            [
                number,
                reg.target.text,
                value + ("%" if reg.target.is_percentage else ""),
                _figure(reg),
                _figure(ach),
                _status(ach),
            ]
        )
    return Document(
        campaign=campaign,
        title=_("RESULTS AGAINST THE EMULATION TARGETS OF %(year)s") % {"year": campaign.year},
        subtitle=unit.name if unit else _("All units of the Department"),
        number=f"Số:      /BC-{campaign.department_abbreviation}",
        columns=[
            Column(_("No."), 5, numeric=True),
            Column(_("Target"), 50),
            Column(_("Target value"), 12),
            Column(_("Registered"), 12),
            Column(_("Achieved"), 12),
            Column(_("Assessment"), 14),
        ],
        rows=rows,
        date=timezone.localdate(),
        recipients=[_("Department of Home Affairs (Emulation Board)"), _("Archive: Office")],
    )
