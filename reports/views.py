from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.documents import document_response
from departments.rules import sees_all_units
from departments.selectors import units_visible_to
from emulation.selectors import campaign_list
from reports.registry import EXPORTERS


@login_required
def report_download(request, year, identifier, fmt):
    """Any report of the registry, for a campaign, in one of its formats; ?unit=CODE for one unit."""
    exporter = EXPORTERS.get(identifier)
    if exporter is None or fmt not in exporter.formats:
        raise Http404
    if not exporter.allowed(request.user):
        raise PermissionDenied(_("You are not allowed to do this."))
    campaign = get_object_or_404(campaign_list(), year=year)
    unit = None
    if exporter.unit_scoped and not sees_all_units(request.user):
        unit = get_object_or_404(units_visible_to(request.user), pk=request.user.unit_id)
    elif request.GET.get("unit"):
        unit = get_object_or_404(units_visible_to(request.user), code=request.GET["unit"])
    document = exporter.build(campaign, unit=unit)
    return document_response(document, fmt, exporter.filename(campaign.year, fmt, unit))
