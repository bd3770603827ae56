"""Background exports in-process (no broker: the job runs in the request), through the views: the job, its
progress page, its file; one job for identical requests; another user's job is a 404; a run that dies
before its file is stored offers nothing and can be run again; old files are cleaned."""

import datetime as dt

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import IntegrityError
from django.urls import reverse

from emulation.celery import app as celery_app
from reports.enums import ExportState
from reports.models import ExportJob, export_storage
from reports.registry import EXPORTERS
from reports.services import export_job_request, export_job_run, export_jobs_clean


class WorkerKilled(BaseException):
    """A process dying mid-task: not an Exception, so nothing in the task catches it (as with SIGKILL)."""


class DyingStorage(FileSystemStorage):
    """A storage whose worker is killed while the finished file is being saved (after the render)."""

    def _save(self, name, content):
        raise WorkerKilled


def _ask(client, identifier="targets", fmt="xlsx", data=None):
    return client.post(reverse("reports:export", args=[2018, identifier, fmt]), data or {})


@pytest.fixture
def no_worker():
    """A broker configured but no worker running: jobs stay queued (their sending waits for a commit that
    the test's transaction never makes)."""
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True


def test_an_export_is_made_shown_and_downloaded(client, cast, plan_2018):
    client.force_login(cast["standing_office"])

    asked = _ask(client, data={"date": "20/12/2018"})
    job = ExportJob.objects.get()
    page = client.get(asked["Location"])
    status = client.get(reverse("reports:job-status", args=[job.pk])).json()
    served = client.get(reverse("reports:job-file", args=[job.pk]))
    content = b"".join(served.streaming_content)

    assert asked["Location"] == reverse("reports:job-detail", args=[job.pk])
    assert (job.state, job.owner, job.on_date, job.attempts) == (
        "done",
        cast["standing_office"],
        dt.date(2018, 12, 20),
        1,
    )
    assert 'data-testid="export-file"' in page.content.decode()
    assert status == {
        "state": "done",
        "stage": "",
        "done": job.done,
        "total": job.total,
        "interrupted": False,
    }
    assert served["Content-Disposition"] == 'attachment; filename="chi-tieu-thi-dua-2018.xlsx"'
    assert content[:4] == b"PK\x03\x04"
    assert job.file.name.startswith("exports/")
    assert job.file.name.endswith("/chi-tieu-thi-dua-2018.xlsx")


def test_a_second_identical_request_follows_the_first_job(client, cast, plan_2018, no_worker):
    client.force_login(cast["standing_office"])

    first, second = _ask(client), _ask(client)
    other_format = _ask(client, fmt="pdf")
    page = client.get(first["Location"]).content.decode()

    assert first["Location"] == second["Location"] != other_format["Location"]
    assert ExportJob.objects.filter(exporter="targets", fmt="xlsx").get().state == ExportState.QUEUED
    assert 'data-testid="export-progress"' in page
    assert 'data-testid="export-refresh"' in page  # without JavaScript, a link to look again


def test_the_database_refuses_two_active_jobs_of_the_same_request(cast, plan_2018, no_worker):
    job = export_job_request(
        owner=cast["standing_office"],
        exporter=EXPORTERS["targets"],
        campaign=plan_2018,
        unit=None,
        fmt="xlsx",
        on_date=None,
    )

    with pytest.raises(IntegrityError):
        ExportJob.objects.create(
            owner=job.owner, campaign=plan_2018, exporter="targets", fmt="xlsx", key=job.key
        )


def test_a_finished_job_does_not_stop_a_new_one(client, cast, plan_2018):
    client.force_login(cast["standing_office"])

    first, second = _ask(client), _ask(client)

    assert first["Location"] != second["Location"]
    assert list(ExportJob.objects.values_list("state", flat=True)) == ["done", "done"]


def test_another_users_job_and_file_are_404(client, cast, plan_2018):
    client.force_login(cast["standing_office"])
    job_url = _ask(client)["Location"]
    pk = ExportJob.objects.get().pk
    client.force_login(cast["director"])  # may download the same report, but did not ask for this one

    statuses = [
        client.get(job_url).status_code,
        client.get(reverse("reports:job-status", args=[pk])).status_code,
        client.get(reverse("reports:job-file", args=[pk])).status_code,
        client.post(reverse("reports:job-retry", args=[pk])).status_code,
    ]

    assert statuses == [404, 404, 404, 404]


def test_a_report_the_user_may_not_download_makes_no_job(client, cast, plan_2018):
    client.force_login(cast["secretary"])

    response = _ask(client, identifier="registrations")

    assert response.status_code == 403
    assert not ExportJob.objects.exists()


def test_a_secretarys_job_is_her_units_part(client, cast, plan_2018):
    client.force_login(cast["secretary"])

    _ask(client, identifier="nominations", data={"unit": "TTRA"})  # another unit's code is ignored: hers

    job = ExportJob.objects.get()
    assert (job.unit, job.filename) == (cast["secretary"].unit, "danh-sach-de-nghi-khen-thuong-2018-VP.xlsx")


