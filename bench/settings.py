"""The settings the benchmarks measure with: the production settings (DEBUG off, the manifest of static
files aside), with throwaway keys, for Django's test client in-process (http, host "testserver", no
two-factor step). The session is not saved on every request, as in the tests, so that a page's query
count is its own."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use")
os.environ.setdefault("BALLOT_KEY", "YmVuY2gtb25seS1iYWxsb3Qta2V5LTMyLWJ5dGVzISE=")
os.environ.setdefault("AUDIT_KEY", "bench-only-audit-key-not-for-production-use")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from emulation.settings import *  # noqa: E402,F403 -- the production settings, overriding a few

ALLOWED_HOSTS = ["testserver"]
SECURE_SSL_REDIRECT = False
OTP_REQUIRED = False
SESSION_SAVE_EVERY_REQUEST = False
# No collectstatic before a run: the pages name the static files without the manifest's hashes.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
