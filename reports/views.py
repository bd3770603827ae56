from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from core.papers.render import CONTENT_TYPES
from departments.rules import sees_all_units
from departments.selectors import units_visible_to
from emulation.selectors import campaign_list
from reports.registry import EXPORTERS, parse_document_date


@login_required
def report_download(request, year, identifier, fmt):
    """Any report of the registry, for a campaign, in one of its formats; ?unit=CODE for one unit,
    ?date=dd/mm/yyyy for the document's date (default today; a bad date is a 400 saying so)."""
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
    try:
        on_date = parse_document_date(request.GET.get("date"))
        built = exporter.build(campaign, unit=unit, on_date=on_date)
    except ValidationError as error:
        # A date the user typed, or one for which no name of the Department is recorded.
        return render(request, "reports/bad_date.html", {"messages_list": error.messages}, status=400)
    response = HttpResponse(exporter.write(built, fmt), content_type=CONTENT_TYPES[fmt])
    name = exporter.filename(campaign.year, fmt, unit)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
