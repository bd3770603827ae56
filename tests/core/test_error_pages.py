"""What a user sees when a page is missing or fails: Vietnamese pages, also with DEBUG on (the demo)."""

import logging

import pytest
from django.test import Client


@pytest.fixture
def debug_client(cast):
    client = Client(raise_request_exception=False)
    client.force_login(cast["secretary"])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.urls("tests.core.error_urls")
def test_a_missing_page_is_the_vietnamese_404(debug_client, settings, debug):
    settings.DEBUG = debug
    response = debug_client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy trang" in page
    assert "Using the URLconf" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.urls("tests.core.error_urls")
def test_a_failing_page_is_the_vietnamese_500_and_its_traceback_is_logged(
    debug_client, settings, debug, caplog
):
    settings.DEBUG = debug
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = debug_client.get("/test-failure/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Hệ thống gặp sự cố" in page
    assert "Traceback" not in page
    assert "RuntimeError" not in page
    assert any(record.exc_info and "a bug" in str(record.exc_info[1]) for record in caplog.records)


@pytest.mark.django_db
@pytest.mark.urls("tests.core.error_urls")
def test_a_developer_can_ask_for_djangos_technical_pages(debug_client, settings):
    # Through the settings fixture only: mixed with override_settings, the two restore out of order and
    # leave this test's URL conf behind for the tests after it.
    settings.DEBUG, settings.FRIENDLY_ERROR_PAGES = True, False
    assert "RuntimeError" in debug_client.get("/test-failure/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/units/VP%00/", "/rewards/?q=abc%00", "/units/VP/?page=1%00", "/units/VP/?x%00y=1"]
)
def test_a_nul_character_in_an_address_is_a_vietnamese_400(debug_client, unit, url):
    """PostgreSQL refuses a NUL in any string: a lookup by it answered 500 (issue 15)."""
    response = debug_client.get(url)
    assert response.status_code == 400
    assert "Không đọc được yêu cầu" in response.content.decode()


@pytest.mark.django_db
def test_a_nul_character_in_a_form_writes_nothing(debug_client, unit, staff):
    from departments.models import StaffYear

    response = debug_client.post(
        f"/staff/{staff.pk}/years/add/",
        {
            "year": "2018",
            "task_grade": "HTTNV",
            "discipline": "none",
            "months_served": "12",
            "counted_leave_note": "a\x00",
        },
    )
    assert response.status_code == 400
    assert not StaffYear.objects.exists()


@pytest.mark.django_db
def test_a_nul_character_in_a_login_name_is_refused_before_the_login_throttle(client):
    from axes.models import AccessAttempt

    response = client.post("/login/", {"username": "giamdoc\x00", "password": "x"})
    assert response.status_code == 400
    assert not AccessAttempt.objects.exists()
