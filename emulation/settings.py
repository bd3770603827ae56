"""Settings, read from the environment. A bad value stops the start-up with a clear error."""

import base64
import binascii
import re
from email.utils import parseaddr
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")


def _bool(name: str, default: bool) -> bool:
    # django-environ reads any unknown word as False; a typo in DEBUG must not silently switch modes.
    raw = env.str(name, default=str(default)).strip().lower()
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


DEBUG = _bool("DEBUG", False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-thidua")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if len(SECRET_KEY) < 32:
        raise ImproperlyConfigured("SECRET_KEY must be set (at least 32 characters) when DEBUG is off")

# The key of the council's sealed ballot tally (awards/secrecy.py): 32 random bytes in base64, e.g. from
# `python -c "import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())"`. It lives in the
# environment, never in the database or its backups: the database alone cannot tell how anyone voted.
DEV_BALLOT_KEY = "dGhpZHVhLWRldi1vbmx5LWJhbGxvdC1rZXktMzJieSE="  # the demo's, refused in production
BALLOT_KEY = env.str("BALLOT_KEY", default=DEV_BALLOT_KEY if DEBUG else "").strip()
if not BALLOT_KEY:
    raise ImproperlyConfigured("BALLOT_KEY must be set when DEBUG is off (32 random bytes in base64)")
try:
    _ballot_key_bytes = len(base64.urlsafe_b64decode(BALLOT_KEY.encode("ascii")))
except (binascii.Error, UnicodeEncodeError, ValueError):
    _ballot_key_bytes = 0
if _ballot_key_bytes != 32:
    raise ImproperlyConfigured("BALLOT_KEY must be 32 random bytes in base64 (44 characters)")
if not DEBUG and BALLOT_KEY == DEV_BALLOT_KEY:
    raise ImproperlyConfigured("BALLOT_KEY must not be the development key when DEBUG is off")

# The key of the audit trail's hash chain (core/audit.py), kept outside the database: whoever can write to the
# database cannot forge a seal without it. Rotating it: README, "Audit trail".
if DEBUG:
    AUDIT_KEY = env.str("AUDIT_KEY", default="dev-only-audit-key-thidua")
else:
    AUDIT_KEY = env.str("AUDIT_KEY", default="")
    if len(AUDIT_KEY) < 32:
        raise ImproperlyConfigured("AUDIT_KEY must be set (at least 32 characters) when DEBUG is off")
# Keys used before a rotation, comma-separated: verify_audit checks the entries they sealed.
AUDIT_PREVIOUS_KEYS = env.list("AUDIT_PREVIOUS_KEYS", default=[])

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])

# Behind an HTTPS proxy (README, "Configuration"): the header the proxy sets to "https", e.g.
# HTTP_X_FORWARDED_PROTO; without it every POST from the browser's https:// page fails the CSRF origin check.
_proxy_ssl_header = env.str("PROXY_SSL_HEADER", default="")
if _proxy_ssl_header and not re.fullmatch(r"HTTP_[A-Z0-9_]+", _proxy_ssl_header):
    raise ImproperlyConfigured(
        "PROXY_SSL_HEADER must be a request.META name such as HTTP_X_FORWARDED_PROTO, "
        f"not {_proxy_ssl_header!r}"
    )
SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header, "https") if _proxy_ssl_header else None
USE_X_FORWARDED_HOST = _bool("USE_X_FORWARDED_HOST", False)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
if any(not re.fullmatch(r"https?://[^/\s]+", origin) for origin in CSRF_TRUSTED_ORIGINS):
    raise ImproperlyConfigured(
        "CSRF_TRUSTED_ORIGINS must be full origins such as https://thidua.example.vn, "
        f"not {CSRF_TRUSTED_ORIGINS}"
    )
# Proxies in front of the server that append the visitor's address to X-Forwarded-For: the log-in throttle
# counts failures per visitor address (departments/throttle.py), not per proxy.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "auditlog",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "core",
    "departments",
    "emulation",
    "initiatives",
    "awards",
    "home",
    "reports",
    "notifications",
]

MIDDLEWARE = [
    # First: every log line of the request, other middleware's included, carries its id.
    "core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.error_pages.RefuseNulMiddleware",
    "core.middleware.IdleTimeoutMiddleware",
    # After the idle check: a Director, standing office or administrator passes the TOTP step first.
    "core.two_factor.OTPRequiredMiddleware",
    "core.error_pages.FriendlyErrorPagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # auditlog's middleware (who and from where, on every entry) with our entries for refusals and files.
    "core.audit.AuditMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

# With DEBUG on (the demo) users still see the Vietnamese 404 and 500 pages; off: Django's technical ones.
FRIENDLY_ERROR_PAGES = _bool("FRIENDLY_ERROR_PAGES", True)

ROOT_URLCONF = "emulation.urls"
WSGI_APPLICATION = "emulation.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reports.context_processors.downloadable",
                "notifications.context_processors.bell",
            ],
        },
    },
]

