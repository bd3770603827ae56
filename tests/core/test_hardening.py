"""Production hardening: security settings, Content Security Policy, two-factor sign-in, check --deploy."""

import base64
import io
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UnitFactory, UserFactory
from tests.test_settings import PRODUCTION, _settings

# A key as `check --deploy` wants it: 50 characters or more, varied.
STRONG_KEY = "k7#Vq9!mZ2@xR4$wT8^pL1&nB6*yC3(hJ5)dF0-gS_e+aU=oI.Yw"


def _code(device) -> str:
    # As the app shows it: six digits, leading zeros included (token() is an int).
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def _login(client, username):
    return client.post(reverse("login"), {"username": username, "password": "pw"})


# --- settings ---------------------------------------------------------------------------------------


def check_deploy(**environment) -> subprocess.CompletedProcess:
    """`check --deploy` with the production settings in a process of its own: the environment without the
    test run's own settings, nor DJANGO_ALLOW_ASYNC_UNSAFE, which the browser tests' live server sets in this
    process and which a deployment never has."""
    test_run = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in test_run}
    env = {**clean, **PRODUCTION, "SECRET_KEY": STRONG_KEY, "DJANGO_SETTINGS_MODULE": "emulation.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**env, **environment},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_the_production_settings():
    result = check_deploy()

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_https_is_switched_off():
    result = check_deploy(SECURE_SSL_REDIRECT="false")

    assert result.returncode == 1
    assert "security.W008" in result.stderr


HTTPS_NAMES = (
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_AGE",
    "SESSION_SAVE_EVERY_REQUEST",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "OTP_REQUIRED",
)


def test_security_settings_in_production_by_default():
    assert _settings(*HTTPS_NAMES, **PRODUCTION) == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 365 * 24 * 3600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_AGE": 30 * 60,
        "SESSION_SAVE_EVERY_REQUEST": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "OTP_REQUIRED": True,
    }


def test_security_settings_read_from_the_environment():
    values = _settings(
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SILENCED_SYSTEM_CHECKS",
        "OTP_REQUIRED",
        "SESSION_COOKIE_AGE",
        **PRODUCTION,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
        SECURE_HSTS_PRELOAD="true",
        OTP_REQUIRED="false",
        SESSION_COOKIE_AGE="900",
    )

    assert values == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 3600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": True,
        "SILENCED_SYSTEM_CHECKS": [],
        "OTP_REQUIRED": False,
        "SESSION_COOKIE_AGE": 900,
    }


def test_demo_settings_are_without_https_and_two_factor():
    assert _settings("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "OTP_REQUIRED", DEBUG="true") == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "OTP_REQUIRED": False,
    }


@pytest.mark.django_db
def test_http_is_redirected_to_https_with_hsts(client):
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000):
        plain = client.get(reverse("login"))
        secure = client.get(reverse("login"), secure=True)

    assert (plain.status_code, plain["Location"]) == (301, "https://testserver/login/")
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert secure["X-Content-Type-Options"] == "nosniff"
    assert secure["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_session_cookie_is_httponly_and_samesite(client):
    UserFactory(username="thuky")

    _login(client, "thuky")

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert (bool(cookie["httponly"]), cookie["samesite"], bool(cookie["secure"])) == (True, "Lax", True)


# --- Content Security Policy ------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_page_has_the_content_security_policy(client):
    response = client.get(reverse("login"))

    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "frame-ancestors": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
    }
    html = response.content.decode()
    assert re.findall(r"<script[^>]*>\s*</script>", html) == [
        '<script src="/static/vendor/bootstrap/bootstrap.bundle.min.js"></script>',
        '<script src="/static/js/confirm.js"></script>',
    ]


# --- password policy --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_short_password_is_refused_in_vietnamese(client):
    user = UserFactory(username="thuky")
    client.force_login(user)

    response = client.post(
        reverse("password_change"),
        {"old_password": "pw", "new_password1": "Hk7#qa2", "new_password2": "Hk7#qa2"},
    )

    assert response.status_code == 200
    assert "Mật khẩu quá ngắn. Nó phải chứa ít nhất 10 ký tự." in response.content.decode()


@pytest.mark.django_db
def test_password_page_shows_the_rules_in_vietnamese(client):
    client.force_login(UserFactory(username="thuky"))

    html = client.get(reverse("password_change")).content.decode()

    assert "Mật khẩu của bạn phải chứa ít nhất 10 ký tự." in html


# --- two-factor sign-in -----------------------------------------------------------------------------


@pytest.fixture
def otp_on(settings):
    settings.OTP_REQUIRED = True


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["is_director", "is_standing_office", "is_superuser"])
def test_required_role_without_device_is_led_to_enrolment(client, otp_on, role):
    UserFactory(username="sep", **{role: True})

    logged_in = _login(client, "sep")
    home = client.get(reverse("home"))

    assert logged_in.status_code == 302
    assert home.status_code == 302
    assert home["Location"] == reverse("otp-setup") + "?next=%2F"


