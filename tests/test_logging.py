"""Server errors leave one structured log line with the traceback, the request id and the user, and mail
the admins when they are configured."""

import contextlib
import io
import json
import logging
import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import path

from emulation import urls as project_urls
from tests.factories import UserFactory


def boom(request):
    raise RuntimeError("boom")


def warn(request):
    from django.http import HttpResponse

    logging.getLogger("tests").warning("Số hồ sơ %s", "lạ")
    return HttpResponse("ok")


# The project's pages too: the error page links to them.
urlpatterns = [path("boom/", boom), path("warn/", warn), *project_urls.urlpatterns]


@contextlib.contextmanager
def stderr_lines():
    """What the configured stderr handler writes, one parsed JSON object per line."""
    [handler] = [h for h in logging.getLogger().handlers if h.get_name() == "stderr"]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    lines = []
    try:
        yield lines
    finally:
        handler.setStream(previous)
        lines.extend(json.loads(line) for line in stream.getvalue().splitlines())


@pytest.fixture
def user(db):
    return UserFactory(username="thuky")


@override_settings(ROOT_URLCONF="tests.test_logging")
def test_server_error_logs_one_json_line_with_traceback(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)

    with stderr_lines() as lines:
        response = client.get("/boom/", headers={"X-Request-ID": "req-2018-abc"})

    assert response.status_code == 500
    assert response["X-Request-ID"] == "req-2018-abc"
    [line] = lines
    assert {k: line[k] for k in ("level", "logger", "request_id", "user_id", "path")} == {
        "level": "ERROR",
        "logger": "django.request",
        "request_id": "req-2018-abc",
        "user_id": user.pk,
        "path": "/boom/",
    }
    assert line["message"] == "Internal Server Error: /boom/"
    assert 'raise RuntimeError("boom")' in line["traceback"]
    assert line["traceback"].endswith("RuntimeError: boom")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d", line["time"])


@override_settings(ROOT_URLCONF="tests.test_logging")
@pytest.mark.parametrize("header", [None, "", "x" * 201, "bad id\n<script>", "ổn"])
def test_request_id_generated_when_missing_or_not_sane(db, header):
    client = Client()

    with stderr_lines() as lines:
        response = client.get("/warn/", headers={"X-Request-ID": header} if header is not None else {})

    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    [line] = lines
    assert (line["message"], line["request_id"], line["user_id"]) == ("Số hồ sơ lạ", request_id, None)


@override_settings(ROOT_URLCONF="tests.test_logging")
def test_each_request_gets_its_own_id(db):
    client = Client()

    ids = {client.get("/warn/")["X-Request-ID"] for _ in range(3)}

    assert len(ids) == 3


@override_settings(ROOT_URLCONF="tests.test_logging", ADMINS=[("Quản trị", "quantri@stp.example.vn")])
def test_server_error_mails_the_admins(user):
    client = Client(raise_request_exception=False)

    with stderr_lines():
        client.get("/boom/")

    [email] = mail.outbox
    assert email.to == ["quantri@stp.example.vn"]
    assert "RuntimeError at /boom/" in email.body


@override_settings(ROOT_URLCONF="tests.test_logging", ADMINS=[])
def test_server_error_without_admins_mails_nobody(user):
    client = Client(raise_request_exception=False)

    with stderr_lines():
        client.get("/boom/")

    assert mail.outbox == []
