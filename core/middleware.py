"""Request middleware: an id for each request in every log line, structured logs, the idle-session logout."""

import contextvars
import datetime as dt
import json
import logging
import re
import time
import uuid

from django.conf import settings
from django.contrib import auth, messages
from django.utils.translation import gettext as _

_current_request = contextvars.ContextVar("current_request", default=None)

# What a proxy may hand us as the request id: short, and nothing a log reader or a header could trip on.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,200}")


class RequestIdMiddleware:
    """Gives each request an id: the proxy's X-Request-ID when it is sane, else a new one. It is sent back in
    the response's X-Request-ID and put in every log record of the request (RequestContextFilter)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.id = given if _SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        response["X-Request-ID"] = request.id
        return response


class RequestContextFilter(logging.Filter):
    """Adds request_id, user_id and path to each record: those of the request being served, or of the request
    a record names (Django logs a 4xx after the middleware has returned)."""

    def filter(self, record):
        request = getattr(record, "request", None) or _current_request.get()
        record.request_id = getattr(request, "id", None)
        record.path = getattr(request, "path", None)
        # Only a user already read: a log line never queries the database (which may be what failed).
        user = getattr(request, "_cached_user", None)
        record.user_id = getattr(user, "pk", None)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, user id, path, traceback."""

    def format(self, record):
        entry = {
            "time": dt.datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "user_id": getattr(record, "user_id", None),
            "path": getattr(record, "path", None),
        }
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class IdleTimeoutMiddleware:
    """Logs out a user who sent no request for SESSION_IDLE_TIMEOUT minutes (0: never)."""

    # The last request's time is saved at most this often, not on every request.
    RESOLUTION = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        minutes = settings.SESSION_IDLE_TIMEOUT
        if minutes and request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_request_at", now)
            if now - last > minutes * 60:
                auth.logout(request)
                messages.info(
                    request,
                    _("Your session expired after %(minutes)d minutes without activity. Please log in again.")
                    % {"minutes": minutes},
                )
            elif now - last >= self.RESOLUTION or "last_request_at" not in request.session:
                request.session["last_request_at"] = now
        return self.get_response(request)
