"""The bell, the notifications page (each user sees only their own) and marking read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.enums import NotificationKind as K
from notifications.models import Notification

LIST = reverse("notifications:notification-list")


def note(user, subject="Bản đăng ký bị trả lại", **extra):
    return Notification.objects.create(
        recipient=user, kind=K.REGISTRATION_RETURNED, subject=subject, text="Lý do: thiếu", link="/", **extra
    )


def test_the_bell_shows_the_unread_count(client, cast):
    secretary = cast["secretary"]
    note(secretary)
    note(secretary)
    note(secretary, read_at="2018-01-10T09:00+07:00")
    note(cast["other_secretary"])
    client.force_login(secretary)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert response.context["unread_notifications"] == 2
    assert b'data-testid="unread-count">2<' in response.content


def test_the_bell_has_no_badge_without_unread(client, cast):
    client.force_login(cast["director"])

    response = client.get(reverse("home"))

    assert b'data-testid="bell"' in response.content
    assert b'data-testid="unread-count"' not in response.content


def test_the_bell_is_one_count_query(client, cast):
    for index in range(3):
        note(cast["secretary"], subject=f"Thông báo {index}")
    client.force_login(cast["secretary"])

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))

    bell = [q["sql"] for q in queries if "notifications_notification" in q["sql"]]
    assert len(bell) == 1
    assert "COUNT(*)" in bell[0]


def test_the_page_costs_the_same_queries_with_1_or_3_notifications(client, cast):
    client.force_login(cast["secretary"])

    def queries_with(count):
        Notification.objects.all().delete()
        for index in range(count):
            note(cast["secretary"], subject=f"Thông báo {index}")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST)
        assert len(response.context["page"]) == count
        return len(queries)

    assert queries_with(1) == queries_with(3)


@pytest.mark.parametrize(
    "role",
    [
        "secretary",
        "other_secretary",
        "standing_office",
        "council_member",
        "initiative_council",
        "director",
        "administrator",
    ],
)
def test_each_role_sees_its_own_notifications_only(client, cast, role):
    for who, user in cast.items():
        note(user, subject=f"Cho {who}")
    client.force_login(cast[role])

    response = client.get(LIST)

    assert response.status_code == 200
    assert [n.subject for n in response.context["page"]] == [f"Cho {role}"]


def test_anonymous_is_sent_to_log_in(client):
    assert client.get(LIST).status_code == 302


def test_mark_read_marks_one(client, cast):
    first, second = note(cast["secretary"]), note(cast["secretary"])
    client.force_login(cast["secretary"])

    response = client.post(reverse("notifications:notification-read", args=[first.pk]))

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_read, second.is_read) == (True, False)


def test_someone_elses_notification_is_a_404(client, cast):
    theirs = note(cast["other_secretary"])
    client.force_login(cast["secretary"])

    response = client.post(reverse("notifications:notification-read", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_is_post_only(client, cast):
    mine = note(cast["secretary"])
    client.force_login(cast["secretary"])

    assert client.get(reverse("notifications:notification-read", args=[mine.pk])).status_code == 405
    assert client.get(reverse("notifications:notification-read-all")).status_code == 405


def test_mark_all_read_marks_only_mine(client, cast):
    note(cast["secretary"])
    note(cast["secretary"])
    theirs = note(cast["other_secretary"])
    client.force_login(cast["secretary"])

    response = client.post(reverse("notifications:notification-read-all"), follow=True)

    assert list(Notification.objects.filter(recipient=cast["secretary"], read_at__isnull=True)) == []
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "Đã đánh dấu 2 thông báo là đã đọc." in [str(m) for m in response.context["messages"]]
