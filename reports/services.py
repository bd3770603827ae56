"""Background exports: a user asks for a report of the registry, a job row is queued, a Celery task (or the
request itself, without a broker) makes the file, stores it and marks the job done in one step.

Nothing lives in process memory: the state, progress and heartbeat are columns of the job, the file is in
the exports storage (STORAGES["exports"]), so any web process polls and serves what any worker made."""

import datetime as dt
import logging
import threading
import uuid
from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reports.enums import ACTIVE_EXPORT_STATES, ExportStage, ExportState
from reports.models import ExportJob, export_storage
from reports.registry import EXPORTERS, Exporter

logger = logging.getLogger(__name__)

EXPORT_FOLDER = "exports"


def export_content(*, exporter: Exporter, campaign, unit, on_date: dt.date | None, fmt: str, progress=None):
    """The bytes of a report: built, then written. `progress(stage, done, total)` hears of both steps. The one
    way a report is made, for a job and for `export_report` alike. A ValidationError says why it cannot be."""
    report = progress or (lambda stage, done, total: None)
    report(ExportStage.BUILDING, 0, 0)
    built = exporter.build(campaign, unit=unit, on_date=on_date)
    report(ExportStage.WRITING, 0, 0)
    return exporter.write(built, fmt, progress=partial(report, ExportStage.WRITING))


def export_job_request(
    *, owner, exporter: Exporter, campaign, unit, fmt: str, on_date: dt.date | None
) -> ExportJob:
    """The job making this report for `owner`: an identical one still queued or running is reused (a second
    click, a second tab; an interrupted one is queued again), else a new one is queued. The caller has checked
    that `owner` may download it (Exporter.allowed, the unit scope) and that the format and date are good."""
    key = "|".join(
        [exporter.identifier, str(campaign.pk), str(unit.pk if unit else ""), fmt, str(on_date or "")]
    )
    active = ExportJob.objects.filter(owner=owner, key=key, state__in=ACTIVE_EXPORT_STATES)
    existing = active.first()
    if existing is not None:
        return export_job_retry(job=existing) if export_job_interrupted(existing) else existing
    try:
        with transaction.atomic():
            job = ExportJob.objects.create(
                owner=owner,
                exporter=exporter.identifier,
                campaign=campaign,
                unit=unit,
                fmt=fmt,
                on_date=on_date,
                key=key,
                filename=exporter.filename(campaign.year, fmt, unit),
            )
    except IntegrityError:  # the same request, at the same moment, from another process: one job
        return active.get()
    _enqueue(job.pk)
    return job


def export_job_interrupted(job: ExportJob) -> bool:
    """A running job whose worker has not beaten for EXPORT_STALE_SECONDS: it died (killed, out of memory)."""
    if job.state != ExportState.RUNNING:
        return False
    stale = timezone.now() - dt.timedelta(seconds=settings.EXPORT_STALE_SECONDS)
    return job.heartbeat_at is None or job.heartbeat_at < stale


def export_job_retry(*, job: ExportJob) -> ExportJob:
    """Queue a failed or interrupted job again (nothing happens to one still alive or done). Returns the job
    to follow: this one, or an identical one the same user has queued meanwhile."""
    stale = timezone.now() - dt.timedelta(seconds=settings.EXPORT_STALE_SECONDS)
    retryable = Q(state=ExportState.FAILED) | Q(state=ExportState.RUNNING, heartbeat_at__lt=stale)
    try:
        with transaction.atomic():
            requeued = ExportJob.objects.filter(retryable, pk=job.pk).update(
                state=ExportState.QUEUED, stage="", done=0, total=0, error="", finished_at=None
            )
    except IntegrityError:  # another identical job is already queued or running: follow that one
        return ExportJob.objects.get(owner=job.owner_id, key=job.key, state__in=ACTIVE_EXPORT_STATES)
    if requeued:
        _enqueue(job.pk)
    job.refresh_from_db()
    return job


def _enqueue(job_id: int) -> None:
    from reports.tasks import export_run_task  # the task module imports this one

    if export_run_task.app.conf.task_always_eager:
        # No broker: the job runs here and now, in this request (the demo, the tests).
        export_run_task.delay(job_id)
    else:
        # A worker must find the job's row: the task is sent once it is committed.
        transaction.on_commit(partial(export_run_task.delay, job_id))


