"""Settings fail loudly on bad values instead of starting in a surprising mode."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import UserFactory


def _start(**env):
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='emulation.settings'; django.setup()",
        ],
        env={**clean, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_without_secret_key_refuses_to_start():
    result = _start(DEBUG="false")

    assert result.returncode == 1
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_typo_refuses_to_start():
    result = _start(DEBUG="ture", SECRET_KEY="x" * 40)

    assert result.returncode == 1
    assert "DEBUG must be true or false, not 'ture'" in result.stderr


def test_debug_mode_starts_without_secret_key():
    assert _start(DEBUG="true").returncode == 0


def test_language_and_time_zone():
    assert (settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.USE_TZ) == ("vi", "Asia/Ho_Chi_Minh", True)


PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "x" * 40, "ALLOWED_HOSTS": "thidua.stp.example.vn,127.0.0.1"}
PROXIED = {
    **PRODUCTION,
    "PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
    "CSRF_TRUSTED_ORIGINS": "https://thidua.stp.example.vn",
}


def _settings(*names, **env):
    """The named settings as the server would read them from `env`, in a fresh process."""
    code = (
        "import json, django, os; os.environ['DJANGO_SETTINGS_MODULE']='emulation.settings'; django.setup();"
        f"from django.conf import settings; print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    if values.get("SECURE_PROXY_SSL_HEADER"):  # a tuple, which JSON brings back as a list
        values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


def _proxied_login(client, *, host, origin):
    """A log-in as the browser sends it through the HTTPS proxy, which talks plain HTTP to the server."""
    https = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_HOST": host}
    client.get(reverse("login"), **https)
    return client.post(
        reverse("login"),
        {"username": "thuky", "password": "pw", "csrfmiddlewaretoken": client.cookies["csrftoken"].value},
        HTTP_ORIGIN=origin,
        HTTP_REFERER=origin + reverse("login"),
        **https,
    )


PROXY_NAMES = ("SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS", "ALLOWED_HOSTS", "USE_X_FORWARDED_HOST")


def test_proxy_settings_read_from_the_environment():
    assert _settings(*PROXY_NAMES, **PROXIED) == {
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "CSRF_TRUSTED_ORIGINS": ["https://thidua.stp.example.vn"],
        "ALLOWED_HOSTS": ["thidua.stp.example.vn", "127.0.0.1"],
        "USE_X_FORWARDED_HOST": False,
    }
    assert _settings("SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS", **PRODUCTION) == {
        "SECURE_PROXY_SSL_HEADER": None,
        "CSRF_TRUSTED_ORIGINS": [],
    }


def test_proxy_ssl_header_typo_refuses_to_start():
    result = _start(**PRODUCTION, PROXY_SSL_HEADER="X-Forwarded-Proto")

    assert result.returncode == 1
    assert "PROXY_SSL_HEADER must be a request.META name such as HTTP_X_FORWARDED_PROTO" in result.stderr


def test_csrf_trusted_origin_without_scheme_refuses_to_start():
    result = _start(**PRODUCTION, CSRF_TRUSTED_ORIGINS="thidua.stp.example.vn")

    assert result.returncode == 1
    assert "CSRF_TRUSTED_ORIGINS must be full origins" in result.stderr


@pytest.mark.django_db
def test_login_behind_https_proxy_succeeds():
    UserFactory(username="thuky")
    client = Client(enforce_csrf_checks=True)

    with override_settings(**_settings(*PROXY_NAMES, **PROXIED), DEBUG=False):
        response = _proxied_login(
            client, host="thidua.stp.example.vn", origin="https://thidua.stp.example.vn"
        )

    assert response.status_code == 302
    assert response.url == reverse("home")


@pytest.mark.django_db
def test_login_behind_https_proxy_without_proxy_settings_is_refused():
    UserFactory(username="thuky")
    client = Client(enforce_csrf_checks=True)

    with override_settings(**_settings(*PROXY_NAMES, **PRODUCTION), DEBUG=False):
        response = _proxied_login(
            client, host="thidua.stp.example.vn", origin="https://thidua.stp.example.vn"
        )

    assert response.status_code == 403


@pytest.mark.django_db
def test_login_through_a_proxy_that_rewrites_the_host_needs_the_trusted_origin():
    # The proxy forwards to 127.0.0.1: the browser's origin is not the host the server sees.
    UserFactory(username="thuky")
    trusted, untrusted = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    without_origin = {**PROXIED, "CSRF_TRUSTED_ORIGINS": ""}

    with override_settings(**_settings(*PROXY_NAMES, **PROXIED), DEBUG=False):
        accepted = _proxied_login(trusted, host="127.0.0.1", origin="https://thidua.stp.example.vn")
    with override_settings(**_settings(*PROXY_NAMES, **without_origin), DEBUG=False):
        refused = _proxied_login(untrusted, host="127.0.0.1", origin="https://thidua.stp.example.vn")

    assert (accepted.status_code, refused.status_code) == (302, 403)


def test_session_settings_read_from_the_environment():
    names = ("SESSION_COOKIE_AGE", "SESSION_IDLE_TIMEOUT", "SESSION_EXPIRE_AT_BROWSER_CLOSE")

    assert _settings(*names, **PRODUCTION) == {
        "SESSION_COOKIE_AGE": 30 * 60,
        "SESSION_IDLE_TIMEOUT": 0,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": False,
    }
    assert _settings(
        *names,
        **PRODUCTION,
        SESSION_COOKIE_AGE="28800",
        SESSION_IDLE_TIMEOUT="30",
        SESSION_EXPIRE_AT_BROWSER_CLOSE="true",
    ) == {"SESSION_COOKIE_AGE": 28800, "SESSION_IDLE_TIMEOUT": 30, "SESSION_EXPIRE_AT_BROWSER_CLOSE": True}


def test_mail_settings_read_from_the_environment():
    names = ("ADMINS", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS", "SERVER_EMAIL", "PASSWORD_RESET_TIMEOUT")

    assert _settings(
        *names,
        **PRODUCTION,
        ADMINS="Quản trị <quantri@stp.example.vn>,tin-hoc@stp.example.vn",
        EMAIL_HOST="smtp.stp.example.vn",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="true",
        SERVER_EMAIL="loi@stp.example.vn",
        PASSWORD_RESET_TIMEOUT="3600",
    ) == {
        "ADMINS": [["Quản trị", "quantri@stp.example.vn"], ["", "tin-hoc@stp.example.vn"]],
        "EMAIL_HOST": "smtp.stp.example.vn",
        "EMAIL_PORT": 587,
        "EMAIL_USE_TLS": True,
        "SERVER_EMAIL": "loi@stp.example.vn",
        "PASSWORD_RESET_TIMEOUT": 3600,
    }


def test_admins_typo_refuses_to_start():
    result = _start(**PRODUCTION, ADMINS="quantri.stp.example.vn")

    assert result.returncode == 1
    assert "ADMINS must be e-mail addresses" in result.stderr
