"""The real thing: a Celery worker process on Redis and PostgreSQL makes an export, and two web processes
(gunicorn) serve one user's job: asked through one, followed and downloaded through the other. Nothing of a
job is in a process's memory, so any process answers.

Only on PostgreSQL: the processes this test starts must reach the test database, and SQLite's test database
lives in this process's memory. CI runs the suite on both databases."""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from reports.enums import ExportState
from reports.models import ExportJob
from reports.registry import EXPORTERS
from reports.services import export_job_request
from tests.exporting import tasks_sent_to

REDIS = "redis://127.0.0.1:6379/12"  # this suite's own Redis database, emptied after each test
ROOT = Path(settings.BASE_DIR)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: the worker and web processes cannot reach SQLite's in-memory test database",
    ),
]


def _environment() -> dict:
    db = connection.settings_dict
    address = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{address}/{db['NAME']}",
        "CELERY_BROKER_URL": REDIS,
        "THIDUA_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "ALLOWED_HOSTS": "127.0.0.1",
        "EXPORT_HEARTBEAT_SECONDS": "1",
    }


def _start(command: list[str], log: Path, **environment) -> subprocess.Popen:
    with log.open("wb") as out:
        env = {**_environment(), **environment}
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def _stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def broker():
    with tasks_sent_to(REDIS):
        yield
    redis.Redis.from_url(REDIS).flushdb()


@pytest.fixture
def start_worker(tmp_path):
    started = []

    def start(**environment) -> subprocess.Popen:
        command = [sys.executable, "-m", "celery", "-A", "emulation", "worker", "--concurrency", "1"]
        command += [
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"tasks-test-{os.getpid()}@%h",
        ]
        started.append(_start(command, tmp_path / "worker.log", **environment))
        return started[-1]

    yield start
    for process in started:
        _stop(process)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def web(tmp_path):
    """Start a gunicorn process of the project on a free port; returns its port."""
    started = []

    def start() -> int:
        port = _free_port()
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "emulation.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
        ]
        started.append(_start([*command, "--workers", "1"], tmp_path / f"web-{port}.log"))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                return port
            time.sleep(0.2)
        raise AssertionError(f"gunicorn did not start: {(tmp_path / f'web-{port}.log').read_text()[-2000:]}")

    yield start
    for process in started:
        _stop(process)


def _wait_for(job_id: int, *, log: Path, timeout: float = 120) -> ExportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = ExportJob.objects.get(pk=job_id)
        if job.state not in (ExportState.QUEUED, ExportState.RUNNING):
            return job
        time.sleep(0.3)
    raise AssertionError(f"the job did not finish: {log.read_text()[-3000:]}")


def test_a_real_worker_makes_the_export(cast, plan_2018, broker, start_worker, tmp_path):
    job = export_job_request(
        owner=cast["standing_office"],
        exporter=EXPORTERS["registrations"],
        campaign=plan_2018,
        unit=None,
        fmt="xlsx",
        on_date=None,
    )
    start_worker()

    job = _wait_for(job.pk, log=tmp_path / "worker.log")

    assert (job.state, job.attempts, job.error) == (ExportState.DONE, 1, "")
    with job.file.open("rb") as stored:
        assert stored.read(4) == b"PK\x03\x04"
    assert job.heartbeat_at is not None


def test_a_worker_killed_before_the_file_is_stored_leaves_none_and_the_task_runs_again(
    cast, plan_2018, broker, start_worker, tmp_path
):
    hold = Path(settings.MEDIA_ROOT) / "hold"
    hold.touch()
    job = export_job_request(
        owner=cast["standing_office"],
        exporter=EXPORTERS["targets"],
        campaign=plan_2018,
        unit=None,
        fmt="xlsx",
        on_date=None,
    )
    exports = Path(settings.MEDIA_ROOT, "exports")
    stored_before = set(exports.glob("*/*"))
    worker = start_worker(EXPORT_STORAGE_BACKEND="tests.exporting.HeldStorage", EXPORT_STALE_SECONDS="3")
    deadline = time.monotonic() + 120
    while ExportJob.objects.get(pk=job.pk).stage != "saving":
        assert time.monotonic() < deadline, (tmp_path / "worker.log").read_text()[-3000:]
        time.sleep(0.2)

    child = int(
        subprocess.run(["pgrep", "-P", str(worker.pid)], capture_output=True, check=True).stdout.split()[0]
    )
    os.kill(child, signal.SIGKILL)  # the pool process making the file dies, as under the OOM killer
    time.sleep(1)
    killed = ExportJob.objects.get(pk=job.pk)
    stored_when_killed = set(exports.glob("*/*")) - stored_before
    hold.unlink()
    done = _wait_for(job.pk, log=tmp_path / "worker.log")

    assert (killed.state, killed.file.name) == (ExportState.RUNNING, "")
    assert stored_when_killed == set()
    assert (done.state, done.attempts) == (
        ExportState.DONE,
        2,
    )  # redelivered, taken over once its beat stopped
    with done.file.open("rb") as stored:
        assert stored.read(4) == b"PK\x03\x04"


class Browser:
    """One signed-in user's cookies, sent to any of the web processes."""

    def __init__(self, session: str):
        self.cookies = {"sessionid": session}

    def request(self, port: int, method: str, path: str, form: dict | None = None):
        conn = HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";")[0].split("=", 1)
            self.cookies[name] = value
        conn.close()
        return response, content


def test_two_web_processes_and_a_worker_serve_one_export(
    cast, plan_2018, broker, web, start_worker, tmp_path
):
    first, second = web(), web()
    signed_in = Client()
    signed_in.force_login(cast["standing_office"])  # a session row in the database, for every process
    browser = Browser(signed_in.cookies["sessionid"].value)
    _, page = browser.request(first, "GET", reverse("emulation:registration-overview", args=[2018]))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    export_url = reverse("reports:export", args=[2018, "registrations", "pdf"])

    asked_first, _ = browser.request(
        first, "POST", export_url, {"csrfmiddlewaretoken": token, "date": "20/12/2018"}
    )
    asked_again, _ = browser.request(
        second, "POST", export_url, {"csrfmiddlewaretoken": token, "date": "20/12/2018"}
    )
    job_url = asked_first.headers["Location"]
    waiting, _ = browser.request(second, "GET", f"{job_url}status")
    start_worker()
    job = _wait_for(ExportJob.objects.get().pk, log=tmp_path / "worker.log")
    _, status = browser.request(second, "GET", f"{job_url}status")
    _, done_page = browser.request(second, "GET", job_url)
    served, content = browser.request(first, "GET", f"{job_url}file")

    assert (asked_first.status, asked_again.status) == (302, 302)
    assert asked_again.headers["Location"] == job_url  # one job for the same request, from either process
    assert waiting.status == 200
    assert job.state == ExportState.DONE
    assert b'"state": "done"' in status
    assert b'data-testid="export-file"' in done_page
    assert served.status == 200
    assert served.headers["Content-Disposition"] == 'attachment; filename="tong-hop-dang-ky-thi-dua-2018.pdf"'
    assert content[:4] == b"%PDF"