def export_job_run(*, job_id: int, heartbeat: bool = False) -> str:
    """Make a queued job's file (the task's body). Idempotent: a job already done or failed is left as it is,
    one running with a live heartbeat is another worker's ("busy": try later), one whose heartbeat stopped is
    taken over (its worker died). The file is written to storage only once complete, and the job is marked
    done with it in one conditional update: a run that dies earlier leaves no file offered, and a run that
    was overtaken throws its file away. `heartbeat` starts a thread that beats while it runs (a worker).
    Returns "done", "failed", "finished" (nothing to do), "busy" or "missing"."""
    now = timezone.now()
    stale = now - dt.timedelta(seconds=settings.EXPORT_STALE_SECONDS)
    claimed = (
        ExportJob.objects.filter(pk=job_id)
        .filter(Q(state=ExportState.QUEUED) | Q(state=ExportState.RUNNING, heartbeat_at__lt=stale))
        .update(
            state=ExportState.RUNNING,
            stage=ExportStage.BUILDING,
            done=0,
            total=0,
            attempts=F("attempts") + 1,
            started_at=now,
            heartbeat_at=now,
        )
    )
    job = ExportJob.objects.filter(pk=job_id).select_related("campaign", "unit").first()
    if job is None:
        return "missing"
    if not claimed:
        return "busy" if job.state in ACTIVE_EXPORT_STATES else "finished"
    mine = ExportJob.objects.filter(pk=job_id, state=ExportState.RUNNING, attempts=job.attempts)
    with translation.override(settings.LANGUAGE_CODE), _beating(mine, enabled=heartbeat):
        try:
            content = export_content(
                exporter=EXPORTERS[job.exporter],
                campaign=job.campaign,
                unit=job.unit,
                on_date=job.on_date,
                fmt=job.fmt,
                progress=_progress_recorder(mine),
            )
            mine.update(stage=ExportStage.SAVING, heartbeat_at=timezone.now())
            name = export_storage().save(
                f"{EXPORT_FOLDER}/{uuid.uuid4().hex}/{job.filename}", ContentFile(content)
            )
        except ValidationError as error:  # a date with no name of the Department, a paper that cannot be
            mine.update(state=ExportState.FAILED, error=" ".join(error.messages), finished_at=timezone.now())
            return "failed"
        except Exception:
            logger.exception("export %s (%s.%s) failed", job_id, job.exporter, job.fmt)
            message = _(
                "An unexpected error stopped the report. Try again; if it fails again, tell the administrator"
            )
            mine.update(state=ExportState.FAILED, error=message, finished_at=timezone.now())
            return "failed"
        finished = mine.update(
            state=ExportState.DONE, stage="", done=F("total"), file=name, finished_at=timezone.now()
        )
    if not finished:  # overtaken (taken over as interrupted while this run was slow): its file is not ours
        export_storage().delete(name)
        return "finished"
    return "done"


def _progress_recorder(mine):
    """progress(stage, done, total) writing to the job's row at most once a second (and at each stage)."""
    last = {"at": 0.0, "stage": None}

    def progress(stage, done, total):
        moment = timezone.now().timestamp()
        if stage == last["stage"] and moment - last["at"] < 1 and done < total:
            return
        last.update(at=moment, stage=stage)
        mine.update(stage=stage, done=done, total=total, heartbeat_at=timezone.now())

    return progress


@contextmanager
def _beating(mine, *, enabled: bool):
    """While the body runs, beat every EXPORT_HEARTBEAT_SECONDS from a thread (a long step, a PDF's layout,
    reports no progress). The beat stops with the process: that is how a dead worker shows."""
    if not enabled:
        yield
        return
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(settings.EXPORT_HEARTBEAT_SECONDS):
                mine.update(heartbeat_at=timezone.now())
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name="export-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def export_jobs_clean(*, now: dt.datetime | None = None) -> int:
    """Delete the jobs older than EXPORT_RETENTION_DAYS with their files, and any file in the exports folder
    that no job holds (a worker that died between saving and marking done) once as old. Returns how many
    jobs were deleted. Run nightly (CELERY_BEAT_SCHEDULE) or with `clean_exports`."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.EXPORT_RETENTION_DAYS)
    storage = export_storage()
    old = ExportJob.objects.filter(created_at__lt=cutoff)
    deleted = 0
    for job in old.iterator():
        if job.file:
            storage.delete(job.file.name)
        job.delete()
        deleted += 1
    if storage.exists(EXPORT_FOLDER):
        held = set(ExportJob.objects.exclude(file="").values_list("file", flat=True))
        folders, _files = storage.listdir(EXPORT_FOLDER)
        for folder in folders:
            for name in storage.listdir(f"{EXPORT_FOLDER}/{folder}")[1]:
                path = f"{EXPORT_FOLDER}/{folder}/{name}"
                if path not in held and storage.get_modified_time(path) < cutoff:
                    storage.delete(path)
    return deleted
