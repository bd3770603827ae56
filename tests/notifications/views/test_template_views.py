"""The standing office edits the wording of the messages; an unknown placeholder is refused."""

import pytest
from django.urls import reverse

from notifications.enums import NotificationKind as K
from notifications.messages import MESSAGE_KINDS, render_message
from notifications.models import MessageTemplate

LIST = reverse("notifications:template-list")
EDIT = reverse("notifications:template-edit", args=[K.REGISTRATION_ACCEPTED])
VALUES = {"nam": 2018, "don_vi": "Văn phòng Sở", "lien_ket": "http://x/"}


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("secretary", 403),
        ("other_secretary", 403),
        ("standing_office", 200),
        ("council_member", 403),
        ("initiative_council", 403),
        ("director", 403),
        ("administrator", 403),
    ],
)
def test_only_the_standing_office_edits_the_wording(client, cast, role, status):
    client.force_login(cast[role])

    assert (client.get(LIST).status_code, client.get(EDIT).status_code) == (status, status)


def test_the_office_saves_a_wording_that_the_next_message_uses(client, cast):
    client.force_login(cast["standing_office"])

    response = client.post(
        EDIT, {"subject": "Đã nhận bản đăng ký năm {nam}", "body": "Kính gửi {don_vi}: đã nhận. {lien_ket}"}
    )

    assert response.status_code == 302
    stored = MessageTemplate.objects.get(kind=K.REGISTRATION_ACCEPTED)
    assert (stored.subject, stored.updated_by) == ("Đã nhận bản đăng ký năm {nam}", cast["standing_office"])
    assert render_message(K.REGISTRATION_ACCEPTED, VALUES) == (
        "Đã nhận bản đăng ký năm 2018",
        "Kính gửi Văn phòng Sở: đã nhận. http://x/",
    )


def test_an_unknown_placeholder_is_refused_and_nothing_saved(client, cast):
    client.force_login(cast["standing_office"])

    response = client.post(EDIT, {"subject": "Năm {nam}", "body": "Gửi {don_vi}: {mat_khau} {lien_ket}"})

    assert response.status_code == 200
    assert response.context["form"].errors["body"] == [
        "Không có chỗ điền {mat_khau}. Các chỗ điền được dùng: {don_vi}, {lien_ket}, {nam}."
    ]
    assert not MessageTemplate.objects.exists()


def test_a_placeholder_with_a_format_spec_is_refused(client, cast):
    client.force_login(cast["standing_office"])

    response = client.post(EDIT, {"subject": "{nam.__class__}", "body": "{don_vi}"})

    assert response.status_code == 200
    assert "subject" in response.context["form"].errors
    assert not MessageTemplate.objects.exists()


def test_an_unknown_kind_is_a_404(client, cast):
    client.force_login(cast["standing_office"])

    assert client.get(reverse("notifications:template-edit", args=["nope"])).status_code == 404


def test_reset_goes_back_to_the_default(client, cast):
    MessageTemplate.objects.create(
        kind=K.REGISTRATION_ACCEPTED,
        subject="Khác {nam}",
        body="{don_vi}",
        updated_by=cast["standing_office"],
    )
    client.force_login(cast["standing_office"])

    response = client.post(reverse("notifications:template-reset", args=[K.REGISTRATION_ACCEPTED]))

    assert response.status_code == 302
    assert not MessageTemplate.objects.exists()
    assert render_message(K.REGISTRATION_ACCEPTED, VALUES)[0] == (
        "Bản đăng ký thi đua năm 2018 của Văn phòng Sở đã được tiếp nhận"
    )


def test_a_secretary_cannot_reset(client, cast):
    MessageTemplate.objects.create(
        kind=K.REGISTRATION_ACCEPTED,
        subject="Khác {nam}",
        body="{don_vi}",
        updated_by=cast["standing_office"],
    )
    client.force_login(cast["secretary"])

    response = client.post(reverse("notifications:template-reset", args=[K.REGISTRATION_ACCEPTED]))

    assert response.status_code == 403
    assert MessageTemplate.objects.count() == 1


def test_a_user_typed_value_stays_text(cast):
    """A unit named like markup or a formula is put in the message as it is, never interpreted."""
    subject, body = render_message(
        K.REGISTRATION_ACCEPTED, {**VALUES, "don_vi": '=HYPERLINK("http://x","y") <img src=x> {nam}'}
    )

    assert (
        subject
        == 'Bản đăng ký thi đua năm 2018 của =HYPERLINK("http://x","y") <img src=x> {nam} đã được tiếp nhận'
    )
    assert "{nam}" in body


def test_every_default_uses_only_its_own_placeholders():
    from notifications.messages import check_message

    for kind, message in MESSAGE_KINDS.items():
        check_message(kind, subject=message.subject, body=message.body)
    assert set(MESSAGE_KINDS) == set(K.values)


def test_the_stored_markup_is_escaped_on_the_page(client, cast):
    from notifications.models import Notification

    Notification.objects.create(
        recipient=cast["secretary"],
        kind=K.REGISTRATION_ACCEPTED,
        subject="<b>x</b>",
        text="<script>1</script>",
    )
    client.force_login(cast["secretary"])

    content = client.get(reverse("notifications:notification-list")).content.decode()

    assert "&lt;script&gt;1&lt;/script&gt;" in content
    assert "<script>1</script>" not in content
