"""Log-in throttle, unlocking by the standing office, password change and reset, idle sessions."""

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.factories import UserFactory

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
T0 = dt.datetime(2018, 11, 5, 9, 0, tzinfo=HCM)
OFFICE_IP = "10.0.0.7"
OTHER_IP = "10.9.9.9"


def _login(client, username, password, ip=OFFICE_IP):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail(client, username, times=1, ip=OFFICE_IP):
    for _ in range(times):
        response = _login(client, username, "sai-mat-khau", ip=ip)
        assert response.status_code in (200, 429)
    return response


def _logged_in(client) -> bool:
    return SESSION_KEY in client.session


# --- The throttle -----------------------------------------------------------------------------------------


def test_throttle_a_user_is_locked_after_five_failures_from_anywhere(client, cast):
    _fail(client, "thuky", 4, ip=OFFICE_IP)
    response = _fail(client, "thuky", 1, ip=OTHER_IP)

    assert response.status_code == 429
    assert _login(client, "thuky", "pw", ip="10.1.1.1").status_code == 429
    assert not _logged_in(client)


def test_throttle_spraying_usernames_from_one_address_is_stopped(client, cast):
    for n in range(20):
        _fail(client, f"nguoi-dung-{n}")

    refused = _login(client, "thuongtruc", "pw", ip=OFFICE_IP)

    assert refused.status_code == 429
    assert not _logged_in(client)
    # The throttle is on the address: the same user from elsewhere logs in.
    assert _login(client, "thuongtruc", "pw", ip=OTHER_IP).status_code == 302


def test_throttle_a_locked_user_does_not_lock_others_on_the_same_address(client, cast):
    _fail(client, "thuky", 5)

    assert _login(client, "thuky", "pw").status_code == 429
    assert _login(client, "thuongtruc", "pw").status_code == 302
    assert _logged_in(client)


def test_throttle_the_lock_doubles_with_each_further_failure(client, cast):
    with time_machine.travel(T0, tick=False) as traveller:
        _fail(client, "thuky", 5)
        traveller.shift(dt.timedelta(seconds=59))
        locked_1 = _login(client, "thuky", "pw").status_code
        traveller.shift(
            dt.timedelta(seconds=2)
        )  # one minute after the fifth failure: open, and a 6th failure
        sixth = _fail(client, "thuky").status_code
        traveller.shift(dt.timedelta(seconds=119))
        locked_2 = _login(client, "thuky", "pw").status_code
        traveller.shift(dt.timedelta(seconds=2))
        opened = _login(client, "thuky", "pw").status_code

    assert (locked_1, sixth, locked_2, opened) == (429, 429, 429, 302)


def test_throttle_delays_are_capped():
    from departments.throttle import lock_delay

    assert [lock_delay(n).total_seconds() / 60 for n in (0, 1, 2, 5, 6, 7, 500)] == [1, 2, 4, 32, 60, 60, 60]


def test_throttle_lock_page_says_until_when(client, cast):
    with time_machine.travel(T0, tick=False):
        response = _fail(client, "thuky", 5)

    assert response.status_code == 429
    assert "09:01 05/11/2018" in response.content.decode()


def test_throttle_successful_log_in_clears_own_failures(client, cast):
    _fail(client, "thuky", 4)
    assert _login(client, "thuky", "pw").status_code == 302
    client.logout()

    assert _fail(client, "thuky", 4).status_code == 200
    assert _login(client, "thuky", "pw").status_code == 302


