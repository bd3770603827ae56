"""Settings for the test suite: the real settings with a test key and fast hashing."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use")
# The sealed ballot tally's key (awards/secrecy.py) of the test runs: 32 bytes, base64.
os.environ.setdefault("BALLOT_KEY", "dGVzdC1vbmx5LWJhbGxvdC1rZXktMzItYnl0ZXMhISE=")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")  # e-mails' links, signed papers' QR codes
os.environ.setdefault("AUDIT_KEY", "test-only-audit-key-not-for-production-use")

from emulation.settings import *  # noqa: E402,F403 -- the tests run the real settings, overriding a few

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# No collectstatic in tests: serve from the source folders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Uploads of a test run go to a folder of its own, never into the project's media/.
# A worker or web process a test starts (tests/reports/test_worker.py) is handed the same folder.
MEDIA_ROOT = os.environ.get("THIDUA_TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="thidua-test-media-")
# The suite runs with DEBUG off (the production settings) over plain http, without two-factor sign-in and
# without the idle logout; the tests of those features turn them on.
SECURE_SSL_REDIRECT = False
OTP_REQUIRED = False
SESSION_IDLE_TIMEOUT = 0
SESSION_COOKIE_AGE = 14 * 24 * 3600
# Nor is the session saved on every request (production's sliding expiry, checked with the production
# settings in tests/core/test_hardening.py): the pages' query counts are their own.
SESSION_SAVE_EVERY_REQUEST = False