def test_a_bad_date_makes_no_job(client, cast, plan_2018):
    client.force_login(cast["standing_office"])

    response = _ask(client, data={"date": "31/02/2018"})

    assert response.status_code == 400
    assert "“31/02/2018” không phải là ngày" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_a_worker_killed_before_the_file_is_stored_offers_nothing_and_the_job_runs_again(
    client, cast, plan_2018, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {**settings.STORAGES, "exports": {"BACKEND": f"{__name__}.DyingStorage"}}
    client.force_login(cast["standing_office"])

    with pytest.raises(WorkerKilled):
        _ask(client)
    job = ExportJob.objects.get()
    file_url = reverse("reports:job-file", args=[job.pk])
    running_page = client.get(job.get_absolute_url()).content.decode()
    with time_machine.travel(dt.timedelta(seconds=settings.EXPORT_STALE_SECONDS + 1)):
        interrupted_page = client.get(job.get_absolute_url()).content.decode()
        status = client.get(reverse("reports:job-status", args=[job.pk])).json()
        refused_file = client.get(file_url).status_code
        settings.STORAGES = {
            **settings.STORAGES,
            "exports": {"BACKEND": FileSystemStorage.__module__ + ".FileSystemStorage"},
        }
        retried = client.post(reverse("reports:job-retry", args=[job.pk]))
    job.refresh_from_db()
    served = client.get(file_url)

    assert refused_file == 404
    assert 'data-testid="export-progress"' in running_page
    assert "export-retry" not in running_page
    assert 'data-testid="export-interrupted"' in interrupted_page
    assert "export-retry" in interrupted_page
    assert status["interrupted"] is True
    assert retried["Location"] == job.get_absolute_url()
    assert (job.state, job.attempts) == ("done", 2)
    assert b"".join(served.streaming_content)[:4] == b"PK\x03\x04"
    assert export_storage().listdir("exports")[0] == [job.file.name.split("/")[1]]  # one file, the whole one


def test_a_redelivered_task_leaves_a_finished_job_alone(client, cast, plan_2018):
    client.force_login(cast["standing_office"])
    _ask(client)
    job = ExportJob.objects.get()

    outcome = export_job_run(job_id=job.pk)

    assert outcome == "finished"
    assert ExportJob.objects.get().file.name == job.file.name
    assert export_job_run(job_id=job.pk + 1000) == "missing"


def test_a_running_job_with_a_live_heartbeat_is_another_workers(cast, plan_2018, no_worker):
    job = export_job_request(
        owner=cast["standing_office"],
        exporter=EXPORTERS["targets"],
        campaign=plan_2018,
        unit=None,
        fmt="xlsx",
        on_date=None,
    )
    ExportJob.objects.filter(pk=job.pk).update(
        state=ExportState.RUNNING, heartbeat_at=dt.datetime.now(dt.UTC)
    )

    assert export_job_run(job_id=job.pk) == "busy"
    assert ExportJob.objects.get().attempts == 0


def test_a_failed_build_shows_its_vietnamese_error(client, cast, plan_2018):
    from departments.models import DepartmentPeriod

    DepartmentPeriod.objects.all().delete()  # no name of the Department for today: the paper cannot be dated
    client.force_login(cast["standing_office"])

    page = client.get(_ask(client)["Location"]).content.decode()

    assert ExportJob.objects.get().state == ExportState.FAILED
    assert "Chưa có tên Sở cho ngày" in page
    assert 'data-testid="export-retry"' in page


def test_old_exports_and_stray_files_are_cleaned(client, cast, plan_2018, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(cast["standing_office"])
    with time_machine.travel(dt.datetime(2018, 12, 1, tzinfo=dt.UTC)):
        _ask(client)
    old = ExportJob.objects.get()
    stray = export_storage().save("exports/0123/half.xlsx", ContentFile(b"PK"))
    _ask(client)
    kept = ExportJob.objects.exclude(pk=old.pk).get()

    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=settings.EXPORT_RETENTION_DAYS)
    with time_machine.travel(later - dt.timedelta(days=1)):  # the stray file is not old enough yet
        assert export_jobs_clean() == 1
    assert export_storage().exists(stray)
    with time_machine.travel(later + dt.timedelta(days=1)):
        cleaned = export_jobs_clean()

    assert cleaned == 1
    assert list(ExportJob.objects.all()) == []
    assert not export_storage().exists(old.file.name)
    assert not export_storage().exists(kept.file.name)
    assert not export_storage().exists(stray)


def test_the_beat_schedule_names_registered_tasks():
    celery_app.loader.import_default_modules()

    scheduled = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}

    assert scheduled == {"notifications.tasks.reminders_send_task", "reports.tasks.export_jobs_clean_task"}
    assert scheduled <= set(celery_app.tasks)


def test_the_reminders_task_sends_what_is_due(plan_2018):
    from notifications.tasks import reminders_send_task

    assert reminders_send_task.delay().get() == 0  # nothing due today in the 2018 plan
