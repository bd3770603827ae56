"""Settings fail loudly on bad values instead of starting in a surprising mode."""

import os
import subprocess
import sys

from django.conf import settings


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
