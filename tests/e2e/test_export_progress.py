"""A background export in the browser: ask for a report, watch its progress page follow the job (the worker
is played by the test), then download the file the page offers."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reports.enums import ExportStage, ExportState
from reports.models import ExportJob
from reports.services import export_job_run
from tests.exporting import tasks_sent_to


@pytest.fixture
def queued_only():
    """A broker that keeps the tasks in this process's memory and no worker: the job waits for the test."""
    with tasks_sent_to("memory://"):
        yield


def test_the_progress_page_follows_the_job_and_offers_the_file(
    transactional_db, plan_2018, cast, login, live_server, queued_only
):
    page = login("thuongtruc")
    page.goto(f"{live_server.url}/campaigns/2018/registrations/")

    page.get_by_role("button", name="Tải Excel").click()
    expect(page.get_by_test_id("export-job")).to_contain_text("Đang chờ")
    job = ExportJob.objects.get()
    # The worker is half-way: the page shows it without being reloaded (static/js/export-progress.js).
    ExportJob.objects.filter(pk=job.pk).update(
        state=ExportState.RUNNING, stage=ExportStage.WRITING, done=3, total=10, heartbeat_at=timezone.now()
    )
    expect(page.get_by_test_id("export-progress")).to_have_attribute("value", "3")
    expect(page.get_by_test_id("export-job")).to_contain_text("Đang ghi tệp (3/10)")
    # The worker starts over (as after a redelivery) and finishes: the page turns into the download.
    ExportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(hours=1))
    assert export_job_run(job_id=job.pk) == "done"
    with page.expect_download() as download:
        page.get_by_test_id("export-file").click()

    assert download.value.suggested_filename == "tong-hop-dang-ky-thi-dua-2018.xlsx"
    assert Path(download.value.path()).read_bytes()[:4] == b"PK\x03\x04"