AUTH_USER_MODEL = "departments.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Their rules are shown on the password pages, and their messages are in Django's Vietnamese translation.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "core.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# A password reset link works once, for this many seconds.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=24 * 3600)

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=14 * 24 * 3600 if DEBUG else 30 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = _bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", False)
# Minutes without a request before the user is logged out (core.middleware.IdleTimeoutMiddleware); 0: never.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=0)
# The session ends after SESSION_COOKIE_AGE seconds without a request: its age counts from the last request
# (saved on every request), not from the log-in. Production default 30 minutes; the demo's 14 days.
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Two-factor sign-in (core/two_factor.py): the Director, the standing office and the administrator enter a
# TOTP code after their password. On by default in production, off in the demo (DEBUG on).
OTP_REQUIRED = _bool("OTP_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Thi đua")

# The log-in throttle (departments/throttle.py): axes records the failures, our handler decides the locks.
AXES_HANDLER = "departments.throttle.LoginThrottle"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)  # per username, from any address
LOGIN_IP_FAILURE_LIMIT = env.int("LOGIN_IP_FAILURE_LIMIT", default=20)  # per address, whatever the usernames
# A lock lasts this long after the last failure, doubling with each further failure, up to the maximum.
LOGIN_LOCK_FIRST_MINUTES = env.int("LOGIN_LOCK_FIRST_MINUTES", default=1)
LOGIN_LOCK_MAX_MINUTES = env.int("LOGIN_LOCK_MAX_MINUTES", default=60)
# Failures are forgotten a day after the last one (axes deletes the older records).
AXES_COOLOFF_TIME = 24  # hours
# What a successful log-in clears: that user's own failures from that address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A try during a lock neither counts nor prolongs it: the delay grows with the failures after each lock.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "departments.throttle.lockout_response"
AXES_USERNAME_CALLABLE = "departments.throttle.attempted_username"
AXES_CLIENT_IP_CALLABLE = "departments.throttle.client_ip"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploaded files live outside the static root and are served only through permission-checked views.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="thidua@localhost")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = _bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 30
# The site's public address as its users reach it (an origin, no path): e-mails link to it (notifications),
# and a signed paper's QR code leads to SITE_URL/verify/<token>/ (awards.signing, which refuses to sign
# without it). The demo's default is the development server.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if SITE_URL and not re.fullmatch(r"https?://[^/\s]+", SITE_URL):
    raise ImproperlyConfigured(
        f"SITE_URL must be an origin such as https://thidua.example.vn, not {SITE_URL!r}"
    )
# Deadline reminders (notifications/reminders.py): how many days before a unit's deadline it is reminded,
# comma-separated; each offset is sent once per unit, deadline and secretary.
_reminder_days = env.list("REMINDER_DAYS", default=["7", "1"])
if not _reminder_days or not all(days.strip().isdigit() and 1 <= int(days) <= 60 for days in _reminder_days):
    raise ImproperlyConfigured(
        f"REMINDER_DAYS must be whole days between 1 and 60, such as 7,1, not {_reminder_days}"
    )
REMINDER_DAYS = [int(days) for days in _reminder_days]

# Who receives server errors by e-mail: "Name <address>" or bare addresses, comma-separated.
ADMINS = [parseaddr(admin) for admin in env.list("ADMINS", default=[])]
if any("@" not in address for _, address in ADMINS):
    raise ImproperlyConfigured(f"ADMINS must be e-mail addresses, not {env.str('ADMINS')!r}")

# One JSON object per line on stderr, each with the request id and the user (core/middleware.py); server
# errors with their traceback, and mailed to ADMINS when set.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request": {"()": "core.middleware.RequestContextFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {"json": {"()": "core.middleware.JsonFormatter"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request"]},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["stderr"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own handlers (its console in DEBUG, its mail) are replaced: everything goes to the root.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"handlers": ["mail_admins"], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        # axes says every log-in at INFO; its failures and locks are warnings.
        "axes": {"level": "WARNING"},
    },
}

if not DEBUG:
    SESSION_COOKIE_SECURE = _bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# HTTPS (README, "Deployment"): plain http:// is redirected, and browsers are told to use https:// only.
SECURE_SSL_REDIRECT = _bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _bool("SECURE_HSTS_PRELOAD", False)
# Preloading is submitted for a whole registered domain (hstspreload.org), usually not the Department's to
# decide: off by default, and then check --deploy's reminder of it (security.W021) is not shown.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): scripts and styles only from our own static files, no inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap's icons in its CSS (form validation, the navbar toggler) are data: SVG images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}

