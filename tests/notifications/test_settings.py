"""The notifications' settings fail loudly on bad values."""

import pytest

from tests.test_settings import _start


@pytest.mark.parametrize("value", ["7,x", "0", "7,-1", "90", ""])
def test_bad_reminder_days_refuse_to_start(value):
    result = _start(DEBUG="true", REMINDER_DAYS=value)

    assert result.returncode == 1
    assert "REMINDER_DAYS must be whole days between 1 and 60" in result.stderr


def test_a_site_url_with_a_path_refuses_to_start():
    result = _start(DEBUG="true", SITE_URL="thidua.example.vn/app")

    assert result.returncode == 1
    assert "SITE_URL must be an origin" in result.stderr


def test_good_values_start():
    result = _start(DEBUG="true", REMINDER_DAYS="10,3,1", SITE_URL="https://thidua.example.vn")

    assert (result.returncode, result.stderr) == (0, "")
