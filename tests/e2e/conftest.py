"""Browser tests: Playwright driving Debian's Chromium against the live test server."""

import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls there otherwise.
# Tests only: the application never runs under an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM) or shutil.which("chromium"):
        return
    skip = pytest.mark.skip(
        reason="Chromium is not installed: browser tests skipped. Install it with `apt-get install chromium`."
    )
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def login(page, live_server):
    """Log in through the real login form, as a person would."""

    # Irreversible actions ask the browser to confirm: a person clicks OK; the page records what it asked.
    page.confirmations = []
    page.on("dialog", lambda dialog: (page.confirmations.append(dialog.message), dialog.accept()))

    def _login(username, password="pw"):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return _login


@pytest.fixture(scope="session", autouse=True)
def _close_stray_connections(django_db_setup, django_db_blocker):
    """Close database sessions left open by the browser tests before the test database is dropped.

    Playwright's sync API runs the tests beside its own event loop, and the live server answers in
    threads kept alive by the browser's keep-alive sockets; a connection opened there is not the one
    pytest-django closes, and PostgreSQL refuses to drop a database that still has sessions.
    """
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
        connection.close()
