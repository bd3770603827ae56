import datetime as dt

import pytest
from django.urls import reverse

from notifications.reminders import reminders_send

LIST = reverse("notifications:reminder-list")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("secretary", 403),
        ("other_secretary", 403),
        ("standing_office", 200),
        ("council_member", 403),
        ("initiative_council", 403),
        ("director", 200),
        ("administrator", 200),
    ],
)
def test_the_reminder_log_is_for_the_office_the_director_and_the_admin(client, cast, role, status):
    client.force_login(cast[role])

    assert client.get(LIST).status_code == status


def test_the_log_shows_who_what_when(client, plan_2018, with_emails):
    reminders_send(today=dt.date(2018, 1, 8))
    client.force_login(with_emails["standing_office"])

    response = client.get(LIST)

    rows = [
        (r.unit.code, r.deadline.kind, r.days_before, r.recipient.username) for r in response.context["page"]
    ]
    assert sorted(rows) == [("TTRA", "registration", 7, "thuky-khac"), ("VP", "registration", 7, "thuky")]
    assert "thuky@stp.example.vn" in response.content.decode()
