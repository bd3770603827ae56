"""What a user sees when a page is missing or fails: Vietnamese pages, also with DEBUG on (the demo)."""

import logging

import pytest
from django.test import Client, override_settings


@pytest.fixture
def debug_client(cast):
    client = Client(raise_request_exception=False)
    client.force_login(cast["secretary"])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
@override_settings(ROOT_URLCONF="tests.core.error_urls")
def test_a_missing_page_is_the_vietnamese_404(debug_client, settings, debug):
    settings.DEBUG = debug
    response = debug_client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy trang" in page
    assert "Using the URLconf" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
@override_settings(ROOT_URLCONF="tests.core.error_urls")
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
@override_settings(ROOT_URLCONF="tests.core.error_urls", DEBUG=True, FRIENDLY_ERROR_PAGES=False)
def test_a_developer_can_ask_for_djangos_technical_pages(debug_client):
    assert "RuntimeError" in debug_client.get("/test-failure/").content.decode()
