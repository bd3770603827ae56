"""Two reminder runs at the same moment (two cron hosts, a cron run and a task): each reminder goes out
once. The log row is inserted before the message in the message's transaction, and its unique constraint
makes the second insert wait for the first run's commit, then fail. Runs on PostgreSQL (SQLite serialises
writers anyway)."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection

from notifications.models import Notification, Reminder
from notifications.reminders import reminders_send
from tests.awards.test_concurrency import race

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent runs are tested on PostgreSQL (make test with DATABASE_URL)",
)


def test_two_runs_at_once_send_each_reminder_once(transactional_db, plan_2018, with_emails, settings):
    # A slow mail server keeps the first run's transaction open while the second one tries the same rows.
    settings.EMAIL_BACKEND = "tests.notifications.backends.SlowBackend"
    results = [None, None]

    def run(index):
        results[index] = reminders_send(today=dt.date(2018, 1, 8))

    outcomes = race(lambda: run(0), lambda: run(1))

    assert outcomes == [None, None]
    sent = sorted((r.unit.code, r.recipient.username) for result in results for r in result[0])
    assert sent == [("TTRA", "thuky-khac"), ("VP", "thuky")]
    assert sorted(m.to[0] for m in mail.outbox) == ["thuky-khac@stp.example.vn", "thuky@stp.example.vn"]
    assert Reminder.objects.count() == 2
    assert Notification.objects.count() == 2
