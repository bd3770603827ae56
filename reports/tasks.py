"""The reports' Celery tasks: an export job's run, and the nightly cleaning of old exports."""

from celery import shared_task
from django.conf import settings

from reports.services import export_job_run, export_jobs_clean


# Acknowledged when it ends and redelivered if its worker dies (acks_late, reject_on_worker_lost): the run is
# idempotent, and a job another worker still beats for is tried again once its heartbeat may have stopped.
@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=10)
def export_run_task(self, job_id: int) -> str:
    outcome = export_job_run(job_id=job_id, heartbeat=not self.request.is_eager)
    if outcome == "busy" and not self.request.is_eager:
        raise self.retry(countdown=settings.EXPORT_STALE_SECONDS)
    return outcome


@shared_task
def export_jobs_clean_task() -> int:
    return export_jobs_clean()