@pytest.mark.django_db
def test_required_role_with_device_is_sent_to_the_code_page(client, otp_on):
    user = UserFactory(username="giamdoc", is_director=True)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)

    _login(client, "giamdoc")
    response = client.get("/campaigns/")

    assert response["Location"] == reverse("otp-verify") + "?next=%2Fcampaigns%2F"


@pytest.mark.django_db
def test_enrolment_shows_qr_and_secret_and_a_first_code_confirms(client, otp_on):
    UserFactory(username="vanphong", is_standing_office=True)
    _login(client, "vanphong")

    page = client.get(reverse("otp-setup"))
    device = TOTPDevice.objects.get(user__username="vanphong")
    html = page.content.decode()
    secret = re.search(r'data-testid="otp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    assert '<svg width="' in html
    assert 'class="segno"' in html
    assert base64.b32decode(secret) == device.bin_key
    assert device.confirmed is False
    assert "<script" not in html.split('data-testid="otp-qr"')[1].split("</div>")[0]

    confirmed = client.post(reverse("otp-setup"), {"token": _code(device), "next": "/campaigns/"})
    device.refresh_from_db()

    assert (confirmed.status_code, confirmed["Location"]) == (302, "/campaigns/")
    assert device.confirmed is True
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_enrolment_secret_is_the_device_key(client, otp_on):
    UserFactory(username="vanphong", is_standing_office=True)
    _login(client, "vanphong")
    html = client.get(reverse("otp-setup")).content.decode()
    device = TOTPDevice.objects.get(user__username="vanphong")

    secret = re.search(r'data-testid="otp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    assert base64.b32decode(secret) == device.bin_key


@pytest.mark.django_db
def test_correct_code_lets_the_director_in(client, otp_on):
    user = UserFactory(username="giamdoc", is_director=True)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    _login(client, "giamdoc")

    response = client.post(reverse("otp-verify"), {"token": _code(device), "next": "/"})

    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_wrong_code_is_refused_in_vietnamese(client, otp_on):
    user = UserFactory(username="giamdoc", is_director=True)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    _login(client, "giamdoc")
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("otp-verify"), {"token": wrong})

    assert response.status_code == 200
    assert "Mã không đúng hoặc đã hết hạn. Hãy nhập mã ứng dụng đang hiển thị." in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_right_code_right_after_a_wrong_one_is_throttled_in_vietnamese(client, otp_on):
    user = UserFactory(username="giamdoc", is_director=True)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    _login(client, "giamdoc")
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"

    client.post(reverse("otp-verify"), {"token": wrong})
    response = client.post(reverse("otp-verify"), {"token": _code(device)})

    assert "Nhập sai mã nhiều lần liên tiếp: hãy đợi vài giây rồi thử lại." in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_wrong_first_code_does_not_confirm_the_device(client, otp_on):
    UserFactory(username="vanphong", is_standing_office=True)
    _login(client, "vanphong")
    client.get(reverse("otp-setup"))
    device = TOTPDevice.objects.get(user__username="vanphong")

    response = client.post(reverse("otp-setup"), {"token": f"{(int(_code(device)) + 1) % 1_000_000:06d}"})
    device.refresh_from_db()

    assert "Mã không đúng hoặc đã hết hạn." in response.content.decode()
    assert device.confirmed is False


@pytest.mark.django_db
def test_letters_instead_of_a_code_are_refused_in_vietnamese(client, otp_on):
    user = UserFactory(username="giamdoc", is_director=True)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    _login(client, "giamdoc")

    response = client.post(reverse("otp-verify"), {"token": "abcdef"})

    assert "Mã gồm 6 chữ số do ứng dụng xác thực hiển thị." in response.content.decode()


@pytest.mark.django_db
def test_secretary_is_not_asked_for_a_code(client, otp_on):
    UserFactory(username="thuky", is_secretary=True, unit=UnitFactory())

    _login(client, "thuky")

    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_otp_off_lets_the_director_in_with_the_password(client, settings):
    settings.OTP_REQUIRED = False
    UserFactory(username="giamdoc", is_director=True)

    _login(client, "giamdoc")

    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_login_page_says_when_two_factor_is_off(client, settings):
    notice = "Đăng nhập hai lớp đang tắt trên máy chủ này"
    settings.OTP_REQUIRED = False
    off = client.get(reverse("login")).content.decode()
    settings.OTP_REQUIRED = True
    on = client.get(reverse("login")).content.decode()

    assert (notice in off, notice in on) == (True, False)


@pytest.mark.django_db
def test_code_page_refuses_an_outside_next(client, otp_on):
    user = UserFactory(username="giamdoc", is_director=True)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    _login(client, "giamdoc")

    response = client.post(reverse("otp-verify"), {"token": _code(device), "next": "https://evil.example/"})

    assert response["Location"] == reverse("home")


@pytest.mark.django_db
def test_reset_otp_command_removes_the_devices(otp_on):
    from django.core.management import call_command

    user = UserFactory(username="giamdoc", is_director=True)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)

    out = io.StringIO()
    call_command("reset_otp", "giamdoc", stdout=out)

    assert out.getvalue() == "1 device(s) removed for giamdoc; a new one is enrolled at the next log-in.\n"

    assert TOTPDevice.objects.filter(user=user).count() == 0
