"""Asking for a report of the registry as the pages do: POST, follow the job, fetch its file. Without a
broker (the tests' settings) the job runs in the request, so the file is ready at once."""

import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import HttpResponse
from django.urls import reverse
from kombu import pools

from emulation.celery import app as celery_app


def export_report(client, year: int, identifier: str, fmt: str, data: dict | None = None) -> HttpResponse:
    """The report's file as a plain response (status, headers, content); or the refusal (403, 404, 400)."""
    response = client.post(reverse("reports:export", args=[year, identifier, fmt]), data or {})
    if response.status_code != 302:
        return response
    served = client.get(f"{response['Location']}file")
    if not served.streaming:
        return served
    return HttpResponse(b"".join(served.streaming_content), status=served.status_code, headers=served.headers)


@contextmanager
def tasks_sent_to(broker_url: str):
    """This process sends its tasks to `broker_url` (as gunicorn does with CELERY_BROKER_URL) instead of
    running them; then back to running them in-process, its connections to that broker dropped."""
    _forget_connections()  # a producer an earlier eager call pooled would publish to the default broker
    celery_app.conf.update(task_always_eager=False, broker_url=broker_url)
    try:
        yield
    finally:
        _forget_connections()
        celery_app.conf.update(task_always_eager=True, broker_url=None)


def _forget_connections():
    pools.reset()  # kombu's connection and producer pools of this process, closed and forgotten
    celery_app._after_fork()  # Celery's own reset of the app's pools (as in a forked child)


class HeldStorage(FileSystemStorage):
    """The exports storage of a worker a test kills: a save waits while MEDIA_ROOT/hold exists, so the test
    can kill the worker after the render and before the file is stored (tests/reports/test_worker.py)."""

    def _save(self, name, content):
        hold = Path(settings.MEDIA_ROOT) / "hold"
        while hold.exists():
            time.sleep(0.1)
        return super()._save(name, content)