STAFF_PAGE_SIZE = 25
LIST_PAGE_SIZE = 50  # rows per page of a list (core.paging)
SHEET_PAGE_SIZE = 50  # people per page of a unit's sheets (registration, yearly records)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # The background exports' files (reports.ExportJob): under MEDIA_ROOT/exports/ by default, which no web
    # server serves. An S3-compatible store is a backend and its options, e.g. with django-storages:
    # EXPORT_STORAGE_BACKEND=storages.backends.s3.S3Storage and EXPORT_STORAGE_OPTIONS={"bucket_name": ...}.
    "exports": {
        "BACKEND": env.str("EXPORT_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env.json("EXPORT_STORAGE_OPTIONS", default={}),
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# How many days before the report to Sở Nội vụ is due the home page starts warning that it is not sent.
REPORT_WARNING_DAYS = env.int("REPORT_WARNING_DAYS", default=14)
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# What an uploaded Word or Excel file may unpack to, and how many parts it may hold: caps against zip bombs.
UPLOAD_MAX_UNPACKED_BYTES = env.int("UPLOAD_MAX_UNPACKED_BYTES", default=100 * 1024 * 1024)
UPLOAD_MAX_ARCHIVE_ENTRIES = env.int("UPLOAD_MAX_ARCHIVE_ENTRIES", default=1000)
# Most lines a staff workbook may hold (departments.staffimport): one import runs in one transaction.
STAFF_IMPORT_MAX_ROWS = env.int("STAFF_IMPORT_MAX_ROWS", default=2000)
# The legal parameters (quota rounding and cap, exclusions, year windows) are not settings: each campaign
# keeps its own (emulation.models.CampaignRules, defaults in emulation/legal.py).
# Document numbers on papers (NĐ 30/2020 Art 15): "15/QĐ-STP" — number, "/", type and issuer in capitals.
DOCUMENT_NUMBER_PATTERN = env.str(
    "DOCUMENT_NUMBER_PATTERN", default=r"\d{1,5}/[A-ZĐ][A-ZĐa-z]{0,5}(-[A-ZĐ0-9]{1,12}){1,4}"
)

# Signed decisions (awards.signing, README "Signed decisions"; SITE_URL above).
# The `make demo` authority (python manage.py demo_ca), created by seed_demo under var/ (not in git).
DEMO_CA_DIR = BASE_DIR / "var" / "demo-ca"
DEMO_CA_PASSWORD = "thidua-demo"
# Either a PKCS#12 file (the demo, the tests, a soft certificate) ...
SIGNING_PKCS12_PATH = env.str("SIGNING_PKCS12_PATH", default=str(DEMO_CA_DIR / "signer.p12") if DEBUG else "")
SIGNING_PKCS12_PASSWORD = env.str("SIGNING_PKCS12_PASSWORD", default=DEMO_CA_PASSWORD if DEBUG else "")
# ... or a PKCS#11 token (the USB token of a licensed provider), used when SIGNING_PKCS11_LIB is set.
SIGNING_PKCS11_LIB = env.str("SIGNING_PKCS11_LIB", default="")
SIGNING_PKCS11_SLOT = env.int("SIGNING_PKCS11_SLOT", default=None)
SIGNING_PKCS11_TOKEN_LABEL = env.str("SIGNING_PKCS11_TOKEN_LABEL", default="")
SIGNING_PKCS11_KEY_LABEL = env.str("SIGNING_PKCS11_KEY_LABEL", default="")
SIGNING_PKCS11_CERT_LABEL = env.str("SIGNING_PKCS11_CERT_LABEL", default="")
SIGNING_PKCS11_PIN = env.str("SIGNING_PKCS11_PIN", default="")
# The certificates (PEM or DER files) a signature must chain to, to be reported valid.
SIGNING_TRUST_ROOTS = env.list(
    "SIGNING_TRUST_ROOTS", default=[str(DEMO_CA_DIR / "root-ca.pem")] if DEBUG else []
)

# Celery (emulation/celery.py): the background exports and the scheduled jobs. With no broker (the `make demo`
# and test default) every task runs in-process, at once, so nothing more is needed; in production
# CELERY_BROKER_URL names Redis (README, "Deployment") and `celery -A emulation worker` / `beat` run beside
# gunicorn. Several web processes and workers share nothing but the database, the broker and the storage.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True  # a job's state is a row of the database (reports.ExportJob), not a result
# A task is acknowledged when it ends, and redelivered when its worker dies mid-way: every task is idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # long tasks: a worker takes one at a time
# Redis redelivers a task no worker acknowledged after this many seconds: longer than the longest export.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # The deadline reminders once a day (safe to run twice), and the old exports' files removed nightly.
    "send-reminders": {
        "task": "notifications.tasks.reminders_send_task",
        "schedule": crontab(hour=7, minute=0),
    },
    "clean-exports": {"task": "reports.tasks.export_jobs_clean_task", "schedule": crontab(hour=2, minute=30)},
}
# How long an export's file is kept (days), and after how many seconds without a heartbeat a running export
# counts as interrupted (its worker died); a worker beats every EXPORT_HEARTBEAT_SECONDS.
EXPORT_RETENTION_DAYS = env.int("EXPORT_RETENTION_DAYS", default=7)
EXPORT_HEARTBEAT_SECONDS = env.int("EXPORT_HEARTBEAT_SECONDS", default=10)
EXPORT_STALE_SECONDS = env.int("EXPORT_STALE_SECONDS", default=120)