def test_throttle_a_200_kb_username_is_refused_cleanly(client, db):
    huge = "a" * 200_000

    response = _login(client, huge, "pw")

    assert response.status_code == 200
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["a" * 150]


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_throttle_behind_a_proxy_counts_the_visitor_address(client, cast):
    # Every request reaches the server from the proxy (127.0.0.1); the visitor is the address it appended.
    for n in range(20):
        client.post(
            reverse("login"),
            {"username": f"nguoi-dung-{n}", "password": "x"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5",
        )

    office = client.post(
        reverse("login"),
        {"username": "thuongtruc", "password": "pw"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )

    assert office.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}


# --- Unlocking ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["standing_office", "administrator"])
def test_unlock_by_the_office_lets_the_user_log_in(client, cast, role):
    _fail(client, "thuky", 5)
    office = cast[role]
    client.force_login(office)

    page = client.get(reverse("accounts:lock-list"))
    response = client.post(reverse("accounts:lock-release"), {"username": "thuky"})

    assert page.status_code == 200
    assert "thuky" in page.content.decode()
    assert response.status_code == 302
    assert response.url == reverse("accounts:lock-list")
    assert AccessAttempt.objects.filter(username="thuky").count() == 0
    client.logout()
    assert _login(client, "thuky", "pw").status_code == 302


def test_unlock_an_address(client, cast):
    for n in range(20):
        _fail(client, f"nguoi-dung-{n}")
    client.force_login(cast["standing_office"])

    page = client.get(reverse("accounts:lock-list"))
    client.post(reverse("accounts:lock-release"), {"ip_address": OFFICE_IP})

    assert OFFICE_IP in page.content.decode()
    assert AccessAttempt.objects.count() == 0


@pytest.mark.parametrize("role", ["secretary", "director", "council_member"])
def test_unlock_refused_to_other_roles(client, cast, role):
    _fail(client, "thuky", 5)
    client.force_login(cast[role])

    page = client.get(reverse("accounts:lock-list"))
    response = client.post(reverse("accounts:lock-release"), {"username": "thuky"})

    assert (page.status_code, response.status_code) == (403, 403)
    assert AccessAttempt.objects.get(username="thuky").failures_since_start == 5


def test_unlock_needs_a_username_or_an_address(client, cast):
    client.force_login(cast["standing_office"])

    nothing = client.post(reverse("accounts:lock-release"), {}, follow=True)
    not_an_address = client.post(reverse("accounts:lock-release"), {"ip_address": "không phải"}, follow=True)

    assert "Chọn một tài khoản hoặc một địa chỉ IP để mở khóa." in nothing.content.decode()
    assert "Nhập một địa chỉ IP hợp lệ." in not_an_address.content.decode()
    assert nothing.redirect_chain == not_an_address.redirect_chain == [(reverse("accounts:lock-list"), 302)]


# --- Password change ---------------------------------------------------------------------------------------


def test_password_change_requires_the_old_password(client, cast):
    user = cast["secretary"]
    client.force_login(user)
    data = {"old_password": "sai", "new_password1": "Thidua@Ninh2018", "new_password2": "Thidua@Ninh2018"}

    refused = client.post(reverse("password_change"), data)
    accepted = client.post(reverse("password_change"), {**data, "old_password": "pw"})

    assert refused.status_code == 200
    assert "Mật khẩu cũ không chính xác" in refused.content.decode()
    assert accepted.status_code == 302
    assert accepted.url == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("Thidua@Ninh2018")


def test_password_change_shows_the_policy_in_vietnamese(client, cast):
    client.force_login(cast["secretary"])

    page = client.get(reverse("password_change")).content.decode()
    weak = client.post(
        reverse("password_change"),
        {"old_password": "pw", "new_password1": "12345678", "new_password2": "12345678"},
    ).content.decode()

    assert "Mật khẩu của bạn phải chứa ít nhất 10 ký tự." in page
    assert "Mật khẩu của bạn không được hoàn toàn bằng số." in page
    assert "Mật khẩu quá ngắn. Nó phải chứa ít nhất 10 ký tự." in weak
    assert "Mật khẩu này quá phổ biến." in weak
    assert "Mật khẩu này hoàn toàn là số." in weak


def test_password_change_needs_a_login(client, db):
    response = client.get(reverse("password_change"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- Password reset ----------------------------------------------------------------------------------------


def _reset_link(email) -> str:
    body = email.body
    return re.search(r"https?://testserver(/\S+)", body).group(1)


def test_password_reset_by_email(client, db):
    user = UserFactory(username="lan", email="lan@stp.example.vn")

    sent = client.post(reverse("password_reset"), {"email": "lan@stp.example.vn"})
    [email] = mail.outbox
    link = _reset_link(email)
    form = client.get(link, follow=True)
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "Thidua@Ninh2018", "new_password2": "Thidua@Ninh2018"}
    )

    assert sent.status_code == 302
    assert sent.url == reverse("password_reset_done")
    assert email.to == ["lan@stp.example.vn"]
    assert email.subject == "Đặt lại mật khẩu trên hệ thống Thi đua - Khen thưởng"
    assert "Tên đăng nhập: lan" in email.body
    assert "Mật khẩu mới" in form.content.decode()
    assert done.status_code == 302
    assert done.url == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("Thidua@Ninh2018")


def test_password_reset_link_expires(client, db, settings):
    user = UserFactory(username="lan", email="lan@stp.example.vn")
    with time_machine.travel(T0, tick=False) as traveller:
        client.post(reverse("password_reset"), {"email": "lan@stp.example.vn"})
        traveller.shift(dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 1))
        page = client.get(_reset_link(mail.outbox[0]), follow=True)
        client.post(
            page.redirect_chain[-1][0] if page.redirect_chain else _reset_link(mail.outbox[0]),
            {"new_password1": "Thidua@Ninh2018", "new_password2": "Thidua@Ninh2018"},
        )

    assert settings.PASSWORD_RESET_TIMEOUT == 24 * 3600
    assert page.status_code == 200
    assert "Liên kết đặt lại mật khẩu không hợp lệ hoặc đã hết hạn" in page.content.decode()
    assert "new_password1" not in page.content.decode()
    user.refresh_from_db()
    assert user.check_password("pw")


def test_password_reset_pages_linked_from_the_login_page(client, db):
    page = client.get(reverse("login")).content.decode()

    assert f'href="{reverse("password_reset")}"' in page
    assert "Quên mật khẩu?" in page


def test_user_menu_links_to_password_change(client, cast):
    client.force_login(cast["secretary"])

    page = client.get(reverse("home")).content.decode()

    assert f'href="{reverse("password_change")}"' in page


# --- Sessions ----------------------------------------------------------------------------------------------


@override_settings(SESSION_IDLE_TIMEOUT=30)
def test_idle_session_is_logged_out(client, cast):
    client.force_login(cast["secretary"])
    with time_machine.travel(T0, tick=False) as traveller:
        first = client.get(reverse("home"))
        traveller.shift(dt.timedelta(minutes=29))
        active = client.get(reverse("home"))
        traveller.shift(dt.timedelta(minutes=31))
        idle = client.get(reverse("home"))
        login_page = client.get(idle.url)

    assert (first.status_code, active.status_code, idle.status_code) == (200, 200, 302)
    assert idle.url.startswith(reverse("login"))
    assert not _logged_in(client)
    assert "Phiên làm việc đã hết hạn sau 30 phút không hoạt động" in login_page.content.decode()
