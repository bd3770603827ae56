from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.papers.render import CONTENT_TYPES
from departments.rules import sees_all_units
from departments.selectors import department_on, units_visible_to
from emulation.selectors import campaign_list
from reports.enums import ACTIVE_EXPORT_STATES, ExportState
from reports.registry import EXPORTERS, parse_document_date
from reports.selectors import export_jobs_of
from reports.services import export_job_interrupted, export_job_request, export_job_retry


@login_required
@require_POST
def report_export(request, year, identifier, fmt):
    """Ask for any report of the registry, for a campaign, in one of its formats (unit=CODE for one unit,
    date=dd/mm/yyyy for the document's date, default today; a bad date is a 400 saying so): a background job
    makes it, and its page shows the progress and then the file."""
    exporter = EXPORTERS.get(identifier)
    if exporter is None or fmt not in exporter.formats:
        raise Http404
    if not exporter.allowed(request.user):
        raise PermissionDenied(_("You are not allowed to do this."))
    campaign = get_object_or_404(campaign_list(), year=year)
    unit = None
    if exporter.unit_scoped and not sees_all_units(request.user):
        unit = get_object_or_404(units_visible_to(request.user), pk=request.user.unit_id)
    elif request.POST.get("unit"):
        unit = get_object_or_404(units_visible_to(request.user), code=request.POST["unit"])
    try:
        on_date = parse_document_date(request.POST.get("date"))
        if on_date:
            department_on(on_date)  # the paper's heading needs the Department's name of that day
    except ValidationError as error:
        return render(request, "reports/bad_date.html", {"messages_list": error.messages}, status=400)
    job = export_job_request(
        owner=request.user, exporter=exporter, campaign=campaign, unit=unit, fmt=fmt, on_date=on_date
    )
    return redirect(job)


@login_required
def job_detail(request, pk):
    """An export's page: its progress while it runs (static/js/export-progress.js polls job_status; without
    JavaScript, a refresh link), then the file, or the error and a retry."""
    job = get_object_or_404(export_jobs_of(request.user), pk=pk)
    context = {
        "job": job,
        "title": EXPORTERS[job.exporter].title,
        "active": job.state in ACTIVE_EXPORT_STATES,
        "interrupted": export_job_interrupted(job),
    }
    return render(request, "reports/exportjob_detail.html", context)


@login_required
def job_status(request, pk):
    """An export's state as JSON, for the progress page's polling."""
    job = get_object_or_404(export_jobs_of(request.user), pk=pk)
    return JsonResponse(
        {
            "state": job.state,
            "stage": job.get_stage_display() if job.stage else "",
            "done": job.done,
            "total": job.total,
            "interrupted": export_job_interrupted(job),
        }
    )


@login_required
def job_file(request, pk):
    """The finished export's file: the owner's only (anyone else's is a 404), and only while she may still
    download that report."""
    job = get_object_or_404(export_jobs_of(request.user), pk=pk, state=ExportState.DONE)
    if not EXPORTERS[job.exporter].allowed(request.user):
        raise PermissionDenied(_("You are not allowed to do this."))
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=CONTENT_TYPES[job.fmt]
    )


@login_required
@require_POST
def job_retry(request, pk):
    """Run a failed or interrupted export again."""
    job = get_object_or_404(export_jobs_of(request.user), pk=pk)
    if job.state != ExportState.FAILED and not export_job_interrupted(job):
        messages.info(request, _("This export is not stopped: there is nothing to retry."))
        return redirect(job)
    job = export_job_retry(job=job)
    messages.success(request, _("The export has been started again."))
    return redirect(job)
